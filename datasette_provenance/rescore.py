"""Re-score stored statements from their rows, without re-running extraction.

``statements_from_rows`` rebuilds the scoring input (model.Statement with its chain and
its contents' pieces, hedges, headline flag and the article's outlet) from the ``statements``,
``attributions``, ``sources`` and ``articles`` rows; ``rescore`` scores them with the
ratings stored in ``sources`` / ``outlets`` (stored_scoring), taken per article as a new
extraction of it takes them (analysis_inputs.for_article), and writes score, grade,
sourcing and reasons back. It takes a sqlite3 connection and does not commit: callers
wrap it in their transaction (ratings.set_rating, the rescore command).
"""
from __future__ import annotations

import json
import sqlite3
from typing import Dict, Iterable, List, Optional, Tuple

from . import score as scoring
from .analysis_inputs import for_article
from .model import Attribution, Span, Statement
from .store import column_names, content_parts_pairs
from .stored_scoring import StoredRatings

BATCH = 500


def _span(text, start, end) -> Optional[Span]:
    if text is None:
        return None
    return Span(start if start is not None else -1, end if end is not None else -1, text)


def _hedges(raw, statement_text: str, statement_start: int) -> List[Span]:
    spans = []
    for item in json.loads(raw or "[]"):
        if isinstance(item, dict):
            spans.append(Span(item.get("start", -1), item.get("end", -1), item.get("text", "")))
        else:
            # Stored as text only: find it in the statement for a best-effort offset.
            at = statement_text.find(item)
            start = statement_start + at if at >= 0 else -1
            spans.append(Span(start, start + len(item) if at >= 0 else -1, item))
    return spans


def _content_parts(stored, content: Optional[Span]) -> List[Span]:
    """The pieces of a stored content (attributions.content_parts), each with its text cut
    from the content's own (which spans them all); [] for a content in one piece."""
    if content is None or content.start < 0:
        return []
    parts = [Span(s, e, content.text[s - content.start:e - content.start])
             for s, e in content_parts_pairs(stored)
             if content.start <= s and e <= content.start + len(content.text)]
    return parts if len(parts) > 1 else []


def statements_from_rows(conn: sqlite3.Connection,
                         ids: Iterable[int]) -> List[Tuple[int, Statement, Optional[str]]]:
    """(statement id, Statement ready for score.score_statement, outlet) per id."""
    ids = list(ids)
    out = []
    # (a database from before content pieces has no content_parts column)
    parts = "t.content_parts" if "content_parts" in column_names(conn, "attributions") else "null"
    for i in range(0, len(ids), BATCH):
        chunk = ids[i:i + BATCH]
        marks = ",".join("?" * len(chunk))
        statements: Dict[int, Tuple[Statement, Optional[str]]] = {}
        for row in conn.execute(
            f"""select s.id, s.idx, s.start, s."end", s.text, s.is_headline, s.hedges, a.outlet
                from statements s left join articles a on a.id = s.article_id
                where s.id in ({marks}) order by s.id""", chunk):
            sid, idx, start, end, text, headline, hedges, outlet = row
            st = Statement(idx=idx, start=start, end=end, text=text, is_headline=bool(headline),
                           hedges=_hedges(hedges, text or "", start or 0))
            statements[sid] = (st, outlet)
        # Stored order (id) is the chain's list order: a statement may hold more than one
        # chain, so depth does not order it.
        for row in conn.execute(
            f"""select t.statement_id, t.chain, t.depth, t.cue, t.cue_kind, t.cue_start, t.cue_end,
                       t.source_text, t.source_kind, t.source_start, t.source_end, src.name,
                       t.content, t.content_start, t.content_end, t.direct, {parts}
                from attributions t left join sources src on src.id = t.source_id
                where t.statement_id in ({marks}) order by t.statement_id, t.id""",
                chunk):
            (sid, chain, depth, cue, cue_kind, cue_start, cue_end, source_text, source_kind,
             source_start, source_end, source_name, content, content_start, content_end,
             direct, content_parts) = row
            content = _span(content, content_start, content_end)
            statements[sid][0].attributions.append(Attribution(
                depth=depth, chain=chain or 0,
                cue=_span(cue or "", cue_start, cue_end), cue_kind=cue_kind,
                source=_span(source_text, source_start, source_end),
                source_kind=source_kind or "none", source_name=source_name,
                content=content, content_parts=_content_parts(content_parts, content),
                direct=bool(direct),
            ))
        out.extend((sid, st, outlet) for sid, (st, outlet) in statements.items())
    return out


def rescore(conn: sqlite3.Connection, ids: Iterable[int], weights=None, adjusters=(),
            ratings: Optional[StoredRatings] = None) -> List[int]:
    """Re-score these statements from their rows; return the ids whose row changed.

    ``ratings``: the database's ratings when the caller has just read them (a load
    re-scoring its articles one by one reads them once per rating change), else read here.
    """
    if ratings is None:
        ratings = StoredRatings.read(conn)
    inputs = {"weights": scoring.merged_weights(weights), "ratings": ratings.sources,
              "outlet_ratings": ratings.outlets, "adjusters": adjusters}
    changed = []
    for sid, st, outlet in statements_from_rows(conn, ids):
        old_score, old_grade, old_sourcing, old_reasons, article_id = conn.execute(
            "select score, grade, sourcing, reasons, article_id from statements where id = ?",
            [sid]).fetchone()
        # The article's own sources ("the mayor") join by name, as a new extraction's do.
        own = for_article(inputs, ratings.per_article, article_id)
        scoring.score_statement(st, own["weights"], own["ratings"], outlet,
                                own["outlet_ratings"], own["adjusters"])
        # Compare parsed reasons: the JSON spelling (escapes) is not a change.
        old_reasons = json.loads(old_reasons) if old_reasons else []
        if (old_score, old_grade, old_sourcing) != (st.score, st.grade, st.sourcing) \
                or old_reasons != st.reasons:
            conn.execute(
                "update statements set score = ?, grade = ?, sourcing = ?, reasons = ? where id = ?",
                [st.score, st.grade, st.sourcing, json.dumps(st.reasons, ensure_ascii=False), sid])
            changed.append(sid)
    return changed


def rescore_articles(conn: sqlite3.Connection, article_ids: Iterable[str], weights=None,
                     adjusters=(), ratings: Optional[StoredRatings] = None) -> List[int]:
    """``rescore`` every statement of these articles (rows just stored with ratings or
    weights that have since changed: a load's or an analyze job's batch)."""
    article_ids = list(article_ids)
    if not article_ids:
        return []
    ids = [r[0] for r in conn.execute(
        f"select id from statements where article_id in ({', '.join('?' * len(article_ids))})",
        article_ids)]
    return rescore(conn, ids, weights, adjusters, ratings)


def all_statement_ids(conn: sqlite3.Connection) -> List[int]:
    return [r[0] for r in conn.execute("select id from statements order by id")]
