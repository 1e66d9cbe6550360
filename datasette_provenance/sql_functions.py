"""SQL functions registered on every Datasette connection (prepare_connection).

    select provenance_extract(body) from my_articles     -- the extract contract JSON
    select provenance_score(body), provenance_grade(body) from my_articles

NULL in, NULL out; BLOBs are decoded as UTF-8 (bad bytes replaced) so a stray blob
column cannot abort a whole query. ``analysis`` holds keyword arguments for
pipeline.analyse gathered by the caller (the plugins' ``extra_lexicon``...), so the
functions read text the way ``load`` does; under Datasette they are re-read when the
database changes, so a rating change shows in the next call.
"""
from __future__ import annotations

import functools
import json
import sqlite3
from typing import Optional

from .model import Article
from .pipeline import analyse, contract
from .score import grade_for


def _as_text(value) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def provenance_extract(value, **analysis) -> Optional[str]:
    """The extract contract object (path/title null) for this text, as JSON."""
    text = _as_text(value)
    if text is None:
        return None
    return json.dumps(contract(analyse(Article(text=text), **analysis)), ensure_ascii=False)


def provenance_score(value, **analysis) -> Optional[float]:
    """Mean score (0-100) of the text's statements; NULL for NULL or empty text."""
    text = _as_text(value)
    if text is None:
        return None
    scores = [s.score for s in analyse(Article(text=text), **analysis).statements
              if s.score is not None]
    if not scores:
        return None
    return round(sum(scores) / len(scores), 1)


def provenance_grade(value, **analysis) -> Optional[str]:
    """The grade letter of provenance_score(text)."""
    mean = provenance_score(value, **analysis)
    return None if mean is None else grade_for(mean)


def register(conn: sqlite3.Connection, current=None, **analysis) -> None:
    """Register the functions on ``conn``. ``current`` (a callable returning analyse
    keyword arguments) is asked on every call, for inputs that follow the database;
    else ``analysis`` is used as it is."""
    for name, fn in (("provenance_extract", provenance_extract),
                     ("provenance_score", provenance_score),
                     ("provenance_grade", provenance_grade)):
        if current is not None:
            bound = functools.partial(_with_current, fn, current)
        else:
            bound = functools.partial(fn, **analysis) if analysis else fn
        # Not deterministic=True: the result follows ratings and weights stored in the
        # database, so the same text can score differently after a rating change. Inside one
        # statement that would be harmless (SQLite only factors a deterministic call with
        # constant arguments out of the loop, once per run of the statement), but the flag
        # also lets SQLite accept the function in an index expression, a partial index's
        # WHERE or a generated column, whose stored values it trusts forever: after a
        # rating change an index on provenance_grade(text) would answer with old grades.
        # Without the flag SQLite refuses those uses ("non-deterministic functions
        # prohibited"); the cost is only that a constant call is no longer hoisted.
        conn.create_function(name, 1, bound)


def _with_current(fn, current, value):
    return fn(value, **current())


class CurrentInputs:
    """analyse keyword arguments that follow the stored ratings and weights.

    Re-read only when the database changed since the last call: ``PRAGMA data_version``
    moves when another connection (Datasette's write connection, the ``rate`` CLI)
    commits, ``total_changes`` when this one writes. Both are cheap; a rating change
    is then seen by the next call on the same connection, no reconnect needed.
    """

    def __init__(self, conn: sqlite3.Connection, config: dict, read):
        self.conn, self.config, self.read = conn, config, read
        self.version = None
        self.inputs: dict = {}

    def _version(self):
        try:
            return self.conn.execute("PRAGMA data_version").fetchone()[0], self.conn.total_changes
        except sqlite3.Error:
            return self.version

    def __call__(self) -> dict:
        version = self._version()
        if version != self.version or self.version is None:
            self.inputs = self.read(self.conn, self.config, self.inputs)
            self.version = version
        return self.inputs


def _read_inputs(conn: sqlite3.Connection, config: dict, previous: dict) -> dict:
    import warnings

    from .analysis_inputs import analysis_inputs

    try:
        try:
            return analysis_inputs(conn, config)
        except sqlite3.Error:  # not a provenance database: nothing stored to agree with
            return analysis_inputs(None, config)
    except ValueError as e:  # a bad weight or plugin must not take the database down
        warnings.warn(f"datasette-provenance SQL functions use the default scoring: {e}")
        return previous or {}


def register_for_datasette(conn: sqlite3.Connection, datasette, database: str) -> None:
    """register() with what load would use for this database: the plugin configuration's
    weights (else those stored at its last rescore) and its stored ratings, as they are
    when the function is called (CurrentInputs), plus the plugins' cue words and score
    adjustments."""
    from .config import PLUGIN

    config = datasette.plugin_config(PLUGIN, database=database) or {}
    register(conn, current=CurrentInputs(conn, config, _read_inputs))
