"""`datasette provenance init DB`: an empty provenance database, so a team's ratings can be
imported before any article is loaded, and score the articles loaded after them."""
import sqlite_utils
from click.testing import CliRunner
from datasette.cli import cli

from datasette_provenance import store

from conftest import SEEDS


def run(*args):
    return CliRunner().invoke(cli, ["provenance", *map(str, args)])


def scores(path):
    return sqlite_utils.Database(path).execute(
        "select article_id, idx, score, grade, reasons from statements order by 1, 2").fetchall()


def test_ratings_imported_into_an_empty_database_score_what_loads_later(tmp_path):
    ratings = tmp_path / "team.csv"
    ratings.write_text("target,name,reliability,note\nsource,Valery Gerasimov,B,Our desk's call\n")
    refused = run("ratings", "import", tmp_path / "before.db", ratings)
    assert refused.exit_code == 2  # no database yet: `init` makes one

    first = tmp_path / "first.db"  # init, import, then load
    made = run("init", first)
    assert made.exit_code == 0, made.output
    assert f"{first}: created, no articles yet" in made.output
    again = run("init", first)
    assert f"{first}: already a provenance database (0 articles); nothing changed" in again.output
    assert store.check(store.open_db(first)) == []
    imported = run("ratings", "import", first, ratings)
    assert imported.exit_code == 0, imported.output
    assert run("load", first, SEEDS).exit_code == 0

    after = tmp_path / "after.db"  # load, then import: the same scores
    assert run("load", after, SEEDS).exit_code == 0
    assert run("ratings", "import", after, ratings).exit_code == 0
    assert scores(first) == scores(after)
    assert any("'Valery Gerasimov' rated B" in reasons for *_, reasons in scores(first))


def test_init_leaves_a_provenance_database_as_it_was(tmp_path):
    path = tmp_path / "p.db"
    assert run("load", path, SEEDS).exit_code == 0
    before = scores(path)
    again = run("init", path)
    assert again.exit_code == 0 and "already a provenance database" in again.output
    assert scores(path) == before


def test_init_refuses_another_tools_articles_table(tmp_path):
    path = tmp_path / "scraped.db"
    other = sqlite_utils.Database(path)
    other["articles"].insert({"id": 1, "headline": "Budget"}, pk="id")
    other.conn.close()
    refused = run("init", path)
    assert refused.exit_code == 1
    assert f"{path}: this database already has a table named 'articles'" in refused.output
    assert sqlite_utils.Database(path).table_names() == ["articles"]
