"""Cross-validate the whole extractor on a brat training corpus (PolNeAR train by default).

The dev split is for the closing measurement; choosing between two versions of a rule or a
feature by dev figures fits dev.  This script measures on the training split instead: the
texts are cut into FOLDS folds (every annotator file of a text in the same fold, the folds
`datasette provenance train` uses), and for each fold the cue and source scorers are
retrained on the other folds (their cue rates too) and the full extractor - rules, scorers,
chains, pruning - runs on the held-out texts, scored as `evaluate` scores (overlap and exact,
one-to-one matching).  The shipped model's cue threshold is kept, so the figure measures the
rules and features, not a threshold search.

    python benchmarks/cv_train.py [CORPUS_DIR] [--folds 5] [--jobs 2] [--json out.json]

Prints the summed overlap and exact P/R/F1 of cue, source and content and the per-kind F1.
Deterministic: the same code gives the same figures (about 4 minutes on 2 cores).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor

from _shared import POLNEAR

from datasette_provenance import brat, text as text_pkg, training
from datasette_provenance.evaluate import evaluate
from datasette_provenance.text.model import Model, load_model

ROLES = ("cue", "source", "content")


def fold_names(items, folds: int) -> dict:
    """{text name: fold}, in the order `train` assigns them (first appearance of each text)."""
    fold_of = {}
    for item in items:
        if item.name not in fold_of:
            fold_of[item.name] = len(fold_of) % folds
    return fold_of


def run_fold(args):
    directory, fold, folds, epochs = args
    items = list(brat.read_corpus(directory))
    fold_of = fold_names(items, folds)
    kept = [item for item in items if fold_of[item.name] != fold]
    aside = [item for item in items if fold_of[item.name] == fold]
    corpus = [(item.text, atts) for item, (_, atts) in zip(items, training.read_corpus(directory))
              if fold_of[item.name] != fold]
    rates = training.cue_rates(corpus)
    examples, _ = training.analysed_examples(corpus, folds)
    cue, source = training.fit_models(examples, rates, epochs)
    shipped = load_model()
    # The shipped model's threshold and margin unit: the fold models are trained as it was.
    model = Model({"rates": rates, "cue": cue, "source": source,
                   "threshold": shipped.threshold if shipped else 0.0,
                   "margin_unit": shipped.margin_unit if shipped else 1.0})
    # extract() asks text/__init__'s load_model for the model: the fold's instead.
    text_pkg.load_model = lambda: model
    report = evaluate(brat.gold_for(aside, "each"), text_pkg.extract, misses=0)
    assert len(kept) + len(aside) == len(items)
    return report


def summed(reports) -> dict:
    counts = Counter()
    kinds = Counter()
    for report in reports:
        for block in ("overlap", "exact"):
            for role in ROLES:
                got = report[block][role]
                counts[block, role, "correct"] += got["correct"]
                counts[block, role, "predicted"] += got["predicted"]
                counts[block, role, "gold"] += got["gold"]
        for kind, got in report["by_cue_kind"].items():
            for key in ("predicted", "predicted_correct", "gold", "gold_found"):
                kinds[kind, key] += got[key]
    out = {}
    for block in ("overlap", "exact"):
        out[block] = {}
        for role in ROLES:
            tp, pred, gold = (counts[block, role, k] for k in ("correct", "predicted", "gold"))
            p = tp / pred if pred else 0.0
            r = tp / gold if gold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            out[block][role] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                                "correct": tp, "predicted": pred, "gold": gold}
    out["by_cue_kind"] = {}
    for kind in sorted({k for k, _ in kinds}):
        p = kinds[kind, "predicted_correct"] / kinds[kind, "predicted"] if kinds[kind, "predicted"] else 0.0
        r = kinds[kind, "gold_found"] / kinds[kind, "gold"] if kinds[kind, "gold"] else 0.0
        out["by_cue_kind"][kind] = round(2 * p * r / (p + r), 4) if p + r else 0.0
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", nargs="?", default=str(POLNEAR / "train"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", dest="json_path")
    args = parser.parse_args(argv)
    work = [(args.directory, fold, args.folds, args.epochs) for fold in range(args.folds)]
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        reports = list(pool.map(run_fold, work))
    result = summed(reports)
    print(f"{args.folds}-fold CV on {args.directory}")
    for block in ("overlap", "exact"):
        for role in ROLES:
            got = result[block][role]
            print(f"{block:8} {role:8} P {got['precision']:.4f}  R {got['recall']:.4f}  "
                  f"F1 {got['f1']:.4f}  ({got['correct']} of {got['gold']} gold, {got['predicted']} predicted)")
    print("cue F1 by kind: " + ", ".join(f"{k} {v:.3f}" for k, v in result["by_cue_kind"].items()))
    if args.json_path:
        with open(args.json_path, "w", encoding="utf-8") as handle:
            json.dump(result, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
