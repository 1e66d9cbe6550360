"""`datasette provenance analyze DB TABLE COLUMN`: analyse a column of any table."""
from __future__ import annotations

import os
import sys

import click
import sqlite_utils

from . import jobs
from .cli_options import config_option
from .wording import counted


@click.command()
@click.argument("db_path", type=click.Path(exists=True, dir_okay=False))
@click.argument("table")
@click.argument("column")
@click.option("--title", help="Column holding each article's title")
@click.option("--url", help="Column holding each article's URL")
@click.option("--published", help="Column holding each article's publication date")
@click.option("--outlet", help="Column holding each article's outlet (publisher)")
@click.option("--format", "text_format", type=click.Choice(jobs.TEXT_FORMATS), default="auto",
              show_default=True, help="Read the text as plain text or HTML (auto: HTML when it looks like it)")
@click.option("--batch-size", type=click.IntRange(min=1), default=jobs.DEFAULT_BATCH_SIZE,
              show_default=True, help="Rows per transaction")
@click.option("--max-batches", type=click.IntRange(min=1), hidden=True,
              help="Stop after this many batches, leaving the job to resume")
@config_option()
def analyze(db_path, table, column, title, url, published, outlet, text_format, batch_size,
            max_batches, config_path):
    """Analyse the text in TABLE.COLUMN of DB_PATH, linking statements to their rows.

    The run is recorded in the provenance_jobs table; running the same command again
    after an interruption resumes it where it stopped.
    """
    from .analysis_inputs import analysis_inputs
    from .cli import _config

    db = sqlite_utils.Database(db_path)
    config = _config(config_path, db_path)
    try:
        analysis_inputs(None, config)  # a bad weight or plugin lexicon: say so before starting
    except ValueError as e:
        raise click.ClickException(str(e))
    options = {"title": title, "url": url, "published": published, "outlet": outlet,
               "format": text_format}
    try:
        jobs.check_source(db, table, column, jobs.clean_options(options))
    except jobs.JobError as e:
        raise click.ClickException(f"{db_path}: {e}")
    resumable = jobs.find_unfinished(db, table, column, options,
                                     statuses=jobs.UNFINISHED + ("failed",))
    if resumable:
        job_id = resumable[-1]
        jobs.requeue(db, job_id)
        job = jobs.get_job(db, job_id)
        click.echo(f"Resuming job {job_id} after row {job['cursor_rowid']} "
                   f"({job['done']} of {job['total']} rows done)", err=True)
    else:
        name = os.path.splitext(os.path.basename(db_path))[0]
        job_id = jobs.create_job(db, table, column, options, database_name=name)
        job = jobs.get_job(db, job_id)
    with click.progressbar(length=job["total"], label=f"Analysing {table}.{column}",
                           show_pos=True, file=sys.stderr) as bar:
        bar.update(job["done"])
        seen = {"done": job["done"]}

        def progress(current):
            bar.update(max(0, current["done"] - seen["done"]))
            seen["done"] = current["done"]

        try:
            job = jobs.run_job(db, job_id, batch_size=batch_size, max_batches=max_batches,
                               progress=progress, config=config)
        except KeyboardInterrupt:
            # (Ctrl-C) Each batch is one transaction: the rows done are stored, the batch
            # in hand is not. Click alone said "Aborted!".
            done = jobs.get_job(db, job_id)
            click.echo(f"\ninterrupted: job {job_id} stopped after row {done['cursor_rowid']} "
                       f"({done['done']} of {done['total']} rows done); run the same command "
                       "again to resume it", err=True)
            sys.exit(130)
        except Exception as e:
            jobs.fail_job(db, job_id, f"{type(e).__name__}: {e}")
            raise click.ClickException(
                f"{db_path}: job {job_id} failed: {e}; run the same command again to resume it")
    counts = jobs.source_row_counts(db, table)
    not_text = f"{job['not_text']} not text, " if job["not_text"] else ""
    click.echo(f"job {job_id} {job['status']}: {counted(job['done'], 'row')} analysed "
               f"({job['skipped']} without text, {not_text}{job['failed']} failed), "
               f"{counted(counts['articles'], 'article')}, {counted(counts['statements'], 'statement')}"
               f" from {table}")
    if job["not_text"]:
        click.echo(f"note: {counted(job['not_text'], 'row')} of {table}.{column} "
                   f"{'holds' if job['not_text'] == 1 else 'hold'} a number, binary data or no letter "
                   "at all, not text an article could be: skipped", err=True)
    for error in job["row_errors"]:
        click.echo(f"error: {table} row {error['pk']}: {error['error']}", err=True)
    if job["failed"]:
        sys.exit(1)
