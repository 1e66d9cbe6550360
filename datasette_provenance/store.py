"""The database: schema, migrations and every write. The only module that writes.

Tables (names are read by checks outside the project, keep them):

- ``articles``      one row per article, id = content hash of its text
- ``statements``    one row per statement (sentence), with sourcing, score, grade, reasons;
                    facet columns from its chain and article are copied onto it so that
                    faceting a million rows needs no join
- ``attributions``  one row per hop of a statement's chain (depth 0 = outermost)
- ``sources``       one row per real named source (person, organisation, document, media)
- ``source_aliases`` every name an article used for a source
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from typing import Optional

import sqlite_utils

from .model import Article, Document

NAMED_KINDS = {"person", "organisation", "document", "media"}


def article_id(article: Article) -> str:
    """Content hash: the same text with the same metadata is the same article."""
    h = hashlib.sha256()
    h.update(article.text.encode("utf-8"))
    for value in (article.title, article.url, article.outlet, article.author, article.published):
        h.update(b"\x00" + (value or "").encode("utf-8"))
    return h.hexdigest()[:16]


def ensure_schema(db: sqlite_utils.Database) -> None:
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    if "articles" not in db.table_names():
        db["articles"].create(
            {
                "id": str, "title": str, "url": str, "outlet": str, "author": str,
                "published": str, "path": str, "format": str, "text": str, "markdown": str,
                "extractor_version": str, "loaded_at": str, "statement_count": int,
            },
            pk="id",
        )
    if "sources" not in db.table_names():
        db["sources"].create(
            {"id": int, "name": str, "kind": str, "reliability": str, "notes": str,
             "statement_count": int},
            pk="id", not_null={"name"}, defaults={"reliability": "F", "statement_count": 0},
        )
        db["sources"].create_index(["name"], unique=True)
    if "source_aliases" not in db.table_names():
        db["source_aliases"].create(
            {"source_id": int, "alias": str}, pk=("source_id", "alias"),
            foreign_keys=[("source_id", "sources", "id")],
        )
    if "statements" not in db.table_names():
        db["statements"].create(
            {
                "id": int, "article_id": str, "idx": int, "start": int, "end": int,
                "text": str, "is_headline": int, "sourcing": str, "score": float,
                "grade": str, "reasons": str, "hedges": str, "chain_depth": int,
                "cue_kind": str, "source_kind": str, "source_id": int, "outlet": str,
            },
            pk="id",
            foreign_keys=[("article_id", "articles", "id"), ("source_id", "sources", "id")],
        )
    if "attributions" not in db.table_names():
        db["attributions"].create(
            {
                "id": int, "statement_id": int, "article_id": str, "depth": int,
                "cue": str, "cue_kind": str, "cue_start": int, "cue_end": int,
                "source_text": str, "source_kind": str, "source_id": int,
                "source_start": int, "source_end": int,
                "content": str, "content_start": int, "content_end": int, "direct": int,
            },
            pk="id",
            foreign_keys=[
                ("statement_id", "statements", "id"),
                ("article_id", "articles", "id"),
                ("source_id", "sources", "id"),
            ],
        )
    for table, columns in (
        ("statements", ["article_id"]), ("statements", ["sourcing"]), ("statements", ["grade"]),
        ("statements", ["cue_kind"]), ("statements", ["source_kind"]), ("statements", ["outlet"]),
        ("statements", ["source_id"]), ("attributions", ["statement_id"]),
        ("attributions", ["article_id"]), ("attributions", ["source_id"]),
        ("attributions", ["cue_kind"]), ("attributions", ["source_kind"]),
        ("articles", ["outlet"]), ("sources", ["kind"]), ("sources", ["reliability"]),
    ):
        db[table].create_index(columns, if_not_exists=True)


def _source_id(db: sqlite_utils.Database, name: str, kind: str) -> int:
    row = db.execute("select id from sources where name = ?", [name]).fetchone()
    if row:
        return row[0]
    return db["sources"].insert({"name": name, "kind": kind, "reliability": "F"}).last_pk


def save(db: sqlite_utils.Database, article: Article, document: Document,
         extractor_version: str) -> str:
    """Replace everything stored for this article in one transaction; return its id."""
    aid = article_id(article)
    with db.conn:
        db.execute(
            "delete from attributions where article_id = ?", [aid])
        db.execute("delete from statements where article_id = ?", [aid])
        db["articles"].upsert(
            {
                "id": aid, "title": article.title, "url": article.url,
                "outlet": article.outlet, "author": article.author,
                "published": article.published, "path": article.path,
                "format": article.format, "text": article.text,
                "markdown": article.markdown, "extractor_version": extractor_version,
                "loaded_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "statement_count": len(document.statements),
            },
            pk="id",
        )
        for mention in document.sources:
            if mention.kind in NAMED_KINDS:
                sid = _source_id(db, mention.name, mention.kind)
                db["source_aliases"].insert_all(
                    ({"source_id": sid, "alias": a} for a in {mention.name, *mention.aliases}),
                    ignore=True,
                )
        for st in document.statements:
            primary = st.attributions[0] if st.attributions else None
            primary_sid = None
            attribution_rows = []
            for a in st.attributions:
                sid = None
                if a.source is not None and a.source_kind in NAMED_KINDS:
                    sid = _source_id(db, a.source_name or a.source.text, a.source_kind)
                if a is primary:
                    primary_sid = sid
                attribution_rows.append({
                    "article_id": aid, "depth": a.depth, "cue": a.cue.text,
                    "cue_kind": a.cue_kind, "cue_start": a.cue.start, "cue_end": a.cue.end,
                    "source_text": a.source.text if a.source else None,
                    "source_kind": a.source_kind, "source_id": sid,
                    "source_start": a.source.start if a.source else None,
                    "source_end": a.source.end if a.source else None,
                    "content": a.content.text if a.content else None,
                    "content_start": a.content.start if a.content else None,
                    "content_end": a.content.end if a.content else None,
                    "direct": int(a.direct),
                })
            statement_id = db["statements"].insert({
                "article_id": aid, "idx": st.idx, "start": st.start, "end": st.end,
                "text": st.text, "is_headline": int(st.is_headline), "sourcing": st.sourcing,
                "score": st.score, "grade": st.grade, "reasons": json.dumps(st.reasons),
                "hedges": json.dumps([h.text for h in st.hedges]),
                "chain_depth": len(st.attributions),
                "cue_kind": primary.cue_kind if primary else None,
                "source_kind": primary.source_kind if primary else None,
                "source_id": primary_sid, "outlet": article.outlet,
            }).last_pk
            for row in attribution_rows:
                row["statement_id"] = statement_id
            db["attributions"].insert_all(attribution_rows)
    return aid


def stored_version(db: sqlite_utils.Database, aid: str) -> Optional[str]:
    row = db.execute("select extractor_version from articles where id = ?", [aid]).fetchone()
    return row[0] if row else None
