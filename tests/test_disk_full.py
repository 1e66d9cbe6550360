"""A load onto a full disk: SQLite rolls the whole write transaction back. The load must
stop with one clear error, report nothing it did not store as loaded, and leave only
whole articles (PRAGMA max_page_count makes the database 'full' at a chosen size)."""
from click.testing import CliRunner
from datasette.cli import cli
import pytest

from datasette_provenance import store
from datasette_provenance.checks import check
from datasette_provenance.ingest import read_articles

NAMES = ["Ana Ruiz", "Tom Berg", "Lea Park", "Omar Haddad", "Ines Lopes", "Jon Sato"]


def _folder(tmp_path, n=60):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(n):
        name = NAMES[i % len(NAMES)]
        lines = [f"Harbour report number {i}"] + [
            f"{name} said the ferry {i} would leave at {j} o'clock, according to port officials."
            for j in range(12)]
        (folder / f"a{i:03}.txt").write_text("\n".join(lines) + "\n")
    return folder


def _full_db(path, spare_pages=40, open_db=store.open_db):
    db = open_db(path)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages + spare_pages}")
    return db


def test_load_stops_on_a_full_disk_and_keeps_whole_articles(tmp_path):
    db = _full_db(tmp_path / "full.db")
    said = []
    with pytest.raises(store.BatchLost) as raised:
        store.load_articles(db, read_articles([str(_folder(tmp_path))]), batch_size=5,
                            on_item=lambda status, item: said.append((status, str(item))))
    assert "disk is full" in str(raised.value)
    # It did not go on failing article after article with SQLite's follow-on errors.
    assert not [s for s in said if "savepoint" in s[1] or "FOREIGN KEY" in s[1]]
    reopened = store.open_db(tmp_path / "full.db", create=False)
    stored = reopened.execute("select count(*) from articles").fetchone()[0]
    assert 0 < stored < 60
    assert [p for p in check(reopened) if not p.startswith("source identity")] == []


def test_cli_says_the_disk_is_full_and_how_to_go_on(tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    real_open = store.open_db
    monkeypatch.setattr(store, "open_db", lambda path, **kw: _full_db(path, open_db=real_open))
    result = CliRunner().invoke(cli, ["provenance", "load", str(tmp_path / "full.db"), str(folder),
                                      "--batch-size", "5"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "full.db: the disk is full" in result.output
    assert "run the same command again" in result.output
    assert "savepoint" not in result.output and "FOREIGN KEY" not in result.output
    # Freed space (no page limit): the same command finishes the load.
    monkeypatch.setattr(store, "open_db", real_open)
    again = CliRunner().invoke(cli, ["provenance", "load", str(tmp_path / "full.db"), str(folder)])
    assert again.exit_code == 0, again.output
    db = real_open(tmp_path / "full.db", create=False)
    assert db.execute("select count(*) from articles").fetchone()[0] == 60
    assert check(db) == []
