"""A ratings file saved by a spreadsheet ("CSV UTF-8": a byte-order mark, CRLF line ends)
imports like any other; before, its first column's name carried the mark and the import
said the header had no name column."""
import sqlite3

from click.testing import CliRunner
from datasette.cli import cli

from conftest import SEEDS


def run(*args):
    return CliRunner().invoke(cli, ["provenance", *map(str, args)])


def test_a_spreadsheet_csv_and_a_json_file_with_a_bom_import(tmp_path):
    db = tmp_path / "p.db"
    assert run("load", db, SEEDS).exit_code == 0
    sheet = tmp_path / "ratings.csv"
    sheet.write_bytes("\ufeffname,reliability,note\r\nValery Gerasimov,C,checked by the desk\r\n".encode("utf-8"))
    result = run("ratings", "import", db, sheet)
    assert result.exit_code == 0, result.output
    assert "source 'Valery Gerasimov': F -> C" in result.output
    conn = sqlite3.connect(db)
    assert conn.execute("select reliability, notes from sources where name = 'Valery Gerasimov'"
                        ).fetchone() == ("C", "checked by the desk")
    listed = tmp_path / "ratings.json"
    listed.write_bytes('\ufeff[{"name": "Valery Gerasimov", "reliability": "D"}]'.encode("utf-8"))
    result = run("ratings", "import", db, listed)
    assert result.exit_code == 0, result.output
    assert conn.execute("select reliability from sources where name = 'Valery Gerasimov'").fetchone() == ("D",)
