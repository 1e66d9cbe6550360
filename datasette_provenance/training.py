"""`datasette provenance train DIR --out PATH`: retrain the extractor's scorers.

DIR is a brat corpus laid out as DIR/text/*.txt + DIR/attributions/*.ann
(PolNeAR's layout): T lines are Source/Cue/Content spans (possibly
discontinuous), E lines tie one attribution's spans together.  Only single
words, their cue rates and feature weights go into the output; no corpus
text.  Training is deterministic.
"""
from __future__ import annotations

import json
from collections import Counter

import click

from . import brat
from .text.extractor import Analysis
from .text.learn import train_models
from .text.model import MIN_RATE, candidate_forms, candidates, source_window
from .text.segment import sentences

def read_corpus(directory: str):
    """(text, [attribution dicts]) per annotator file, from the brat reader."""
    for item in brat.read_corpus(directory):
        atts = []
        for gold in item.attributions:
            att = {"cue": list(gold.cue)}
            if gold.source:
                att["source"] = list(gold.source)
            if gold.content:
                att["content"] = list(gold.content)
            atts.append(att)
        yield item.text, atts


def cue_rates(corpus) -> dict:
    """Share of each lower-case token's occurrences that sit inside a cue."""
    from .text.tokens import TOKEN

    total, inside = Counter(), Counter()
    for text, atts in corpus:
        tokens = [(m.start(), m.group().lower()) for m in TOKEN.finditer(text)]
        if True:
            covered = set()
            for att in atts:
                for start, end in att["cue"]:
                    covered.update(range(start, end))
            for start, word in tokens:
                total[word] += 1
                if start in covered:
                    inside[word] += 1
    return {w: round(inside[w] / total[w], 3) for w in sorted(inside)
            if inside[w] >= 2 and inside[w] / total[w] >= MIN_RATE}


def train(directory: str, epochs: int = 3) -> dict:
    corpus = list(read_corpus(directory))
    rates = cue_rates(corpus)
    forms = candidate_forms(rates)
    examples = []
    analyses = {}
    for text, atts in corpus:
        if text not in analyses:
            analyses[text] = Analysis(text, sentences(text))
        examples.append((analyses[text], atts))
    cue, source = train_models(
        examples, rates,
        candidates_of=lambda an: candidates(an, forms),
        source_windows_of=source_window,
        epochs=epochs,
    )
    return {"format": 1, "rates": rates, "threshold": 0.0, "cue": cue, "source": source}


@click.command(name="train")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--out", "out", type=click.Path(dir_okay=False), required=True,
              help="Where to write the model JSON (the package reads text/models/extractor.json)")
@click.option("--epochs", default=3, show_default=True)
def train_command(directory, out, epochs):
    "Train the extractor's cue and source scorers from a brat corpus in DIRECTORY."
    model = train(directory, epochs=epochs)
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(model, handle, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    click.echo(f"{len(model['rates'])} cue words, {len(model['cue'])} cue weights, "
               f"{len(model['source'])} source weights -> {out}")
