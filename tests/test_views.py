"""The plugin's pages and their .json twins, through Datasette's own test client."""
import html
import json
import re

import pytest
import yaml
from markupsafe import escape

from datasette_provenance.compat import facet_results
from ui_helpers import ROOT, make_datasette, ui_db  # noqa: F401  (fixture)


def page_urls(ids):
    base = "/-/provenance/provenance"
    return [base, f"{base}/articles/{ids['chain']}", f"{base}/sources/{ids['jane']}"]


@pytest.mark.asyncio
async def test_statements_grade_facet_from_metadata(ui_db):
    path, _ = ui_db
    ds = make_datasette(path)
    response = await ds.client.get("/provenance/statements.json?_facet=grade")
    assert response.status_code == 200
    facets = facet_results(response.json())
    assert "grade" in facets
    counted = {r["value"]: r["count"] for r in facets["grade"]["results"]}
    assert sum(counted.values()) > 0 and set(counted) <= set("ABCDEF")
    # The default facets from metadata.yml apply without asking for them.
    default = facet_results((await ds.client.get("/provenance/statements.json?_extra=facet_results")).json())
    assert {"sourcing", "grade", "cue_kind", "source_kind", "outlet"} <= set(default)


@pytest.mark.asyncio
async def test_every_page_and_json_twin(ui_db):
    path, ids = ui_db
    ds = make_datasette(path)
    for url in page_urls(ids):
        page = await ds.client.get(url)
        assert page.status_code == 200, url
        assert page.headers["content-type"].startswith("text/html")
        assert 'href="/-/static-plugins/datasette_provenance/provenance.css"' in page.text
        # The twin is JSON whatever the Accept header asks for, and the page HTML likewise.
        twin = await ds.client.get(url + ".json", headers={"Accept": "text/html"})
        assert twin.status_code == 200 and twin.headers["content-type"].startswith("application/json")
        assert twin.json()["database"] == "provenance"
        again = await ds.client.get(url, headers={"Accept": "application/json"})
        assert again.headers["content-type"].startswith("text/html")


@pytest.mark.asyncio
async def test_dashboard_counts_and_charts(ui_db):
    path, ids = ui_db
    ds = make_datasette(path)
    data = (await ds.client.get("/-/provenance/provenance.json")).json()
    statements = (await ds.client.get("/provenance/statements.json?_size=0&_extra=count")).json()
    total = statements.get("count", statements.get("filtered_table_rows_count"))
    assert data["totals"]["statements"] == total
    assert sum(g["count"] for g in data["grades"]) == total
    assert sum(s["count"] for s in data["sourcing"]) == total
    assert [g["grade"] for g in data["grades"]][:6] == list("ABCDEF")
    assert {o["outlet"] for o in data["outlets"]} >= {"Daily Planet", "Evening Star"}
    planet = next(o for o in data["outlets"] if o["outlet"] == "Daily Planet")
    assert (await ds.client.get(planet["page_url"] + ".json")).json()["outlet"]["name"] == "Daily Planet"
    jane = next(s for s in data["sources"] if s["id"] == ids["jane"])
    assert jane["citations"] == 3 and jane["name"] == "Jane Doe"
    scores = [w["score"] for w in data["worst"]]
    assert scores == sorted(scores)
    # Every faceted link goes to a table view that really filters.
    for klass in data["sourcing"]:
        filtered = (await ds.client.get(klass["url"].replace("/statements?", "/statements.json?")
                                        + "&_extra=count")).json()
        assert filtered.get("count", filtered.get("filtered_table_rows_count")) == klass["count"]
    page = (await ds.client.get("/-/provenance/provenance")).text
    assert page.count("<svg class=\"pv-chart") >= 3 + len(data["outlets"])
    assert 'href="/provenance/statements?grade=F"' in page
    assert f'href="/-/provenance/provenance/sources/{ids["jane"]}"' in page


@pytest.mark.asyncio
async def test_article_page_marks_statements_cues_sources_and_chain(ui_db):
    path, ids = ui_db
    ds = make_datasette(path)
    url = f"/-/provenance/provenance/articles/{ids['chain']}"
    data = (await ds.client.get(url + ".json")).json()
    text = data["text"]
    for s in data["statements"]:
        assert text[s["start"]:s["end"]] == s["text"]
    page = (await ds.client.get(url)).text
    article_html = re.search(r'<article class="pv-text"[^>]*>(.*?)</article>', page, re.S).group(1)
    # The marked-up article reads exactly as the stored text.
    assert html.unescape(re.sub(r"<[^>]+>", "", article_html)) == text
    for s in data["statements"]:
        assert f'id="st-{s["idx"]}" href="#statement-{s["idx"]}"' in article_html
        assert f'class="pv-st pv-grade-{s["grade"]}"' in article_html
        assert f'id="statement-{s["idx"]}"' in page
    assert '<mark class="pv-cue pv-depth-0" title="cue (according_to), hop 1">According to</mark>' in article_html
    assert '<mark class="pv-src pv-kind-vague pv-depth-0"' in article_html
    chain = next(s for s in data["statements"] if len(s["attributions"]) == 2)
    assert [h["source"]["text"] for h in chain["attributions"]] == ["reports", "Jane Doe"]
    detail = page[page.index(f'id="statement-{chain["idx"]}"'):]
    detail = detail[:detail.index("</section>")]
    assert detail.index("reports") < detail.index("Jane Doe")
    for reason in chain["reasons"]:
        assert html.escape(reason, quote=True) in detail or reason in html.unescape(detail)
    assert "Legend" in page and "pv-legend" in page
    # A named source's rating in the chain: letter and words, not a bare "reliability F".
    from datasette_provenance.admiralty import words_after_letter

    rated = [h["source"] for h in chain["attributions"] if h["source"].get("reliability")]
    assert rated
    chips = re.findall(r'<span class="pv-kind pv-rating"[^>]*>([^<]*)</span>', detail)
    assert [html.unescape(c) for c in chips] == [
        f"reliability {r['reliability']}: {words_after_letter(r['reliability'])}" for r in rated]


@pytest.mark.asyncio
async def test_source_page(ui_db):
    path, ids = ui_db
    ds = make_datasette(path)
    url = f"/-/provenance/provenance/sources/{ids['jane']}"
    data = (await ds.client.get(url + ".json")).json()
    assert data["source"]["name"] == "Jane Doe" and data["source"]["reliability"] == "B"
    assert "Doe" in data["aliases"]
    assert {o["outlet"] for o in data["outlets"]} == {"Daily Planet", "Evening Star"}
    assert len(data["statements"]) == 3
    assert sum(data["grades"].values()) == 3
    page = (await ds.client.get(url)).text
    assert "<em>usually</em>" in page  # markdown notes rendered
    for s in data["statements"]:
        assert f'href="{s["url"]}"' in page
    assert 'id="rating"' in page


@pytest.mark.asyncio
async def test_missing_things_are_404(ui_db):
    path, ids = ui_db
    ds = make_datasette(path)
    for url in ["/-/provenance/nope", "/-/provenance/provenance/articles/nope",
                "/-/provenance/provenance/sources/999999", "/-/provenance/nope.json"]:
        assert (await ds.client.get(url)).status_code == 404, url


@pytest.mark.asyncio
async def test_links_from_datasette_views(ui_db):
    path, ids = ui_db
    ds = make_datasette(path)
    statements = (await ds.client.get("/provenance/statements?article_id=" + ids["chain"])).text
    assert f'href="/-/provenance/provenance/articles/{ids["chain"]}#statement-1"' in statements
    assert f'href="/-/provenance/provenance/sources/{ids["jane"]}"' in statements
    articles = (await ds.client.get("/provenance/articles")).text
    assert f'href="/-/provenance/provenance/articles/{ids["chain"]}"' in articles
    sources = (await ds.client.get("/provenance/sources")).text
    assert f'href="/-/provenance/provenance/sources/{ids["jane"]}"' in sources
    home = (await ds.client.get("/")).text
    assert 'href="/-/provenance/provenance"' in home  # menu link
    database = (await ds.client.get("/provenance")).text
    assert 'href="/-/provenance/provenance"' in database  # database action
    assert 'href="/-/provenance/provenance"' in statements  # table action


@pytest.mark.asyncio
async def test_a_hops_statement_shows_its_number_once(ui_db):
    # statements has no label column: Datasette labelled attributions.statement_id with the
    # same number again ("2 2"); the cell is the number once, linked to the statement's row.
    import sqlite3

    path, _ = ui_db
    ds = make_datasette(path)
    rows = sqlite3.connect(path).execute(
        "select statement_id from attributions order by id limit 3").fetchall()
    page = (await ds.client.get("/provenance/attributions?_sort=id&_size=3")).text
    cells = re.findall(r'<td class="col-statement_id[^"]*">(.*?)</td>', page, re.S)
    assert len(cells) == len(rows) == 3
    for cell, (statement_id,) in zip(cells, rows):
        assert re.fullmatch(rf'<a href="/provenance/statements/{statement_id}"[^>]*>{statement_id}</a>',
                            cell.strip()), cell
        row_page = await ds.client.get(f"/provenance/statements/{statement_id}")
        assert row_page.status_code == 200


@pytest.mark.asyncio
async def test_dashboard_same_without_the_summary_table(ui_db, tmp_path):
    """The fast path (store's provenance_summary) and the GROUP BY fallback agree."""
    import sqlite3

    path, _ = ui_db
    with_summary = (await make_datasette(path).client.get("/-/provenance/provenance.json")).json()
    copy = tmp_path / "provenance.db"
    source = sqlite3.connect(path)
    conn = sqlite3.connect(copy)
    source.backup(conn)  # WAL-safe copy
    source.close()
    had_summary = conn.execute(
        "select count(*) from sqlite_master where name = 'provenance_summary'").fetchone()[0]
    conn.execute("drop table if exists provenance_summary")
    conn.commit()
    conn.close()
    without = (await make_datasette(copy).client.get("/-/provenance/provenance.json")).json()
    assert had_summary
    for key in ("totals", "grades", "sourcing", "chain_depth", "outlets", "sources", "worst"):
        assert with_summary[key] == without[key], key


async def _copy_as(path, tmp_path, name):
    import sqlite3

    copy = tmp_path / name
    source, target = sqlite3.connect(path), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    return copy


@pytest.mark.asyncio
async def test_default_facets_for_any_database_name(ui_db, tmp_path):
    from datasette.app import Datasette

    from datasette_provenance.compat import IS_1_0

    path, _ = ui_db
    copy = await _copy_as(path, tmp_path, "news.db")
    ds = Datasette([str(copy)])
    response = await ds.client.get("/news/statements.json?_extra=facet_results")
    assert {"sourcing", "grade", "cue_kind", "source_kind", "outlet"} <= set(facet_results(response.json()))
    # The user's own configuration wins over the plugin's defaults.
    own = {"databases": {"news": {"tables": {"statements": {"facets": ["grade"]}}}}}
    ds = Datasette([str(copy)], **({"config": own} if IS_1_0 else {"metadata": own}))
    response = await ds.client.get("/news/statements.json?_extra=facet_results")
    assert set(facet_results(response.json())) == {"grade"}


@pytest.mark.asyncio
async def test_row_pages_link_to_the_plugin_pages(ui_db):
    """Row pages link in: through render_cell on both versions, plus row actions on 1.0."""
    from datasette_provenance.compat import HAS_ROW_ACTIONS

    path, ids = ui_db
    ds = make_datasette(path)
    article_row = (await ds.client.get(f"/provenance/articles/{ids['chain']}")).text
    assert f'href="/-/provenance/provenance/articles/{ids["chain"]}"' in article_row
    source_row = (await ds.client.get(f"/provenance/sources/{ids['jane']}")).text
    assert f'href="/-/provenance/provenance/sources/{ids["jane"]}"' in source_row
    if HAS_ROW_ACTIONS:
        assert "Open in provenance view" in article_row and "Open source page" in source_row


@pytest.mark.asyncio
async def test_row_pages_name_the_article_and_source_they_link(ui_db):
    """A statement's or hop's row page shows its article by title and its source by name,
    linked to their pages (0.65 gives row pages no foreign-key labels: the plugin looks
    them up), not a hash and a number."""
    import sqlite3

    path, ids = ui_db
    ds = make_datasette(path)
    with sqlite3.connect(path) as conn:
        statement_id, hop_id = conn.execute(
            "select statement_id, id from attributions where article_id = ? and source_id = ?"
            " and depth = 0",
            [ids["chain"], ids["jane"]]).fetchone()
    for url in [f"/provenance/statements/{statement_id}", f"/provenance/attributions/{hop_id}"]:
        page = (await ds.client.get(url)).text
        cell = re.search(r'<td class="col-article_id[^"]*">(.*?)</td>', page, re.S).group(1)
        assert f'href="/-/provenance/provenance/articles/{ids["chain"]}' in cell, url
        assert ">Bridge closed after storm</a>" in cell, url
        cell = re.search(r'<td class="col-source_id[^"]*">(.*?)</td>', page, re.S).group(1)
        assert f'href="/-/provenance/provenance/sources/{ids["jane"]}"' in cell, url
        assert ">Jane Doe</a>" in cell, url


@pytest.mark.asyncio
async def test_outlet_and_rating_change_rows_open_their_pages(ui_db):
    """In the outlets and rating_changes tables, an outlet's name and the source or outlet a
    change was about open that page (its rating form and full history)."""
    import sqlite3

    path, ids = ui_db
    ds = make_datasette(path)
    outlets = (await ds.client.get("/provenance/outlets")).text
    assert f'<a href="/-/provenance/provenance/outlets/{ids["planet"]}">Daily Planet</a>' in outlets
    with sqlite3.connect(path) as conn:
        targets = conn.execute("select distinct target_type, target_id, target_name"
                               " from rating_changes").fetchall()
    assert ("source", ids["jane"], "Jane Doe") in targets
    changes = (await ds.client.get("/provenance/rating_changes")).text
    cells = re.findall(r'<td class="col-target_name[^"]*">(.*?)</td>', changes, re.S)
    assert len(cells) == (await ds.client.get("/provenance/rating_changes.json?_shape=array")).json().__len__()
    for target_type, target_id, name in targets:
        page = "sources" if target_type == "source" else "outlets"
        assert any(f'href="/-/provenance/provenance/{page}/{target_id}"' in c and
                   str(escape(name)) in c for c in cells), (target_type, name)
        assert (await ds.client.get(f"/-/provenance/provenance/{page}/{target_id}")).status_code == 200


@pytest.mark.asyncio
async def test_table_cells_show_hedge_words_and_a_scoped_sources_article(ui_db):
    """statements.hedges reads as its words (blank for none), not JSON spans; a source known
    only in one article names and links that article instead of showing its hash."""
    import sqlite3

    path, ids = ui_db
    ds = make_datasette(path)
    with sqlite3.connect(path) as conn:
        hedged_id, hedges = conn.execute(
            "select id, hedges from statements where hedges != '[]' limit 1").fetchone()
        plain_id = conn.execute("select id from statements where hedges = '[]' limit 1").fetchone()[0]
        source_id, scope, title = conn.execute(
            "select s.id, s.scope, a.title from sources s join articles a on a.id = s.scope"
            " limit 1").fetchone()
    words = [h["text"] for h in json.loads(hedges)]
    for url in [f"/provenance/statements/{hedged_id}", f"/provenance/statements?id={hedged_id}"]:
        cell = re.search(r'<td class="col-hedges[^"]*">(.*?)</td>', (await ds.client.get(url)).text,
                         re.S).group(1)
        assert cell.strip() == " · ".join(words), url
    cell = re.search(r'<td class="col-hedges[^"]*">(.*?)</td>',
                     (await ds.client.get(f"/provenance/statements/{plain_id}")).text, re.S).group(1)
    assert cell.strip() == "&nbsp;"
    for url in [f"/provenance/sources/{source_id}", f"/provenance/sources?id={source_id}"]:
        cell = re.search(r'<td class="col-scope[^"]*">(.*?)</td>', (await ds.client.get(url)).text,
                         re.S).group(1)
        assert f'href="/-/provenance/provenance/articles/{scope}"' in cell, url
        assert str(escape(title))[:20] in cell and scope not in cell.split(">", 1)[1], url


@pytest.mark.asyncio
async def test_source_statements_are_paginated(ui_db, monkeypatch):
    from datasette_provenance import queries

    path, ids = ui_db
    ds = make_datasette(path)
    url = f"/-/provenance/provenance/sources/{ids['jane']}"
    everything = (await ds.client.get(url + ".json")).json()["statements"]
    original = queries.source

    async def small_pages(*args, **kwargs):
        return await original(*args, **dict(kwargs, page_size=2))

    monkeypatch.setattr(queries, "source", small_pages)
    first = (await ds.client.get(url + ".json")).json()
    assert len(first["statements"]) == 2 and first["next_json_url"]
    second = (await ds.client.get(first["next_json_url"])).json()
    assert second["next"] is None
    assert [s["id"] for s in first["statements"] + second["statements"]] == [s["id"] for s in everything]
    page = (await ds.client.get(url)).text
    assert f'href="{first["next_url"]}#statements" rel="next"' in page
    assert (await ds.client.get(url + "?after=nope")).status_code == 400
    # Each page says which of them it holds; a later page links back to the first; the
    # next link promises no number the last page may not hold.
    total = len(everything)
    assert first["shown_from"] == 1 and second["shown_from"] == 3 and second["first_url"] == url
    assert f"({total}; 1–2 here)" in html.unescape(page) and 'rel="first"' not in page
    assert re.search(r'rel="next">Next statements →</a>', page)
    later = html.unescape((await ds.client.get(first["next_url"])).text)
    assert total == 3 and f"({total}; 3 here)" in later  # (one statement: no range)
    assert f'<a href="{url}#statements" rel="first">' in later and 'rel="next"' not in later
    beyond = (await ds.client.get(f"{url}?after={everything[-1]['id']}")).text
    assert "No more statements cite this source" in beyond and f'<a href="{url}" rel="first">' in beyond


def _is_any_hop_count(sql: str) -> bool:
    flat = " ".join(sql.split())
    return "from attributions a join statements s" in flat and "count(distinct s.id)" in flat


async def _without_source_any(path, tmp_path):
    """A copy of the database as an older store left it: no source_any summary rows."""
    import sqlite3

    copy = await _copy_as(path, tmp_path, "provenance.db")
    conn = sqlite3.connect(copy)
    conn.execute("delete from provenance_summary where dimension = 'source_any'")
    conn.commit()
    conn.close()
    return copy


@pytest.mark.asyncio
async def test_source_grade_mixes_come_from_the_summary(ui_db, tmp_path, monkeypatch):
    """The dashboard's top sources and the source page read each source's any-hop grade
    mix from provenance_summary (no join over its statements per request), and say the
    same as counting it on a database without those rows."""
    path, ids = ui_db
    counted = make_datasette(await _without_source_any(path, tmp_path))
    dashboard_url, source_url = "/-/provenance/provenance.json", f"/-/provenance/provenance/sources/{ids['jane']}.json"
    expected = [(await counted.client.get(url)).json() for url in (dashboard_url, source_url)]
    ds = make_datasette(path)
    db = ds.get_database("provenance")
    real_execute = db.execute
    joins = []

    async def record_joins(sql, params=None, **kwargs):
        if _is_any_hop_count(sql) and "s.grade" in sql:  # (the outlets list still counts)
            joins.append(sql)
        return await real_execute(sql, params, **kwargs)

    monkeypatch.setattr(db, "execute", record_joins)
    dashboard, source = [(await ds.client.get(url)).json() for url in (dashboard_url, source_url)]
    assert joins == []
    assert expected[0]["sources"] and dashboard["sources"] == expected[0]["sources"]
    assert dashboard["sources_grade_mix"] == "any_hop" and not source["partial"]
    assert source["grades"] and source["grades"] == expected[1]["grades"]


@pytest.mark.asyncio
async def test_pages_degrade_when_a_heavy_query_times_out(ui_db, tmp_path, monkeypatch):
    """On a huge older database (no source_any summary rows) Datasette's time limit may
    interrupt the any-hop counts: the pages then fall back to the store's first-hand
    totals instead of a 500."""
    from datasette.database import QueryInterrupted

    path, ids = ui_db
    ds = make_datasette(await _without_source_any(path, tmp_path))
    db = ds.get_database("provenance")
    real_execute = db.execute

    async def slow_joins(sql, params=None, **kwargs):
        if _is_any_hop_count(sql):
            raise QueryInterrupted(None, sql, params)
        return await real_execute(sql, params, **kwargs)

    monkeypatch.setattr(db, "execute", slow_joins)
    dashboard = await ds.client.get("/-/provenance/provenance.json")
    assert dashboard.status_code == 200
    assert dashboard.json()["sources_grade_mix"] == "first_hand"
    source = await ds.client.get(f"/-/provenance/provenance/sources/{ids['jane']}.json")
    assert source.status_code == 200 and source.json()["partial"] is True
    assert source.json()["statements"]  # the page of statements still lists them
    html = await ds.client.get(f"/-/provenance/provenance/sources/{ids['jane']}")
    assert html.status_code == 200 and "time limit" in html.text


@pytest.mark.asyncio
async def test_outlet_pages_share_the_page_frame_and_link_grades_to_statements(ui_db):
    path, _ = ui_db
    ds = make_datasette(path)
    assert 'href="/-/provenance/provenance/outlets">outlets<' in (await ds.client.get("/-/provenance/provenance")).text
    listing = (await ds.client.get("/-/provenance/provenance/outlets")).text
    outlet_id = int(re.search(r'href="/-/provenance/provenance/outlets/(\d+)">Daily Planet<', listing).group(1))
    for url in ("/-/provenance/provenance/outlets", f"/-/provenance/provenance/outlets/{outlet_id}"):
        page = (await ds.client.get(url)).text
        assert 'href="/-/static-plugins/datasette_provenance/provenance.css"' in page, url
        assert 'href="/-/provenance/provenance">dashboard<' in page, url
        assert 'href="/provenance">provenance</a>' in page, url  # crumbs back to the database
    page = html.unescape((await ds.client.get(f"/-/provenance/provenance/outlets/{outlet_id}")).text)
    grades = (await ds.client.get(f"/-/provenance/provenance/outlets/{outlet_id}.json")).json()["grades"]
    assert grades
    for grade, count in grades.items():
        link = f"/provenance/statements?outlet=Daily%20Planet&grade={grade}"
        assert f'href="{link}"' in page
        rows = (await ds.client.get(link.replace("statements?", "statements.json?_shape=array&_size=max&"))).json()
        assert len(rows) == count


@pytest.mark.asyncio
async def test_provenance_tables_get_their_stylesheet_and_articles_stay_short_in_the_table(ui_db):
    path, _ = ui_db
    ds = make_datasette(path)
    css = 'href="/-/static-plugins/datasette_provenance/provenance-tables.css"'
    for table in ("statements", "attributions", "articles", "sources", "outlets"):
        assert css in (await ds.client.get(f"/provenance/{table}")).text, table
    assert (await ds.client.get("/-/static-plugins/datasette_provenance/provenance-tables.css")).status_code == 200
    # Grades read as the coloured badges of the plugin's pages.
    page = (await ds.client.get("/provenance/statements")).text
    assert 'href="/-/static-plugins/datasette_provenance/provenance.css"' in page
    assert re.search(r'<span class="pv-badge pv-grade-([A-F])" title="Grade \1">\1</span>', page)
    page = (await ds.client.get("/provenance/articles")).text
    # Article bodies are wrapped for the CSS line clamp, still escaped.
    cells = re.findall(r'<div class="pv-cell-long">(.*?)</div>', page, re.S)
    assert cells and all("<a " not in c and "<script" not in c for c in cells)
    assert any("&lt;a href=" in c for c in cells)


@pytest.mark.asyncio
async def test_article_page_shows_each_chain_of_a_statement_on_its_own(tmp_path):
    from datasette_provenance import ingest, store

    (tmp_path / "two.txt").write_text(
        "Two views\n\nMayor Ann Lee said the bridge would close, and the council said it would stay open.\n")
    path = tmp_path / "provenance.db"
    store.load_articles(store.open_db(path), ingest.read_articles([str(tmp_path / "two.txt")]))
    ds = make_datasette(path)
    article_id = (await ds.client.get("/provenance/articles.json?_shape=array")).json()[0]["id"]
    url = f"/-/provenance/provenance/articles/{article_id}"
    statement = next(s for s in (await ds.client.get(url + ".json")).json()["statements"]
                     if len({h["chain"] for h in s["attributions"]}) > 1)
    chains = sorted({h["chain"] for h in statement["attributions"]})
    page = (await ds.client.get(url)).text
    detail = page[page.index(f'id="statement-{statement["idx"]}"'):]
    detail = detail[:detail.index("</section>")]
    assert "Attribution chains" in detail
    # One summary and one list of hops per chain, in chain order, each from the article.
    assert detail.count('class="pv-chain-summary"') == len(chains) == detail.count('<ol class="pv-chain">')
    assert [f"Chain {i + 1} of {len(chains)}" in detail for i in range(len(chains))] == [True] * len(chains)
    firsts = [next(h for h in statement["attributions"] if h["chain"] == c)["source"]["text"] for c in chains]
    assert [detail.index(html.escape(name)) for name in firsts] == sorted(
        detail.index(html.escape(name)) for name in firsts)


@pytest.mark.asyncio
async def test_article_foreign_keys_are_labelled_with_the_headline(ui_db):
    # 1.0 labels a foreign key with the one unique text column when it has no label
    # setting: for articles that is the content-hash id. The defaults name the title.
    path, ids = ui_db
    ds = make_datasette(path, metadata_file=False)
    await ds.invoke_startup()
    rows = (await ds.client.get("/provenance/statements.json?_labels=on&_shape=array&_size=max")).json()
    titles = {r["article_id"]["value"]: r["article_id"]["label"] for r in rows}
    article = (await ds.client.get(f"/-/provenance/provenance/articles/{ids['chain']}.json")).json()
    assert titles[ids["chain"]] == article["article"]["title"] != ids["chain"]


@pytest.mark.asyncio
async def test_every_cell_of_the_plugin_tables_names_its_column_for_phones(ui_db):
    path, ids = ui_db
    ds = make_datasette(path)
    tables = 0
    for url in page_urls(ids) + ["/-/provenance/provenance/outlets"]:
        page = (await ds.client.get(url)).text
        for table in re.findall(r'<table class="rows-and-columns pv-table[^"]*">(.*?)</table>', page, re.S):
            tables += 1
            headers = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table.split("</thead>", 1)[1], re.S):
                assert re.findall(r'<td data-label="([^"]*)"', row) == headers[:row.count("<td")], url
    assert tables >= 5


@pytest.mark.asyncio
async def test_jobs_list_links_the_dashboard_and_its_json_twin(ui_db):
    path, _ = ui_db
    ds = make_datasette(path)
    page = (await ds.client.get("/-/provenance/provenance/jobs")).text
    assert 'href="/-/provenance/provenance">Provenance dashboard<' in page
    assert 'href="/-/provenance/provenance/jobs.json">JSON<' in page
    assert (await ds.client.get("/-/provenance/provenance/jobs.json")).json()["jobs"] == []


@pytest.mark.asyncio
async def test_article_page_links_its_outlet_page_when_the_actor_may_see_outlets(ui_db):
    path, ids = ui_db
    url = f"/-/provenance/provenance/articles/{ids['chain']}"
    ds = make_datasette(path)
    data = (await ds.client.get(url + ".json")).json()
    outlet_url = data["article"]["outlet_url"]
    assert outlet_url and (await ds.client.get(outlet_url + ".json")).json()["outlet"]["name"] == \
        data["article"]["outlet"]
    assert f'<a href="{outlet_url}"' in (await ds.client.get(url)).text
    private = make_datasette(path, config={"databases": {"provenance": {"tables": {"outlets": {"allow": False}}}}})
    assert (await private.client.get(url + ".json")).json()["article"]["outlet_url"] is None


@pytest.mark.asyncio
async def test_source_page_links_each_citing_article(ui_db):
    path, ids = ui_db
    ds = make_datasette(path)
    url = f"/-/provenance/provenance/sources/{ids['jane']}"
    data = (await ds.client.get(url + ".json")).json()
    page = (await ds.client.get(url)).text
    for s in data["statements"]:
        assert f'<a href="/-/provenance/provenance/articles/{s["article_id"]}" title="The whole article' in page


@pytest.mark.asyncio
async def test_a_published_datetime_reads_as_its_date(tmp_path):
    from conftest import SEEDS
    from datasette_provenance import ingest, store

    path = tmp_path / "provenance.db"
    store.load_articles(store.open_db(path), ingest.read_articles([str(SEEDS / "river-levels.jsonl")]))
    ds = make_datasette(path)
    stamp = "2026-07-03T18:30:00+02:00"  # the seed's Daily Meridian article
    (outlet,) = (await ds.client.get("/provenance/outlets.json?_shape=array&name=Daily%20Meridian")).json()
    (article,) = (await ds.client.get(
        "/provenance/articles.json?_shape=array&outlet=Daily%20Meridian")).json()
    for url in (f"/-/provenance/provenance/outlets/{outlet['id']}", "/-/provenance/provenance",
                f"/-/provenance/provenance/articles/{article['id']}"):
        page = (await ds.client.get(url)).text
        assert f'<time datetime="{stamp}" title="{stamp}">2026-07-03</time>' in page, url
        assert f">{stamp}<" not in page, url
    # The JSON twins keep the stored value.
    data = (await ds.client.get(f"/-/provenance/provenance/articles/{article['id']}.json")).json()
    assert stamp in str(data)


@pytest.mark.asyncio
async def test_page_header_colour_is_valid_css(ui_db):
    # The header bar takes the database's colour where Datasette gives one (1.0) and the
    # stylesheet's otherwise (0.65 has none): never an invalid "border-color: #None".
    path, ids = ui_db
    ds = make_datasette(path)
    for url in ("/-/provenance/provenance", f"/-/provenance/provenance/articles/{ids['seed']}",
                f"/-/provenance/provenance/sources/{ids['jane']}"):
        page = (await ds.client.get(url)).text
        assert "#None" not in page, url
        for colour in re.findall(r'page-header" style="border-color: #([^"]*)"', page):
            assert re.fullmatch(r"[0-9a-f]{6}", colour), (url, colour)


@pytest.mark.asyncio
async def test_facets_listed_in_their_configured_order_on_both_versions(ui_db, tmp_path):
    # 0.65 lists facets by their number of values, 1.0 the configured ones first: the
    # plugin's list puts sourcing and grade first on both, for any database name.
    from datasette.app import Datasette

    path, _ = ui_db
    configured = [next(iter(f.values())) if isinstance(f, dict) else f for f in yaml.safe_load(
        (ROOT / "metadata.yml").read_text())["databases"]["provenance"]["tables"]["statements"]["facets"]]
    copy = await _copy_as(path, tmp_path, "news.db")
    for ds, base in ((make_datasette(path), "/provenance"), (Datasette([str(copy)]), "/news")):
        database = base.strip("/")
        html = (await ds.client.get(f"{base}/statements?_facet=article_id")).text
        shown = re.findall(rf'class="facet-info facet-{database}-statements-([a-z_]+)"', html)
        counts = facet_results((await ds.client.get(
            f"{base}/statements.json?_facet=article_id&_extra=facet_results")).json())
        # Every configured facet, in order, then the one asked for in the URL.
        assert shown == configured + ["article_id"], shown
        # Not the order of their sizes, which would be a different one.
        by_size = sorted(shown, key=lambda name: (len(counts[name]["results"]), name), reverse=True)
        assert by_size != shown
