"""`datasette provenance analyze`: any table's text column, resumable, linked to its rows."""
import sqlite3

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.cli import cli

from datasette_provenance import jobs

from conftest import SEED_ARTICLE

SHORT = "Officials said the bridge {} was closed. It reportedly reopened on Monday."


def make_scraped(path, count=12):
    """A table as a scraper would leave it: its own pk, a body column, some empty rows."""
    db = sqlite_utils.Database(path)
    seed = SEED_ARTICLE.read_text(encoding="utf-8")
    db["scraped"].insert_all(
        [{"slug": f"story-{i}", "headline": f"Story {i}", "site": "Example News",
          "body": (seed if i % 4 == 0 else SHORT.format(i)) if i % 5 != 3 else None}
         for i in range(count)],
        pk="slug",
    )
    return db


def analyze(path, *extra):
    return CliRunner().invoke(
        cli, ["provenance", "analyze", str(path), "scraped", "body",
              "--title", "headline", "--outlet", "site", *extra])


def snapshot(db):
    """What an analysis stored, independent of row ids and timings."""
    return {
        "articles": sorted(db.execute(
            "select source_rowid, source_pk, title, outlet, statement_count from articles").fetchall()),
        "statements": sorted(db.execute(
            "select a.source_rowid, s.idx, s.text, s.grade from statements s "
            "join articles a on a.id = s.article_id").fetchall()),
        "attributions": db["attributions"].count,
    }


def test_statements_link_back_to_their_rows(tmp_path):
    path = tmp_path / "scraped.db"
    make_scraped(path)
    result = analyze(path)
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(path)
    rows_with_text = db.execute("select count(*) from scraped where body is not null").fetchone()[0]
    assert db["articles"].count == rows_with_text
    assert "rows analysed" in result.output
    linked = db.execute(
        "select s.text, r.body, s.start, s.end, r.slug, a.source_pk, a.title, r.headline, a.outlet "
        "from statements s join articles a on a.id = s.article_id "
        "join scraped r on r.rowid = a.source_rowid where a.source_table = 'scraped'").fetchall()
    assert len(linked) == db["statements"].count > rows_with_text
    for text, body, start, end, slug, pk, title, headline, outlet in linked:
        assert body[start:end] == text
        assert pk == slug and title == headline and outlet == "Example News"
    job = jobs.get_job(db, 1)
    assert job["status"] == "done" and job["done"] == 12 and job["skipped"] == 2


def test_resume_after_batch_limit_equals_a_clean_run(tmp_path):
    clean, resumed = tmp_path / "clean.db", tmp_path / "resumed.db"
    make_scraped(clean)
    make_scraped(resumed)
    assert analyze(clean).exit_code == 0
    first = analyze(resumed, "--batch-size", "3", "--max-batches", "2")
    assert first.exit_code == 0, first.output
    db = sqlite_utils.Database(resumed)
    job = jobs.get_job(db, 1)
    assert job["status"] == "running" and job["done"] == 6 and job["cursor_rowid"] == 6
    assert db.execute("select max(source_rowid) from articles").fetchone()[0] <= 6
    second = analyze(resumed, "--batch-size", "3")
    assert second.exit_code == 0, second.output
    assert "Resuming job 1" in second.output
    assert jobs.get_job(db, 1)["status"] == "done"
    assert db[jobs.JOBS_TABLE].count == 1
    assert snapshot(db) == snapshot(sqlite_utils.Database(clean))


def test_crash_mid_batch_keeps_only_whole_batches_then_resumes(tmp_path, monkeypatch):
    from datasette_provenance import store

    clean, crashed = tmp_path / "clean.db", tmp_path / "crashed.db"
    make_scraped(clean)
    make_scraped(crashed)
    assert analyze(clean).exit_code == 0
    real_save, calls = store.save, []

    def save_then_crash(*args, **kwargs):
        calls.append(1)
        if len(calls) == 5:  # the second article of the second batch: one is already written
            raise RuntimeError("simulated crash")
        return real_save(*args, **kwargs)

    monkeypatch.setattr(store, "save", save_then_crash)
    failed = analyze(crashed, "--batch-size", "4")
    assert failed.exit_code == 1
    assert f"{crashed}: job 1 failed: simulated crash; run the same command again" in failed.output
    db = sqlite_utils.Database(crashed)
    job = jobs.get_job(db, 1)
    assert job["status"] == "failed" and "simulated crash" in job["error"]
    # The first batch (rows 1-4) committed; the crashing batch left nothing behind.
    assert job["cursor_rowid"] == 4
    assert db.execute("select count(*) from articles where source_rowid > 4").fetchone()[0] == 0
    assert db["articles"].count == 3  # rows 1-4, one of them without text
    orphans = db.execute(
        "select count(*) from statements where article_id not in (select id from articles)").fetchone()[0]
    assert orphans == 0
    monkeypatch.setattr(store, "save", real_save)
    again = analyze(crashed, "--batch-size", "4")
    assert again.exit_code == 0, again.output
    assert snapshot(db) == snapshot(sqlite_utils.Database(clean))


def test_an_extractor_error_fails_its_row_not_the_job(tmp_path, monkeypatch):
    path = tmp_path / "scraped.db"
    make_scraped(path)
    real_analyse = jobs.analyse

    def analyse_unless_row_6(article, **kwargs):
        if article.source_rowid == 6:
            raise ValueError("odd text")
        return real_analyse(article, **kwargs)

    monkeypatch.setattr(jobs, "analyse", analyse_unless_row_6)
    result = analyze(path, "--batch-size", "4")
    assert result.exit_code == 1  # something failed, and the exit status says so
    assert "row story-5: ValueError: odd text" in result.output
    db = sqlite_utils.Database(path)
    job = jobs.get_job(db, 1)
    assert job["status"] == "done" and job["done"] == 12
    assert job["failed"] == 1 and job["skipped"] == 2
    assert job["row_errors"] == [{"rowid": 6, "pk": "story-5", "error": "ValueError: odd text"}]
    stored = {r[0] for r in db.execute("select source_rowid from articles")}
    assert 6 not in stored and len(stored) == 9


def test_html_bodies_are_read_as_plain_text(tmp_path):
    path = tmp_path / "html.db"
    db = sqlite_utils.Database(path)
    db["pages"].insert_all([
        {"id": 1, "html": "<article><h1>Bridge closed</h1><p>Officials <b>said</b> the bridge was "
                          "closed.</p><script>var said = 1;</script><p>It &amp; the road "
                          "reportedly reopened.</p></article>", "date": "2024-03-01T09:30:00Z"},
        {"id": 2, "html": "The mayor said 3 < 4 is true.", "date": "early March 2024"},
    ], pk="id")
    result = CliRunner().invoke(cli, ["provenance", "analyze", str(path), "pages", "html",
                                      "--published", "date"])
    assert result.exit_code == 0, result.output
    articles = {r["source_rowid"]: r for r in db.query("select * from articles")}
    first = articles[1]
    assert first["format"] == "html"
    assert first["text"] == ("Bridge closed\n\nOfficials said the bridge was closed.\n\n"
                             "It & the road reportedly reopened.")
    assert first["published"] == "2024-03-01T09:30:00+00:00"
    assert articles[2]["format"] == "text" and articles[2]["text"] == "The mayor said 3 < 4 is true."
    assert articles[2]["published"] == "early March 2024"  # not a date load reads: kept as written
    for text, start, end, body in db.execute(
            "select s.text, s.start, s.end, a.text from statements s "
            "join articles a on a.id = s.article_id"):
        assert body[start:end] == text and "<" not in text.replace("3 < 4", "")


def test_rerun_is_idempotent_and_follows_edited_rows(tmp_path):
    path = tmp_path / "scraped.db"
    db = make_scraped(path)
    assert analyze(path).exit_code == 0
    before = snapshot(db)
    assert analyze(path).exit_code == 0
    assert snapshot(db) == before
    db["scraped"].update("story-1", {"body": "Nobody said anything. The mayor told reporters it rained."})
    assert analyze(path).exit_code == 0
    texts = [r[0] for r in db.execute(
        "select s.text from statements s join articles a on a.id = s.article_id "
        "where a.source_pk = 'story-1' order by s.idx")]
    assert texts and "The mayor told reporters it rained." in texts
    assert "bridge 1" not in " ".join(texts)
    assert db["articles"].count == len(before["articles"])


@pytest.mark.parametrize("table,column,extra,message", [
    ("scraped", "nope", [], "no column 'nope'"),
    ("scraped", "body", ["--title", "missing"], "no column 'missing'"),
    ("missing", "body", [], "no table named 'missing'"),
])
def test_bad_arguments_are_refused_without_a_job(tmp_path, table, column, extra, message):
    path = tmp_path / "scraped.db"
    make_scraped(path)
    result = CliRunner().invoke(cli, ["provenance", "analyze", str(path), table, column, *extra])
    assert result.exit_code != 0
    assert f"{path}: " in result.output and message in result.output  # names the file too
    assert jobs.JOBS_TABLE not in sqlite_utils.Database(path).table_names()


def test_project_tables_and_a_foreign_articles_table_are_refused(tmp_path):
    path = tmp_path / "scraped.db"
    make_scraped(path)
    assert analyze(path).exit_code == 0
    own = CliRunner().invoke(cli, ["provenance", "analyze", str(path), "statements", "text"])
    assert own.exit_code != 0 and "own tables" in own.output
    other = tmp_path / "other.db"
    sqlite_utils.Database(other)["articles"].insert({"body": SHORT.format(1)})
    clash = CliRunner().invoke(cli, ["provenance", "analyze", str(other), "articles", "body"])
    assert clash.exit_code != 0 and "rename" in clash.output


def test_sigkill_mid_run_then_rerun_finishes_without_duplicates(tmp_path):
    """A real crash: the analysing process is killed with SIGKILL, then run again."""
    import os
    import signal
    import subprocess
    import sys
    import time

    path = tmp_path / "big.db"
    seed = SEED_ARTICLE.read_text(encoding="utf-8")
    db = sqlite_utils.Database(path)
    paragraph = seed[:1500]  # a few attributed sentences keep each row quick to analyse
    db["scraped"].insert_all({"body": f"{paragraph} Row {i}."} for i in range(300))
    command = [sys.executable, "-m", "datasette", "provenance", "analyze", str(path),
               "scraped", "body", "--batch-size", "5"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # (A deadline against a hang only: 20 rows take a few seconds quiet, far more under load.)
    deadline = time.monotonic() + 300
    done = 0
    while time.monotonic() < deadline and process.poll() is None:
        try:
            job = jobs.get_job(sqlite_utils.Database(path), 1)
            done = job["done"] if job else 0
        except Exception:  # the table may be mid-creation
            done = 0
        if done >= 20:
            break
        time.sleep(0.02)
    assert process.poll() is None, "the run ended before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert done >= 20, f"only {done} rows analysed in 300 s"
    db = sqlite_utils.Database(path)
    killed = jobs.get_job(db, 1)
    assert killed["status"] == "running" and 0 < killed["done"] < 300
    assert db["articles"].count == killed["cursor_rowid"]  # whole batches only
    rerun = subprocess.run(command, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert "Resuming job 1" in rerun.stderr
    job = jobs.get_job(db, 1)
    assert job["status"] == "done" and job["done"] == 300
    assert db.execute("select count(*), count(distinct source_rowid) from articles").fetchone() == (300, 300)
    per_article = db.execute(
        "select count(distinct c) from (select count(*) c from statements group by article_id)"
    ).fetchone()[0]
    assert per_article == 1  # every row has the same shape of text: same statement count
    assert db.execute("select count(*) from statements where article_id not in "
                      "(select id from articles)").fetchone()[0] == 0
    assert db.execute("select count(*) from attributions where statement_id not in "
                      "(select id from statements)").fetchone()[0] == 0


def test_scores_use_the_databases_ratings_like_load(tmp_path):
    """A source rated in this database scores the same in analysed rows as in loaded files."""
    path = tmp_path / "rated.db"
    runner = CliRunner()
    assert runner.invoke(cli, ["provenance", "load", str(path), str(SEED_ARTICLE)]).exit_code == 0
    rated = runner.invoke(cli, ["provenance", "rate", str(path), "Valery Gerasimov", "A"])
    assert rated.exit_code == 0, rated.output
    db = sqlite_utils.Database(path)
    db["scraped"].insert({"body": SEED_ARTICLE.read_text(encoding="utf-8")})
    assert runner.invoke(cli, ["provenance", "analyze", str(path), "scraped", "body"]).exit_code == 0

    def scores(where):
        return [tuple(r) for r in db.execute(
            "select s.text, s.score, s.grade from statements s join articles a on a.id = s.article_id "
            f"where {where} order by s.idx")]

    from_file, from_row = scores("a.source_table is null"), scores("a.source_table = 'scraped'")
    assert from_row == from_file
    # ... and the rating did change something: unrated, the same text scores differently.
    from datasette_provenance.model import Article
    from datasette_provenance.pipeline import analyse
    unrated = [(s.text, s.score, s.grade) for s in
               analyse(Article(text=SEED_ARTICLE.read_text(encoding="utf-8"))).statements]
    assert unrated != from_row


def test_cells_that_are_not_text_are_skipped_and_counted_by_name(tmp_path):
    # A column of mixed types (a scraper's "body" that is sometimes a word count, a year, a
    # blob): numbers became one-statement "articles" ('42'); now they are skipped, counted
    # apart from empty cells, and the summary says so.
    path = tmp_path / "mixed.db"
    cells = ["Officials said the bridge was closed.", 42, 3.5, None, "", "   ", "2025",
             "12.5 % -- 3/4", b"\xff\xfe\x00", "<td>12</td>", "2025 was the year the mayor said no."]
    sqlite_utils.Database(path)["pages"].insert_all([{"id": i, "body": c} for i, c in enumerate(cells)],
                                                   pk="id")
    result = CliRunner().invoke(cli, ["provenance", "analyze", str(path), "pages", "body"])
    assert result.exit_code == 0, result.output
    assert "job 1 done: 11 rows analysed (3 without text, 6 not text, 0 failed), 2 articles, " \
        in result.output
    assert ("note: 6 rows of pages.body hold a number, binary data or no letter at all, not text "
            "an article could be: skipped") in result.output
    db = sqlite_utils.Database(path)
    assert sorted(db.execute("select source_rowid, text from articles").fetchall()) == [
        (0, cells[0]), (10, cells[10])]
    job = jobs.get_job(db, 1)
    assert (job["skipped"], job["not_text"], job["failed"]) == (3, 6, 0)


def test_a_text_cell_that_is_not_utf8_fails_its_row_not_the_job(tmp_path):
    # Another tool wrote Latin-1 bytes into a TEXT column: sqlite3's "Could not decode to
    # UTF-8 column" failed the whole job, and every resume failed again at the same row.
    path = tmp_path / "latin.db"
    conn = sqlite3.connect(path)
    conn.execute("create table pages (id integer primary key, body text, title text)")
    conn.execute("insert into pages (body, title) values ('The mayor said the bridge was closed.', 'A')")
    latin = "The clerk said the caf\xe9 would close."
    conn.execute("insert into pages (body, title) values (cast(? as text), 'B')", [latin.encode("latin-1")])
    conn.execute("insert into pages (body, title) values ('The chief said the road was open.', "
                 "cast(? as text))", ["Caf\xe9".encode("latin-1")])
    conn.commit()
    conn.close()
    result = CliRunner().invoke(cli, ["provenance", "analyze", str(path), "pages", "body", "--title", "title"])
    assert result.exit_code == 1, result.output
    assert "job 1 done: 3 rows analysed (0 without text, 1 failed), 2 articles" in result.output
    at = latin.index("\xe9")
    assert (f"error: pages row 2: the text is not valid UTF-8 (byte 0xe9 at byte {at}): "
            "written by another tool in another encoding?") in result.output
    db = sqlite_utils.Database(path)
    assert sorted(db.execute("select source_rowid, title from articles").fetchall()) == [
        (1, "A"), (3, "Caf\ufffd")]
    assert jobs.get_job(db, 1)["row_errors"][0]["pk"] == "2"
