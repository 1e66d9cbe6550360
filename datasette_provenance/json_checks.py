"""The JSON the store keeps in text columns, checked for `datasette provenance check`:
each value must parse and have the shape its readers expect. A problem names the table,
the row (its id) and the column: ``statements row 12 hedges: item 1 is 5, not ...``.

Shapes are those the store (and jobs, stored_scoring, identity) write; NULL is always allowed
(nothing there, or a row from before the column).
"""
from __future__ import annotations

import json
from typing import Callable, Iterator, Optional

from .store import column_names

Shape = Callable[[object], Optional[str]]  # the problem with a parsed value, or None


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _items(what: str, item_problem: Callable[[object], Optional[str]]) -> Shape:
    """A JSON list whose every item passes ``item_problem``."""
    def shape(value):
        if not isinstance(value, list):
            return f"{_short(value)} is not a JSON list of {what}"
        for n, item in enumerate(value, 1):
            problem = item_problem(item)
            if problem:
                return f"item {n} is {_short(item)}, not {problem}"
        return None
    return shape


def _text(item) -> Optional[str]:
    return None if isinstance(item, str) else "a text"


def hedge_problem(item) -> Optional[str]:
    # {start, end, text}; older rows kept the hedge's words only
    if isinstance(item, str) or (isinstance(item, dict) and _is_int(item.get("start"))
                                 and _is_int(item.get("end"))
                                 and isinstance(item.get("text"), str)):
        return None
    return "a text or a {start, end, text} span"


def _piece(item) -> Optional[str]:
    if isinstance(item, list) and len(item) == 2 and all(map(_is_int, item)) \
            and 0 <= item[0] < item[1]:
        return None
    return "[start, end] offsets of a content piece"


def _pieces(value) -> Optional[str]:
    problem = _items("[start, end] content pieces", _piece)(value)
    if problem is None and len(value) < 2:
        return "fewer than two content pieces (a content in one piece is NULL)"
    return problem


def _object(value) -> Optional[str]:
    return None if isinstance(value, dict) else f"{_short(value)} is not a JSON object"


def _weights(value) -> Optional[str]:
    if not isinstance(value, dict):
        return _object(value)
    for name, weight in value.items():
        if not isinstance(weight, (int, float)) or isinstance(weight, bool):
            return f"weight {name!r} is {_short(weight)}, not a number"
    return None


# (table, row id column, column, shape)
COLUMNS = (
    ("statements", "id", "reasons", _items("reasons in words", _text)),
    ("statements", "id", "hedges", _items("hedges", hedge_problem)),
    ("attributions", "id", "content_parts", _pieces),
    ("articles", "id", "extra", _object),
    ("provenance_scoring", "key", "value", _weights),
    ("provenance_jobs", "id", "options", _object),
    ("provenance_jobs", "id", "actor", _object),
    ("provenance_jobs", "id", "row_errors", _items("row errors", _object)),
    # identity.py's record: the names a merged row brought, the sources a name may stand for
    ("source_merges", "old_id", "aliases", _items("names", _text)),
    ("source_ambiguities", "source_id", "candidates", _items("names", _text)),
)


_UNKNOWN = object()
_KNOWN_LIMIT = 100_000  # values remembered per column (bounds memory on odd data)
# Only short values are remembered: the shared ones are (reasons, hedges); a long one
# (an article's `extra` keeping a scraped page) is as good as unique, and 100k of those
# held the whole column in memory.
_KNOWN_MAX_CHARS = 1_000


def problems(conn, tables) -> Iterator[str]:
    """Every stored JSON value that does not parse or has the wrong shape."""
    for table, row_id, column, problem in bad_values(conn, tables):
        yield f"{table} row {row_id} {column}: {problem}"


def bad_values(conn, tables) -> Iterator[tuple]:
    """(table, row id, column, problem) of each such value (repair.py re-extracts the
    articles of bad statements and attributions rows)."""
    for table, key, column, shape in COLUMNS:
        if table not in tables or column not in column_names(conn, table):
            continue  # a database from before the table or the column
        # A column holds few distinct values (a million statements' reasons: ~13k): each
        # is parsed once (the problem is a function of the value alone).
        known = {}
        for row_id, raw in conn.execute(
                f'select "{key}", "{column}" from "{table}" where "{column}" is not null'):
            problem = known.get(raw, _UNKNOWN)
            if problem is _UNKNOWN:
                problem = _problem(raw, shape)
                if len(known) < _KNOWN_LIMIT and len(str(raw)) <= _KNOWN_MAX_CHARS:
                    known[raw] = problem
            if problem:
                yield table, row_id, column, problem


# The key an unreadable articles.extra is kept under (check --repair, re-extraction): the
# metadata cannot be derived again from the text, so it is kept as written, not dropped.
UNREADABLE_EXTRA = "unreadable_extra"


def extra_object(raw) -> dict:
    """articles.extra as the object it should be: {} for NULL, else the parsed object,
    else {UNREADABLE_EXTRA: the value as stored}."""
    if raw is None or raw == "":
        return {}
    if isinstance(raw, str):
        try:
            value = json.loads(raw)
        except ValueError:
            value = None
        if isinstance(value, dict):
            return value
    elif isinstance(raw, bytes):
        raw = raw.decode("utf-8", "backslashreplace")
    return {UNREADABLE_EXTRA: raw}


def _problem(raw, shape: Shape) -> Optional[str]:
    if not isinstance(raw, str):
        return f"{_short(raw)} is not JSON text"
    try:
        value = json.loads(raw)
    except ValueError as e:
        return f"not JSON ({e.msg}): {_short(raw)}"
    return shape(value)


def _short(value, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."
