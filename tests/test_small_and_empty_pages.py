"""Pages for a database with little in it read as sentences, not rows of zeros: one
article is "1 article", an empty database has only the what-to-do card, a source no
statement cites says so instead of drawing an empty chart."""
import re

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.cli import cli

from ui_helpers import make_datasette

TEXT = "Harbour fees rise\n\nThe port will raise its fees in May, Ana Ruiz said.\n"


def _plain(fragment):
    return " ".join(re.sub(r"<[^>]+>", "", fragment).split())


@pytest.fixture
def one_article_db(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "fees.txt").write_text(TEXT)
    path = tmp_path / "news.db"
    result = CliRunner().invoke(cli, ["provenance", "load", str(path), str(tmp_path / "in")])
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(str(path))
    # A source left without citations (its article reloaded without it, or rated ahead).
    db["sources"].insert({"id": 900, "name": "Tom Berg", "kind": "person", "reliability": "C",
                          "statement_count": 0})
    article_id = db.execute("select id from articles").fetchone()[0]
    db.conn.close()
    return path, article_id


@pytest.mark.asyncio
async def test_counts_of_one_are_singular(one_article_db):
    path, article_id = one_article_db
    ds = make_datasette(path)
    page = (await ds.client.get("/-/provenance/news")).text
    lede = _plain(page[page.index('<p class="pv-lede">'):page.index("</p>", page.index('class="pv-lede"'))])
    assert "in 1 article;" in lede and "1 articles" not in lede, lede
    article = (await ds.client.get(f"/-/provenance/news/articles/{article_id}")).text
    summary = _plain(re.search(r'<span class="pv-summary-text">(.*?)</span>', article, re.S).group(1))
    # Grades listed with separators between them only, none left hanging after the last.
    assert re.fullmatch(r"2 statements: (\d+ × [A-F])( · \d+ × [A-F])*", summary), summary


@pytest.mark.asyncio
async def test_a_source_no_statement_cites(one_article_db):
    path, _ = one_article_db
    ds = make_datasette(path)
    response = await ds.client.get("/-/provenance/news/sources/900")
    assert response.status_code == 200
    card = response.text[response.text.index('id="chart-grades"'):]
    card = card[:card.index("</section>")]
    assert "No statement cites Tom Berg yet" in _plain(card)
    assert "pv-chart" not in card
    data = (await ds.client.get("/-/provenance/news/sources/900.json")).json()
    assert data["statements"] == [] and data["grades"] == {} and data["next_url"] is None


@pytest.mark.asyncio
async def test_an_empty_database_shows_no_row_of_zeros(tmp_path):
    path = tmp_path / "empty.db"
    assert CliRunner().invoke(cli, ["provenance", "init", str(path)]).exit_code == 0
    page = (await make_datasette(path).client.get("/-/provenance/empty")).text
    assert 'class="pv-lede"' not in page and "0 articles" not in page
    assert 'id="empty"' in page
