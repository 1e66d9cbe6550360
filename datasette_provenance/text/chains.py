"""Nest cues into chains: which attribution is reported inside which.

A cue is a deeper hop of another when it lies inside the other's content
("state media reported that the president said ..."), when it hangs off the
other's source ("according to X, who cited Y", "Reuters reported, citing Y"),
or when "quoted X as saying" splits one cue into two hops.  "According to
reports from X" becomes two hops: the vague reports, then X.
"""
from __future__ import annotations

from typing import List

from . import lexicon, spans
from .extractor import CITING, CITING_OBJECT, Analysis, Cue, only_tail
from .tokens import QUOTES


# Prepositions that name who a report, poll or study came from ("reports from X", "a study by
# X", "a report in the Gazette"); "of" names what it is about or whom it asked ("reports of a
# fire", "a poll of 400 voters"), no source.
REPORTED_BY = frozenset(("from", "by", "in"))


def split_reports_from(an: Analysis, cues: List[Cue]) -> List[Cue]:
    """'according to reports from X' -> hop 'reports' (vague) then hop X."""
    low = an.tokens.lower
    nouns = lexicon.words("noun_cues.txt")
    out = []
    for cue in cues:
        out.append(cue)
        if not cue.src:
            continue
        s, e = cue.src
        k = s
        while k < e and low[k] in spans.DETERMINERS | {"media", "news", "unconfirmed", "recent", "local"}:
            k += 1
        if k < e - 2 and low[k] in nouns and low[k + 1] in REPORTED_BY:
            inner = Cue(k + 1, k + 2, "noun", cue.sent)
            src_end = e
            lo, hi = an.sent_tokens[cue.sent]
            # "reports from the Chief of Staff, Valery Gerasimov, ..." : the
            # appositive name is the real source, the title its alias.
            words = an.tokens.words
            if e < hi and words[e] == ",":
                name_end = spans.np_right(an.tokens, e + 1, hi)
                if name_end > e + 1 and name_end < hi and words[name_end] == "," \
                        and words[e + 1][:1].isupper() and name_end - e - 1 <= 5:
                    inner.src = (e + 1, name_end)
                    inner.apposition = (k + 2, src_end)
                    if cue.content and name_end + 1 < hi:
                        start = an.tokens.starts[name_end + 1]
                        if cue.content[0] < start < cue.content[1]:
                            cue.content = (start, cue.content[1])
            if inner.src is None:
                inner.src = (k + 2, _before_report_participle(an.tokens, k + 3, src_end))
            inner.src_kind = spans.source_kind(an.tokens, *inner.src)
            inner.content = cue.content
            cue.src = (s, k + 1)
            cue.src_kind = spans.source_kind(an.tokens, *cue.src)
            inner.parent = cue
            out.append(inner)
    return out


def _before_report_participle(tokens, start: int, end: int) -> int:
    """Where the agent of "a report by X" ends before a participle with its time or place,
    which says when the report came out, not who X is ("a report by the ferry inspectorate
    released on Thursday"); else ``end``."""
    low, words = tokens.lower, tokens.words
    for k in range(start, end - 1):
        if words[k][:1].islower() and low[k].endswith("ed") and len(low[k]) > 4 and words[k - 1][:1].isalnum() \
                and low[k - 1] not in spans.DETERMINERS and (low[k + 1] in spans.TIME_PHRASE_OPENERS
                                                            or low[k + 1] in ("on", "in", "at", "this", "last")):
            return k
    return end


def split_cited(an: Analysis, cues: List[Cue]) -> List[Cue]:
    """'Ana Ruiz cited a survey that ...': Ana Ruiz says it (the outer hop, as corpora mark the
    cue's subject) and the survey is where she got it (the hop under it).  Not for "as saying"
    ("The paper cited a diplomat as saying": see _quoted_as_saying) or a participle, whose
    speaker is its verb's ("X said, citing Y")."""
    out = []
    for cue in cues:
        if cue.cited_by is not None and cue.kind == "verb" and not _as_saying_after(an, cue):
            start, end, apposition = cue.cited_by
            outer = Cue(cue.lo, cue.hi, cue.kind, cue.sent)
            outer.shown_lo, outer.shown_hi = cue.shown_lo, cue.shown_hi
            outer.src, outer.apposition = (start, end), apposition
            outer.src_kind = spans.source_kind(an.tokens, start, end)
            outer.content, outer.parts, outer.parent = cue.content, cue.parts, cue.parent
            if outer.content is None:
                # What was cited and what it says: "a survey that showed the bay was warming".
                lo, hi = an.sent_tokens[cue.sent]
                end = spans.trim_end(an.tokens, cue.shown_hi, hi)
                if cue.shown_hi < end:
                    outer.content = (an.tokens.starts[cue.shown_hi], an.tokens.ends[end - 1])
            cue.parent = outer
            out.append(outer)
        out.append(cue)
    return out


def _as_saying_after(an: Analysis, cue: Cue) -> bool:
    """Whether "as saying" follows the cue in its sentence."""
    low = an.tokens.lower
    hi = an.sent_tokens[cue.sent][1]
    return any(low[k] == "as" and low[k + 1] in ("saying", "having") for k in range(cue.hi, hi - 1))


def nest(an: Analysis, cues: List[Cue]) -> None:
    """Set ``parent`` of every cue that is a deeper hop of another."""
    low = an.tokens.lower
    starts = an.tokens.starts
    by_sentence = {}
    for cue in cues:
        by_sentence.setdefault(cue.sent, []).append(cue)
    for group in by_sentence.values():
        _citing_before_its_reporter(an, group)
        _end_before_tail_speaker(an, group)
        for cue in group:
            if cue.parent is not None:
                continue
            pos = starts[cue.lo]
            best = None
            for other in group:
                if other is cue or other.parent is cue or _in_speakers_relative_clause(an, other, cue):
                    continue
                if other.content and other.content[0] <= pos < other.content[1] \
                        and not (cue.content and cue.content[0] <= starts[other.lo] < cue.content[1]):
                    # The innermost enclosing content wins; of "reports from X" (one
                    # content, two hops) X, so "according to reports from X, Y said"
                    # reads reports -> X -> Y.
                    if best is None or other.content[1] - other.content[0] < best.content[1] - best.content[0] \
                            or (other.parent is best and other.content == best.content):
                        best = other
            if best is None and (cue.relative or low[cue.lo] in CITING or low[cue.lo] == "saying"):
                earlier = [o for o in group if o.lo < cue.lo and o is not cue and o.parent is not cue]
                if earlier and not (low[cue.lo] == "saying" and cue.src is not None and earlier[-1].src == cue.src):
                    # (not "Berg disputed the figure, saying ...": the same speaker goes on, as
                    # with "adding"; no one he got it from)
                    best = earlier[-1]
            if best is not None and _coordinated(an, best, cue):
                # "X said A, and Y said B": two chains; A ends before ", and".
                at = _conjunction_at(an, best, cue)
                best.content = (best.content[0], an.tokens.ends[at - 1])  # ends before ", and"
                best = None
            if best is not None and not _is_ancestor(cue, best):
                cue.parent = best
                if low[cue.lo] in CITING_OBJECT:
                    _share_cited_content(an, best, cue)
        _quoted_as_saying(an, group)


def _end_before_tail_speaker(an: Analysis, group: List[Cue]) -> None:
    """'Nobody has denied that the port is closing, the mayor said': the mayor's content comes
    before the mayor's cue and holds "denied", whose content ends where the mayor's does (not
    at the sentence's end, over ", the mayor said"), so "denied" nests inside the mayor's."""
    starts, words = an.tokens.starts, an.tokens.words
    for outer in group:
        if outer.content is None or outer.content[1] > starts[outer.shown_lo]:
            continue  # (only a content before its cue)
        lo, hi = outer.content
        first = an.sent_tokens[outer.sent][0]
        while words[first] in QUOTES:
            first += 1
        speaker = min(outer.shown_lo, outer.src[0]) if outer.src else outer.shown_lo
        if lo != starts[first] or an.text[hi:starts[speaker]].strip(" \"”’") != "," or an.quote_at(hi - 1) \
                or not _ends_sentence(an, outer):
            continue  # (the whole sentence before ", the mayor said"; not a quotation's words)
        for inner in group:
            if inner is not outer and inner.content is not None and lo <= starts[inner.lo] < hi \
                    and inner.content[0] < hi < inner.content[1] and inner.content[1] > starts[outer.shown_lo]:
                inner.content = (inner.content[0], hi)


def _ends_sentence(an: Analysis, cue: Cue) -> bool:
    """Whether only a tail follows a cue in its sentence ("said on Monday", "told reporters"),
    no clause of its own ("will insist on being ...")."""
    hi = an.sent_tokens[cue.sent][1]
    return only_tail(an, cue, hi) and not any(
        w.endswith("ing") and w not in spans.TIME_NOUNS for w in an.tokens.lower[cue.shown_hi:hi])


def _cites(an: Analysis, cue: Cue) -> bool:
    """A "citing Y" cue whose object Y is its source: where its reporter got it."""
    return an.tokens.lower[cue.lo] in CITING_OBJECT and cue.src is not None and cue.src[0] >= cue.hi


def _citing_before_its_reporter(an: Analysis, group: List[Cue]) -> None:
    """'Citing two officials, the paper reported that ...' / 'The paper, citing two officials,
    said ...': the paper reports, the officials are where it got it - the citing hop goes
    under the reporting cue that follows its phrase (not the reporter inside its content),
    and both report the same clause."""
    starts = an.tokens.starts
    for cue in group:
        if not _cites(an, cue) or cue.content is None or cue.parent is not None:
            continue
        for other in group:
            if other is cue or other.lo < cue.hi or _cites(an, other) or other.content is None:
                continue
            # Its phrase ends right before the reporter's subject or, when the phrase
            # interrupts them ("The paper, citing Y, said"), before the reporting cue.
            after = starts[other.src[0]] == cue.content[0] if other.src else False
            if (after or starts[other.shown_lo] == cue.content[0]) and not (other.src and other.src[0] >= other.hi):
                cue.parent = other
                cue.content = other.content
                cue.parts = other.parts
                break


def _share_cited_content(an: Analysis, outer: Cue, cue: Cue) -> None:
    """'X reported, citing Y, that Z': X's content is Z (not "citing Y, that Z"), as is Y's;
    'X reported Z, citing Y': Y's content is Z too."""
    if not _cites(an, cue):
        return
    at = an.tokens.starts[cue.shown_lo]
    if outer.content is not None and outer.content[0] == at:
        outer.content, outer.parts = cue.content, cue.parts
    elif cue.content is not None and (outer.content is None or outer.content[1] <= at) and outer.lo < cue.lo \
            and only_tail(an, outer, spans.skip_left(an.tokens, cue.shown_lo - 1, outer.hi) + 1):
        # 'X reported on Monday, citing Y, that Z': only a tail (or nothing) was X's content.
        outer.content, outer.parts = cue.content, cue.parts
    elif cue.content is None and outer.content is not None and outer.content[1] <= at:
        cue.content, cue.parts = outer.content, outer.parts


def _in_speakers_relative_clause(an: Analysis, other: Cue, cue: Cue) -> bool:
    """'A delegate who asked not to be named said ...': 'asked' sits in a relative clause
    of the delegate, between the speaker and 'said'; it does not report what was said."""
    if not cue.src or not other.src or not (cue.src[0] <= other.src[0] < other.lo < cue.lo):
        return False
    low = an.tokens.lower
    return any(low[k] in spans.RELATIVES for k in range(other.src[0], min(other.src[1], other.lo)))


def _quoted_as_saying(an: Analysis, group: List[Cue]) -> None:
    """'The paper quoted a diplomat as saying' -> paper (quoted) -> diplomat (saying)."""
    low = an.tokens.lower
    for cue in group:
        if low[cue.lo] != "saying" or cue.lo < 2 or low[cue.lo - 1] != "as":
            continue
        for other in group:
            if other.lo < cue.lo and low[other.lo] in ("quoted", "quotes", "quoting", "cited", "cites", "citing"):
                obj = (other.hi, cue.lo - 1)
                if obj[0] < obj[1]:
                    cue.src = obj
                    cue.src_kind = spans.source_kind(an.tokens, *obj)
                    cue.relative = False
                    if other.src == obj or (other.src and other.src[0] >= other.hi):
                        other.src = spans.left_source(an.tokens, other.lo, an.sent_tokens[other.sent][0])
                        other.src = other.src[:2] if other.src else None
                        other.src_kind = spans.source_kind(an.tokens, *other.src) if other.src else "none"
                cue.parent = other
                if other.content and cue.content:
                    other.content = (min(other.content[0], cue.content[0]), max(other.content[1], cue.content[1]))


def _is_ancestor(cue: Cue, other: Cue) -> bool:
    node = other
    seen = 0
    while node is not None and seen < 50:
        if node is cue:
            return True
        node = node.parent
        seen += 1
    return False


def depth_of(cue: Cue) -> int:
    depth = 0
    node = cue.parent
    while node is not None and depth < 50:
        depth += 1
        node = node.parent
    return depth


def ordered_chains(cues: List[Cue]) -> List[List[Cue]]:
    """Every root with its descendants in depth-first order."""
    children = {}
    for cue in cues:
        if cue.parent is not None:
            children.setdefault(id(cue.parent), []).append(cue)
    chains = []
    for cue in cues:
        if cue.parent is None:
            chain = []
            stack = [cue]
            while stack:
                node = stack.pop()
                chain.append(node)
                stack.extend(reversed(children.get(id(node), [])))
            chains.append(chain)
    return chains


# Words that join two attributions' clauses ("X said A, and Y said B", "..., while Y argued B").
CLAUSE_JOINERS = frozenset("and but while whereas although though".split())


def _conjunction_at(an: Analysis, outer: Cue, inner: Cue):
    """Token of the ", and" that joins ``inner``'s clause to ``outer``'s, if any: before
    the inner speaker ("X said A, and Y said B"), or before the inner cue when both share
    their speaker ("X denied A and declined to comment")."""
    if not inner.src or inner.src[0] >= inner.lo:
        return None
    words, low = an.tokens.words, an.tokens.lower
    if inner.src == outer.src and outer.lo < inner.shown_lo:
        k = inner.shown_lo - 1
        if low[k] in CLAUSE_JOINERS:
            return k - 1 if words[k - 1] in (",", ";") else k
        return None
    k = inner.src[0] - 1
    if k >= 1 and low[k] in CLAUSE_JOINERS and words[k - 1] in (",", ";"):
        return k - 1
    if k >= 0 and words[k] == ";":
        return k
    return None


def _coordinated(an: Analysis, outer: Cue, inner: Cue) -> bool:
    at = _conjunction_at(an, outer, inner)
    return at is not None and outer.content is not None and an.tokens.starts[at] > outer.content[0]
