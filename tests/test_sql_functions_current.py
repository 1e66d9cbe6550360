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


def test_functions_that_follow_ratings_are_not_deterministic_for_sqlite(tmp_path):
    """An index or generated column would keep the grades of the day it was written: SQLite
    refuses them, and the same cached statement answers with the new rating."""
    import sqlite3

    from datasette_provenance import ratings
    from datasette_provenance.sql_functions import CurrentInputs, _read_inputs, register

    path = tmp_path / "news.db"
    fx.build(path)
    conn = sqlite3.connect(path)
    register(conn, current=CurrentInputs(conn, {}, _read_inputs))
    conn.execute("create table notes (body text)")
    with conn:
        conn.execute("insert into notes values (?)", [SENTENCE])
    for sql in ("create index notes_grade on notes (provenance_grade(body))",
                "create table graded (body text, grade text "
                "generated always as (provenance_grade(body)))",
                "create index notes_f on notes (body) where provenance_grade(body) = 'F'"):
        with pytest.raises(sqlite3.OperationalError, match="non-deterministic"):
            conn.execute(sql)

    query = f"select provenance_score('{SENTENCE}'), provenance_score(body) from notes"
    before = conn.execute(query).fetchone()
    other = sqlite3.connect(path)  # another connection commits a rating
    ratings.set_rating(other, "source", "Valery Gerasimov", "A")
    other.close()
    after = conn.execute(query).fetchone()  # the same (cached) statement, run again
    assert after[0] == after[1] > before[0] == before[1]
