"""Ctrl-C (SIGINT to the process group, as a terminal sends it) during load and analyze:
the message says what is stored and how to go on (click alone said "Aborted!"), the
database holds only whole articles, and the same command finishes the work."""
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time

import sqlite_utils

from datasette_provenance.checks import check

DATASETTE = [sys.executable, "-m", "datasette", "provenance"]
NAMES = ["Ana Ruiz", "Tom Berg", "Lea Park", "Omar Haddad", "Ines Lopes", "Jon Sato"]


def _text(i):
    return "\n".join([f"Harbour report {i}"] + [
        f"{NAMES[(i + j) % 6]} said the ferry {i} would leave at {j}, according to port officials."
        for j in range(25)]) + "\n"


def _count(db, sql):
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute(sql).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _interrupted(args, ready, said):
    """Run a command, send SIGINT to its process group once ``ready()``: it exits 130 with
    no traceback and a message matching ``said`` (the match)."""
    code, _, err = _interrupt_when(args, ready)
    assert code == 130, err
    assert "Traceback" not in err and "Aborted!" not in err
    match = re.search(said, err)
    assert match, err
    return match


def _interrupt_when(args, ready):
    """Run a command; send SIGINT to its process group once ``ready()``; (code, out, err)."""
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while not ready() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "finished before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:  # (workers interrupted too could deadlock the pool)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise AssertionError("still running 60 s after Ctrl-C: hung")
    return proc.returncode, out, err


def test_ctrl_c_during_load_says_what_is_stored_and_the_rerun_finishes(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(300):
        (folder / f"a{i:03}.txt").write_text(_text(i))
    db = tmp_path / "p.db"
    said = _interrupted(
        DATASETTE + ["load", str(db), str(folder), "--workers", "2", "--batch-size", "5"],
        lambda: _count(db, "select count(*) from articles") >= 20,
        r"interrupted: the articles stored before it are whole \((\d+) in "
        rf"{re.escape(str(db))} now\); run the same command again to finish")
    stored = _count(db, "select count(*) from articles")
    assert int(said[1]) == stored and 0 < stored < 300
    # Whole articles only (the identity pass, run at the end of a load, is still to come).
    assert [p for p in check(sqlite_utils.Database(db)) if not p.startswith("source identity")] == []
    rerun = subprocess.run(DATASETTE + ["load", str(db), str(folder)], capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{300 - stored} loaded, {stored} unchanged, 0 failed" in rerun.stdout
    assert check(sqlite_utils.Database(db)) == []


def test_ctrl_c_during_analyze_says_where_it_stopped_and_resumes(tmp_path):
    db = tmp_path / "scraped.db"
    sqlite_utils.Database(db)["pages"].insert_all(
        [{"body": _text(i)} for i in range(300)])
    said = _interrupted(
        DATASETTE + ["analyze", str(db), "pages", "body", "--batch-size", "5"],
        lambda: _count(db, "select coalesce(max(done), 0) from provenance_jobs") >= 20,
        r"interrupted: job 1 stopped after row (\d+) \((\d+) of 300 rows done\); "
        r"run the same command again to resume it")
    resumed = subprocess.run(DATASETTE + ["analyze", str(db), "pages", "body"],
                             capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert f"Resuming job 1 after row {said[1]}" in resumed.stderr
    assert _count(db, "select count(*) from articles") == 300
    assert check(sqlite_utils.Database(db)) == []


def test_ctrl_c_while_a_batch_is_counted_leaves_the_counts_right(tmp_path, monkeypatch):
    # The writer adds a batch's counts in three steps before each COMMIT; Ctrl-C between
    # them, then the commit on the way out (which keeps the open batch's whole articles)
    # counted the range again: provenance_summary said 750 where the statements had 625.
    import pytest
    from datasette_provenance import facet_counts, store
    from datasette_provenance.ingest import read_articles
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(6):
        (folder / f"a{i}.txt").write_text(_text(i))
    real_add = facet_counts.add

    def interrupted_add(conn, rows):
        monkeypatch.setattr(facet_counts, "add", real_add)  # once
        raise KeyboardInterrupt
    monkeypatch.setattr(facet_counts, "add", interrupted_add)
    with pytest.raises(KeyboardInterrupt):
        store.load_articles(store.open_db(tmp_path / "p.db"), read_articles([str(folder)]),
                            batch_size=2)
    db = store.open_db(tmp_path / "p.db", create=False)  # what was committed
    assert 0 < db.execute("select count(*) from articles").fetchone()[0] < 6
    assert [p for p in check(db) if not p.startswith("source identity")] == []


def test_check_after_an_interrupted_load_names_the_unlinked_source_and_the_command(tmp_path):
    # The identity pass runs when a load ends: Ctrl-C before it leaves "Berg" (cited by
    # the later files) apart from "Tom Berg". check said "run `datasette provenance
    # identify`" on every such line, without the database; it now says what is wrong,
    # then the one command, runnable as printed.
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(200):
        who = "Tom Berg" if i < 20 else "Berg"
        (folder / f"a{i:03}.txt").write_text("\n".join([f"Harbour report {i}"] + [
            f"{who} said the ferry {i} would leave at {j}." for j in range(25)]) + "\n")
    db = tmp_path / "p.db"
    _interrupted(DATASETTE + ["load", str(db), str(folder), "--batch-size", "5"],
                 lambda: _count(db, "select count(*) from articles") >= 40, r"interrupted: ")
    checked = subprocess.run(DATASETTE + ["check", str(db)], capture_output=True, text=True)
    assert checked.returncode == 1
    assert checked.stdout == ("source identity: source name 'Berg' stands for 'Tom Berg' "
                              "but is still counted as a source of its own\n")
    said = checked.stderr.splitlines()
    assert said[:2] == ["1 problem found", f"to mend: datasette provenance identify {db}"]
    assert "interrupted" in said[2]
    mend = subprocess.run([sys.executable, "-m"] + said[1][len("to mend: "):].split(),
                          capture_output=True, text=True)
    assert mend.returncode == 0, mend.stderr
    # (Only the Berg rows: how far the load got before Ctrl-C decides which other
    # articles, and so which other sources, are stored.)
    assert _count(db, "select group_concat(name) from sources where name like '%Berg'") == "Tom Berg"
    assert check(sqlite_utils.Database(db)) == []
