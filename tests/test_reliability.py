"""Reliability: a killed load loses nothing, readers see whole articles during a load,
a messy folder loads what it can. Real processes, real SIGKILL, real HTTP."""
import json
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
import sqlite_utils

from datasette_provenance import store
from datasette_provenance.ingest import read_articles

from conftest import SEEDS

DATASETTE = [sys.executable, "-m", "datasette"]


def seed_sentences():
    sentences = []
    for article in read_articles([str(SEEDS)]):
        body = article.text.split("\n", 1)[1] if "\n" in article.text else article.text
        sentences += [s.strip() for s in re.split(r"(?<=[.!?\"”])\s+(?=[A-Z\"“])", body) if s.strip()]
    return sentences


def make_corpus(directory, count, sentences_per_article=15, seed=7):
    """``count`` distinct articles made of shuffled seed sentences (our own text)."""
    rng = random.Random(seed)
    sentences = seed_sentences()
    directory.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        body = "\n\n".join(rng.choice(sentences) for _ in range(sentences_per_article))
        (directory / f"article-{i:04d}.txt").write_text(f"Generated story number {i}\n\n{body}\n",
                                                        encoding="utf-8")
    return directory


def snapshot(path):
    """What the database says, without row ids or load times."""
    db = sqlite_utils.Database(path)
    return {
        "articles": db.execute(
            "select id, title, text, extractor_version, statement_count from articles order by id").fetchall(),
        "statements": db.execute(
            'select article_id, idx, start, "end", text, sourcing, score, grade, reasons, '
            "(select name from sources where id = source_id) from statements "
            "order by article_id, idx").fetchall(),
        "attributions": db.execute(
            "select s.article_id, s.idx, t.chain, t.depth, t.cue_start, t.source_text, "
            "(select name from sources where id = t.source_id) from attributions t "
            "join statements s on s.id = t.statement_id order by 1, 2, 3, 4, 5").fetchall(),
        "sources": db.execute("select name, kind, statement_count from sources order by name").fetchall(),
        "summary": db.execute("select * from provenance_summary order by 1, 2, 3").fetchall(),
    }


def load_cmd(db, *paths, extra=()):
    return DATASETTE + ["provenance", "load", str(db), *map(str, paths), *extra]


def count_articles(db):
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("select count(*) from articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("corpus"), 300)


@pytest.fixture(scope="module")
def clean_db(corpus, tmp_path_factory):
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    subprocess.run(load_cmd(db, corpus), check=True, capture_output=True)
    return db


def test_sigkill_midway_then_rerun_equals_clean_load(corpus, clean_db, tmp_path):
    total = len(list(corpus.iterdir()))
    db = tmp_path / "killed.db"
    kills = 0
    for attempt in range(2):  # kill twice, at different points, the second time with workers
        extra = ["--batch-size", "7"] + (["--workers", "2"] if attempt else [])
        proc = subprocess.Popen(load_cmd(db, corpus, extra=extra),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        target = (attempt + 1) * total // 4
        deadline = time.monotonic() + 120
        while count_articles(db) < target and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
        assert proc.returncode in (-signal.SIGKILL, 0)
        assert count_articles(db) < total, "the load finished before it could be killed"
    assert kills == 2
    # The killed load's worker processes do not linger. (They notice the parent's death
    # within 0.5 s of being scheduled; a loaded machine may take longer to get to them.)
    deadline = time.monotonic() + 60
    while processes_mentioning(str(db)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_mentioning(str(db)) == []
    # The killed database is consistent as it stands ...
    assert store.check(sqlite_utils.Database(db)) == []
    # ... and a rerun completes it to exactly what a clean load gives.
    rerun = subprocess.run(load_cmd(db, corpus), capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    loaded, unchanged = map(int, re.match(r"(\d+) loaded, (\d+) unchanged, 0 failed",
                                          rerun.stdout.strip().splitlines()[-1]).groups())
    assert loaded > 0 and unchanged > 0 and loaded + unchanged == total
    assert snapshot(db) == snapshot(clean_db)
    check = subprocess.run(DATASETTE + ["provenance", "check", str(db)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    assert check.stdout.startswith(f"ok: {total} articles")


def processes_mentioning(text):
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if text.encode() in f.read():
                        found.append(int(pid))
            except OSError:
                pass
    return found


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, json.loads(response.read())


# What Datasette answers when a query hits its time limit: 400 "SQL query took too long"
# (0.65, and the 1.0 HTML path) or 500 "QueryInterrupted" (1.0 JSON). Only these may be retried.
TIME_LIMIT_ERRORS = ("took too long", "QueryInterrupted", "interrupted")


def get_retrying_time_limits(url, retried):
    """get(url); a time-limit error (a busy machine, not a broken read) is retried and
    counted in retried[0]; any other HTTP error fails with its status and body."""
    while True:
        try:
            return get(url)
        except urllib.error.HTTPError as error:
            body = error.read().decode(errors="replace")
            if not any(marker in body for marker in TIME_LIMIT_ERRORS) or retried[0] >= 20:
                pytest.fail(f"HTTP {error.code} from {url}: {body[:2000]}")
            retried[0] += 1


def test_readers_over_http_during_a_load_see_whole_articles(corpus, tmp_path):
    db = tmp_path / "live.db"
    store.open_db(db)  # an empty, valid database for Datasette to open
    port = free_port()
    # The readers check consistency, not speed: a generous SQL time limit keeps a loaded
    # CI machine from failing them with Datasette's 1 s default.
    server = subprocess.Popen(DATASETTE + ["serve", str(db), "-p", str(port),
                                           "--setting", "sql_time_limit_ms", "60000"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    loader = None
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get(base + "/-/versions.json")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("datasette did not start: " + server.stderr.read().decode()[-2000:])
                time.sleep(0.1)
        loader = subprocess.Popen(load_cmd(db, corpus, extra=["--batch-size", "5"]),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        sql = ("select a.id, a.statement_count, (select count(*) from statements s "
               "where s.article_id = a.id) as stored, (select count(*) from attributions t "
               "where t.article_id = a.id) as hops from articles a")
        query = base + "/live.json?" + urllib.parse.urlencode({"sql": sql, "_shape": "array"})
        seen_counts, requests, retried = set(), 0, [0]
        while loader.poll() is None or requests < 3:
            status, rows = get_retrying_time_limits(query, retried)
            assert status == 200
            for row in rows:  # never half an article: all statements or none of it
                assert row["stored"] == row["statement_count"], row
            seen_counts.add(len(rows))
            status, page = get_retrying_time_limits(
                base + "/live/statements.json?_facet=grade&_facet=sourcing&_size=5", retried)
            assert status == 200 and "facet_results" in page
            # The plugin's own pages, read while the writer works: never an error.
            assert get_retrying_time_limits(base + "/-/provenance/live.json", retried)[0] == 200
            if rows:
                article = base + f"/-/provenance/live/articles/{rows[-1]['id']}.json"
                assert get_retrying_time_limits(article, retried)[0] == 200
            requests += 1
        assert loader.returncode == 0, loader.stderr.read()
        # The readers really did overlap the load: they saw it part-way (how often depends
        # on the machine; once is what makes the checks above mean something).
        total = len(list(corpus.iterdir()))
        assert any(0 < seen < total for seen in seen_counts), seen_counts
        assert retried[0] < requests, f"{retried[0]} time-limit retries in {requests} rounds"
        status, rows = get(query)
        assert len(rows) == total
    finally:
        if loader is not None and loader.poll() is None:
            loader.kill()
            loader.wait()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_messy_folder_loads_what_it_can(tmp_path):
    """The bad-input corpus through the real command: clear errors, good files load."""
    d = tmp_path / "messy"
    (d / "sub").mkdir(parents=True)
    good = {
        "bom.txt": "\ufeffBOM headline\n\nOfficials said the port was closed.\n".encode(),
        "crlf.txt": b"CRLF headline\r\n\r\nOfficials said it rained.\r\n",
        "cr.txt": b"CR headline\r\rOfficials said it snowed.\r",
        "emoji.txt": "Emoji \U0001F680 headline\n\nThe crew \U0001F469\u200D\U0001F680 said it worked.\n".encode(),
        "rtl.txt": "\u05d7\u05d3\u05e9\u05d5\u05ea\n\nThe minister said \u0645\u0631\u062d\u0628\u0627 to all.\n".encode(),
        "combining.txt": "Cafe\u0301 headline\n\nThe owner of the cafe\u0301 said it reopened.\n".encode(),
        "sub/front.md": b"---\ntitle: Good\npublished: 2024-01-02\n---\nOfficials said so.\n",
    }
    bad = {
        "binary.txt": bytes(range(256)),
        "latin1.txt": "Caf\u00e9 said".encode("latin-1"),
        "empty.txt": b"",
        "blank.txt": b"  \n\t \n",
        "nul.txt": b"Headline\n\x00\n",
        "broken.md": b"---\ntitle: [unclosed\n---\nBody.\n",
        "list-title.md": b"---\ntitle: [a, b]\n---\nBody.\n",
        "not-a-date.md": b"---\npublished: someday soon\n---\nBody.\n",
        "no-text.json": b'{"title": "no body"}',
    }
    for name, data in {**good, **bad}.items():
        (d / name).write_bytes(data)
    (d / "mixed.jsonl").write_text('{"text": "Line one said hello."}\n{oops\n{"text": "Line three."}\n')
    os.symlink(d, d / "sub" / "loop")
    db = tmp_path / "messy.db"
    result = subprocess.run(load_cmd(db, d), capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout.strip().splitlines()[-1] == f"{len(good) + 2} loaded, 0 unchanged, {len(bad) + 2} failed"
    for name in bad:
        assert f"error: {d / name}" in result.stderr
    # Errors inside a file name its line too.
    assert f"error: {d / 'nul.txt'}:2: contains NUL bytes" in result.stderr
    assert f"error: {d / 'latin1.txt'}:1: invalid UTF-8" in result.stderr
    assert f"error: {d / 'mixed.jsonl'}:2: invalid JSON" in result.stderr
    assert f"error: {d / 'sub' / 'loop'}: symlink loop" in result.stderr
    assert "Traceback" not in result.stderr
    conn = sqlite3.connect(db)
    for name, data in good.items():
        if name.endswith(".txt"):
            (text,) = conn.execute("select text from articles where path = ?", [str(d / name)]).fetchone()
            assert text == data.decode("utf-8")
    check = subprocess.run(DATASETTE + ["provenance", "check", str(db)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


def test_check_during_a_parallel_load_reads_one_consistent_moment(corpus, tmp_path):
    # Read query by query, a check while `load --workers 2` committed batches compared a
    # total read before a batch with the rows read after it ("provenance_summary ... says
    # 4374, statements have 4417"): 126 such problems over 166 checks of a 300-text load.
    # Every batch commits whole, so every moment check sees is consistent; names waiting
    # for the identity pass that ends the load are the only thing still to come.
    db = tmp_path / "busy.db"
    proc = subprocess.Popen(load_cmd(db, corpus, extra=["--workers", "2", "--batch-size", "2"]),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    checks, found = 0, []
    try:
        while count_articles(db) == 0 and proc.poll() is None:
            time.sleep(0.02)
        while proc.poll() is None:
            problems = store.check(store.open_db(db, create=False))
            checks += 1
            found += [p for p in problems if not p.startswith("source identity: ")]
    finally:
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert checks >= 3, f"only {checks} checks ran during the load: {out}"
    assert found == []
    assert store.check(sqlite_utils.Database(db)) == []


def test_check_reads_the_database_as_it_was_when_it_began(tmp_path, monkeypatch):
    # The same, made certain: a batch commits from another connection between check's
    # read of the summary table and its count of the statements.
    from datasette_provenance import checks
    (tmp_path / "in").mkdir()
    for name, said in (("a", "The mayor said the bridge would reopen."),
                       ("b", "The clerk said the vote was delayed.")):
        (tmp_path / "in" / f"{name}.txt").write_text(f"Story {name}\n{said}\n", encoding="utf-8")
    db_path = tmp_path / "p.db"
    subprocess.run(load_cmd(db_path, tmp_path / "in" / "a.txt"), check=True, capture_output=True)
    real = checks.summary_select

    def a_load_commits_meanwhile():
        monkeypatch.setattr(checks, "summary_select", real)  # once
        writer = store.open_db(db_path)
        store.load_articles(writer, read_articles([str(tmp_path / "in" / "b.txt")]))
        writer.conn.close()
        return real()
    monkeypatch.setattr(checks, "summary_select", a_load_commits_meanwhile)
    reader = store.open_db(db_path, create=False)
    assert checks.check(reader) == []
    assert reader.execute("select count(*) from articles").fetchone()[0] == 2  # (it did commit)
    assert checks.check(reader) == []
