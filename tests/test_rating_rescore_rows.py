"""Every way a rating changes (the form, the CLI, an import, a provider) re-scores exactly
the statements it touches: every other statement row stays byte for byte the same, the
touched ones change only in their scoring columns, their reasons name the new rating, the
running totals equal a recount, and one audit row says how many moved."""
import json
import sqlite3

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.cli import cli

from datasette_provenance import store
from test_ratings_round_trip import ARTICLES
from test_ratings_web import RATERS, form_of, make_datasette, post_rating

SCORING = {"score", "grade", "sourcing", "reasons"}


def run(*args):
    result = CliRunner().invoke(cli, ["provenance", *map(str, args)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def news(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for file, text in ARTICLES.items():
        (folder / file).write_text(text)
    path = tmp_path / "news.db"
    run("load", path, folder)
    return path


def rows(path, table, key):
    return {r[key]: r for r in sqlite_utils.Database(str(path)).query(f"select * from {table}")}


def totals(path):
    db = sqlite_utils.Database(str(path))
    return {t: sorted(map(tuple, db.execute(f"select * from {t}").fetchall()))
            for t in ("provenance_summary", "provenance_facet_counts")}


def recounted(path, tmp_path):
    copy = tmp_path / "recount.db"
    copy.unlink(missing_ok=True)
    with sqlite3.connect(path) as source, sqlite3.connect(copy) as conn:
        source.backup(conn)
    store.rebuild_counts(sqlite_utils.Database(str(copy)))
    return totals(copy)


def touched(path, target, name):
    db = sqlite_utils.Database(str(path))
    if target == "source":
        return {r[0] for r in db.execute(
            "select statement_id from attributions where source_id = (select id from sources"
            " where name = ?) union select id from statements where source_id ="
            " (select id from sources where name = ?)", [name, name])}
    return {r[0] for r in db.execute(
        "select s.id from statements s join articles a on a.id = s.article_id where a.outlet = ?",
        [name])}


async def through_the_form(path, target, name, letter):
    ds = make_datasette(path, permissions={"provenance-rate": RATERS})
    table = "sources" if target == "source" else "outlets"
    target_id = sqlite_utils.Database(str(path)).execute(
        f"select id from {table} where name = ?", [name]).fetchone()[0]
    _, cookies, fields = await form_of(ds, path, RATERS, outlet="Valley Times")
    response = await post_rating(ds, f"/-/provenance/news/{table}/{target_id}/rate", cookies,
                                 fields, reliability=letter, note="")
    assert response.status_code == 302


async def through_the_cli(path, target, name, letter):
    run("rate", path, name, letter, *(["--outlet"] if target == "outlet" else []))


async def through_an_import(path, target, name, letter):
    ratings = path.parent / "ratings.json"
    ratings.write_text(json.dumps([{"target": target, "name": name, "reliability": letter}]))
    run("ratings", "import", path, ratings)


async def through_a_provider(path, target, name, letter):
    ratings = path.parent / "provided.csv"
    ratings.write_text(f"target,name,reliability\n{target},{name},{letter}\n")
    config = path.parent / "datasette.yaml"
    config.write_text(f"plugins:\n  datasette-provenance:\n    ratings_file: {ratings}\n")
    run("ratings", "sync", path, "-c", config)


@pytest.mark.asyncio
@pytest.mark.parametrize("how", [through_the_form, through_the_cli, through_an_import,
                                 through_a_provider])
@pytest.mark.parametrize("target,name,letter", [("source", "Ana Ruiz", "A"),
                                                ("outlet", "Valley Times", "E")])
async def test_a_rating_change_rescores_exactly_what_it_touches(news, tmp_path, how, target,
                                                                 name, letter):
    before = rows(news, "statements", "id")
    expected = touched(news, target, name)
    assert expected and len(expected) < len(before)  # the premise: some, not all
    await how(news, target, name, letter)
    after = rows(news, "statements", "id")
    assert after.keys() == before.keys()
    moved = {sid for sid in before if before[sid] != after[sid]}
    assert moved == expected
    for sid in moved:
        assert {k for k in before[sid] if before[sid][k] != after[sid][k]} <= SCORING, sid
        assert any(f"{target} '{name}' rated {letter}" in r
                   for r in json.loads(after[sid]["reasons"])), after[sid]["reasons"]
    assert totals(news) == recounted(news, tmp_path)
    [audit] = rows(news, "rating_changes", "id").values()
    assert (audit["target_type"], audit["target_name"], audit["old_reliability"],
            audit["new_reliability"], audit["statements_rescored"]) == (
        target, name, "F", letter, len(expected))
    assert audit["who"] not in ("", None) and "direct SQL" not in audit["who"]
