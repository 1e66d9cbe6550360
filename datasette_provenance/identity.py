"""The database-level identity pass: one ``sources`` row per real source.

Extraction names a source per article ("Berg" in an article that never says more,
"Tom Berg" in another). After every load and analyze batch -- and on demand with
``datasette provenance identify DB`` -- ``resolve`` decides from the set of every cited
name alone (source_identity.targets) which names stand for another, then makes the
rows say so, in one transaction (a crash leaves the state before it):

- ``attributions.source_name`` keeps the name the article's extraction gave each hop;
  ``attributions.source_id`` / ``statements.source_id`` point at the row of the real
  source, so every count, facet, page and rating keyed by source id sees it once;
- a row whose name stands for another is merged into it and deleted: its aliases move
  over, and ``source_merges`` (old_id -> canonical_id) keeps the old id resolving
  (the source page redirects) and records the aliases the merge added, so that they go
  again when the name stops being cited or stops standing for that source (a changed
  article): then the name is a row of its own again, under its old id;
- ratings: a merged row's rating applies to the canonical one. If both were rated
  differently, the more recently changed rating wins (the later ``rating_changes``
  row; the canonical's on a tie); either way a ``rating_changes`` row on the canonical
  source records the merge. A row split off again takes the canonical's rating.
  Statements whose source moved, or whose source's rating changed, are re-scored;
- names that could stand for several full names ("Berg": "Tom Berg", "Ann Berg") stay
  their own rows and are listed in ``source_ambiguities``.

The result depends only on the cited names, never on load order, and a second run
changes nothing.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set, Tuple

from .admiralty import DEFAULT_RELIABILITY
from .source_identity import targets

MERGES = "source_merges"
AMBIGUITIES = "source_ambiguities"
WHO = "provenance identify"


# The id of a new sources row named ? (scope ?): a name merged away gets its old id back;
# any other a fresh one, never a merged row's (whose old id must keep resolving).
NEW_ID_SQL = (f"coalesce((select old_id from {MERGES} where name = ? and ? is null),"
              f" max((select coalesce(max(id), 0) from sources),"
              f" (select coalesce(max(old_id), 0) from {MERGES})) + 1)")


def ensure_schema(conn: sqlite3.Connection) -> None:
    conn.execute(
        f"create table if not exists {MERGES} (old_id integer primary key, name text not null,"
        " kind text, canonical_id integer not null, aliases text not null default '[]',"
        " merged_at text)")
    conn.execute(f"create unique index if not exists idx_{MERGES}_name on {MERGES} (name)")
    conn.execute(f"create index if not exists idx_{MERGES}_canonical on {MERGES} (canonical_id)")
    conn.execute(
        f"create table if not exists {AMBIGUITIES} (source_id integer primary key,"
        " name text not null, candidates text not null)")


def has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("select 1 from sqlite_master where name = ?", [MERGES]).fetchone() is not None


def canonical_id(conn: sqlite3.Connection, old_id) -> Optional[int]:
    """The row a merged source id now lives in, or None (not merged, or never existed)."""
    if not has_tables(conn):
        return None
    row = conn.execute(
        f"select m.canonical_id from {MERGES} m join sources s on s.id = m.canonical_id"
        " where m.old_id = ? and not exists (select 1 from sources where id = m.old_id)",
        [old_id]).fetchone()
    return row[0] if row else None


@dataclass
class Result:
    merged: List[Tuple[int, str, int, str]] = field(default_factory=list)  # old id, name, into id, name
    split: List[Tuple[int, str]] = field(default_factory=list)  # rows that are their own again
    moved: int = 0  # statements whose source changed
    ambiguous: int = 0
    rescored: int = 0
    gone_aliases: int = 0  # aliases of names no longer cited, taken away

    @property
    def changed(self) -> bool:
        return bool(self.merged or self.split or self.moved or self.gone_aliases)

    def summary(self) -> str:
        return (f"{len(self.merged)} merged, {len(self.split)} split, {self.moved} statements moved, "
                f"{self.rescored} re-scored, {self.ambiguous} ambiguous")


def resolve(conn: sqlite3.Connection, config: Optional[dict] = None) -> Result:
    """Run the pass in one transaction (a savepoint inside a caller's)."""
    nested = conn.in_transaction
    conn.execute("SAVEPOINT identity" if nested else "BEGIN IMMEDIATE")
    try:
        result = _resolve(conn, config)
    except BaseException:
        if nested:
            conn.execute("ROLLBACK TO identity")
            conn.execute("RELEASE identity")
        else:
            conn.execute("ROLLBACK")
        raise
    conn.execute("RELEASE identity" if nested else "COMMIT")
    return result


@dataclass
class _Row:
    id: int
    name: str
    kind: str
    scope: Optional[str]
    reliability: str
    notes: Optional[str]


def cited_names(conn: sqlite3.Connection):
    """(rows by id, {(name, id)}: each shared source name cited and the row it points at)."""
    rows = {r[0]: _Row(r[0], r[1], r[2], r[3], r[4] or DEFAULT_RELIABILITY, r[5]) for r in conn.execute(
        "select id, name, kind, scope, reliability, notes from sources")}
    pairs = set()
    for name, sid in conn.execute(
            "select distinct source_name, source_id from attributions where source_id is not null"):
        row = rows.get(sid)
        if row is not None and row.scope is None:
            pairs.add((name if name is not None else row.name, sid))
    return rows, pairs


def plan(conn: sqlite3.Connection):
    """(rows, pairs, name -> kind, name -> canonical name, ambiguous) as the pass sees them."""
    rows, pairs = cited_names(conn)
    merges = {r[0]: r[1] for r in conn.execute(f"select name, kind from {MERGES}")}
    by_name = {row.name: row.kind for row in rows.values() if row.scope is None}
    kinds = {}
    for name, sid in pairs:
        kinds[name] = by_name.get(name) or merges.get(name) or rows[sid].kind
    identity = targets(kinds.items())
    canonical = {}
    for name in kinds:
        seen, target = {name}, identity.targets.get(name, name)
        while target in identity.targets and target not in seen:  # one hop in practice
            seen.add(target)
            target = identity.targets[target]
        canonical[name] = target
    return rows, pairs, kinds, canonical, identity.ambiguous


def _merged_names(raw) -> list:
    """A merge record's aliases; one a hand edit made unreadable counts as none, so a load
    or --repair still runs (check names the value: json: source_merges row N aliases)."""
    try:
        names = json.loads(raw or "[]")
    except ValueError:
        return []
    return names if isinstance(names, list) and all(isinstance(n, str) for n in names) else []


def _resolve(conn: sqlite3.Connection, config: Optional[dict]) -> Result:
    result = Result()
    rows, pairs, kinds, canonical, ambiguous = plan(conn)
    row_by_name = {row.name: row.id for row in rows.values() if row.scope is None}
    merges = {r[0]: (r[1], r[2], _merged_names(r[3])) for r in conn.execute(
        f"select old_id, name, canonical_id, aliases from {MERGES}")}
    touched: Set[int] = set()
    rerate: Set[int] = set()  # rows whose rating changed: all their statements re-score
    current = {}  # name -> a row its attributions point at now
    for name, sid in sorted(pairs):
        current.setdefault(name, sid)

    # 1. Every canonical name has its row (a name split off again gets its old id back).
    for name in sorted(set(canonical.values())):
        if name in row_by_name:
            continue
        sid = conn.execute(
            "insert into sources (id, name, kind, reliability, statement_count, scope)"
            f" values ({NEW_ID_SQL}, ?, ?, ?, 0, null)",
            [name, None, name, kinds[name], DEFAULT_RELIABILITY]).lastrowid
        rows[sid] = _Row(sid, name, kinds[name], None, DEFAULT_RELIABILITY, None)
        row_by_name[name] = sid
        touched.add(sid)

    # 2. Point every cited name's hops (and statements) at its canonical row.
    moved_statements: Set[int] = set()
    for name, sid in sorted(pairs):
        want = row_by_name[canonical[name]]
        if want == sid:
            continue
        ids = [r[0] for r in conn.execute(
            "select distinct statement_id from attributions where source_id = ? and source_name = ?",
            [sid, name])]
        for i in range(0, len(ids), 500):  # (a name may be cited by many thousands)
            chunk = ids[i:i + 500]
            conn.execute("update statements set source_id = ? where source_id = ? and id in"
                         f" ({','.join('?' * len(chunk))})", [want, sid] + chunk)
        conn.execute("update attributions set source_id = ? where source_id = ? and source_name = ?",
                     [want, sid, name])
        moved_statements.update(ids)
        touched.update((sid, want))

    # 3. Merge records: split off names that stand for themselves again, re-point or
    #    clear the others.
    for old, (name, into, aliases) in sorted(merges.items()):
        if old in rows and rows[old].scope is None and canonical.get(name, name) == name:
            _move_aliases(conn, aliases, into, old)
            conn.execute(f"delete from {MERGES} where old_id = ?", [old])
            if old in rows and into in rows and not _rated(rows[old]) and _rated(rows[into]):
                _set_rating(conn, rows[old], rows[into].reliability, rows[into].notes,
                            f"{WHO}: split from '{rows[into].name}' (#{into}), keeping its rating")
                rerate.add(old)
            result.split.append((old, name))
        elif old not in rows and name in canonical and canonical[name] != name:
            want = row_by_name[canonical[name]]
            if want != into:
                _move_aliases(conn, aliases, into, want)
                added = _add_aliases(conn, want, aliases)
                conn.execute(f"update {MERGES} set canonical_id = ?, aliases = ? where old_id = ?",
                             [want, json.dumps(added), old])
        elif old not in rows and name not in canonical and aliases:
            # No article cites the name any more: its aliases go; the old id still resolves.
            _remove_aliases(conn, into, aliases)
            conn.execute(f"update {MERGES} set aliases = '[]' where old_id = ?", [old])
            result.gone_aliases += len(aliases)

    # 4. Rows whose cited name stands for another: merged into it, then deleted.
    for sid, row in sorted(rows.items()):
        if row.scope is not None or row.name not in canonical or canonical[row.name] == row.name:
            continue
        want = row_by_name[canonical[row.name]]
        into = rows[want]
        # (Hops of this name moved in 2; anything else still here moves too.)
        conn.execute("update statements set source_id = ? where source_id = ?", [want, sid])
        conn.execute("update attributions set source_id = ? where source_id = ?", [want, sid])
        aliases = [r[0] for r in conn.execute(
            "select alias from source_aliases where source_id = ?", [sid])] + [row.name]
        added = _add_aliases(conn, want, aliases)
        conn.execute("delete from source_aliases where source_id = ?", [sid])
        if _merge_rating(conn, row, into):
            rerate.add(want)
        earlier = merges.get(sid)  # merged before, cited again since (the writer re-made it)
        if earlier is not None:
            if earlier[1] != want:
                _move_aliases(conn, earlier[2], earlier[1], want)
            added = sorted(set(added) | set(earlier[2]))
        conn.execute(
            f"insert or replace into {MERGES} (old_id, name, kind, canonical_id, aliases, merged_at)"
            " values (?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))",
            [sid, row.name, row.kind, want, json.dumps(added)])
        conn.execute(f"update {MERGES} set canonical_id = ? where canonical_id = ?", [want, sid])
        conn.execute("delete from sources where id = ?", [sid])
        touched.update((sid, want))
        result.merged.append((sid, row.name, want, into.name))

    # 5. Counts of the rows that gained or lost hops.
    if touched:
        _recount(conn, sorted(touched))
    result.moved = len(moved_statements)

    # 6. Ambiguous names, as a table (rewritten only when it changed).
    wanted = sorted((row_by_name[name], name, json.dumps(fits)) for name, fits in ambiguous.items()
                    if name in row_by_name and canonical.get(name) == name)
    have = sorted(tuple(r) for r in conn.execute(
        f"select source_id, name, candidates from {AMBIGUITIES}"))
    if wanted != have:
        conn.execute(f"delete from {AMBIGUITIES}")
        conn.executemany(f"insert into {AMBIGUITIES} values (?, ?, ?)", wanted)
    result.ambiguous = len(wanted)

    # 7. Scores follow: moved statements (their chain names another source now) and
    #    every statement of a source whose rating changed.
    rescore_ids = set(moved_statements)
    for sid in rerate:
        rescore_ids.update(r[0] for r in conn.execute(
            "select statement_id from attributions where source_id = ?", [sid]))
    if rescore_ids:
        from . import plugins, rescore
        from .analysis_inputs import current_weights
        result.rescored = len(rescore.rescore(
            conn, sorted(rescore_ids), current_weights(conn, config),
            plugins.score_adjusters(config or {})))
    return result


# ---------------------------------------------------------------- aliases


def _add_aliases(conn, sid: int, aliases) -> List[str]:
    """Add aliases to a row; return those it did not have."""
    have = {r[0] for r in conn.execute("select alias from source_aliases where source_id = ?", [sid])}
    own = conn.execute("select name from sources where id = ?", [sid]).fetchone()
    added = sorted(set(aliases) - have - {own[0] if own else None})
    conn.executemany("insert or ignore into source_aliases (source_id, alias) values (?, ?)",
                     [(sid, alias) for alias in added])
    return added


def _remove_aliases(conn, sid: int, aliases) -> None:
    conn.executemany("delete from source_aliases where source_id = ? and alias = ?",
                     [(sid, alias) for alias in aliases])


def _move_aliases(conn, aliases, from_id: int, to_id: int) -> None:
    _remove_aliases(conn, from_id, aliases)
    if conn.execute("select 1 from sources where id = ?", [to_id]).fetchone():
        conn.executemany("insert or ignore into source_aliases (source_id, alias) values (?, ?)",
                         [(to_id, alias) for alias in aliases])


# ---------------------------------------------------------------- ratings


def _rated(row: _Row) -> bool:
    return row.reliability != DEFAULT_RELIABILITY or row.notes is not None


def _last_change(conn, sid: int) -> int:
    row = conn.execute("select max(id) from rating_changes where target_type = 'source'"
                       " and target_id = ?", [sid]).fetchone()
    return row[0] or 0


def _merge_rating(conn, merged: _Row, into: _Row) -> bool:
    """Apply the merge rule (module docstring); True when ``into``'s rating changed."""
    if not _rated(merged) or (merged.reliability, merged.notes) == (into.reliability, into.notes):
        return False
    label = f"merged '{merged.name}' (#{merged.id}, rated {merged.reliability}) into this source"
    if not _rated(into) or _last_change(conn, merged.id) > _last_change(conn, into.id):
        why = "its rating, the more recent" if _rated(into) else "its rating"
        _set_rating(conn, into, merged.reliability, merged.notes, f"{WHO}: {label}, taking {why}")
        return True
    conn.execute(
        "insert into rating_changes (changed_at, who, target_type, target_id, target_name,"
        " old_reliability, new_reliability, note, statements_rescored) values"
        " (strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'), ?, 'source', ?, ?, ?, ?, ?, 0)",
        [f"{WHO}: {label}; kept {into.reliability}, the more recent rating", into.id, into.name,
         into.reliability, into.reliability, into.notes])
    return False


def _set_rating(conn, row: _Row, letter: str, note: Optional[str], who: str) -> None:
    """Change a row's rating; the audit trigger writes the row, this says who."""
    conn.execute("update sources set reliability = ?, notes = ? where id = ?", [letter, note, row.id])
    conn.execute("update rating_changes set who = ? where id = (select max(id) from rating_changes"
                 " where target_type = 'source' and target_id = ?)", [who, row.id])
    row.reliability, row.notes = letter, note


# ---------------------------------------------------------------- counts


def _recount(conn, ids: List[int]) -> None:
    """sources.statement_count and the summary's per-source cells of these ids, from the rows."""
    from .store import SOURCE_ANY
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ",".join("?" * len(chunk))
        keys = [str(sid) for sid in chunk]
        conn.execute(f"update sources set statement_count = (select count(distinct statement_id)"
                     f" from attributions t where t.source_id = sources.id) where id in ({marks})", chunk)
        conn.execute(f"delete from provenance_summary where dimension in ('source', ?)"
                     f" and key in ({marks})", [SOURCE_ANY] + keys)
        conn.execute(
            "insert into provenance_summary (dimension, key, grade, n) "
            f"select 'source', cast(source_id as text), coalesce(grade, ''), count(*) from statements"
            f" where source_id in ({marks}) group by source_id, grade", chunk)
        conn.execute(
            "insert into provenance_summary (dimension, key, grade, n) "
            f"select ?, cast(a.source_id as text), coalesce(s.grade, ''), count(*) from"
            f" (select distinct source_id, statement_id from attributions where source_id in ({marks})) a"
            " join statements s on s.id = a.statement_id group by a.source_id, s.grade",
            [SOURCE_ANY] + chunk)


# ---------------------------------------------------------------- check


def problems(conn: sqlite3.Connection):
    """What `datasette provenance check` reports about source identity."""
    if not has_tables(conn):
        return
    for old, name, into in conn.execute(
            f"select old_id, name, canonical_id from {MERGES}"
            " where canonical_id not in (select id from sources)"):
        yield f"merged source #{old} '{name}' points at a missing source #{into}"
    for old, name in conn.execute(
            f"select m.old_id, m.name from {MERGES} m join sources s on s.id = m.old_id"):
        yield f"source #{old} '{name}' is both a row and merged into another"
    rows, pairs, kinds, canonical, ambiguous = plan(conn)
    row_by_name = {row.name: row.id for row in rows.values() if row.scope is None}
    pending = sorted(name for name, sid in pairs
                     if row_by_name.get(canonical[name]) != sid)
    for name in pending:
        yield f"source name '{name}' stands for '{canonical[name]}' but is still counted as a source of its own"
    for sid, name in conn.execute(f"select source_id, name from {AMBIGUITIES}"
                                  " where source_id not in (select id from sources)"):
        yield f"ambiguous source #{sid} '{name}' is no source row"
