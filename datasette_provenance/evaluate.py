"""Score predicted attributions against gold (brat) annotations. Pure: no I/O.

Matching rules (also in the README, "Evaluating extraction"):

- Predictions are the attributions of every statement, flattened (all depths
  of every chain) and deduplicated by cue span; a content in pieces
  (``content_parts``) is scored as those fragments.
- One-to-one matching per document: every (predicted, gold) pair whose cues
  overlap by at least one character is a candidate; pairs are taken greedily,
  largest cue overlap first (ties: closest cue starts, then text order), and
  each attribution is used at most once.
- Overlap scores: a matched pair is a correct cue; its source is correct when
  both have a source and they overlap, its content likewise. Precision divides
  by the predicted attributions (that have a source / content), recall by the
  gold ones (that have a source / content).
- Exact scores use the same pairs, but a span counts only when its fragments
  are identical after trimming whitespace and edge punctuation from each
  fragment and joining fragments separated only by whitespace.
- ``hops="outermost"`` scores only each chain's depth-0 hop, for corpora that
  annotate attribution flat (PolNeAR never marks a cue inside another's content,
  so there every deeper hop of a chain is a false positive by construction).
  The default, ``"all"``, scores every hop.
- Cue kinds: predictions use their ``cue_kind``; gold cues get a kind from
  ``gold_cue_kind``, a simple rule on the cue text, so recall per kind can be
  read next to precision per kind.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Dict, Iterable, List, Sequence, Tuple

from .brat import AnnotatedText, Fragments, GoldAttribution, text_of
from .model import CUE_KINDS, Document


@dataclass(frozen=True)
class Predicted:
    cue: Fragments
    source: Fragments = ()
    content: Fragments = ()
    kind: str = "other"


HOPS = ("all", "outermost")


def predictions(document: Document, hops: str = "all") -> List[Predicted]:
    """All attributions of all statements (``hops="outermost"``: depth 0 only),
    deduplicated by cue span (first kept)."""
    if hops not in HOPS:
        raise ValueError(f"hops must be one of {HOPS}, not {hops!r}")
    seen, result = set(), []
    for statement in document.statements:
        for a in statement.attributions:
            if hops == "outermost" and a.depth:
                continue
            key = (a.cue.start, a.cue.end)
            if key in seen:
                continue
            seen.add(key)
            result.append(Predicted(
                cue=((a.cue.start, a.cue.end),),
                source=((a.source.start, a.source.end),) if a.source else (),
                content=tuple((p.start, p.end) for p in a.content_parts) if len(a.content_parts) > 1
                else ((a.content.start, a.content.end),) if a.content else (),
                kind=a.cue_kind,
            ))
    return result


# --- spans ----------------------------------------------------------------

def overlap(a: Fragments, b: Fragments) -> int:
    """Characters shared by two fragment lists."""
    total = 0
    for s1, e1 in a:
        for s2, e2 in b:
            total += max(0, min(e1, e2) - max(s1, s2))
    return total


_EDGE_PUNCT = ".,;:!?\"'“”‘’«»()[]—–-―…"


def normalize(text: str, fragments: Fragments) -> Fragments:
    """Fragments trimmed of edge whitespace and punctuation, whitespace gaps joined.

    Punctuation is kept when it is all a fragment has (a ":" cue stays ":").
    """
    trimmed = []
    for start, end in fragments:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        s, e = start, end
        while s < e and (text[s] in _EDGE_PUNCT or text[s].isspace()):
            s += 1
        while e > s and (text[e - 1] in _EDGE_PUNCT or text[e - 1].isspace()):
            e -= 1
        if s < e:
            start, end = s, e
        if start < end:
            trimmed.append((start, end))
    trimmed.sort()
    joined: List[Tuple[int, int]] = []
    for start, end in trimmed:
        if joined and (start <= joined[-1][1] or not text[joined[-1][1]:start].strip()):
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return tuple(joined)


def match(predicted: Sequence[Predicted], gold: Sequence[GoldAttribution]) -> List[Tuple[int, int]]:
    """One-to-one (predicted index, gold index) pairs whose cues overlap."""
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            shared = overlap(p.cue, g.cue)
            if shared:
                distance = abs(p.cue[0][0] - g.cue[0][0])
                candidates.append((-shared, distance, i, j))
    candidates.sort()
    used_p, used_g, pairs = set(), set(), []
    for _, _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return sorted(pairs)


# --- gold cue kinds ---------------------------------------------------------

_PASSIVE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|'s)\s+(?:\w+ly\s+)?\w+(?:ed|en|wn|ught|id|lt|nt)\b")
_NOUNS = {
    "report", "reports", "statement", "statements", "survey", "surveys", "poll", "polls",
    "study", "studies", "interview", "letter", "memo", "analysis", "data", "records",
    "documents", "document", "record", "figures", "research", "testimony", "book",
}
_PREPOSITIONS = {"in", "for", "to", "of", "about", "from", "with", "on", "by", "per", "at"}


def gold_cue_kind(cue_text: str) -> str:
    """Classify a gold cue's text into the CUE_KINDS, by a simple rule."""
    text = " ".join(cue_text.lower().split())
    words = re.findall(r"[\w']+", text)
    if "according to" in text:
        return "according_to"
    if not words:
        return "punctuation"
    if words[0] == "to" and len(words) > 1:
        # An infinitive ("to call for", "to endorse") is the verb's cue, as the extractor
        # marks it; "to" alone stays a preposition.
        return gold_cue_kind(text.split(None, 1)[1])
    if len(words) == 1 and words[0].endswith("ly"):
        return "adverb"
    if _PASSIVE.search(text):
        return "passive"
    if words[0] in _NOUNS or (words[0] in {"a", "an", "the"} and len(words) > 1
                              and words[1] in _NOUNS):
        return "noun"
    if words[0].endswith("ing"):
        return "participle"
    if words[0] in _PREPOSITIONS:
        return "other"
    return "verb"


# --- report -----------------------------------------------------------------

def _prf(tp: int, predicted: int, gold: int) -> Dict[str, float]:
    precision = tp / predicted if predicted else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "correct": tp, "predicted": predicted, "gold": gold}


def _cue_label(text: str, fragments: Fragments) -> str:
    label = " ".join(text_of(text, fragments).lower().split())
    return label if len(label) <= 40 else label[:39] + "…"


def evaluate(texts: Iterable[AnnotatedText], predict: Callable[[str], Document],
             misses: int = 20, hops: str = "all") -> dict:
    """Run ``predict`` on every text and score it against the gold attributions.

    ``predict`` takes the text and returns a Document (``text.extract`` does);
    ``hops`` says which hops of a chain are scored (see the module notes).
    A text that appears with several annotators is predicted once.
    """
    counts = Counter()
    kinds_pred, kinds_pred_ok = Counter(), Counter()
    kinds_gold, kinds_gold_ok = Counter(), Counter()
    missed, false_alarms = Counter(), Counter()
    cache: Dict[str, List[Predicted]] = {}
    documents = 0
    for item in texts:
        documents += 1
        if item.name not in cache:
            cache = {item.name: predictions(predict(item.text), hops)}
        predicted = cache[item.name]
        gold = item.attributions
        pairs = match(predicted, gold)
        counts["predicted"] += len(predicted)
        counts["gold"] += len(gold)
        counts["predicted_source"] += sum(1 for p in predicted if p.source)
        counts["gold_source"] += sum(1 for g in gold if g.source)
        counts["predicted_content"] += sum(1 for p in predicted if p.content)
        counts["gold_content"] += sum(1 for g in gold if g.content)
        counts["cue"] += len(pairs)
        text = item.text
        for i, j in pairs:
            p, g = predicted[i], gold[j]
            counts["cue_exact"] += normalize(text, p.cue) == normalize(text, g.cue)
            for role in ("source", "content"):
                ps, gs = getattr(p, role), getattr(g, role)
                if ps and gs and overlap(ps, gs):
                    counts[role] += 1
                    counts[role + "_exact"] += normalize(text, ps) == normalize(text, gs)
        matched_p = {i for i, _ in pairs}
        matched_g = {j for _, j in pairs}
        for i, p in enumerate(predicted):
            kinds_pred[p.kind] += 1
            if i in matched_p:
                kinds_pred_ok[p.kind] += 1
            else:
                false_alarms[_cue_label(text, p.cue)] += 1
        for j, g in enumerate(gold):
            kind = gold_cue_kind(text_of(text, g.cue))
            kinds_gold[kind] += 1
            if j in matched_g:
                kinds_gold_ok[kind] += 1
            else:
                missed[_cue_label(text, g.cue)] += 1

    def block(suffix: str) -> dict:
        return {
            "cue": _prf(counts["cue" + suffix], counts["predicted"], counts["gold"]),
            "source": _prf(counts["source" + suffix], counts["predicted_source"],
                           counts["gold_source"]),
            "content": _prf(counts["content" + suffix], counts["predicted_content"],
                            counts["gold_content"]),
        }

    by_kind = {}
    for kind in list(CUE_KINDS) + sorted(set(kinds_pred) - set(CUE_KINDS)):
        if not (kinds_pred[kind] or kinds_gold[kind]):
            continue
        precision = kinds_pred_ok[kind] / kinds_pred[kind] if kinds_pred[kind] else 0.0
        recall = kinds_gold_ok[kind] / kinds_gold[kind] if kinds_gold[kind] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        by_kind[kind] = {
            "predicted": kinds_pred[kind], "predicted_correct": kinds_pred_ok[kind],
            "precision": round(precision, 4),
            "gold": kinds_gold[kind], "gold_found": kinds_gold_ok[kind],
            "recall": round(recall, 4), "f1": round(f1, 4),
        }
    return {
        "documents": documents,
        "hops": hops,
        "gold_attributions": counts["gold"],
        "predicted_attributions": counts["predicted"],
        "overlap": block(""),
        "exact": block("_exact"),
        "by_cue_kind": by_kind,
        "missed_cues": [{"cue": c, "count": n} for c, n in missed.most_common(misses)],
        "false_cues": [{"cue": c, "count": n} for c, n in false_alarms.most_common(misses)],
    }


def format_report(report: dict) -> str:
    """The report as aligned plain-text tables."""
    lines = [
        f"documents: {report['documents']}   gold attributions: {report['gold_attributions']}"
        f"   predicted: {report['predicted_attributions']}",
    ]
    if report.get("hops", "all") != "all":
        lines.append(f"hops scored: {report['hops']} (depth 0 of each chain only)")
    lines += [
        "",
        f"{'':8} {'match':7} {'precision':>9} {'recall':>7} {'F1':>7} {'correct':>8}"
        f" {'pred':>6} {'gold':>6}",
    ]
    for mode in ("overlap", "exact"):
        for role in ("cue", "source", "content"):
            r = report[mode][role]
            lines.append(
                f"{role:8} {mode:7} {r['precision']:9.3f} {r['recall']:7.3f} {r['f1']:7.3f}"
                f" {r['correct']:8d} {r['predicted']:6d} {r['gold']:6d}")
    lines += ["", "by cue kind (overlap; precision over predicted kind, recall over gold kind):",
              f"{'kind':14} {'precision':>9} {'pred':>6} {'recall':>7} {'gold':>6} {'F1':>7}"]
    for kind, r in report["by_cue_kind"].items():
        lines.append(f"{kind:14} {r['precision']:9.3f} {r['predicted']:6d} {r['recall']:7.3f}"
                     f" {r['gold']:6d} {r['f1']:7.3f}")
    for key, title in (("missed_cues", "most common missed gold cues"),
                       ("false_cues", "most common unmatched predicted cues")):
        if report[key]:
            lines += ["", f"{title}:"]
            lines += [f"{m['count']:6d}  {m['cue']}" for m in report[key]]
    return "\n".join(lines)

