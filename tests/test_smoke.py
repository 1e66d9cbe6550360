from click.testing import CliRunner
from datasette.cli import cli
import sqlite_utils

from conftest import SEEDS


def test_load_twice_is_idempotent(tmp_path):
    db_path = str(tmp_path / "p.db")
    runner = CliRunner()
    first = runner.invoke(cli, ["provenance", "load", db_path, str(SEEDS)])
    assert first.exit_code == 0, first.output
    counts = {t: sqlite_utils.Database(db_path)[t].count for t in ("articles", "statements", "attributions")}
    assert counts["articles"] >= 1 and counts["statements"] > 10
    second = runner.invoke(cli, ["provenance", "load", db_path, str(SEEDS)])
    assert second.exit_code == 0
    again = {t: sqlite_utils.Database(db_path)[t].count for t in counts}
    assert again == counts
