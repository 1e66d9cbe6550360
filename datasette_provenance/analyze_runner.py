"""Run analysis jobs inside Datasette, in the background, and resume them on startup.

Reads go through ``execute_fn``, the extractor runs in a worker thread so the write
connection is not held while text is analysed, and each batch is written by one
``execute_write_fn`` call (one transaction, cursor included; see ``jobs``).
"""
from __future__ import annotations

import asyncio
import functools
from typing import Dict, Tuple

import sqlite_utils

from . import compat, jobs
from .analysis_inputs import analysis_inputs, article_ratings
from .stored_scoring import StoredWeightsError, ratings_version
from .config import PLUGIN

WEB_BATCH_SIZE = 10


def _db(conn) -> sqlite_utils.Database:
    return sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)


def _futures(datasette) -> Dict[Tuple[str, int], asyncio.Future]:
    if not hasattr(datasette, "_provenance_jobs"):
        datasette._provenance_jobs = {}
    return datasette._provenance_jobs


def start(datasette, database: str, job_id: int, batch_size: int = WEB_BATCH_SIZE) -> None:
    """Run the job in the background unless this Datasette already runs it."""
    key = (database, job_id)
    current = _futures(datasette).get(key)
    if current is not None and not current.done():
        return
    _futures(datasette)[key] = asyncio.get_event_loop().create_future()
    compat.start_background_task(
        datasette, functools.partial(run, database=database, job_id=job_id, batch_size=batch_size),
        name=f"provenance-job-{database}-{job_id}")


async def run(datasette, database: str, job_id: int, batch_size: int = WEB_BATCH_SIZE) -> None:
    db = datasette.get_database(database)
    loop = asyncio.get_running_loop()
    config = datasette.plugin_config(PLUGIN, database=database) or {}
    try:
        while True:
            job = await db.execute_fn(lambda conn: jobs.get_job(_db(conn), job_id))
            if job is None or job["status"] not in jobs.UNFINISHED:
                break
            # Weights and ratings as load and rescore use them, read per batch.
            version, rows, analysis, per_article = await db.execute_fn(lambda conn: (
                ratings_version(conn), jobs.next_rows(_db(conn), job, batch_size),
                analysis_inputs(conn, config), article_ratings(conn)))
            batch = await loop.run_in_executor(None, functools.partial(
                jobs.analyse_rows, job, rows, analysis=analysis, per_article=per_article))
            batch.inputs_version = version
            await compat.execute_write_fn(db, lambda conn: jobs.commit_batch(
                _db(conn), job_id, job["cursor_rowid"], batch, batch_size, config),
                wait_ms=compat.LOCK_WAIT_MS)
    except Exception as e:  # the job page shows the error; the server carries on
        # Unreadable stored weights: said without the database file's path (a web page).
        message = e.web_message(database) if isinstance(e, StoredWeightsError) \
            else f"{type(e).__name__}: {e}"
        await compat.execute_write_fn(db, lambda conn: jobs.fail_job(_db(conn), job_id, message))
    finally:
        future = _futures(datasette).get((database, job_id))
        if future is not None and not future.done():
            future.set_result(None)


def resume_on_startup(datasette) -> None:
    """From the startup hook: resume unfinished jobs once the server's loop runs."""
    datasette._provenance_resuming = True
    compat.start_background_task(datasette, resume_all, name="provenance-resume-jobs")


async def resume_all(datasette) -> None:
    """Start every queued or running job of every writable database (after a restart)."""
    try:
        await _resume_all(datasette)
    finally:
        datasette._provenance_resuming = False


async def _resume_all(datasette) -> None:
    for name, db in list(datasette.databases.items()):
        if not db.is_mutable or name == "_internal" or db.is_memory:
            continue
        try:
            ids = await db.execute_fn(lambda conn: jobs.find_unfinished(_db(conn)))
        except Exception:
            continue  # unreadable database: nothing of ours to resume
        for job_id in ids:
            start(datasette, name, job_id)


async def wait_for_jobs(datasette, timeout: float = 60) -> None:
    """Wait until resumption has run and every job this Datasette started has stopped."""
    async def settle():
        while getattr(datasette, "_provenance_resuming", False):
            await asyncio.sleep(0.01)
        while True:
            pending = [f for f in _futures(datasette).values() if not f.done()]
            if not pending:
                return
            await asyncio.gather(*pending)

    await asyncio.wait_for(settle(), timeout)
