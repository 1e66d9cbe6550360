"""Sentence segmentation with exact offsets.

Every line (paragraph) is split on its own, so the headline - the first
non-empty line - is always a statement by itself.  Inside a line a sentence
ends at . ! ? (plus any closing quotes or brackets) followed by space and an
upper-case letter, digit or opening quote, unless the period belongs to an
abbreviation ("Sept.", "Gen.", "Mr."), an initial ("John F. Kennedy") or a
dotted acronym ("U.S.") that is not followed by a typical sentence opener.
"""
from __future__ import annotations

import re
from typing import List, Tuple

from . import lexicon

_LINE = re.compile(r"[^\n]+")
_BOUNDARY = re.compile(r"([.!?…]+)([\"”’'\)\]]*)\s+(?=(?:''|[\"“‘'\(\[])?[A-Z0-9])")
_LAST_WORD = re.compile(r"([\w.’'\-]+)$")
_NEXT_WORD = re.compile(r"[\"“‘'\(\[]?(\w+)")


def _is_abbreviation(text: str, line_start: int, at: int, after: int) -> bool:
    """True if the period at ``at`` ends an abbreviation rather than a sentence."""
    match = _LAST_WORD.search(text, max(line_start, at - 30), at)
    if not match:
        return False
    word = match.group(1)
    low = word.lower()
    if low in lexicon.words("abbreviations.txt"):
        return True
    if len(word) == 1 and word.isupper():
        return True  # an initial: "John F. Kennedy"
    if "." in word and all(len(part) <= 2 for part in word.split(".")):
        # Dotted acronym ("U.S", "D.C"): a sentence ends only when a usual
        # sentence opener follows.
        following = _NEXT_WORD.match(text, after)
        return not (following and following.group(1) in lexicon.words("sentence_starters.txt"))
    return False


def sentences(text: str) -> List[Tuple[int, int]]:
    """(start, end) of every sentence, whitespace-trimmed, in text order."""
    spans = []
    for line in _LINE.finditer(text):
        start, line_end = line.start(), line.end()
        for boundary in _BOUNDARY.finditer(text, start, line_end):
            punct_end = boundary.end(1)
            if text[boundary.start(1)] == "." and punct_end - boundary.start(1) == 1 \
                    and not boundary.group(2) \
                    and _is_abbreviation(text, start, boundary.start(1), boundary.end()):
                continue
            spans.append((start, boundary.end(2)))
            start = boundary.end()
        spans.append((start, line_end))
    trimmed = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            trimmed.append((start, end))
    return trimmed
