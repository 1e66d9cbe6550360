"""The README's full-text search recipe: sqlite-utils' FTS table with triggers on
statements stays current through loads, replaced articles and rating re-scores, check
still passes, and Datasette's ?_search= finds statements."""
import asyncio

from click.testing import CliRunner
from datasette.app import Datasette
from datasette.cli import cli
import sqlite_utils


def run(*args):
    return CliRunner().invoke(cli, ["provenance", *map(str, args)])


def test_fts_recipe_follows_loads_and_replacements(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    story = folder / "toll.txt"
    story.write_text("Harbour toll\n\nThe harbour authority said the toll would triple in April.\n")
    db_path = tmp_path / "p.db"
    assert run("load", db_path, folder).exit_code == 0
    sqlite_utils.Database(db_path)["statements"].enable_fts(["text"], create_triggers=True)

    story.write_text("Harbour toll\n\nThe harbour authority said the toll would quadruple in April.\n")
    assert run("load", db_path, folder).output.startswith("1 loaded")
    db = sqlite_utils.Database(db_path)

    def matches(word):
        return db.execute("select count(*) from statements_fts where statements_fts match ?",
                          [word]).fetchone()[0]

    assert (matches("quadruple"), matches("triple")) == (1, 0)  # the replaced rows left it too
    assert run("check", db_path).exit_code == 0

    async def search():
        ds = Datasette([str(db_path)])
        response = await ds.client.get("/p/statements.json?_search=quadruple&_shape=array")
        return response.status_code, [row["text"] for row in response.json()]

    status, texts = asyncio.run(search())
    assert status == 200 and texts == ["The harbour authority said the toll would quadruple in April."]
