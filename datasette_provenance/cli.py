"""`datasette provenance ...` commands: a thin click layer over the modules."""
from __future__ import annotations

import json
import sys

import click
import sqlite_utils

from . import store
from .ingest import IngestError, read_articles
from .pipeline import analyse, contract
from .text import EXTRACTOR_VERSION


@click.group(name="provenance")
def provenance():
    "Find and score the attribution chains behind news claims."


@provenance.command()
@click.argument("db_path", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
def load(db_path, paths):
    "Load articles from files or directories into DB_PATH."
    db = sqlite_utils.Database(db_path)
    store.ensure_schema(db)
    counts = {"loaded": 0, "unchanged": 0, "failed": 0}
    for item in read_articles(paths):
        if isinstance(item, IngestError):
            click.echo(f"error: {item}", err=True)
            counts["failed"] += 1
            continue
        aid = store.article_id(item)
        if store.stored_version(db, aid) == EXTRACTOR_VERSION:
            counts["unchanged"] += 1
            continue
        store.save(db, item, analyse(item), EXTRACTOR_VERSION)
        counts["loaded"] += 1
    click.echo(", ".join(f"{v} {k}" for k, v in counts.items()))
    if counts["failed"]:
        sys.exit(1)


@provenance.command()
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
def extract(fmt, paths):
    "Print the attribution chains of each document as JSON (see README)."
    failed = False
    documents = []
    for item in read_articles(paths):
        if isinstance(item, IngestError):
            click.echo(f"error: {item}", err=True)
            failed = True
            continue
        record = contract(analyse(item), path=item.path, title=item.title)
        if fmt == "jsonl":
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            documents.append(record)
    if fmt == "json":
        click.echo(json.dumps(documents, ensure_ascii=False, indent=2))
    if failed:
        sys.exit(1)


from .cli_evaluate import evaluate as _evaluate  # noqa: E402

provenance.add_command(_evaluate)

from .analyze_cli import analyze  # noqa: E402  (its own module; registered here)

provenance.add_command(analyze)

# Ratings, audit and re-scoring commands live in ratings_cli.py.
from . import ratings_cli  # noqa: E402

ratings_cli.register(provenance)
