"""Datasette's own table views describe the provenance columns whose values need
explaining, for a database of any name, on both versions; the user's metadata wins."""
import html

import pytest
import sqlite_utils

from datasette_provenance import store
from datasette_provenance.column_notes import column_notes
from datasette_provenance.glossary import grade_bands
from ui_helpers import make_datasette


@pytest.fixture
def news_db(tmp_path):
    path = tmp_path / "news.db"
    store.ensure_schema(sqlite_utils.Database(str(path)))
    return path


def _descriptions(page_html):
    return html.unescape(page_html)


@pytest.mark.asyncio
async def test_table_views_describe_the_jargon_columns(news_db):
    ds = make_datasette(news_db, metadata_file=False)
    await ds.invoke_startup()
    for table, notes in column_notes().items():
        page = _descriptions((await ds.client.get(f"/news/{table}")).text)
        for column, note in notes.items():
            assert note in page, (table, column)
    grade = column_notes()["statements"]["grade"]
    assert all(f"{b['grade']} {b['low']}+" in grade for b in grade_bands()[:-1])
    assert "not grade F" in column_notes()["sources"]["reliability"]


@pytest.mark.asyncio
async def test_column_descriptions_listed_in_the_same_order_on_both_versions(news_db):
    # 1.0 lists them by column name (its metadata table's key order); 0.65 lists them as
    # the plugin gives them: by name too, so a reader sees one list whichever runs.
    import re

    ds = make_datasette(news_db, metadata_file=False)
    await ds.invoke_startup()
    for table, notes in column_notes().items():
        page = (await ds.client.get(f"/news/{table}")).text
        listed = re.search(r'<dl class="column-descriptions">(.*?)</dl>', page, re.S)
        assert listed, table
        names = re.findall(r"<dt>([^<]+)</dt>", listed.group(1))
        assert names == sorted(notes), (table, names)


@pytest.mark.asyncio
async def test_users_own_column_description_wins(news_db):
    mine = "Our newsroom's letter"
    metadata = {"databases": {"news": {"tables": {"statements": {"columns": {"grade": mine}}}}}}
    from datasette.app import Datasette

    ds = Datasette([str(news_db)], metadata=metadata)
    await ds.invoke_startup()
    page = _descriptions((await ds.client.get("/news/statements")).text)
    assert mine in page
    assert column_notes()["statements"]["grade"] not in page
    assert column_notes()["statements"]["sourcing"] in page
