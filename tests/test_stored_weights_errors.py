"""A database whose stored scoring weights (provenance_scoring, written by rescore) cannot
be read: load, rescore and rate stop with one clear error naming the database and the
problem (no traceback, nothing written), and a rescore with weights from a configuration
replaces the broken value."""
import sqlite3

import pytest
from click.testing import CliRunner

from datasette.cli import cli
from ui_helpers import one_article_db

TEXT = "Ferry fares to rise\n\nThe harbour master said fares would rise in May.\n"
BROKEN = {
    "not JSON": ("{weights", "Expecting"),
    "a list": ("[1, 2]", "not a JSON object"),
    "a text weight": ('{"hop_penalty": "high"}', "must be a number"),
    "an unknown weight": ('{"hop_pentaly": 3}', "unknown scoring weight"),
}


def run(*args):
    return CliRunner().invoke(cli, ["provenance", *map(str, args)])


@pytest.fixture
def broken_db(tmp_path, request):
    path, folder, _ = one_article_db(tmp_path, "ferry.txt", TEXT)
    assert run("rescore", path).exit_code == 0  # stores the (default) weights
    value, problem = BROKEN[request.param]
    with sqlite3.connect(path) as conn:
        conn.execute("update provenance_scoring set value = ? where key = 'weights'", [value])
    return path, folder, problem


def assert_clear_error(result, path, problem):
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert str(path) in result.output and "provenance_scoring" in result.output
    assert problem in result.output and "rescore" in result.output


@pytest.mark.parametrize("broken_db", sorted(BROKEN), indirect=True)
def test_load_rescore_and_rate_stop_with_a_clear_error(broken_db, tmp_path):
    path, folder, problem = broken_db
    statements = sqlite3.connect(path).execute("select id, score from statements").fetchall()
    (folder / "second.txt").write_text("Second article\n\nThe council said the pier would close.\n")
    assert_clear_error(run("load", path, folder), path, problem)
    assert_clear_error(run("rescore", path), path, problem)
    assert_clear_error(run("rate", path, "the harbour master", "B"), path, problem)
    # Nothing was written by the refused commands.
    with sqlite3.connect(path) as conn:
        assert conn.execute("select id, score from statements").fetchall() == statements
        assert conn.execute("select count(*) from articles").fetchone()[0] == 1


@pytest.mark.parametrize("broken_db", ["not JSON"], indirect=True)
def test_a_rescore_with_configured_weights_replaces_the_broken_value(broken_db, tmp_path):
    path, folder, _ = broken_db
    config = tmp_path / "datasette.yaml"
    config.write_text("plugins:\n  datasette-provenance:\n    weights:\n      hop_penalty: 12\n")
    fixed = run("rescore", path, "-c", config)
    assert fixed.exit_code == 0, fixed.output
    stored = sqlite3.connect(path).execute(
        "select value from provenance_scoring where key = 'weights'").fetchone()[0]
    assert stored == '{"hop_penalty": 12}'
    (folder / "second.txt").write_text("Second article\n\nThe council said the pier would close.\n")
    loaded = run("load", path, folder)
    assert loaded.exit_code == 0, loaded.output
    assert run("check", path).exit_code == 0
