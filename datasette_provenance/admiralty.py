"""The Admiralty (NATO) source-reliability scale that ratings use: its letters, what
each says, and the default. The only place they are written: scores' reasons, rating
validation, the rating form, the column notes and the pages' legends read them here.
"""
from __future__ import annotations

from typing import Dict, Iterable, Tuple

RELIABILITY_LETTERS: Tuple[str, ...] = ("A", "B", "C", "D", "E", "F")

# Where every source and outlet starts until someone rates it: not a bad mark.
DEFAULT_RELIABILITY = "F"

# The scale's own words, as a score's reasons quote them: "rated F (reliability cannot
# be judged)".
RELIABILITY_WORDS: Dict[str, str] = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}


def words_after_letter(letter: str) -> str:
    """The words as read right after the letter, where "reliability" would repeat the
    label: "F cannot be judged". Empty for anything not on the scale."""
    return RELIABILITY_WORDS.get(letter, "").replace("reliability ", "", 1)


def scale_in_words(letters: Iterable[str] = RELIABILITY_LETTERS) -> str:
    """"A completely reliable, B usually reliable, ..." for these letters."""
    return ", ".join(f"{letter} {words_after_letter(letter)}" for letter in letters)
