"""provenance_facet_counts: statements counted per combination of the statements table's
default facet columns, so the default facets never count a million rows per request.

One row per combination present (NULLs included: a NULL is a value of the combination),
``n`` statements each; a few dozen to a few thousand rows. Any default facet, unfiltered
or filtered by equality on other facet columns, is a GROUP BY over this small table
(``facet_class.CountsFacet`` serves them that way).

Kept exactly current in the statements' own transaction: ``store.Writer`` adds each
batch's inserted statements and takes away deleted ones (``add``), a trigger moves a
statement between combinations when an UPDATE changes one of the columns (rescoring, a
rating change), ``store.ensure_schema`` creates and fills it for older databases (with
its trigger, in one transaction) and ``checks`` compares it with a GROUP BY over the statements. SQL only, no Datasette.
"""
from __future__ import annotations

from typing import Iterable, Tuple

from .table_columns import column_names

TABLE = "provenance_facet_counts"
# The statements columns counted: its default facets. TEXT in statements but claim
# (1/0, text/claims.py), which keeps its INTEGER type here so values compare as there.
COLUMNS = ("sourcing", "grade", "cue_kind", "source_kind", "outlet", "claim")
_TYPES = {"claim": "INTEGER"}

_COLUMN_LIST = ", ".join(f'"{c}"' for c in COLUMNS)
_COLUMN_DEFS = ", ".join(f'"{c}" ' + _TYPES.get(c, "TEXT") for c in COLUMNS)
# IS, not =, so that NULL matches NULL (and it still uses the index).
_MATCH = " AND ".join(f'"{c}" IS ?' for c in COLUMNS)


def create(conn) -> None:
    """The table and its lookup index (not unique: NULLs would be distinct in it anyway;
    ``add`` never inserts a combination that is already there)."""
    conn.execute(f"CREATE TABLE {TABLE} ({_COLUMN_DEFS}, "
                 "n INTEGER NOT NULL)")
    conn.execute(f"CREATE INDEX idx_{TABLE}_combination ON {TABLE} ({_COLUMN_LIST})")


def counts_select(id_range: bool = False) -> str:
    """SQL giving (COLUMNS..., n) from the statements;
    with ``id_range`` only those with :lo <= id <= :hi (what a writer's batch added)."""
    where = " WHERE id BETWEEN :lo AND :hi" if id_range else ""
    return f"SELECT {_COLUMN_LIST}, count(*) FROM statements{where} GROUP BY {_COLUMN_LIST}"


def current(conn) -> bool:
    """Whether the table counts every one of COLUMNS (one from before claim does not)."""
    return set(COLUMNS) <= column_names(conn, TABLE)


def fill(conn) -> None:
    """Count every stored statement into an empty table."""
    conn.execute(f"INSERT INTO {TABLE} ({_COLUMN_LIST}, n) {counts_select()}")


def add(conn, deltas: Iterable[Tuple[tuple, int]]) -> None:
    """Add n (negative: take away) to each combination; drop combinations that reach 0."""
    emptied = []
    for combination, n in deltas:
        if not n:
            continue
        if conn.execute(f"UPDATE {TABLE} SET n = n + ? WHERE {_MATCH}",
                        [n, *combination]).rowcount == 0:
            conn.execute(f"INSERT INTO {TABLE} ({_COLUMN_LIST}, n) "
                         f"VALUES ({', '.join('?' * (len(COLUMNS) + 1))})",
                         [*combination, n])
        if n < 0:
            emptied.append(tuple(combination))
    if emptied:
        conn.executemany(f"DELETE FROM {TABLE} WHERE {_MATCH} AND n <= 0", emptied)


TRIGGER = f"{TABLE}_update"


def trigger_sql() -> str:
    """The trigger that keeps the table current: an UPDATE of statements that changes a
    counted column moves the statement from its old combination to its new one (inserts
    and deletes go through the Writer). ``store`` installs it with the table."""
    def match(row):
        return " AND ".join(f'"{c}" IS {row}."{c}"' for c in COLUMNS)

    new_values = ", ".join(f'NEW."{c}"' for c in COLUMNS)
    changed = " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in COLUMNS)
    return (
        f"CREATE TRIGGER {TRIGGER} AFTER UPDATE OF {_COLUMN_LIST} ON statements "
        f"WHEN {changed} BEGIN "
        f"INSERT INTO {TABLE} ({_COLUMN_LIST}, n) SELECT {new_values}, 0 "
        f"WHERE NOT EXISTS (SELECT 1 FROM {TABLE} WHERE {match('NEW')}); "
        f"UPDATE {TABLE} SET n = n + 1 WHERE {match('NEW')}; "
        f"UPDATE {TABLE} SET n = n - 1 WHERE {match('OLD')}; "
        f"DELETE FROM {TABLE} WHERE {match('OLD')} AND n <= 0; "
        "END")


def problems(conn):
    """How the stored counts differ from a GROUP BY over the statements (``checks``)."""
    stored, seen = {}, set()
    for *combination, n in conn.execute(f"SELECT {_COLUMN_LIST}, n FROM {TABLE}"):
        key = tuple(combination)
        if key in seen:
            yield f"{TABLE} {key}: more than one row"
        seen.add(key)
        stored[key] = stored.get(key, 0) + n
        if n <= 0:
            yield f"{TABLE} {key}: n = {n}"
    actual = {tuple(row[:-1]): row[-1] for row in conn.execute(counts_select())}
    for key in sorted(set(stored) | set(actual), key=repr):
        if stored.get(key, 0) != actual.get(key, 0):
            yield (f"{TABLE} {key}: says {stored.get(key, 0)}, "
                   f"statements have {actual.get(key, 0)}")
