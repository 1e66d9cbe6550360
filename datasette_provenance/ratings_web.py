"""Rating edits in Datasette: the rating panel (form + history), its POST routes, outlet pages.

Routes:
  POST /-/provenance/<db>/sources/<id>/rate   POST /-/provenance/<db>/outlets/<id>/rate
  GET  /-/provenance/<db>/outlets[.json]      GET  /-/provenance/<db>/outlets/<id>[.json]

A POST must come from an actor with the ``provenance-rate`` permission on that database
and carry a valid form token. Two CSRF layers: Datasette's own (asgi-csrf's
``csrftoken`` on 0.65, the Sec-Fetch-Site/Origin check on the 1.0 alphas, whose
``csrftoken()`` is no longer verified), plus ``provenance_token``, a token signed with
Datasette's secret for this actor and database, checked on both versions. A refused
edit changes nothing; an accepted one goes through ratings.set_rating (audit row and
re-score in one transaction).
"""
from __future__ import annotations

import sqlite3
from urllib.parse import quote, urlencode

from datasette.database import QueryInterrupted
from datasette.utils import tilde_encode
from datasette.utils.asgi import Forbidden, NotFound, Response

from . import charts
from . import config as plugin_config
from . import plugins, ratings
from .access import Missing, json_errors
from .admiralty import RELIABILITY_LETTERS, RELIABILITY_WORDS
from .form_tokens import actor_key as _actor_key, form_token, token_is_valid
from .compat import LOCK_WAIT_MS, can_rate, can_view, execute_write_fn
from .markup import render_markdown
from .queries import GRADES, rows_or_none
from .ratings_io import MAX_NOTE_CHARS, RatingsFileError, validate_letter, validate_note
from .stored_scoring import StoredWeightsError, weights_unless_configured
from .wording import counted

DB = r"(?P<database>[^/]+?)"
FMT = r"(?P<format>\.json)?"
PATHS = {"source": "sources", "outlet": "outlets"}
RATING_TABLES = ("sources", "outlets", "rating_changes")


def page_url(datasette, database: str, target: str, target_id) -> str:
    return datasette.urls.path(f"/-/provenance/{tilde_encode(database)}/{PATHS[target]}/{target_id}")


async def _database(datasette, request, tables=RATING_TABLES):
    """The page's database after the same 404/403 checks as every provenance page."""
    from .views import _database as provenance_database  # views imports this module

    return await provenance_database(datasette, request, tables)


# The rating history a page shows (newest first); the rating_changes table has the rest.
HISTORY_SHOWN = 20


async def rating_panel(datasette, request, db, target: str, target_id) -> dict:
    """Template context for _provenance_rating.html: current rating, form, history."""
    table = ratings.TABLE[target]
    row = (await db.execute(f"select id, name, coalesce(reliability, {ratings.DEFAULT_SQL})"
                            f" as reliability, notes"
                            f" from {table} where id = ?", [target_id])).first()
    if row is None:
        return {}
    target_id = row["id"]
    # The history is rating_changes' rows (and the merges'): shown only to an actor who
    # may view those tables (the source page does not require them).
    history_shown = await can_view(datasette, request.actor, db.name,
                                   ("rating_changes",) + (("source_merges",) if target == "source" else ()))
    full_history = await db.execute_fn(
        lambda conn: ratings.history(conn, target, target_id)) if history_shown else []
    history, history_count = full_history[:HISTORY_SHOWN], len(full_history)
    history_url = None
    if history_shown:
        # All of it in the audit table: this row's changes and (a source's) its merged rows'.
        merged_ids = await db.execute_fn(lambda conn: [r[0] for r in conn.execute(
            "select distinct target_id from rating_changes where target_type = ?"
            f" and {ratings.history_ids_sql(conn, target)}", [target, target_id])])
        history_url = datasette.urls.table(db.name, "rating_changes") + "?" + urlencode(
            {"target_type": target, "target_id__in": ",".join(map(str, merged_ids or [target_id]))})
    for h in history:
        h["note_html"] = render_markdown(h["note"])
    allowed = await can_rate(datasette, request.actor, db.name)
    return {
        "target": target, "id": row["id"], "name": row["name"],
        "reliability": row["reliability"],
        "reliability_words": RELIABILITY_WORDS[row["reliability"]]
        if row["reliability"] in RELIABILITY_WORDS else None,
        "notes": row["notes"], "notes_html": render_markdown(row["notes"]),
        "note_max": MAX_NOTE_CHARS,
        "history": history, "history_count": history_count,
        "history_url": history_url, "history_shown": history_shown,
        "can_rate": allowed,
        "action": page_url(datasette, db.name, target, row["id"]) + "/rate",
        "token": form_token(datasette, request.actor, db.name) if allowed else None,
        "letters": [(letter, RELIABILITY_WORDS[letter]) for letter in RELIABILITY_LETTERS],
    }


def rating_json(panel: dict) -> dict:
    """The rating panel as the .json twins give it (no form token, no HTML)."""
    return {"reliability": panel["reliability"], "reliability_words": panel["reliability_words"],
            "notes": panel["notes"], "can_rate": panel["can_rate"],
            "history": [{k: v for k, v in h.items() if k != "note_html"} for h in panel["history"]],
            "history_count": panel["history_count"], "history_url": panel["history_url"]}


def _refuse(status: int, message: str) -> Response:
    return Response.text(message, status=status)


# How long a rating waits for another writer before it gives up (compat.LOCK_WAIT_MS).
WRITE_WAIT_MS = LOCK_WAIT_MS


def _is_busy(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


async def rate_view(datasette, request):
    target = "source" if request.url_vars["target_path"] == "sources" else "outlet"
    if request.method != "POST":
        return _refuse(405, "POST a rating form here")
    db = await _database(datasette, request)
    if not await can_rate(datasette, request.actor, db.name):
        raise Forbidden("You do not have permission to change ratings (provenance-rate)")
    form = await request.post_vars()
    if not token_is_valid(datasette, request.actor, db.name, form.get("provenance_token")):
        raise Forbidden("Missing or expired form token: reload the page and try again")
    try:
        letter = validate_letter(form.get("reliability"))
        validate_note(form.get("note"))
    except RatingsFileError as e:
        return _refuse(400, str(e))
    config = datasette.plugin_config(plugin_config.PLUGIN, database=db.name) or {}
    try:
        stored = await db.execute_fn(lambda conn: weights_unless_configured(conn, config))
    except StoredWeightsError as e:
        # Not the rater's doing, and re-scoring with other weights would quietly disagree
        # with the stored scores: say so on the page they came from (no traceback, no path).
        datasette.add_message(request, "The rating was not changed: its statements cannot be "
                              "re-scored. " + e.web_message(db.name), datasette.ERROR)
        return Response.redirect(page_url(datasette, db.name, target, request.url_vars["id"]))
    try:
        weights = plugin_config.weights(config, stored)
    except plugin_config.ConfigError as e:
        # The server's configuration, not the rater's input: the same message on the page.
        datasette.add_message(request, "The rating was not changed: its statements cannot be "
                              f"re-scored. The scoring weights configured for {db.name} cannot "
                              f"be used ({e}). Whoever runs this Datasette can fix `weights` "
                              "under plugins: datasette-provenance.", datasette.ERROR)
        return Response.redirect(page_url(datasette, db.name, target, request.url_vars["id"]))
    adjusters = plugins.score_adjusters(config)
    who = _actor_key(request.actor) or "anonymous"
    target_id = ratings.row_id(request.url_vars["id"])
    if target_id is None:  # more digits than any row id: no such source or outlet
        raise NotFound(f"No {target} {request.url_vars['id']} in {db.name}")

    def write(conn):
        return ratings.set_rating(conn, target, target_id, letter, form.get("note"), who,
                                  weights, adjusters)

    try:
        # set_rating makes its own transaction: on 1.0 Datasette's would take the lock
        # (with its 5 s wait) before write() could set a longer one.
        change = await execute_write_fn(db, write, wait_ms=WRITE_WAIT_MS)
    except ratings.RatingError as e:
        raise NotFound(str(e))
    except sqlite3.OperationalError as e:
        if not _is_busy(e):
            raise
        # set_rating's transaction was rolled back: nothing changed, no audit row.
        response = _refuse(503, "The database is busy: another process (a load or a rescore) "
                                "is writing to it. The rating was not changed; try again shortly.")
        response.headers["Retry-After"] = "10"
        return response
    if change.changed:
        n = len(change.rescored)
        datasette.add_message(request, f"{change.name}: {change.old} → {change.new}; "
                                       f"{counted(n, 'statement')} re-scored")
    else:
        datasette.add_message(request, f"{change.name}: rating unchanged")
    return Response.redirect(page_url(datasette, db.name, target, target_id))


# Statements carry their article's outlet (an article's id hashes its outlet, so it never
# changes under them): the outlet pages count statements by statements.outlet over the
# covering index (outlet, grade, score), not through a join of every
# article with every statement (400 ms CPU at a million statements; now ~40 ms).
OUTLETS_SQL = f"""
    select o.id, o.name, coalesce(o.reliability, {ratings.DEFAULT_SQL}) as reliability,
           coalesce(a.n, 0) as articles, coalesce(s.n, 0) as statements,
           round(s.mean, 1) as mean_score
    from outlets o
    left join (select outlet, count(*) as n from articles group by outlet) a on a.outlet = o.name
    left join (select outlet, count(*) as n, avg(score) as mean from statements
               where outlet is not null group by outlet) s on s.outlet = o.name
    order by o.name collate nocase, o.name"""
OUTLETS_SUMMARY_SQL = f"""
    select o.id, o.name, coalesce(o.reliability, {ratings.DEFAULT_SQL}) as reliability,
           (select count(*) from articles a where a.outlet = o.name) as articles,
           coalesce((select sum(n) from provenance_summary where dimension = 'outlet'
                     and key = o.name), 0) as statements, null as mean_score
    from outlets o order by o.name collate nocase, o.name"""
OUTLET_GRADES_SQL = "select grade, count(*) as n from statements where outlet = ? group by grade"
# The same from the writer's running totals, when counting the index takes too long.
OUTLET_GRADES_SUMMARY_SQL = """select grade, sum(n) as n from provenance_summary
    where dimension = 'outlet' and key = ? group by grade"""
# The page's articles first, then their counts (not every article of the outlet grouped
# before the limit); ties in date and title in id order.
OUTLET_ARTICLES_SQL = """
    select a.id, a.title, a.published,
           (select count(*) from statements s where s.article_id = a.id) as statements,
           (select round(avg(s.score), 1) from statements s where s.article_id = a.id) as mean_score
    from articles a where a.outlet = ? order by a.published desc, a.title, a.id limit ?"""
# The same articles without their counts, when counting takes too long.
OUTLET_ARTICLES_PLAIN_SQL = """
    select a.id, a.title, a.published, null as statements, null as mean_score
    from articles a where a.outlet = ? order by a.published desc, a.title, a.id limit ?"""
OUTLET_ARTICLE_COUNT_SQL = "select count(*) as n from articles where outlet = ?"
OUTLET_ARTICLE_GRADES_SQL = """select article_id, grade, count(*) as n from statements
    where article_id in ({marks}) group by article_id, grade"""


@json_errors
async def outlets_view(datasette, request):
    db = await _database(datasette, request, RATING_TABLES + ("articles", "statements"))
    partial = False
    try:
        outlets = [dict(r) for r in (await db.execute(OUTLETS_SQL)).rows]
    except QueryInterrupted:
        # A busy machine stretched the scan past the SQL time limit: the counts from
        # provenance_summary (kept by the writer), without mean scores, instead of an error.
        outlets = [dict(r) for r in (await db.execute(OUTLETS_SUMMARY_SQL)).rows]
        partial = True
    for o in outlets:
        o["url"] = page_url(datasette, db.name, "outlet", o["id"])
    if request.url_vars.get("format"):
        return Response.json({"database": db.name, "outlets": outlets, "partial": partial})
    return Response.html(await datasette.render_template(
        "provenance_outlets.html", {"database": db.name, "outlets": outlets, "partial": partial,
                                    "json_url": request.path + ".json"}, request=request))


# An outlet page lists its most recent articles; the articles table has them all.
OUTLET_ARTICLES_SHOWN = 100


@json_errors
async def outlet_view(datasette, request):
    db = await _database(datasette, request, RATING_TABLES + ("articles", "statements"))
    outlet_id = ratings.row_id(request.url_vars["id"])
    panel = await rating_panel(datasette, request, db, "outlet", outlet_id) \
        if outlet_id is not None else None
    if not panel:
        raise Missing(f"No outlet {request.url_vars['id']} in {db.name}.", db.name,
                      [(f"Outlets in {db.name}", datasette.urls.path(
                          f"/-/provenance/{tilde_encode(db.name)}/outlets"))])
    name, shown = panel["name"], OUTLET_ARTICLES_SHOWN
    # Past Datasette's SQL time limit (a huge outlet, a busy machine) each part falls back
    # to something cheaper, and the page says so, instead of an error.
    grade_rows = await rows_or_none(db, OUTLET_GRADES_SQL, [name])
    articles = await rows_or_none(db, OUTLET_ARTICLES_SQL, [name, shown])
    counted_rows = await rows_or_none(db, OUTLET_ARTICLE_COUNT_SQL, [name])
    partial = grade_rows is None or articles is None or counted_rows is None
    if grade_rows is None and await db.table_exists("provenance_summary"):
        grade_rows = await rows_or_none(db, OUTLET_GRADES_SUMMARY_SQL, [name])
    if articles is None:
        articles = await rows_or_none(db, OUTLET_ARTICLES_PLAIN_SQL, [name, shown]) or []
    grades = {r["grade"]: r["n"] for r in grade_rows or []}
    article_count = counted_rows[0]["n"] if counted_rows else None
    # Each listed article's grade mix, as the dashboard draws it (statements(article_id) index).
    mix_rows = await rows_or_none(db, OUTLET_ARTICLE_GRADES_SQL.format(
        marks=",".join("?" for _ in articles)), [a["id"] for a in articles]) if articles else []
    mixes: dict = {}
    for r in mix_rows or []:
        mixes.setdefault(r["article_id"], {})[r["grade"]] = r["n"]
    for a in articles:
        a["url"] = datasette.urls.path(
            f"/-/provenance/{tilde_encode(db.name)}/articles/{tilde_encode(a['id'])}")
        a["grades"] = mixes.get(a["id"], {}) if mix_rows is not None else None
    data = {"database": db.name, "outlet": {"id": panel["id"], "name": panel["name"]},
            "rating": rating_json(panel), "grades": grades, "articles": articles,
            "article_count": article_count, "partial": partial,
            "articles_url": datasette.urls.table(db.name, "articles") + "?" + urlencode(
                {"outlet": panel["name"]}, quote_via=quote)}
    if request.url_vars.get("format"):
        return Response.json(data)
    statements_url = datasette.urls.table(db.name, "statements")
    # Every grade, A to F, as the source page draws them: how the outlet's claims spread.
    grade_chart = charts.bar_chart(
        [charts.Bar(g, grades.get(g, 0), f"pv-grade-{g}", statements_url + "?" + urlencode(
            {"outlet": panel["name"], "grade": g}, quote_via=quote))
         for g in GRADES], "Grades of this outlet's statements", label_width=30)
    article_bars = {a["id"]: charts.stacked_bar(a["grades"], GRADES, f"Grade mix of {a['title'] or a['id']}",
                                                width=160)
                    for a in articles if a["grades"]}
    return Response.html(await datasette.render_template(
        "provenance_outlet.html", {"database": db.name, "data": data, "rating": panel,
                                   "grade_chart": grade_chart, "article_bars": article_bars,
                                   "outlets_url": datasette.urls.path(
                                       f"/-/provenance/{tilde_encode(db.name)}/outlets"),
                                   "json_url": request.path + ".json"}, request=request))


def routes():
    return [
        (rf"^/-/provenance/{DB}/(?P<target_path>sources|outlets)/(?P<id>\d+)/rate$", rate_view),
        (rf"^/-/provenance/{DB}/outlets{FMT}$", outlets_view),
        (rf"^/-/provenance/{DB}/outlets/(?P<id>\d+){FMT}$", outlet_view),
    ]

