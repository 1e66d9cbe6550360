"""`datasette provenance train DIR --out PATH`: retrain the extractor's scorers.

DIR is a brat corpus laid out as DIR/text/*.txt + DIR/attributions/*.ann
(PolNeAR's layout): T lines are Source/Cue/Content spans (possibly
discontinuous), E lines tie one attribution's spans together.  Only single
words, their cue rates and feature weights go into the output; no corpus
text.  Training is deterministic.
"""
from __future__ import annotations

import json
import os
from bisect import bisect_left, bisect_right
from collections import Counter
from typing import Optional

import click

from . import brat
from .evaluate import Predicted, match, predictions
from .text import extract, lexicon
from .text.extractor import Analysis
from .text.learn import BAGS, MARGIN_UNIT, cue_features, stem, train_models
from .text.model import MIN_RATE, Model, candidate_forms, candidates, clears_bar, source_window
from .text.segment import sentences
from .text.wrapping import unwrapped

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
    """Share of each lower-case token's occurrences that sit inside a cue, for the words
    that head at least one cue (its first word that is no function word or auxiliary).

    A word that only ever rides along in cues another word heads ("said Tuesday", "said
    in an interview", "refused to disavow") is no cue word: unrated, it is no candidate."""
    from .text.tokens import TOKEN

    not_heads = lexicon.words("function_words.txt") | lexicon.words("aux.txt")
    total, inside, heads = Counter(), Counter(), Counter()
    for text, atts in corpus:
        tokens = [(m.start(), m.group().lower()) for m in TOKEN.finditer(text)]
        starts = [start for start, _ in tokens]
        covered = set()
        for att in atts:
            for start, end in att["cue"]:
                covered.update(range(start, end))
            inner = [k for start, end in att["cue"] for k in range(bisect_left(starts, start), bisect_left(starts, end))]
            head = next((tokens[k][1] for k in inner if tokens[k][1][:1].isalpha() and tokens[k][1] not in not_heads),
                        None)
            if head is not None:
                heads[head] += 1
        for start, word in tokens:
            total[word] += 1
            if start in covered:
                inside[word] += 1
    rates = {w: round(inside[w] / total[w], 3) for w in sorted(inside)
             if inside[w] >= 2 and inside[w] / total[w] >= MIN_RATE and (heads[w] or not w[:1].isalpha())}
    rates.update(lemma_rates(total, inside))
    return rates


# A lemma's pooled rate must reach this for its unseen forms to be rated (and so become
# candidates): "implores" never in the corpus, "implored" and "imploring" cues there.
LEMMA_RATE = 0.1


def lemma_key(word: str) -> str:
    """A crude lemma key: the stem without a final 'e', so "implore", "implores",
    "implored" and "imploring" share one."""
    key = stem(word)
    return key[:-1] if key.endswith("e") and len(key) > 4 else key


def paradigm(base: str) -> set:
    """The regular forms of a verb (or noun) ``base``: base, -s, -ed, -ing."""
    if base.endswith(("s", "sh", "ch", "x", "z")):
        third = base + "es"
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        third = base[:-1] + "ies"
    else:
        third = base + "s"
    if base.endswith("e"):
        past, ing = base + "d", base[:-1] + "ing"
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        past, ing = base[:-1] + "ied", base + "ing"
    else:
        past, ing = base + "ed", base + "ing"
    return {base, third, past, ing}


def _bases(word: str):
    """The bases a form may come from ("implored": "implor" or "implore")."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            root = word[: -len(suffix)]
            out = [root] if suffix == "s" else [root, root + "e"]
            if suffix in ("ed", "es") and root.endswith("i"):
                out.append(root[:-1] + "y")
            return out
    return [word]


def unseen_forms(attested) -> set:
    """Regular forms of the attested words' lemma that are not attested: the forms
    every equally likely base agrees on ("implored" -> "imploring", not "implores"
    or "implors")."""
    attested = set(attested)
    scored = {}
    for word in attested:
        for base in _bases(word):
            scored[base] = len(paradigm(base) & attested)
    if not scored:
        return set()
    best = max(scored.values())
    forms = None
    for base, score in scored.items():
        if score == best:
            forms = paradigm(base) if forms is None else forms & paradigm(base)
    return {form for form in forms - attested if len(form) >= 4}


# A form seen at most this often, and a cue fewer than twice, takes its lemma's rate
# rather than none ("imploring" once, "implored" once: both rated from the pair).
RARE_FORM = 5


def lemma_rates(total: Counter, inside: Counter) -> dict:
    """Rates from a lemma's pooled counts for its forms the corpus never shows and
    for its rare ones: a long tail of cue verbs appears once or twice in one or two
    forms.  Train 5-fold CV on PolNeAR: cue F .7622 -> .7650, content .7363 -> .7385."""
    members = {}
    for word in total:
        if word.isalpha() and word.islower():
            members.setdefault(lemma_key(word), []).append(word)
    out = {}
    for key, words in members.items():
        cued = sum(inside[w] for w in words)
        seen = sum(total[w] for w in words)
        if cued < 2 or cued / seen < LEMMA_RATE or not any(w.endswith(("ed", "ing")) for w in words):
            continue  # verbs only: a word never seen with -ed or -ing has no paradigm to fill
        rate = round(cued / seen, 3)
        for form in unseen_forms(words):
            if lemma_key(form) == key:
                out[form] = rate
        for word in words:
            if inside[word] < 2 and total[word] <= RARE_FORM:
                out[word] = rate
    return out


def analysed_examples(corpus, folds: int):
    """([(Analysis, attributions)] per annotator file, [fold of each]): a text several
    annotators read is analysed once, and all its files share the fold of its first."""
    examples, fold_of, analyses = [], [], {}
    for text, atts in corpus:
        if text not in analyses:
            # Sentences as extract reads them (a hard wrap is a space; same offsets).
            analysed = unwrapped(text)
            analyses[text] = Analysis(analysed, sentences(analysed))
        examples.append((analyses[text], atts))
        fold_of.append((len(analyses) - 1) % max(folds, 1))
    return examples, fold_of


def fit_models(examples, rates: dict, epochs: int, **knobs):
    """(cue weights, source weights) trained on ``examples`` with the cue ``rates``."""
    forms = candidate_forms(rates)
    return train_models(examples, rates, candidates_of=lambda an: candidates(an, forms),
                        source_windows_of=source_window, epochs=epochs, **knobs)


def train(directory: str, epochs: int = 3, folds: int = 5, threshold: Optional[float] = None,
          bags: Optional[int] = None) -> dict:
    """Train on every text; the cue threshold comes from cross-validation on the
    training corpus alone: each of ``folds`` models is trained without one fold
    of texts (all annotator files of a text in the same fold) and the whole
    extractor runs with it on that fold at a grid of thresholds; the threshold
    ``pipeline_threshold`` picks by cue F1 over all folds is kept (no evaluation
    corpus is looked at).  A given ``threshold`` is kept instead; the folds then
    only measure its cue F1 (the curve is flat near its top, and the extractor's
    margin rules count from the threshold, so a team may pin the one they tuned)."""
    corpus = list(read_corpus(directory))
    rates = cue_rates(corpus)
    examples, fold_of = analysed_examples(corpus, folds)

    def fit(items, rates=rates):
        return fit_models(items, rates, epochs, bags=bags)

    chosen, cv_f1 = (threshold if threshold is not None else 0.0), None
    if folds > 1 and len({text for text, _ in corpus}) >= 2 * folds:
        scored, gold_total, fold_models = [], 0, []
        for fold in range(folds):
            kept = [e for k, e in enumerate(examples) if fold_of[k] != fold]
            aside = [(k, e) for k, e in enumerate(examples) if fold_of[k] == fold]
            # Rates from the kept texts only: a held-out text's own cues in the rates
            # (rare words, lemma-pooled forms) made its cues look sure and the threshold low.
            fold_rates = cue_rates([c for k, c in enumerate(corpus) if fold_of[k] != fold])
            fold_forms = candidate_forms(fold_rates)
            cue, source = fit(kept, fold_rates)
            model = Model({"rates": fold_rates, "cue": cue, "source": source, "margin_unit": MARGIN_UNIT})
            scored += score_candidates(model, aside, fold_forms)
            gold_total += sum(len(atts) for _, (_, atts) in aside)
            fold_models.append((model, [e for _, e in aside]))
        if threshold is None:
            token_threshold, _ = best_threshold(scored, gold_total)
            grid = threshold_grid(scored, token_threshold)
        else:
            grid = [threshold]
        chosen, cv_f1 = pipeline_threshold(fold_models, grid)
    cue, source = fit(examples)
    return {"format": 1, "rates": rates, "threshold": chosen, "margin_unit": MARGIN_UNIT,
            "cv_cue_f1": cv_f1 and round(cv_f1, 4),
            "cue": cue, "source": source}


def threshold_grid(scored, around: float, steps: int = 6) -> list:
    """Thresholds to try: the token-level best and score quantiles on either side of it."""
    values = sorted(score for score, _ in scored)
    if not values:
        return [around]
    at = bisect_right(values, around)
    stride = max(1, len(values) // 100)  # one percent of the candidates per step
    grid = {around}
    for step in range(1, steps + 1):
        for k in (at - step * stride, at + step * stride):
            if 0 < k < len(values):
                grid.add(round(values[k] - 1e-4, 4))
    return sorted(grid)


class _Cached:
    """A fold model whose candidate scores are computed once per text, then cut at any
    threshold (the extractor makes a new Analysis of a text on each call: keyed by text)."""

    def __init__(self, model):
        self.model = model
        self.threshold = model.threshold
        self._scores = {}

    def cue_candidates(self, an, skip=frozenset(), near=None):
        got = self._scores.get(an.text)
        if got is None:
            kept, self.model.threshold = self.model.threshold, float("-inf")
            got = self._scores[an.text] = [(self.model.score_candidate(an, i), (i, kind, width))
                                           for i, kind, width in self.model.cue_candidates(an)]
            self.model.threshold = kept
        unit = self.model.margin_unit
        accepted = [(score, item) for score, item in got if item[0] not in skip
                    and clears_bar(score - self.threshold, unit, near, an, item[0])]
        # As Model's: margins of the accepted candidates the rules did not decide (the
        # margin rules read them; a cue with none is the rules' own).
        an.cue_margins = {item[0]: (score - self.threshold) / unit for score, item in accepted}
        return [item for _, item in accepted]

    def pick_source(self, *args):
        return self.model.pick_source(*args)


# Thresholds whose cross-validated cue F1 lies this close to the best one's count as equal
# (retraining with other seeds moves it about .001); the strictest of them is kept: fewer
# cues to follow up (faster), and the margin rules stay nearer where they were tuned.
THRESHOLD_TIE = 0.0005


def pipeline_threshold(fold_models, grid):
    """(threshold, cue F1): the grid threshold with the best cue F1 of the whole extractor
    on the held-out folds, scored as ``evaluate`` scores it (every hop, one-to-one overlap);
    of thresholds within THRESHOLD_TIE of the best, the strictest.

    The whole extractor, not its cue stage alone: the rules after the cue stage (nesting,
    the margin rules of ``prune``) drop doubtful cues a lower threshold lets in, so the
    cue stage's best threshold was too strict (PolNeAR train, 5-fold CV: -6.5 from the
    cue stage, cue F1 .7804; the whole extractor's -8.7, .7815)."""
    cached = [(_Cached(model), aside) for model, aside in fold_models]
    measured = []  # (threshold, cue F1)
    for threshold in grid:
        correct = predicted = gold = 0
        for model, aside in cached:
            model.threshold = threshold
            found_in = {}  # text -> predictions (a text several annotators read runs once)
            for an, atts in aside:
                found = found_in.get(an.text)
                if found is None:
                    found = found_in[an.text] = predictions(extract(an.text, model=model))
                golds = [Predicted(cue=tuple(map(tuple, att["cue"]))) for att in atts]
                correct += len(match(found, golds))
                predicted += len(found)
                gold += len(golds)
        measured.append((threshold, 2 * correct / (predicted + gold) if predicted + gold else 0.0))
    best_f1 = max(f1 for _, f1 in measured)
    return max((threshold, f1) for threshold, f1 in measured if f1 >= best_f1 - THRESHOLD_TIE)


def score_candidates(model, numbered_examples, forms) -> list:
    """(score, gold attribution hit or None) of every candidate token of the examples."""
    scored = []
    for k, (an, atts) in numbered_examples:
        starts = an.tokens.starts
        for i, lo, hi in candidates(an, forms):
            hit = next((n for n, att in enumerate(atts) if any(s <= starts[i] < e for s, e in att["cue"])), None)
            score = model._score(model.cue, cue_features(an, i, model.rates, lo, hi))
            scored.append((score, None if hit is None else (k, hit)))
    return scored


def best_threshold(scored, gold_total: int):
    """(threshold, F1): the cue-score cut with the best attribution-level F1.

    Candidates are taken best score first; a gold attribution counts as found
    once any accepted token lies in its cue, every accepted token counts as a
    prediction (adjacent tokens of one cue are few).
    """
    scored = sorted(scored, key=lambda item: -item[0])
    found = set()
    best, best_f1 = 0.0, -1.0
    for n, (score, hit) in enumerate(scored):
        if hit is not None:
            found.add(hit)
        f1 = 2 * len(found) / (n + 1 + gold_total) if gold_total else 0.0
        if f1 > best_f1 and (n + 1 == len(scored) or scored[n + 1][0] < score):
            best, best_f1 = score, f1
    # Scores strictly above the threshold are accepted: sit just under the best cut.
    return (round(best - 1e-4, 4) if scored else 0.0), best_f1


@click.command(name="train")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--out", "out", type=click.Path(dir_okay=False), required=True,
              help="Where to write the model JSON (the package reads text/models/extractor.json)")
@click.option("--epochs", type=click.IntRange(min=1), default=3, show_default=True)
@click.option("--folds", type=click.IntRange(min=2), default=5, show_default=True,
              help="Cross-validation folds of the training texts that choose the cue threshold")
@click.option("--threshold", type=float, default=None,
              help="Keep this cue threshold instead of the one cross-validation picks "
                   "(the folds still measure its cue F1)")
@click.option("--bags", type=click.IntRange(min=1), default=BAGS, show_default=True,
              help="Perceptrons averaged per scorer, each over its own order of the examples "
                   "(fewer: faster training, a model that depends more on chance)")
def train_command(directory, out, epochs, folds, threshold, bags):
    "Train the extractor's cue and source scorers from a brat corpus in DIRECTORY."
    # Said before minutes of training, not after: where the model cannot be written.
    out_dir = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(out_dir):
        raise click.ClickException(f"{out}: directory {out_dir} does not exist")
    try:
        model = train(directory, epochs=epochs, folds=folds, threshold=threshold, bags=bags)
    except (FileNotFoundError, brat.CorpusError) as e:  # no text/ and attributions/, a bad file
        raise click.ClickException(str(e))
    # Written beside it, then renamed: an interrupted write never leaves a broken model
    # where the package (--out text/models/extractor.json) reads it.
    partial = f"{out}.partial"
    try:
        with open(partial, "w", encoding="utf-8") as handle:
            json.dump(model, handle, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        os.replace(partial, out)
    except OSError as e:
        if os.path.exists(partial):
            os.remove(partial)
        raise click.ClickException(f"{out}: cannot write the model: {e.strerror or e}")
    cv = model["cv_cue_f1"]
    checked = (f"cross-validated cue F1 {cv}" if cv is not None
               else f"too few texts for {folds}-fold cross-validation: threshold not tuned")
    click.echo(f"{len(model['rates'])} cue words, {len(model['cue'])} cue weights, "
               f"{len(model['source'])} source weights, cue threshold {model['threshold']:g}"
               f" ({checked}) -> {out}")
