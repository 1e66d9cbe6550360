"""Served under a base_url (`--setting base_url /prefix/`), every link the plugin renders
or configures keeps the prefix, and following them lands on working pages."""
import html
import re
from urllib.parse import urlsplit

import pytest
import yaml
from datasette.app import Datasette
from datasette.utils import PrefixedUrlString

from ui_helpers import ROOT, ui_db  # noqa: F401  (fixture)

PREFIX = "/prefix/"


def serve_under_prefix(path):
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text())
    return Datasette([str(path)], metadata=metadata, settings={"base_url": PREFIX})


async def get(ds, url):
    """A URL as the page gives it (already prefixed): no second prefix from the client."""
    response = await ds.client.get(PrefixedUrlString(url))
    assert response.status_code == 200, (url, response.status_code)
    return response


def local_hrefs(page: str) -> list:
    """Every href/src/action pointing at this server (not #anchors or other sites)."""
    found = [html.unescape(u) for u in re.findall(r'(?:href|src|action)="([^"#][^"]*)"', page)]
    return [u for u in found if not urlsplit(u).scheme and not u.startswith("//")]


def json_urls(value, key="") -> list:
    """The URLs in a JSON answer: values of "url"/"..._url" keys and of its "links"."""
    if isinstance(value, dict):
        return [u for k, v in value.items()
                for u in json_urls(v, "links" if key == "links" else k)]
    if isinstance(value, list):
        return [u for v in value for u in json_urls(v, key)]
    is_url = key == "links" or key == "url" or key.endswith("_url")
    return [value] if is_url and isinstance(value, str) and value.startswith("/") else []


def assert_prefixed(urls, where):
    wrong = [u for u in urls if not u.startswith(PREFIX)]
    assert not wrong, (where, wrong)


@pytest.mark.asyncio
async def test_every_link_keeps_the_base_url_and_works(ui_db):
    path, ids = ui_db
    ds = serve_under_prefix(path)
    # The database page's description links to the dashboard and the statements.
    database_page = (await get(ds, PREFIX + "provenance")).text
    dashboard = PREFIX + "-/provenance/provenance"
    assert f'href="{dashboard}">Provenance dashboard<' in database_page
    statements = next(u for u in local_hrefs(database_page)
                      if u.startswith(PREFIX + "provenance/statements?"))

    pages = {"dashboard": dashboard,
             "article": f"{dashboard}/articles/{ids['chain']}",
             "source": f"{dashboard}/sources/{ids['jane']}",
             "statements table": statements}
    followed = set()
    for name, url in pages.items():
        page = (await get(ds, url)).text
        links = local_hrefs(page)
        if name == "statements table":
            # Datasette's own view: the links the plugin adds to it (its cells, its CSS).
            # (0.65's own .json link there doubles the prefix: Datasette's, not ours.)
            links = [u for u in links if "/-/provenance/" in u or "datasette_provenance" in u
                     or "datasette-provenance" in u]
            assert links
        assert_prefixed(links, name)
        # Each kind of page it links to opens: plugin pages, tables, rows, static files.
        kinds = {}
        for link in links:
            kind = re.sub(r"/[^/?]*$", "", urlsplit(link).path)
            kinds.setdefault(kind, link)
        for link in kinds.values():
            if link not in followed and "/-/logout" not in link:
                followed.add(link)
                await get(ds, link)
        if name != "statements table":
            data = (await get(ds, url + ".json")).json()
            urls = json_urls(data)
            assert urls, name
            assert_prefixed(urls, name + ".json")
            for link in urls[:5]:
                await get(ds, link)
    # The table links cells to the plugin's pages under the prefix too.
    table = (await get(ds, statements)).text
    assert f'href="{dashboard}/articles/' in table
    assert f'href="{dashboard}/sources/' in table
    table_json = (await get(ds, urlsplit(statements).path + ".json")).json()
    assert table_json.get("rows")
    assert len(followed) >= 8


def facet_links(page: str) -> list:
    """The paths of a table page's facet-value links (Datasette makes them absolute URLs),
    not its own sort, export or suggested-facet links (those double the prefix under a
    base_url: Datasette's own, on both versions)."""
    paths = []
    for url in re.findall(r'href="([^"]*)"', page):
        parts = urlsplit(html.unescape(url))
        if (re.search(r"(^|&)(grade|sourcing|outlet)=", parts.query)
                and not re.search(r"\.(json|csv)$", parts.path)
                and not re.search(r"(^|&)_", parts.query)):
            paths.append(parts.path + "?" + parts.query)
    return paths


@pytest.mark.asyncio
async def test_statements_facet_links_carry_the_prefix_once(ui_db):
    # The statements table's facets are the plugin's facet type (provenance_counts): each
    # value's link, and the link that clears a selected value, open under one prefix, both
    # when the counts table answers and when Datasette's GROUP BY does (a text__contains=
    # filter is one the counts table cannot answer).
    path, _ = ui_db
    ds = serve_under_prefix(path)
    doubled = PREFIX + PREFIX[1:]
    for table_url in (PREFIX + "provenance/statements",
                      PREFIX + "provenance/statements?text__contains=a"):
        links = facet_links((await get(ds, table_url)).text)
        assert links, table_url
        for link in links[:4]:
            assert link.startswith(PREFIX) and not link.startswith(doubled), link
            selected = facet_links((await get(ds, link)).text)
            assert selected and not any(u.startswith(doubled) for u in selected), link
