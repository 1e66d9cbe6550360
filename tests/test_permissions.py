"""Every plugin route honours Datasette's own permissions, HTML and JSON, on both versions."""
import pytest

from ui_helpers import actor_cookies, make_datasette, ui_db  # noqa: F401  (fixture)

# Strings that only the private database contains (titles, statement text, source names).
SECRETS = ("Bridge closed after storm", "Jane Doe", "Ministry of Roads", "Putin", "Daily Planet")


def all_routes(ids):
    base = "/-/provenance/provenance"
    pages = [base, f"{base}/articles/{ids['chain']}", f"{base}/articles/{ids['seed']}",
             f"{base}/sources/{ids['jane']}", f"{base}/outlets", f"{base}/outlets/{ids['planet']}"]
    return pages + [p + ".json" for p in pages]


def unseen_routes():
    """Routes whose answer for an allowed actor holds none of SECRETS (or is a 404): still
    403 for anyone else, before anything is looked up."""
    base = "/-/provenance/provenance"
    return [f"{base}/jobs", f"{base}/jobs.json", f"{base}/jobs/1", f"{base}/jobs/1.json",
            f"{base}/analyze/articles", f"{base}/articles/no-such-article",
            f"{base}/sources/999999.json", f"{base}/outlets/999999"]


async def assert_all_forbidden(ds, ids, cookies=None, whole_database=True):
    """whole_database: the actor may not view the database at all, so even the routes that
    read none of its content tables (jobs, a missing article) refuse."""
    for url in all_routes(ids) + (unseen_routes() if whole_database else []):
        response = await ds.client.get(url, cookies=cookies or {})
        assert response.status_code == 403, url
        if url.endswith(".json"):  # an API client gets JSON back, on both versions
            assert response.json()["ok"] is False and response.json()["status"] == 403
        for secret in SECRETS:
            assert secret not in response.text, (url, secret)


async def assert_all_open(ds, ids, cookies=None):
    """Every route answers with its content (a 200 page that showed nothing would pass a
    status check alone)."""
    for url in all_routes(ids):
        response = await ds.client.get(url, cookies=cookies or {})
        assert response.status_code == 200, url
        assert any(secret in response.text for secret in SECRETS), url


@pytest.mark.asyncio
async def test_private_database_is_403_everywhere(ui_db):
    path, ids = ui_db
    ds = make_datasette(path, {"databases": {"provenance": {"allow": {"id": "editor"}}}})
    await assert_all_forbidden(ds, ids)
    await assert_all_forbidden(ds, ids, actor_cookies(ds, "somebody-else"))
    # The allowed actor sees every route.
    await assert_all_open(ds, ids, actor_cookies(ds, "editor"))
    # And nothing links anonymous users to it.
    home = await ds.client.get("/")
    assert "/-/provenance/provenance" not in home.text


@pytest.mark.asyncio
async def test_private_instance_is_403_everywhere(ui_db):
    path, ids = ui_db
    ds = make_datasette(path, {"allow": {"id": "editor"}})
    await assert_all_forbidden(ds, ids)


@pytest.mark.asyncio
async def test_private_table_hides_the_pages_that_read_it(ui_db):
    path, ids = ui_db
    ds = make_datasette(path, {"databases": {"provenance": {"tables": {"sources": {"allow": False}}}}})
    # Every page reads sources (names in chains, most-cited list), so all are closed.
    await assert_all_forbidden(ds, ids, whole_database=False)
    # The rest of the database stays open, as Datasette itself decides.
    assert (await ds.client.get("/provenance/articles.json")).status_code == 200
    assert (await ds.client.get("/provenance/sources.json")).status_code == 403


@pytest.mark.asyncio
async def test_public_database_is_open(ui_db):
    path, ids = ui_db
    await assert_all_open(make_datasette(path), ids)


@pytest.mark.asyncio
async def test_table_cells_name_articles_and_sources_only_to_who_may_view_them(ui_db):
    """A statement's row page and the sources table name an article by its title and a source
    by its name, read from articles / sources: an actor who may view statements but not that
    table sees the id, not the title or name (1.0 passes render_cell the request; on 0.65,
    which does not, a label shows only when anyone may see its table)."""
    import re
    import sqlite3

    from datasette_provenance.compat import IS_1_0

    path, ids = ui_db
    with sqlite3.connect(path) as conn:
        statement_id = conn.execute(
            "select id from statements where article_id = ? and source_id = ?",
            [ids["chain"], ids["jane"]]).fetchone()[0]
        scoped_id, scope, scope_title = conn.execute(
            "select s.id, s.scope, a.title from sources s join articles a on a.id = s.scope"
            " limit 1").fetchone()

    def editor():  # a dict each (Datasette 1.0 adds its table settings to it)
        return {"allow": {"id": "editor"}}

    def cell(page, column):
        return re.search(rf'<td class="col-{column}[^"]*">(.*?)</td>', page, re.S).group(1)

    ds = make_datasette(path, {"databases": {"provenance": {"tables": {
        "articles": editor(), "sources": editor()}}}})
    page = (await ds.client.get(f"/provenance/statements/{statement_id}")).text
    assert ids["chain"] in cell(page, "article_id") and str(ids["jane"]) in cell(page, "source_id")
    assert "Bridge closed after storm" not in cell(page, "article_id")
    assert "Jane Doe" not in cell(page, "source_id")
    # The table page too (0.65 expands foreign keys to labels whoever asks).
    table = (await ds.client.get(f"/provenance/statements?article_id={ids['chain']}")).text
    article_cells = re.findall(r'<td class="col-article_id[^"]*">(.*?)</td>', table, re.S)
    source_cells = re.findall(r'<td class="col-source_id[^"]*">(.*?)</td>', table, re.S)
    assert article_cells and all(ids["chain"] in c and "Bridge closed" not in c for c in article_cells)
    assert any(str(ids["jane"]) in c for c in source_cells)
    assert not any("Jane Doe" in c for c in source_cells)
    editor_page = (await ds.client.get(f"/provenance/statements/{statement_id}",
                                       cookies=actor_cookies(ds, "editor"))).text
    assert ("Bridge closed after storm" in cell(editor_page, "article_id")) is IS_1_0
    assert ("Jane Doe" in cell(editor_page, "source_id")) is IS_1_0

    ds = make_datasette(path, {"databases": {"provenance": {"tables": {"articles": editor()}}}})
    page = (await ds.client.get(f"/provenance/sources/{scoped_id}")).text
    assert scope in cell(page, "scope") and scope_title[:20] not in cell(page, "scope")
    editor_page = (await ds.client.get(f"/provenance/sources/{scoped_id}",
                                       cookies=actor_cookies(ds, "editor"))).text
    assert (scope_title[:20] in cell(editor_page, "scope")) is IS_1_0


@pytest.mark.asyncio
async def test_table_cell_labels_ask_once_per_table_and_request(ui_db, monkeypatch):
    """A table page has a label cell per row and foreign key: the permission behind them is
    asked once per table in a request, not once per cell (which tripled a 0.65 page's CPU),
    and asked again by the next request."""
    from datasette_provenance import links

    path, ids = ui_db
    asked = []
    real = links.can_view

    async def counted(datasette, actor, database, tables=()):
        if tuple(tables) in (("articles",), ("sources",)):  # (not the menus' checks)
            asked.append(tuple(tables))
        return await real(datasette, actor, database, tables)

    monkeypatch.setattr(links, "can_view", counted)
    ds = make_datasette(path, {"databases": {"provenance": {"tables": {
        "articles": {"allow": {"id": "editor"}}, "sources": {"allow": {"id": "editor"}}}}}})
    page = (await ds.client.get("/provenance/statements?_size=100")).text
    assert page.count('<td class="col-article_id') > 20
    assert sorted(asked) == [("articles",), ("sources",)]
    await ds.client.get("/provenance/statements?_size=100")
    assert len(asked) == 4


@pytest.mark.asyncio
async def test_dashboard_shows_outlet_ratings_only_to_who_may_view_outlets(ui_db, tmp_path):
    import sqlite3

    from datasette_provenance import ratings

    path, ids = ui_db
    copy = tmp_path / "provenance.db"
    with sqlite3.connect(path) as source, sqlite3.connect(copy) as conn:
        source.backup(conn)  # (a WAL database's rows may not be in its main file yet)
        ratings.set_rating(conn, "outlet", "Daily Planet", "E", "Known for made-up quotes")
    page_link = f"/-/provenance/provenance/outlets/{ids['planet']}"
    hidden = make_datasette(copy, {"databases": {"provenance": {"tables": {
        "outlets": {"allow": False}}}}})
    for ds, shown in ((make_datasette(copy), True), (hidden, False)):
        html = (await ds.client.get("/-/provenance/provenance")).text
        data = (await ds.client.get("/-/provenance/provenance.json")).json()
        planet = next(o for o in data["outlets"] if o["outlet"] == "Daily Planet")
        assert "Daily Planet" in html  # its statements' counts are the statements table's
        assert (page_link in html) is shown
        assert ('data-label="Reliability" class="pv-wide-only"><a class="pv-outlet-rating"' in html) is shown
        assert ("rated <strong>E</strong>" in html) is shown
        assert (planet.get("reliability") == "E") is shown and bool(planet["page_url"]) is shown


# The pages each table's privacy closes (the table is read for the page's content); the
# other pages stay open and show nothing of it.
READERS = {
    "articles": {"dashboard", "article", "source", "outlets", "outlet"},
    "statements": {"dashboard", "article", "source", "outlets", "outlet"},
    "attributions": {"dashboard", "article", "source"},
    "source_aliases": {"source"},
    "outlets": {"outlets", "outlet"},
    "rating_changes": {"outlets", "outlet"},
}


@pytest.mark.asyncio
@pytest.mark.parametrize("table", sorted(READERS))
async def test_each_private_table_closes_exactly_the_pages_that_read_it(ui_db, table):
    path, ids = ui_db
    base = "/-/provenance/provenance"
    pages = {"dashboard": base, "article": f"{base}/articles/{ids['chain']}",
             "source": f"{base}/sources/{ids['jane']}", "outlets": f"{base}/outlets",
             "outlet": f"{base}/outlets/{ids['planet']}"}
    ds = make_datasette(path, {"databases": {"provenance": {"tables": {table: {"allow": False}}}}})
    for page, url in pages.items():
        for twin in (url, url + ".json"):
            response = await ds.client.get(twin)
            assert response.status_code == (403 if page in READERS[table] else 200), (table, twin)
            if response.status_code == 403:
                assert not any(secret in response.text for secret in SECRETS), twin
