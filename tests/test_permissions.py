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
