"""Tokens with exact offsets: one C-level regex pass over the whole text."""
from __future__ import annotations

import re
from typing import List, NamedTuple

# Words keep inner apostrophes and hyphens ("don't", "so-called", "U.S" - the
# final period of an abbreviation is a token of its own); everything else that
# is not space is a one-character token.
# Two apostrophes are one quotation mark, as some wires write “ and ” ('' ... '').
TOKEN = re.compile(r"\w+(?:[’'\-.]\w+)*|''|[^\w\s]")

QUOTES_OPEN = frozenset(('“', '"', '‘', "''"))
QUOTES = frozenset(('“', '”', '"', '‘', '’', "''"))


class Tokens(NamedTuple):
    starts: List[int]
    ends: List[int]
    words: List[str]
    lower: List[str]


def tokenize(text: str) -> Tokens:
    starts, ends, words = [], [], []
    for match in TOKEN.finditer(text):
        starts.append(match.start())
        ends.append(match.end())
        words.append(match.group())
    return Tokens(starts, ends, words, [w.lower() for w in words])


def title_case(words) -> bool:
    """Whether a line capitalises (nearly) all its longer words, as title-case headlines do."""
    longer = [w for w in words if len(w) > 3 and w[:1].isalpha()]
    return bool(longer) and sum(w[:1].isupper() for w in longer) >= 0.8 * len(longer)
