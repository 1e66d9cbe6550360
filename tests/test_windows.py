"""Huge documents are analysed window by window: same statements, exact offsets, flat memory."""
import json

from click.testing import CliRunner
from datasette.cli import cli

from datasette_provenance import pipeline, store
from datasette_provenance.ingest import read_articles
from datasette_provenance.model import Article

from conftest import SEEDS


def long_text():
    # Our own seed sentences, many times: paragraphs, then one very long line.
    body = (SEEDS / "school-meals-pilot.txt").read_text(encoding="utf-8").split("\n", 1)[1].strip()
    one_line = " ".join(body.split())
    return "A Long Headline\n\n" + "\n\n".join([body] * 4) + "\n\n" + " ".join([one_line] * 4) + "\n"


def test_window_bounds_cover_the_text_at_breaks():
    text = long_text()
    bounds = list(pipeline.window_bounds(text, 1500))
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text) and len(bounds) > 3
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    for _, end in bounds[:-1]:
        assert text[end - 1].isspace()  # never inside a word


def test_windows_give_the_statements_of_the_whole_text():
    text = long_text()
    whole = pipeline.analyse(Article(text=text))
    parts = list(pipeline.analyse_windows(Article(text=text), window=1500))
    assert len(parts) > 3
    statements = [s for d in parts for s in d.statements]
    assert [s.idx for s in statements] == list(range(len(statements)))
    assert [(s.start, s.end) for s in statements] == [(s.start, s.end) for s in whole.statements]
    assert [s.is_headline for s in statements] == [s.is_headline for s in whole.statements]
    for s in statements:
        assert text[s.start:s.end] == s.text
        for h in s.hedges:
            assert text[h.start:h.end] == h.text
        for a in s.attributions:
            for span in (a.cue, a.source, a.content, *a.content_parts):
                if span is not None:
                    assert text[span.start:span.end] == span.text
    same = sum(a.grade == b.grade for a, b in zip(statements, whole.statements))
    assert same >= 0.9 * len(statements)


def test_load_and_extract_of_a_huge_document_use_windows(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "WINDOW_CHARS", 1500)
    path = tmp_path / "long.txt"
    path.write_text(long_text(), encoding="utf-8")
    db = store.open_db(tmp_path / "p.db")
    result = store.load_articles(db, read_articles([str(path)]))
    assert result.loaded == 1 and store.check(db) == []
    stored = db.execute('select start, "end" from statements order by idx').fetchall()
    for fmt in ("jsonl", "json"):
        out = CliRunner().invoke(cli, ["provenance", "extract", "--format", fmt, str(path)])
        assert out.exit_code == 0
        record = json.loads(out.output) if fmt == "jsonl" else json.loads(out.output)[0]
        assert record["path"] == str(path) and record["title"] == "A Long Headline"
        assert [(s["start"], s["end"]) for s in record["statements"]] == stored


def test_huge_article_in_a_parallel_load_and_a_failing_window(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "WINDOW_CHARS", 1500)
    (tmp_path / "a-long.txt").write_text(long_text(), encoding="utf-8")
    (tmp_path / "b-short.txt").write_text("Short\n\nOfficials said it is short.\n", encoding="utf-8")
    serial = store.open_db(tmp_path / "serial.db")
    parallel = store.open_db(tmp_path / "parallel.db")
    assert store.load_articles(serial, read_articles([str(tmp_path)])).loaded == 2
    assert store.load_articles(parallel, read_articles([str(tmp_path)]), workers=2).loaded == 2
    rows = 'select article_id, idx, start, "end", grade from statements order by article_id, idx'
    assert serial.execute(rows).fetchall() == parallel.execute(rows).fetchall()
    assert store.check(serial) == [] and store.check(parallel) == []
    # A window that fails midway leaves nothing of the article behind.
    calls = {"n": 0}
    real = pipeline.analyse

    def fail_third_window(article, **kw):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("window 3 broke")
        return real(article, **kw)

    monkeypatch.setattr(pipeline, "analyse", fail_third_window)
    db = store.open_db(tmp_path / "failing.db")
    errors = []
    result = store.load_articles(db, read_articles([str(tmp_path / "a-long.txt")]),
                                 on_item=lambda s, i: errors.append(str(i)) if s == "failed" else None)
    assert result.failed == 1 and "window 3 broke" in errors[0]
    assert db["articles"].count == 0 and db["statements"].count == 0 and store.check(db) == []
