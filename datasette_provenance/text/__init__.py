"""Pure text analysis: sentence segmentation and attribution-chain extraction.

No I/O and no Datasette import, so it works from a notebook::

    from datasette_provenance.text import extract
    doc = extract("Officials said the bridge was closed.")

Pipeline: ``segment`` (sentences with exact offsets) -> ``extractor`` (cues,
sources, contents; a trained scorer from ``models/`` when present) ->
``chains`` (nesting, outermost first) -> ``speakers`` (who is speaking,
aliases) -> ``hedges``.
"""
from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right

from ..model import Attribution, Document, Span, Statement
from . import chains, hedges, lexicon, prune, relatives, spans, speakers
from .extra import as_extra, hedge_spans
from .extractor import CITING_OBJECT, Analysis, attach_spans, find_cues, unname_headline_documents
from .model import load_model
from .tokens import QUOTES
from .segment import sentences
from .wrapping import unwrapped

EXTRACTOR_VERSION = "0.10.60"  # what each version changed: CHANGES.md at the top of the repository


# Line ends other than "\n" (an old Mac file's lone "\r", Unicode's line and paragraph
# separators) and a byte-order mark opening the text.  The analysis reads a copy of the
# same length with "\n" for each such line end and a space for the mark, so a lone-CR
# file's headline is a statement by itself and no statement starts with an invisible
# U+FEFF; every span is then cut from the text as given, so offsets and span texts stay
# those of the file.
_ODD_LINE_END = re.compile("\\A\ufeff|\r(?!\n)|[\u2028\u2029]")


def _as_analysed(match) -> str:
    return " " if match.group() == "\ufeff" else "\n"


def extract(text: str, extra_lexicon=None, *, model=None) -> Document:
    """``extra_lexicon``: more cue words and hedges, an ``extra.ExtraLexicon`` or a mapping
    ``{lexicon name: [words]}`` as the ``provenance_cue_lexicon`` hook returns (see extra.py).
    ``model``: a ``text.model.Model`` to use instead of the shipped one (a retrained model
    being measured)."""
    # (The plain test first: almost no text has such a line end, and the regex would try
    # every position of it.)
    odd = "\r" in text or "\u2028" in text or "\u2029" in text or text.startswith("\ufeff")
    analysed = unwrapped(_ODD_LINE_END.sub(_as_analysed, text) if odd else text)
    doc = _extract(analysed, extra_lexicon, model)
    return doc if analysed == text else _spans_of(doc, text)


def _spans_of(doc: Document, text: str) -> Document:
    """``doc`` (extracted from a same-length copy of ``text``) with every span cut from ``text``."""
    def cut(span):
        return None if span is None else Span.of(text, span.start, span.end)

    doc.text = text
    for statement in doc.statements:
        statement.text = text[statement.start:statement.end]
        statement.hedges = [cut(h) for h in statement.hedges]
        for hop in statement.attributions:
            hop.cue, hop.source, hop.content = cut(hop.cue), cut(hop.source), cut(hop.content)
            hop.content_parts = [cut(part) for part in hop.content_parts]
    return doc


def _extract(text: str, extra_lexicon=None, model=None) -> Document:
    extra = as_extra(extra_lexicon)
    doc = Document(text=text)
    sents = sentences(text)
    # The first line is a headline when more lines follow it and it is one sentence.
    headline = len(sents) > 1 and "\n" in text[sents[0][1]:sents[1][0]]
    for idx, (start, end) in enumerate(sents):
        doc.statements.append(Statement(idx=idx, start=start, end=end, text=text[start:end],
                                        is_headline=headline and idx == 0))
    if not sents:
        return doc
    model = load_model() if model is None else model
    an = Analysis(text, sents, headline=headline)
    cues = find_cues(an, model, extra)
    for cue in cues:
        attach_spans(an, cue, model)
    cues = [cue for cue in cues if cue.kind != "rejected"]
    shared = _participles_share_speakers(an, cues)
    cues = chains.split_reports_from(an, cues)
    cues = chains.split_cited(an, cues)
    chains.nest(an, cues)
    cues = prune.drop_doubtful_cues(an, cues)
    unname_headline_documents(an, cues)
    _attach(doc, an, cues, shared)
    _continue_quotes(doc)
    _quotes_before_their_speaker(doc)
    sent_starts = [s for s, _ in sents]
    for start, end in hedge_spans(text, hedges.find(text), extra):
        k = bisect_right(sent_starts, start) - 1
        if k >= 0 and end <= sents[k][1]:
            doc.statements[k].hedges.append(Span.of(text, start, end))
    return doc


def _participles_share_speakers(an, cues) -> dict:
    """'X said A, adding B': a participle after a comma speaks with the source of the verb
    cue before it in its sentence (the nearest one outside a quotation).  Returns {id of the
    participle: that verb cue}, whose shown source span the participle shares ("Ana Lopes, the
    harbour chief, emailed ..., saying": the description too, as corpora mark it)."""
    words = an.tokens.words
    shared = {}
    last = {}  # sentence -> the last verb cue with a source outside quotations
    for cue in cues:
        if cue.kind == "participle" and cue.sent in last and cue.lo > 0 and words[cue.lo - 1] == "," \
                and not an.quote_at(an.tokens.starts[cue.lo]) and not (cue.src and cue.src[0] >= cue.hi):
            # (A source after the participle is its object, the next hop: "citing Y".)
            speaker = last[cue.sent]
            cue.src, cue.apposition, cue.src_kind = speaker.src, speaker.apposition, speaker.src_kind
            cue.relative = speaker.relative
            shared[id(cue)] = speaker
        if cue.kind == "verb" and cue.src and not cue.relative and not an.quote_at(an.tokens.starts[cue.lo]):
            last[cue.sent] = cue
    return shared


def _speaking_for(cue, shared):
    """The verb cue whose source a participle shares, while they still share it; else the cue."""
    speaker = (shared or {}).get(id(cue))
    return speaker if speaker is not None and speaker.src == cue.src else cue


def _span(an, lo_hi):
    if not lo_hi:
        return None
    lo, hi = lo_hi
    if lo >= hi:
        return None
    return Span.of(an.text, an.tokens.starts[lo], an.tokens.ends[hi - 1])


# Cue kinds whose source span takes in a description of the source (see spans.source_extent).
_DESCRIBED_KINDS = frozenset(("verb", "participle", "passive", "according_to"))


# A clitic on a pronoun source: "He’s" (is/has), "they’re", "we’ve".  A name keeps its
# possessive "’s" ("Smith’s remarks": the source of a noun cue is marked with it).
_CLITIC = re.compile(r"(?:^|\s)(?:he|she|it|they|we|i|you|who|that)([’'](?:s|re|ve|ll|d|m))$", re.I)


def _without_clitic(an, span):
    # (The plain test first: the regex would try every position of the span.)
    clitic = _CLITIC.search(span.text) if span and ("’" in span.text or "'" in span.text) else None
    if clitic:
        return Span.of(an.text, span.start, span.start + clitic.start(1))
    return span


def _named_span(an, cue):
    """The words that name a cue's source, for resolving who it is: no relative pronoun
    after them ("Ellen Marsh who warned"), no clitic ("He’s")."""
    src = cue.src
    if src and src[1] - src[0] > 1 and an.tokens.lower[src[1] - 1] in spans.RELATIVES \
            and an.tokens.lower[src[1] - 2] != "of":  # ("most of whom" keeps its "whom")
        src = (src[0], src[1] - 1)
    if src and src[1] - src[0] > 2:
        # "A Pew poll published on Monday": the poll is named, not when it came out (but "a
        # poll commissioned by the Courier" is known by who ordered it).
        low = an.tokens.lower
        cut = next((k for k in range(src[0] + 2, src[1]) if low[k][-2:] == "ed" and spans.participle_after_head(an.tokens, k)), None)
        if cut is not None and "by" not in an.tokens.lower[cut:src[1]]:
            src = (src[0], cut)
    if src and src[1] - src[0] > 2:
        # "Trump and Sanders said": the last of the coordinated names speaks for the row
        # (one attribution has one source name), as before the span took in the others.
        low = an.tokens.lower
        for k in range(src[1] - 2, src[0], -1):
            if low[k] in spans.COORDINATORS and an.tokens.words[k + 1][:1].isupper():
                src = (k + 1, src[1])
                break
    return _without_clitic(an, _span(an, src))


def _antecedent(an, cue):
    """(start, end, kind, description) of what a relative-pronoun source stands for ("the
    ministry" of "the ministry, which said"), else None (see relatives.py)."""
    src = cue.src
    if not src or src[1] - src[0] != 1 or an.tokens.lower[src[0]][:3] not in ("who", "whi"):
        return None
    return relatives.antecedent(an.tokens, src[0], an.sent_tokens[cue.sent][0])


def _speaker_piece(words, lower, lo: int, hi: int, with_roles: bool) -> bool:
    """Whether tokens lo..hi name one speaker of a coordination: a capitalised name
    ("Tom Berg", "Mr. Berg", "Anna de Vries") or, when ``with_roles``, a role ("the mayor")."""
    if lo >= hi:
        return False
    if words[lo][:1].isupper() and all(w[:1].isupper() or w == "." or w in speakers.NAME_PARTICLES
                                       for w in words[lo:hi]):
        return True
    if with_roles and lower[lo] == "the" and hi - lo >= 2:
        return bool(speakers.role_words(" ".join(words[lo + 1:hi]).lower()))  # ("the Republican nominee")
    return False


def _coordinated(an, src):
    """(start, end, kind) of each speaker a coordinated source names ("Tom Berg and Ana
    Lopes", "Berg, Lopes and Ruiz", "the mayor and the police chief", "Tom Berg and other
    pilots"), else None."""
    if not src or src[1] - src[0] < 3:
        return None
    words, lower = an.tokens.words, an.tokens.lower
    if lower[src[0]] in spans.PAIRED:  # "Both Berg and Lopes": "both" names no one
        src = (src[0] + 1, src[1])
    pieces, start, commas = [], src[0], False
    for k in range(src[0], src[1]):
        if lower[k] in ("and", ","):  # (", and" ends a piece once: the empty one between is dropped)
            commas = commas or lower[k] == ","
            pieces.append((start, k))
            start = k + 1
    pieces.append((start, src[1]))
    pieces = [(lo, hi) for lo, hi in pieces if lo < hi]
    if len(pieces) < 2 or lower[src[1] - 1] == "and":
        return None
    if all(_speaker_piece(words, lower, lo, hi, not commas) for lo, hi in pieces):
        return [(lo, hi, "person") for lo, hi in pieces]
    if len(pieces) == 2 and not commas and _speaker_piece(words, lower, *pieces[0], True) \
            and words[pieces[1][0]][:1].islower() and lower[pieces[1][0]] not in spans.PRONOUNS:
        # "Tom Berg and two harbour pilots": the person, and a group described as it is.
        lo, hi = pieces[1]
        return [(*pieces[0], "person"), (lo, hi, spans.source_kind(an.tokens, lo, hi))]
    return None


# Words after "Procter and Gamble" that make it one firm's name.
_FIRM_SUFFIXES = frozenset("co company corp corporation inc llc llp ltd plc group".split())


def _firm_name(an, src, pieces) -> bool:
    """Whether "Procter and Gamble" names one firm rather than two people: one word twice, a
    firm of the lexicon, a pair the article also writes with "&"; else two bare words (no first
    name, no title) that a company suffix follows or a singular verb agrees with ("Procter and
    Gamble says"; two people say), neither used alone in the article."""
    low = an.tokens.lower
    suffixed = pieces and pieces[-1][1] - pieces[-1][0] >= 2 and low[pieces[-1][0] + 1] in _FIRM_SUFFIXES
    if suffixed:  # "Procter and Gamble Co."
        pieces = pieces[:-1] + [(pieces[-1][0], pieces[-1][0] + 1)]
    if len(pieces) != 2 or any(hi - lo != 1 for lo, hi in pieces) or low[src[0]] in spans.PAIRED:
        return False
    first, second = (an.tokens.words[lo] for lo, _ in pieces)
    if first == second or f"{first} and {second}".lower() in lexicon.words("firm_names.txt") \
            or re.search(r"\b%s\s*&\s*%s\b" % (re.escape(first), re.escape(second)), an.text):
        return True  # "Johnson and Johnson", a firm known by name, or written "Procter & Gamble" here
    if any(speakers.gender_of(an.tokens.words[lo]) or speakers._title_word(an.tokens.words[lo]) for lo, _ in pieces):
        return False
    if not (suffixed or _singular_after(low, src[1])):
        return False
    start, end = an.tokens.starts[src[0]], an.tokens.ends[src[1] - 1]
    for lo, _ in pieces:  # "Lopes" on her own elsewhere in the article: a person of a pair
        if any(not start <= m.start() < end for m in re.finditer(r"\b%s\b" % re.escape(an.tokens.words[lo]), an.text)):
            return False
    return True


_SINGULAR_VERBS = frozenset("is was has does".split())


def _singular_after(low, k: int) -> bool:
    """Whether a company suffix or a singular verb follows token ``k`` ("Gamble says", "Gamble Inc")."""
    while k < len(low) and low[k].endswith("ly") and len(low[k]) > 4:
        k += 1  # "Procter and Gamble quickly says"
    if k >= len(low):
        return False
    word = low[k]
    return word.rstrip(".") in _FIRM_SUFFIXES or word in _SINGULAR_VERBS or (
        word.endswith("s") and not word.endswith("ss") and lexicon.verb_forms().get(word) not in (None, word))


def _source_extent(an, cue):
    """Token range of the span shown as a cue's source: the phrase that names it and its description."""
    if not cue.src or cue.kind not in _DESCRIBED_KINDS or cue.relative or (
            an.tokens.lower[cue.lo] in CITING_OBJECT and cue.src[0] >= cue.hi):
        return cue.src
    if cue.apposition and cue.apposition[0] == cue.src[1]:
        return cue.src[0], cue.apposition[1]  # a relative clause without commas ("a minister who quit said")
    lo, hi = an.sent_tokens[cue.sent]
    extent = spans.source_extent(an.tokens, cue.src, cue.lo, cue.hi, lo, hi, an.cue_starts)
    if cue.kind == "according_to" and extent[1] > cue.src[1] and not _closing_description(an, cue, extent, lo, hi):
        return cue.src
    after = cue.src[1] + 1  # the word after the comma that may close the source
    if cue.content and extent[1] > after and after < len(an.tokens.starts) and an.tokens.words[after - 1] == "," \
            and cue.content[0] == an.tokens.starts[after]:
        return cue.src  # what was said follows the comma: no description ("As reported by the Post, the chief ...")
    return extent


def _closing_description(an, cue, extent, lo, hi) -> bool:
    """Whether the words after an "according to" source's comma describe it: the cue comes
    after the clause it qualifies and the description runs to the sentence's end ("..., according
    to Tom Berg, a harbour pilot."), where "According to Tom Berg, the port ..." goes on with
    the clause itself."""
    words, low = an.tokens.words, an.tokens.lower
    end = extent[1]
    while end < hi and not words[end][:1].isalnum() and words[end] not in QUOTES:
        end += 1
    if cue.lo == lo or end < hi:
        return False
    first = cue.src[1] + 1
    if first >= extent[1] or not (low[first] in _DESCRIPTION_OPENERS or low[first] in lexicon.words("titles.txt")
                                  or (words[first][:1].isupper() and "-" in words[first])):  # ("R-Maine")
        return False
    for k in range(first, extent[1]):
        if low[k] in spans.RELATIVES:
            return True  # ("a group that tracks donations")
        if words[k][:1].islower() and (low[k] in lexicon.verb_forms() or low[k] in lexicon.words("common_verbs.txt")):
            return False  # a clause of its own ("..., the crews left the quay.")
    return True


# Words that open a description of a source after its comma.
_DESCRIPTION_OPENERS = frozenset("a an the one another who which whose".split())


def _description(an, cue, extent):
    """The first comma-set phrase after a source's name ("said Ana Lopes, the harbour chief,
    adding ..."): its apposition when the rules found none (``extent``: ``_source_extent``)."""
    if cue.apposition or not cue.src:
        return cue.apposition
    words = an.tokens.words
    end = cue.src[1]
    if extent[1] <= end + 1 or words[end] != ",":
        return None
    k = end + 1
    while k < extent[1] and words[k] != ",":
        k += 1
    return (end + 1, k)


def _text_of(an, lo_hi):
    span = _span(an, lo_hi)
    return span.text if span else None


def _attach(doc: Document, an: Analysis, cues, shared=None) -> None:
    text = an.text
    mentions = []
    made = {}
    # Each cue's source extent, found once: its description below and its shown source
    # in the chains both read it.
    extents = {id(cue): _source_extent(an, _speaking_for(cue, shared)) for cue in cues}
    for cue in cues:
        source = _named_span(an, cue)
        pieces = _coordinated(an, cue.src) if cue.src_kind == "person" else None
        if pieces and _firm_name(an, cue.src, [piece[:2] for piece in pieces]):
            pieces, source, cue.src_kind = None, _span(an, cue.src), "organisation"
        if source is None:
            cue.src_kind = "none"
        elif pieces:
            # "Tom Berg and Ana Lopes said": each of them is a source of the statement.
            made[id(cue)] = [{"start": span.start, "text": span.text, "kind": kind, "apposition": None}
                             for span, kind in ((_span(an, (lo, hi)), kind) for lo, hi, kind in pieces)]
            mentions.extend(made[id(cue)])
        else:
            description = _description(an, cue, extents[id(cue)])
            antecedent = _antecedent(an, cue)
            if antecedent:
                # "the mayor, who promised": the row is the mayor's; the span stays "who",
                # as attribution corpora mark it.
                source, cue.src_kind, description = _span(an, antecedent[:2]), antecedent[2], antecedent[3]
            apposition = _text_of(an, description)
            if cue.src_kind == "anonymous" and speakers.names_person(source.text, apposition):
                cue.src_kind = "person"  # "Her deputy, Tom Berg,": the apposition names the role's holder
            elif cue.src_kind == "vague" and description and an.tokens.lower[description[0]] in ("who", "that") \
                    and description[0] == cue.src[1]:
                # "Officials who asked not to be named": a group its relative clause describes,
                # as "people close to the mayor" (spans.source_kind)
                cue.src_kind = "anonymous"
            mention = {"start": source.start, "text": source.text, "kind": cue.src_kind,
                       "apposition": apposition}
            mentions.append(mention)
            made[id(cue)] = [mention]
    doc.sources = speakers.resolve(text, mentions)
    sent_starts = [s for s, _ in an.sentences]
    quoted = []  # (root cue, its hops) of chains with content, to spread over quotations
    ordered = chains.ordered_chains(cues)
    extra_chain = len(ordered)  # numbers for the chains of a coordination's other speakers
    for chain_no, chain in enumerate(ordered):
        root = chain[0]
        hops = []
        for cue in chain:
            source = _without_clitic(an, _span(an, extents[id(cue)]))
            content = Span.of(text, *cue.content) if cue.content else None
            parts = _parts_within(text, cue.parts, cue.content)
            mention = made.get(id(cue))
            hops.append(Attribution(
                depth=chains.depth_of(cue) - chains.depth_of(root),
                cue=_span(an, (cue.shown_lo, cue.shown_hi)), cue_kind=cue.kind,
                source=source, source_kind=cue.src_kind if source else "none",
                source_name=mention[0]["name"] if mention else None,
                content=content, content_parts=parts,
                direct=_quoted(_said(text, cue, content)),
                chain=chain_no,
            ))
        # One chain per speaker of a coordinated source: the same hops, that speaker's name at
        # its hop (a hop has one source row; the shown span stays the whole coordination).
        chains_here = [hops]
        for k, cue in enumerate(chain):
            for other in (made.get(id(cue)) or [])[1:]:
                if not other["name"] or other["name"] == hops[k].source_name:
                    continue
                copy = [dataclasses.replace(hop, chain=extra_chain) for hop in hops]
                copy[k].source_name, copy[k].source_kind = other["name"], other["kind"]
                chains_here.append(copy)
                extra_chain += 1
        for chain_hops in chains_here:
            doc.statements[root.sent].attributions.extend(chain_hops)
            if root.content:
                quoted.append((root, chain_hops))
    # Only once every statement holds its own chains: a statement wholly inside another
    # one's quotation shares its chain, whether the speaker comes after it
    # ('"We did. We checked," said X') or before it ('X said: "We did. We checked."').
    last = len(doc.statements) - 1
    for root, hops in quoted:
        lo, hi = root.content
        first = max(bisect_right(sent_starts, lo) - 1, 0)
        for other in range(first, min(bisect_right(sent_starts, hi - 1) - 1, last) + 1):
            statement = doc.statements[other]
            if not statement.attributions and statement.start >= lo and statement.end <= hi + 1:
                statement.attributions.extend(hops)


OPENING_QUOTES = "“\"‘"


def _parts_within(text: str, parts, content):
    """The pieces of a content as Spans, clipped to it (chains may shorten a content
    after its pieces were found); none when fewer than two are left."""
    if not parts or not content:
        return []
    lo, hi = content
    kept = [(max(s, lo), min(e, hi)) for s, e in parts if s < hi and e > lo]
    if len(kept) < 2 or kept[0][0] != lo or kept[-1][1] != hi:
        return []
    return [Span.of(text, s, e) for s, e in kept]


def _quoted(content) -> bool:
    """A direct quote: the content opens with a quotation mark, after a complementizer
    'that' if any ('added that "the party will ...')."""
    if content is None:
        return False
    text = content.text
    if text[:4].lower() == "that" and text[4:5].isspace():
        text = text[4:].lstrip()
    return text[:1] in "“\"‘'"


def _said(text: str, cue, content):
    """The part of a content that decides whether it is a direct quote: from where the words
    said begin when a lead-in or a relative pronoun opens it ('The levy "is a disgrace,"')."""
    if content is None or cue.said_from is None or not cue.content[0] <= cue.said_from < cue.content[1]:
        return content
    return Span.of(text, cue.said_from, cue.content[1])


def _continue_quotes(doc: Document, reach: int = 5) -> None:
    """A quotation that goes on over the next sentences keeps its speaker.

    '"The budget is tight," Marsh said. "But the work goes on."' - the second
    sentence is Marsh's too: it gets the same chain and the direct content
    grows to cover it.
    """
    speaker = None
    run = 0
    # Whether a quotation is open after each statement, followed over every statement
    # ('"A. B," he said.' closes the quotation the sentence before opened).
    quote_open = False
    previous_end = 0
    for statement in doc.statements:
        new_paragraph = "\n" in doc.text[previous_end:statement.start]
        previous_end = statement.end
        open_before = quote_open
        quote_open = _opens_quote(statement.text, quote_open, new_paragraph)
        if statement.attributions:
            # A signature dash ('"..." ― Name') closes its quotation: nothing runs on.
            direct = [a for a in statement.attributions if a.direct and a.depth == 0
                      and a.cue.text not in "―—–"]
            speaker = direct[-1] if direct else None
            run = 0
            continue
        if speaker is None or run >= reach or not (_opens_with_quote(statement.text) or open_before):
            speaker = None
            continue
        run += 1
        # Every speaker of a coordinated source ("Berg and Lopes said") goes on speaking.
        chain = [hop for root in _cue_roots(doc, speaker) for hop in _owner_chain(doc, root)]
        for hop in chain:
            if hop.content is not None and hop.content.end < statement.end:
                add_content_part(doc.text, hop, statement.start, statement.end)
        statement.attributions.extend(chain)


def _quotes_before_their_speaker(doc: Document, reach: int = 5) -> None:
    """A quotation whose speaker is named only in its last paragraph: news leaves the
    closing mark off every paragraph but the last and opens each with a mark again.

    '"The quay is unsafe. Nobody listened.' / '"Now we wait," said Moss.' - the first
    paragraph's sentences are Moss's too: they join her chain and her content grows back
    to cover them.
    """
    text = doc.text
    statements = doc.statements
    for idx, statement in enumerate(statements):
        direct = [a for a in statement.attributions if a.direct and a.depth == 0 and a.content is not None
                  and a.content.start == statement.start and a.cue.text not in "―—–"]
        if not direct or not idx or "\n" not in text[statements[idx - 1].end:statement.start]:
            continue
        first = idx - 1  # the previous paragraph's statements, none attributed
        while first > 0 and idx - first < reach and not statements[first].attributions \
                and "\n" not in text[statements[first - 1].end:statements[first].start]:
            first -= 1
        run = statements[first:idx]
        if len(run) > reach or any(s.attributions for s in run) or not _opens_with_quote(run[0].text) \
                or not _opens_quote(text[run[0].start:run[-1].end], False):
            continue  # (a closed quotation, or narration, before the speaker's paragraph)
        speaker = direct[-1]
        chain = [hop for root in _cue_roots(doc, speaker) for hop in _owner_chain(doc, root)]
        for hop in chain:
            if hop.content is not None and hop.content.start == statement.start:
                _prepend_content_part(text, hop, run[0].start, run[-1].end)
        for earlier in run:
            earlier.attributions.extend(chain)


def _prepend_content_part(text: str, hop: Attribution, start: int, end: int) -> None:
    """Grow ``hop``'s content back to ``start``: one piece when only space lies between."""
    parts = list(hop.content_parts) or [hop.content]
    if not text[end:parts[0].start].strip():
        parts[0] = Span.of(text, start, parts[0].end)
    else:
        parts.insert(0, Span.of(text, start, end))
    hop.content = Span.of(text, parts[0].start, hop.content.end)
    hop.content_parts = parts if len(parts) > 1 else []


def add_content_part(text: str, hop: Attribution, start: int, end: int) -> None:
    """Grow ``hop``'s content by ``start``..``end``: the last piece when only
    space lies between them, else a new piece ('"A," he said. "B."': the speaker's
    words are no part of what he said)."""
    parts = list(hop.content_parts) or [hop.content]
    last = parts[-1]
    if last.end >= start or not text[last.end:start].strip():
        parts[-1] = Span.of(text, last.start, max(last.end, end))
    else:
        parts.append(Span.of(text, start, end))
    hop.content = Span.of(text, parts[0].start, max(hop.content.end, parts[-1].end))
    hop.content_parts = parts if len(parts) > 1 else []


def _cue_roots(doc: Document, root: Attribution):
    """``root`` and the roots of the other chains that share its cue (a coordination's speakers)."""
    for statement in doc.statements:
        if root in statement.attributions:
            return [a for a in statement.attributions if a.depth == 0 and a.cue == root.cue]
    return [root]


def _owner_chain(doc: Document, root: Attribution):
    for statement in doc.statements:
        if root in statement.attributions:
            return [a for a in statement.attributions if a.chain == root.chain]
    return [root]


def _opens_quote(text: str, open_before: bool, new_paragraph: bool = False) -> bool:
    """Whether a quotation is still open at the end of ``text``.

    A quotation that runs over paragraphs leaves the closing mark off each paragraph
    but the last and repeats the opening mark at each new one: that mark opens nothing."""
    if new_paragraph and open_before and _opens_with_quote(text):
        text = text[2:] if text.startswith("''") else text[1:]
    # Marks in order: a curly one says which it is; a straight one (or '') closes an
    # open quotation and opens otherwise, so '“...," he said.' (mixed marks) is closed.
    state = open_before
    if '"' not in text and "“" not in text and "”" not in text and "''" not in text:
        return state  # (most statements quote nothing: plain tests, not the regex at every position)
    for mark in _QUOTE_MARK.findall(text):
        state = True if mark == "“" else False if mark == "”" else not state
    return state


_QUOTE_MARK = re.compile("''|[“”\"]")


def _opens_with_quote(text: str) -> bool:
    return text[:1] in OPENING_QUOTES or text.startswith("''")
