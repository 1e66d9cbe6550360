"""Analyse any table from Datasette: the table action, the form, and the job pages.

Routes (each checks that the actor may view the database and the table it reads):

- ``/-/provenance/<db>/analyze/<table>``  GET: the form; POST: start a job (needs the
  ``provenance-analyze`` permission, Datasette's CSRF protection and the form's own
  token: form_tokens.py)
- ``/-/provenance/<db>/jobs/<id>`` and ``.json``  a job's progress
- ``/-/provenance/<db>/jobs`` and ``.json``  the database's jobs
"""
from __future__ import annotations

import json
from typing import List, Optional

from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import Forbidden, NotFound, Response

from . import compat, form_tokens, jobs
from .access import Missing, json_errors, viewable_database
from .analyze_runner import _db, start

ANALYZE_ACTION = "provenance-analyze"

# Column names that usually hold each role, best first (the form preselects them).
LIKELY = {
    "title": ("title", "headline", "heading", "name", "subject"),
    "url": ("url", "link", "href", "permalink", "uri"),
    "published": ("published", "date", "published_at", "pubdate", "publish_date", "created",
                  "datetime", "timestamp"),
    "outlet": ("outlet", "publisher", "site", "source", "domain", "newspaper", "publication"),
}

ROLES = [(role, "URL" if role == "url" else role.capitalize()) for role in LIKELY]


def routes():
    return [
        (r"^/-/provenance/(?P<database>[^/]+)/analyze/(?P<table>[^/]+)$", analyze_view),
        (r"^/-/provenance/(?P<database>[^/]+)/jobs/(?P<job_id>[0-9]+)(?P<format>\.json)?$",
         job_view),
        (r"^/-/provenance/(?P<database>[^/]+)/jobs(?P<format>\.json)?$", jobs_view),
    ]


def analyze_path(datasette, database: str, table: str) -> str:
    return datasette.urls.path(
        f"/-/provenance/{tilde_encode(database)}/analyze/{tilde_encode(table)}")


def job_path(datasette, database: str, job_id: int, fmt: str = "") -> str:
    return datasette.urls.path(f"/-/provenance/{tilde_encode(database)}/jobs/{job_id}{fmt}")


async def _database(datasette, request):
    """The database named in the URL, once the actor may view it (403 before 404 of tables)."""
    db = await viewable_database(datasette, request, ())
    return db.name, db


async def table_actions(datasette, actor, database, table):
    """The table action, for tables of writable databases the actor may analyse."""
    db = datasette.get_database(database)
    if jobs.is_project_table(table) or not db.is_mutable or db.is_memory:
        return []
    if table in await db.view_names():
        return []
    if not await compat.can(datasette, actor, ANALYZE_ACTION, database, table):
        return []
    return [{
        "href": analyze_path(datasette, database, table),
        "label": "Analyse attributions in this table",
        "description": "Find who said what, through whom, in a text column of this table.",
    }]


async def database_actions(datasette, actor, database):
    """A link to the database's analysis jobs, once it has any the actor may see."""
    db = datasette.get_database(database)
    if db.is_memory or not await db.table_exists(jobs.JOBS_TABLE):
        return []
    if not await compat.can_view(datasette, actor, database):
        return []
    return [{"href": datasette.urls.path(f"/-/provenance/{tilde_encode(database)}/jobs"),
             "label": "Analysis jobs",
             "description": "Progress of the analyses of this database's tables"}]


async def _columns(db, table: str) -> List[dict]:
    """The table's columns with a hint of how long their values run (first 100 rows)."""
    def read(conn):
        sdb = _db(conn)
        columns = sdb[table].columns
        sample = {c.name: 0.0 for c in columns}
        if columns:
            averages = ", ".join(
                f"avg(length({jobs.quote(c.name)}))" for c in columns)
            row = conn.execute(
                f"select {averages} from (select * from {jobs.quote(table)} limit 100)").fetchone()
            sample = {c.name: (row[i] or 0.0) for i, c in enumerate(columns)}
        return [{"name": c.name, "type": c.type, "is_pk": bool(c.is_pk),
                 "avg_length": round(sample[c.name])} for c in columns]

    return await db.execute_fn(read)


def _guess(columns: List[dict], role: str) -> Optional[str]:
    names = {c["name"].lower(): c["name"] for c in columns}
    for candidate in LIKELY[role]:
        if candidate in names:
            return names[candidate]
    return None


def _guess_text(columns: List[dict]) -> Optional[str]:
    """The column with the longest values, most likely the article body."""
    textual = [c for c in columns if not c["is_pk"]] or columns
    return max(textual, key=lambda c: c["avg_length"])["name"] if textual else None


async def analyze_view(datasette, request):
    database, db = await _database(datasette, request)
    table = tilde_decode(request.url_vars["table"])
    if not await db.table_exists(table):
        raise NotFound("Table not found")
    if not await compat.can_view(datasette, request.actor, database, [table]):
        raise Forbidden("You may not view this table")
    if not await compat.can(datasette, request.actor, ANALYZE_ACTION, database, table):
        raise Forbidden(f"You need the {ANALYZE_ACTION} permission to analyse this table")
    if not db.is_mutable or db.is_memory:
        raise Forbidden("This database cannot be written to")
    columns = await _columns(db, table)
    chosen = {"column": _guess_text(columns), "format": "auto",
              **{r: _guess(columns, r) for r in LIKELY}}
    error = None
    if request.method == "POST":
        form = await request.post_vars()
        if not form_tokens.token_is_valid(datasette, request.actor, database,
                                          form.get(form_tokens.FIELD), form_tokens.ANALYZE):
            raise Forbidden("Missing or expired form token: reload the page and try again")
        chosen = {key: (form.get(key) or None) for key in ("column", "format", *LIKELY)}
        options = {role: chosen[role] for role in ("format", *LIKELY)}
        if not chosen["column"]:
            error = "Choose the column that holds the text"
        else:
            actor = request.actor

            def create(conn):
                sdb = _db(conn)
                # The same analysis already queued, running or failed: carry on with it.
                existing = jobs.find_unfinished(sdb, table, chosen["column"], options,
                                                statuses=jobs.UNFINISHED + ("failed",))
                if existing:
                    jobs.requeue(sdb, existing[-1])
                    return existing[-1]
                return jobs.create_job(sdb, table, chosen["column"], options,
                                       database_name=database, actor=actor)

            try:
                job_id = await compat.execute_write_fn(db, create)
            except jobs.JobError as e:
                error = str(e)
            else:
                start(datasette, database, job_id)
                return Response.redirect(job_path(datasette, database, job_id))
    return Response.html(
        await datasette.render_template(
            "provenance_analyze.html",
            {
                "database": database, "table": table, "columns": columns, "chosen": chosen,
                "roles": ROLES,
                "error": error,
                "token": _token(datasette, request, database),
                "earlier": await _earlier_jobs(datasette, database, db, table),
                "table_url": datasette.urls.table(database, table),
                "jobs_url": datasette.urls.path(f"/-/provenance/{tilde_encode(database)}/jobs"),
            },
            request=request,
        ),
        status=400 if error else 200,
    )


def _token(datasette, request, database: str) -> str:
    return form_tokens.form_token(datasette, request.actor, database, form_tokens.ANALYZE)


async def _earlier_jobs(datasette, database: str, db, table: str, limit: int = 5) -> List[dict]:
    """The table's latest analyses, so the form says it was analysed before (and how a
    new run goes on from there) rather than looking like a first run."""
    def read(conn):
        if jobs.JOBS_TABLE not in _db(conn).table_names():
            return []
        return [dict(zip(("id", "column", "status", "done", "total", "created"), row))
                for row in conn.execute(
                    f"select id, column_name, status, done, total, created from {jobs.JOBS_TABLE}"
                    " where table_name = ? order by id desc limit ?", [table, limit])]

    found = await db.execute_fn(read)
    for job in found:
        job["url"] = job_path(datasette, database, job["id"])
    return found


def _job_json(datasette, database: str, job: dict, counts: dict) -> dict:
    total = job["total"] or 0
    actor = json.loads(job["actor"]) if job.get("actor") else None
    table = job["table_name"]
    return {
        "id": job["id"], "database": database, "table": table, "column": job["column_name"],
        "options": job["options"], "status": job["status"], "done": job["done"],
        "skipped": job["skipped"], "not_text": job["not_text"], "failed": job["failed"],
        "total": total,
        "row_errors": [dict(e, url=f"{datasette.urls.table(database, job['table_name'])}/{e['pk']}")
                       for e in job["row_errors"]],
        "percent": 100 if job["status"] == "done" else (
            round(100 * job["done"] / total, 1) if total else 0),
        "cursor_rowid": job["cursor_rowid"], "created": job["created"], "started": job["started"],
        "finished": job["finished"], "error": job["error"],
        "actor": actor.get("id") if isinstance(actor, dict) else None,
        "articles": counts["articles"], "statements": counts["statements"],
        "urls": {
            "html": job_path(datasette, database, job["id"]),
            "json": job_path(datasette, database, job["id"], ".json"),
            "table": datasette.urls.table(database, table),
            "statements": datasette.urls.table(database, "statements")
            + "?source_table=" + _quote_param(table),
            "articles": datasette.urls.table(database, "articles")
            + "?source_table=" + _quote_param(table),
        },
    }


def _quote_param(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


async def _visible_job(datasette, request, database, db, job_id) -> dict:
    """``job_id``: the URL's digits (more than SQLite's largest integer: no such job)."""
    from .ratings import row_id

    def read(conn):
        sdb = _db(conn)
        job = jobs.get_job(sdb, row_id(job_id)) if row_id(job_id) is not None else None
        counts = (jobs.source_row_counts(sdb, job["table_name"])
                  if job and "articles" in sdb.table_names() else {"articles": 0, "statements": 0})
        return job, counts

    job, counts = await db.execute_fn(read)
    # A job over a table the actor may not view answers exactly as a job that does not
    # exist: a 403 for one and a 404 for the other told which ids (and so how many
    # analyses of hidden tables) there are.
    if job is None or not await compat.can_view(datasette, request.actor, database,
                                                [job["table_name"]]):
        raise Missing(f"No analysis job {job_id} in {database}.", database,
                      [(f"Analysis jobs in {database}", datasette.urls.path(
                          f"/-/provenance/{tilde_encode(database)}/jobs"))])
    return _job_json(datasette, database, job, counts)


@json_errors
async def job_view(datasette, request):
    database, db = await _database(datasette, request)
    job = await _visible_job(datasette, request, database, db, request.url_vars["job_id"])
    if request.url_vars.get("format"):
        return Response.json(job)
    can_resume = job["status"] == "failed" and await compat.can(
        datasette, request.actor, ANALYZE_ACTION, database, job["table"])
    return Response.html(await datasette.render_template(
        "provenance_job.html",
        {"job": job, "database": database,
         "roles": ROLES,
         "resume_url": analyze_path(datasette, database, job["table"]) if can_resume else None,
         "token": _token(datasette, request, database) if can_resume else None,
         "script_url": datasette.urls.static_plugins("datasette_provenance", "provenance-job.js")},
        request=request,
    ))


@json_errors
async def jobs_view(datasette, request):
    database, db = await _database(datasette, request)

    def read(conn):
        sdb = _db(conn)
        if jobs.JOBS_TABLE not in sdb.table_names():
            return []
        return [r[0] for r in conn.execute(f"select id from {jobs.JOBS_TABLE} order by id desc")]

    listed = []
    for job_id in await db.execute_fn(read):
        try:
            listed.append(await _visible_job(datasette, request, database, db, job_id))
        except Missing:
            continue  # a job over a table this actor may not see stays hidden
    if request.url_vars.get("format"):
        return Response.json({"database": database, "jobs": listed})
    return Response.html(await datasette.render_template(
        "provenance_jobs.html", {"jobs": listed, "database": database}, request=request))
