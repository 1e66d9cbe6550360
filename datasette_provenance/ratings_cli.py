"""`datasette provenance rate | ratings export/import/sync | rescore`.

Each command opens the database, makes its change through ratings.set_rating (so an
audit row is written and the affected statements are re-scored in the same
transaction) and prints what moved.
"""
from __future__ import annotations

import getpass
import sys

import click
import sqlite_utils

from . import config as plugin_config
from . import cli_options, plugins, ratings, ratings_io, rescore as rescoring, store
from .admiralty import scale_in_words
from .stored_scoring import remember_weights, weights_unless_configured
from .wording import counted


def _open(db_path, config_path):
    db = store.open_existing(db_path)  # another SQLite file is refused, never given the schema
    config = plugin_config.read_file(config_path, plugin_config.database_name(db_path)) \
        if config_path else {}
    return db, config


def _who(actor):
    if actor:
        return actor
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no user name (containers): still say it came from the CLI
        return "cli"


def _fail(message):
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


config_option = cli_options.config_option("gives the scoring weights and ratings_file")
actor_option = click.option("--actor", help="Who to record in the audit row (default cli:$USER)")


def _summary(change, asked=None):
    """``asked``: the name the user gave, said too when it found a row of another name (a
    name merged into it, an alias), so the line says which source was rated and why."""
    name = f"{change.target} '{change.name}'"
    if asked is not None and asked.strip().casefold() not in (change.name.casefold(), str(change.target_id)):
        asked = asked.strip()
        name += f" (for #{asked})" if asked.isdigit() else f" (for {asked!r})"
    if not change.changed:
        return f"{name} already {change.new}: nothing changed"
    return (f"{name}: {change.old} -> {change.new}, "
            f"{counted(len(change.rescored), 'statement')} re-scored")


@click.command(help="Set the Admiralty reliability (A-F) of SOURCE (name, alias or id).\n\n"
               f"{scale_in_words()}. Re-scores the statements it touches.")
@click.argument("db_path", type=click.Path(exists=True, dir_okay=False))
@click.argument("source")
@click.argument("grade")
@click.option("--note", help="Why: markdown, shown sanitized on the source page")
@click.option("--outlet", is_flag=True, help="SOURCE names an outlet (publisher), not a source")
@config_option
@actor_option
def rate(db_path, source, grade, note, outlet, config_path, actor):
    try:
        db, config = _open(db_path, config_path)
        change = ratings.set_rating(
            db.conn, "outlet" if outlet else "source", source, grade, note, _who(actor),
            plugin_config.weights(config, weights_unless_configured(db.conn, config)),
            plugins.score_adjusters(config))
    except (ratings.RatingError, ratings_io.RatingsFileError, plugin_config.ConfigError) as e:
        _fail(e)
    click.echo(_summary(change, source))


@click.group(name="ratings")
def ratings_group():
    "Share reliability ratings: export, import, sync from rating providers."


@ratings_group.command(name="export")
@click.argument("db_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-")
@click.option("--all", "include_unrated", is_flag=True, help="Include unrated (F) rows too")
def export_ratings(db_path, fmt, output, include_unrated):
    "Write the ratings of sources and outlets as CSV or JSON."
    db = sqlite_utils.Database(db_path)
    tables = set(db.table_names())
    if "sources" not in tables or not store.is_provenance_db(db):
        raise store.NotProvenanceError(store.NOT_PROVENANCE)
    if "outlets" not in tables:
        store.ensure_schema(db)  # a database from before outlets; else only read (a read-only file too)
    output.write(ratings_io.dump(ratings.all_ratings(db.conn, include_unrated), fmt))


def _apply(db, config, items, who):
    weights = plugin_config.weights(config, weights_unless_configured(db.conn, config))
    adjusters = plugins.score_adjusters(config)
    changes = ratings.apply_ratings(db.conn, items, who, weights, adjusters)
    moved = [c for c in changes if c.changed]
    for change in moved:
        click.echo(_summary(change))
    rescored = len({sid for c in moved for sid in c.rescored})
    click.echo(f"{counted(len(moved), 'rating')} changed, {len(changes) - len(moved)} unchanged, "
               f"{counted(rescored, 'statement')} re-scored")


@ratings_group.command(name="import")
@click.argument("db_path", type=click.Path(exists=True, dir_okay=False))
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]),
              help="Default: from the file extension")
@config_option
@actor_option
def import_ratings(db_path, file, fmt, config_path, actor):
    """Apply the ratings in FILE (CSV or JSON as written by export).

    The whole file is validated, then applied in one transaction: one bad row
    (or a rating that cannot be applied) and nothing is.
    Sources not yet in the database are added so the ratings apply when they load.
    """
    try:
        items = ratings_io.read(file, fmt)  # a bad file stops before the database is opened
        db, config = _open(db_path, config_path)
        _apply(db, config, items, f"{_who(actor)} (import {file})")
    except (ratings.RatingError, ratings_io.RatingsFileError, plugin_config.ConfigError) as e:
        _fail(e)


@ratings_group.command(name="sync")
@click.argument("db_path", type=click.Path(exists=True, dir_okay=False))
@config_option
def sync_ratings(db_path, config_path):
    "Apply the ratings that rating-provider plugins supply (e.g. ratings_file)."
    try:
        db, config = _open(db_path, config_path)
        if not _sync_and_report(db, config):
            # Silence would read as "all applied": say why nothing was.
            click.echo("no rating provider gave any ratings: name a ratings_file in the "
                       "datasette-provenance block of -c FILE, or install a provider plugin")
    except (ratings.RatingError, ratings_io.RatingsFileError, plugin_config.ConfigError) as e:
        _fail(e)


def _sync_and_report(db, config):
    by_plugin = {}
    for plugin_name, rating in plugins.provided_ratings(config):
        by_plugin.setdefault(plugin_name, []).append(rating)
    for plugin_name, items in by_plugin.items():
        _apply(db, config, items, f"provider:{plugin_name}")
    return by_plugin


@click.command()
@click.argument("db_path", type=click.Path(exists=True, dir_okay=False))
@config_option
def rescore(db_path, config_path):
    """Re-score every statement of DB_PATH from its stored rows (no re-extraction).

    Run it after changing the weights; rating providers are applied first. The
    weights are remembered in the database, so later loads and rating changes made
    without -c score the same way (a config with `weights: {}` goes back to defaults).
    """
    try:
        db, config = _open(db_path, config_path)
        overrides = plugin_config.weight_overrides(config, weights_unless_configured(db.conn, config))
        _sync_and_report(db, config)
        adjusters = plugins.score_adjusters(config)
        with db.conn:
            ids = rescoring.all_statement_ids(db.conn)
            changed = rescoring.rescore(db.conn, ids, overrides, adjusters)
            remember_weights(db.conn, overrides)
    except (ratings.RatingError, ratings_io.RatingsFileError, plugin_config.ConfigError) as e:
        _fail(e)
    click.echo(f"{counted(len(ids), 'statement')} re-scored, {len(changed)} changed")


def register(group):
    group.add_command(rate)
    group.add_command(ratings_group)
    group.add_command(rescore)
