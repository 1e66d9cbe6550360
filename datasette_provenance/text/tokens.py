"""Tokens with exact offsets: one C-level regex pass over the whole text."""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import List, NamedTuple

from . import lexicon

# Words keep inner apostrophes and hyphens ("don't", "so-called", "U.S" - the
# final period of an abbreviation is a token of its own); everything else that
# is not space is a one-character token.
# Two apostrophes are one quotation mark, as some wires write “ and ” ('' ... '').
TOKEN = re.compile(r"\w+(?:[’'\-.]\w+)*|''|[^\w\s]")

# Single quotation marks and apostrophes that could open or close a quotation: a mark
# before a word with no word before it opens ("'so-called'"), one after a word or a
# sentence's punctuation with no word after it closes ("'We will,' she said") or is a
# plural possessive's ("the pilots' union").
# (The leading look-ahead names every alternative's first character: the regex engine then
# skips to those characters in C instead of trying the look-behinds at every position, 4x faster.)
_SINGLE_MARK = re.compile(r"(?=['‘’\n])(?:(?P<open>(?<!\w)['‘](?=[^\W\d]))|(?<=[\w,.!?;:])['’](?!\w)|\n)")

QUOTES_OPEN = frozenset(('“', '"', '‘', "''"))
QUOTES = frozenset(('“', '”', '"', '‘', '’', "''"))


class Tokens(NamedTuple):
    starts: List[int]
    ends: List[int]
    words: List[str]
    lower: List[str]
    # Indexes of the tokens that open a line after the first (a newline before them): a
    # capital there may only open the line ("Headline\nTeachers said").
    line_starts: frozenset = frozenset()


def tokenize(text: str) -> Tokens:
    starts, ends, words = [], [], []
    for match in TOKEN.finditer(text):
        starts.append(match.start())
        ends.append(match.end())
        words.append(match.group())
    if "s'" in text or "s’" in text:
        _join_plural_possessives(text, starts, ends, words)
    lower = [w.lower() for w in words]
    if "May " in text or "Will " in text:
        _keep_modal_names(text, starts, words, lower)
    return Tokens(starts, ends, words, lower, _line_starts(text, starts))


# Surnames that are also modal verbs ("Theresa May said", "George Will wrote"), told apart
# by the verb after them: a modal takes a bare verb ("may say"), a name a finite one.
_MODAL_BEFORE_WORD = re.compile(r"\b(?:May|Will)\s")
_FINITE = frozenset("is was has does said told wrote thought spoke took made gave knew saw felt met sent "
                    "held kept led won ran brought began became found".split())
# Words before "May" that make it the month ("in May voters said").
_BEFORE_MONTH = frozenset("in since until by during last next early late mid of through from to before after "
                          "this that each every for on".split())


def _keep_modal_names(text, starts, words, lower) -> None:
    """Leave a surname that is also a modal verb capitalised in ``lower`` too, so no word list
    takes it for the auxiliary ("Theresa May said": the subject was "Theresa", the cue "May
    said"): a capitalised "May"/"Will" before a lower-case finite verb ("said", "wrote",
    "argues", "has"), not after a word that makes it the month."""
    forms = lexicon.verb_forms()
    for found in _MODAL_BEFORE_WORD.finditer(text):  # (the few places, found in C)
        k = bisect_left(starts, found.start())
        if k + 1 >= len(words) or starts[k] != found.start() or (k and lower[k - 1] in _BEFORE_MONTH):
            continue
        nxt = words[k + 1]
        if nxt[:1].islower() and (nxt in _FINITE or nxt.endswith("ed")
                                  or (nxt.endswith("s") and forms.get(nxt, nxt) != nxt)):
            lower[k] = words[k]


def _line_starts(text: str, starts) -> frozenset:
    """Indexes of the first tokens of the lines after the first."""
    found = set()
    at = text.find("\n")
    while at >= 0:
        k = bisect_left(starts, at)
        if k < len(starts):
            found.add(k)
        at = text.find("\n", starts[k] if k < len(starts) else len(text))
    return frozenset(found)


def plural_possessives(text: str) -> set:
    """Offsets of the apostrophes that end a plural possessive ("the pilots' union", "the
    Velmoras’ house"): after an "s", before a space and a word, and closing no single
    quotation that opened earlier in its line ("the 'so-called' plan", "'we want jobs' ...")."""
    found, open_at = set(), None
    for mark in _SINGLE_MARK.finditer(text):
        at = mark.start()
        if mark.group("open"):
            open_at = at
        elif text[at] == "\n" or open_at is not None:
            open_at = None  # (a line end, or the mark that closes the open quotation)
        elif text[at - 1] in "sS" and text[at + 1:at + 2].isspace() and text[at + 2:at + 3].isalnum():
            found.add(at)
    return found


def _join_plural_possessives(text: str, starts, ends, words) -> None:
    """One token for "pilots'" as for "pilot's", so a noun phrase runs over it."""
    # Each mark is a token's start (bisected); last mark first, so that the deletions
    # leave the earlier marks' token indexes as they were.
    for at in sorted(plural_possessives(text), reverse=True):
        k = bisect_left(starts, at)
        if 0 < k < len(starts) and starts[k] == at and ends[k - 1] == at:
            ends[k - 1] = ends[k]
            words[k - 1] += words[k]
            del starts[k], ends[k], words[k]


def title_case(words) -> bool:
    """Whether a line capitalises (nearly) all its longer words, as title-case headlines do."""
    longer = [w for w in words if len(w) > 3 and w[:1].isalpha()]
    return bool(longer) and sum(w[:1].isupper() for w in longer) >= 0.8 * len(longer)
