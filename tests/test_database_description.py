"""The plugin describes a provenance database (dashboard and statements links) only when
the user's metadata leaves it undescribed: a user's own description, plain or HTML, is
what the database page shows, on 0.65 (get_metadata hook) as on the 1.0 alphas."""
import pytest
from datasette.app import Datasette

from ui_helpers import ui_db  # noqa: F401  (fixture)


@pytest.mark.asyncio
@pytest.mark.parametrize("key, value", [
    ("description", "Our newsroom archive"),
    ("description_html", "<em>Our newsroom archive</em>"),
])
async def test_a_users_description_wins(ui_db, key, value):
    path, _ = ui_db
    ds = Datasette([str(path)], metadata={"databases": {"provenance": {key: value}}})
    page = (await ds.client.get("/provenance")).text
    assert value in page
    assert "Articles, their statements and the attribution chains" not in page


@pytest.mark.asyncio
async def test_an_undescribed_database_gets_the_plugins_description(ui_db):
    path, _ = ui_db
    ds = Datasette([str(path)], metadata={"title": "Elsewhere"})
    page = (await ds.client.get("/provenance")).text
    assert "Articles, their statements and the attribution chains" in page
    assert 'href="/-/provenance/provenance">Provenance dashboard<' in page
