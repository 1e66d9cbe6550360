"""What a relative-pronoun source stands for: "the ministry, which said ..." is the
ministry speaking, "Ana Lopes, a pilot, who said ..." is Ana Lopes.

Attribution corpora mark the pronoun itself as the source span, so the span stays
"who"; the antecedent found here names the source row and gives its kind.
"""
from __future__ import annotations

from . import lexicon, spans
from .dates import MONTHS, WEEKDAYS
from .tokens import QUOTES, Tokens

# Words between the head of a phrase and a later noun: "the voice of Berg", "Fishers
# across the country", "a lecture from the president" - the pronoun takes one of the two.
_LINKS = frozenset("""of with at for from by like unlike than among between through toward towards via per
despite in on across to about against over under after before during into within without including
around behind near beyond amid upon as""".split())
# Words after which a capitalised name is a place: "Fishers on Harbour Street, who".
_PLACES_AFTER = frozenset("in on at across around near inside outside within throughout".split())
# "two people familiar with the matter, who": what follows is the matter, not the speaker.
_ACQUAINTED = frozenset(("familiar", "close"))
_OPENERS = spans.OPENERS | spans.LEADING_CONNECTIVES
MAX_ASIDE = 8  # tokens of a parenthesis skipped before the comma: "Sen. Ann Lee (D-Vt.), who"


def antecedent(tokens: Tokens, k: int, lo: int):
    """(start, end, kind, description) of the phrase the relative pronoun at ``k`` stands
    for, when a comma or spaced dash sets it off ("X, who said"); ``description`` is the
    token range of an appositive between them ("Ana Lopes, a pilot, who") or None.
    None when no phrase before it can speak (a place, a date, a clause)."""
    words, low = tokens.words, tokens.lower
    relative = low[k].split("’")[0].split("'")[0]
    if relative not in ("who", "which"):
        return None
    end = k - 1  # the comma or dash
    while end > lo and words[end - 1] == "-":
        end -= 1  # "--"
    if end <= lo or not (words[end] in (",", "—") or (words[end] in "-–" and spans._spaced(tokens, k - 1))):
        return None
    if words[end - 1] == ")":  # "Sen. Ann Lee (D-Vt.), who": the parenthesis is an aside
        opening = next((p for p in range(end - 2, max(lo, end - MAX_ASIDE) - 1, -1) if words[p] == "("), None)
        if opening is None:
            return None
        end = opening
    last = end - 1
    if words[last] == "." and last - 1 >= lo and ("." in words[last - 1]
                                                  or low[last - 1] in lexicon.words("abbreviations.txt")):
        last -= 1  # "The U.N., which", "Tom Berg Jr., who"
    if last < lo or not spans._wordlike(words[last]):
        return None
    if relative == "who":
        described = _appositive(tokens, end, lo)
        if described:
            return described
    start = spans.np_left(tokens, last, lo)
    if start - 2 >= lo and low[start - 1] in _LINKS and spans._wordlike(words[start - 2]):
        start = spans.np_left(tokens, start - 2, lo)  # "Fishers across the country, who"
    piece = _speaking_piece(tokens, start, end, relative)
    return (*piece, None) if piece else None


def _appositive(tokens: Tokens, end: int, lo: int):
    """"Ana Lopes, a pilot, who" (``end``: the comma before "who"): the name before the
    description, which the pronoun describes too, and the description's token range."""
    words, low = tokens.words, tokens.lower
    comma = end - 1
    while comma > lo and words[comma] != "," and end - comma <= spans.MAX_APPOSITIVE:
        if words[comma] in QUOTES or words[comma] in ".;:!?()":
            return None
        comma -= 1
    if words[comma] != "," or comma + 1 >= end or comma - 1 < lo or not words[comma - 1][:1].isupper() \
            or low[comma + 1] in _LINKS or not any(w[:1].islower() for w in words[comma + 1:end]):
        return None  # no description, a phrase of place ("from Maine") or a list of names
    if not _describes(tokens, comma + 1, end):
        return None
    start = comma - 1
    while start - 1 >= lo and (words[start - 1][:1].isupper() or words[start - 1] == "."
                               or low[start - 1] in ("de", "van", "von", "al", "bin")
                               or (low[start - 1] == "of" and start - 2 >= lo and words[start - 2][:1].isupper())):
        start -= 1  # the capitalised run: "Sen. Ann Lee" of "invited Sen. Ann Lee", "Ann Lee of Maine"
    while start < comma - 1 and (low[start] in _OPENERS or words[start] in (".", "of")):
        start += 1  # "Still, ..." / "Despite ..."
    if spans.source_kind(tokens, start, comma) != "person" or _place(low, start, comma):
        return None
    return start, comma, "person", (comma + 1, end)


# How a description of a person opens: "a pilot", "the mayor", "his aide", "now the chief".
_DESCRIPTION_OPENERS = frozenset("a an the his her their its one another now then former also".split())


def _describes(tokens: Tokens, start: int, end: int) -> bool:
    """Whether ``start..end`` reads as a description of a person ("a pilot at the port",
    "Republican of Maine"), not a clause ("this time by ...", "Obama wasn't treated ...")."""
    words, low = tokens.words, tokens.lower
    first = low[start]
    if not (first in _DESCRIPTION_OPENERS or first in lexicon.words("titles.txt") or words[start][:1].isupper()):
        return False
    if words[start][:1].isupper() and any(low[k] in spans.COORDINATORS for k in range(start, end)):
        return False  # "Ann Lee, Tom Berg and Ed Ruiz, who": a list of names
    verbs = lexicon.verb_forms()
    return not any(words[k][:1].islower() and (low[k] in verbs or low[k] in lexicon.words("aux.txt")
                                               or low[k] in lexicon.words("common_verbs.txt") or low[k].endswith("n't"))
                   for k in range(start + (first in _DESCRIPTION_OPENERS), end))  # ("now" is an aux word)


def _speaking_piece(tokens: Tokens, start: int, end: int, relative: str):
    """(start, end, kind) of the part of ``start..end`` the pronoun stands for: the phrase
    after its last preposition or verb ("the voice of Berg" -> "Berg") or the one before it
    ("the director of the Institute, who" -> "the director"), when it can speak."""
    words, low = tokens.words, tokens.lower
    forms, common = lexicon.verb_forms(), lexicon.words("common_verbs.txt")
    cuts = [p for p in range(start + 1, end - 1) if words[p][:1].islower() and (
        (low[p] in _LINKS and not (low[p] == "of" and words[p - 1][:1].isupper() and words[p + 1][:1].isupper()))
        or low[p] in forms or low[p] in common or (low[p].endswith("ed") and len(low[p]) > 4))]
    if not cuts:
        kind = _kind_if_speaking(tokens, start, end, relative, alone=True)
        return (start, end, kind) if kind else None
    cut = cuts[-1]
    head = (cuts[-2] + 1 if len(cuts) > 1 else start, cut)
    if low[cut - 1] in _ACQUAINTED:  # "one aide familiar with the talks, who": the aide
        kind = _kind_if_speaking(tokens, head[0], end, relative, alone=True)
        return (head[0], end, kind) if kind else None
    tail = (cut + 1, end)
    if low[cut] in _PLACES_AFTER and words[cut + 1][:1].isupper():
        # "Fishers on Harbour Street, who" / "a summit in Oslo, which": a place
        if relative == "which":
            return None
        for piece in (head, tail):  # ("an attack on Berg, who": Berg, no place)
            kind = _kind_if_speaking(tokens, *piece, relative)
            if kind and (piece is head or not _place(low, *piece)):
                return (*piece, kind)
        return None
    # The phrase after the link speaks when it names a person or people, else the one
    # before it; else whatever the phrase after it names ("from a small boy, who").
    for piece, alone in ((tail, False), (head, False), (tail, True)):
        if piece[0] < piece[1]:
            kind = _kind_if_speaking(tokens, *piece, relative, alone)
            if kind:
                return (*piece, kind)
    return None


def _kind_if_speaking(tokens: Tokens, start: int, end: int, relative: str, alone: bool = False):
    """The source kind of ``start..end`` when "who" (a person or people) or "which" (an
    organisation, outlet or document) can stand for it, else None.  ``alone``: the phrase
    is all there is before the comma (or the last choice), so "who" makes whatever it
    names people."""
    words, low = tokens.words, tokens.lower
    if words[end - 1] == "." and end - 1 > start:
        end -= 1  # "Tom Berg Jr." / "the U.N.": the word before the period decides
    last = low[end - 1]
    head_kind = lexicon.table("source_heads.tsv").get(last)
    if last in spans.PRONOUNS or last in lexicon.words("source_stops.txt") or not spans._wordlike(last) \
            or last[:1].isdigit() or last in spans.NUMBER_WORDS or last in ("percent", "%") \
            or (words[end - 1][:1].islower() and head_kind is None and (
                last in lexicon.verb_forms() or last.endswith(("ly", "ed")))):
        return None  # a number, or a clause before the comma ("once the gates were shut, which")
    kind = spans.source_kind(tokens, start, end)
    titled = last in lexicon.words("titles.txt")
    people = head_kind in ("anonymous", "vague") or titled
    if relative == "who":
        if kind == "person" or people or head_kind == "media" or (alone and kind in ("anonymous", "vague")) or (
                kind == "vague" and last.endswith(("ers", "ors", "ists"))):  # ("Fishers across the country, who")
            return kind  # ("Berg's neighbours, who": anonymous)
        if end - start >= 3 and words[end - 1][:1].isupper() and words[end - 2][:1].isupper() \
                and words[end - 3][:1].islower():
            return "person"  # "the radio host Ann Lee, who": a name after the outlet
        return "anonymous" if alone and words[end - 1][:1].islower() else None
    if kind in ("organisation", "media", "document") or (people and not titled):
        return kind  # ("the president, which" is no reading: a title is a person's)
    if kind == "person" and words[end - 1][:1].isupper() and not _place(low, start, end):
        return "organisation"  # "Blue Harbour Daily Now, which": a name no person has
    return None


def _place(low, start: int, end: int) -> bool:
    """Whether ``start..end`` names a place or a date ("Norway", "the Gulf", "July"), not
    a name with one after "of" ("the Workers of Norway")."""
    places = lexicon.words("place_words.txt")
    if low[end - 1] in MONTHS or low[end - 1] in WEEKDAYS:
        return True
    named = " ".join(low[start + (low[start] == "the"):end])
    return named in places or (low[end - 1] in places and "of" not in low[start:end])
