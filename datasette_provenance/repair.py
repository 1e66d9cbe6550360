"""`datasette provenance check --repair`: put a damaged database right from what it stores.

Rows deleted or edited by hand (sqlite3, a script with foreign keys off) leave an article
with part of its statements, rows whose article or statement is gone, counts that no
longer add up. Loading the file again does not mend the article (its id, the hash of its
text, is unchanged, so load calls it unchanged), and the file may be gone. Repair
re-extracts each damaged article from its stored text, each in its own transaction as load
writes it, removes rows no article owns, then recounts the totals from the rows.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import List, Optional

from . import identity, json_checks, store
from .checks import offset_problems, statement_set_problems


@dataclass
class Repaired:
    reextracted: int = 0                            # damaged articles rebuilt from their text
    removed: int = 0                                # statements and hops no article owns
    extra_kept: int = 0                             # unreadable articles.extra kept as text
    merged: int = 0                                 # names linked to the source they stand for
    failed: List[str] = field(default_factory=list)  # articles whose extraction failed, said why


def damaged_articles(conn) -> List[str]:
    """Ids of stored articles whose rows break check's invariants: not exactly their
    statements, a span that is not their text, a hop filed under another article, a
    source row gone, a statement's or hop's JSON (reasons, hedges, content pieces) unreadable."""
    ids = {aid for aid, _ in statement_set_problems(conn)}
    ids.update(aid for aid, _ in offset_problems(conn))
    for pair in conn.execute(
            "select t.article_id, s.article_id from attributions t join statements s"
            " on s.id = t.statement_id where t.article_id != s.article_id"):
        ids.update(pair)
    ids.update(aid for (aid,) in conn.execute(
        "select article_id from statements where source_id is not null and source_id not in"
        " (select id from sources) union select article_id from attributions where source_id"
        " is not null and source_id not in (select id from sources)"))
    tables = {name for (name,) in conn.execute("select name from sqlite_master where type = 'table'")}
    for table, row_id, _, _ in json_checks.bad_values(conn, tables):
        if table in ("statements", "attributions"):  # (the extractor writes those columns)
            ids.update(aid for (aid,) in conn.execute(
                f"select article_id from {table} where id = ?", [row_id]))
    stored = {aid for (aid,) in conn.execute("select id from articles")}
    return sorted(ids & stored)


def remove_orphans(conn) -> int:
    """Delete statements whose article row is gone and hops whose statement or article is
    (nothing can re-extract them; loading the article's file again brings them back), in
    one transaction; how many rows went."""
    with conn:
        hops = conn.execute(
            "delete from attributions where statement_id not in (select id from statements)"
            " or statement_id in (select id from statements where article_id not in"
            " (select id from articles)) or article_id not in (select id from articles)").rowcount
        statements = conn.execute(
            "delete from statements where article_id not in (select id from articles)").rowcount
    return hops + statements


def mend_extra(conn) -> int:
    """Articles whose ``extra`` is not a JSON object (a hand edit) keep it as text under
    json_checks.UNREADABLE_EXTRA (it cannot be re-derived from the article's text), in one
    transaction; how many."""
    tables = {name for (name,) in conn.execute("select name from sqlite_master where type = 'table'")}
    bad = [row_id for table, row_id, column, _ in json_checks.bad_values(conn, tables)
           if (table, column) == ("articles", "extra")]
    with conn:
        for aid in bad:
            (raw,) = conn.execute("select extra from articles where id = ?", [aid]).fetchone()
            conn.execute("update articles set extra = ? where id = ?",
                         [json.dumps(json_checks.extra_object(raw), ensure_ascii=False), aid])
    return len(bad)


def repair(db, config: Optional[dict] = None) -> Repaired:
    """Mend ``db`` (see the module docstring). A kill part-way leaves every article whole
    (one transaction each); running it again finishes the work."""
    from .loader import load_articles
    result = Repaired(removed=remove_orphans(db.conn), extra_kept=mend_extra(db.conn))
    ids = damaged_articles(db.conn)
    if ids:
        def on_item(status, item):
            if status == "failed":
                result.failed.append(str(item))
        loaded = load_articles(db, [], batch_size=1, reextract_stale=False, on_item=on_item,
                               config=config, reextract=ids)
        result.reextracted = loaded.reextracted
        result.merged = len(loaded.identity.merged)
    # Hand edits left the running totals off by the rows they removed: count them afresh.
    store.rebuild_counts(db)
    # A load stopped before its end (Ctrl-C, a kill) left names the identity pass had not
    # linked yet; check names them and this mends them too, so --repair is one command.
    result.merged += len(identity.resolve(db.conn, config).merged)
    return result
