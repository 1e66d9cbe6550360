"""Score how well each statement is sourced: a number, a grade, a class and reasons.

Pure: no I/O, no Datasette. Weights come from plugin configuration; DEFAULT_WEIGHTS
documents every knob (the README's rubric table mirrors it, tests/test_rubric.py checks).

Rubric v1, in order: a base score by who stands behind the claim (named > anonymous >
vague > hedge-only > nothing); each extra hop of the chain costs; a direct quote earns;
hedge words cost (capped); every named source in the chain adds its Admiralty
reliability (an unrated source counts as F, "cannot be judged"); the outlet that
published the article adds its own reliability; plugins may add adjustments.
Every step that moves the score leaves a reason in words.
"""
from __future__ import annotations

from typing import Callable, Dict, Iterable, Mapping, Optional, Tuple

from .admiralty import DEFAULT_RELIABILITY, RELIABILITY_LETTERS, RELIABILITY_WORDS
from .model import NAMED_KINDS, Document, Statement
from .wording import counted

# Base score by the kind of the primary (depth 0) source.
DEFAULT_WEIGHTS: Dict[str, float] = {
    "base_person": 75,
    "base_organisation": 72,
    "base_document": 78,
    "base_media": 65,
    "base_anonymous": 45,
    "base_vague": 30,
    "base_none": 20,          # an attribution cue but nobody named ("reportedly")
    "unattributed": 10,       # no attribution at all
    "headline": 10,           # headlines assert without sourcing
    "direct_quote_bonus": 8,  # verbatim words are checkable
    "hop_penalty": 6,         # each hop beyond the first ("X said Y told him")
    "hedge_penalty": 5,       # each hedge / weasel word, capped below
    "hedge_penalty_cap": 15,
    # Admiralty reliability of a named source: added to the score.
    "reliability_A": 15,
    "reliability_B": 8,
    "reliability_C": 0,
    "reliability_D": -10,
    "reliability_E": -20,
    "reliability_F": 0,
    # Admiralty reliability of the outlet that published the article: added to every
    # statement of it (the outlet stands behind its own assertions too).
    "outlet_reliability_A": 6,
    "outlet_reliability_B": 3,
    "outlet_reliability_C": 0,
    "outlet_reliability_D": -5,
    "outlet_reliability_E": -10,
    "outlet_reliability_F": 0,
}

# One line per weight, for the README rubric table and `--help` texts.
WEIGHT_DOCS: Dict[str, str] = {
    "base_person": "primary source is a named person",
    "base_organisation": "primary source is a named organisation",
    "base_document": "primary source is a named document",
    "base_media": "primary source is a named news outlet",
    "base_anonymous": "anonymous but described source (\"a senior official\")",
    "base_vague": "vague source (\"reports\", \"sources\")",
    "base_none": "a cue with no source (\"reportedly\", \"it is believed\")",
    "unattributed": "no attribution at all",
    "headline": "the headline",
    "direct_quote_bonus": "added once when any hop is a direct quote",
    "hop_penalty": "subtracted per hop beyond the first",
    "hedge_penalty": "subtracted per hedge or weasel word",
    "hedge_penalty_cap": "most the hedges can subtract",
    **{f"reliability_{k}": f"added per named source in the chain rated {k}"
       for k in RELIABILITY_LETTERS},
    **{f"outlet_reliability_{k}": f"added when the article's outlet is rated {k}"
       for k in RELIABILITY_LETTERS},
}

# A plugin adjustment: (statement, weights) -> [(delta, reason), ...]
Adjuster = Callable[[Statement, Mapping[str, float]], Iterable[Tuple[float, str]]]

# Lower bound of each grade, best first.
GRADE_BOUNDS = (("A", 85), ("B", 70), ("C", 55), ("D", 40), ("E", 25), ("F", 0))
# The grades, best first (the pages' order), and what the two ends mean in words.
GRADES = tuple(grade for grade, _ in GRADE_BOUNDS)
GRADE_ENDS_WORDS = {GRADES[0]: "best sourced", GRADES[-1]: "no or weak sourcing"}

# The sourcing class of a statement, from the kind of its primary source.
SOURCING_BY_KIND = {
    "person": "named",
    "organisation": "named",
    "document": "named",
    "media": "named",
    "anonymous": "anonymous",
    "vague": "vague",
    "none": "hedged",
}


def merged_weights(weights: Optional[Mapping[str, float]] = None) -> Dict[str, float]:
    """DEFAULT_WEIGHTS overlaid with configured ones; unknown keys or non-numbers raise."""
    w = dict(DEFAULT_WEIGHTS)
    for key, value in (weights or {}).items():
        if key not in DEFAULT_WEIGHTS:
            raise ValueError(f"unknown scoring weight {key!r}; known: {', '.join(DEFAULT_WEIGHTS)}")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"scoring weight {key!r} must be a number, not {value!r}")
        w[key] = value
    return w


def grade_for(score: float) -> str:
    for grade, bound in GRADE_BOUNDS:
        if score >= bound:
            return grade
    return GRADES[-1]


def score_statement(
    statement: Statement,
    weights: Optional[Mapping[str, float]] = None,
    ratings: Optional[Mapping[str, str]] = None,
    outlet: Optional[str] = None,
    outlet_ratings: Optional[Mapping[str, str]] = None,
    adjusters: Iterable[Adjuster] = (),
) -> Statement:
    """Fill in sourcing, score, grade and reasons on one statement.

    ``ratings`` maps a canonical source name to its Admiralty letter (A-F);
    ``outlet_ratings`` maps an outlet name to its letter, ``outlet`` is the
    article's outlet. Names missing from the maps count as F.
    """
    w = merged_weights(weights)
    ratings = ratings or {}
    reasons = []
    chains = statement.chains()
    chain = primary_chain(statement)
    if not chain:
        if statement.is_headline:
            score, sourcing = w["headline"], "unattributed"
            reasons.append(f"headline, asserted without a source (base {w['headline']:g})")
        else:
            score, sourcing = w["unattributed"], "unattributed"
            reasons.append(f"no attribution: the article asserts this itself (base {w['unattributed']:g})")
    else:
        primary = chain[0]
        kind = primary.source_kind or "none"
        sourcing = SOURCING_BY_KIND.get(kind, "hedged")
        score = w.get(f"base_{kind}", w["base_none"])
        if len(chains) > 1:
            # Say first which chain counts, and name the others, so reasons about the
            # scored chain are not read as contradicting another chain's source.
            others = "; ".join(_hop_words(c[0]) for c in chains if c[0] is not primary)
            reasons.append(f"scored on the best sourced of {len(chains)} attribution chains in this statement"
                           f" (below); not scored: {others}")
        deeper = _named_origin(chain)
        if deeper is not None:
            # One reason for the whole chain: the outer source passes the claim on, the
            # named source it cites is who stands behind it.
            sourcing = "named"
            new = w.get(f"base_{deeper.source_kind}", score)
            reasons.append(f"{_hop_words(primary, attributed=True)}, whose chain reaches {deeper.source_kind} "
                           f"source '{_who(deeper)}': scored on that source (base {new:g}, not {kind} {score:g})")
            score = new
        else:
            reasons.append(f"{_hop_words(primary, attributed=True)} (base {score:g})")
        hops = retellings(chain)
        if hops > 0:
            penalty = hops * w["hop_penalty"]
            score -= penalty
            reasons.append(f"{counted(hops, 'extra hop')} in the chain (-{penalty:g})")
        if any(a.direct for a in chain):
            score += w["direct_quote_bonus"]
            reasons.append(f"direct quote (+{w['direct_quote_bonus']:g})")
        # Each distinct named source once, outermost first.
        seen = set()
        for a in chain:
            name = _who(a)
            if not name or a.source_kind not in NAMED_KINDS or name in seen:
                continue
            seen.add(name)
            letter = _letter(ratings.get(name))
            delta = w[f"reliability_{letter}"]
            score += delta
            reasons.append(f"source '{name}' rated {letter} ({RELIABILITY_WORDS[letter]}) ({delta:+g})")
    # A hedge that is itself the chain's cue ("reportedly") already set the base score as
    # hedge-only; charging it again would rank the hedge below saying nothing at all.
    hedges = [h for h in statement.hedges
              if not any(a.cue.start <= h.start and h.end <= a.cue.end for a in chain)]
    if hedges:
        penalty = min(len(hedges) * w["hedge_penalty"], w["hedge_penalty_cap"])
        score -= penalty
        words = ", ".join(f"'{h.text}'" for h in hedges)
        reasons.append(f"hedged by {words} (-{penalty:g})")
    letter = _letter((outlet_ratings or {}).get(outlet)) if outlet else DEFAULT_RELIABILITY
    # An unrated outlet is the common case: say nothing rather than repeat it everywhere.
    if letter != DEFAULT_RELIABILITY or w["outlet_reliability_F"]:
        delta = w[f"outlet_reliability_{letter}"]
        score += delta
        reasons.append(f"outlet '{outlet}' rated {letter} ({RELIABILITY_WORDS[letter]}) ({delta:+g})")
    for adjust in adjusters:
        for delta, reason in adjust(statement, w) or ():
            score += delta
            reasons.append(f"{reason} ({delta:+g})")
    score = max(0.0, min(100.0, float(score)))
    statement.score = round(score, 1)
    statement.grade = grade_for(score)
    statement.sourcing = sourcing
    statement.reasons = reasons
    return statement


# Strength of a chain's sourcing, used to pick the chain a statement's score rests on.
_SOURCING_RANK = {"named": 3, "anonymous": 2, "vague": 1, "hedged": 0}


def _named_origin(chain):
    """The named hop a vague or anonymous outer source got it from, if the chain says.

    "According to reports from Gerasimov" names where the reports came from, so the claim
    rests on Gerasimov. A source-less outer hop ("reportedly, Putin said ...") does not:
    nobody in the article stands behind the report, so a named hop inside its content
    does not lift it.
    """
    outer = chain[0]
    if outer.source is None or SOURCING_BY_KIND.get(outer.source_kind) == "named":
        return None
    return next((a for a in chain[1:] if a.source_kind in NAMED_KINDS), None)


def chain_sourcing(chain) -> str:
    """The sourcing class a chain gives, independent of ratings."""
    if not chain:
        return "unattributed"
    if _named_origin(chain) is not None:
        return "named"
    return SOURCING_BY_KIND.get(chain[0].source_kind or "none", "hedged")


def primary_chain(statement: Statement) -> list:
    """The chain a statement's score rests on: its best sourced one, the first on ties.

    Ratings do not take part, so the choice (and the facet columns the store copies from
    it) stays put when a rating changes.
    """
    chains = statement.chains()
    # max() keeps the first of equals, so ties go to the chain met first.
    return max(chains, key=lambda c: _SOURCING_RANK[chain_sourcing(c)]) if chains else []


def retellings(chain) -> int:
    """How many times the chain passes the claim to another voice: the levels deeper than
    the first at which a source appears that the level above it does not have.

    Depth, not length: two hops side by side ("X said A, adding B") are one level.  A level
    that only repeats its outer source ("X said A, saying B" nests X under X) passes nothing
    on, so it costs no hop.
    """
    voices: dict = {}
    for attribution in chain:
        voices.setdefault(attribution.depth, set()).add(_who(attribution))
    levels = sorted(voices)
    return sum(1 for outer, inner in zip(levels, levels[1:]) if voices[inner] - voices[outer])


def _hop_words(attribution, attributed: bool = False) -> str:
    """A hop in words: "vague source 'Officials' via 'said'"."""
    who = _who(attribution)
    if not who:
        return f"attribution cue '{attribution.cue.text}' names no source" if attributed \
            else f"cue '{attribution.cue.text}' with no source"
    words = f"{attribution.source_kind} source '{who}' via '{attribution.cue.text}'"
    return f"attributed to {words}" if attributed else words


def _who(attribution) -> Optional[str]:
    """How reasons name a hop's source: a named source by its canonical name (what
    ratings are keyed on), any other by the words of the article."""
    if attribution.source is None:
        return None
    if attribution.source_kind in NAMED_KINDS and attribution.source_name:
        return attribution.source_name
    return attribution.source.text


def _letter(value: Optional[str]) -> str:
    """A stored or supplied rating as a letter; anything unknown counts as F."""
    value = (value or "").strip().upper()
    return value if value in RELIABILITY_WORDS else DEFAULT_RELIABILITY


def score(document: Document, weights=None, ratings=None, outlet=None, outlet_ratings=None,
          adjusters=()) -> Document:
    w = merged_weights(weights)
    for statement in document.statements:
        score_statement(statement, w, ratings, outlet, outlet_ratings, adjusters)
    return document


def rubric_table() -> str:
    """The README's rubric table, generated from DEFAULT_WEIGHTS and WEIGHT_DOCS."""
    lines = ["| weight | default | what it scores |", "| --- | ---: | --- |"]
    for key, value in DEFAULT_WEIGHTS.items():
        # Reliability weights are added as they are, so show their sign.
        shown = f"{value:+g}" if "reliability_" in key else f"{value:g}"
        lines.append(f"| `{key}` | {shown} | {WEIGHT_DOCS[key]} |")
    return "\n".join(lines)
