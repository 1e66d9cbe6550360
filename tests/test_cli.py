"""`datasette provenance load / extract / check`: output, contract, exit statuses."""
import json
import re
import sqlite3

from click.testing import CliRunner
from datasette.cli import cli

from datasette_provenance.ingest import read_articles

from conftest import SEEDS

SEED_ARTICLES = len(list(read_articles([str(SEEDS)])))


def run(*args):
    return CliRunner().invoke(cli, ["provenance", *map(str, args)])


def test_load_prints_summary_and_exit_zero(tmp_path):
    db = tmp_path / "p.db"
    first = run("load", db, SEEDS)
    assert first.exit_code == 0, first.output
    assert first.output.strip().splitlines()[-1] == f"{SEED_ARTICLES} loaded, 0 unchanged, 0 failed"
    before = _row_counts(db)
    second = run("load", db, SEEDS, "--workers", "2")
    assert second.exit_code == 0
    assert second.output.strip().splitlines()[-1] == f"0 loaded, {SEED_ARTICLES} unchanged, 0 failed"
    assert _row_counts(db) == before  # (test_store checks the rows themselves are unchanged)


def _row_counts(db):
    conn = sqlite3.connect(db)
    counts = {t: conn.execute(f"select count(*) from {t}").fetchone()[0]
              for t in ("articles", "statements", "attributions", "sources")}
    conn.close()
    return counts


def test_load_with_bad_file_exits_one_and_loads_the_rest(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text("Headline\n\nOfficials said so.\n")
    (tmp_path / "in" / "bad.md").write_text("---\ntitle: [x]\n---\nBody.\n")
    result = run("load", tmp_path / "p.db", tmp_path / "in", tmp_path / "missing.txt")
    assert result.exit_code == 1
    assert "1 loaded, 0 unchanged, 2 failed" in result.output
    assert f"error: {tmp_path / 'in' / 'bad.md'}:2: 'title' must be a string" in result.output
    assert f"error: {tmp_path / 'missing.txt'}: cannot read file" in result.output
    assert sqlite3.connect(tmp_path / "p.db").execute("select count(*) from articles").fetchone()[0] == 1


def _check_record(record, text_of):
    assert set(record) >= {"path", "title", "statements"}
    text = text_of(record)
    assert record["statements"], record["path"]
    for st in record["statements"]:
        assert text[st["start"]:st["end"]] == st["text"]
        assert 0 <= st["score"] <= 100 and st["grade"] and st["sourcing"]
        assert isinstance(st["reasons"], list) and st["reasons"]
        for hop in st["attributions"]:
            assert hop["depth"] >= 0
            for key in ("cue", "source", "content"):
                span = hop[key]
                if span is not None:
                    assert text[span["start"]:span["end"]] == span["text"]


def test_extract_jsonl_contract_offsets_are_slices():
    result = run("extract", "--format", "jsonl", SEEDS / "safety-zone-initiative.txt",
                 SEEDS / "school-meals-pilot.txt")
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 2
    for line in lines:
        record = json.loads(line)
        _check_record(record, lambda r: open(r["path"], encoding="utf-8", newline="").read())
    assert json.loads(lines[0])["title"].startswith("Putin Highlights")


def test_extract_json_is_one_array_in_input_order(tmp_path):
    result = run("extract", SEEDS)
    assert result.exit_code == 0
    records = json.loads(result.output)
    seeds = list(read_articles([str(SEEDS)]))
    assert [r["path"] for r in records] == [a.path for a in seeds]
    assert [r["path"] for r in records] == sorted(r["path"] for r in records)
    texts = [a.text for a in seeds]
    for record, text in zip(records, texts):
        _check_record(record, lambda r: text)


def test_extract_empty_and_failing(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01")
    result = run("extract", tmp_path / "bad.txt")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []
    assert f"{tmp_path / 'bad.txt'}:1: contains NUL bytes" in result.output
    result = run("extract", "--format", "jsonl", tmp_path / "bad.txt")
    assert result.exit_code == 1 and result.stdout == ""


def test_extract_keeps_crlf_offsets_exact(tmp_path):
    raw = b"Headline\r\n\r\nOfficials said the road was closed.\r\nIt reopened later.\r\n"
    (tmp_path / "crlf.txt").write_bytes(raw)
    record = json.loads(run("extract", "--format", "jsonl", tmp_path / "crlf.txt").output)
    _check_record(record, lambda r: raw.decode("utf-8"))


def test_check_ok_and_broken(tmp_path):
    db = tmp_path / "p.db"
    run("load", db, SEEDS)
    ok = run("check", db)
    assert ok.exit_code == 0 and ok.output.startswith(f"ok: {SEED_ARTICLES} articles")
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("delete from statements where idx = 0 and article_id = "
                     "(select id from articles order by id limit 1)")
    broken = run("check", db)
    assert broken.exit_code == 1
    assert "statement_count says" in broken.output
    assert re.search(r"\b\d+ problems? found", broken.output)


def _load_with_stderr_tty(db, path):
    import os
    import pty
    import subprocess
    import sys
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "datasette", "provenance", "load", str(db), str(path)],
                            stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    out = proc.communicate()[0].decode()
    os.close(master)
    return proc.returncode, out, b"".join(chunks).decode(errors="replace")


def test_progress_bar_only_on_a_terminal(tmp_path):
    code, out, err = _load_with_stderr_tty(tmp_path / "tty.db", SEEDS)
    assert code == 0 and out.strip() == f"{SEED_ARTICLES} loaded, 0 unchanged, 0 failed"
    files = sum(1 for p in SEEDS.iterdir() if p.is_file() and not p.name.startswith("."))
    assert "Loading" in err and f"{files}/{files}" in err
    piped = run("load", tmp_path / "piped.db", SEEDS)
    assert "Loading" not in piped.output


def test_workers_load_same_rows_as_one(tmp_path):
    for workers in ("1", "2"):
        assert run("load", tmp_path / f"w{workers}.db", SEEDS, "--workers", workers).exit_code == 0
    rows = [sqlite3.connect(tmp_path / f"w{w}.db").execute(
        'select a.id, s.idx, s.start, s."end", s.score, s.grade from statements s '
        "join articles a on a.id = s.article_id order by a.id, s.idx").fetchall() for w in ("1", "2")]
    assert rows[0] == rows[1] and rows[0]


def test_check_notes_stale_extractions(tmp_path):
    from datasette_provenance import store
    from datasette_provenance.ingest import read_articles
    db_path = tmp_path / "old.db"
    store.load_articles(store.open_db(db_path), read_articles([str(SEEDS)]), extractor_version="0.0.0")
    result = run("check", db_path)
    assert result.exit_code == 0
    assert f"note: {SEED_ARTICLES} articles were extracted by an older extractor" in result.output
