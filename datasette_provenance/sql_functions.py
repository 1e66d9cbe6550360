"""SQL functions registered on every Datasette connection (prepare_connection).

    select provenance_extract(body) from my_articles     -- the extract contract JSON
    select provenance_score(body), provenance_grade(body) from my_articles

NULL in, NULL out; BLOBs are decoded as UTF-8 (bad bytes replaced) so a stray blob
column cannot abort a whole query. ``analysis`` holds keyword arguments for
pipeline.analyse gathered by the caller (the plugins' ``extra_lexicon``...), so the
functions read text the way ``load`` does.
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


def register(conn: sqlite3.Connection, **analysis) -> None:
    for name, fn in (("provenance_extract", provenance_extract),
                     ("provenance_score", provenance_score),
                     ("provenance_grade", provenance_grade)):
        conn.create_function(name, 1, functools.partial(fn, **analysis) if analysis else fn,
                             deterministic=True)


def register_for_datasette(conn: sqlite3.Connection, datasette, database: str) -> None:
    """register() with what load would use for this database: the plugin configuration's
    weights (else those stored at its last rescore) and its stored ratings, read when the
    connection opens, plus the plugins' cue words and score adjustments."""
    import warnings

    from .analysis_inputs import analysis_inputs
    from .config import PLUGIN

    config = datasette.plugin_config(PLUGIN, database=database) or {}
    try:
        try:
            analysis = analysis_inputs(conn, config)
        except sqlite3.Error:  # not a provenance database: nothing stored to agree with
            analysis = analysis_inputs(None, config)
    except ValueError as e:  # a bad weight or plugin must not take the database down
        warnings.warn(f"datasette-provenance SQL functions use the default scoring: {e}")
        analysis = {}
    register(conn, **analysis)
