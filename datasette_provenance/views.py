"""The plugin's pages: /-/provenance/<db>[/articles/<id>|/sources/<id>][.json].

Each view: find the database (404), check the actor may view it and every table the
page reads (403, before anything is looked up), load the data (queries.py), then
answer JSON (URL ends in .json, whatever the Accept header says) or HTML.
"""
from __future__ import annotations

from datasette.utils import tilde_decode
from datasette.utils.asgi import BadRequest, NotFound, Response

from . import charts, identity, queries, ratings
from .access import Missing, json_errors, viewable_database, wants_json
from .chain_paths import chains_to_show
from .compat import can_view
from .highlight import highlight
from .ratings_web import rating_json, rating_panel
from .wording import counted

DB = r"(?P<database>[^/]+?)"
FMT = r"(?P<format>\.json)?"
ROUTES_REGEX = {
    "dashboard": rf"^/-/provenance/{DB}{FMT}$",
    "article": rf"^/-/provenance/{DB}/articles/(?P<article_id>[^/]+?){FMT}$",
    "source": rf"^/-/provenance/{DB}/sources/(?P<source_id>[^/]+?){FMT}$",
}


async def _database(datasette, request, tables):
    db = await viewable_database(datasette, request, tables)
    if not await queries.is_provenance_database(db):
        raise NotFound(f"{db.name} has no provenance tables (load articles with "
                       f"`datasette provenance load`)")
    return db


async def _html(datasette, request, template, context, db):
    context = dict(context, database=db.name,
                   json_url=request.path + ".json", urls_pv=queries.Urls(datasette, db.name),
                   grades_order=queries.GRADES)
    return Response.html(await datasette.render_template(template, context, request=request))


@json_errors
async def dashboard_view(datasette, request):
    db = await _database(datasette, request, queries.DASHBOARD_TABLES)
    # Outlet ratings and page links only for an actor who may view the outlets table.
    data = await queries.dashboard(datasette, db, outlets_shown=await can_view(
        datasette, request.actor, db.name, ("outlets",)))
    if wants_json(request):
        return Response.json(data)
    context = {
        "data": data,
        "grade_chart": charts.bar_chart(
            [charts.Bar(g["grade"], g["count"], f"pv-grade-{g['grade']}", g["url"])
             for g in data["grades"]], "Statements by grade", label_width=30),
        "sourcing_chart": charts.bar_chart(
            [charts.Bar(s["sourcing"] or "—", s["count"], f"pv-sourcing-{s['sourcing']}", s["url"])
             for s in data["sourcing"]], "Statements by sourcing class"),
        "depth_chart": charts.bar_chart(
            [charts.Bar(_depth_label(d["depth"]), d["count"], "pv-depth", d["url"])
             for d in data["chain_depth"]], "Statements by attribution chain length",
            label_width=110),
        "outlet_bars": {
            i: charts.stacked_bar(o["grades"], queries.GRADES,
                                  f"Grade mix of {o['outlet'] or 'no outlet'}",
                                  hrefs=o["grade_urls"])
            for i, o in enumerate(data["outlets"])},
        "article_bars": {
            a["id"]: charts.stacked_bar(a["grades"], queries.GRADES,
                                        f"Grade mix of {a['title'] or a['id']}", width=160)
            for a in data["articles"]},
        "source_bars": {
            s["id"]: charts.stacked_bar(s["grades"], queries.GRADES,
                                        f"Grade mix of statements citing {s['name']}")
            for s in data["sources"]},
    }
    return await _html(datasette, request, "provenance_dashboard.html", context, db)


def _depth_label(depth):
    if depth is None:
        return "—"
    if depth == 0:
        return "no attribution"
    return counted(depth, "hop")


@json_errors
async def article_view(datasette, request):
    db = await _database(datasette, request, queries.ARTICLE_TABLES)
    article_id = tilde_decode(request.url_vars["article_id"])
    data = await queries.article(datasette, db, article_id)
    if data is None:
        urls = queries.Urls(datasette, db.name)
        raise Missing(f"No article {article_id!r} in {db.name}. An article's id comes from "
                      "its text and details, so one that was edited and loaded again has a "
                      "new id.", db.name,
                      [(f"Articles in {db.name}", urls.table("articles")),
                       ("Provenance dashboard", urls.dashboard())])
    outlet = data["article"].get("outlet")
    data["article"]["outlet_url"] = (
        await queries.outlet_page_url(db, queries.Urls(datasette, db.name), outlet)
        if outlet and await can_view(datasette, request.actor, db.name, ("outlets",)) else None)
    if wants_json(request):
        return Response.json(data)
    context = {
        "data": data,
        "cited_sources": cited_sources(data["statements"]),
        "chains": {s["idx"]: chains_to_show(s["attributions"], s["chains"])
                   for s in data["statements"]},
        "article_html": highlight(data["text"], data["statements"]),
        "grade_mix": charts.stacked_bar(data["grades"], queries.GRADES,
                                        "Grade mix of this article's statements", width=320),
    }
    return await _html(datasette, request, "provenance_article.html", context, db)


def cited_sources(statements) -> list:
    """Who the article leans on: each named source with the number of its statements that
    cite it (at any hop), most first; the article page lists them above the text."""
    found = {}
    for statement in statements:
        seen = set()
        for hop in statement.get("attributions") or ():
            source = hop.get("source") or {}
            if source.get("id") is None or source["id"] in seen:
                continue
            seen.add(source["id"])
            entry = found.setdefault(source["id"], {
                "name": source.get("name") or source.get("text"), "url": source.get("url"),
                "kind": hop.get("source_kind"), "statements": 0})
            entry["statements"] += 1
    return sorted(found.values(), key=lambda e: (-e["statements"], str(e["name"]).lower()))


@json_errors
async def source_view(datasette, request):
    db = await _database(datasette, request, queries.SOURCE_TABLES)
    source_id = tilde_decode(request.url_vars["source_id"])
    after = request.args.get("after")
    if after is not None and (not after.lstrip("-").isdigit()
                              or abs(int(after)) > ratings.MAX_ROW_ID):
        raise BadRequest("after= must be a statement id")
    # The identity pass's record (old ids, merged names) only for who may view it.
    merges_shown = await can_view(datasette, request.actor, db.name, (identity.MERGES,))
    data = await queries.source(datasette, db, source_id, merges=merges_shown,
                                after=int(after) if after is not None else None)
    if data is None:
        merged_into = await db.execute_fn(
            lambda conn: identity.canonical_id(conn, source_id)) if merges_shown else None
        if merged_into is not None:
            # A source the identity pass merged into another: its page is that one's.
            url = queries.Urls(datasette, db.name).source(merged_into) + (
                ".json" if wants_json(request) else "")
            return Response.redirect(url + (f"?{request.query_string}" if request.query_string else ""))
        urls = queries.Urls(datasette, db.name)
        raise Missing(f"No source {source_id!r} in {db.name}.", db.name,
                      [(f"Sources in {db.name}", urls.table("sources")),
                       ("Provenance dashboard", urls.dashboard())])
    # Rating form (for actors with provenance-rate) and audit history: ratings_web.py.
    rating = await rating_panel(datasette, request, db, "source", data["source"]["id"])
    data["rating"] = rating_json(rating)
    if wants_json(request):
        return Response.json(data)
    context = {
        "data": data,
        "rating": rating,
        "grade_chart": charts.bar_chart(
            [charts.Bar(g, data["grades"].get(g, 0), f"pv-grade-{g}")
             for g in queries.GRADES], "Grades of statements citing this source",
            label_width=30),  # one letter: no wide label column pushing the bars right
    }
    return await _html(datasette, request, "provenance_source.html", context, db)


def routes():
    return [
        (ROUTES_REGEX["dashboard"], dashboard_view),
        (ROUTES_REGEX["article"], article_view),
        (ROUTES_REGEX["source"], source_view),
    ]
