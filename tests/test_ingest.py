"""Ingest: every format, every bad-input case, exact offsets for odd characters."""
import json
import os

import pytest

from datasette_provenance.ingest import (
    IngestError, markdown_to_text, read_articles, split_front_matter,
)
from datasette_provenance.model import Article

from conftest import SEEDS


def read(*paths):
    return list(read_articles([str(p) for p in paths]))


def articles(items):
    return [i for i in items if isinstance(i, Article)]


def errors(items):
    return [i for i in items if isinstance(i, IngestError)]


def one_error(path, items=None):
    items = read(path) if items is None else items
    errs = errors(items)
    assert len(errs) == 1, items
    assert str(path) in str(errs[0])
    return errs[0]


# ---------------------------------------------------------------- good formats


def test_seeds_all_load_with_distinct_outlets():
    items = read(SEEDS)
    assert errors(items) == []
    arts = articles(items)
    assert {a.format for a in arts} >= {"txt", "markdown", "json", "jsonl"}
    outlets = {a.outlet for a in arts if a.outlet}
    assert len(outlets) >= 4
    assert all(a.title for a in arts)


def test_txt_title_is_first_non_empty_line(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("\n\n   \n  The Headline  \n\nBody sentence here.\n", encoding="utf-8")
    (a,) = read(p)
    assert a.title == "The Headline"
    assert a.text == p.read_bytes().decode("utf-8")
    assert a.format == "txt" and a.path == str(p)


def test_markdown_front_matter_and_plain_text(tmp_path):
    p = tmp_path / "a.md"
    p.write_text(
        "---\ntitle: Front Title\nurl: https://x.example/a\noutlet: The Ledger\n"
        "author: [Ann One, Bob Two]\npublished: 2024-08-06\nsection: World\n---\n"
        "# Heading *one*\n\nA **bold** claim with a [link](https://x.example) and "
        "`code`,\nwrapped onto a second line.\n\n> A quoted line.\n\n- item one\n- item two\n\n"
        "***\n\n![alt text](img.png) and snake_case_name stay.\n\n[ref]: https://x.example\n",
        encoding="utf-8")
    (a,) = read(p)
    assert (a.title, a.url, a.outlet, a.author, a.published) == (
        "Front Title", "https://x.example/a", "The Ledger", "Ann One, Bob Two", "2024-08-06")
    assert a.extra == {"section": "World"}
    assert a.format == "markdown" and a.markdown == p.read_text(encoding="utf-8")
    assert a.text == (
        "Heading one\n\nA bold claim with a link and code, wrapped onto a second line.\n\n"
        "A quoted line.\n\nitem one\n\nitem two\n\nalt text and snake_case_name stay.\n")


def test_markdown_without_front_matter_takes_first_line_as_title(tmp_path):
    p = tmp_path / "b.markdown"
    p.write_text("Setext Title\n============\n\nSome text.\n", encoding="utf-8")
    (a,) = read(p)
    assert a.title == "Setext Title"
    assert a.text == "Setext Title\n\nSome text.\n"


def test_markdown_conversion_is_deterministic():
    source = (SEEDS / "harbour-dredging-contract.md").read_text(encoding="utf-8")
    _, body, _ = split_front_matter("x", source)
    assert markdown_to_text(body) == markdown_to_text(body)
    assert "**" not in markdown_to_text(body) and "](" not in markdown_to_text(body)


def test_json_object_and_list(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"body": "Headline\n\nText.", "publisher": "P", "date": "2024-01-02"}))
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": "First.", "title": "T1"}, {"text": "Second."}]))
    (a,) = read(one)
    assert (a.text, a.title, a.outlet, a.published, a.format) == (
        "Headline\n\nText.", "Headline", "P", "2024-01-02", "json")
    b, c = read(many)
    assert (b.title, c.title, b.extra["item"], c.extra["item"]) == ("T1", "Second.", "item 0", "item 1")


def test_jsonl_streams_records_with_line_numbers(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text('{"text": "One."}\n\n{"text": "Two.", "outlet": "O", "published": "2024-05-06T07:08:09Z"}\n')
    a, b = read(p)
    assert (a.extra["line"], b.extra["line"]) == (1, 3)
    assert b.outlet == "O" and b.published == "2024-05-06T07:08:09+00:00"


def test_directories_recursive_sorted_skip_hidden_and_unknown(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Z text.")
    (tmp_path / "a" / "y.md").write_text("Y text.")
    (tmp_path / "a" / "x.txt").write_text("X text.")
    (tmp_path / ".hidden.txt").write_text("hidden")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00\x00")
    paths = [a.path for a in read(tmp_path)]
    assert paths == [str(tmp_path / "a" / "x.txt"), str(tmp_path / "a" / "y.md"),
                     str(tmp_path / "b" / "z.txt")]
    assert paths == [a.path for a in read(tmp_path)]


# ---------------------------------------------------------------- odd characters


@pytest.mark.parametrize("raw", [
    "\ufeffHeadline with BOM\n\nBody text.\n".encode("utf-8"),
    b"Headline CRLF\r\n\r\nBody one.\r\nBody two.\r\n",
    b"Headline lone CR\r\rBody one.\rBody two.\r",
    "Emoji headline \U0001F680\U0001F1FA\U0001F1E6\n\nThe team \U0001F468\u200D\U0001F469\u200D\U0001F467 said yes.\n".encode("utf-8"),
    "\u0627\u0644\u062e\u0628\u0631 \u0639\u0627\u062c\u0644\n\n\u05e9\u05dc\u05d5\u05dd said the minister.\n".encode("utf-8"),
    "Cafe\u0301 re\u0301sume\u0301\n\nZ\u0351\u0362algo said it.\n".encode("utf-8"),
], ids=["bom", "crlf", "lone-cr", "emoji", "rtl", "combining"])
def test_text_is_exactly_the_decoded_file(tmp_path, raw):
    p = tmp_path / "odd.txt"
    p.write_bytes(raw)
    (a,) = read(p)
    assert a.text == raw.decode("utf-8")
    assert a.title and not a.title.startswith("\ufeff") and "\r" not in a.title


def test_huge_single_line_file(tmp_path):
    p = tmp_path / "huge.txt"
    sentence = "Officials said the bridge was closed. "
    p.write_text(sentence * (20 * 1024 * 1024 // len(sentence)), encoding="utf-8")
    (a,) = read(p)
    assert len(a.text) >= 20 * 1024 * 1024 - len(sentence)
    assert len(a.title) <= 500


# ---------------------------------------------------------------- bad input


def test_binary_file(tmp_path):
    p = tmp_path / "blob.txt"
    p.write_bytes(bytes(range(256)) * 4)
    assert "NUL" in one_error(p).message


def test_nul_bytes_name_the_line(tmp_path):
    p = tmp_path / "nul.txt"
    p.write_bytes(b"Line one\nLine two\x00\n")
    err = one_error(p)
    assert err.line == 2 and f"{p}:2" in str(err)


def test_invalid_utf8_names_the_line(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes("Headline\n\nCaf\u00e9 au lait.\n".encode("latin-1"))
    err = one_error(p)
    assert "invalid UTF-8" in err.message and err.line == 3


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", "\ufeff\n".encode("utf-8")])
def test_empty_and_whitespace_only(tmp_path, content):
    p = tmp_path / "empty.txt"
    p.write_bytes(content)
    assert "empty" in one_error(p).message


@pytest.mark.parametrize("name", ["e.md", "e.json", "e.jsonl"])
def test_empty_structured_files(tmp_path, name):
    p = tmp_path / name
    p.write_text("\n\n")
    assert "empty" in one_error(p).message


def test_broken_front_matter(tmp_path):
    p = tmp_path / "broken.md"
    p.write_text("---\ntitle: ok\nurl: [unclosed\n---\nBody.\n")
    err = one_error(p)
    assert "front matter" in err.message and err.line and err.line >= 2


def test_unterminated_front_matter(tmp_path):
    p = tmp_path / "open.md"
    p.write_text("---\ntitle: ok\n\nBody without the closing line.\n")
    assert "never ends" in one_error(p).message


@pytest.mark.parametrize("front,expect", [
    ("title: [a, list]", "'title' must be a string, not a list"),
    ("published: next tuesday", "'published' is not a date"),
    ("date: 2024-13-45", "month must be in 1..12"),
    ("outlet: {a: 1}", "'outlet' must be a string, not a mapping"),
    ("published: true", "'published' must be a date, not a boolean"),
    # YAML reads an unquoted date as one (was 'not date', 'not datetime': Python's words).
    ("title: 2024-01-01", "'title' must be a string, not a date (2024-01-01)"),
    ("author: 2024-01-01 10:00:00", "'author' must be a string, not a date (2024-01-01 10:00:00)"),
], ids=["list-title", "non-date", "bad-date", "mapping-outlet", "bool-date", "date-title",
        "datetime-author"])
def test_front_matter_wrong_types(tmp_path, front, expect):
    p = tmp_path / "typed.md"
    p.write_text(f"---\n{front}\n---\nBody text.\n")
    assert expect in one_error(p).message


def test_front_matter_not_a_mapping(tmp_path):
    p = tmp_path / "list.md"
    p.write_text("---\n- a\n- b\n---\nBody.\n")
    assert "mapping" in one_error(p).message


def test_jsonl_broken_line_among_good_ones(tmp_path):
    p = tmp_path / "mixed.jsonl"
    p.write_text('{"text": "Good one."}\n{"text": "broken\n{"text": "Good two."}\n'
                 '["not", "an", "object"]\n{"title": "no text"}\n{"text": 5}\n')
    items = read(p)
    assert [a.text for a in articles(items)] == ["Good one.", "Good two."]
    errs = errors(items)
    assert [e.line for e in errs] == [2, 4, 5, 6]
    assert all(f"{p}:{e.line}" in str(e) for e in errs)
    assert "invalid JSON" in errs[0].message
    assert "no 'text' or 'body'" in errs[2].message


def test_jsonl_invalid_utf8_line(tmp_path):
    p = tmp_path / "enc.jsonl"
    p.write_bytes(b'{"text": "ok"}\n{"text": "caf\xe9"}\n')
    items = read(p)
    assert len(articles(items)) == 1 and errors(items)[0].line == 2


def test_json_object_without_text(tmp_path):
    p = tmp_path / "notext.json"
    p.write_text(json.dumps({"title": "Only a title", "url": "https://x.example"}))
    assert "no 'text' or 'body'" in one_error(p).message


def test_json_list_with_one_bad_item(tmp_path):
    p = tmp_path / "list.json"
    p.write_text(json.dumps([{"text": "Fine."}, {"headline": "x"}, {"text": "Also fine.", "title": ["x"]}]))
    items = read(p)
    assert len(articles(items)) == 1
    assert ["item 1" in str(e) for e in errors(items)] == [True, False]
    assert "item 2" in str(errors(items)[1])


def test_invalid_json_names_line(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text('{\n  "text": "x",\n  oops\n}\n')
    err = one_error(p)
    assert "invalid JSON" in err.message and err.line == 3


def test_symlink_loop_is_reported_and_rest_loads(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "good.txt").write_text("Good text.")
    os.symlink(tmp_path / "d", tmp_path / "d" / "loop")
    items = read(tmp_path)
    assert [a.path for a in articles(items)] == [str(tmp_path / "d" / "good.txt")]
    err = one_error(tmp_path / "d" / "loop", items)
    assert "symlink loop" in err.message


def test_broken_symlink_and_missing_path(tmp_path):
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "dangling.txt")
    (tmp_path / "ok.txt").write_text("Fine.")
    items = read(tmp_path, tmp_path / "missing.txt")
    assert len(articles(items)) == 1
    assert len(errors(items)) == 2 and all("cannot read" in e.message for e in errors(items))


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux /proc")
def test_unreadable_file(tmp_path):
    # Root reads chmod-000 files, so also use a file whose read fails for everyone.
    locked = tmp_path / "locked.txt"
    locked.write_text("secret")
    locked.chmod(0)
    os.symlink("/proc/self/mem", tmp_path / "io-error.txt")
    (tmp_path / "ok.txt").write_text("Fine.")
    items = read(tmp_path)
    paths = {e.path for e in errors(items)}
    assert str(tmp_path / "io-error.txt") in paths
    if os.geteuid() != 0:
        assert str(locked) in paths
    assert str(tmp_path / "ok.txt") in [a.path for a in articles(items)]


def test_fifo_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    assert "not a regular file" in one_error(tmp_path / "pipe.txt").message


def test_json_list_broken_midway_keeps_the_items_before(tmp_path):
    p = tmp_path / "cut.json"
    p.write_text('[{"text": "One."},\n {"text": "Two."},\n {"text": "Thr')
    items = read(p)
    assert [a.text for a in articles(items)] == ["One.", "Two."]
    err = one_error(p, items)
    assert "invalid JSON" in err.message and err.line == 3


@pytest.mark.parametrize("content,message", [
    ("[]", "the JSON list is empty"),
    ('"just a string"', "expected a JSON object or a list of objects, got a string"),
    ('[{"text": null}]', "'text' must be a string (item 0), not null"),
    ('{"text": "a", "title": null, "published": 2024}', "'published' must be a date, not a number (2024)"),
    ('{"text": "a"} {"text": "b"}', "invalid JSON: Extra data"),
    ('[{"text": "a"}] x', "invalid JSON: Extra data"),
    ('[{"text": "a"} {"text": "b"}]', "invalid JSON: Expecting ',' delimiter"),
])
def test_json_shapes_that_are_errors(tmp_path, content, message):
    p = tmp_path / "shape.json"
    p.write_text(content)
    assert message in str(errors(read(p))[0])


def test_csv_and_tsv_rows(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text('title,text,outlet,published\nFirst,"Officials said, ""yes"".\nSecond line.",Wire,2024-01-02\n'
                 ',,,\nNo text here,,Wire,\nBad date,Body.,Wire,soon\n', encoding="utf-8")
    items = read(p)
    (a,) = articles(items)
    assert (a.title, a.text, a.outlet, a.published, a.format) == (
        "First", 'Officials said, "yes".\nSecond line.', "Wire", "2024-01-02", "csv")
    errs = errors(items)
    assert [e.line for e in errs] == [5, 6]
    assert "'text' is empty" in errs[0].message
    assert "'published' is not a date" in errs[1].message
    t = tmp_path / "b.tsv"
    t.write_text("body\tauthor\nA body.\tAnn\n")
    (b,) = read(t)
    assert (b.text, b.author, b.format) == ("A body.", "Ann", "tsv")


def test_csv_without_text_column(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("title,url\nx,y\n")
    assert "no 'text' or 'body' column" in one_error(p).message


from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

_CHUNKS = st.sampled_from([
    b"---\n", b"title: x\n", b"published: 2024-01-02\n", b"{", b"}", b"[", b"]", b'"text": ',
    b'"body"', b",", b"\n", b"\r\n", b"\r", b"\x00", b"\xff", b"\xef\xbb\xbf", b"# ", b"**",
    b"said ", "caf\u00e9 \U0001F680 \u05e9 e\u0301".encode(), b"Officials said it. ", b"  ",
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=200), st.lists(_CHUNKS, max_size=30).map(b"".join)),
       ext=st.sampled_from([".txt", ".md", ".json", ".jsonl", ".csv"]))
def test_any_bytes_give_articles_or_errors_never_a_crash(tmp_path, data, ext):
    p = tmp_path / f"fuzz{ext}"
    p.write_bytes(data)
    for item in read(p):
        assert isinstance(item, (Article, IngestError))
        if isinstance(item, IngestError):
            assert str(p) in str(item)
        else:
            assert item.text.strip() and "\x00" not in item.text
            if ext == ".txt":
                assert item.text == data.decode("utf-8")


def test_front_matter_alias_bomb_is_refused(tmp_path):
    lines = ["---", 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    p = tmp_path / "bomb.md"
    p.write_text("\n".join(lines) + "\n---\nBody.\n")
    assert "aliases" in one_error(p).message
