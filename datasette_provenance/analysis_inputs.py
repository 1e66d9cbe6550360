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
from .rescore import scoped_ratings, scoring_inputs, stored_weights


def data_inputs(conn: Optional[sqlite3.Connection], config: Optional[dict]) -> dict:
    """The picklable part: weights (the configuration's, else those the database stored
    at its last rescore), stored ratings and the plugins' cue words. A bad weight or cue
    lexicon raises ValueError (ConfigError for weights)."""
    config = config or {}
    inputs = scoring_inputs(conn) if conn is not None else {"weights": None}
    inputs["weights"] = plugin_config.weight_overrides(config, inputs["weights"])
    inputs["extra_lexicon"] = plugins.extra_lexicon(config)
    return inputs


def current_weights(conn: sqlite3.Connection, config: Optional[dict]):
    """The weights of data_inputs alone: the configuration's, else those stored at the
    database's last rescore (what a re-score after a rating change uses)."""
    return plugin_config.weight_overrides(config or {}, stored_weights(conn))


def analysis_inputs(conn: Optional[sqlite3.Connection], config: Optional[dict]) -> dict:
    """Keyword arguments for pipeline.analyse: data_inputs plus the plugins' score adjusters."""
    return dict(data_inputs(conn, config), adjusters=plugins.score_adjusters(config or {}))


def article_ratings(conn: Optional[sqlite3.Connection]) -> dict:
    """article id -> (source name -> letter) for the rated sources known only in that
    article (sources.scope: "the mayor"); see ``for_article``."""
    if conn is None:
        return {}
    try:
        return scoped_ratings(conn)
    except sqlite3.Error:  # no sources table yet
        return {}


def for_article(analysis: dict, per_article: Optional[dict], aid: Optional[str]) -> dict:
    """analyse arguments for one article: its own rated sources join the shared ratings
    by name, as rescore does, so a (re-)extraction scores with a rating set earlier."""
    own = (per_article or {}).get(aid)
    if not own:
        return analysis
    return dict(analysis, ratings={**(analysis.get("ratings") or {}), **own})


def ratings_version(conn: sqlite3.Connection):
    """Changes whenever a rating or the stored weights change: every rating change leaves
    a rating_changes row (ratings.py's triggers see to it), a rescore with new weights
    rewrites provenance_scoring. Two primary-key reads."""
    version = []
    for sql in ("select max(id) from rating_changes",
                "select value from provenance_scoring where key = 'weights'"):
        try:
            row = conn.execute(sql).fetchone()
        except sqlite3.Error:  # table not there (yet)
            row = None
        version.append(row[0] if row else None)
    return tuple(version)
