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
    if article.source_table is not None:
        # Two rows of a user's table with the same text stay two articles, each linked to its row.
        h.update(f"\x00{article.source_table}\x00{article.source_rowid}".encode("utf-8"))
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
    _add_missing_columns(db, "articles", SOURCE_ROW_COLUMNS)
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
    # Copied from the article, like outlet, so a table's statements filter without a join.
    _add_missing_columns(db, "statements", {"source_table": str})
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
        ("articles", ["source_table", "source_rowid"]),
        ("statements", ["source_table"]),
    ):
        db[table].create_index(columns, if_not_exists=True)
    # Outlets and the rating audit table (ratings.py owns their writes).
    from .ratings import ensure_rating_schema
    ensure_rating_schema(db)


# Where an article analysed from a user's table came from (`provenance analyze`).
SOURCE_ROW_COLUMNS = {"source_table": str, "source_rowid": int, "source_pk": str}


def _add_missing_columns(db: sqlite_utils.Database, table: str, columns: dict) -> None:
    """Additive migration: databases created before a column existed gain it."""
    existing = set(db[table].columns_dict)
    for name, type_ in columns.items():
        if name not in existing:
            db[table].add_column(name, type_)


def _delete_article_rows(db: sqlite_utils.Database, aid: str) -> None:
    db.execute("delete from attributions where article_id = ?", [aid])
    db.execute("delete from statements where article_id = ?", [aid])


def _source_id(db: sqlite_utils.Database, name: str, kind: str) -> int:
    row = db.execute("select id from sources where name = ?", [name]).fetchone()
    if row:
        return row[0]
    return db["sources"].insert({"name": name, "kind": kind, "reliability": "F"}).last_pk


def save(db: sqlite_utils.Database, article: Article, document: Document,
         extractor_version: str) -> str:
    """Replace everything stored for this article in one transaction; return its id.

    Inside an open transaction (a batch) this is a savepoint of it, so a batch commits
    or rolls back as a whole.
    """
    aid = article_id(article)
    with db.atomic():
        _delete_article_rows(db, aid)
        if article.source_table is not None:
            # The row's text changed since it was last analysed: its old article goes.
            stale = [r[0] for r in db.execute(
                "select id from articles where source_table = ? and source_rowid = ? and id != ?",
                [article.source_table, article.source_rowid, aid]).fetchall()]
            for old_id in stale:
                _delete_article_rows(db, old_id)
                db.execute("delete from articles where id = ?", [old_id])
        db["articles"].upsert(
            {
                "id": aid, "title": article.title, "url": article.url,
                "outlet": article.outlet, "author": article.author,
                "published": article.published, "path": article.path,
                "format": article.format, "text": article.text,
                "markdown": article.markdown, "extractor_version": extractor_version,
                "loaded_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "statement_count": len(document.statements),
                "source_table": article.source_table, "source_rowid": article.source_rowid,
                "source_pk": article.source_pk,
            },
            pk="id",
        )
        if article.outlet:  # outlets are first-class rows, rated like sources
            db.execute("insert or ignore into outlets (name) values (?)", [article.outlet])
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
                "source_table": article.source_table,
            }).last_pk
            for row in attribution_rows:
                row["statement_id"] = statement_id
            db["attributions"].insert_all(attribution_rows)
    return aid


def stored_version(db: sqlite_utils.Database, aid: str) -> Optional[str]:
    row = db.execute("select extractor_version from articles where id = ?", [aid]).fetchone()
    return row[0] if row else None
