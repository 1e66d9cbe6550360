"""Pure text analysis: sentence segmentation and attribution-chain extraction.

No I/O and no Datasette import, so it works from a notebook::

    from datasette_provenance.text import extract
    doc = extract("Officials said the bridge was closed.")

PLACEHOLDER: a deliberately tiny first version so the rest of the pipeline can
be built against it; the real extractor replaces this module's internals.
"""
from __future__ import annotations

import re

from ..model import Attribution, Document, Span, Statement

EXTRACTOR_VERSION = "0.0.1"

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘'])|\n\s*\n")
_CUE = re.compile(r"\b(said|says|told|according to|reportedly|allegedly)\b", re.I)


def _sentences(text: str):
    start = 0
    for match in _SENTENCE_END.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def extract(text: str) -> Document:
    doc = Document(text=text)
    for start, end in _sentences(text):
        # Trim whitespace so spans are tight.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        statement = Statement(
            idx=len(doc.statements), start=start, end=end, text=text[start:end],
            is_headline=not doc.statements and "\n" in text[end:end + 2],
        )
        match = _CUE.search(text, start, end)
        if match:
            statement.attributions.append(
                Attribution(depth=0, cue=Span.of(text, match.start(), match.end()),
                            cue_kind="verb")
            )
        doc.statements.append(statement)
    return doc
