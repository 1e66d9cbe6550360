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
