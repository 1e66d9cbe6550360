"""What the plugin's letters and class names mean, in words, for the pages' "what does
this mean" box and the legend tooltips. Built from the scoring constants, so the bands a
reader sees are the ones score.py applies."""
from __future__ import annotations

import functools
from typing import Dict, List

from .admiralty import (DEFAULT_RELIABILITY, RELIABILITY_LETTERS, RELIABILITY_WORDS,
                        words_after_letter)
from .queries import SOURCING_ORDER
from .score import GRADE_BOUNDS, GRADE_ENDS_WORDS

SOURCING_WORDS: Dict[str, str] = {
    "named": "a named person, organisation, document or outlet stands behind it",
    "anonymous": "a described but unnamed source (“a senior official”)",
    "vague": "“reports”, “sources”, “experts”: nobody you could check",
    "hedged": "only a hedge or a passive with no agent (“reportedly”, “it is believed”)",
    "unattributed": "nobody: the article asserts it itself",
}


def grade_bands() -> List[dict]:
    """[{"grade": "A", "low": 85, "label": "85 and over"}, ...], best first. Scores are not
    whole numbers, so a band is said by its lower bound ("70 and over" below A's 85)."""
    bands = []
    for i, (grade, low) in enumerate(GRADE_BOUNDS):
        if i + 1 == len(GRADE_BOUNDS):
            label = f"under {GRADE_BOUNDS[i - 1][1]}"
        else:
            label = f"{low} and over"
        bands.append({"grade": grade, "low": low, "label": label})
    return bands


def grade_scale_words(between: str = " … ") -> str:
    """What the ends of the grade scale mean: "A best sourced … F no or weak sourcing"."""
    return between.join(f"{grade} {words}" for grade, words in GRADE_ENDS_WORDS.items())


# Built once, on the first page: everything in it is a constant of the package. The
# scoring weights (configuration, per database) move scores, not the grade bands or
# the words, so no configuration is read here. Shared by every page: do not modify.
@functools.lru_cache(maxsize=1)
def glossary() -> dict:
    return {
        "grades": grade_bands(),
        "grade_scale": grade_scale_words(),
        "grade_titles": {b["grade"]: f"Grade {b['grade']}: score {b['label']}"
                         for b in grade_bands()},
        "sourcing": [{"name": name, "words": SOURCING_WORDS[name]} for name in SOURCING_ORDER],
        "reliability": [{"letter": letter, "words": RELIABILITY_WORDS[letter]}
                        for letter in RELIABILITY_LETTERS],
        # As read next to the letter ("reliability B usually reliable", "F cannot be judged").
        "reliability_after_letter": {letter: words_after_letter(letter)
                                     for letter in RELIABILITY_LETTERS},
        "default_reliability": DEFAULT_RELIABILITY,
    }


def template_vars(template: str) -> dict:
    """extra_template_vars for the plugin's own pages only."""
    name = template or ""
    if name.startswith("provenance_") or name.startswith("_provenance_"):
        return {"provenance_glossary": glossary()}
    return {}
