"""Hedge and weasel words ("reportedly", "so-called", "critics argue")."""
from __future__ import annotations

import functools
import re

from . import lexicon


@functools.lru_cache(maxsize=None)
def _pattern():
    phrases = sorted(lexicon.words("hedges.txt"), key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(r"(?<![\w-])(?:%s)(?![\w-])" % body, re.I)


def find(text: str):
    """(start, end) of every hedge in the text."""
    return [(m.start(), m.end()) for m in _pattern().finditer(text)]
