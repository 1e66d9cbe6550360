"""`datasette provenance identify DB`: run the identity pass (identity.py) on demand.

Every load and analyze batch already runs it; the command is for databases loaded
before it existed, or to see what it decided."""
from __future__ import annotations

import json
import time

import click

from .cli_options import config_option


@click.command()
@click.argument("db_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--verbose", "-v", is_flag=True, help="List each merge and each ambiguous name.")
@config_option()
def identify(db_path, verbose, config_path):
    """Link the sources of DB_PATH that are one real source across articles.

    "Berg" (an article that only says "Berg" or "Mr. Berg") joins the unique full-name
    person "Tom Berg" of the database; a surname shared by two full names stays
    unmerged and is listed in source_ambiguities. Idempotent; `load` runs it too.
    """
    from . import identity, store
    from .cli import _config
    db = store.open_existing(db_path)  # another SQLite file is refused, never given the schema
    started = time.perf_counter()
    result = identity.resolve(db.conn, _config(config_path, db_path))
    took = time.perf_counter() - started
    if verbose:
        for old, name, into, into_name in result.merged:
            click.echo(f"merged #{old} {name!r} into #{into} {into_name!r}")
        for old, name in result.split:
            click.echo(f"split #{old} {name!r} off again")
        for sid, name, candidates in db.execute(
                f"select source_id, name, candidates from {identity.AMBIGUITIES} order by name"):
            click.echo(f"ambiguous #{sid} {name!r}: " + ", ".join(json.loads(candidates)))
    click.echo(f"{result.summary()} ({took:.2f} s)")
