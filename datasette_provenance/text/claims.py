"""Is a statement a checkable claim? A transparent, rule-based check, in the spirit of
ClaimBuster's check-worthiness but with rules a reader can audit instead of a model.

Every sentence is a statement, and an unattributed one is graded as a poorly sourced
claim; but "Read the rest here.", "I love this town.", "Why now?" or "By Ana Ruiz" assert
nothing a fact-checker could check. ``check`` says which statements are *not* claims and
why, in words. It is conservative on purpose: a false "not a claim" hides a real unsourced
claim from the dashboard, which is worse than listing a harmless sentence, so

- an attributed statement (it has a cue) is always a claim: someone is cited as saying it;
- the headline is always a claim: it is what the article asserts first;
- every rule matches a narrow shape (a whole-sentence reply, an opening phrase, a question
  mark), and anything it does not match is a claim;
- a question, a call to action or a feeling that carries a checkable fact stays a claim: a
  "why"/"how" question about a third party's deed presupposes it ("Why did the council
  spend $4 million?"), and a reason clause asserts one ("Vote no, because the tax doubles
  rents").

Pure: no I/O beyond the package's word lists (``lexicons/claim_*.txt``), no Datasette.
Changing these rules changes stored rows (``statements.claim``): bump EXTRACTOR_VERSION.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Optional

from . import lexicon
from .dates import MONTHS, WEEKDAYS

# Reasons, in words: stored in statements.claim_reason and shown on the pages.
QUESTION = "a question"
CALL_TO_ACTION = "a call to action"
BOILERPLATE = "boilerplate (links, sharing, subscribing, copyright)"
BYLINE = "a byline or credit"
DATELINE = "a dateline or timestamp"
FEELING = "first-person feeling or opinion"
EXCLAMATION = "an exclamation"
HEADING = "a heading or label"
TOO_SHORT = "too short to assert anything"
NO_WORDS = "no words"
REASONS = (QUESTION, CALL_TO_ACTION, BOILERPLATE, BYLINE, DATELINE, FEELING, EXCLAMATION,
           HEADING, TOO_SHORT, NO_WORDS)


@dataclass(frozen=True)
class ClaimCheck:
    claim: bool
    # Why it is not a claim (one of REASONS); None for a claim.
    reason: Optional[str] = None


CLAIM = ClaimCheck(True)

# Words: letters/digits with inner apostrophes, dots, hyphens ("don't", "U.S.", "3:45").
_WORD = re.compile(r"[^\W_](?:[\w’'.:,/-]*[^\W_])?")
# Quotation marks, brackets and spaces around a sentence, and its final punctuation.
_EDGES = "\"'“”‘’()[]«» \t\r\n*•·–—-"
_FIRST_PERSON = frozenset("i we i'm we're i've we've i'd we'd i’m we’re i’ve we’ve i’d we’d".split())
# Words between a first-person subject and its feeling ("I really love", "We are so proud").
_BETWEEN = frozenset("am are was were have has had do did just really truly so very "
                     "absolutely always still also all simply honestly".split())
# Lowercase words a byline may hold between the names ("By Ana Ruiz and Tom Berg in Oslo").
_BYLINE_WORDS = frozenset("and in of for the with by at from editing reporting writing "
                          "additional staff writer correspondent reporter photographer "
                          "contributing editor via".split())
_EXCLAMATION_OPENERS = ("what a ", "what an ", "how ", "oh", "wow", "ah", "yay", "hooray")
# Subjects of a "why"/"how" question whose premise nobody could check: the reader, the
# writer, or a bare reference to something said before ("Why do we care?", "Why is that?").
_NO_PREMISE_SUBJECTS = frozenset("i we you us it this that these those there they so "
                                 "anyone anybody everyone everybody someone somebody".split())
# Where a question may open inside a sentence: its start, or after a comma, colon,
# semicolon or dash ("The question is, why did ...?", "For one: how was ...?").
_CLAUSE_START = re.compile(r"(?:^|[,:;\u2014\u2013]\s*|\s--?\s+)")
# Conjunctions that may open a question clause ("And why did ...?").
_CONJUNCTIONS = frozenset("and but so or yet then now".split())
# Lowercase words a heading may hold between its capitalised ones ("Knack for Deals").
_HEADING_WORDS = frozenset("of and the a an in for on to with at by from vs or".split())


_DIGIT = re.compile(r"\d")
# An opening word a comma closes ("Look,", "Listen,"): no verb of an order, whose object follows.
_MARKER = re.compile(r"[\w']+,")


@functools.lru_cache(maxsize=None)
def _phrases(name: str):
    """(openings, anywhere) of a claim_*.txt list ('~ ' marks a phrase matched anywhere) as
    compiled patterns: openings match at the start as whole words, longest first."""
    opening, anywhere = [], []
    for line in lexicon.words(name):
        if line.startswith("~"):
            anywhere.append(line[1:].strip())
        else:
            opening.append(line)

    def alternation(phrases):
        return "|".join(re.escape(p) + (r"(?!\w)" if p[-1].isalnum() else "")
                        for p in sorted(phrases, key=len, reverse=True))
    return (re.compile(alternation(opening)) if opening else None,
            re.compile(alternation(anywhere)) if anywhere else None)


def check(text: str, *, attributed: bool = False, headline: bool = False) -> ClaimCheck:
    """Whether a statement is a checkable claim, and if not, why.

    ``attributed``: the statement has an attribution (a cue); ``headline``: it is the
    article's headline. Both make it a claim whatever its words.
    """
    if attributed or headline:
        return CLAIM
    body = text.strip(_EDGES)
    words = _WORD.findall(body)
    if not words:
        return ClaimCheck(False, NO_WORDS)
    low = " ".join(body.lower().split()).replace("’", "'")
    lowered = [w.lower().replace("’", "'") for w in words]
    bare = low.rstrip(".!?…:;,").strip(_EDGES)
    if bare in lexicon.words("claim_interjections.txt"):
        return ClaimCheck(False, TOO_SHORT)
    digits = _DIGIT.search(low) is not None
    if len(words) == 1 and not digits:
        return ClaimCheck(False, TOO_SHORT)
    opening, anywhere = _phrases("claim_boilerplate.txt")
    if opening.match(low) or anywhere.search(low):
        return ClaimCheck(False, BOILERPLATE)
    if _is_byline(low, words):
        return ClaimCheck(False, BYLINE)
    if _is_dateline(words, lowered):
        return ClaimCheck(False, DATELINE)
    if text.rstrip(_EDGES).endswith("?") and not _has_premise(low):
        return ClaimCheck(False, QUESTION)
    if _is_heading(text, words, lowered, digits):
        return ClaimCheck(False, HEADING)
    if not digits and _is_call_to_action(low, lowered):
        return ClaimCheck(False, CALL_TO_ACTION)
    if not digits and _is_feeling(low, lowered):
        return ClaimCheck(False, FEELING)
    if text.rstrip(_EDGES).endswith("!") and low.startswith(_EXCLAMATION_OPENERS) \
            and not digits:
        return ClaimCheck(False, EXCLAMATION)
    return CLAIM


def _is_byline(low: str, words) -> bool:
    """"By Ana Ruiz", "Editing by Tom Berg and Ana Lopes", "Photo: Reuters": a credit
    opening, then names only (capitalised words and a few joining words)."""
    opening = _phrases("claim_credits.txt")[0].match(low)
    if not opening:
        return False
    rest = words[len(opening.group(0).split()):]
    return bool(rest) and len(rest) <= 12 and all(
        w[:1].isupper() or w.lower() in _BYLINE_WORDS for w in rest)


def _is_dateline(words, lowered) -> bool:
    """A line holding only a date or a time ("Updated Nov. 24, 2026 3:45 p.m. ET")."""
    extra = lexicon.words("claim_dateline_words.txt")
    dated = False
    for w in lowered:
        w = w.strip(".").replace(".", "")
        if w in MONTHS or w in WEEKDAYS or w in extra or re.fullmatch(r"\d+[:/]\d+(?:[:/]\d+)?", w):
            dated = True
        elif not re.fullmatch(r"\d+(?:,|st|nd|rd|th|am|pm)?", w):
            return False
    return dated


@functools.lru_cache(maxsize=None)
def _auxiliaries() -> dict:
    """claim_auxiliaries.txt as {form: opens a premise after "how" too}."""
    return {line.split()[0]: line.endswith(" past")
            for line in lexicon.words("claim_auxiliaries.txt")}


def _has_premise(low: str) -> bool:
    """A "why"/"how" question about a third party's deed takes a checkable fact for
    granted: "Why did the council spend $4 million?", "The question is, why is the bridge
    still closed?", "How was the mayor able to sign it?". Not "How many ...?", "How is
    that possible?", "Why do we care?", "Why now?"."""
    auxiliaries = _auxiliaries()
    for start in _CLAUSE_START.finditer(low):
        clause = _WORD.findall(low[start.end():])
        while clause and clause[0] in _CONJUNCTIONS:
            clause = clause[1:]
        if len(clause) < 4 or clause[0] not in ("why", "how"):
            continue
        if clause[:2] == ["how", "come"]:
            rest = clause[2:]
        else:
            past = auxiliaries.get(clause[1])
            if past is None or (clause[0] == "how" and not past):
                continue
            rest = clause[2:]
        if len(rest) >= 2 and rest[0] not in _NO_PREMISE_SUBJECTS:
            return True
    return False


def _is_heading(text: str, words, lowered, digits: bool) -> bool:
    """A short capitalised line with no verb-like auxiliary and no figure: a section
    heading, a label or a signature ("Human Rights.", "FULL TEXT.", "Ana Ruiz.")."""
    if digits or not 2 <= len(words) <= 5 or text.rstrip(_EDGES).endswith(("!", "?")):
        return False
    auxiliaries = _auxiliaries()
    return all((word[:1].isupper() or lower in _HEADING_WORDS) and lower not in auxiliaries
               for word, lower in zip(words, lowered))


@functools.lru_cache(maxsize=None)
def _reason_connective():
    """claim_reason_connectives.txt as one pattern matching whole words anywhere."""
    phrases = sorted(lexicon.words("claim_reason_connectives.txt"), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:%s)(?!\w)" % "|".join(map(re.escape, phrases)))


def _gives_a_reason(low: str) -> bool:
    """A clause that asserts a fact behind a call to action or a feeling: "Vote no,
    because the tax doubles rents", "Sign it: the library closes for good"."""
    if _reason_connective().search(low):
        return True
    explained = re.search(r"[:\u2014\u2013]|\s--?\s", low)
    return explained is not None and len(_WORD.findall(low[explained.end():])) >= 3


def _is_call_to_action(low: str, lowered) -> bool:
    """An opening imperative verb followed by one of its usual objects ("Read the rest
    here", "Sign up today", "Tell us"), or ending the sentence ("Subscribe.")."""
    first = lowered[0]
    if "that" in lowered[2:4]:
        return False  # a claim inside it: "Don't forget that the fees rose"
    if _gives_a_reason(low):
        return False
    if first == "please":
        return True
    if _MARKER.match(low) and len(lowered) > 1:
        return False  # a discourse marker before a claim: "Look, the fees doubled"
    if first not in lexicon.words("claim_imperatives.txt"):
        return False
    if len(lowered) == 1:
        return True
    second = lowered[1]
    if first in ("do", "don't"):  # "Don't miss it", "Do not forget"; not "Do they ...?"
        return second in ("not", "miss", "forget") or first == "don't"
    return second in lexicon.words("claim_imperative_objects.txt")


def _is_feeling(low: str, lowered) -> bool:
    """The writer's own feeling or taste: "I love ...", "We are so proud of ..." (the
    caller keeps a sentence with a figure a claim: "I have lived here 30 years")."""
    if low.startswith(("in my opinion", "personally, i")):
        return True
    if lowered[0] not in _FIRST_PERSON or _gives_a_reason(low):
        return False
    feelings = lexicon.words("claim_feelings.txt")
    k = 1
    while k < len(lowered) and lowered[k] in _BETWEEN:
        k += 1
    if k >= len(lowered):
        return False
    pair = " ".join(lowered[k:k + 2])
    return lowered[k] in feelings or pair in feelings


def mark(document) -> None:
    """Set ``claim`` and ``claim_reason`` on every statement of an extracted Document."""
    for statement in document.statements:
        found = check(statement.text, attributed=bool(statement.attributions),
                      headline=statement.is_headline)
        statement.claim, statement.claim_reason = found.claim, found.reason
