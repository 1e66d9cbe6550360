"""What pipeline.analyse is given, gathered in one place so that every path that
scores -- load (and its workers), analyze jobs (CLI and web), extract, the SQL
functions -- scores the way rescore and rating changes do.

Not pure: reads the database (stored weights and ratings) and calls the plugins.
"""
from __future__ import annotations

import sqlite3
from typing import Optional

from . import config as plugin_config
from . import plugins
from .stored_scoring import StoredRatings, per_article_ratings, weights_unless_configured


def data_inputs(conn: Optional[sqlite3.Connection], config: Optional[dict]) -> dict:
    """The picklable part: weights (the configuration's, else those the database stored
    at its last rescore), stored ratings and the plugins' cue words. A bad weight or cue
    lexicon raises ValueError (ConfigError for weights)."""
    config = config or {}
    inputs = {"weights": plugin_config.weight_overrides(
        config, weights_unless_configured(conn, config))}
    if conn is not None:
        stored = StoredRatings.read(conn)
        inputs.update(ratings=stored.sources, outlet_ratings=stored.outlets)
    inputs["extra_lexicon"] = plugins.extra_lexicon(config)
    return inputs


def current_weights(conn: sqlite3.Connection, config: Optional[dict]):
    """The weights of data_inputs alone: the configuration's, else those stored at the
    database's last rescore (what a re-score after a rating change uses)."""
    return plugin_config.weight_overrides(config or {}, weights_unless_configured(conn, config))


def analysis_inputs(conn: Optional[sqlite3.Connection], config: Optional[dict]) -> dict:
    """Keyword arguments for pipeline.analyse: data_inputs plus the plugins' score adjusters."""
    return dict(data_inputs(conn, config), adjusters=plugins.score_adjusters(config or {}))


def article_ratings(conn: Optional[sqlite3.Connection]) -> dict:
    """article id -> (source name -> letter) for the rated sources known only in that
    article (sources.scope: "the mayor"); see ``for_article``."""
    if conn is None:
        return {}
    try:
        return per_article_ratings(conn)
    except sqlite3.Error:  # no sources table yet
        return {}


def for_article(analysis: dict, per_article: Optional[dict], aid: Optional[str]) -> dict:
    """analyse arguments for one article: its own rated sources join the shared ratings
    by name, so a (re-)extraction scores with a rating set earlier. The one place this
    merge is made: rescore takes a stored statement's ratings from here too."""
    own = (per_article or {}).get(aid)
    if not own:
        return analysis
    return dict(analysis, ratings={**(analysis.get("ratings") or {}), **own})
