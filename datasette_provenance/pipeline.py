"""Article -> scored Document -> contract JSON. Pure: no I/O, no Datasette."""
from __future__ import annotations

import re
from typing import Iterator, Optional

from . import score as scoring
from .model import Article, Document, Span, Statement
from .text import claims, extract


def analyse(article: Article, weights=None, ratings=None, outlet_ratings=None,
            adjusters=(), extra_lexicon=None) -> Document:
    """``extra_lexicon``: plugin cue words for the extractor (plugins.extra_lexicon)."""
    document = extract(article.text, extra_lexicon)
    claims.mark(document)
    scoring.score(document, weights=weights, ratings=ratings, outlet=article.outlet,
                  outlet_ratings=outlet_ratings, adjusters=adjusters)
    return document


def contract(document: Document, path: Optional[str] = None, title: Optional[str] = None) -> dict:
    """The extract JSON contract (DESIGN.md, README): one object per document."""
    return {
        "path": path,
        "title": title,
        "statements": [s.to_dict() for s in document.statements],
    }


# Texts longer than this are analysed window by window (see analyse_windows).
WINDOW_CHARS = 500_000
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def window_bounds(text: str, size: int = WINDOW_CHARS):
    """(start, end) windows of about ``size`` chars covering ``text``, cut at a paragraph
    break, else a line break, else a sentence end, else whitespace, in the window's last half."""
    start, n = 0, len(text)
    while n - start > size:
        hi = start + size
        lo = start + size // 2
        cut = text.rfind("\n\n", lo, hi)
        cut = cut + 2 if cut >= 0 else -1
        if cut < 0:
            nl = text.rfind("\n", lo, hi)
            cut = nl + 1 if nl >= 0 else -1
        if cut < 0:
            last = None
            for last in _SENTENCE_BREAK.finditer(text, lo, hi):
                pass
            cut = last.end() if last else -1
        if cut < 0:
            ws = max(text.rfind(" ", lo, hi), text.rfind("\t", lo, hi))
            cut = ws + 1 if ws >= 0 else hi
        yield start, cut
        start = cut
    yield start, n


def analyse_windows(article: Article, window: int = WINDOW_CHARS, **scoring_kwargs) -> Iterator[Document]:
    """Like ``analyse`` but one Document per window of a long text, so that memory is
    bounded by the window rather than the text. Offsets and ``idx`` are those of the
    whole text; only the first window can hold the headline. A short text gives one
    Document, the same as ``analyse``."""
    if len(article.text) <= window:
        yield analyse(article, **scoring_kwargs)
        return
    idx = 0
    for start, end in window_bounds(article.text, window):
        part = Article(text=article.text[start:end], outlet=article.outlet)
        document = analyse(part, **scoring_kwargs)
        if start > 0 and document.statements and document.statements[0].is_headline:
            document.statements[0].is_headline = False
            scoring.score(Document(text=part.text, statements=document.statements[:1]),
                          outlet=article.outlet, **_score_kwargs(scoring_kwargs))
        moved: set = set()
        for statement in document.statements:
            _shift(statement, start, idx, moved)
        idx += len(document.statements)
        document.text = article.text
        yield document


def _score_kwargs(analyse_kwargs: dict) -> dict:
    # analyse's keyword names -> score.score's (analyse passes ratings/outlet through).
    return {k: v for k, v in analyse_kwargs.items()
            if k in ("weights", "ratings", "outlet_ratings", "adjusters")}


def _moved(span: Optional[Span], offset: int) -> Optional[Span]:
    return None if span is None else Span(span.start + offset, span.end + offset, span.text)


def _shift(statement: Statement, offset: int, idx_base: int, moved: set) -> None:
    statement.idx += idx_base
    statement.start += offset
    statement.end += offset
    statement.hedges = [_moved(h, offset) for h in statement.hedges]
    for a in statement.attributions:
        # Statements of one quotation share their Attribution objects: move each once.
        if id(a) in moved:
            continue
        moved.add(id(a))
        a.cue = _moved(a.cue, offset)
        a.source = _moved(a.source, offset)
        a.content = _moved(a.content, offset)
        a.content_parts = [_moved(part, offset) for part in a.content_parts]
