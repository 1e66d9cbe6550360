"""Plain dataclasses shared by every stage: extraction, scoring, storage, views.

Nothing here does I/O or imports Datasette, so a notebook can use it directly.

Offsets are Python ``str`` indices into the document text, end-exclusive, and
for every span ``text[span.start:span.end] == span.text``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

# Kinds of source an attribution can name. "none" means the attribution has no
# source at all ("reportedly", "it is believed").
SOURCE_KINDS = (
    "person",
    "organisation",
    "document",
    "media",
    "anonymous",
    "vague",
    "none",
)

# The kinds that name who stands behind a claim: they get a row of the sources table, can
# be rated, and make a statement's sourcing "named".
NAMED_KINDS = frozenset({"person", "organisation", "document", "media"})

# Kinds of cue; used as a facet, so keep them few and stable.
CUE_KINDS = (
    "verb",          # said, told, denied, wants, found ...
    "according_to",  # according to X
    "adverb",        # reportedly, allegedly
    "noun",          # reports indicate, with reports indicating, in a statement
    "passive",       # it is believed, has been celebrated
    "participle",    # publicly acknowledging, citing
    "punctuation",   # colon or dash introducing a quote
    "other",
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        return cls(start, end, text[start:end])


@dataclass
class Attribution:
    """One hop of an attribution chain.

    depth 0 is the source the article cites directly; depth 1 is where that
    source got it, and so on.
    """

    depth: int
    cue: Span
    cue_kind: str = "verb"
    source: Optional[Span] = None
    source_kind: str = "none"
    # Canonical name of the source after coreference ("he" -> "Valery Gerasimov").
    source_name: Optional[str] = None
    content: Optional[Span] = None
    # The pieces of a content its cue (or its speaker's words) interrupt: '"A," he said.
    # "B."' -> A and B.  Empty when the content is one piece; ``content`` spans them all.
    content_parts: List[Span] = field(default_factory=list)
    # True for a direct quote (content inside quotation marks).
    direct: bool = False
    # Index of the chain within its statement: a statement can hold several
    # independent chains ("X said A, and Y said B"); depths restart at 0 in each.
    chain: int = 0

    def to_dict(self) -> dict:
        source = None
        if self.source is not None:
            source = dict(self.source.to_dict(), kind=self.source_kind)
            if self.source_name and self.source_name != self.source.text:
                source["name"] = self.source_name
        return {
            "depth": self.depth,
            "cue": dict(self.cue.to_dict(), kind=self.cue_kind),
            "source": source,
            "content": self._content_dict(),
            "direct": self.direct,
            "chain": self.chain,
        }


    def _content_dict(self) -> Optional[dict]:
        if self.content is None:
            return None
        content = self.content.to_dict()
        if len(self.content_parts) > 1:
            content["parts"] = [part.to_dict() for part in self.content_parts]
        return content


@dataclass
class Statement:
    idx: int
    start: int
    end: int
    text: str
    is_headline: bool = False
    # The chain behind this statement, outermost (depth 0) first.
    attributions: List[Attribution] = field(default_factory=list)
    # Hedge and weasel words found in the statement ("allegedly", "so-called").
    hedges: List[Span] = field(default_factory=list)
    # Filled in by score.score().
    sourcing: Optional[str] = None
    score: Optional[float] = None
    grade: Optional[str] = None
    reasons: List[str] = field(default_factory=list)
    # Filled in by text.claims.mark(): whether it asserts something checkable, and if not,
    # why in words ("a question", "boilerplate ..."). Never changes the score.
    claim: bool = True
    claim_reason: Optional[str] = None

    def chains(self) -> List[List[Attribution]]:
        """The attributions grouped into their independent chains, in order of appearance.

        "X said A, and Y said B" holds two chains; each is a list of hops, depth 0 first.
        """
        grouped: dict = {}
        for attribution in self.attributions:
            grouped.setdefault(attribution.chain, []).append(attribution)
        return list(grouped.values())

    def to_dict(self) -> dict:
        """The statement as the extract JSON contract gives it (see README)."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "sourcing": self.sourcing,
            "score": self.score,
            "grade": self.grade,
            "reasons": list(self.reasons),
            "hedges": [h.to_dict() for h in self.hedges],
            "attributions": [a.to_dict() for a in self.attributions],
            **self._claim_dict(),
        }

    def _claim_dict(self) -> dict:
        # Extra to the contract: "claim", and why not when it is not one.
        if self.claim:
            return {"claim": True}
        return {"claim": False, "claim_reason": self.claim_reason}


@dataclass
class SourceMention:
    """A real-world source with every alias the article uses for it."""

    name: str
    kind: str
    aliases: List[str] = field(default_factory=list)


@dataclass
class Document:
    text: str
    statements: List[Statement] = field(default_factory=list)
    # One entry per distinct source in the document, after coreference.
    sources: List[SourceMention] = field(default_factory=list)


@dataclass
class Article:
    """An article as ingested: the plain text that offsets refer to, plus metadata."""

    text: str
    title: Optional[str] = None
    url: Optional[str] = None
    outlet: Optional[str] = None
    author: Optional[str] = None
    published: Optional[str] = None
    path: Optional[str] = None
    format: str = "txt"
    # Markdown source when the article was written in markdown (text is its plain form).
    markdown: Optional[str] = None
    extra: dict = field(default_factory=dict)
    # Set when the article was read from a row of a user's table (`provenance analyze`):
    # the table, the row's rowid, and its primary key as Datasette spells it in row URLs.
    source_table: Optional[str] = None
    source_rowid: Optional[int] = None
    source_pk: Optional[str] = None



# What a reliability rating applies to.
RATING_TARGETS = ("source", "outlet")


@dataclass
class Rating:
    """An Admiralty reliability letter (A-F) for a source or an outlet, with a markdown note."""

    name: str
    reliability: str
    target: str = "source"
    note: Optional[str] = None
    # A source known only in one article ("the mayor"): that article's id (sources.scope).
    # Its name alone would be another article's "the mayor", or none.
    scope: Optional[str] = None

    def to_dict(self) -> dict:
        found = {"target": self.target, "name": self.name,
                 "reliability": self.reliability, "note": self.note}
        if self.scope is not None:
            found["scope"] = self.scope
        return found
