"""The learned part of the extractor: averaged perceptrons over cheap features.

Two scorers, both linear over string features built from single tokens,
shapes, lexicon flags and positions (never multi-word corpus strings):

* the cue scorer accepts or rejects candidate cue tokens (candidates come
  from set look-ups, so most tokens are never scored);
* the source scorer ranks the word tokens around an accepted cue (and a
  "no source" option) and picks the head of the source.

Training is deterministic (fixed example order, fixed seed shuffles) and the
weights are plain dicts, saved as JSON in ``models/``.  Pure: no I/O here.
"""
from __future__ import annotations

import random
from typing import Dict, Iterable, List, Sequence, Tuple

from . import lexicon, spans
from .tokens import QUOTES

PRONOUNS = frozenset("he she they i we it you him her them".split())
RATE_BUCKETS = (0.01, 0.03, 0.1, 0.2, 0.35, 0.5, 0.7, 0.85)
SOURCE_LEFT = 14
SOURCE_RIGHT = 7


def shape(word: str) -> str:
    """A coarse class of a token: pronoun, name, word, quote, punctuation."""
    if not word:
        return "NONE"
    low = word.lower()
    if low in PRONOUNS:
        return "PRON"
    if word in QUOTES:
        return "Q"
    first = word[0]
    if first.isalpha():
        if low in spans.DETERMINERS:
            return "DET"
        if first.isupper():
            return "CAP"
        return "low"
    if first.isdigit():
        return "NUM"
    return word


def rate_bucket(rate: float) -> str:
    bucket = 0
    for bound in RATE_BUCKETS:
        if rate >= bound:
            bucket += 1
    return str(bucket)


class Perceptron:
    """Binary/ranking averaged perceptron over sparse binary features."""

    def __init__(self, weights=None):
        self.weights: Dict[str, float] = dict(weights or {})
        self._totals: Dict[str, float] = {}
        self._stamps: Dict[str, int] = {}
        self._clock = 0

    def score(self, features: Iterable[str]) -> float:
        get = self.weights.get
        return sum(get(f, 0.0) for f in features)

    def update(self, features: Iterable[str], delta: float) -> None:
        for f in features:
            w = self.weights.get(f, 0.0)
            self._totals[f] = self._totals.get(f, 0.0) + (self._clock - self._stamps.get(f, 0)) * w
            self._stamps[f] = self._clock
            self.weights[f] = w + delta

    def tick(self) -> None:
        self._clock += 1

    def averaged(self, precision: int = 1, floor: float = 1.0) -> Dict[str, float]:
        """Averaged weights, rounded, with near-zero weights dropped (compact)."""
        out = {}
        clock = max(self._clock, 1)
        for f, w in self.weights.items():
            total = self._totals.get(f, 0.0) + (self._clock - self._stamps.get(f, 0)) * w
            avg = round(total / clock, precision)
            if abs(avg) >= floor:
                out[f] = avg
        return out


_SHAPES: Dict[str, str] = {}


def shape_of(word: str) -> str:
    """``shape`` memoised: the same few thousand words recur."""
    got = _SHAPES.get(word)
    if got is None:
        got = _SHAPES[word] = shape(word)
    return got


_SUFFIXES = ("ing", "ed", "es", "s", "d")


def stem(word: str) -> str:
    """A crude stem so "says", "said", "saying" share some weight."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def cue_features(an, i: int, rates: Dict[str, float], sent_lo: int, sent_hi: int) -> List[str]:
    """Features of candidate cue token ``i``."""
    low, words = an.tokens.lower, an.tokens.words
    w = low[i]
    p1 = words[i - 1] if i - 1 >= sent_lo else ""
    p2 = words[i - 2] if i - 2 >= sent_lo else ""
    n1 = words[i + 1] if i + 1 < sent_hi else ""
    n2 = words[i + 2] if i + 2 < sent_hi else ""
    s1, s2, t1, t2 = shape_of(p1), shape_of(p2), shape_of(n1), shape_of(n2)
    # The subject: first token left of the cue past auxiliaries and adverbs.
    j = spans.skip_left(an.tokens, i - 1, sent_lo)
    subj = words[j] if j >= sent_lo else ""
    subj_shape = shape_of(subj)
    quote = an.quote_at(an.tokens.starts[i])
    inq = "1" if quote else "0"
    forms = lexicon.verb_forms()
    lex = forms.get(w, "-")
    rel = (i - sent_lo) * 4 // max(1, sent_hi - sent_lo)
    feats = [
        "b", "w=" + w, "p1=" + p1.lower(), "n1=" + n1.lower(), "p2=" + p2.lower(), "n2=" + n2.lower(),
        "s1=" + s1, "t1=" + t1, "s12=" + s2 + s1, "t12=" + t1 + t2, "w|s1=" + w + "|" + s1,
        "w|t1=" + w + "|" + t1, "sfx=" + w[-3:], "rate=" + rate_bucket(rates.get(w, 0.0)),
        "inq=" + inq, "w|inq=" + w + inq, "lex=" + lex, "stem=" + stem(w),
        "subj=" + subj_shape, "subjw=" + subj.lower(), "w|subj=" + w + "|" + subj_shape,
        "stem|subj=" + stem(w) + "|" + subj_shape, "rate|subj=" + rate_bucket(rates.get(w, 0.0)) + subj_shape,
        "cap=" + ("1" if words[i][:1].isupper() else "0"),
        "first=" + ("1" if i == sent_lo else "0"), "end=" + str(min(sent_hi - i, 4)), "pos=" + str(rel),
    ]
    if an.sent_tokens and an.sent_tokens[0][0] <= i < an.sent_tokens[0][1]:
        feats.append("headline")
    # Quotation context: "...," he said / said: "..." / a quote somewhere in the sentence.
    starts = an.tokens.starts
    sent_start = starts[sent_lo] if sent_lo < len(starts) else 0
    sent_end = an.tokens.ends[sent_hi - 1] if sent_hi - 1 < len(starts) else sent_start
    k = an.quote_index(sent_start)
    near = "none"
    while k < len(an.quotes) and an.quotes[k][0] < sent_end:
        q_start, q_end = an.quotes[k]
        here = starts[i]
        if q_end <= here:
            near = "before" if here - q_end < 25 else "far_before"
        elif q_start > here:
            near = "after" if q_start - an.tokens.ends[i] < 25 else ("far_after" if near == "none" else near)
            break
        k += 1
    feats.append("q=" + near)
    feats.append("w|q=" + w + near)
    for k in range(max(sent_lo, i - 4), i - 2):
        feats.append("L=" + low[k])
    for k in range(i + 3, min(sent_hi, i + 5)):
        feats.append("R=" + low[k])
    feats.extend(context_features(w, low, words, i, sent_lo, sent_hi, s1, t1, subj_shape, inq, rates))
    return feats


# Closed-class words kept as themselves in conjunctions with the candidate word
# (fixed English function words, not corpus strings); other tokens become shapes.
_CLASS_WORDS = frozenset("that to by , : ; . ? the a an on about in for of with as if whether not "
                         "was were is are be been being has have had will would could may might "
                         "who which it there this".split())
_PASSIVE_AUX = frozenset("was were is are be been being".split())


def context_features(w, low, words, i, sent_lo, sent_hi, s1, t1, subj_shape, inq, rates) -> List[str]:
    """Conjunctions of the candidate word with the class of its neighbours
    ("said" + next is "that"/quote/colon, previous is a passive auxiliary),
    longer suffixes, and the window flags below."""
    p1 = low[i - 1] if i - 1 >= sent_lo else "BOS"
    n1 = low[i + 1] if i + 1 < sent_hi else "EOS"
    p1c = p1 if p1 in _CLASS_WORDS or p1 == "BOS" else s1
    n1c = n1 if n1 in _CLASS_WORDS or n1 == "EOS" else t1
    st = stem(w)
    passive = "1" if p1 in _PASSIVE_AUX or (i - 2 >= sent_lo and low[i - 2] in _PASSIVE_AUX) else "0"
    out = ["w|n1c=" + w + "|" + n1c, "w|p1c=" + w + "|" + p1c, "st|n1c=" + st + "|" + n1c,
           "st|p1c=" + st + "|" + p1c, "p1c|n1c=" + p1c + "|" + n1c, "pas=" + passive + n1c,
           "w|pas=" + w + passive, "sfx2=" + w[-2:], "sfx4=" + w[-4:], "w|subjinq=" + w + subj_shape + inq]
    out += window_features(w, low, words, i, sent_lo, sent_hi, rates)
    return out


def window_features(w, low, words, i, sent_lo, sent_hi, rates) -> List[str]:
    # Flags over a few tokens each side: a quote mark, a name-like or pronoun token,
    # and another likely cue word nearby (nested/competing cues).  Slices and set
    # look-ups keep this C-level: it runs for every candidate.
    left, right = max(sent_lo, i - 4), min(sent_hi, i + 5)
    lq = not QUOTES.isdisjoint(words[left:i])
    rq = not QUOTES.isdisjoint(words[i + 1:right])
    lname = _name_like(words, max(sent_lo, i - 3), i)
    rname = _name_like(words, i + 1, min(sent_hi, i + 4))
    strong = _strong_cues(rates)
    if not strong.isdisjoint(low[i + 1:min(sent_hi, i + 11)]):
        other = "2"
    elif not strong.isdisjoint(low[max(sent_lo, i - 10):i]):
        other = "1"
    else:
        other = "0"
    flags = ("1" if lq else "0") + ("1" if rq else "0") + ("1" if lname else "0") + ("1" if rname else "0")
    return ["win=" + flags, "w|win=" + w + flags, "oc=" + other, "w|oc=" + w + other,
            "lq|rn=" + flags[0] + flags[3], "w|ln=" + w + flags[2]]


def _name_like(words, lo: int, hi: int) -> bool:
    for k in range(lo, hi):
        if shape_of(words[k]) in ("CAP", "PRON"):
            return True
    return False


_STRONG: Dict[int, tuple] = {}


def _strong_cues(rates: Dict[str, float]) -> frozenset:
    """Words that are cues at least half the time (memoised per rate table)."""
    got = _STRONG.get(id(rates))
    if got is None or got[0] is not rates:  # the table is kept, so its id is not reused
        got = _STRONG[id(rates)] = (rates, frozenset(word for word, rate in rates.items() if rate >= 0.5))
    return got[1]


def none_features(cue_word: str, rule_src, main) -> List[str]:
    """Features of the "this cue has no source" option."""
    return ["none", "none|cw=" + cue_word, "none|rule=" + ("1" if rule_src else "0"),
            "none|main=" + ("1" if main else "0"), "none|sfx=" + cue_word[-3:]]


def source_features(an, cue_lo: int, cue_hi: int, j: int, rule_src, sent_lo: int, sent_hi: int,
                    cue_word: str, main=None) -> List[str]:
    """Features of token ``j`` as the head of the source of the cue cue_lo..cue_hi."""
    low, words = an.tokens.lower, an.tokens.words
    if j < cue_lo:
        rel = j - cue_lo
    else:
        rel = j - cue_hi + 1
    side = "L" if rel < 0 else "R"
    dist = str(max(-6, min(6, rel)))
    word = words[j]
    sh = shape_of(word)
    p1 = shape_of(words[j - 1]) if j - 1 >= sent_lo else "BOS"
    n1 = shape_of(words[j + 1]) if j + 1 < sent_hi else "EOS"
    in_rule = "1" if rule_src and rule_src[0] <= j < rule_src[1] else "0"
    heads = lexicon.table("source_heads.tsv")
    feats = [
        "d=" + dist, "w=" + low[j], "sh=" + sh + side, "p1=" + p1 + side, "n1=" + n1 + side,
        "rule=" + in_rule, "rule|d=" + in_rule + dist, "cw|side=" + cue_word + side,
        "cw|sh=" + cue_word + sh + side, "head=" + heads.get(low[j], "-") + side,
        "sfx=" + low[j][-2:] + side,
        "main=" + ("1" if main and main[0] <= j < main[1] else "0") + side,
        "rule|sh=" + in_rule + sh, "cs|d=" + cue_word[-3:] + dist,
    ]
    return feats


def _overlaps(pos: int, frags) -> bool:
    return any(s <= pos < e for s, e in frags)


def train_models(examples: Sequence[Tuple[object, List[dict]]], rates: Dict[str, float],
                 candidates_of, source_windows_of, epochs: int = 6, seed: int = 0):
    """Train both scorers.

    ``examples`` are (analysis, gold attributions) pairs; a gold attribution
    is a dict of "cue"/"source"/"content" lists of (start, end) fragments.
    ``candidates_of(an)`` yields (token, sent_lo, sent_hi) candidates;
    ``source_windows_of(an, cue_lo, cue_hi)`` gives (candidates, rule_src,
    sent_lo, sent_hi).  Returns (cue weights, source weights).
    """
    cue_items = []
    source_items = []
    for an, gold in examples:
        starts = an.tokens.starts
        for i, lo, hi in candidates_of(an):
            label = any(_overlaps(starts[i], g["cue"]) for g in gold)
            cue_items.append((cue_features(an, i, rates, lo, hi), 1.0 if label else -1.0))
        for g in gold:
            cue_tokens = [k for k, s in enumerate(starts) if _overlaps(s, g["cue"])]
            if not cue_tokens:
                continue
            cue_lo, cue_hi = cue_tokens[0], cue_tokens[-1] + 1
            window, rule_src, main, lo, hi = source_windows_of(an, cue_lo, cue_hi)
            cue_word = an.tokens.lower[cue_lo]
            options = []
            for j in window:
                is_gold = "source" in g and _overlaps(starts[j], g["source"])
                options.append((source_features(an, cue_lo, cue_hi, j, rule_src, lo, hi, cue_word, main), is_gold))
            if "source" in g and not any(ok for _, ok in options):
                continue  # the source lies outside the window: nothing to learn here
            options.append((none_features(cue_word, rule_src, main), "source" not in g))
            source_items.append(options)
    rng = random.Random(seed)
    cue_model = Perceptron()
    for _ in range(epochs):
        order = list(range(len(cue_items)))
        rng.shuffle(order)
        for k in order:
            feats, label = cue_items[k]
            cue_model.tick()
            if cue_model.score(feats) * label <= 0:
                cue_model.update(feats, label)
    source_model = Perceptron()
    for _ in range(epochs):
        order = list(range(len(source_items)))
        rng.shuffle(order)
        for k in order:
            options = source_items[k]
            source_model.tick()
            scores = [source_model.score(f) for f, _ in options]
            best = max(range(len(options)), key=scores.__getitem__)
            if options[best][1]:
                continue
            golds = [m for m, (_, ok) in enumerate(options) if ok]
            if not golds:
                continue
            target = max(golds, key=scores.__getitem__)
            source_model.update(options[target][0], 1.0)
            source_model.update(options[best][0], -1.0)
    return cue_model.averaged(), source_model.averaged()
