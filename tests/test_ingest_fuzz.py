"""Ingest fuzzed as a user's messy folder would: random bytes under every extension, random
front matter, random JSON Lines among good ones. Never a traceback; every bad file or line
named with what is wrong; every good one loaded; the database passes `check`; a second
load changes nothing."""
import json
import re
import string

from click.testing import CliRunner
from datasette.cli import cli
from hypothesis import HealthCheck, given, settings, strategies as st

from datasette_provenance import store
from datasette_provenance.checks import check
from datasette_provenance.ingest import IngestError, read_file

EXTENSIONS = [".txt", ".md", ".html", ".json", ".jsonl", ".csv", ".tsv"]
WORDS = ["the", "mayor", "said", "ferry", "would", "leave", "according", "to", "officials",
         "Ana", "Ruiz", "reportedly", "bridge", "closed", "on", "Monday", "café", "ñ", "東京"]

sentences = st.lists(st.sampled_from(WORDS), min_size=2, max_size=12).map(
    lambda words: " ".join(words).capitalize() + ".")
good_texts = st.lists(sentences, min_size=1, max_size=4).map(" ".join)
# Text as scrapers leave it: any code point but surrogates (not UTF-8) and NUL (refused).
any_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                   max_size=80)


@st.composite
def messy_file(draw):
    """(extension, bytes, lines that must load: None = any outcome, or a set of line numbers
    (1 for a one-article file) whose records are good)."""
    kind = draw(st.sampled_from(["good", "bytes", "front matter", "jsonl", "text"]))
    if kind == "good":
        ext = draw(st.sampled_from([".txt", ".md"]))
        return ext, draw(good_texts).encode(), {1}
    if kind == "bytes":
        return draw(st.sampled_from(EXTENSIONS)), draw(st.binary(max_size=200)), None
    if kind == "text":
        return draw(st.sampled_from(EXTENSIONS)), draw(any_text).encode("utf-8"), None
    if kind == "front matter":
        source = f"---\n{draw(any_text)}\n---\n{draw(good_texts)}\n"
        return ".md", source.encode("utf-8"), None
    lines, good = [], set()
    for n, (line, is_good) in enumerate(draw(st.lists(st.one_of(
            good_texts.map(lambda t: (json.dumps({"text": t, "title": t[:20]}), True)),
            st.dictionaries(st.sampled_from(["text", "title", "published", "url", "x"]),
                            st.one_of(any_text, st.integers(), st.none(), st.lists(st.integers(),
                                                                                  max_size=2)),
                            max_size=4).map(lambda d: (json.dumps(d), False)),
            any_text.filter(lambda t: "\n" not in t and "\r" not in t).map(lambda t: (t, False))),
            min_size=1, max_size=5)), 1):
        lines.append(line)
        if is_good:
            good.add(n)
    return ".jsonl", ("\n".join(lines) + "\n").encode("utf-8"), good


@settings(max_examples=200, deadline=None)
@given(ext=st.sampled_from(EXTENSIONS), raw=st.binary(max_size=300))
def test_read_file_never_raises_and_names_the_file(tmp_path_factory, ext, raw):
    path = tmp_path_factory.mktemp("f") / f"x{ext}"
    path.write_bytes(raw)
    for item in read_file(str(path)):
        if isinstance(item, IngestError):
            assert str(item).startswith(f"{path}")
            assert item.message.strip()
        else:
            assert item.text.strip() and item.path == str(path)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(files=st.lists(messy_file(), min_size=1, max_size=6))
def test_a_messy_folder_loads_what_is_good_and_names_the_rest(tmp_path_factory, files):
    root = tmp_path_factory.mktemp("fuzz")
    folder = root / "in"
    folder.mkdir()
    paths = []
    for n, (ext, raw, good) in enumerate(files):
        path = folder / f"f{n}{ext}"
        path.write_bytes(raw)
        paths.append((str(path), good))
    db_path = root / "p.db"
    result = CliRunner().invoke(cli, ["provenance", "load", str(db_path), str(folder)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    errors = [line[len("error: "):] for line in result.output.splitlines()
              if line.startswith("error: ")]
    named = {}
    for error in errors:
        where = re.match(rf"({re.escape(str(folder))}/f\d+\.\w+)(?::(\d+))?: \S", error)
        assert where, f"error without a file name: {error!r}"
        named.setdefault(where[1], set()).add(int(where[2] or 0))
    assert result.exit_code == (1 if errors else 0), result.output
    db = store.open_db(db_path)
    ids = {aid for (aid,) in db.execute("select id from articles")}
    for path, good in paths:
        articles = [i for i in read_file(path) if not isinstance(i, IngestError)]
        # (The same text twice is one article: each of its records is stored.)
        assert all(store.article_id(a) in ids for a in articles), f"{path}: not all loaded"
        assert articles or path in named, f"{path}: neither loaded nor named"
        lines = {(a.extra or {}).get("line", 1) for a in articles}
        assert set(good or ()) <= lines, f"{path}: a good record did not load"
    assert check(db) == []
    again = CliRunner().invoke(cli, ["provenance", "load", str(db_path), str(folder)])
    assert re.search(r"^0 loaded, \d+ unchanged", again.output, re.M), again.output
