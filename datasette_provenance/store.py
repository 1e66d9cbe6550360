"""The database: schema and every write. The only module that writes.

Tables (names are read by checks outside the project, keep them):

- ``articles``      one row per article, id = content hash of its text and metadata;
                    ``origin`` says where it came from (file, file#line, url) so that a
                    changed file replaces its old article
- ``statements``    one row per statement (sentence), with sourcing, score, grade, reasons;
                    facet columns from its chain and article are copied onto it so that
                    faceting a million rows needs no join
- ``attributions``  one row per hop of a statement's chain (depth 0 = outermost);
                    ``content_parts`` (JSON ``[[start, end], ...]``) holds the pieces of a
                    content its cue interrupts (NULL when it is one piece)
- ``sources``       one row per real named source (person, organisation, document, media);
                    ``statement_count`` = statements whose chain cites it, kept by the writer;
                    ``scope`` is NULL for a source known across articles ("Reuters"), else
                    the id of the one article it belongs to (a role never tied to a name,
                    "the mayor": two articles' mayors are two rows of the same name)
- ``source_aliases`` every name an article used for a source
- ``source_merges`` / ``source_ambiguities`` the identity pass's record (identity.py):
                    rows merged into another (old id -> canonical id) and names left
                    unmerged because they could stand for several sources;
                    ``attributions.source_name`` keeps the name extraction gave each hop
- ``provenance_summary`` (dimension, key, grade, n): statement counts per grade for each
                    value of each dashboard dimension, kept current by every write so the
                    dashboard never scans all statements; dimension ``source_any`` (key =
                    source id) counts the statements whose chain cites the source at any
                    hop, per grade (its n summed over grades = ``sources.statement_count``)
- ``provenance_facet_counts`` statements per combination of the default facet columns
                    (sourcing, grade, cue_kind, source_kind, outlet, claim), kept the same way; the
                    statements table's default facets read it (facet_counts.py)

The API, small on purpose (sqlite-utils style: pass a ``sqlite_utils.Database``)::

    db = store.open_db("provenance.db")        # schema, WAL, foreign keys, busy timeout
    result = store.load_articles(db, ingest.read_articles(paths), workers=2)
    store.save(db, article, document)          # one article, one transaction
    problems = store.check(db)                 # invariant violations, [] when healthy

Writes go through ``Writer``: one transaction per batch of articles, a savepoint
per article (all-or-nothing), raw SQL with executemany for speed.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Dict, List, Optional, Tuple

import sqlite_utils

from . import facet_counts, identity
from .admiralty import DEFAULT_RELIABILITY
from .model import NAMED_KINDS, Article, Document
from .score import primary_chain, retellings
from .table_columns import column_names  # noqa: F401  (store.column_names, as callers use it)
from .text.speakers import article_scoped, row_name


# Dimensions of provenance_summary: name -> statements column (None = one "all" row).
SUMMARY_DIMENSIONS = {
    "all": None,
    "outlet": "outlet",
    "sourcing": "sourcing",
    "cue_kind": "cue_kind",
    "source_kind": "source_kind",
    "chain_depth": "chain_depth",
    "source": "source_id",
}
# Not a statements column: statements citing a source at any hop of their chain (from
# attributions), per grade. The dashboard's top sources and the source page read it.
SOURCE_ANY = "source_any"

ARTICLE_COLUMNS = (
    "id", "title", "url", "outlet", "author", "published", "path", "origin", "format",
    "text", "markdown", "extra", "extractor_version", "loaded_at", "statement_count",
    "source_table", "source_rowid", "source_pk",
)
STATEMENT_COLUMNS = (
    "id", "article_id", "idx", "start", "end", "text", "is_headline", "sourcing", "score",
    "grade", "reasons", "hedges", "chain_depth", "cue_kind", "source_kind", "source_id",
    "outlet", "source_table", "claim", "claim_reason",
)
ATTRIBUTION_COLUMNS = (
    "statement_id", "article_id", "chain", "depth", "cue", "cue_kind", "cue_start", "cue_end",
    "source_text", "source_kind", "source_id", "source_start", "source_end",
    "content", "content_start", "content_end", "direct", "content_parts", "source_name",
)


def article_id(article: Article) -> str:
    """Content hash: the same text with the same metadata is the same article."""
    h = hashlib.sha256()
    h.update(article.text.encode("utf-8", "surrogatepass"))
    for value in (article.title, article.url, article.outlet, article.author, article.published):
        h.update(b"\x00" + (value or "").encode("utf-8", "surrogatepass"))
    if article.source_table is not None:
        # Two rows of a user's table with the same text stay two articles, each linked to its row.
        h.update(f"\x00{article.source_table}\x00{article.source_rowid}".encode("utf-8"))
    return h.hexdigest()[:16]


def article_origin(article: Article) -> Optional[str]:
    """Where an article came from; a new article from the same origin replaces the old one.

    A file is its real path; a record of a JSON/JSONL file is its url if it has one,
    else path#line / path#item; a row of a user's table (``provenance analyze``) is
    table:<name>#<rowid>.
    """
    if article.source_table is not None:
        return f"table:{article.source_table}#{article.source_rowid}"
    if article.path is None or article.path == "-":  # (standard input is no place to replace)
        return "url:" + article.url if article.url else None
    real = os.path.realpath(article.path)
    extra = article.extra or {}
    if "line" in extra or "item" in extra:
        if article.url:
            return "url:" + article.url
        return f"{real}#{extra.get('line') or extra.get('item')}"
    return real


def version_key(version: Optional[str]) -> Tuple:
    """'0.10.2' -> (0, 10, 2) so versions compare as numbers; junk sorts first."""
    parts = []
    for piece in (version or "").replace("-", ".").split("."):
        parts.append((0, int(piece), "") if piece.isdigit() else (-1, 0, piece))
    return tuple(parts)


def is_stale(stored: Optional[str], current: str) -> bool:
    """True when rows extracted by ``stored`` should be re-extracted by ``current``: an
    older extractor, or the same one with other plugin cue words (the ``+lex.`` suffix,
    text.extra.versioned); never rows of a newer extractor."""
    if stored is None:
        return True
    base, _, words = stored.partition("+")
    current_base, _, current_words = current.partition("+")
    if version_key(base) != version_key(current_base):
        return version_key(base) < version_key(current_base)
    return words != current_words


# ---------------------------------------------------------------- schema


def open_db(path, *, create: bool = True) -> sqlite_utils.Database:
    """A Database with the schema in place, WAL on, foreign keys on, a busy timeout."""
    db = sqlite_utils.Database(str(path))
    if create:
        ensure_schema(db)
    else:
        _pragmas(db)
    return db


def _pragmas(db: sqlite_utils.Database) -> None:
    db.execute("PRAGMA busy_timeout=30000")
    db.execute("PRAGMA foreign_keys=ON")


class ForeignTableError(ValueError):
    """The database holds a table of another tool under a name the plugin needs."""


FOREIGN_ARTICLES = (
    "this database already has a table named 'articles' that is not datasette-provenance's; "
    "rename it first (e.g. sqlite-utils rename-table DB articles scraped_articles)")


def has_foreign_articles(db: sqlite_utils.Database) -> bool:
    """True when an ``articles`` table exists that the plugin did not make (every version
    of the plugin's has ``extractor_version``)."""
    return "articles" in db.table_names() and "extractor_version" not in column_names(db.conn, "articles")


class NotProvenanceError(ValueError):
    """A command that changes an existing provenance database was given another file."""


NOT_PROVENANCE = ("not a datasette-provenance database (none of the tables `datasette provenance load` "
                  "or `analyze` make); check the file name, or make it one with `datasette provenance init`")


def is_provenance_db(db: sqlite_utils.Database) -> bool:
    """True when the plugin made this database (its ``articles`` table is there); older
    versions' databases count: ensure_schema brings them up to date."""
    return "articles" in db.table_names() and not has_foreign_articles(db)


def open_existing(path) -> sqlite_utils.Database:
    """``open_db`` for commands that change a database ``load`` or ``analyze`` made (rate,
    rescore, identify, ratings import/sync): a typo'd path or an unrelated SQLite file is
    refused before anything is written, so it never gains the plugin's tables."""
    if not os.path.isfile(path):
        raise NotProvenanceError("no such database file")
    db = sqlite_utils.Database(str(path))
    if has_foreign_articles(db):
        raise ForeignTableError(FOREIGN_ARTICLES)
    if not is_provenance_db(db):
        raise NotProvenanceError(NOT_PROVENANCE)
    ensure_schema(db)
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    # Before anything is written (WAL mode, tables): another tool's database stays as it was.
    if has_foreign_articles(db):
        raise ForeignTableError(FOREIGN_ARTICLES)
    _pragmas(db)
    db.execute("PRAGMA journal_mode=WAL")
    # NORMAL is durable across application crashes in WAL mode (only an OS crash may
    # lose the last transactions, never corrupt); it makes commits much cheaper.
    db.execute("PRAGMA synchronous=NORMAL")
    tables = set(db.table_names())
    if "articles" not in tables:
        db["articles"].create(
            {
                "id": str, "title": str, "url": str, "outlet": str, "author": str,
                "published": str, "path": str, "origin": str, "format": str, "text": str,
                "markdown": str, "extra": str, "extractor_version": str, "loaded_at": str,
                "statement_count": int,
            },
            pk="id", not_null={"text"},
        )
    _add_missing_columns(db, "articles", {"origin": str, "extra": str, **SOURCE_ROW_COLUMNS})
    if "sources" not in tables:
        db["sources"].create(
            {"id": int, "name": str, "kind": str, "reliability": str, "notes": str,
             "statement_count": int, "scope": str},
            pk="id", not_null={"name"}, defaults={"reliability": DEFAULT_RELIABILITY, "statement_count": 0},
        )
    _add_missing_columns(db, "sources", {"scope": str})
    _unique_source_key(db)
    if "source_aliases" not in tables:
        db["source_aliases"].create(
            {"source_id": int, "alias": str}, pk=("source_id", "alias"),
            foreign_keys=[("source_id", "sources", "id")],
        )
    if "statements" not in tables:
        db["statements"].create(
            {
                "id": int, "article_id": str, "idx": int, "start": int, "end": int,
                "text": str, "is_headline": int, "sourcing": str, "score": float,
                "grade": str, "reasons": str, "hedges": str, "chain_depth": int,
                "cue_kind": str, "source_kind": str, "source_id": int, "outlet": str,
                "source_table": str, "claim": int, "claim_reason": str,
            },
            pk="id", not_null={"article_id"},
            foreign_keys=[("article_id", "articles", "id"), ("source_id", "sources", "id")],
        )
    if "attributions" not in tables:
        db["attributions"].create(
            {
                "id": int, "statement_id": int, "article_id": str, "chain": int, "depth": int,
                "cue": str, "cue_kind": str, "cue_start": int, "cue_end": int,
                "source_text": str, "source_kind": str, "source_id": int,
                "source_start": int, "source_end": int,
                "content": str, "content_start": int, "content_end": int, "direct": int,
                "content_parts": str, "source_name": str,
            },
            pk="id", not_null={"statement_id", "article_id"},
            foreign_keys=[
                ("statement_id", "statements", "id"),
                ("article_id", "articles", "id"),
                ("source_id", "sources", "id"),
            ],
        )
    # Columns added since the first schema: older databases gain them.
    # claim: NULL in an older database's rows until the next load re-extracts them
    # (EXTRACTOR_VERSION): "not checked yet", counted apart from claims and non-claims on
    # the dashboard (as ?claim=1 and ?claim=0 list them), shown unmuted on the article page.
    _add_missing_columns(db, "statements", {"source_table": str, "claim": int, "claim_reason": str})
    _add_missing_columns(db, "attributions", {"chain": int, "content_parts": str})
    # source_name: the name the article's extraction gave a hop, kept when the identity
    # pass points its source_id at another row (identity.py); an older database's hops
    # take their row's name.
    if _add_missing_columns(db, "attributions", {"source_name": str}):
        with db.conn:
            db.execute("update attributions set source_name = (select name from sources"
                       " where sources.id = attributions.source_id) where source_id is not null")
    identity.ensure_schema(db.conn)
    if "provenance_summary" not in tables:
        # Created and counted in one transaction: a kill between the two would leave an
        # empty summary that later runs take for an up-to-date one.
        if not db.conn.in_transaction:
            db.conn.execute("BEGIN IMMEDIATE")
        try:
            db.execute(
                "CREATE TABLE provenance_summary (dimension TEXT NOT NULL, key TEXT NOT NULL, "
                "grade TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (dimension, key, grade))"
            )
            # Its trigger in the same transaction: another process's UPDATE committed
            # between the counting and the trigger would be missed by the counts.
            _install_trigger(db.conn, SUMMARY_TRIGGER, _summary_trigger_sql())
            # A database from before the summary existed: count what is already there.
            rebuild_counts(db)  # commits
        except BaseException:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise
    elif _source_any_missing(db):
        # A summary from before the source_any dimension: add it (one pass over attributions).
        with db.conn:
            db.execute("insert into provenance_summary (dimension, key, grade, n) "
                       + source_any_select())
    if facet_counts.TABLE not in tables:
        _create_facet_counts(db)
    elif not facet_counts.current(db.conn):
        # A table from before a counted column (claim): counted again with it.
        _create_facet_counts(db, replace=True)
    for table, columns in (
        # join columns
        ("statements", ["article_id", "idx"]), ("statements", ["source_id", "grade"]),
        ("attributions", ["statement_id"]), ("attributions", ["article_id"]),
        ("attributions", ["source_id", "statement_id"]),
        # the identity pass reads the (name, row) pairs cited from this index alone
        ("attributions", ["source_name", "source_id"]),
        # facet columns
        # (grade, X): the facets of a grade-filtered view (?grade=F) are covering-index
        # range scans instead of row lookups for half the table; (grade, sourcing) also
        # serves the grade facet alone.
        ("statements", ["sourcing"]), ("statements", ["grade", "sourcing"]),
        ("statements", ["grade", "cue_kind"]), ("statements", ["grade", "source_kind"]),
        ("statements", ["grade", "outlet"]), ("statements", ["cue_kind"]),
        # (grade) alone: a grade-filtered page's rows in stored order (`where grade = ?
        # order by id limit 101`) straight from the index; the (grade, X) ones need a sort
        # of every matching row (35 ms CPU for ?grade=F at a million statements)
        ("statements", ["grade"]),
        # (outlet, grade, score): also the outlets page's statement count and mean score
        # per outlet, a covering scan (ratings_web.py); older databases keep (outlet, grade)
        ("statements", ["source_kind"]), ("statements", ["outlet", "grade", "score"]),
        ("statements", ["chain_depth"]), ("statements", ["score"]),
        # a sort by idx (`?_sort=idx`) and the dashboard's newest articles: without
        # these, a full sort of every row per request
        ("statements", ["idx"]), ("articles", ["loaded_at", "id"]),
        ("attributions", ["cue_kind"]), ("attributions", ["source_kind"]),
        ("attributions", ["depth"]),
        ("articles", ["outlet"]), ("articles", ["format"]), ("articles", ["origin"]),
        ("articles", ["extractor_version"]), ("articles", ["source_table", "source_rowid"]),
        ("sources", ["kind"]), ("sources", ["reliability"]), ("sources", ["statement_count"]),
        ("statements", ["source_table"]),
        # the dashboard counts the few non-claims (claim = 0) without reading every row
        ("statements", ["claim"]),
    ):
        db[table].create_index(columns, if_not_exists=True)
    # Triggers from an older version of their SQL are replaced; current ones stay as they are.
    _install_trigger(db.conn, SUMMARY_TRIGGER, _summary_trigger_sql())
    _install_trigger(db.conn, facet_counts.TRIGGER, facet_counts.trigger_sql())
    # Outlets and the rating audit table (ratings.py owns their writes).
    from .ratings import ensure_rating_schema
    ensure_rating_schema(db)


def _create_facet_counts(db, replace: bool = False) -> None:
    """Create provenance_facet_counts, its trigger, and count the stored statements into
    it, in one transaction (a kill in between must not leave an empty table that looks
    current; another process's UPDATE between counting and trigger would be missed)."""
    began = not db.conn.in_transaction
    if began:
        db.conn.execute("BEGIN IMMEDIATE")
    try:
        if replace:
            db.conn.execute(f"DROP TABLE {facet_counts.TABLE}")
        facet_counts.create(db.conn)
        _install_trigger(db.conn, facet_counts.TRIGGER, facet_counts.trigger_sql())
        facet_counts.fill(db.conn)
        if began:
            db.conn.execute("COMMIT")
    except BaseException:
        if began and db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise


def summary_select(id_range: bool = False) -> str:
    """SQL giving (dimension, key, grade, n) rows of provenance_summary from the statements;
    with ``id_range`` only those with :lo <= id <= :hi (what a writer's batch added)."""
    where = " and id between :lo and :hi" if id_range else ""
    select = []
    for dimension, column in SUMMARY_DIMENSIONS.items():
        if column is None:
            select.append(f"select '{dimension}', '', coalesce(grade, ''), count(*) "
                          f"from statements where true{where} group by 3")
        else:
            select.append(f"select '{dimension}', cast(\"{column}\" as text), coalesce(grade, ''), "
                          f"count(*) from statements where \"{column}\" is not null{where} "
                          "group by 2, 3")
    return " union all ".join(select + [source_any_select(id_range)])


def source_any_select(id_range: bool = False) -> str:
    """(source_any, source id, grade, n) rows: statements citing each source at any hop."""
    where = " and statement_id between :lo and :hi" if id_range else ""
    return (f"select '{SOURCE_ANY}', cast(a.source_id as text), coalesce(s.grade, ''), count(*) "
            "from (select distinct source_id, statement_id from attributions "
            f"where source_id is not null{where}) a join statements s on s.id = a.statement_id "
            "group by a.source_id, s.grade")


def _source_any_missing(db) -> bool:
    """True when sources are cited but the summary has no source_any rows (older database)."""
    conn = db.conn
    if conn.execute("select 1 from provenance_summary where dimension = ? limit 1",
                    [SOURCE_ANY]).fetchone():
        return False
    return conn.execute(
        "select 1 from attributions where source_id is not null limit 1").fetchone() is not None


def rebuild_counts(db) -> None:
    """Recompute provenance_summary and sources.statement_count from the rows, in one
    transaction (migration of older databases; repair)."""
    with db.conn:
        db.execute("delete from provenance_summary")
        db.execute("insert into provenance_summary (dimension, key, grade, n) " + summary_select())
        if db.conn.execute("select 1 from sqlite_master where name = ?",
                           [facet_counts.TABLE]).fetchone():
            db.execute(f"delete from {facet_counts.TABLE}")
            facet_counts.fill(db.conn)
        db.execute("update sources set statement_count = (select count(distinct statement_id) "
                   "from attributions t where t.source_id = sources.id)")


def _install_trigger(conn, name: str, create_sql: str) -> None:
    """Make trigger ``name`` the one ``create_sql`` creates: nothing to do when it already
    is (no write, no schema change); else dropped and created in one transaction, so no
    UPDATE from another connection slips in while there is none."""
    stored = conn.execute("select sql from sqlite_master where type = 'trigger' and name = ?",
                          [name]).fetchone()
    if stored and stored[0] == create_sql:
        return
    began = not conn.in_transaction
    if began:
        conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
        conn.execute(create_sql)
        if began:
            conn.execute("COMMIT")
    except BaseException:
        if began and conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


SUMMARY_TRIGGER = "provenance_summary_update"


def _summary_trigger_sql() -> str:
    """Keep provenance_summary right when statements are updated in place (re-scoring).

    Inserts and deletes go through Writer, which adjusts the summary in bulk; an
    UPDATE (ratings.set_rating, rescore) may change a grade or a dimension, so a
    trigger moves the row's count from its old cells to its new ones, then drops the
    old cells that reached zero (by primary key: a rating change may re-score
    thousands of statements, and the summary holds a few rows per source).
    """
    columns = [c for c in SUMMARY_DIMENSIONS.values() if c] + ["grade"]
    cells = []  # (dimension, key expression, FROM/WHERE tail) per cell of a row
    for dimension, column in SUMMARY_DIMENSIONS.items():
        # (an upsert's SELECT needs a WHERE clause to parse)
        if column is None:
            cells.append((dimension, "''", " WHERE true"))
        else:
            cells.append((dimension, f"CAST({{row}}.{column} AS TEXT)",
                          f" WHERE {{row}}.{column} IS NOT NULL"))
    # source_any: a new grade moves the statement between grades of every source its
    # chain cites (attributions(statement_id) index; a statement has a few hops).
    cited = ("FROM attributions WHERE statement_id = NEW.id AND source_id IS NOT NULL "
             "AND OLD.grade IS NOT NEW.grade")
    body = []
    for row, n in (("OLD", -1), ("NEW", 1)):
        grade = f"COALESCE({row}.grade, '')"
        selects = [f"SELECT '{d}', {key.format(row=row)}, {grade}, {n}{tail.format(row=row)}"
                   for d, key, tail in cells]
        selects.append(f"SELECT '{SOURCE_ANY}', CAST(source_id AS TEXT), {grade}, {n} "
                       f"{cited} GROUP BY source_id")
        body += [f"INSERT INTO provenance_summary (dimension, key, grade, n) {select} "
                 "ON CONFLICT (dimension, key, grade) DO UPDATE SET n = n + excluded.n;"
                 for select in selects]
    emptied = "DELETE FROM provenance_summary WHERE n <= 0 AND grade = COALESCE(OLD.grade, '')"
    body += [f"{emptied} AND dimension = '{d}' AND key = {key.format(row='OLD')};"
             for d, key, _ in cells]
    body.append(f"{emptied} AND dimension = '{SOURCE_ANY}' AND key IN "
                f"(SELECT CAST(source_id AS TEXT) {cited});")
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
    return (f"CREATE TRIGGER {SUMMARY_TRIGGER} AFTER UPDATE OF {', '.join(columns)} "
            f"ON statements WHEN {changed} BEGIN " + " ".join(body) + " END")


# Where an article analysed from a user's table came from (`provenance analyze`).
SOURCE_ROW_COLUMNS = {"source_table": str, "source_rowid": int, "source_pk": str}


def _unique_source_key(db) -> None:
    """One row per (name, scope): an older database's unique index on name alone
    gives way to it (article-scoped sources share names across articles)."""
    for index in db.conn.execute("pragma index_list(sources)").fetchall():
        name, unique = index[1], index[2]
        columns = [r[2] for r in db.conn.execute(f"pragma index_info({_q(name)})")]
        if unique and columns == ["name"] and not name.startswith("sqlite_autoindex"):
            db.execute(f"drop index {_q(name)}")
    db.execute("create unique index if not exists idx_sources_name_scope "
               "on sources (name, coalesce(scope, ''))")


def _add_missing_columns(db, table, columns: Dict[str, type]) -> List[str]:
    """Additive migration: databases created before a column existed gain it; return
    the columns added."""
    have = set(db[table].columns_dict)
    added = []
    for name, kind in columns.items():
        if name not in have:
            db[table].add_column(name, kind)
            added.append(name)
    return added


# ---------------------------------------------------------------- rows (pure)


@dataclass
class Prepared:
    """An analysed article as rows, ready for the writer; picklable for worker processes.

    Source references are (name, kind, scope) triples (scope: None, or the article id
    of a source known only in that article); the writer turns them into ids.
    """

    id: str
    origin: Optional[str]
    article: dict
    statements: List[tuple] = field(default_factory=list)    # STATEMENT_COLUMNS[2:] with source ref
    attributions: List[tuple] = field(default_factory=list)  # (statement idx, ...) with source ref
    sources: List[tuple] = field(default_factory=list)       # (name, kind, scope, aliases)


def prepare(article: Article, document: Document, extractor_version: str,
            aid: Optional[str] = None) -> Prepared:
    """Turn an article and its analysed document into rows. Pure."""
    return prepare_parts(article, [document], extractor_version, aid)


def prepare_parts(article: Article, documents, extractor_version: str,
                  aid: Optional[str] = None) -> Prepared:
    """Rows from the Documents of one article's windows (pipeline.analyse_windows),
    consumed one at a time so only the rows are kept. Pure."""
    aid = aid or article_id(article)
    prepared = Prepared(
        id=aid, origin=article_origin(article),
        article={
            "id": aid, "title": article.title, "url": article.url, "outlet": article.outlet,
            "author": article.author, "published": article.published, "path": article.path,
            "origin": article_origin(article), "format": article.format,
            "text": article.text, "markdown": article.markdown,
            "extra": json.dumps(article.extra, ensure_ascii=False, default=str) if article.extra else None,
            "extractor_version": extractor_version,
            "statement_count": 0,
            "source_table": article.source_table, "source_rowid": article.source_rowid,
            "source_pk": article.source_pk,
        },
    )
    for document in documents:
        _add_rows(prepared, article, document)
    prepared.article["statement_count"] = len(prepared.statements)
    return prepared


def _source_ref(name: str, kind: str, aid: str) -> tuple:
    """(name, kind, scope): a role never tied to a name is this article's own source."""
    return name, kind, (aid if article_scoped(name, kind) else None)


def _chain_depth(chain) -> int:
    """Hops from the article to the original source (0: no attribution), as score.py's
    hop penalty counts them: two hops side by side ("X reportedly did A, stressing B") are
    one level, and a level that only repeats its outer source ("X said A, saying B") none."""
    return retellings(chain) + 1 if chain else 0


def _add_rows(prepared: Prepared, article: Article, document: Document) -> None:
    for mention in document.sources:
        if mention.kind in NAMED_KINDS:
            prepared.sources.append(_source_ref(mention.name, mention.kind, prepared.id)
                                    + (tuple(sorted({mention.name, *mention.aliases})),))
    for st in document.statements:
        # Facet columns describe the chain the score rests on (score.primary_chain).
        chain = primary_chain(st)
        primary = chain[0] if chain else None
        primary_ref = None
        for a in st.attributions:
            ref = None
            name = row_name(a.source_name, a.source.text) if a.source is not None else None
            if name and a.source_kind in NAMED_KINDS:
                ref = _source_ref(name, a.source_kind, prepared.id)
            if a is primary:
                primary_ref = ref
            prepared.attributions.append((
                st.idx, getattr(a, "chain", 0), a.depth, a.cue.text, a.cue_kind, a.cue.start, a.cue.end,
                a.source.text if a.source else None, a.source_kind, ref,
                a.source.start if a.source else None, a.source.end if a.source else None,
                a.content.text if a.content else None,
                a.content.start if a.content else None, a.content.end if a.content else None,
                int(a.direct), content_parts_json(a),
            ))
        prepared.statements.append((
            st.idx, st.start, st.end, st.text, int(st.is_headline), st.sourcing, st.score,
            st.grade, json.dumps(st.reasons, ensure_ascii=False),
            json.dumps([h.to_dict() for h in st.hedges], ensure_ascii=False),
            _chain_depth(chain), primary.cue_kind if primary else None,
            primary.source_kind if primary else None, primary_ref, article.outlet,
            article.source_table, int(st.claim), st.claim_reason,
        ))


# ---------------------------------------------------------------- writer


# SQLite errors after which no further write can succeed (the disk or the file is the
# problem, not one article): a load stops rather than fail every article after it.
FATAL_ERRORS = {sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_NOMEM,
                sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_READONLY}


def is_fatal(error: Exception) -> bool:
    code = getattr(error, "sqlite_errorcode", None)  # (Python 3.11+; older: the words)
    if code is not None:
        return code & 0xFF in FATAL_ERRORS
    said = str(error)
    return any(words in said for words in ("disk is full", "disk I/O error", "readonly",
                                           "malformed", "out of memory"))


class BatchLost(sqlite3.OperationalError):
    """SQLite ended the write transaction itself (disk full, I/O error): the articles
    written since the last commit are not stored (those before it are, each whole)."""

    def __init__(self, error: Exception, lost: int):
        super().__init__(f"{error} (the write transaction was rolled back: the "
                         f"{lost + 1} article(s) written since the last commit were not stored)")
        self.sqlite_errorcode = getattr(error, "sqlite_errorcode", None)


class Writer:
    """The single writer: batches articles into transactions, one savepoint per article.

    Use as a context manager; ``write()`` returns "loaded" or "unchanged";
    ``commit_if_due()`` ends the batch when it is big or old enough.

    Counts (provenance_summary, provenance_facet_counts, sources.statement_count) of
    inserted statements are
    added once per batch, before it commits, by SQL over the batch's statement ids
    (ids are handed out in increasing order, so a batch's new rows are one id range):
    cheaper than counting article by article in Python, and rows a failed article's
    savepoint took back are simply not there to count.
    """

    def __init__(self, db: sqlite_utils.Database, batch_size: int = 200,
                 batch_seconds: float = 1.0):
        self.db = db
        self.conn = db.conn
        self.batch_size = batch_size
        self.batch_seconds = batch_seconds
        self._pending = 0
        self._started = None
        self._source_ids: Dict[tuple, int] = {}  # (name, scope) -> id
        self._next_statement_id = None
        self._uncounted_from = None  # first statement id not yet in the counts

    def __enter__(self):
        # Inside a caller's transaction (e.g. a jobs batch) we only add savepoints:
        # the caller commits or rolls back the whole thing.
        self.nested = self.conn.in_transaction
        return self

    def __exit__(self, exc_type, exc, tb):
        # Even after an error the open batch holds only whole articles (a failed
        # article's savepoint is rolled back), so keep it: nothing loaded is lost.
        if not self.conn.in_transaction:
            return
        if self.nested:
            self._count_new_rows()  # the caller commits (or rolls back) them with its own
            return
        try:
            self._count_new_rows()
            self.conn.execute("COMMIT")
        except BaseException:  # (also Ctrl-C: an open transaction must not be left behind)
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    # -- transactions

    def _begin(self):
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
            self._started = time.monotonic()
            self._pending = 0
            self._next_statement_id = None
        if self._next_statement_id is None:
            row = self.conn.execute("select coalesce(max(id), 0) from statements").fetchone()
            self._next_statement_id = self._uncounted_from = row[0] + 1

    def commit(self):
        if self.conn.in_transaction and not self.nested:
            self._count_new_rows()
            self.conn.execute("COMMIT")
        self._pending = 0

    def commit_if_due(self):
        if self.conn.in_transaction and not self.nested and (
            self._pending >= self.batch_size
            or time.monotonic() - self._started >= self.batch_seconds
        ):
            self.commit()

    # -- reads the loader needs

    def stored(self, aid: str):
        """(extractor_version, origin) of a stored article, or None."""
        return self.conn.execute(
            "select extractor_version, origin from articles where id = ?", [aid]).fetchone()

    # -- writes

    def write(self, prepared: Prepared, replace: bool = False, parts=None, after=None) -> str:
        """Store one article all-or-nothing; "loaded", or "unchanged" if already current.

        With ``replace`` the stored rows of the same id are replaced (re-extraction).
        A different article stored from the same origin is removed (the file changed).
        ``parts`` (an iterator of Prepared) adds more statements of the same article as
        they are produced (huge articles, window by window), inside the same savepoint.
        ``after(article id)`` runs inside it too, once the article is stored.
        """
        self._begin()
        uncounted_from = self._uncounted_from
        self.conn.execute("SAVEPOINT article")
        try:
            status = self._write(prepared, replace, parts)
            if after is not None and status == "loaded":
                after(prepared.id)
        except BaseException as e:
            if not self.conn.in_transaction:
                # SQLite rolled the whole transaction back (disk full, I/O error): the
                # savepoint and the batch's earlier articles went with it.
                lost = self._pending
                self._forget_batch()
                if self.nested or not isinstance(e, sqlite3.Error):
                    raise
                raise BatchLost(e, lost) from e
            self.conn.execute("ROLLBACK TO article")
            self.conn.execute("RELEASE article")
            self._source_ids.clear()  # ids inserted inside the savepoint are gone
            self._uncounted_from = uncounted_from  # so are counts added inside it
            raise
        self.conn.execute("RELEASE article")
        self._pending += 1
        return status

    def _forget_batch(self) -> None:
        self._source_ids.clear()
        self._next_statement_id = None
        self._pending = 0

    def touch_origin(self, aid: str, origin: Optional[str], path: Optional[str]) -> None:
        """An unchanged article met at a new origin (moved or duplicate file) now lives there."""
        if origin is None:
            return
        self._begin()
        self.conn.execute("update articles set origin = ?, path = ? where id = ?", [origin, path, aid])
        self._pending += 1

    def _write(self, p: Prepared, replace: bool, parts=None) -> str:
        conn = self.conn
        stored = self.stored(p.id)
        if stored is not None and not replace:
            if stored[1] != p.origin:
                conn.execute("update articles set origin = ?, path = ? where id = ?",
                             [p.origin, p.article["path"], p.id])
            return "unchanged"
        if stored is not None or self._has_stray_rows(p.id):
            self.delete_article(p.id)
        if p.origin is not None:
            for (old,) in conn.execute(
                "select id from articles where origin = ? and id != ?", [p.origin, p.id]
            ).fetchall():
                self.delete_article(old)
        row = dict(p.article)
        row["loaded_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        conn.execute(
            f"insert into articles ({', '.join(_q(c) for c in ARTICLE_COLUMNS)}) "
            f"values ({', '.join('?' * len(ARTICLE_COLUMNS))})",
            [row.get(c) for c in ARTICLE_COLUMNS],
        )
        base = self._next_statement_id
        count, top = self._insert_rows(p, base)
        for part in parts or ():
            n, part_top = self._insert_rows(part, base)
            count, top = count + n, max(top, part_top)
        self._next_statement_id = base + top + 1
        if parts is not None:
            conn.execute("update articles set statement_count = ? where id = ?", [count, p.id])
        if p.article["outlet"]:  # outlets are first-class rows, rated like sources
            conn.execute("insert or ignore into outlets (name) values (?)", [p.article["outlet"]])
        return "loaded"

    def _has_stray_rows(self, aid: str) -> bool:
        """Statements of ``aid`` without its articles row (deleted by hand with foreign keys
        off): loading the article again replaces them rather than adding its own beside them."""
        return self.conn.execute(
            "select 1 from statements where article_id = ? limit 1", [aid]).fetchone() is not None

    def _insert_rows(self, p: Prepared, first: int):
        """Insert p's sources, statements and attributions (statement id = first + idx);
        return (statements inserted, highest idx or -1)."""
        conn = self.conn
        for name, kind, scope, aliases in p.sources:
            sid = self._source_id(name, kind, scope)
            conn.executemany(
                "insert or ignore into source_aliases (source_id, alias) values (?, ?)",
                [(sid, alias) for alias in aliases])
        statement_rows = []
        for st in p.statements:
            idx, ref = st[0], st[13]
            sid = self._source_id(*ref) if ref else None
            statement_rows.append((first + idx, p.id) + st[:13] + (sid,) + st[14:])
        conn.executemany(
            f"insert into statements ({', '.join(_q(c) for c in STATEMENT_COLUMNS)}) "
            f"values ({', '.join('?' * len(STATEMENT_COLUMNS))})", statement_rows)
        attribution_rows = []
        for a in p.attributions:
            ref = a[9]
            sid = self._source_id(*ref) if ref else None
            attribution_rows.append(
                (first + a[0], p.id) + a[1:9] + (sid,) + a[10:] + (ref[0] if ref else None,))
        conn.executemany(
            f"insert into attributions ({', '.join(ATTRIBUTION_COLUMNS)}) "
            f"values ({', '.join('?' * len(ATTRIBUTION_COLUMNS))})", attribution_rows)
        # (counted in _count_new_rows, once per batch)
        return len(statement_rows), max((st[0] for st in p.statements), default=-1)

    def _count_new_rows(self) -> None:
        """Add the statements inserted since the last count to provenance_summary,
        provenance_facet_counts and sources.statement_count (one id range; see the class
        docstring)."""
        lo, hi = self._uncounted_from, self._next_statement_id
        if lo is None or hi is None or hi <= lo:
            return
        span = {"lo": lo, "hi": hi - 1}
        conn = self.conn
        # All three counts or none: a Ctrl-C between them, then __exit__'s commit counting
        # the range again, added a batch twice. The mark moves inside the savepoint, so an
        # interrupt after it leaves counts and mark agreeing (the commit keeps both).
        conn.execute("SAVEPOINT counts")
        try:
            conn.execute(
                "insert into provenance_summary (dimension, key, grade, n) "
                f"select * from ({summary_select(id_range=True)}) where true "
                "on conflict (dimension, key, grade) do update set n = n + excluded.n", span)
            facet_counts.add(conn, [(row[:-1], row[-1]) for row in conn.execute(
                facet_counts.counts_select(id_range=True), span).fetchall()])
            conn.executemany(
                "update sources set statement_count = statement_count + ? where id = ?",
                [(n, sid) for sid, n in conn.execute(
                    "select source_id, count(distinct statement_id) from attributions "
                    "where statement_id between :lo and :hi and source_id is not null "
                    "group by source_id", span)])
            self._uncounted_from = hi
        except BaseException:
            self._uncounted_from = lo
            if conn.in_transaction:
                conn.execute("ROLLBACK TO counts")
                conn.execute("RELEASE counts")
            raise
        conn.execute("RELEASE counts")

    def count_new_rows(self) -> None:
        """Count this batch's inserted statements now: before UPDATEs of them (rescore),
        whose trigger moves counts the batch has not added yet."""
        self._count_new_rows()

    def delete_article(self, aid: str) -> None:
        """Remove an article with its statements and attributions, keeping counts right."""
        self._count_new_rows()  # its rows may be in the batch's uncounted range
        conn = self.conn
        rows = conn.execute(
            f"select {', '.join(_q(c) for c in STATEMENT_COLUMNS)} from statements "
            "where article_id = ?", [aid]).fetchall()
        counts = summary_counts(rows)
        facet_counts.add(conn, [(combination, -n) for combination, n in Counter(
            tuple(row[_STATEMENT_INDEX[c]] for c in facet_counts.COLUMNS) for row in rows
        ).items()])
        cited = Counter()  # source id -> statements of this article citing it
        for sid, grade, n in conn.execute(
                "select a.source_id, coalesce(s.grade, ''), count(distinct a.statement_id) "
                "from attributions a join statements s on s.id = a.statement_id "
                "where a.article_id = ? and a.source_id is not null "
                "group by a.source_id, s.grade", [aid]):
            counts[(SOURCE_ANY, str(sid), grade)] += n
            cited[sid] += n
        conn.executemany(
            "update sources set statement_count = statement_count - ? where id = ?",
            [(n, sid) for sid, n in cited.items()])
        self._summary(counts, -1)
        conn.execute("delete from attributions where article_id = ?", [aid])
        conn.execute("delete from statements where article_id = ?", [aid])
        conn.execute("delete from articles where id = ?", [aid])
        # Aliases are not kept per article: those of a source no article cites any more
        # go (the row stays, with its rating); a reload adds its article's back.
        conn.executemany(
            "delete from source_aliases where source_id = ? and not exists"
            " (select 1 from attributions where source_id = ?)",
            [(sid, sid) for sid in sorted(cited)])

    def _summary(self, counts: Counter, sign: int) -> None:
        """Add (or take away) these counts ((dimension, key, grade) -> n) in provenance_summary."""
        if not counts:
            return
        self.conn.executemany(
            "insert into provenance_summary (dimension, key, grade, n) values (?, ?, ?, ?) "
            "on conflict (dimension, key, grade) do update set n = n + excluded.n",
            [(d, k, g, sign * n) for (d, k, g), n in counts.items()])
        if sign < 0:  # cells that reached zero, by primary key (no scan of the summary)
            self.conn.executemany(
                "delete from provenance_summary where dimension = ? and key = ? and grade = ? "
                "and n <= 0", list(counts))

    def _source_id(self, name: str, kind: str, scope: Optional[str] = None) -> int:
        sid = self._source_ids.get((name, scope))
        if sid is None:
            row = self.conn.execute("select id from sources where name = ? and coalesce(scope, '') = ?",
                                    [name, scope or ""]).fetchone()
            if row:
                sid = row[0]
            else:
                # A name the identity pass merged away gets its old id back; the pass
                # run after the load merges it again if it still stands for another.
                sid = self.conn.execute(
                    "insert into sources (id, name, kind, reliability, statement_count, scope) "
                    f"values ({identity.NEW_ID_SQL}, ?, ?, ?, 0, ?)",
                    [name, scope, name, kind, DEFAULT_RELIABILITY, scope]).lastrowid
            self._source_ids[(name, scope)] = sid
        return sid


_STATEMENT_INDEX = {name: i for i, name in enumerate(STATEMENT_COLUMNS)}
_GRADE = _STATEMENT_INDEX["grade"]


def summary_counts(statement_rows) -> Counter:
    """(dimension, key, grade) -> statements, for rows in STATEMENT_COLUMNS order."""
    counts = Counter()
    for row in statement_rows:
        grade = row[_GRADE] or ""
        for dimension, column in SUMMARY_DIMENSIONS.items():
            if column is None:
                key = ""
            else:
                value = row[_STATEMENT_INDEX[column]]
                if value is None:
                    continue
                key = str(value)
            counts[(dimension, key, grade)] += 1
    return counts


def content_parts_json(attribution) -> Optional[str]:
    """'[[start, end], ...]' for a content in several pieces, None for one piece (its
    content span says it all; the text of each piece is the article's text there)."""
    parts = getattr(attribution, "content_parts", None) or []
    if len(parts) < 2:
        return None
    return json.dumps([[part.start, part.end] for part in parts])


def content_parts_pairs(stored) -> List[Tuple[int, int]]:
    """The (start, end) pieces a content_parts value holds, in text order: what
    content_parts_json wrote; [] for NULL (one piece), junk, or fewer than two pieces."""
    try:
        pairs = json.loads(stored) if stored else []
    except (TypeError, ValueError):
        return []
    if not isinstance(pairs, list):
        return []
    kept = sorted((pair[0], pair[1]) for pair in pairs
                  if isinstance(pair, list) and len(pair) == 2
                  and all(type(p) is int for p in pair) and 0 <= pair[0] < pair[1])
    return kept if len(kept) > 1 else []


def _q(column: str) -> str:
    return f'"{column}"'


# ---------------------------------------------------------------- conveniences


def save(db: sqlite_utils.Database, article: Article, document: Document,
         extractor_version: Optional[str] = None) -> str:
    """Store (or replace) one analysed article in its own transaction; return its id."""
    if extractor_version is None:
        from . import text
        extractor_version = text.EXTRACTOR_VERSION
    if not db.conn.in_transaction:  # journal-mode pragmas cannot run inside one
        ensure_schema(db)
    prepared = prepare(article, document, extractor_version)
    with Writer(db) as writer:
        writer.write(prepared, replace=True)
    return prepared.id


def load_articles(db, items, **kwargs):
    """Extract and store articles; see ``loader.load_articles``."""
    from .loader import load_articles as _load
    return _load(db, items, **kwargs)


def check(db) -> List[str]:
    """Problems with the stored invariants; see ``checks.check``."""
    from .checks import check as _check
    return _check(db)
