"""Read-side SQL for the plugin's pages. Returns plain dicts: the .json twins serve
them as they are and the templates render them.

Scale: the dashboard reads only GROUP BYs over indexed columns and LIMITed lists, so
it never pulls every statement into Python (see /work/notes/perf-findings.md for the
indexes these lean on). Grades and sourcing classes are the store's own vocabulary.
"""
from __future__ import annotations

import json
from typing import Dict, List, Optional
from urllib.parse import urlencode

from datasette.database import QueryInterrupted
from datasette.utils import tilde_encode

from . import facet_counts
from .admiralty import DEFAULT_RELIABILITY, RELIABILITY_WORDS
from .chain_paths import chain_paths, hop_places
from .facet_class import request_args
from .score import GRADES
from .store import content_parts_pairs

SOURCING_ORDER = ("named", "anonymous", "vague", "hedged", "unattributed")
# Tables each page reads; the views check view-table on every one of them.
DASHBOARD_TABLES = ("articles", "statements", "attributions", "sources")
ARTICLE_TABLES = ("articles", "statements", "attributions", "sources")
SOURCE_TABLES = ("sources", "source_aliases", "statements", "attributions", "articles")


class Urls:
    """URLs of the plugin's pages and of Datasette's faceted table views."""

    def __init__(self, datasette, database: str):
        self.ds, self.db = datasette, database

    def dashboard(self) -> str:
        return self.ds.urls.path(f"/-/provenance/{tilde_encode(self.db)}")

    def article(self, article_id, idx: Optional[int] = None) -> str:
        url = f"{self.dashboard()}/articles/{tilde_encode(str(article_id))}"
        return url if idx is None else f"{url}#statement-{idx}"

    def source(self, source_id) -> str:
        return f"{self.dashboard()}/sources/{tilde_encode(str(source_id))}"

    def outlet(self, outlet_id) -> str:
        return f"{self.dashboard()}/outlets/{tilde_encode(str(outlet_id))}"

    def source_row(self, table: str, pk_path: str) -> str:
        """The row of a user's table an article was analysed from (pk_path is URL-ready)."""
        return f"{self.ds.urls.table(self.db, table)}/{pk_path}"

    def table(self, table: str, **filters) -> str:
        url = self.ds.urls.table(self.db, table)
        args = {k: v for k, v in filters.items() if v is not None}
        return url + ("?" + urlencode(args) if args else "")


def _rows(results) -> List[dict]:
    return [dict(r) for r in results.rows]


async def table_exists(db, name: str) -> bool:
    return await db.table_exists(name)


async def is_provenance_database(db) -> bool:
    return await db.table_exists("statements") and await db.table_exists("articles")


async def _facet_counts(db) -> dict:
    """Statement counts by grade, sourcing, chain depth and (outlet, grade).

    From the store's provenance_summary table when there is one (kept up to date by
    every write, so this reads a few hundred rows however many statements there are);
    otherwise GROUP BYs over the indexed facet columns.
    """
    if await db.table_exists("provenance_summary"):
        rows = _rows(await db.execute(
            "select dimension, key, grade, n from provenance_summary "
            "where dimension in ('all', 'sourcing', 'chain_depth', 'outlet')"))
        out = {"grade": {}, "sourcing": {}, "chain_depth": {}, "outlet_grade": {}}
        outlet_totals: Dict[object, int] = {}
        for r in rows:
            grade = r["grade"] or None
            if r["dimension"] == "all":
                out["grade"][grade] = out["grade"].get(grade, 0) + r["n"]
            elif r["dimension"] == "sourcing":
                out["sourcing"][r["key"]] = out["sourcing"].get(r["key"], 0) + r["n"]
            elif r["dimension"] == "chain_depth":
                depth = int(r["key"])
                out["chain_depth"][depth] = out["chain_depth"].get(depth, 0) + r["n"]
            else:
                out["outlet_grade"][(r["key"], grade)] = r["n"]
                outlet_totals[grade] = outlet_totals.get(grade, 0) + r["n"]
        # The summary leaves NULLs out: what the named keys don't cover is the NULL bucket.
        for grade, n in out["grade"].items():
            missing = n - outlet_totals.get(grade, 0)
            if missing > 0:
                out["outlet_grade"][(None, grade)] = missing
        total = sum(out["grade"].values())
        for name in ("sourcing", "chain_depth"):
            missing = total - sum(out[name].values())
            if missing > 0:
                out[name][None] = missing
        return out
    grade = {r["grade"]: r["n"] for r in _rows(await db.execute(
        "select grade, count(*) as n from statements group by grade"))}
    sourcing = {r["sourcing"]: r["n"] for r in _rows(await db.execute(
        "select sourcing, count(*) as n from statements group by sourcing"))}
    depth = {r["chain_depth"]: r["n"] for r in _rows(await db.execute(
        "select chain_depth, count(*) as n from statements group by chain_depth"))}
    outlet_grade = {(r["outlet"], r["grade"]): r["n"] for r in _rows(await db.execute(
        "select outlet, grade, count(*) as n from statements group by outlet, grade"))}
    return {"grade": grade, "sourcing": sourcing, "chain_depth": depth,
            "outlet_grade": outlet_grade}


async def _summary_source_mix(db, citations: Dict[int, int]) -> Dict[int, Dict[str, int]]:
    """source id -> {grade: statements citing it at any hop}, from the store's
    provenance_summary ('source_any' rows, kept by every write and re-score).

    ``citations`` maps source id -> sources.statement_count; a source is answered only
    when its rows add up to that count, so a database from before the dimension (or one
    written by an older version) falls back to counting, never shows a wrong mix.
    """
    if not citations or not await db.table_exists("provenance_summary"):
        return {}
    marks = ",".join("?" for _ in citations)
    mix: Dict[int, Dict[str, int]] = {}
    for r in _rows(await db.execute(
            f"""select key, grade, n from provenance_summary
                where dimension = 'source_any' and key in ({marks})""",
            [str(i) for i in citations])):
        mix.setdefault(int(r["key"]), {})[r["grade"] or None] = r["n"]
    return {i: grades for i, grades in mix.items() if sum(grades.values()) == citations.get(i)}


async def outlet_page_url(db, urls: "Urls", name: Optional[str]) -> Optional[str]:
    """The outlet's own page (its reliability rating), when the ratings feature keeps it as a row."""
    if not name or not await db.table_exists("outlets"):
        return None
    found = _rows(await db.execute("select id from outlets where name = ?", [name]))
    return f"{urls.dashboard()}/outlets/{found[0]['id']}" if found else None


async def dashboard(datasette, db, limit: int = 12, outlets_shown: bool = True) -> dict:
    """``outlets_shown``: the actor may view the outlets table (its ratings and pages); the
    per-outlet counts come from statements either way."""
    urls = Urls(datasette, db.name)
    facets = request_args(facet_counts.COLUMNS)  # the default facets, shown once each
    counts = await _facet_counts(db)
    grade_counts, sourcing_counts, depth_counts = counts["grade"], counts["sourcing"], counts["chain_depth"]
    statements = sum(grade_counts.values())
    articles = (await db.execute("select count(*) from articles")).first()[0]
    source_columns = {c.name for c in await db.table_column_details("sources")}
    # Sources the statements cite: a rated row no statement cites yet (a team's ratings
    # import names sources before any load brings them) is not one of them.
    sources = (await db.execute("select count(*) from sources" + (
        " where statement_count > 0" if "statement_count" in source_columns else ""))).first()[0]

    outlets: Dict[object, dict] = {}
    for (outlet, grade), n in counts["outlet_grade"].items():
        o = outlets.setdefault(outlet, {"outlet": outlet, "statements": 0, "grades": {}})
        o["statements"] += n
        o["grades"][grade] = o["grades"].get(grade, 0) + n
    outlet_list = sorted(outlets.values(), key=lambda o: (-o["statements"], str(o["outlet"])))
    outlet_ids, outlet_reliability = {}, {}
    named = [o["outlet"] for o in outlet_list[:limit] if o["outlet"] is not None]
    if named and outlets_shown and await db.table_exists("outlets"):
        # The ratings feature keeps outlets as rows with their own page.
        marks = ",".join("?" for _ in named)
        outlet_rows = _rows(await db.execute(
            f"select id, name, coalesce(reliability, ?) as reliability from outlets"
            f" where name in ({marks})", [DEFAULT_RELIABILITY, *named]))
        outlet_ids = {r["name"]: r["id"] for r in outlet_rows}
        outlet_reliability = {r["name"]: r["reliability"] for r in outlet_rows}
    for o in outlet_list:
        o["page_url"] = (f"{urls.dashboard()}/outlets/{outlet_ids[o['outlet']]}"
                         if o["outlet"] in outlet_ids else None)
        if o["page_url"]:
            o["reliability"] = outlet_reliability[o["outlet"]]
        o["url"] = (urls.table("statements", outlet=o["outlet"]) if o["outlet"] is not None
                    else urls.table("statements", outlet__isnull=1))
        o["grade_urls"] = {g: urls.table("statements", outlet=o["outlet"], grade=g)
                           for g in o["grades"]} if o["outlet"] is not None else {}

    if "statement_count" in source_columns:
        # Kept by the store's writer: statements whose chain cites the source at any hop.
        cited = _rows(await db.execute(
            """select id, statement_count as citations from sources where statement_count > 0
               order by statement_count desc, id limit :limit""", {"limit": limit}))
    else:
        cited = _rows(await db.execute(
            """select a.source_id as id, count(distinct a.statement_id) as citations
               from attributions a where a.source_id is not null
               group by a.source_id order by citations desc, a.source_id limit :limit""",
            {"limit": limit}))
    top_sources = []
    mix_basis = None
    if cited:
        ids = [c["id"] for c in cited]
        marks = ",".join("?" for _ in ids)
        info = {r["id"]: r for r in _rows(await db.execute(
            f"select id, name, kind, reliability from sources where id in ({marks})", ids))}
        mix = await _summary_source_mix(db, {c["id"]: c["citations"] for c in cited})
        mix_basis = "any_hop"
        missing = [i for i in ids if i not in mix]
        if missing:
            # An older database without the summary's source_any rows: count them.
            marks = ",".join("?" for _ in missing)
            rows = await rows_or_none(db, f"""select a.source_id, s.grade, count(distinct s.id) as n
                    from attributions a join statements s on s.id = a.statement_id
                    where a.source_id in ({marks}) group by a.source_id, s.grade""", missing)
            if rows is None:
                # Timed out (sources cited very often): first-hand citations only, a covering
                # scan of the statements(source_id, grade) index.
                mix_basis = "first_hand"
                rows = _rows(await db.execute(
                    f"""select source_id, grade, count(*) as n from statements
                        where source_id in ({marks}) group by source_id, grade""", missing))
            for r in rows:
                mix.setdefault(r["source_id"], {})[r["grade"]] = r["n"]
        for c in cited:
            source = info.get(c["id"], {})
            top_sources.append({
                "id": c["id"], "name": source.get("name"), "kind": source.get("kind"),
                "reliability": source.get("reliability"), "citations": c["citations"],
                "grades": mix.get(c["id"], {}), "url": urls.source(c["id"]),
                "table_url": urls.table("attributions", source_id=c["id"]),
            })

    recent = _rows(await db.execute(
        # rowid order = load order, and needs no index however many articles there are.
        """select id, title, outlet, published, statement_count from articles
           order by rowid desc limit :limit""", {"limit": limit}))
    if recent:
        marks = ",".join("?" for _ in recent)
        mix: Dict[str, Dict[str, int]] = {}
        for r in _rows(await db.execute(
                f"""select article_id, grade, count(*) as n from statements
                    where article_id in ({marks}) group by article_id, grade""",
                [a["id"] for a in recent])):
            mix.setdefault(r["article_id"], {})[r["grade"]] = r["n"]
        for a in recent:
            a["grades"] = mix.get(a["id"], {})
            a["url"] = urls.article(a["id"])

    # Claims only: a question or "Read more here." asserts nothing to source (text/claims.py).
    has_claim = "claim_reason" in await db.table_columns("statements")
    worst = _rows(await db.execute(
        f"""select s.id, s.article_id, a.title as article_title, s.idx, s.text, s.score,
                  s.grade, s.sourcing, s.outlet
           from statements s join articles a on a.id = s.article_id
           where not coalesce(s.is_headline, 0){" and s.claim is not 0" if has_claim else ""}
           order by s.score, s.id limit :limit""", {"limit": limit}))
    # The few non-claims, and rows loaded before claims were checked (claim NULL: not
    # checked yet), counted from the statements(claim) index; claims are the rest. Each
    # count is exactly the rows its link lists (?claim=1 / ?claim=0 / ?claim__isnull=1)
    # and the claim facet shows: NULL is neither 1 nor 0 there either.
    not_claims = unchecked = 0
    if has_claim:
        not_claims, unchecked = (await db.execute(
            "select (select count(*) from statements where claim = 0), "
            "(select count(*) from statements where claim is null)")).first()
    for w in worst:
        w["url"] = urls.article(w["article_id"], w["idx"])

    def ordered(counts, order):
        keys = [k for k in order if k in counts] + sorted(
            (k for k in counts if k not in order), key=lambda k: (k is None, str(k)))
        return keys

    return {
        "database": db.name,
        "totals": {"articles": articles, "statements": statements, "sources": sources,
                   "attributed": statements - sourcing_counts.get("unattributed", 0),
                   "claims": statements - not_claims - unchecked, "not_claims": not_claims,
                   "unchecked_claims": unchecked},
        "grades": [{"grade": g, "count": grade_counts.get(g, 0),
                    "url": urls.table("statements", grade=g)}
                   for g in list(GRADES) + sorted(
                       g for g in grade_counts if g not in GRADES and g is not None)],
        "sourcing": [{"sourcing": k, "count": sourcing_counts[k],
                      "url": urls.table("statements", sourcing=k)}
                     for k in ordered(sourcing_counts, SOURCING_ORDER)],
        "chain_depth": [{"depth": d, "count": depth_counts[d],
                         "url": urls.table("statements", chain_depth=d)}
                        for d in sorted(depth_counts, key=lambda d: (d is None, d))],
        "outlets": outlet_list[:limit],
        "outlet_count": len(outlet_list),
        "sources": top_sources,
        "sources_grade_mix": mix_basis,
        "articles": recent,
        "worst": worst,
        "links": {
            "statements": urls.table("statements") + "?" + facets,
            "articles": urls.table("articles"),
            "sources": urls.table("sources"),
            "attributions": urls.table("attributions"),
            "claims": urls.table("statements", claim=1),
            "not_claims": urls.table("statements", claim=0),
            "unchecked_claims": urls.table("statements", claim__isnull=1),
        },
    }


def _span(row: dict, prefix: str) -> Optional[dict]:
    if row.get(f"{prefix}_start") is None:
        return None
    return {"start": row[f"{prefix}_start"], "end": row[f"{prefix}_end"]}


def _list_to_show(value) -> list:
    """A stored JSON list (reasons, hedges) as the article page lists it: an unreadable
    value is shown as its text and a single value as one item, so the reader sees what
    is stored (`check` reports the bad shape)."""
    if not value:
        return []
    try:
        loaded = json.loads(value)
    except (TypeError, ValueError):
        return [str(value)]
    return loaded if isinstance(loaded, list) else [loaded]


async def _claim_columns(db) -> str:
    """The statements' claim columns for a select list; constants for a database from before
    them (every statement a claim, as NULL reads)."""
    if "claim_reason" in await db.table_columns("statements"):
        return "claim, claim_reason"
    return "null as claim, null as claim_reason"


async def article(datasette, db, article_id: str) -> Optional[dict]:
    urls = Urls(datasette, db.name)
    row = (await db.execute("select * from articles where id = ?", [article_id])).first()
    if row is None:
        return None
    art = dict(row)
    text = art.pop("text") or ""
    art.pop("markdown", None)
    claim = await _claim_columns(db)
    statements = _rows(await db.execute(
        f"""select id, idx, start, "end", text, is_headline, sourcing, score, grade, reasons,
                  hedges, chain_depth, {claim} from statements where article_id = ? order by idx""",
        [article_id]))
    hops = _rows(await db.execute(
        """select a.*, src.name as source_name, src.reliability as source_reliability
           from attributions a left join sources src on src.id = a.source_id
           where a.article_id = ? order by a.statement_id, a.id""", [article_id]))
    # Extraction order (id), not depth order: a hop's parent is the hop of its chain one
    # level out that came before it (chain_paths), which depth order would lose.
    by_statement: Dict[int, list] = {}
    for h in hops:
        source = None
        if h["source_text"] is not None or h["source_id"] is not None:
            source = {"text": h["source_text"], "kind": h["source_kind"],
                      **(_span(h, "source") or {})}
            if h["source_id"] is not None:
                source.update(id=h["source_id"], name=h["source_name"],
                              reliability=h["source_reliability"], url=urls.source(h["source_id"]))
        content = None
        if h["content"] is not None:
            content = {"text": h["content"], **(_span(h, "content") or {})}
            parts = content_parts(text, h.get("content_parts"))
            if parts:  # as the extract JSON gives them: only for a content in pieces
                content["parts"] = parts
        by_statement.setdefault(h["statement_id"], []).append({
            "chain": h.get("chain") or 0, "depth": h["depth"],
            "cue": {"text": h["cue"], "kind": h["cue_kind"], **(_span(h, "cue") or {})},
            "source": source, "source_kind": h["source_kind"], "content": content,
            "direct": bool(h["direct"]),
        })
    grade_counts: Dict[str, int] = {}
    for s in statements:
        s["reasons"] = _list_to_show(s["reasons"])
        s["hedges"] = _list_to_show(s["hedges"])
        s["is_headline"] = bool(s["is_headline"])
        s["claim"] = s["claim"] != 0  # NULL (not checked yet) is shown as a claim, unmuted
        s["attributions"] = by_statement.get(s["id"], [])
        s["chains"] = chain_paths(s["attributions"])  # each chain: indexes into attributions
        s["url"] = urls.article(article_id, s["idx"])
        grade_counts[s["grade"]] = grade_counts.get(s["grade"], 0) + 1
    art["url_original"] = art.pop("url", None)
    return {
        "database": db.name,
        "article": art,
        "text": text,
        "statements": statements,
        "grades": grade_counts,
        "links": {
            "statements": urls.table("statements", article_id=article_id),
            "row": urls.table("articles") + "/" + tilde_encode(article_id),
            "dashboard": urls.dashboard(),
            "source_row": (urls.source_row(art["source_table"], art["source_pk"])
                           if art.get("source_table") and art.get("source_pk") else None),
        },
    }


def content_parts(text: str, stored) -> list:
    """The stored pieces of a content (attributions.content_parts, JSON [[start, end], ...])
    as [{start, end, text}], in text order; [] for one piece, an older row or junk."""
    parts = [{"start": s, "end": e, "text": text[s:e]}
             for s, e in content_parts_pairs(stored) if e <= len(text)]
    return parts if len(parts) > 1 else []


async def rows_or_none(db, sql, params):
    """Rows of a query that may be too slow on a huge database: None if Datasette's
    time limit interrupts it, so the page degrades instead of failing with a 500."""
    try:
        return _rows(await db.execute(sql, params))
    except QueryInterrupted:
        return None


async def source(datasette, db, source_id: str, after: Optional[int] = None,
                 page_size: int = 100, merges: bool = True) -> Optional[dict]:
    """A source and the statements citing it at any hop, ``page_size`` at a time in
    statement id order (keyset pagination on attributions(source_id, statement_id));
    ``merges``: list the rows merged into it (source_merges)."""
    urls = Urls(datasette, db.name)
    row = (await db.execute("select * from sources where id = ?", [source_id])).first()
    if row is None:
        return None
    src = dict(row)
    sid = src["id"]
    aliases = [r[0] for r in (await db.execute(
        "select alias from source_aliases where source_id = ? order by alias", [sid])).rows]
    # Rows the identity pass merged into this one (identity.py): their old ids redirect here.
    merged = _rows(await db.execute(
        "select old_id as id, name from source_merges where canonical_id = ? order by name",
        [sid])) if merges and await db.table_exists("source_merges") else []
    page_ids = [r[0] for r in (await db.execute(
        """select distinct statement_id from attributions
           where source_id = ? and statement_id > ? order by statement_id limit ?""",
        [sid, after if after is not None else -1, page_size + 1])).rows]
    next_after = page_ids[page_size - 1] if len(page_ids) > page_size else None
    page_ids = page_ids[:page_size]
    # How many came before this page, so a later page can say where it is ("101-198").
    before = (await db.execute(
        "select count(distinct statement_id) from attributions where source_id = ? and statement_id <= ?",
        [sid, after])).first()[0] if after is not None and page_ids else 0
    cites = []
    if page_ids:
        marks = ",".join("?" for _ in page_ids)
        cites = _rows(await db.execute(
            f"""select s.id, s.article_id, art.title as article_title, s.idx, s.text, s.score,
                       s.grade, s.sourcing, s.outlet
                from statements s join articles art on art.id = s.article_id
                where s.id in ({marks}) order by s.id""", page_ids))
        # Every hop of these statements, so the Hop column numbers this source's hop as the
        # article page does (chain_paths.hop_places), not by its stored depth.
        hops: Dict[int, list] = {}
        for h in _rows(await db.execute(
                f"""select statement_id, chain, depth, source_id, cue from attributions
                    where statement_id in ({marks}) order by statement_id, id""", page_ids)):
            hops.setdefault(h["statement_id"], []).append(h)
        for c in cites:
            own = hops.get(c["id"], [])
            place, hop = min(((p, h) for p, h in zip(hop_places(own), own)
                              if h["source_id"] == sid), key=lambda ph: ph[0],
                             default=(None, {}))
            c.update(hop=place, depth=hop.get("depth"), cue=hop.get("cue"))
    for c in cites:
        c["url"] = urls.article(c["article_id"], c["idx"])
    grade_mix = await _summary_source_mix(db, {sid: src["statement_count"]}) if (
        src.get("statement_count")) else {}
    grades = ([{"grade": g, "n": n} for g, n in grade_mix[sid].items()] if sid in grade_mix
              else await rows_or_none(db, """select s.grade, count(distinct s.id) as n
                  from attributions a join statements s on s.id = a.statement_id
                  where a.source_id = ? group by s.grade""", [sid]))
    if grades is None and await db.table_exists("provenance_summary"):
        # Too many to count in time: the store's running totals (statements citing it first-hand).
        grades = _rows(await db.execute(
            "select grade, n from provenance_summary where dimension = 'source' and key = ?",
            [str(sid)]))
    outlets = await rows_or_none(db, """select s.outlet, count(distinct s.id) as statements,
                  count(distinct s.article_id) as articles
           from attributions a join statements s on s.id = a.statement_id
           where a.source_id = ? group by s.outlet order by statements desc, s.outlet""", [sid])
    for o in outlets or []:
        o["url"] = urls.table("statements", source_id=sid, outlet=o["outlet"])
    src["reliability_words"] = RELIABILITY_WORDS.get(src.get("reliability") or "")
    page = urls.source(sid)
    return {
        "database": db.name,
        "source": src,
        "aliases": aliases,
        "merged": merged,
        "grades": {r["grade"]: r["n"] for r in grades or []},
        "outlets": outlets or [],
        "partial": grades is None or outlets is None,
        "statements": cites,
        "next": next_after,
        "shown_from": before + 1 if cites else 0,
        "next_url": f"{page}?after={next_after}" if next_after is not None else None,
        "first_url": page if after is not None else None,
        "next_json_url": f"{page}.json?after={next_after}" if next_after is not None else None,
        "links": {
            "attributions": urls.table("attributions", source_id=sid),
            "statements": urls.table("statements", source_id=sid),
            "row": urls.table("sources") + "/" + tilde_encode(str(sid)),
            "dashboard": urls.dashboard(),
        },
    }
