"""What a provenance database remembers that scores depend on: the reliability ratings
of its sources and outlets, and the weight overrides of its last whole-database rescore.

Both ways of scoring read them from here -- a new extraction (analysis_inputs) and a
re-score of stored rows (rescore) -- so they score with the same ratings and weights.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Dict, Optional

from . import score as scoring
from .admiralty import DEFAULT_RELIABILITY
from .config import ConfigError
from .table_columns import column_names


def has_scope(conn: sqlite3.Connection) -> bool:
    """Whether sources has the scope column (databases from before it lack it until loaded)."""
    return "scope" in column_names(conn, "sources")


# Rated means other than the default letter (a parameter: it is defined in admiralty.py).
_RATED = "coalesce(reliability, ?) != ?"
_DEFAULTS = [DEFAULT_RELIABILITY, DEFAULT_RELIABILITY]


@dataclass(frozen=True)
class StoredRatings:
    """Every rating other than the default F, as scoring reads them."""
    # Source name -> letter, for sources shared across articles.
    sources: Dict[str, str]
    # Outlet name -> letter.
    outlets: Dict[str, str]
    # Article id -> (source name -> letter) for sources known only in that article
    # (sources.scope: "the mayor"), whose name other articles' sources share.
    per_article: Dict[str, Dict[str, str]]

    @classmethod
    def read(cls, conn: sqlite3.Connection) -> "StoredRatings":
        shared = " and scope is null" if has_scope(conn) else ""
        sources = {}
        if conn.execute("select 1 from sqlite_master where name = 'source_merges'").fetchone():
            # A name the identity pass merged into another source (identity.py) scores with
            # that source's rating when a new article cites it by that name.
            sources.update(conn.execute(
                f"select m.name, s.reliability from source_merges m join sources s"
                f" on s.id = m.canonical_id where {_RATED}", _DEFAULTS))
        sources.update(conn.execute(
            f"select name, reliability from sources where {_RATED}{shared}", _DEFAULTS))
        outlets = {}
        if conn.execute("select 1 from sqlite_master where name = 'outlets'").fetchone():
            outlets = dict(conn.execute(
                f"select name, reliability from outlets where {_RATED}", _DEFAULTS))
        return cls(sources, outlets, per_article_ratings(conn))


def per_article_ratings(conn: sqlite3.Connection) -> Dict[str, Dict[str, str]]:
    """StoredRatings.per_article alone (what a new extraction adds to the shared ratings)."""
    per_article: Dict[str, Dict[str, str]] = {}
    if has_scope(conn):
        for scope, name, letter in conn.execute(
                f"select scope, name, reliability from sources where scope is not null"
                f" and {_RATED}", _DEFAULTS):
            per_article.setdefault(scope, {})[name] = letter
    return per_article


class StoredWeightsError(ConfigError):
    """The weights a database stored at its last rescore cannot be read.

    Scoring stops with this error rather than fall back to the defaults: the database's
    rows were scored with the stored weights, so new rows scored with others would
    quietly disagree with them. A rescore with weights from a configuration replaces
    the stored value (the configuration's weights win, the broken value is not read)."""
    problem = ""  # what is wrong with the value, without the database file's path

    def web_message(self, database: str) -> str:
        """The error for a web page: the database by its name, not the server's file path."""
        return (f"The scoring weights stored in {database} (table provenance_scoring) cannot be "
                f"read ({self.problem}). Whoever runs this Datasette can replace them with "
                f"`datasette provenance rescore` and a configuration giving `weights` "
                f"(`weights: {{}}` for the defaults).")


def stored_weights(conn: sqlite3.Connection) -> Optional[dict]:
    """The weight overrides the last whole-database rescore used, or None (defaults).
    An unreadable stored value raises StoredWeightsError naming the database."""
    if not conn.execute("select 1 from sqlite_master where name = 'provenance_scoring'").fetchone():
        return None
    row = conn.execute("select value from provenance_scoring where key = 'weights'").fetchone()
    if not row:
        return None
    try:
        weights = json.loads(row[0]) if isinstance(row[0], (str, bytes)) else row[0]
        if not isinstance(weights, dict):
            raise ValueError(f"not a JSON object of weight names to numbers: {row[0]!r:.60}")
        scoring.merged_weights(weights)
    except ValueError as e:  # json.JSONDecodeError is one
        error = StoredWeightsError(
            f"{_file_of(conn)}: the scoring weights stored at its last rescore (table "
            f"provenance_scoring, key 'weights') are unreadable: {e}. Replace them with "
            f"`datasette provenance rescore DB -c CONFIG`, CONFIG giving `weights` "
            f"(`weights: {{}}` for the defaults)")
        # What is wrong, without the file's path (web pages name the database instead).
        error.problem = str(e)
        raise error from None
    return weights


def weights_unless_configured(conn: Optional[sqlite3.Connection],
                              config: Optional[dict]) -> Optional[dict]:
    """stored_weights, or None when there is no database or the configuration gives
    ``weights`` (they win: the stored value is not read, so a rescore with -c can
    replace a broken one)."""
    if conn is None or "weights" in (config or {}):
        return None
    return stored_weights(conn)


def _file_of(conn: sqlite3.Connection) -> str:
    """The file of the connection's main database (for messages)."""
    for _, name, path in conn.execute("pragma database_list"):
        if name == "main":
            return path or "the in-memory database"
    return "the database"


def remember_weights(conn: sqlite3.Connection, weights: Optional[dict]) -> None:
    """Record the overrides a whole-database rescore used, so later loads and rating
    changes made without the configuration score the same way."""
    conn.execute("create table if not exists provenance_scoring (key text primary key, value text)")
    conn.execute("insert or replace into provenance_scoring (key, value) values ('weights', ?)",
                 [json.dumps(weights or {}, sort_keys=True)])


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
