"""Every command given a database it cannot use says which file and why, exits 1 with no
traceback, and leaves the file as it was: another tool's database with its own `articles`
table, a file that is not SQLite, a read-only database, a path in a missing directory."""
import hashlib
import os
import sqlite3

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.cli import cli

from conftest import SEEDS


def run(*args):
    return CliRunner().invoke(cli, ["provenance", *map(str, args)])


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ratings_csv(tmp_path):
    path = tmp_path / "ratings.csv"
    path.write_text("target,name,reliability,note\nsource,Ana Ruiz,B,harbour chief\n", encoding="utf-8")
    return path


def _commands(db, tmp_path):
    return [
        ("load", db, SEEDS / "safety-zone-initiative.txt"),
        ("rate", db, "Ana Ruiz", "B"),
        ("rescore", db),
        ("identify", db),
        ("ratings", "import", db, _ratings_csv(tmp_path)),
        ("ratings", "sync", db),
    ]


def _no_traceback(result):
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


def _refused_untouched(db, commands, said):
    """Each command exits 1 naming ``db`` and what is wrong, without a traceback, and the
    file stays byte for byte the same (no half schema, no WAL switch)."""
    before = _digest(db)
    for args in commands:
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        _no_traceback(result)
        assert f"{db}: {said}" in result.output, args
        assert _digest(db) == before, args


def test_another_tools_articles_table_is_refused_and_left_untouched(tmp_path):
    db = tmp_path / "crm.db"
    other = sqlite_utils.Database(db)
    other["articles"].insert({"id": 1, "headline": "Quarterly numbers", "words": 420}, pk="id")
    other.conn.close()
    before = _digest(db)
    _refused_untouched(db, _commands(db, tmp_path), "this database already has a table named 'articles'")
    assert sqlite_utils.Database(db).table_names() == ["articles"]
    exported = run("ratings", "export", db)
    assert exported.exit_code == 1 and f"{db}: not a datasette-provenance database" in exported.output
    assert _digest(db) == before


def _changing_commands(db, tmp_path):
    """The commands that change an existing provenance database (load and analyze make one)."""
    return [args for args in _commands(db, tmp_path) if args[0] != "load"] + [
        ("check", db), ("ratings", "export", db)]


@pytest.mark.parametrize("make", ["unrelated", "empty"])
def test_a_sqlite_file_the_plugin_did_not_make_is_refused_and_left_untouched(tmp_path, make):
    # A typo'd path that sqlite3 once created (0 bytes) or another tool's database.
    db = tmp_path / "newsroom.db"
    if make == "unrelated":
        other = sqlite_utils.Database(db)
        other["contacts"].insert({"id": 1, "name": "Ana Ruiz"}, pk="id")
        other.conn.close()
    else:
        db.write_bytes(b"")
    _refused_untouched(db, _changing_commands(db, tmp_path), "not a datasette-provenance database")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["newsroom.db", "ratings.csv"]  # no -wal


def test_a_missing_database_is_named_and_not_created(tmp_path):
    db = tmp_path / "provenace.db"  # the typo
    for args in _changing_commands(db, tmp_path):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        _no_traceback(result)
        assert "provenace.db" in result.output and "does not exist" in result.output, args
        assert not db.exists(), args


def test_a_provenance_database_still_opens_for_every_changing_command(tmp_path):
    db = tmp_path / "p.db"
    assert run("load", db, SEEDS / "safety-zone-initiative.txt").exit_code == 0
    for args in _changing_commands(db, tmp_path):
        result = run(*args)
        assert "not a datasette-provenance database" not in result.output, args
        _no_traceback(result)


def test_a_file_that_is_not_sqlite_is_named(tmp_path):
    db = tmp_path / "notes.db"
    db.write_text("shopping list: eggs, milk\n" * 200, encoding="utf-8")
    before = _digest(db)
    for args in _commands(db, tmp_path) + [("check", db), ("ratings", "export", db),
                                           ("analyze", db, "scraped", "body")]:
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        _no_traceback(result)
        assert f"{db} is not a SQLite database" in result.output, args
    assert _digest(db) == before


def test_load_into_a_missing_directory_names_it(tmp_path):
    db = tmp_path / "no such dir" / "p.db"
    result = run("load", db, SEEDS)
    assert result.exit_code == 1
    _no_traceback(result)
    assert f"directory {tmp_path / 'no such dir'} does not exist" in result.output
    assert not (tmp_path / "no such dir").exists()


@pytest.fixture
def read_only(monkeypatch):
    """Connections sqlite-utils opens are read-only (mode=ro: the same refusal a file
    without write permission gets, also when the tests run as root)."""
    connect = sqlite3.connect

    def read_only_connect(path, *args, **kwargs):
        if str(path).endswith(".db"):
            return connect(f"file:{path}?mode=ro", *args, uri=True, **kwargs)
        return connect(path, *args, **kwargs)

    return lambda: monkeypatch.setattr(sqlite_utils.db.sqlite3, "connect", read_only_connect)


def _loaded_and_rated(tmp_path):
    db = tmp_path / "p.db"
    assert run("load", db, SEEDS).exit_code == 0
    assert run("rate", db, "Valery Gerasimov", "B", "--note", "chief of staff").exit_code == 0
    return db


def test_a_read_only_database_refuses_writes_by_name_and_still_exports(tmp_path, read_only):
    db = _loaded_and_rated(tmp_path)
    read_only()
    grades = sqlite3.connect(db).execute("select group_concat(grade, '') from statements").fetchone()
    for args in [("rate", db, "Valery Gerasimov", "D"), ("rescore", db),
                 ("load", db, SEEDS), ("identify", db)]:
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        _no_traceback(result)
        assert f"{db} is read-only" in result.output, args
    conn = sqlite3.connect(db)
    assert conn.execute("select reliability from sources where name = 'Valery Gerasimov'").fetchone() == ("B",)
    assert conn.execute("select group_concat(grade, '') from statements").fetchone() == grades
    # Export only reads: it works on a database it may not write.
    exported = run("ratings", "export", db, "--format", "json")
    assert exported.exit_code == 0, exported.output
    assert '"name": "Valery Gerasimov"' in exported.output and '"reliability": "B"' in exported.output


def test_ratings_file_that_is_not_utf8_is_named_and_nothing_is_applied(tmp_path):
    db = _loaded_and_rated(tmp_path)
    bad = tmp_path / "ratings.csv"
    bad.write_bytes(b"target,name,reliability,note\nsource,Valery Gerasimov,\xff,x\n")
    changes = sqlite3.connect(db).execute("select count(*) from rating_changes").fetchone()
    result = run("ratings", "import", db, bad)
    assert result.exit_code == 1
    assert f"error: {bad}: 'utf-8' codec can't decode" in result.output
    assert sqlite3.connect(db).execute("select count(*) from rating_changes").fetchone() == changes


def test_load_of_only_missing_paths_creates_no_database(tmp_path):
    db = tmp_path / "provenance.db"
    result = run("load", db, tmp_path / "sedds")  # the typo
    assert result.exit_code == 1
    _no_traceback(result)
    assert f"{tmp_path / 'sedds'}: no such file or directory; nothing loaded, {db} not created" \
        in result.output
    assert not db.exists()
    # One good path among missing ones loads as before (the missing one is an error line).
    partly = run("load", db, tmp_path / "sedds", SEEDS / "safety-zone-initiative.txt")
    assert partly.exit_code == 1 and "1 loaded, 0 unchanged, 1 failed" in partly.output


def test_a_database_in_a_read_only_directory_says_so(tmp_path, monkeypatch):
    # A WAL database whose directory may not be written cannot even be read: SQLite must
    # create its -wal and -shm files. It said "cannot open the database file".
    folder = tmp_path / "shared"
    folder.mkdir()
    db = folder / "p.db"
    assert run("load", db, SEEDS).exit_code == 0
    from datasette_provenance import cli_errors
    if os.geteuid() == 0:  # root writes anywhere: make the directory refuse as SQLite sees it
        real_connect, real_temp = sqlite3.connect, cli_errors.tempfile.TemporaryFile

        def refusing_connect(path, *args, **kwargs):
            if str(path) == str(db):
                raise sqlite3.OperationalError("unable to open database file")
            return real_connect(path, *args, **kwargs)

        def refusing_temp(*args, dir=None, **kwargs):
            if dir == str(folder):
                raise PermissionError(13, "Permission denied")
            return real_temp(*args, dir=dir, **kwargs)
        monkeypatch.setattr(sqlite_utils.db.sqlite3, "connect", refusing_connect)
        monkeypatch.setattr(cli_errors.tempfile, "TemporaryFile", refusing_temp)
    else:
        folder.chmod(0o555)
    try:
        for args in [("check", db), ("load", db, SEEDS)]:
            result = run(*args)
            assert result.exit_code == 1, (args, result.output)
            _no_traceback(result)
            assert f"{db}: cannot open it: its directory {folder} is read-only" in result.output
            assert "p.db-wal" in result.output
    finally:
        folder.chmod(0o755)
