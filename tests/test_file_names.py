"""A file whose name is not UTF-8 (an old Latin-1 archive: b"caf\\xe9.txt") loads and
extracts like any other; its path is stored and printed with the odd byte as \\xNN (before:
load failed it with "UnicodeEncodeError: surrogates not allowed", extract printed a line
that was not UTF-8)."""
import json
import os
import sqlite3
import subprocess
import sys

from click.testing import CliRunner
from datasette.cli import cli


def test_a_file_name_that_is_not_utf8_loads_and_extracts(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"caf\xe9 notes.txt"), "wb") as f:
        f.write("Cafe Owners Object\nAna Ruiz said the rent had doubled.\n".encode("utf-8"))
    db = tmp_path / "p.db"
    for summary in ("1 loaded, 0 unchanged, 0 failed", "0 loaded, 1 unchanged, 0 failed"):
        result = CliRunner().invoke(cli, ["provenance", "load", str(db), str(folder)])
        assert result.exit_code == 0, result.output
        assert summary in result.output  # the second load finds it by its origin
    path, origin, said = sqlite3.connect(db).execute(
        "select path, origin, (select count(*) from statements) from articles").fetchone()
    assert path == f"{folder}/caf\\xe9 notes.txt" and origin.endswith("caf\\xe9 notes.txt")
    assert said == 2
    done = subprocess.run([sys.executable, "-m", "datasette", "provenance", "extract", "--format",
                           "jsonl", str(folder)], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout.decode("utf-8"))  # strict UTF-8: a valid line
    assert record["path"] == f"{folder}/caf\\xe9 notes.txt"
    assert record["statements"][1]["attributions"][0]["source"]["text"] == "Ana Ruiz"


def test_an_error_in_a_file_whose_name_is_not_utf8_names_it_as_its_path_is_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"caf\xe9 menu.txt"), "wb") as f:
        f.write(b"Menu\nsoup \x00 of the day\n")
    with open(os.path.join(os.fsencode(folder), b"caf\xe9 list.json"), "wb") as f:
        f.write(b"{not json")
    done = subprocess.run([sys.executable, "-m", "datasette", "provenance", "load",
                           str(tmp_path / "p.db"), str(folder)], capture_output=True, timeout=60)
    assert done.returncode == 1
    said = done.stderr.decode("utf-8")  # strict UTF-8
    assert f"error: {folder}/caf\\xe9 menu.txt:2: contains NUL bytes" in said
    assert f"error: {folder}/caf\\xe9 list.json:1: invalid JSON" in said
    assert "\\udc" not in said
