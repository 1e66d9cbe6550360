"""Analyse a column of any table, as a resumable job recorded in ``provenance_jobs``.

A job walks the source table in rowid order, a batch at a time. Each batch is one
transaction that writes the batch's articles (through ``store.save``) *and* moves the
job's cursor, so a crash loses at most the batch in flight and a restart continues
after the last committed row: no row is skipped and none is stored twice.

Everything here is synchronous and takes a ``sqlite_utils.Database``; the CLI calls
it directly and Datasette calls it through ``execute_fn`` / ``execute_write_fn``
(see ``analyze_runner``).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Iterable, List, Optional, Tuple

import sqlite_utils
from datasette.utils import tilde_encode

from . import identity, plugins, rescore, store
from .analysis_inputs import analysis_inputs, article_ratings, current_weights, for_article
from .html_text import html_to_text, looks_like_html
from .ingest import parse_date
from .model import Article, Document
from .pipeline import analyse
from .stored_scoring import ratings_version
from .table_columns import quote
from .text import EXTRACTOR_VERSION

JOBS_TABLE = "provenance_jobs"
# Optional metadata columns a job can map, in the order forms and the CLI show them.
METADATA_OPTIONS = ("title", "url", "published", "outlet")
UNFINISHED = ("queued", "running")
# How the text column is read: "auto" converts values that look like HTML to plain text.
TEXT_FORMATS = ("auto", "text", "html")
# Row errors kept on the job (the count is exact, the list is a sample).
KEEP_ROW_ERRORS = 20
DEFAULT_BATCH_SIZE = 20
# The project's own tables: analysing them makes no sense, so no table action there.
PROJECT_TABLES = {"articles", "statements", "attributions", "sources", "source_aliases",
                  "outlets", "rating_changes", JOBS_TABLE}


@dataclass
class Batch:
    """A batch of source rows and what analysing them gave."""
    rows: List[dict]
    results: List[Tuple[Article, Document]] = field(default_factory=list)
    errors: List[dict] = field(default_factory=list)
    not_text: int = 0  # rows whose cell is a number, binary data or has no letter at all
    # stored_scoring.ratings_version when the batch's ratings and weights were read
    inputs_version: Optional[tuple] = None


class JobError(ValueError):
    """A job that cannot be created or run as asked (unknown table or column...)."""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def is_project_table(name: str) -> bool:
    return name in PROJECT_TABLES or name.startswith("provenance_")


def ensure_jobs_table(db: sqlite_utils.Database) -> None:
    if JOBS_TABLE not in db.table_names():
        db[JOBS_TABLE].create(
            {
                "id": int, "database_name": str, "table_name": str, "column_name": str,
                "options": str, "status": str, "done": int, "skipped": int, "total": int,
                "cursor_rowid": int, "extractor_version": str, "created": str,
                "started": str, "finished": str, "error": str, "actor": str,
            },
            pk="id", not_null={"table_name", "column_name", "status"},
            defaults={"status": "queued", "done": 0, "skipped": 0, "cursor_rowid": 0},
        )
        db[JOBS_TABLE].create_index(["status"], if_not_exists=True)
    # Added after the first release of the table: rows whose text the extractor failed on.
    existing = set(db[JOBS_TABLE].columns_dict)
    for name, type_ in (("failed", int), ("row_errors", str), ("not_text", int)):
        if name not in existing:
            db[JOBS_TABLE].add_column(name, type_, not_null_default=0 if type_ is int else None)


def clean_options(options: Optional[dict]) -> dict:
    """The options as stored: no empty values, and the default text format left out."""
    return {k: v for k, v in (options or {}).items()
            if v and not (k == "format" and v == "auto")}


def check_source(db: sqlite_utils.Database, table: str, column: str, options: dict) -> None:
    """Raise JobError, with a message for the user, unless the job can run."""
    if table not in db.table_names():
        raise JobError(_no_table(db, table))
    if store.has_foreign_articles(db):
        raise JobError(store.FOREIGN_ARTICLES)
    if is_project_table(table):
        raise JobError(f"{table!r} is one of datasette-provenance's own tables")
    if options.get("format", "auto") not in TEXT_FORMATS:
        raise JobError(f"format must be one of {', '.join(TEXT_FORMATS)}")
    columns = set(db[table].columns_dict)
    for role, name in [("text", column)] + [(k, options.get(k)) for k in METADATA_OPTIONS]:
        if name and name not in columns:
            raise JobError(f"table {table!r} has no column {name!r} (for the {role})")
    try:
        db.execute(f"select rowid from {quote(table)} limit 0")
    except Exception:
        raise JobError(f"table {table!r} has no rowid (WITHOUT ROWID tables are not supported)")
    if rowid_name(db, table) is None:
        raise JobError(f"table {table!r} has its own columns named rowid, _rowid_ and oid, "
                       "which hide the row ids a job resumes by; rename one of them")


def _no_table(db: sqlite_utils.Database, table: str) -> str:
    if table in db.view_names():
        return (f"{table!r} is a view: analyze reads a table (it resumes by row id, which a view "
                "has not); e.g. create table my_articles as select * from ...")
    near = [t for t in db.table_names() + db.view_names() if t.lower() == table.lower()]
    return f"no table named {table!r}" + (f" (did you mean {near[0]!r}?)" if near else "")


def rowid_name(db: sqlite_utils.Database, table: str) -> Optional[str]:
    """How to say the row id of ``table``: rowid, unless the table has a column of that
    name (a scraped table's own "rowid" column hides it), then _rowid_ or oid."""
    columns = {name.lower() for name in db[table].columns_dict}
    return next((name for name in ("rowid", "_rowid_", "oid") if name not in columns), None)


def create_job(db: sqlite_utils.Database, table: str, column: str, options: Optional[dict] = None,
               database_name: Optional[str] = None, actor: Optional[dict] = None) -> int:
    """Validate, prepare the schema and record a queued job; return its id."""
    options = clean_options(options)
    check_source(db, table, column, options)
    store.ensure_schema(db)
    ensure_jobs_table(db)
    total, first = db.execute(
        f"select count(*), min({rowid_name(db, table)}) from {quote(table)}").fetchone()
    # The cursor is the last rowid done: start before the first row, which may be 0 or
    # negative (an integer primary key counted from 0, as Python's enumerate does).
    cursor = min(0, first - 1) if first is not None else 0
    with db.atomic():
        return db[JOBS_TABLE].insert({
            "database_name": database_name, "table_name": table, "column_name": column,
            "options": json.dumps(options, sort_keys=True), "status": "queued", "done": 0,
            "skipped": 0, "total": total, "cursor_rowid": cursor,
            "extractor_version": EXTRACTOR_VERSION, "created": now(),
            "actor": json.dumps(actor) if actor else None,
        }).last_pk


def get_job(db: sqlite_utils.Database, job_id: int) -> Optional[dict]:
    if JOBS_TABLE not in db.table_names():
        return None
    rows = list(db.query(f"select * from {JOBS_TABLE} where id = ?", [job_id]))
    if not rows:
        return None
    job = rows[0]
    job["options"] = json.loads(job["options"] or "{}")
    job["row_errors"] = json.loads(job.get("row_errors") or "[]")
    job["failed"] = job.get("failed") or 0
    job["not_text"] = job.get("not_text") or 0
    return job


def find_unfinished(db: sqlite_utils.Database, table: Optional[str] = None,
                    column: Optional[str] = None, options: Optional[dict] = None,
                    statuses: Iterable[str] = UNFINISHED) -> List[int]:
    """Ids of jobs not yet done, optionally only those analysing exactly this column."""
    if JOBS_TABLE not in db.table_names():
        return []
    statuses = list(statuses)
    sql = f"select id from {JOBS_TABLE} where status in ({', '.join('?' * len(statuses))})"
    params: list = statuses
    if table is not None:
        sql += " and table_name = ? and column_name = ? and options = ?"
        params = params + [table, column, json.dumps(clean_options(options), sort_keys=True)]
    return [r[0] for r in db.execute(sql + " order by id", params).fetchall()]


def next_rows(db: sqlite_utils.Database, job: dict, limit: int) -> List[dict]:
    """The next ``limit`` source rows after the job's cursor, in rowid order."""
    table = job["table_name"]
    pks = [c.name for c in db[table].columns if c.is_pk]
    wanted = {"text": job["column_name"]}
    wanted.update({k: v for k, v in job["options"].items() if k in METADATA_OPTIONS and v})
    rowid = rowid_name(db, table)
    selects = [f"{rowid} as __rowid"]
    selects += [f"{quote(name)} as {quote('pk_' + str(i))}" for i, name in enumerate(pks)]
    selects += [f"{quote(name)} as {quote(role)}" for role, name in wanted.items()]
    sql = (f"select {', '.join(selects)} from {quote(table)} where {rowid} > ? "
           f"order by {rowid} limit ?")
    rows = []
    # A TEXT cell that is not UTF-8 (written by another tool) made sqlite3 raise "Could
    # not decode to UTF-8" for the whole batch: the job failed, and failed again at the
    # same row on every resume. Such a cell is read as BadText, which fails that row alone.
    factory, db.conn.text_factory = db.conn.text_factory, _text_or_bad
    try:
        found = list(db.query(sql, [job["cursor_rowid"], limit]))
    finally:
        db.conn.text_factory = factory
    for row in found:
        pk_values = [row.pop(f"pk_{i}") for i in range(len(pks))]
        # The row's address in Datasette's row URLs: tilde-encoded pks, or the rowid.
        row["pk_path"] = (",".join(tilde_encode(str(v)) for v in pk_values)
                          if pks else str(row["__rowid"]))
        rows.append(row)
    return rows


class BadText(bytes):
    """The bytes of a TEXT cell that are not UTF-8."""


def _text_or_bad(raw: bytes):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return BadText(raw)


class BadCell(ValueError):
    """A row whose text cannot be read: recorded against the row, in plain words."""


def _as_text(value) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, BadText):  # (a title or outlet: kept, its bad bytes shown as �)
        value = value.decode("utf-8", "replace")
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            return None
    value = str(value)
    return value if value.strip() else None


class NotText(ValueError):
    """A cell that is no article: a number, binary data, or text without a single letter
    ("2025", "12.5 %", "--"). Counted apart from empty cells so the summary names them:
    analysing them made "articles" of numbers."""


def is_not_text(value) -> bool:
    """Whether a text column's cell is not empty, yet not text an article could be."""
    if isinstance(value, (int, float)):
        return True
    text = _as_text(value)
    if text is None:  # empty, or bytes that are not UTF-8: binary data
        return isinstance(value, bytes) and bool(value.strip())
    return not any(c.isalpha() for c in text)


def row_article(job: dict, row: dict) -> Optional[Article]:
    """The article a source row holds, or None when its text column is empty; NotText
    when it holds a number or other value that is not text."""
    if isinstance(row.get("text"), BadText):
        bad = row["text"]
        try:
            bad.decode("utf-8")
        except UnicodeDecodeError as e:
            raise BadCell(f"the text is not valid UTF-8 (byte 0x{bad[e.start]:02x} at byte "
                          f"{e.start}): written by another tool in another encoding?") from None
    if row.get("text") is not None and is_not_text(row["text"]):
        raise NotText()
    text = _as_text(row.get("text"))
    if text is None:
        return None
    fmt = job["options"].get("format", "auto")
    if fmt == "html" or (fmt == "auto" and looks_like_html(text)):
        text, fmt = html_to_text(text), "html"
        if not text.strip():
            return None
        if is_not_text(text):  # ("<td>12</td>": the letters were the tags')
            raise NotText()
    else:
        fmt = "text"
    published = _as_text(row.get("published"))
    return Article(
        text=text,
        title=_as_text(row.get("title")), url=_as_text(row.get("url")),
        # ISO dates and datetimes are normalised as load does; anything else is kept as written.
        published=(parse_date(published) or published) if published else None,
        outlet=_as_text(row.get("outlet")),
        format=fmt, source_table=job["table_name"], source_rowid=row["__rowid"],
        source_pk=row["pk_path"],
    )


def analyse_rows(job: dict, rows: List[dict], analysis: dict,
                 per_article: Optional[dict] = None) -> Batch:
    """Pure work of a batch (no database): one analysed article per row that has text.

    ``analysis`` is keyword arguments for pipeline.analyse (analysis_inputs: weights,
    ratings, plugin cue words and score adjusters, as load uses); ``per_article`` the
    ratings of sources known only in one stored article (analysis_inputs.article_ratings).
    An extractor error on one row is recorded against that row; the batch goes on.
    """
    batch = Batch(rows=rows)
    for row in rows:
        try:
            article = row_article(job, row)
            if article is not None:
                own = for_article(analysis, per_article, store.article_id(article)
                                  if per_article else None)
                batch.results.append((article, analyse(article, **own)))
        except NotText:
            batch.not_text += 1
        except BadCell as e:
            batch.errors.append({"rowid": row["__rowid"], "pk": row["pk_path"], "error": str(e)})
        except Exception as e:  # an extractor bug on odd text fails that row, not the job
            batch.errors.append({"rowid": row["__rowid"], "pk": row["pk_path"],
                                 "error": f"{type(e).__name__}: {e}"})
    return batch


def commit_batch(db: sqlite_utils.Database, job_id: int, from_rowid: int, batch: Batch,
                 batch_size: int, config: Optional[dict] = None) -> Optional[dict]:
    """Write a batch's articles and advance the cursor in one transaction.

    A rating or weights change made while the batch was analysed (its ``inputs_version``
    moved) is applied to its articles before they commit, re-scoring them from their rows
    with the current ratings and weights (``config``: the plugin configuration).

    ``from_rowid`` is the cursor the batch was read from: when another runner has moved
    the cursor since, nothing is written and None is returned (the caller re-reads).
    """
    with db.atomic():
        ensure_jobs_table(db)  # a job table from before the failed/row_errors columns
        job = get_job(db, job_id)
        if job is None or job["status"] not in UNFINISHED or job["cursor_rowid"] != from_rowid:
            return None
        saved = [store.save(db, article, document, job["extractor_version"] or EXTRACTOR_VERSION)
                 for article, document in batch.results]
        if saved and batch.inputs_version is not None and \
                ratings_version(db.conn) != batch.inputs_version:
            rescore.rescore_articles(db.conn, saved, current_weights(db.conn, config),
                                     plugins.score_adjusters(config or {}))
        if saved:  # one real source per row, as after a load (identity.py)
            identity.resolve(db.conn, config)
        update = {"status": "running", "started": job["started"] or now()}
        rows = batch.rows
        if rows:
            update["cursor_rowid"] = rows[-1]["__rowid"]
            update["done"] = job["done"] + len(rows)
            update["failed"] = (job["failed"] or 0) + len(batch.errors)
            update["not_text"] = (job["not_text"] or 0) + batch.not_text
            update["skipped"] = (job["skipped"] + len(rows) - len(batch.results)
                                 - len(batch.errors) - batch.not_text)
            if batch.errors:
                kept = job["row_errors"] + batch.errors
                update["row_errors"] = json.dumps(kept[:KEEP_ROW_ERRORS])
        if len(rows) < batch_size:
            # A short batch is the last one: rows appended from now on need a new job.
            done = update.get("done", job["done"])
            update.update(status="done", finished=now(), total=max(done, job["total"] or 0))
        db[JOBS_TABLE].update(job_id, update)
    return get_job(db, job_id)


def fail_job(db: sqlite_utils.Database, job_id: int, error: str) -> None:
    with db.atomic():
        db[JOBS_TABLE].update(job_id, {"status": "failed", "error": error, "finished": now()})


def requeue(db: sqlite_utils.Database, job_id: int) -> None:
    """Let a failed job run again from its cursor."""
    with db.atomic():
        db[JOBS_TABLE].update(job_id, {"status": "queued", "error": None, "finished": None})


def run_job(db: sqlite_utils.Database, job_id: int, batch_size: int = DEFAULT_BATCH_SIZE,
            max_batches: Optional[int] = None,
            progress: Optional[Callable[[dict], None]] = None,
            config: Optional[dict] = None) -> dict:
    """Run a job to its end (or for ``max_batches``) in this process; return the job.

    ``config``: the plugin configuration (weights, and what the extension hooks read)."""
    batches = 0
    job = get_job(db, job_id)
    while job["status"] in UNFINISHED and (max_batches is None or batches < max_batches):
        # Read per batch: a rating or rescore during the run applies from the next batch.
        version = ratings_version(db.conn)
        batch = analyse_rows(job, next_rows(db, job, batch_size),
                             analysis=analysis_inputs(db.conn, config),
                             per_article=article_ratings(db.conn))
        batch.inputs_version = version
        committed = commit_batch(db, job_id, job["cursor_rowid"], batch, batch_size, config)
        job = committed or get_job(db, job_id)
        batches += 1
        if progress is not None:
            progress(job)
    return job


def source_row_counts(db: sqlite_utils.Database, table: str) -> dict:
    """How much the analysis of a table has produced so far."""
    row = db.execute(
        "select count(*), coalesce(sum(statement_count), 0) from articles where source_table = ?",
        [table]).fetchone()
    return {"articles": row[0], "statements": row[1]}
