"""The learned part of the extractor: averaged perceptrons over cheap features.

Two scorers, both linear over string features built from single tokens,
shapes, lexicon flags and positions (never multi-word corpus strings):

* the cue scorer accepts or rejects candidate cue tokens (candidates come
  from set look-ups, so most tokens are never scored);
* the source scorer ranks the word tokens around an accepted cue (and a
  "no source" option) and picks the head of the source.

Training is deterministic (fixed example order, seeded orders averaged over bags) and the
weights are plain dicts, saved as JSON in ``models/``.  Pure: no I/O here.

Speed: features are built for every candidate token, so a feature of several
parts is one f-string (one string built, not one per ``+``), and word-level
helpers (``shape_of``, ``stem``, ``rate_bucket``) are memoised.
"""
from __future__ import annotations

import functools
import random
import zlib
from itertools import accumulate
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


_BUCKETS: Dict[float, str] = {}


def rate_bucket(rate: float) -> str:
    got = _BUCKETS.get(rate)
    if got is None:  # (bounded like the word memos: a model file's rates may be any floats)
        got = _remember(_BUCKETS, rate, _rate_bucket(rate))
    return got


def _rate_bucket(rate: float) -> str:
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
            avg = total / clock if precision is None else round(total / clock, precision)
            if abs(avg) >= floor:
                out[f] = avg
        return out


# The word memos are emptied when they reach this many entries: a corpus's vocabulary keeps
# growing (~25k words over PolNeAR train, ~200k expected over a million varied
# statements), and a long load must not grow with it; the common words come back at once.
MEMO_LIMIT = 100_000


def _remember(memo: dict, key, value):
    if len(memo) >= MEMO_LIMIT:
        memo.clear()
    memo[key] = value
    return value


class _WordMemo(dict):
    """A word -> ``compute(word)`` memo whose ``__getitem__`` is the memoised function:
    a hit is one C-level call (no Python frame: ~1.2M calls per pass over PolNeAR train)."""

    def __init__(self, compute):
        super().__init__()
        self.compute = compute

    def __missing__(self, word):
        return _remember(self, word, self.compute(word))


_SHAPES = _WordMemo(shape)
shape_of = _SHAPES.__getitem__  # ``shape`` memoised: the same few thousand words recur


_SUFFIXES = ("ing", "ed", "es", "s", "d")


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


_STEMS = _WordMemo(_stem)
stem = _STEMS.__getitem__  # a crude stem so "says", "said", "saying" share some weight (memoised)


def cue_features(an, i: int, rates: Dict[str, float], sent_lo: int, sent_hi: int) -> List[str]:
    """Features of candidate cue token ``i``."""
    return word_features(an.tokens.lower[i], rates) + placed_features(an, i, rates, sent_lo, sent_hi)


def word_features(w: str, rates: Dict[str, float]) -> List[str]:
    """The features of a candidate that follow from its word alone: the scorer adds up
    their weights once per word form (``Model.word_weight``), not for every candidate."""
    return ["b", "w=" + w, "sfx=" + w[-3:], "rate=" + rate_bucket(rates.get(w, 0.0)),
            "lex=" + lexicon.verb_forms().get(w, "-"), "stem=" + stem(w), "sfx2=" + w[-2:], "sfx4=" + w[-4:]]


def placed_features(an, i: int, rates: Dict[str, float], sent_lo: int, sent_hi: int) -> List[str]:
    """The other features of candidate cue token ``i``: its neighbours, sentence and quotes."""
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
    rel = (i - sent_lo) * 4 // max(1, sent_hi - sent_lo)
    subj_low = low[j] if j >= sent_lo else ""
    head = lexicon.table("source_heads.tsv").get(subj_low, "-")
    st, rate = stem(w), rate_bucket(rates.get(w, 0.0))
    feats = [
        "shead=" + head, f"w|shead={w}|{head}",
        "p1=" + (low[i - 1] if p1 else ""), "n1=" + (low[i + 1] if n1 else ""),
        "p2=" + (low[i - 2] if p2 else ""), "n2=" + (low[i + 2] if n2 else ""),
        "s1=" + s1, "t1=" + t1, f"s12={s2}{s1}", f"t12={t1}{t2}", f"w|s1={w}|{s1}",
        f"w|t1={w}|{t1}", "inq=" + inq, f"w|inq={w}{inq}",
        "subj=" + subj_shape, "subjw=" + subj_low, f"w|subj={w}|{subj_shape}",
        f"stem|subj={st}|{subj_shape}", f"rate|subj={rate}{subj_shape}",
        "cap=" + ("1" if words[i][:1].isupper() else "0"),
        "first=" + ("1" if i == sent_lo else "0"), f"end={min(sent_hi - i, 4)}", f"pos={rel}",
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
    feats.append(f"w|q={w}{near}")
    for k in range(max(sent_lo, i - 4), i - 2):
        feats.append("L=" + low[k])
    for k in range(i + 3, min(sent_hi, i + 5)):
        feats.append("R=" + low[k])
    feats.extend(context_features(w, st, rate, low, words, i, sent_lo, sent_hi, s1, t1, subj_shape, inq,
                                  token_counts(an, rates)))
    return feats


# Closed-class words kept as themselves in conjunctions with the candidate word
# (fixed English function words, not corpus strings); other tokens become shapes.
_CLASS_WORDS = frozenset("that to by , : ; . ? the a an on about in for of with as if whether not "
                         "was were is are be been being has have had will would could may might "
                         "who which it there this".split())
_PASSIVE_AUX = frozenset("was were is are be been being".split())


def context_features(w, st, rate, low, words, i, sent_lo, sent_hi, s1, t1, subj_shape, inq, counts) -> List[str]:
    """Conjunctions of the candidate word (``st``: its stem, ``rate``: its rate bucket) with the
    class of its neighbours ("said" + next is "that"/quote/colon, previous is a passive
    auxiliary), longer suffixes, and the window flags below."""
    p1 = low[i - 1] if i - 1 >= sent_lo else "BOS"
    n1 = low[i + 1] if i + 1 < sent_hi else "EOS"
    p1c = p1 if p1 in _CLASS_WORDS or p1 == "BOS" else s1
    n1c = n1 if n1 in _CLASS_WORDS or n1 == "EOS" else t1
    passive = "1" if p1 in _PASSIVE_AUX or (i - 2 >= sent_lo and low[i - 2] in _PASSIVE_AUX) else "0"
    out = [f"w|n1c={w}|{n1c}", f"w|p1c={w}|{p1c}", f"st|n1c={st}|{n1c}",
           f"st|p1c={st}|{p1c}", f"p1c|n1c={p1c}|{n1c}", f"pas={passive}{n1c}",
           f"w|pas={w}{passive}", f"w|subjinq={w}{subj_shape}{inq}"]
    out += window_features(w, rate, low, words, i, sent_lo, sent_hi, counts)
    return out


def window_features(w, rate, low, words, i, sent_lo, sent_hi, counts) -> List[str]:
    # Flags over a few tokens each side: a quote mark, a name-like or pronoun token,
    # and another likely cue word nearby (nested/competing cues).  Each is a difference
    # of two running counts (``TokenCounts``): it runs for every candidate.
    c = counts  # (token_counts(an, rates))
    quotes, strong_n = c.quotes, c.strong_counts
    left, right = max(sent_lo, i - 4), min(sent_hi, i + 5)
    lq = quotes[i] > quotes[left]
    rq = quotes[right] > quotes[i + 1]
    lname = _name_like(words, max(sent_lo, i - 3), i)
    rname = _name_like(words, i + 1, min(sent_hi, i + 4))
    if strong_n[min(sent_hi, i + 11)] > strong_n[i + 1]:
        other = "2"
    elif strong_n[i] > strong_n[max(sent_lo, i - 10)]:
        other = "1"
    else:
        other = "0"
    flags = ("1" if lq else "0") + ("1" if rq else "0") + ("1" if lname else "0") + ("1" if rname else "0")
    # A likely cue further back in the sentence: this one may sit in its content (nested).
    far = "1" if other != "1" and strong_n[max(sent_lo, i - 10)] > strong_n[sent_lo] else "0"
    # Verbs before the candidate in its clause: the first verb is the main one.
    verbs = str(min(c.verbs[i] - c.verbs[max(sent_lo, i - 12)], 2))
    # The nearest likely cue to the left in the sentence and what lies between it and
    # this word: "that" or a quote mark make this word part of its content (nested); a
    # comma or "and"/"but" may start a verb phrase of its own ("denied A and declined to").
    left_cue = "-"
    window = max(sent_lo, i - 25)
    strong = c.strong
    # (The count first: most candidates have no likely cue that far back.)
    for k in range(i - 1, window - 1, -1) if strong_n[i] > strong_n[window] else ():
        if low[k] in strong:
            between = set(low[k + 1:i])
            left_cue = ("T" if "that" in between else "") + ("Q" if not QUOTES.isdisjoint(words[k + 1:i]) else "") \
                + ("C" if "," in between else "") + ("A" if not _COORDINATORS.isdisjoint(between) else "") \
                + str(min(i - k, 4))
            break
    return ["lc=" + left_cue, f"lc|r={left_cue}{rate}", f"w|lc={w}{left_cue}",
            "win=" + flags, f"w|win={w}{flags}", "oc=" + other, f"w|oc={w}{other}",
            f"lq|rn={flags[0]}{flags[3]}", f"w|ln={w}{flags[2]}", f"far={far}{other}",
            "vb=" + verbs, f"w|vb={w}{verbs}", f"vb|oc={verbs}{other}"]


class TokenCounts:
    """Running counts over one text's tokens (``counts[k]``: how many of tokens 0..k-1 are
    quotation marks, verbs, likely cues), so that the cue features' window tests
    ("a quote mark among the 4 tokens before") are two look-ups instead of a slice and a set
    test, for each of the ~85k candidates of a pass over PolNeAR train."""

    __slots__ = ("rates", "strong", "quotes", "verbs", "strong_counts")

    def __init__(self, low, words, rates: Dict[str, float]):
        self.rates = rates  # the rate table these counts were made for
        self.strong = strong = _strong_cues(rates)
        self.quotes = _running(map(QUOTES.__contains__, words))
        self.verbs = _running(map(_verbish_words().__contains__, low))
        self.strong_counts = _running(map(strong.__contains__, low))


def _running(flags) -> List[int]:
    return list(accumulate(flags, initial=0))


def token_counts(an, rates) -> TokenCounts:
    """The ``TokenCounts`` of an analysis, made once per text and rate table."""
    got = getattr(an, "_token_counts", None)
    if got is None or got.rates is not rates:
        got = an._token_counts = TokenCounts(an.tokens.lower, an.tokens.words, rates)
    return got


_COORDINATORS = frozenset(("and", "but", "or"))


@functools.lru_cache(maxsize=None)
def _verbish_words() -> frozenset:
    """Cue verb forms and common verbs, the words ``TokenCounts.verbs`` counts."""
    return frozenset(lexicon.verb_forms()) | lexicon.words("common_verbs.txt")


_NAME_SHAPES = frozenset(("CAP", "PRON"))


def _name_like(words, lo: int, hi: int) -> bool:
    return not _NAME_SHAPES.isdisjoint(map(shape_of, words[lo:hi]))

_STRONG: Dict[int, tuple] = {}
STRONG_LIMIT = 8  # rate tables remembered: a few models in use at once, not every training fold's


def _strong_cues(rates: Dict[str, float]) -> frozenset:
    """Words that are cues at least half the time (memoised per rate table)."""
    got = _STRONG.get(id(rates))
    if got is None or got[0] is not rates:  # the table is kept, so its id is not reused
        if len(_STRONG) >= STRONG_LIMIT:
            _STRONG.clear()
        got = _STRONG[id(rates)] = (rates, frozenset(word for word, rate in rates.items() if rate >= 0.5))
    return got[1]


# Closed-class words a source feature keeps as themselves; other words become a
# class: auxiliary, cue verb, other verb, -ly adverb, "-ed" verb, or their shape.
_SOURCE_CLASS_WORDS = frozenset(", : ; and but or that who which whose whom to by of in on at for with from "
                                "as when while after before since if not also both all each".split())


_CLASSES: Dict[str, str] = {}


def word_class(low: str, word: str) -> str:
    """``_word_class`` memoised by the word (its lower case follows from it)."""
    got = _CLASSES.get(word)
    if got is None:
        got = _remember(_CLASSES, word, _word_class(low, word))
    return got


def _word_class(low: str, word: str) -> str:
    if low in _SOURCE_CLASS_WORDS or word in QUOTES:
        return low if word not in QUOTES else "Q"
    if low in lexicon.words("aux.txt") or low in _PASSIVE_AUX:
        return "AUX"
    if not word[:1].isupper():
        if low in lexicon.verb_forms():
            return "CUEV"
        if low in lexicon.words("common_verbs.txt"):
            return "V"
        if low.endswith("ly") and len(low) > 4:
            return "LY"
        if low.endswith("ed") and len(low) > 4 and low.isalpha():
            # A past form the lexicons miss ("The crews passed laws ..."): a verb, so the word
            # after it is its object, not a subject (PolNeAR train fixed-fold CV, source ranker
            # retrained: source F1 .7766 -> .7772).
            return "VED"
    return shape_of(word)


_VERBISH = frozenset(("AUX", "CUEV", "V", "LY", "VED"))
# What lies between a word and the cue, as cue_context gives it: ("<verbs><comma><conj>",
# "<subjects>") for each count, built once instead of per word of every cue's window.
_BETWEEN = tuple(tuple(tuple(tuple((f"{verbs}{comma}{conj}", str(subjects)) for subjects in range(4))
                             for conj in range(2)) for comma in range(2)) for verbs in range(3))


def cue_context(an, cue_lo: int, cue_hi: int, sent_lo: int, sent_hi: int) -> tuple:
    """Cue-level facts every source option is conjoined with, computed once per cue:
    the class of the word before the cue (past auxiliaries: "and", ",", "who", a
    name...), whether a passive auxiliary precedes it, the class of the word after
    it, the class of every word of the window, and for every word what lies
    between it and the cue (verbs, a comma, a conjunction, other subjects)."""
    low, words = an.tokens.lower, an.tokens.words
    j = spans.skip_left(an.tokens, cue_lo - 1, sent_lo)
    cp = word_class(low[j], words[j]) if j >= sent_lo else "BOS"
    passive = "1" if any(low[k] in _PASSIVE_AUX for k in range(max(j + 1, sent_lo), cue_lo)) else "0"
    nxt = word_class(low[cue_hi], words[cue_hi]) if cue_hi < sent_hi else "EOS"
    first, last = max(sent_lo, cue_lo - SOURCE_LEFT - 1), min(sent_hi, cue_hi + SOURCE_RIGHT + 1)
    known = _CLASSES.get  # (word_class's memo read in place: no call for the words seen before)
    classes = {k: known(words[k]) or word_class(low[k], words[k]) for k in range(first, last)}
    between = {}
    # Walk away from the cue on each side, counting what has been passed.
    for side, steps in (("L", range(cue_lo - 1, first - 1, -1)), ("R", range(cue_hi, last))):
        verbs = subjects = comma = conj = 0
        previous = None  # class of the word passed just before (nearer the cue)
        for k in steps:
            between[k] = _BETWEEN[min(verbs, 2)][comma][conj][min(subjects, 3)]
            c = classes[k]
            if c in ("CUEV", "V", "VED"):
                verbs += 1
            elif c == ",":
                comma = 1
            elif c in ("and", "but", "or"):
                conj = 1
            if side == "L" and previous in _VERBISH and c not in _VERBISH and c not in _SOURCE_CLASS_WORDS:
                subjects += 1  # a word followed by a verb: the subject of some clause
            previous = c
    return cp, passive, nxt, classes, between


def none_features(cue_word: str, rule_src, main, ctx=("", "", "")) -> List[str]:
    """Features of the "this cue has no source" option."""
    cp, passive, nxt = ctx[:3]
    return ["none", "none|cw=" + cue_word, "none|rule=" + ("1" if rule_src else "0"),
            "none|main=" + ("1" if main else "0"), "none|sfx=" + cue_word[-3:],
            "none|cp=" + cp, "none|pas=" + passive + cue_word[-3:], "none|nx=" + nxt,
            "none|cp|rule=" + cp + ("1" if rule_src else "0")]


_DISTANCES = tuple(str(d) for d in range(-6, 7))  # a source word's distance to the cue, as text


def source_features(an, cue_lo: int, cue_hi: int, j: int, rule_src, sent_lo: int, sent_hi: int,
                    cue_word: str, main=None, ctx=None) -> List[str]:
    """Features of token ``j`` as the head of the source of the cue cue_lo..cue_hi
    (``ctx`` from ``cue_context``)."""
    low, words = an.tokens.lower, an.tokens.words
    if j < cue_lo:
        rel = j - cue_lo
    else:
        rel = j - cue_hi + 1
    side = "L" if rel < 0 else "R"
    dist = _DISTANCES[max(-6, min(6, rel)) + 6]
    word = words[j]
    sh = shape_of(word)
    p1 = shape_of(words[j - 1]) if j - 1 >= sent_lo else "BOS"
    n1 = shape_of(words[j + 1]) if j + 1 < sent_hi else "EOS"
    in_rule = "1" if rule_src and rule_src[0] <= j < rule_src[1] else "0"
    in_main = "1" if main and main[0] <= j < main[1] else "0"
    heads = lexicon.table("source_heads.tsv")
    cue_suffix = cue_word[-3:]
    feats = [
        "d=" + dist, "w=" + low[j], f"sh={sh}{side}", f"p1={p1}{side}", f"n1={n1}{side}",
        "rule=" + in_rule, f"rule|d={in_rule}{dist}", f"cw|side={cue_word}{side}",
        f"cw|sh={cue_word}{sh}{side}", f"head={heads.get(low[j], '-')}{side}",
        f"sfx={low[j][-2:]}{side}",
        f"main={in_main}{side}",
        f"rule|sh={in_rule}{sh}", f"cs|d={cue_suffix}{dist}",
    ]
    if ctx is None:
        ctx = cue_context(an, cue_lo, cue_hi, sent_lo, sent_hi)
    # Syntax by word classes: a verb is never a head; a word followed by a verb
    # is a subject, one after a verb or preposition an object; what lies between
    # the word and the cue (a comma, "and", another verb) says whether the cue
    # is a verb of the same clause ("X did A and said B" -> X, not A's object).
    cp, passive, nxt, classes, between = ctx
    jc = classes.get(j) or word_class(low[j], word)
    pc = (classes.get(j - 1) or word_class(low[j - 1], words[j - 1])) if j - 1 >= sent_lo else "BOS"
    nc = (classes.get(j + 1) or word_class(low[j + 1], words[j + 1])) if j + 1 < sent_hi else "EOS"
    btw, subjects = between.get(j, ("000", "0"))
    subject = "1" if nc in _VERBISH or (side == "L" and j + 1 == cue_lo) else "0"
    # What comes before the word's noun phrase (over up to three modifiers): a verb or a
    # preposition makes it an object ("passed tough new laws"), a comma or nothing a subject.
    k = j - 1
    while k >= sent_lo and j - k <= 3:
        c = classes.get(k) or word_class(low[k], words[k])
        if c in _VERBISH or c in _SOURCE_CLASS_WORDS or c == "Q":
            break
        k -= 1
    npp = (classes.get(k) or word_class(low[k], words[k])) if k >= sent_lo else "BOS"
    feats += [
        f"jc={jc}{side}", f"pc={pc}{side}", f"nc={nc}{side}", f"pc|nc={pc}|{nc}{side}",
        f"btw={btw}{side}", f"btw|sh={btw}{sh}{side}", f"subj={subject}{side}",
        f"subj|btw={subject}{btw}{side}", f"sr={subjects}{subject}{side}",
        f"cp|main={cp}{in_main}{side}", f"cp|rule={cp}{in_rule}", f"cp|sh={cp}{sh}{side}",
        f"cp|subj={cp}{subject}{btw}{side}", f"pas|side={passive}{side}{pc}",
        f"pas|cs={passive}{cue_suffix}{side}", f"nx|side={nxt}{side}",
        f"npp={npp}{side}", f"npp|btw={npp}{btw}{side}",
    ]
    return feats


def _overlaps(pos: int, frags) -> bool:
    return any(s <= pos < e for s, e in frags)


# The cue perceptron also learns from candidates it already gets right by less than this
# (a margin perceptron): a weight keeps moving until the candidates it decides are decided
# with room to spare, instead of stopping at the first right side of zero.  Scores spread
# out, so the threshold is lower (-3.8 -> about -7).  Train 5-fold CV of the pipeline
# (fold models retrained): cue F1 .7739 -> .7760, source .7511 -> .7531 (thresholds -3.8 -> -6.8; the
# old model at any threshold from -2.8 to -4.8: cue .7728-.7741, source .7510-.7514).
CUE_MARGIN = 10.0
# How much wider that margin spreads the scores than a plain perceptron's, for the
# extractor's margin rules (Model.margin_unit): chosen by train 5-fold CV.
MARGIN_UNIT = 2.0


def train_models(examples: Sequence[Tuple[object, List[dict]]], rates: Dict[str, float],
                 candidates_of, source_windows_of, epochs: int = 6, seed: int = 0,
                 margin: float = CUE_MARGIN, bags: int = None, stable: bool = None,
                 source_epochs: int = None):
    """Train both scorers.

    ``examples`` are (analysis, gold attributions) pairs; a gold attribution
    is a dict of "cue"/"source"/"content" lists of (start, end) fragments.
    ``candidates_of(an)`` yields (token, sent_lo, sent_hi) candidates;
    ``source_windows_of(an, cue_lo, cue_hi)`` gives (candidates, rule_src,
    main, sent_lo, sent_hi).  Returns (cue weights, source weights).
    """
    bags = BAGS if bags is None else bags
    stable = STABLE_ORDER if stable is None else stable
    source_epochs = SOURCE_EPOCHS or epochs if source_epochs is None else source_epochs
    cue = train_cue(*cue_examples(examples, rates, candidates_of), epochs, seed, margin, bags, stable)
    # The source ranker shuffles with its own generator: sharing the cue pass's made its
    # weights depend on how many cue candidates there are, so any cue change retrained
    # it to a different (+-0.006 dev source F1) model.
    return cue, train_source(examples, source_windows_of, source_epochs, candidates_of,
                             bags=bags, seed=seed, stable=stable)


def cue_examples(examples, rates, candidates_of):
    """([(features, label)] of every cue candidate, [its key for ``_orders``])."""
    cue_items, cue_keys = [], []
    for k, (an, gold) in enumerate(examples):
        starts = an.tokens.starts
        for i, lo, hi in candidates_of(an):
            label = any(_overlaps(starts[i], g["cue"]) for g in gold)
            cue_items.append((cue_features(an, i, rates, lo, hi), 1.0 if label else -1.0))
            cue_keys.append(f"{k}.{i}")
    return cue_items, cue_keys


def train_cue(cue_items, cue_keys, epochs: int, seed: int, margin: float, bags: int, stable: bool,
              floor: float = 1.0):
    """The cue weights: ``bags`` margin perceptrons, each over its own orders, averaged."""
    models = []
    for bag in range(bags):
        cue_model = Perceptron()
        for order in _orders(cue_keys, epochs, seed + bag, stable):
            for k in order:
                feats, label = cue_items[k]
                cue_model.tick()
                if cue_model.score(feats) * label <= margin:
                    cue_model.update(feats, label)
        models.append(cue_model)
    return bagged(models, floor=floor)


# Training runs this many perceptrons (cue and source), each over its own orders of the
# examples, and ships their mean weights (``bagged``); each order is stable (``_orders``).
# One perceptron was a lottery ticket: its weights depend on the order it meets the
# candidates, and any change of candidates or features reshuffled every one of them, so
# retrained figures moved by +-.003 whatever the change was worth.  Train 5-fold CV
# (fold models retrained, threshold -6.7001): one perceptron over seeds 0/1/2, shuffled or
# stable: cue F1 .7801/.7788/.7789, .7800/.7779/.7771, source .7565-.7590; five, averaged:
# cue .7797, source .7610, content .7567 (seed 0).
BAGS = 5
STABLE_ORDER = True
# The source ranker's passes over the gold cues (the cue scorer keeps ``epochs``, 3): it
# sees each cue's options once per pass and had not settled after 3.  Train 5-fold CV
# (fixed folds, cue weights fixed, source ranker retrained, threshold -9.0001), source F1
# at 3 -> 10 passes: seed 0 .7636 -> .7639, seed 10 .7634 -> .7644, seed 20 .7635 -> .7641
# (mean +.0006); cue .7825 -> .7826, .7823 -> .7825, .7822 -> .7825.  No cost at run time
# (the same features).
SOURCE_EPOCHS = 10


def _orders(keys: List[str], epochs: int, seed: int, stable: bool) -> List[List[int]]:
    """The order of the items in each epoch.  Stable: each item's place follows from a hash
    of its own key (example number, token), so that adding or removing candidates leaves
    the relative order of all the others as it was; else a seeded shuffle of the indices."""
    if stable:
        out = []
        for epoch in range(epochs):
            salt = f"{seed}.{epoch}.".encode()
            ranks = [zlib.crc32(key.encode(), zlib.crc32(salt)) for key in keys]
            out.append(sorted(range(len(keys)), key=ranks.__getitem__))
        return out
    rng = random.Random(seed)
    out = []
    for _ in range(epochs):
        order = list(range(len(keys)))
        rng.shuffle(order)
        out.append(order)
    return out


def bagged(models: List["Perceptron"], precision: int = 1, floor: float = 1.0) -> Dict[str, float]:
    """The mean of the models' averaged weights, rounded, near-zero weights dropped."""
    if len(models) == 1:
        return models[0].averaged(precision, floor)
    total: Dict[str, float] = {}
    for model in models:
        for f, w in model.averaged(None, 0.0).items():
            total[f] = total.get(f, 0.0) + w
    out = {}
    for f, w in total.items():
        avg = round(w / len(models), precision)
        if abs(avg) >= floor:
            out[f] = avg
    return out


def _cue_head(cue_tokens: List[int], candidate_tokens) -> Tuple[int, int]:
    """The token range the extractor would find for a gold cue: its first candidate
    word ("called" of "has also called for"), so the source ranker learns from the
    same cue positions it sees at run time; the whole gold cue when none is a candidate."""
    for k in cue_tokens:
        if k in candidate_tokens:
            return k, k + 1
    return cue_tokens[0], cue_tokens[-1] + 1


def source_options(examples, source_windows_of, candidates_of=None, keys=False):
    """Per gold cue: the (features, is gold) options of its source ranking (and with
    ``keys``, a key per gold cue: example number and cue start, for ``_orders``)."""
    source_items, source_keys = [], []
    for n, (an, gold) in enumerate(examples):
        starts = an.tokens.starts
        heads = {i for i, _, _ in candidates_of(an)} if candidates_of else set()
        for g_n, g in enumerate(gold):
            cue_tokens = [k for k, s in enumerate(starts) if _overlaps(s, g["cue"])]
            if not cue_tokens:
                continue
            cue_lo, cue_hi = _cue_head(cue_tokens, heads)
            if an.tokens.lower[cue_lo] == "according" and cue_hi < len(starts) and cue_hi in cue_tokens:
                cue_hi += 1  # "according to" is one cue of two words
            window, rule_src, main, lo, hi = source_windows_of(an, cue_lo, cue_hi)
            cue_word = an.tokens.lower[cue_lo]
            ctx = cue_context(an, cue_lo, cue_hi, lo, hi)
            options = []
            for j in window:
                is_gold = "source" in g and _overlaps(starts[j], g["source"])
                options.append((source_features(an, cue_lo, cue_hi, j, rule_src, lo, hi, cue_word, main, ctx),
                                is_gold))
            if "source" in g and not any(ok for _, ok in options):
                continue  # the source lies outside the window: nothing to learn here
            options.append((none_features(cue_word, rule_src, main, ctx), "source" not in g))
            source_items.append(options)
            source_keys.append(f"{n}.{g_n}")
    return (source_items, source_keys) if keys else source_items


def train_source(examples, source_windows_of, epochs: int = 6, candidates_of=None,
                 bags: int = 1, seed: int = 0, stable: bool = False, options=None) -> Dict[str, float]:
    """The source ranker alone (a ranking perceptron over each cue's options)."""
    source_items, source_keys = options or source_options(examples, source_windows_of, candidates_of, keys=True)
    models = []
    for bag in range(bags):
        source_model = Perceptron()
        for order in _orders(source_keys, epochs, seed + bag, stable):
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
        models.append(source_model)
    return bagged(models)
