"""Reliability ratings in the database: outlets, the audit table, and edits.

Every change of a rating goes through ``set_rating``: it validates the letter,
updates the source or outlet row, writes a ``rating_changes`` row (who, when, target,
old, new, note) and re-scores exactly the statements whose chain includes that source
(or whose article that outlet published), all in one transaction. Nothing else in
the package writes ``reliability``.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Iterable, List, Optional, Union

import sqlite_utils

from . import identity
from . import rescore as rescoring
from .admiralty import DEFAULT_RELIABILITY, RELIABILITY_LETTERS
from .model import Rating
from .ratings_io import validate_letter, validate_note, validate_target, validate_text
from .stored_scoring import has_scope

TABLE = {"source": "sources", "outlet": "outlets"}
# The largest row id SQLite can hold: a longer number is no id (binding it would raise
# OverflowError), so it is looked up as a name.
MAX_ROW_ID = 2 ** 63 - 1


def row_id(text) -> Optional[int]:
    """``text`` as a row id, or None when it is not digits or too large for SQLite."""
    text = str(text).strip()
    return int(text) if text.isdigit() and int(text) <= MAX_ROW_ID else None


class RatingError(ValueError):
    """A rating edit that cannot be made (unknown target, bad letter)."""


@dataclass
class RatingChange:
    target: str
    target_id: int
    name: str
    old: str
    new: str
    note: Optional[str]
    changed: bool
    # Statements re-scored because their chain includes the target.
    rescored: List[int] = field(default_factory=list)


def ensure_rating_schema(db: sqlite_utils.Database) -> None:
    """The outlets and rating_changes tables; outlets backfilled from articles."""
    if "outlets" not in db.table_names():
        db["outlets"].create(
            {"id": int, "name": str, "reliability": str, "notes": str},
            pk="id", not_null={"name"}, defaults={"reliability": DEFAULT_RELIABILITY},
        )
    if "rating_changes" not in db.table_names():
        db["rating_changes"].create(
            {"id": int, "changed_at": str, "who": str, "target_type": str, "target_id": int,
             "target_name": str, "old_reliability": str, "new_reliability": str, "note": str,
             "statements_rescored": int},
            pk="id",
        )
    # Outside the ifs: a load killed between creating a table and its indexes gets them
    # on its next run (without the unique name, `insert or ignore` would add duplicates).
    db["outlets"].create_index(["name"], unique=True, if_not_exists=True)
    db["outlets"].create_index(["reliability"], if_not_exists=True)
    db["rating_changes"].create_index(["target_type", "target_id"], if_not_exists=True)
    _guard_triggers(db)
    if "articles" in db.table_names():
        with db.conn:
            db.execute("insert or ignore into outlets (name) select distinct outlet from articles"
                       " where outlet is not null and outlet != ''")


LETTERS_SQL = "(" + ", ".join(f"'{letter}'" for letter in RELIABILITY_LETTERS) + ")"
# The default letter as an SQL literal: an unrated (NULL) row reads as it.
DEFAULT_SQL = f"'{DEFAULT_RELIABILITY}'"
LETTERS_MESSAGE = "reliability must be one of " + ", ".join(RELIABILITY_LETTERS)
NOW_SQL = "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')"
DIRECT_WHO = "direct SQL (not re-scored: run datasette provenance rescore)"


def _guard_triggers(db: sqlite_utils.Database) -> None:
    """Database-level guarantees, whoever writes (the JSON write API, a SQL shell):
    a reliability outside A-F is refused, and any change of a rating or its note leaves
    a rating_changes row. set_rating's own UPDATE fires the same trigger and then fills
    in who and how many statements it re-scored."""
    for target, table in TABLE.items():
        if table not in db.table_names():
            continue
        audit = (f"INSERT INTO rating_changes (changed_at, who, target_type, target_id, target_name,"
                 f" old_reliability, new_reliability, note) VALUES ({NOW_SQL}, '{DIRECT_WHO}',"
                 f" '{target}', new.id, new.name, {{old}}, coalesce(new.reliability, {DEFAULT_SQL}), new.notes);")
        db.executescript(f"""
            CREATE TRIGGER IF NOT EXISTS {table}_reliability_valid_insert
            BEFORE INSERT ON {table}
            WHEN new.reliability IS NOT NULL AND new.reliability NOT IN {LETTERS_SQL}
            BEGIN SELECT RAISE(ABORT, '{LETTERS_MESSAGE}'); END;
            CREATE TRIGGER IF NOT EXISTS {table}_reliability_valid_update
            BEFORE UPDATE OF reliability ON {table}
            WHEN new.reliability IS NULL OR new.reliability NOT IN {LETTERS_SQL}
            BEGIN SELECT RAISE(ABORT, '{LETTERS_MESSAGE}'); END;
            CREATE TRIGGER IF NOT EXISTS {table}_rating_audit_update
            AFTER UPDATE OF reliability, notes ON {table}
            WHEN old.reliability IS NOT new.reliability OR old.notes IS NOT new.notes
            BEGIN {audit.format(old=f"coalesce(old.reliability, {DEFAULT_SQL})")} END;
            CREATE TRIGGER IF NOT EXISTS {table}_rating_audit_insert
            AFTER INSERT ON {table}
            WHEN coalesce(new.reliability, {DEFAULT_SQL}) != {DEFAULT_SQL} OR new.notes IS NOT NULL
            BEGIN {audit.format(old=DEFAULT_SQL)} END;
        """)


def find_target(conn: sqlite3.Connection, target: str, key: Union[int, str],
                scope: Optional[str] = None):
    """(id, name, reliability, notes) of a source or outlet by id, name or alias, or None.
    ``scope``: the source of that name known only in that article (sources.scope)."""
    table = TABLE[validate_target(target)]
    columns = f"id, name, coalesce(reliability, {DEFAULT_SQL}), notes"
    key_text = str(key).strip()
    if scope is not None:
        if table != "sources" or not has_scope(conn):
            return None
        return conn.execute(f"select {columns} from sources where name = ? and scope = ?",
                            [key_text, scope]).fetchone()
    if row_id(key_text) is not None:
        row = conn.execute(f"select {columns} from {table} where id = ?", [int(key_text)]).fetchone()
        merged = identity.canonical_id(conn, int(key_text)) if row is None and table == "sources" \
            else None
        if merged is not None:  # a source the identity pass merged: rate the one it is now
            row = conn.execute(f"select {columns} from sources where id = ?", [merged]).fetchone()
        if row:
            return row
    # A name means a source known across articles: an article's own "the mayor"
    # (sources.scope set) shares its name with other articles' and is rated by id.
    shared = " and scope is null" if table == "sources" and has_scope(conn) else ""
    row = conn.execute(f"select {columns} from {table} where name = ?{shared}", [key_text]).fetchone()
    if row is None:
        row = conn.execute(
            f"select {columns} from {table} where name = ? collate nocase{shared}", [key_text]).fetchone()
    if row is None and table == "sources" and identity.has_tables(conn):
        row = conn.execute(
            f"select {columns} from sources where id = (select canonical_id from {identity.MERGES}"
            " where name = ? collate nocase limit 1)", [key_text]).fetchone()
    if row is None and table == "sources":
        rows = conn.execute(
            f"select {columns} from sources where id in (select a.source_id from source_aliases a"
            f" join sources on sources.id = a.source_id where alias = ? collate nocase{shared})"
            " order by name, id", [key_text]).fetchall()
        if len(rows) > 1:
            # ("senator" for Ted Cruz in one article, Bernie Sanders in another): rating
            # whichever came first would move the wrong person's scores without a word.
            named = ", ".join(f"'{name}' (id {sid})" for sid, name, *_ in rows)
            raise RatingError(f"{key_text!r} is an alias of {len(rows)} sources: {named}; "
                              "give the name or id of the one you mean")
        row = rows[0] if rows else None
    return row


def affected_statements(conn: sqlite3.Connection, target: str, target_id: int) -> List[int]:
    """Statements whose chain includes the source, or whose article the outlet published."""
    if target == "source":
        sql = ("select statement_id from attributions where source_id = :id"
               " union select id from statements where source_id = :id")
    else:
        sql = ("select s.id from statements s join articles a on a.id = s.article_id"
               " join outlets o on o.name = a.outlet where o.id = :id")
    return sorted(r[0] for r in conn.execute(sql, {"id": target_id}))


def set_rating(conn: sqlite3.Connection, target: str, key: Union[int, str], reliability: str,
               note: Optional[str] = None, who: str = "unknown", weights=None, adjusters=(),
               create: bool = False, scope: Optional[str] = None) -> RatingChange:
    """Rate a source or outlet, audit it and re-score its statements, in one transaction.

    ``note`` None keeps the current note. ``create`` adds a missing outlet (or a
    source not yet seen, so that shared ratings apply when it is loaded later).
    Setting the same letter and note again changes nothing and writes no row.
    """
    with conn:
        return _rate(conn, target, key, reliability, note, who, weights, adjusters, create, scope)


def apply_ratings(conn: sqlite3.Connection, ratings: Iterable[Rating], who: str,
                  weights=None, adjusters=(), create: bool = True) -> List[RatingChange]:
    """set_rating for each, all in one transaction: one that fails and none is applied."""
    with conn:
        return [_rate(conn, r.target, r.name, r.reliability, r.note, who, weights, adjusters,
                      create, r.scope) for r in ratings]


def _near_misses(conn, target, key) -> str:
    """What the rater may have meant: the outlet of that name (without --outlet, or the
    source with it), or names containing the key ("Gerasimov" -> "Valery Gerasimov")."""
    key_text = str(key).strip()
    other = "outlet" if target == "source" else "source"
    try:
        found = bool(key_text) and find_target(conn, other, key_text) is not None
    except RatingError:  # an alias several sources share: a source of that name exists
        found = True
    if found:
        return ("; there is an outlet of that name: rate it with --outlet" if other == "outlet"
                else "; there is a source of that name: rate it without --outlet")
    if len(key_text) < 3 or key_text.isdigit():
        return ""
    names = [f"{name!r} (#{sid})" for sid, name in conn.execute(
        f"select id, name from {TABLE[target]} where name like ? escape '\\' order by name, id limit 6",
        ["%" + key_text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"])]
    if not names:
        return ""
    more = ", ..." if len(names) > 5 else ""
    return f"; did you mean {', '.join(names[:5])}{more}?"


def _rate(conn, target, key, reliability, note, who, weights, adjusters, create,
          scope=None) -> RatingChange:
    """set_rating's work, inside the caller's transaction."""
    target = validate_target(target)
    letter = validate_letter(reliability)
    note = validate_note(note) if note else note  # ("" still clears the note)
    validate_text(str(key), "the name")
    if not str(key).strip():  # ("no source '' in this database" read as a lookup that failed)
        raise RatingError(f"the {target} to rate is empty: give its name"
                          f"{', an alias' if target == 'source' else ''} or its id")
    row = find_target(conn, target, key, scope)
    if row is None and create and not str(key).strip().isdigit():
        if scope is None:
            conn.execute(f"insert into {TABLE[target]} (name, reliability) values (?, ?)",
                         [str(key).strip(), DEFAULT_RELIABILITY])
        elif target == "source" and has_scope(conn):
            # That article's own source, before the article is loaded (the load finds it).
            conn.execute("insert into sources (name, reliability, scope) values (?, ?, ?)",
                         [str(key).strip(), DEFAULT_RELIABILITY, scope])
        row = find_target(conn, target, key, scope)
    if row is None:
        if scope is not None:
            raise RatingError(f"no {target} {key!r} of article {scope!r} in this database")
        raise RatingError(f"no {target} {key!r} in this database{_near_misses(conn, target, key)}")
    target_id, name, old, old_note = row
    new_note = old_note if note is None else (note.strip() or None)
    change = RatingChange(target, target_id, name, old, letter, new_note,
                          changed=(old, old_note) != (letter, new_note))
    if not change.changed:
        return change
    # The audit trigger writes the row; this transaction then says who and what moved.
    conn.execute(f"update {TABLE[target]} set reliability = ?, notes = ? where id = ?",
                 [letter, new_note, target_id])
    change.rescored = affected_statements(conn, target, target_id)
    rescoring.rescore(conn, change.rescored, weights, adjusters)
    conn.execute(
        "update rating_changes set who = ?, statements_rescored = ? where id = (select max(id)"
        " from rating_changes where target_type = ? and target_id = ?)",
        [who, len(change.rescored), target, target_id])
    return change


def history_ids_sql(conn: sqlite3.Connection, target: str) -> str:
    """SQL condition on rating_changes.target_id for one target (the ``?`` after the
    target type): the id, and for a source the ids merged into it."""
    if target == "source" and identity.has_tables(conn):
        return (f"(target_id = ?2 or target_id in (select old_id from {identity.MERGES}"
                " where canonical_id = ?2))")
    return "target_id = ?2"


def all_ratings(conn: sqlite3.Connection, include_unrated: bool = False) -> List[Rating]:
    """Every source and outlet rating, for export (F without a note is left out by default)."""
    found = []
    for target, table in TABLE.items():
        # A source known only in one article goes with its article's id (Rating.scope).
        scope = "scope" if table == "sources" and has_scope(conn) else "null"
        for name, letter, note, scope_id in conn.execute(
                f"select name, coalesce(reliability, {DEFAULT_SQL}), notes, {scope} from {table}"
                f" order by name, {scope} is not null, {scope}"):
            if include_unrated or letter != DEFAULT_RELIABILITY or note:
                found.append(Rating(name=name, reliability=letter, target=target, note=note,
                                    scope=scope_id))
    return found


def history(conn: sqlite3.Connection, target: str, target_id: int) -> List[dict]:
    """The audit rows of one source or outlet, newest first (a source's include those of
    the rows the identity pass merged into it)."""
    cursor = conn.execute(
        "select id, changed_at, who, old_reliability, new_reliability, note, statements_rescored"
        f" from rating_changes where target_type = ? and {history_ids_sql(conn, target)}"
        " order by id desc", [target, target_id])
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, r)) for r in cursor]
