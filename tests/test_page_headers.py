"""The header of the plugin's pages. Every page about a database draws its header bar in that
database's colour, the one Datasette's own table page for it draws: going from a table to the
dashboard, an outlet or an analysis keeps the bar (the outlets, analyse and jobs pages once drew
the stylesheet's grey). An article's meta line says which name is the author; the outlets list
links each count to what it counts."""
import re

import pytest

from test_analyze_web import EDITOR, cookies_for, make_datasette, post_form
from test_analyze_web import scraped  # noqa: F401  (fixture)
from ui_helpers import make_datasette as make_ui_datasette, ui_db  # noqa: F401  (fixture)

BAR = re.compile(r'<div class="page-header" style="border-color: #([0-9a-f]{6})">')


def bar_colour(html, path):
    found = BAR.findall(html)
    assert len(found) == 1, (path, found, html[:2000])
    return found[0]


@pytest.mark.asyncio
async def test_provenance_pages_draw_the_tables_bar(ui_db):
    path, ids = ui_db
    ds = make_ui_datasette(path)
    table_bar = bar_colour((await ds.client.get("/provenance/statements")).text, "table")
    pages = ["/-/provenance/provenance", f"/-/provenance/provenance/articles/{ids['seed']}",
             f"/-/provenance/provenance/sources/{ids['jane']}", "/-/provenance/provenance/outlets",
             f"/-/provenance/provenance/outlets/{ids['planet']}",
             "/-/provenance/provenance/articles/no-such-article",
             "/-/provenance/provenance/outlets/999999", "/-/provenance/provenance/jobs"]
    for page in pages:
        response = await ds.client.get(page)
        assert response.status_code in (200, 404), page
        assert bar_colour(response.text, page) == table_bar, page


@pytest.mark.asyncio
async def test_analysis_pages_draw_the_tables_bar(scraped):  # noqa: F811
    ds = make_datasette(scraped)
    cookies = cookies_for(ds, EDITOR)
    table_bar = bar_colour((await ds.client.get("/scraped/scraped", cookies=cookies)).text, "table")
    form = await ds.client.get("/-/provenance/scraped/analyze/scraped", cookies=cookies)
    assert form.status_code == 200
    assert bar_colour(form.text, "form") == table_bar
    started = await post_form(ds, EDITOR, {"column": "body"})
    assert started.status_code == 302, started.text
    job = await ds.client.get(started.headers["location"], cookies=cookies)
    assert job.status_code == 200
    assert bar_colour(job.text, "job") == table_bar


@pytest.mark.asyncio
async def test_article_meta_names_the_author_as_the_author(ui_db):
    # The meta line reads "Daily Planet · by R. Porter · ...", not two bare names.
    path, ids = ui_db
    ds = make_ui_datasette(path)
    page = (await ds.client.get(f"/-/provenance/provenance/articles/{ids['chain']}")).text
    meta = page[page.index('<p class="pv-meta">'):]
    meta = meta[:meta.index("</p>")]
    assert '<span class="pv-byline">by R. Porter</span>' in meta
    assert meta.index("Daily Planet") < meta.index("by R. Porter")


@pytest.mark.asyncio
async def test_outlets_page_links_each_outlets_article_count_to_those_articles(ui_db):
    # As its statement count leads to its statements: the count is a link to the articles
    # table filtered to the outlet, and that view holds exactly that many rows.
    import html as html_lib
    from urllib.parse import quote

    path, ids = ui_db
    ds = make_ui_datasette(path)
    outlets = (await ds.client.get("/-/provenance/provenance/outlets.json")).json()["outlets"]
    page = (await ds.client.get("/-/provenance/provenance/outlets")).text
    assert len(outlets) >= 3  # the seeds' outlets, the fixtures' and the hostile one
    for outlet in outlets:
        if not outlet["articles"]:
            continue
        href = f"/provenance/articles?outlet={quote(outlet['name'])}"
        link = f'<a href="{html_lib.escape(href)}" title="Its articles">{outlet["articles"]}</a>'
        assert link in page, (outlet["name"], link)
        rows = (await ds.client.get(href.replace("/articles?", "/articles.json?_shape=array&"))).json()
        assert len(rows) == outlet["articles"], outlet["name"]
