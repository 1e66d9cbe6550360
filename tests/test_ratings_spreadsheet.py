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


def test_a_hand_made_header_with_capitals_spaces_or_semicolons_imports(tmp_path):
    db = tmp_path / "p.db"
    assert run("load", db, SEEDS).exit_code == 0
    outlet = sqlite3.connect(db).execute("select name from outlets order by name limit 1").fetchone()[0]
    conn = sqlite3.connect(db)
    for header, row, letter in [
            ("Name,Reliability,Note", "Valery Gerasimov,B,desk check", "B"),
            ("Target, Name, Reliability", f"Outlet, {outlet}, c", None),
            ("name;reliability;note", "Valery Gerasimov;D;a European spreadsheet's CSV", "D")]:
        sheet = tmp_path / "sheet.csv"
        sheet.write_text(f"{header}\n{row}\n", encoding="utf-8")
        result = run("ratings", "import", db, sheet)
        assert result.exit_code == 0, (header, result.output)
        if letter:
            assert conn.execute("select reliability from sources where name = 'Valery Gerasimov'"
                                ).fetchone() == (letter,)
        else:
            assert conn.execute("select reliability from outlets where name = ?", [outlet]
                                ).fetchone() == ("C",)
    listed = tmp_path / "sheet.json"
    listed.write_text('[{"Name": "Valery Gerasimov", "Reliability": "A"}]', encoding="utf-8")
    assert run("ratings", "import", db, listed).exit_code == 0
    assert conn.execute("select reliability from sources where name = 'Valery Gerasimov'").fetchone() == ("A",)


def test_a_header_without_the_columns_says_what_it_has(tmp_path):
    db = tmp_path / "p.db"
    assert run("load", db, SEEDS).exit_code == 0
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("source,grade\nValery Gerasimov,B\n", encoding="utf-8")
    result = run("ratings", "import", db, sheet)
    assert result.exit_code == 1
    assert (f"{sheet}:1: CSV needs a header with name and reliability columns "
            "(it has: 'source,grade')") in result.output
