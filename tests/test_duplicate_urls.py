"""Two records with the same url and different texts in one load (a scraper that saved a
page twice): one article per url, so before they replaced each other on every load
('2 loaded' each time, never unchanged). Now the first is kept and the later one named."""
import json

from click.testing import CliRunner
from datasette.cli import cli
import pytest

from datasette_provenance import store
from datasette_provenance.checks import check

FIRST = "The mayor said the ferry would leave at noon."
LATER = "The mayor said the ferry would leave at one, officials said."


def _jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def _load(db_path, *paths, workers=1):
    return CliRunner().invoke(cli, ["provenance", "load", str(db_path), *map(str, paths),
                                    "--workers", str(workers)])


@pytest.mark.parametrize("workers", [1, 2])
def test_a_repeated_url_keeps_the_first_record_and_reloads_unchanged(tmp_path, workers):
    feed = _jsonl(tmp_path / "feed.jsonl", [
        {"url": "https://example.org/ferry", "text": FIRST},
        {"url": "https://example.org/other", "text": "Tom Berg said it rained."},
        {"url": "https://example.org/ferry", "text": LATER}])
    db_path = tmp_path / "p.db"
    first = _load(db_path, feed, workers=workers)
    assert first.exit_code == 1
    assert ("feed.jsonl:3: same url as " in first.output and "feed.jsonl:1 (https://example.org/ferry)"
            in first.output)
    assert "2 loaded, 0 unchanged, 1 failed" in first.output
    for _ in range(2):
        again = _load(db_path, feed, workers=workers)
        assert "0 loaded, 2 unchanged, 1 failed" in again.output
    db = store.open_db(db_path, create=False)
    texts = [t for (t,) in db.execute("select text from articles where url like '%ferry'")]
    assert texts == [FIRST]
    assert check(db) == []


def test_a_url_repeated_in_another_file_of_the_same_load_is_named(tmp_path):
    a = _jsonl(tmp_path / "a.jsonl", [{"url": "https://example.org/ferry", "text": FIRST}])
    b = _jsonl(tmp_path / "b.jsonl", [{"url": "https://example.org/ferry", "text": LATER}])
    result = _load(tmp_path / "p.db", a, b)
    assert "b.jsonl:1: same url as " in result.output and "a.jsonl:1" in result.output
    # In a later load of its own, a new text for the url replaces the old (the page changed).
    later = _load(tmp_path / "p.db", b)
    assert later.exit_code == 0 and "1 loaded" in later.output
    db = store.open_db(tmp_path / "p.db", create=False)
    assert [t for (t,) in db.execute("select text from articles")] == [LATER]
