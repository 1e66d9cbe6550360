"""Score how well each statement is sourced: a number, a grade, a class and reasons.

Pure: no I/O, no Datasette. Weights come from plugin configuration; DEFAULT_WEIGHTS
documents every knob (the README's rubric table mirrors it).
"""
from __future__ import annotations

from typing import Dict, Mapping, Optional

from .model import Document, Statement

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
}

# Lower bound of each grade, best first.
GRADE_BOUNDS = (("A", 85), ("B", 70), ("C", 55), ("D", 40), ("E", 25), ("F", 0))

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

RELIABILITY_WORDS = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}


def grade_for(score: float) -> str:
    for grade, bound in GRADE_BOUNDS:
        if score >= bound:
            return grade
    return "F"


def score_statement(
    statement: Statement,
    weights: Optional[Mapping[str, float]] = None,
    ratings: Optional[Mapping[str, str]] = None,
) -> Statement:
    """Fill in sourcing, score, grade and reasons on one statement.

    ``ratings`` maps a canonical source name to its Admiralty letter (A-F).
    """
    w = dict(DEFAULT_WEIGHTS)
    if weights:
        w.update(weights)
    ratings = ratings or {}
    reasons = []
    chain = statement.attributions
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
        who = primary.source_name or (primary.source.text if primary.source else None)
        if who:
            reasons.append(f"attributed to {kind} source '{who}' via '{primary.cue.text}' (base {score:g})")
        else:
            reasons.append(f"attribution cue '{primary.cue.text}' names no source (base {score:g})")
        # The best-named source anywhere in the chain is who really stands behind it.
        named_deeper = [a for a in chain[1:] if SOURCING_BY_KIND.get(a.source_kind) == "named"]
        if sourcing != "named" and named_deeper:
            deeper = named_deeper[0]
            sourcing = "named"
            new = w.get(f"base_{deeper.source_kind}", score)
            name = deeper.source_name or deeper.source.text
            reasons.append(f"chain reaches {deeper.source_kind} source '{name}' (base {new:g})")
            score = new
        hops = len(chain) - 1
        if hops > 0:
            penalty = hops * w["hop_penalty"]
            score -= penalty
            reasons.append(f"{hops} extra hop(s) in the chain (-{penalty:g})")
        if any(a.direct for a in chain):
            score += w["direct_quote_bonus"]
            reasons.append(f"direct quote (+{w['direct_quote_bonus']:g})")
        for a in chain:
            name = a.source_name or (a.source.text if a.source else None)
            letter = ratings.get(name) if name else None
            if letter and letter in RELIABILITY_WORDS:
                delta = w[f"reliability_{letter}"]
                score += delta
                reasons.append(
                    f"source '{name}' rated {letter} ({RELIABILITY_WORDS[letter]}) ({delta:+g})"
                )
    if statement.hedges:
        penalty = min(len(statement.hedges) * w["hedge_penalty"], w["hedge_penalty_cap"])
        score -= penalty
        words = ", ".join(f"'{h.text}'" for h in statement.hedges)
        reasons.append(f"hedged by {words} (-{penalty:g})")
    score = max(0.0, min(100.0, float(score)))
    statement.score = round(score, 1)
    statement.grade = grade_for(score)
    statement.sourcing = sourcing
    statement.reasons = reasons
    return statement


def score(document: Document, weights=None, ratings=None) -> Document:
    for statement in document.statements:
        score_statement(statement, weights, ratings)
    return document
