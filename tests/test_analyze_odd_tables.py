"""`analyze` on tables as scrapers and spreadsheets leave them: a column of their own named
rowid, a view, a name typed in another case."""
import sqlite3

import sqlite_utils
from click.testing import CliRunner
from datasette.cli import cli

from datasette_provenance import jobs
from datasette_provenance.checks import check

TEXTS = ["The mayor said the ferry {} would leave at noon.",
         "Ana Ruiz, a spokeswoman, said the port {} was closed, according to officials."]


def _analyze(path, table, column="body", *extra):
    return CliRunner().invoke(cli, ["provenance", "analyze", str(path), table, column, *extra])


def _table_with_a_rowid_column(path, n=7):
    conn = sqlite3.connect(path)
    # A scraper's own "rowid" column (text, repeated) hides SQLite's row id behind it.
    conn.execute("create table scraped (rowid text, body text)")
    conn.executemany("insert into scraped values (?, ?)",
                     [("page-a" if i % 2 else "page-b", TEXTS[i % 2].format(i)) for i in range(n)])
    conn.commit()
    conn.close()


def test_a_table_with_its_own_rowid_column_is_analysed_and_resumed(tmp_path):
    path = tmp_path / "scraped.db"
    _table_with_a_rowid_column(path)
    first = _analyze(path, "scraped", "body", "--batch-size", "3", "--max-batches", "1")
    assert first.exit_code == 0, first.output
    assert "Traceback" not in first.output
    resumed = _analyze(path, "scraped", "body", "--batch-size", "3")
    assert resumed.exit_code == 0, resumed.output
    assert "Resuming job 1 after row 3" in resumed.output
    db = sqlite_utils.Database(path)
    rows = db.execute("select source_rowid from articles order by source_rowid").fetchall()
    assert [r[0] for r in rows] == list(range(1, 8))  # each real row once, by its real row id
    assert check(db) == []


def test_a_table_hiding_every_row_id_name_is_refused(tmp_path):
    path = tmp_path / "scraped.db"
    conn = sqlite3.connect(path)
    conn.execute("create table scraped (rowid text, _rowid_ text, OID text, body text)")
    conn.execute("insert into scraped values ('a', 'b', 'c', ?)", [TEXTS[0].format(1)])
    conn.commit()
    conn.close()
    result = _analyze(path, "scraped")
    assert result.exit_code == 1
    assert f"{path}: " in result.output and "rowid, _rowid_ and oid" in result.output
    assert jobs.JOBS_TABLE not in sqlite_utils.Database(path).table_names()


def test_a_view_and_a_name_in_another_case_are_named(tmp_path):
    path = tmp_path / "scraped.db"
    db = sqlite_utils.Database(path)
    db["Stories"].insert({"body": TEXTS[0].format(1)})
    db.create_view("recent", "select * from Stories")
    view = _analyze(path, "recent")
    assert view.exit_code == 1
    assert "'recent' is a view" in view.output and "create table" in view.output
    typo = _analyze(path, "stories")
    assert typo.exit_code == 1
    assert "no table named 'stories' (did you mean 'Stories'?)" in typo.output
