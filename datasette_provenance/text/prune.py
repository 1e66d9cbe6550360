"""Cues the model accepted that the structure around them makes doubtful.

Runs after nesting, when each cue's content and parent are known: the cue model scores
one token at a time and cannot see that a candidate sits inside another cue's content.
Attribution corpora such as PolNeAR mark the outer attribution and no attribution inside
another's content (none of PolNeAR train's 22,466 cues lies in another's content), so an
inner cue the model only just accepted is mostly a word of what was said.  Cues the
hand-written rules found (no model margin) are never dropped here, except as below.
"""
from __future__ import annotations

from bisect import bisect_left
from typing import List

from .extractor import POLL_WORDS, Analysis, Cue, byline_before_colon
from .tokens import QUOTES

NUMBER_WORDS = frozenset("two three four five six seven eight nine ten".split())

# A hop inside its parent's content is kept when the model accepted it by at least this
# much; under a parent the rules found ("X said ..."), which is nearly always a real
# attribution, by at least HOP_MARGIN_UNDER_RULE.  5-fold CV on PolNeAR train, cue F1:
# .7660 -> .7706 (hop margin 4: .7697, 8: .7705), -> .7711 with the higher bar under a
# rule's cue (8: .7708, 16: .7711).  Re-tuned on today's fold models (fixed-fold CV cue F1
# .78565 at 6/12/4): hop 10 (8: .78624, 10: .78628, 12: .78620), under a rule 20 (16:
# .78657, 20: .78707, 24: .78700), loose 10 (8: .78722, 10: .78728, 12: .78719): each
# hop or loose cue dropped there was right about a third of the time.
HOP_MARGIN = 10.0
HOP_MARGIN_UNDER_RULE = 20.0
# Inside an "according to" content (the reported words) a model-found hop also needs
# reported speech after it: "that" or a quotation within this many words ("According to the
# filing, the firm admitted that ..."), so "According to the report, the mayor praised the
# bridge" stays one attribution.  Dropping them all instead: train CV cue F1 +.0001, and
# the chains the product exists to show are lost.
SPEECH_WITHIN = 3
# ... unless the model is this sure of it ("..., his aide, Tom Berg, says the streak is proof
# ..., according to the Post": the aide's words, which the Post reported).  Train 5-fold CV
# (fold models unchanged): cue 17205 -> 17210 matched for 7 more predicted (25: +6 for +12,
# 40: +2 for +2).
SURE_MARGIN = 30.0
# A hop that opens reported speech ("that" or a quotation after it: "the chair said the
# board admitted that ...") is a chain the product shows: under a rule's cue it keeps the
# old bar (train fixed-fold CV cue F1 .78728 -> .78718, 3 more right and 13 more cues).
SPEECH_HOP_MARGIN = 12.0
# A cue outside any chain that still lies inside another cue's content (nesting left it
# out: a coordination, a relative clause) is kept when its margin reaches this (+.0004;
# today's models: 4 -> 10, see above).
LOOSE_MARGIN = 10.0


def _margin(an: Analysis, cue: Cue):
    """The model's margin of the cue's best word; None for a cue the rules found."""
    got = [an.cue_margins[k] for k in range(cue.lo, cue.hi) if k in an.cue_margins]
    return max(got) if got else None


def _inside(content, pos: int) -> bool:
    return bool(content) and content[0] <= pos < content[1]


def _speech_follows(an: Analysis, cue: Cue) -> bool:
    """Whether the cue's content opens with reported speech: "that" or a quotation mark."""
    if not cue.content:
        return False
    first = bisect_left(an.tokens.starts, cue.content[0])
    return any(w == "that" or w in QUOTES for w in an.tokens.lower[first:first + SPEECH_WITHIN])


# Pronouns of the speaker and the one spoken to: as the subject of a cue inside a quotation
# ("I think", "we have seen", "you know"), the quoted speaker's own words.
SPEAKER_PRONOUNS = frozenset("i we you".split())


def _quoted_speakers_words(an: Analysis, cue: Cue) -> bool:
    """Whether a model-found cue inside a quotation has "I", "we", "you" or no one as its
    source ('"I think ...," Lund said', '"... and to believe that ...," Lund said')."""
    if cue.src and (cue.src[1] - cue.src[0] != 1 or an.tokens.lower[cue.src[0]] not in SPEAKER_PRONOUNS):
        return False
    pos = an.tokens.starts[cue.lo]
    if an.quote_at(pos) is not None:
        return True
    # A quotation running on over several paragraphs closes in none of them ('"I think ...'
    # then a new paragraph): a mark opened in the paragraph before the cue and not closed.
    before = an.text[an.text.rfind("\n", 0, pos) + 1:pos]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


# Words heading a share of those asked ("62 percent of voters", "a majority of Democrats",
# "six in 10 Republicans", "half of them"): a poll's respondents, not speakers.
SHARE_WORDS = frozenset("percent per cent % majority majorities plurality half third quarter fraction share".split())
MAX_SHARE_WORDS = 8
# How far after its cue a poll cue may name the poll ("found", "In a new poll of ...").
MAX_POLL_REACH = 12


def _poll_share(an: Analysis, cue: Cue) -> bool:
    """Whether the cue's source is a share of a poll's respondents ("38 percent of voters",
    "a majority of Democrats", "six in 10 independents") and its parent cue reports a poll
    ("In a phone survey last week, 38 percent of voters said they ...", "The poll showed a
    majority of farmers say ..."): what the respondents answered is the poll's finding,
    one attribution whose source is the poll (PolNeAR marks the poll's cue, not "said")."""
    parent, src = cue.parent, cue.src
    if parent is None or not src or src[1] - src[0] > MAX_SHARE_WORDS:
        return False
    low = an.tokens.lower
    # (one word past the source too: "31 % of voters" may leave "%" out of it)
    words = low[src[0]:src[1] + 1]
    share = any(w in SHARE_WORDS for w in words) or (
        "in" in words and any(w[:1].isdigit() or w in NUMBER_WORDS for w in words))
    if not share:
        return False
    lo = min(parent.lo, parent.src[0]) if parent.src else parent.lo
    hi = min(src[0], max(parent.hi, parent.src[1] if parent.src else 0) + MAX_POLL_REACH)
    return any(low[k] in POLL_WORDS for k in range(max(0, lo - MAX_POLL_REACH), hi))


def drop_doubtful_cues(an: Analysis, cues: List[Cue]) -> List[Cue]:
    """The cues without the doubtful ones; a dropped hop's own hops move up to its parent.

    Dropped (model-found cues only): a hop inside its parent's content below HOP_MARGIN
    (HOP_MARGIN_UNDER_RULE under a rule's cue, at most SPEECH_HOP_MARGIN for one opening
    reported speech) or, inside an "according to" content, one
    whose content does not open with reported speech; a cue
    in no chain inside another cue's content below LOOSE_MARGIN; a colon or dash the model
    alone accepted, unless a quotation opens right after it (the punctuation rules decide
    the others: "Q:" and "A:" labels, section labels; 2 right of 34 in train CV).
    Hops off a source ("who cited", "quoted X as saying") are structure and stay. A
    model-found cue of "I", "we", "you" or no source inside a quotation ('"I think ...,"
    Lund said') is the quoted speaker's own words and goes (train CV cue F1 .7796 -> .7802:
    32 false cues fewer, no gold one). A poll's respondents ("In a survey last week, 38
    percent of voters said ...") are no hop of their own, even a rule's (_poll_share)."""
    starts = an.tokens.starts
    dropped = set()
    for cue in cues:
        margin = _margin(an, cue)
        pos = starts[cue.lo]
        parent = cue.parent
        if _poll_share(an, cue):
            doubtful = True
        elif margin is None:
            continue
        elif _quoted_speakers_words(an, cue):
            doubtful = True
        elif cue.kind == "punctuation":
            words = an.tokens.words
            doubtful = not (cue.hi < len(words) and words[cue.hi] in QUOTES) or byline_before_colon(an, cue.lo)
        elif parent is not None:
            bar = HOP_MARGIN if _margin(an, parent) is not None else HOP_MARGIN_UNDER_RULE
            if _speech_follows(an, cue):
                bar = min(bar, SPEECH_HOP_MARGIN)
            doubtful = _inside(parent.content, pos) and (
                margin < bar or (parent.kind == "according_to" and not _speech_follows(an, cue) and margin < SURE_MARGIN))
        else:
            doubtful = margin < LOOSE_MARGIN and any(_inside(other.content, pos) for other in cues if other is not cue)
        if doubtful:
            dropped.add(id(cue))
    if not dropped:
        return cues
    kept = [cue for cue in cues if id(cue) not in dropped]
    for cue in kept:
        while cue.parent is not None and id(cue.parent) in dropped:
            cue.parent = cue.parent.parent
    return kept
