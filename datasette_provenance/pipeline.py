"""Article -> scored Document -> contract JSON. Pure: no I/O, no Datasette."""
from __future__ import annotations

from typing import Optional

from . import score as scoring
from .model import Article, Document
from .text import extract


def analyse(article: Article, weights=None, ratings=None, outlet_ratings=None,
            adjusters=()) -> Document:
    document = extract(article.text)
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
