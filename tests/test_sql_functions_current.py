"""The SQL functions follow rating changes on a running Datasette: no reconnect needed."""
import json

import pytest
from click.testing import CliRunner
from datasette.cli import cli

import ratings_fixtures as fx
from test_ratings_web import RATERS, form_of, ids, make_datasette, post_rating

SENTENCE = "Valery Gerasimov said the operation was done on Friday."
QUERY = (f"select provenance_score('{SENTENCE}') as score, provenance_grade('{SENTENCE}') as grade,"
         f" provenance_extract('{SENTENCE}') as doc")


async def scored(ds):
    response = await ds.client.get("/news.json", params={"sql": QUERY, "_shape": "array"},
                                   follow_redirects=True)
    assert response.status_code == 200, response.text
    row = response.json()[0]
    [statement] = json.loads(row["doc"])["statements"]
    assert statement["score"] == row["score"]
    return row["score"], row["grade"], statement["reasons"]


@pytest.mark.asyncio
async def test_rating_changes_from_the_ui_and_the_cli_reach_the_sql_functions(tmp_path):
    path = tmp_path / "news.db"
    fx.build(path)
    ds = make_datasette(path, permissions={"provenance-rate": RATERS})
    # Read through the same connections before and after: they were opened (and the
    # functions registered) while Gerasimov was unrated.
    score_f, _, reasons = await scored(ds)
    assert any("rated F" in r for r in reasons), reasons
    assert await scored(ds) == (score_f, _, reasons)

    _, cookies, fields = await form_of(ds, path, RATERS)
    response = await post_rating(ds, f"/-/provenance/news/sources/"
                                 f"{ids(path, 'sources', 'Valery Gerasimov')}/rate",
                                 cookies, fields, reliability="A")
    assert response.status_code == 302
    score_a, grade_a, reasons = await scored(ds)
    assert score_a > score_f and grade_a == "A"
    assert any("'Valery Gerasimov' rated A" in r for r in reasons), reasons

    result = CliRunner().invoke(cli, ["provenance", "rate", str(path), "Valery Gerasimov", "E"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    score_e, _, reasons = await scored(ds)
    assert score_e < score_f
    assert any("'Valery Gerasimov' rated E" in r for r in reasons), reasons
