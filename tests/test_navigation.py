"""A first visit finds its way: the homepage and database page lead to the dashboard, and
the bookkeeping tables don't crowd the table lists."""
import pytest

from datasette_provenance.defaults import TABLE_HIDDEN
from ui_helpers import make_datasette, ui_db  # noqa: F401  (fixture)


@pytest.mark.asyncio
async def test_database_page_links_the_dashboard(ui_db):
    # (The homepage says where: the ☰ menu, whose links are permission-aware; a link in the
    # site-wide description would show a private database's dashboard URL to everyone.)
    path, _ = ui_db
    ds = make_datasette(path)
    await ds.invoke_startup()
    page = await ds.client.get("/provenance")
    assert page.status_code == 200
    assert 'href="/-/provenance/provenance"' in page.text
    assert (await ds.client.get("/-/provenance/provenance")).status_code == 200
    assert "☰ menu" in (await ds.client.get("/")).text


@pytest.mark.asyncio
async def test_bookkeeping_tables_hidden_but_reachable(ui_db):
    path, _ = ui_db
    ds = make_datasette(path)
    await ds.invoke_startup()
    tables = {t["name"]: t for t in (await ds.client.get("/provenance.json")).json()["tables"]}
    assert "provenance_summary" in tables  # the fixture database has one
    for name in TABLE_HIDDEN:
        if name in tables:
            assert tables[name]["hidden"], name
    for name in ("articles", "statements", "attributions", "sources"):
        assert not tables[name]["hidden"], name
    # The homepage's short table list leads with the tables a reader wants.
    home = (await ds.client.get("/")).text
    assert "provenance_summary" not in home
    assert (await ds.client.get("/provenance/provenance_summary")).status_code == 200


@pytest.mark.asyncio
async def test_empty_database_dashboard_says_how_to_fill_it(tmp_path):
    import sqlite_utils

    from datasette_provenance import store

    path = tmp_path / "news.db"
    store.ensure_schema(sqlite_utils.Database(str(path)))
    ds = make_datasette(path)
    data = (await ds.client.get("/-/provenance/news.json")).json()
    assert data["totals"]["statements"] == 0
    page = (await ds.client.get("/-/provenance/news")).text
    assert 'id="empty"' in page and "datasette provenance load news.db" in page
    assert "Analyse attributions in this table" in page
    assert 'id="chart-grades"' not in page and 'class="pv-chart' not in page


@pytest.mark.asyncio
async def test_statements_table_links_each_sentence_to_its_context(ui_db):
    import html
    import re

    path, ids = ui_db
    ds = make_datasette(path)
    rows = (await ds.client.get(
        f"/provenance/statements.json?article_id={ids['chain']}&_shape=array")).json()
    page = (await ds.client.get(f"/provenance/statements?article_id={ids['chain']}")).text
    links = re.findall(r'<a class="pv-in-context" href="([^"]+)"', page)
    assert sorted(links) == sorted(
        f"/-/provenance/provenance/articles/{ids['chain']}#statement-{r['idx']}" for r in rows)
    # The sentence itself is still there, escaped, before its link.
    assert html.escape(rows[1]["text"], quote=False) in page


@pytest.mark.asyncio
async def test_article_page_lists_the_sources_it_cites(ui_db):
    import re

    path, ids = ui_db
    ds = make_datasette(path)
    data = (await ds.client.get(f"/-/provenance/provenance/articles/{ids['chain']}.json")).json()
    citing_jane = [s for s in data["statements"]
                   if any((h["source"] or {}).get("name") == "Jane Doe" for h in s["attributions"])]
    page = (await ds.client.get(f"/-/provenance/provenance/articles/{ids['chain']}")).text
    cited = re.search(r'<div class="pv-cited" id="cited-sources">(.*?)</div>', page, re.S).group(1)
    first = re.search(r'<a href="([^"]+)">([^<]+)</a>\s*<span class="pv-aside"[^>]*>(\d+) statements?</span>', cited)
    assert first.group(2) == "Jane Doe" and int(first.group(3)) == len(citing_jane) == 2
    assert first.group(1) == f"/-/provenance/provenance/sources/{ids['jane']}"
    # The seed's two-hop chain puts Gerasimov among its sources, though the article cites "reports".
    seed = (await ds.client.get(f"/-/provenance/provenance/articles/{ids['seed']}")).text
    seed_cited = re.search(r'<div class="pv-cited" id="cited-sources">(.*?)</div>', seed, re.S).group(1)
    assert "Valery Gerasimov" in seed_cited


@pytest.mark.asyncio
async def test_article_page_folds_a_long_list_of_sources(tmp_path):
    """An article citing many sources shows the most cited first, the rest behind 'N more'."""
    import re

    from click.testing import CliRunner
    from datasette.cli import cli

    names = ["Ann Lee", "Bob Stone", "Cy Young", "Di Marsh", "Ed Park", "Flo Hart", "Gus Ward",
             "Hal Moss", "Ida Bell", "Jo Grant", "Kit Fox"]
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "many.txt").write_text("Many voices.\n\n" + "\n\n".join(
        f"{name} said the harbour would reopen in {month}." for name, month in zip(
            names, ["May", "June", "July", "August", "September", "October", "November",
                    "December", "January", "February", "March"])) + "\n")
    path = tmp_path / "provenance.db"
    result = CliRunner().invoke(cli, ["provenance", "load", str(path), str(folder)])
    assert result.exit_code == 0, result.output
    ds = make_datasette(path)
    dashboard = (await ds.client.get("/-/provenance/provenance.json")).json()
    page = (await ds.client.get(dashboard["articles"][0]["url"])).text
    cited = re.search(r'<div class="pv-cited" id="cited-sources">(.*?)</div>', page, re.S).group(1)
    inline, _, folded = cited.partition('<details class="pv-cited-more">')
    shown = re.findall(r'<a href="[^"]+">([^<]+)</a>', inline)
    hidden = re.findall(r'<a href="[^"]+">([^<]+)</a>', folded)
    assert len(shown) == 8 and sorted(shown + hidden) == sorted(names)
    assert f"{len(names) - 8} more sources</summary>" in folded


@pytest.mark.asyncio
async def test_article_scoped_source_says_so(ui_db):
    import sqlite3

    path, ids = ui_db
    conn = sqlite3.connect(str(path))
    scoped = conn.execute("select id, scope from sources where scope is not null limit 1").fetchone()
    shared = ids["jane"]
    conn.close()
    assert scoped, "the seeds have roles never tied to a name ('the fisheries commissioner')"
    ds = make_datasette(path)
    page = (await ds.client.get(f"/-/provenance/provenance/sources/{scoped[0]}")).text
    assert f'Only in <a href="/-/provenance/provenance/articles/{scoped[1]}">one article</a>' in page
    assert "Only in" not in (await ds.client.get(f"/-/provenance/provenance/sources/{shared}")).text


@pytest.mark.asyncio
async def test_dashboard_citation_counts_open_a_list_of_that_many(tmp_path):
    # A source's "citing statements" figure on the dashboard opens the list it counts: the
    # source page's statements, whose total agrees (the attributions table lists hops, more
    # than one per statement when a statement cites the source twice).
    import html
    import re

    from ui_helpers import load_with_cli

    (tmp_path / "a.txt").write_text(
        "Doctor Ilse Varga said the clinic will close in June. Varga said the clinic had run "
        "out of money, Varga said.\n")
    db_path = tmp_path / "p.db"
    load_with_cli(db_path, tmp_path / "a.txt")
    ds = make_datasette(db_path)
    data = (await ds.client.get("/-/provenance/p.json")).json()
    page = (await ds.client.get("/-/provenance/p")).text
    assert data["sources"]
    for source in data["sources"]:
        link = html.unescape(re.search(
            r'<td data-label="Citing statements" class="pv-num"><a href="([^"]+)"[^>]*>'
            + f'{source["citations"]:,}<', page[page.index(source["url"]):]).group(1))
        assert link == source["url"] + "#statements"
        listed = (await ds.client.get(source["url"] + ".json")).json()
        assert listed["source"]["statement_count"] == source["citations"]
        assert len(listed["statements"]) == source["citations"]


@pytest.mark.asyncio
@pytest.mark.parametrize("path,look_in", [
    ("articles/no-such-article", "/provenance/articles"),
    ("sources/999999", "/provenance/sources"),
    ("outlets/999999", "/-/provenance/provenance/outlets"),
    ("jobs/999999", "/-/provenance/provenance/jobs"),
])
async def test_a_missing_row_page_says_where_to_look(ui_db, path, look_in):
    # A stale link (an edited article reloads under a new id) gets a 404 page with the
    # database's crumbs and a link to where the thing would be listed, not a dead end;
    # the .json twin stays a JSON 404; a hostile id in the URL is shown escaped.
    db_path, _ = ui_db
    ds = make_datasette(db_path)
    page = await ds.client.get(f"/-/provenance/provenance/{path}")
    assert page.status_code == 404
    assert f'href="{look_in}"' in page.text
    assert 'href="/provenance"' in page.text  # crumbs back to the database
    data = (await ds.client.get(f"/-/provenance/provenance/{path}.json"))
    assert data.status_code == 404 and data.json()["ok"] is False
    hostile = await ds.client.get("/-/provenance/provenance/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert hostile.status_code == 404 and "<script>alert(1)" not in hostile.text
