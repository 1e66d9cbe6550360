"""Hard-wrapped plain text: which line breaks only wrap a sentence.

Emailed or scraped .txt articles are often broken at ~72 columns inside sentences, with a
blank line between paragraphs.  Segmentation takes every line break as the end of a
statement, which would cut "According to\\nTom Berg, the port ..." in two.  ``unwrapped``
returns a copy of the text of the same length in which each such wrap is a space, so the
analysis reads whole sentences while every span is still cut from the text as given.

The evidence is the document's: a text is hard-wrapped when most of its lines that another
line follows end mid-sentence and are full - the next line's first word would not have fit
on them (greedy wrapping at the widest such line).  Then a break is a wrap only after a full
line, never after the headline (the first non-empty line, unless it is full and the next
line goes on in lower case), and never before a list item, an indented paragraph or a
quoted ("> ") line; short lines (datelines, bylines, sub-headings) are never full.
"""
from __future__ import annotations

import re
from itertools import accumulate

# Wrapping at more than this many columns is not hard wrapping: such lines are paragraphs.
_MAX_WIDTH = 100
_MIN_WIDTH = 40
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+•·–—][ \t]|\d{1,3}[.)][ \t]|[a-zA-Z][.)][ \t]|>)")
_SENTENCE_END = frozenset(".!?:;\"”’')]")
_FIRST_WORD = re.compile(r"[ \t]*(\S*)")


def unwrapped(text: str) -> str:
    """``text`` with each hard-wrap line break turned into a space (same length); the text
    itself when it is not hard-wrapped."""
    # Each break between two non-blank lines is a "\n" with no "\n" next to it; each "\n\n"
    # takes two that are not: fewer than two such breaks and there is nothing to decide
    # (most texts: one paragraph a line, blank lines between).
    if text.count("\n") - 2 * text.count("\n\n") < 2:
        return text
    lines = text.split("\n")
    lengths = list(map(len, map(str.rstrip, lines)))
    first = next((i for i, n in enumerate(lengths) if n), None)
    inner = [i for i in range(len(lines) - 1) if lengths[i] and lengths[i + 1]]
    body = [i for i in inner if i != first]
    if len(body) < 2:
        return text
    width = max((lengths[i] for i in body if lengths[i] <= _MAX_WIDTH), default=0)
    if width < _MIN_WIDTH:
        return text
    full = [i for i in inner if _full(lines, lengths, i, width)]
    mid = sum(1 for i in body if lines[i].rstrip()[-1] not in _SENTENCE_END)
    if 2 * sum(1 for i in full if i != first) < len(body) or 2 * mid < len(body):
        return text
    ends = list(accumulate(len(line) + 1 for line in lines))  # just past each line's "\n"
    chars = list(text)
    for i in full:
        nxt = lines[i + 1]
        if i == first and not nxt.lstrip()[:1].islower():
            continue
        if _LIST_ITEM.match(nxt) or lines[i].startswith(">"):
            continue
        if _indent(nxt) > _indent(lines[i]) and not _LIST_ITEM.match(lines[i]):
            continue  # an indented first line opens a paragraph
        chars[ends[i] - 1] = " "
        if lines[i].endswith("\r"):
            chars[ends[i] - 2] = " "
    return "".join(chars)


def _full(lines, lengths, i, width) -> bool:
    """Whether the next line's first word would not have fitted on line ``i``."""
    if lengths[i] > width:
        return False
    word = _FIRST_WORD.match(lines[i + 1]).group(1)
    return lengths[i] + 1 + len(word) > width


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))
