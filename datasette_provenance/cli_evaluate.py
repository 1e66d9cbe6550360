"""`datasette provenance evaluate DIR`: score the extractor on a brat-annotated corpus."""
from __future__ import annotations

import json
import os

import click

from .brat import CorpusError, gold_for, read_corpus
from .evaluate import HOPS
from .evaluate import evaluate as evaluate_texts
from .evaluate import format_report


@click.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--json", "json_path", type=click.Path(dir_okay=False),
              help="Also write the report as JSON to this file ('-' for stdout).")
@click.option("--misses", type=click.IntRange(min=0), default=20, show_default=True,
              help="How many of the most common missed (and spurious) cues to list.")
@click.option("--annotators", type=click.Choice(["each", "union", "first"]), default="each",
              show_default=True,
              help="Texts with several annotator files: score against each file, "
                   "against their union, or against the first only.")
@click.option("--hops", type=click.Choice(HOPS), default="all", show_default=True,
              help="Score every hop of a chain, or only the outermost (depth 0) one, "
                   "for corpora that annotate attribution flat.")
def evaluate(directory, json_path, misses, annotators, hops):
    """Precision, recall and F1 of the extractor on DIRECTORY/text/*.txt with
    gold attributions in DIRECTORY/attributions/*.ann (brat, PolNeAR's layout)."""
    from .text import extract

    if json_path and json_path != "-":
        # Said before the evaluation runs, not after it.
        where = os.path.dirname(os.path.abspath(json_path))
        if not os.path.isdir(where):
            raise click.ClickException(f"{json_path}: directory {where} does not exist")
    try:
        texts = gold_for(list(read_corpus(directory)), annotators)
    except (FileNotFoundError, CorpusError) as error:
        raise click.ClickException(str(error))
    if not texts:
        raise click.ClickException(f"{directory}: no text has an annotation file")
    from . import plugins

    # Plugin cue words count here as they do in load: the measure is of what load runs.
    extra = plugins.extra_lexicon({})
    predict = (lambda text: extract(text, extra)) if extra else extract
    report = evaluate_texts(texts, predict, misses=misses, hops=hops)
    report = {"corpus": directory, "annotators": annotators, **report}
    if json_path == "-":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    click.echo(format_report(report))
    if json_path:
        try:
            with open(json_path, "w", encoding="utf-8") as f:
                json.dump(report, f, ensure_ascii=False, indent=2)
        except OSError as e:
            raise click.ClickException(f"{json_path}: cannot write the report: {e.strerror or e}")
        click.echo(f"\nreport written to {json_path}")
