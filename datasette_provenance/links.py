"""Links from Datasette's own views into the plugin's pages: table cells, the nav
menu, table/database/row action menus. Permission-aware: nothing links to a page
the actor would get a 403 from."""
from __future__ import annotations

import json

from datasette.utils import tilde_encode
from markupsafe import Markup

from .compat import IS_1_0, can_view, request_memo
from .queries import DASHBOARD_TABLES, GRADES, Urls, is_provenance_database

PROVENANCE_TABLES = {"articles", "statements", "attributions", "sources", "source_aliases"}


def _value_and_label(value):
    """Expanded foreign keys arrive as {"value": ..., "label": ...}."""
    if isinstance(value, dict) and "value" in value:
        return value["value"], value.get("label") or value["value"]
    return value, value


def _get(row, key):
    try:
        return row[key]
    except (KeyError, IndexError, TypeError):
        return None


def _shorten(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _json_list(value):
    try:
        loaded = json.loads(value)
    except (TypeError, ValueError):
        return None
    return [str(x) for x in loaded] if isinstance(loaded, list) else None


# The label a foreign key shows when Datasette has not expanded it: 0.65's row pages never
# do, so a statement's row page showed its article as a hash and its source as a number.
LABEL_SQL = {"article_id": "select title from articles where id = ?",
             "source_id": "select name from sources where id = ?"}


LABEL_TABLE = {"article_id": "articles", "source_id": "sources"}
LABELLED_CELLS = {("article_id", "statements"), ("article_id", "attributions"),
                  ("source_id", "statements"), ("source_id", "attributions"),
                  ("source_id", "source_aliases")}


async def _may_view(datasette, request, database, table) -> bool:
    """can_view for a cell's label, asked once per table in a request (a table page has
    hundreds of such cells: a check each cost more than the rest of the page)."""
    memo = request_memo(request)
    key = ("may_view", database, table)
    if memo is None or key not in memo:
        allowed = await can_view(datasette, getattr(request, "actor", None), database, (table,))
        if memo is None:
            return allowed
        memo[key] = allowed
    return memo[key]


def _labelled(column, raw, datasette, database, render, request=None, given=None):
    """render(label) with the article title / source name looked up, or ``given`` (the label
    Datasette expanded); the raw value when the row is not there, or the actor may not view
    the table it is in."""
    if given is not None and IS_1_0:
        return render(given)  # 1.0 expands a label only for an actor who may view its table

    async def inner():
        # 0.65 gives render_cell no request, and labels table pages' foreign keys whoever
        # asks: there a label shows only if anyone may see its table.
        if not await _may_view(datasette, request, database, LABEL_TABLE[column]):
            return render(raw)
        if given is not None:
            return render(given)
        try:
            found = (await datasette.get_database(database).execute(
                LABEL_SQL[column], [raw])).first()
        except Exception:  # a database without the table: show the value as it is
            found = None
        return render(found[0] if found and found[0] else raw)
    return inner


def _rating_target_link(row, raw, urls):
    """An outlet's name, or the source / outlet a rating change was about, opens its page
    (its rating form and history), like a source's name does."""
    target_type, _ = _value_and_label(_get(row, "target_type"))
    target_id, _ = _value_and_label(_get(row, "target_id"))
    if target_id is None or target_type not in ("source", "outlet"):
        return None
    url = urls.source(target_id) if target_type == "source" else urls.outlet(target_id)
    return Markup('<a href="{}" title="Open this {}\'s page: its rating and history">{}</a>').format(
        url, target_type, raw)


def _hedge_words(value):
    """The words of a statements.hedges JSON list (spans with "text", or plain strings)."""
    try:
        loaded = json.loads(value)
    except (TypeError, ValueError):
        return None
    if not isinstance(loaded, list):
        return None
    words = [h.get("text") if isinstance(h, dict) else h for h in loaded]
    return [str(w) for w in words if w]


def _key_link(row, raw, label, column, table, urls):
    """A statement's / hop's article or source: a link to its page, shown by ``label``."""
    if column == "article_id":
        idx = _get(row, "idx") if table == "statements" else None
        # A long headline on every row makes the table hard to scan: shorten it, keep it whole
        # in the tooltip.
        return Markup('<a href="{}" title="{} (open the article with its statements '
                      'highlighted)">{}</a>').format(urls.article(raw, idx), label,
                                                     _shorten(str(label)))
    return Markup('<a href="{}" title="Open this source\'s page">{}</a>').format(
        urls.source(raw), label)


def render_cell(row, value, column, table, database, datasette, request=None):
    if table in ("outlets", "rating_changes") and value is not None:
        urls = Urls(datasette, database)
        if table == "outlets" and column == "name" and _get(row, "id") is not None:
            return Markup('<a href="{}">{}</a>').format(urls.outlet(_get(row, "id")), value)
        if table == "rating_changes" and column == "target_name":
            return _rating_target_link(row, value, urls)
        return None
    if table not in PROVENANCE_TABLES or value is None:
        return None
    urls = Urls(datasette, database)
    raw, label = _value_and_label(value)
    if raw is None or raw == "":
        return None
    if table == "sources" and column == "scope" and isinstance(raw, str):
        # A source known only in one article ("the mayor"): that article, by its title.
        return _labelled("article_id", raw, datasette, database, lambda title: Markup(
            '<a href="{}" title="Known only in this article: {}">{}</a>').format(
                urls.article(raw), title, _shorten(str(title))), request)
    if table == "statements" and column == "hedges":
        # Stored as JSON spans; the words are what a reader scans for (none: blank).
        hedges = _hedge_words(raw)
        if hedges is not None:
            return Markup(" · ").join(hedges) if hedges else Markup("&nbsp;")
    if table == "attributions" and column == "statement_id":
        # statements has no label column, yet Datasette labels the key with its own number
        # ("2 2"): the number once, to the statement's row.
        return Markup('<a href="{}" title="The statement this hop belongs to">{}</a>').format(
            datasette.urls.row(database, "statements", tilde_encode(str(raw))), raw)
    if (column, table) in LABELLED_CELLS:
        return _labelled(column, raw, datasette, database,
                         lambda found: _key_link(row, raw, found, column, table, urls), request,
                         given=label if isinstance(value, dict) else None)
    if table == "statements" and column == "reasons":
        reasons = _json_list(raw)
        if reasons is not None:
            return Markup('<ul class="pv-cell-reasons" style="margin:0;padding-left:1.1em">{}</ul>'
                          ).format(Markup("").join(Markup("<li>{}</li>").format(r) for r in reasons))
    if table == "statements" and column == "grade" and raw in GRADES:
        # The letter as the coloured badge the plugin's pages use (F is not failed, it's weak).
        return Markup('<span class="pv-badge pv-grade-{0}" title="Grade {0}">{0}</span>').format(raw)
    if table == "statements" and column == "text" and isinstance(raw, str) \
            and _get(row, "article_id") is not None and _get(row, "idx") is not None:
        # The sentence alone hides who said it: a way to read it where it stands, its chain
        # open beside it.
        aid, _ = _value_and_label(_get(row, "article_id"))
        return Markup('{} <a class="pv-in-context" href="{}" title="Read it in its article, '
                      'with its attribution chain">in&nbsp;context&nbsp;→</a>').format(
            raw, urls.article(aid, _get(row, "idx")))
    if table == "statements" and column == "idx" and _get(row, "article_id") is not None:
        aid, _ = _value_and_label(_get(row, "article_id"))
        return Markup('<a href="{}" title="Show this statement in its article">{}</a>').format(
            urls.article(aid, raw), raw)
    if table == "articles" and column == "title" and _get(row, "id") is not None:
        return Markup('<a href="{}">{}</a>').format(urls.article(_get(row, "id")), raw)
    if table == "articles" and column == "source_pk" and _get(row, "source_table"):
        source_table, _ = _value_and_label(_get(row, "source_table"))
        return Markup('<a href="{}" title="The row this article was analysed from">{}</a>').format(
            urls.source_row(source_table, raw), label)
    if table == "articles" and column in ("text", "markdown") and isinstance(raw, str):
        # A whole article in a cell: provenance-tables.css clamps it to a few lines in the
        # table view (one row per article, not pages of text each); the row page shows it all.
        return Markup('<div class="pv-cell-long">{}</div>').format(raw)
    if table == "sources" and column == "name" and _get(row, "id") is not None:
        return Markup('<a href="{}">{}</a>').format(urls.source(_get(row, "id")), raw)
    return None


def extra_css_urls(table, datasette):
    """Readable provenance tables in Datasette's own table and row views."""
    if table not in PROVENANCE_TABLES | {"outlets", "rating_changes"}:
        return []
    # provenance.css for the grade badges (its rules are .pv- classes and a few variables).
    return [datasette.urls.static_plugins("datasette_provenance", name)
            for name in ("provenance.css", "provenance-tables.css")]


async def _visible_provenance_db(datasette, actor, database) -> bool:
    try:
        db = datasette.get_database(database)
    except KeyError:
        return False
    return (await is_provenance_database(db)
            and await can_view(datasette, actor, database, DASHBOARD_TABLES))


async def menu_links(datasette, actor):
    links = []
    for name in list(datasette.databases):
        if name == "_internal":
            continue
        if await _visible_provenance_db(datasette, actor, name):
            links.append({"href": Urls(datasette, name).dashboard(),
                          "label": f"Provenance: {name}"})
    return links


async def database_actions(datasette, actor, database):
    if not await _visible_provenance_db(datasette, actor, database):
        return []
    return [{"href": Urls(datasette, database).dashboard(), "label": "Provenance dashboard",
             "description": "How well the claims in these articles are sourced"},
            {"href": Urls(datasette, database).dashboard() + "/outlets",
             "label": "Outlets and ratings",
             "description": "Reliability ratings of the outlets that published these articles"}]


async def table_actions(datasette, actor, database, table):
    if table not in PROVENANCE_TABLES or not await _visible_provenance_db(datasette, actor, database):
        return []
    return [{"href": Urls(datasette, database).dashboard(), "label": "Provenance dashboard",
             "description": "Grade mix, sourcing classes, worst-sourced claims"}]


async def row_actions(datasette, actor, database, table, row):
    """1.0 alphas only: open an article / a source / a statement in its page, or a row of
    an analysed table (``analyze``) in the article made from it."""
    if table not in ("articles", "sources", "statements"):
        return await _analysed_row_actions(datasette, actor, database, table, row)
    if not await _visible_provenance_db(datasette, actor, database):
        return []
    urls = Urls(datasette, database)
    if table == "articles":
        return [{"href": urls.article(_get(row, "id")), "label": "Open in provenance view"}]
    if table == "sources":
        return [{"href": urls.source(_get(row, "id")), "label": "Open source page"}]
    return [{"href": urls.article(_get(row, "article_id"), _get(row, "idx")),
             "label": "Show in its article"}]


async def _analysed_row_actions(datasette, actor, database, table, row):
    """A row analysed with ``analyze`` (articles.source_table/source_pk, its row address as
    Datasette writes it): a link to its article page, the way back from the row."""
    if table in PROVENANCE_TABLES or not await _visible_provenance_db(datasette, actor, database):
        return []
    db = datasette.get_database(database)
    if "source_pk" not in await db.table_columns("articles"):
        return []
    pks = await db.primary_keys(table)
    values = [_get(row, pk) for pk in pks] if pks else [_get(row, "rowid")]
    if any(v is None for v in values):
        return []
    found = (await db.execute(
        "select id from articles where source_table = ? and source_pk = ? limit 1",
        [table, ",".join(tilde_encode(str(v)) for v in values)])).first()
    if found is None:
        return []
    return [{"href": Urls(datasette, database).article(found[0]), "label": "Its provenance analysis",
             "description": "This row's text with every statement's sources and grade"}]
