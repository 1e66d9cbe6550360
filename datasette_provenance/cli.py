"""`datasette provenance ...` commands: a thin click layer over the modules."""
from __future__ import annotations

import json
import os
import sys

import click
from . import store
from .cli_options import config_option
from .checks import remedy as check_remedy, snapshot as check_snapshot
from .ingest import IngestError, read_articles
from .model import Document
from . import pipeline
from .pipeline import analyse, analyse_windows, contract
from .wording import counted


# Carriage return and erase-line: what a terminal needs to put a line where a progress bar was.
CLEAR_LINE = "\r\x1b[2K"


@click.group(name="provenance")
def provenance():
    "Find and score the attribution chains behind news claims."


@provenance.command()
@click.argument("db_path", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Extract in this many processes (one writer).")
@click.option("--batch-size", type=click.IntRange(1), default=200, show_default=True,
              help="Articles per transaction (a batch also ends after a second).")
@config_option()
def load(db_path, paths, workers, batch_size, config_path):
    """Load articles from files or directories into DB_PATH.

    Reads .txt/.text, .md/.markdown (YAML front matter), .html/.htm, .json, .jsonl/.ndjson, .csv
    and .tsv, directories recursively; - reads one plain-text article from standard input. Loading is idempotent; changed articles replace their old rows;
    articles extracted by an older extractor are re-extracted. Prints
    "N loaded, N unchanged, N failed"; exits 1 when anything failed.
    """
    from .ingest import STDIN, iter_files
    from .loader import load_articles

    if not any(p == STDIN or os.path.lexists(p) for p in paths):
        # Nothing to read: a typo'd PATH must not leave an empty database behind.
        raise click.ClickException(f"{', '.join(paths)}: no such file or directory; nothing loaded"
                                   + ("" if os.path.exists(db_path) else f", {db_path} not created"))
    db = store.open_db(db_path)
    config = _config(config_path, db_path)
    # A bad weight (configured or stored) or plugin cue lexicon stops the load before it starts.
    _analysis(config, db.conn)
    bar = None
    if sys.stderr.isatty():
        total = sum(1 for _ in iter_files(paths))
        bar = click.progressbar(length=total, label="Loading", file=sys.stderr,
                                show_pos=True, show_eta=True)
        bar.__enter__()
    seen = {"path": None}

    def on_item(status, item):
        if status == "failed":
            # Over a progress bar: clear its line first, so the error starts the line
            # (the bar is drawn again below it at the next update).
            click.echo(f"{CLEAR_LINE if bar is not None else ''}error: {item}", err=True)
        if bar is not None and item.path != seen["path"] and status != "reextracted":
            seen["path"] = item.path
            bar.update(1)

    try:
        result = load_articles(db, read_articles(paths), workers=workers,
                               batch_size=batch_size, on_item=on_item, config=config)
    except KeyboardInterrupt:
        # (Ctrl-C) The writer commits the open batch of whole articles; the one being
        # written is rolled back. Click alone said "Aborted!".
        now = db.execute("select count(*) from articles").fetchone()[0]
        click.echo(f"{CLEAR_LINE if bar is not None else ''}interrupted: the articles stored "
                   f"before it are whole ({now} in {db_path} now); run the same command again "
                   "to finish (stored articles are skipped)", err=True)
        sys.exit(130)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    click.echo(result.summary())
    if result.failed:
        sys.exit(1)


@provenance.command()
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json",
              show_default=True)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@config_option()
def extract(fmt, paths, config_path):
    """Print the attribution chains of each document as JSON (see README).

    PATHS as for load (- reads standard input).

    Streams: with jsonl one line per document as soon as it is analysed; json is
    one array written element by element. Errors go to stderr, exit status 1.
    """
    analysis = _analysis(_config(config_path))
    failed = False
    first = True
    if fmt == "json":
        click.echo("[", nl=False)
    for item in read_articles(paths):
        if isinstance(item, IngestError):
            click.echo(f"error: {item}", err=True)
            failed = True
            continue
        if fmt == "json":
            click.echo("\n" if first else ",\n", nl=False)
        first = False
        if len(item.text) > pipeline.WINDOW_CHARS:
            # A huge document: its statements are written window by window, never all held.
            for piece in _streamed_record(item, analysis):
                click.echo(piece, nl=False)
            if fmt == "jsonl":
                click.echo("")
            continue
        record = contract(analyse(item, **analysis), path=item.path, title=item.title)
        if fmt == "jsonl":
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            click.echo(json.dumps(record, ensure_ascii=False, indent=2), nl=False)
    if fmt == "json":
        click.echo("]" if first else "\n]")
    if failed:
        sys.exit(1)


def _stale_count(db) -> int:
    from . import plugins
    from .loader import current_version
    from .text.extra import versioned
    try:
        version = versioned(current_version(), plugins.extra_lexicon({}))
    except ValueError:  # a broken cue-lexicon plugin: judge by the extractor alone
        version = current_version()
    try:
        rows = db.execute("select extractor_version, count(*) from articles group by 1").fetchall()
    except Exception:  # no articles table: check reports that
        return 0
    return sum(n for v, n in rows if store.is_stale(v, version))


def _config(config_path, db_path=None) -> dict:
    """The plugin block of ``-c FILE`` ({} without one)."""
    from . import config as plugin_config
    if not config_path:
        return {}
    database = plugin_config.database_name(db_path) if db_path else None
    try:
        return plugin_config.read_file(config_path, database)
    except plugin_config.ConfigError as e:
        raise click.ClickException(str(e))


def _analysis(config, conn=None):
    """analyse()'s arguments from the configuration and plugins (and from ``conn``'s
    stored weights and ratings when given); a bad one is a usage error."""
    from .analysis_inputs import analysis_inputs
    try:
        return analysis_inputs(conn, config)
    except ValueError as e:
        raise click.ClickException(str(e))


def _streamed_record(item, analysis=None):
    """The contract record of one document as JSON text pieces, statements streamed."""
    marker = "\u0000statements\u0000"
    record = contract(Document(text=""), path=item.path, title=item.title)
    record["statements"] = marker
    head, tail = json.dumps(record, ensure_ascii=False).split(json.dumps(marker))
    yield head + "["
    first = True
    for document in analyse_windows(item, window=pipeline.WINDOW_CHARS, **(analysis or {})):
        for statement in document.statements:
            yield ("" if first else ", ") + json.dumps(statement.to_dict(), ensure_ascii=False)
            first = False
    yield "]" + tail


@provenance.command()
@click.argument("db_path", type=click.Path(dir_okay=False))
def init(db_path):
    """Create DB_PATH as an empty provenance database: for a team's `ratings import` (or
    `rate`) before any article is loaded. An existing provenance database is left as it is;
    another SQLite file gains the tables, as with load."""
    import sqlite_utils
    existed = os.path.exists(db_path)
    was_provenance = existed and store.is_provenance_db(sqlite_utils.Database(db_path))
    db = store.open_db(db_path)
    if was_provenance:
        articles = db["articles"].count
        click.echo(f"{db_path}: already a provenance database ({counted(articles, 'article')}); nothing changed")
    else:
        click.echo(f"{db_path}: {'provenance tables added' if existed else 'created'}, no articles yet: "
                   "`datasette provenance load` adds them, `ratings import` adds ratings")


@provenance.command()
@click.argument("db_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--repair", is_flag=True,
              help="First mend what hand edits broke: re-extract damaged articles from their "
                   "stored text (one transaction each), remove rows no article owns, recount totals.")
@config_option("configures scoring and the extension hooks of --repair's re-extraction")
def check(db_path, repair, config_path):
    """Verify a database's invariants; say what is wrong; exit 1 if anything is.

    No duplicate articles, every article has all its statements (count matches,
    idx contiguous), no orphan statements or attributions, every offset inside its
    text with text[start:end] equal to the stored span, counts and summaries current.
    With --repair, what can be rebuilt from the database itself is mended first.
    """
    db = store.open_db(db_path, create=False)
    if not {"articles", "statements", "attributions", "sources"} & set(db.table_names()):
        # None of the plugin's tables: a wrong file, not a damaged provenance database.
        raise store.NotProvenanceError(store.NOT_PROVENANCE)
    if repair:
        _repair(db, _config(config_path, db_path))
    with check_snapshot(db.conn):  # the problems, the note and the totals of one moment
        problems = store.check(db)
        stale = _stale_count(db)
        totals = [counted(db[t].count, t[:-1]) for t in ("articles", "statements", "attributions", "sources")]
    if stale:
        click.echo(f"note: {counted(stale, 'article')} {'was' if stale == 1 else 'were'} extracted by an older extractor; "
                   "the next load re-extracts them", err=True)
    for problem in problems:
        click.echo(problem)
    if problems:
        click.echo(f"{counted(len(problems), 'problem')} found", err=True)
        # (After --repair, what is left is what it could not mend: its errors above say why;
        # naming the command just run again would send the user round in a circle.)
        mend = None if repair else check_remedy(problems, db_path, config_path)
        if mend:
            click.echo(f"to mend: {mend[0]}\n  ({mend[1]})", err=True)
        sys.exit(1)
    click.echo("ok: " + ", ".join(totals))


def _repair(db, config) -> None:
    from . import json_checks
    from .repair import repair
    if store.has_foreign_articles(db):  # (another tool's articles: the words load uses)
        raise store.ForeignTableError(store.FOREIGN_ARTICLES)
    if not store.is_provenance_db(db):
        raise store.NotProvenanceError(store.NOT_PROVENANCE)
    store.ensure_schema(db)
    _analysis(config, db.conn)  # a bad weight or cue lexicon stops it before it starts
    result = repair(db, config)
    for failure in result.failed:
        click.echo(f"error: {failure}", err=True)
    kept = (f", {counted(result.extra_kept, 'unreadable articles.extra value')} kept as text under "
            f"'{json_checks.UNREADABLE_EXTRA}'" if result.extra_kept else "")
    click.echo(f"repair: {counted(result.reextracted, 'article')} re-extracted, "
               f"{counted(result.removed, 'orphan row')} removed{kept}, totals recounted"
               + (f", {counted(result.merged, 'source')} merged into the source "
                  f"{'it stands' if result.merged == 1 else 'they stand'} for" if result.merged else ""))


from .cli_evaluate import evaluate as _evaluate  # noqa: E402

provenance.add_command(_evaluate)

from .analyze_cli import analyze  # noqa: E402  (its own module; registered here)

provenance.add_command(analyze)

# Ratings, audit and re-scoring commands live in ratings_cli.py.
from . import ratings_cli  # noqa: E402

ratings_cli.register(provenance)

from .training import train_command  # noqa: E402  (extractor training, its own module)

provenance.add_command(train_command)

from .identity_cli import identify  # noqa: E402  (the identity pass, its own module)

provenance.add_command(identify)

from .cli_errors import guard  # noqa: E402  (every command above: database errors named, no traceback)

guard(provenance)
