"""Invariants of a provenance database, checked on demand (`datasette provenance check`).

Each check yields readable problems; ``check(db)`` returns them all (at most
``LIMIT`` per check, then a count of the rest). An empty list means healthy.
Reads only; streams article by article so it works on millions of statements.
"""
from __future__ import annotations

import json
from collections import Counter
from contextlib import contextmanager
from typing import Iterator, List

from . import facet_counts, json_checks
from .model import Article
from .wording import counted
from .table_columns import quote
from .store import article_id, column_names, content_parts_pairs, summary_select

LIMIT = 20


def check(db) -> List[str]:
    conn = db.conn
    with snapshot(conn):
        tables = set(db.table_names())
        missing = {"articles", "statements", "attributions", "sources"} - tables
        if missing:
            return [f"missing table(s): {', '.join(sorted(missing))}"]
        problems: List[str] = []
        for name, check_fn in CHECKS:
            found = 0
            for problem in check_fn(conn, tables):
                found += 1
                if found <= LIMIT:
                    problems.append(f"{name}: {problem}")
            if found > LIMIT:
                problems.append(f"{name}: ... and {found - LIMIT} more")
        return problems


@contextmanager
def snapshot(conn):
    """Every read inside sees the database as one moment left it: one read transaction
    (WAL lets a load go on writing meanwhile). Read query by query, a check run while
    `load` committed batches compared a total read before a batch with rows read after
    it: dozens of "provenance_summary says 4374, statements have 4417" for a database
    that was whole at every commit. Inside a caller's transaction, that one is used."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.rollback()  # (read only: nothing to keep)


def _integrity(conn, tables) -> Iterator[str]:
    for (row,) in conn.execute("PRAGMA quick_check"):
        if row != "ok":
            yield row


def _foreign_keys(conn, tables) -> Iterator[str]:
    columns = {}  # (table, fk id) -> its column: the value that points nowhere is named
    for table, rowid, parent, fkid in conn.execute("PRAGMA foreign_key_check").fetchall():
        if (table, fkid) not in columns:
            columns.update({(table, row[0]): row[3] for row in conn.execute(
                f"PRAGMA foreign_key_list({quote(table)})")})
        column = columns.get((table, fkid))
        # (A WITHOUT ROWID table's rows have no rowid to name them by.)
        value = conn.execute(f"select {quote(column)} from {quote(table)} where rowid = ?", [rowid]
                             ).fetchone() if column and rowid is not None else None
        said = f" ({column} {value[0]!r})" if value else ""
        row = f"row {rowid}" if rowid is not None else "a row"
        yield f"{table} {row}{said} points to a missing {parent} row"


def _duplicates(conn, tables) -> Iterator[str]:
    rows = conn.execute(
        "select id, text, title, url, outlet, author, published, source_table, source_rowid "
        "from articles")
    for aid, text, title, url, outlet, author, published, table, rowid in rows:
        article = Article(text=text or "", title=title, url=url, outlet=outlet, author=author,
                          published=published, source_table=table, source_rowid=rowid)
        if article_id(article) != aid:
            yield f"article {aid}: id is not the content hash of its text and metadata"
    for origin, n in conn.execute(
            "select origin, count(*) from articles where origin is not null "
            "group by origin having count(*) > 1"):
        yield f"{n} articles come from the same origin {origin}"


def _statement_sets(conn, tables) -> Iterator[str]:
    for aid, problem in statement_set_problems(conn):
        yield f"article {aid}: {problem}"


def statement_set_problems(conn) -> Iterator[tuple]:
    """(article id, problem) for each article without exactly its statements (repair.py
    re-extracts these)."""
    rows = conn.execute(
        "select a.id, a.statement_count, count(s.id), min(s.idx), max(s.idx), "
        "count(distinct s.idx) from articles a left join statements s on s.article_id = a.id "
        "group by a.id")
    for aid, expected, n, lo, hi, distinct in rows:
        if expected != n:
            yield aid, f"statement_count says {expected}, {n} stored"
        elif n and (lo != 0 or hi != n - 1 or distinct != n):
            yield aid, f"statement idx not contiguous 0..{n - 1} (min {lo}, max {hi}, {distinct} distinct)"


def _orphans(conn, tables) -> Iterator[str]:
    for (n,) in conn.execute(
            "select count(*) from statements where article_id not in (select id from articles)"):
        if n:
            yield f"{counted(n, 'statement')} {'belongs' if n == 1 else 'belong'} to no article"
    for (n,) in conn.execute(
            "select count(*) from attributions where statement_id not in (select id from statements)"):
        if n:
            yield f"{counted(n, 'attribution')} {'belongs' if n == 1 else 'belong'} to no statement"
    for (n,) in conn.execute(
            "select count(*) from attributions t join statements s on s.id = t.statement_id "
            "where t.article_id != s.article_id"):
        if n:
            yield f"{counted(n, 'attribution')} {'names' if n == 1 else 'name'} a different article than {'its' if n == 1 else 'their'} statement"


def _offsets(conn, tables) -> Iterator[str]:
    for aid, problem in offset_problems(conn):
        yield f"article {aid} {problem}"


def offset_problems(conn) -> Iterator[tuple]:
    """(article id, problem) for each span that is not its article's text there."""
    # (a database from before content pieces has no content_parts column)
    parts = "content_parts" if "content_parts" in column_names(conn, "attributions") else "null"
    # Statements share few hedge lists (a million statements: ~300 distinct values), so
    # each is parsed once; the parsed lists are only read.
    hedge_lists = {}
    for aid, text in conn.execute("select id, text from articles"):
        text = text or ""
        for sid, idx, start, end, stext, hedges in conn.execute(
                'select id, idx, start, "end", text, hedges from statements where article_id = ?',
                [aid]):
            problem = _span_problem(text, start, end, stext)
            if problem:
                yield aid, f"statement {idx}: {problem}"
            if hedges not in hedge_lists:
                parsed = _list_or_empty(hedges)
                if len(hedge_lists) >= 10_000:
                    hedge_lists.clear()
                hedge_lists[hedges] = parsed
            for hedge in hedge_lists[hedges]:
                # older rows kept the hedge words only; a span of the wrong shape is
                # the json check's to report
                if isinstance(hedge, dict) and json_checks.hedge_problem(hedge) is None:
                    problem = _span_problem(text, hedge.get("start"), hedge.get("end"), hedge.get("text"))
                    if problem:
                        yield aid, f"statement {idx} hedge: {problem}"
        for row in conn.execute(
                "select statement_id, depth, cue, cue_start, cue_end, source_text, source_start, "
                f"source_end, content, content_start, content_end, {parts} "
                "from attributions where article_id = ?", [aid]):
            sid, depth = row[0], row[1]
            if row[11] is not None:  # (NULL: a content in one piece, most rows)
                for problem in _content_parts_problems(row[11], row[9], row[10]):
                    yield aid, f"statement id {sid} hop {depth} content piece {problem}"
            for what, (span_text, start, end) in (
                ("cue", row[2:5]), ("source", row[5:8]), ("content", row[8:11])
            ):
                if span_text is None and start is None and end is None:
                    continue
                problem = _span_problem(text, start, end, span_text)
                if problem:
                    yield aid, f"statement id {sid} hop {depth} {what}: {problem}"


def _content_parts_problems(stored, start, end) -> Iterator[str]:
    """Pieces of an attributions.content_parts value outside its content span (a value
    that is not JSON [[start, end], ...] is the json check's to report)."""
    for part in content_parts_pairs(stored):
        if not (start is not None and end is not None and start <= part[0] < part[1] <= end):
            yield f"{list(part)}: outside its content"


def _list_or_empty(value) -> list:
    """A stored JSON list whose items the span checks look at, or [] when it is unreadable
    or not a list: json_checks reports that problem once, with table, row and column."""
    try:
        data = json.loads(value) if value else []
    except ValueError:
        return []
    return data if isinstance(data, list) else []


def _span_problem(text, start, end, span_text):
    if start is None or end is None or span_text is None:
        return "incomplete span (start, end and text must all be set)"
    if not (0 <= start <= end <= len(text)):
        return f"offsets {start}..{end} outside the text (length {len(text)})"
    if text[start:end] != span_text:
        return f"text[{start}:{end}] is {text[start:end][:40]!r}, stored {span_text[:40]!r}"
    return None


def _source_counts(conn, tables) -> Iterator[str]:
    rows = conn.execute(
        "select s.id, s.name, s.statement_count, (select count(distinct statement_id) "
        "from attributions t where t.source_id = s.id) from sources s")
    for sid, name, stored, actual in rows:
        if (stored or 0) != actual:
            yield f"source {sid} ({name}): statement_count says {stored}, {actual} cite it"


def _summary(conn, tables) -> Iterator[str]:
    if "provenance_summary" not in tables:
        yield "table provenance_summary is missing"
        return
    stored = Counter({(d, k, g): n for d, k, g, n in conn.execute(
        "select dimension, key, grade, n from provenance_summary")})
    actual = Counter({(d, k, g): n for d, k, g, n in conn.execute(summary_select())})
    for key in sorted(set(stored) | set(actual)):
        if stored.get(key, 0) != actual.get(key, 0):
            yield (f"provenance_summary {key}: says {stored.get(key, 0)}, "
                   f"statements have {actual.get(key, 0)}")


def _facet_counts(conn, tables) -> Iterator[str]:
    if facet_counts.TABLE not in tables:
        yield f"table {facet_counts.TABLE} is missing"
        return
    yield from facet_counts.problems(conn)


def _source_identity(conn, tables) -> Iterator[str]:
    """One row per real source (identity.py): merges point at rows, no name waits for
    the pass, every hop's name is recorded."""
    from . import identity
    if "source_name" in column_names(conn, "attributions"):
        for (n,) in conn.execute("select count(*) from attributions"
                                 " where source_id is not null and source_name is null"):
            if n:
                yield f"{counted(n, 'attribution')} with a source but no source_name"
    yield from identity.problems(conn)


# The one command that mends what a check finds, for the checks that have one (a
# damaged file or an article whose text was edited by hand has none: load it again).
IDENTIFY = "datasette provenance identify {db}"
REPAIR = "datasette provenance check {db} --repair"
REMEDIES = {
    "source identity": (IDENTIFY, "the identity pass links such names when a load ends: a load"
                                  " interrupted before its end, or one still running, leaves them apart"),
    **{name: (REPAIR, "re-extracts damaged articles from their stored text, removes rows no"
                      " article owns, recounts the totals, then links the sources")
       for name in ("statements", "orphans", "offsets", "json", "source counts", "summary",
                    "facet counts")},
}


# JSON --repair rebuilds: what the extractor wrote, and articles.extra (kept as text). The
# stored weights, analyze jobs and identity records it does not touch.
REPAIRED_JSON = ("statements", "attributions", "articles")


def _remedied(problem: str) -> str:
    name, _, said = problem.partition(": ")
    return name if name != "json" or said.split(" ", 1)[0] in REPAIRED_JSON else ""


def remedy(problems: List[str], db_path: str, config_path=None):
    """(command, why) that mends ``problems`` (check's list) on ``db_path``, else None.
    One command, never a list: --repair ends with the identity pass too. With check's
    ``-c FILE`` too, so a re-extraction scores and runs the hooks as the loads did."""
    import shlex
    names = {_remedied(problem) for problem in problems}
    found = [REMEDIES[name] for name in names if name in REMEDIES]
    if not found:
        return None
    command, why = max(found, key=lambda r: r[0] == REPAIR)
    command = command.format(db=shlex.quote(str(db_path)))
    return (command + (f" -c {shlex.quote(str(config_path))}" if config_path else "")), why


CHECKS = (
    ("integrity", _integrity),
    ("foreign keys", _foreign_keys),
    ("duplicates", _duplicates),
    ("statements", _statement_sets),
    ("orphans", _orphans),
    ("offsets", _offsets),
    ("json", json_checks.problems),
    ("source counts", _source_counts),
    ("summary", _summary),
    ("facet counts", _facet_counts),
    ("source identity", _source_identity),
)
