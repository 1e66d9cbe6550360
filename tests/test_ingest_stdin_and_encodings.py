"""What a scraped folder and a shell pipe throw at ingest: `-` reads standard input (one
plain-text article, in `extract` and `load`), a UTF-16 file (a spreadsheet's "Unicode text"
export) is named as UTF-16 rather than "binary", a pipe named as a path says to give `-`,
and a bad item of a JSON list names the line it starts on."""
import os
import sqlite3

import pytest
from click.testing import CliRunner
from datasette.cli import cli

from datasette_provenance.ingest import IngestError, read_articles


def run(*args, input=None):
    return CliRunner().invoke(cli, ["provenance", *map(str, args)], input=input)


def errors(path):
    return [str(i) for i in read_articles([str(path)]) if isinstance(i, IngestError)]


def test_extract_reads_standard_input_from_dash():
    result = run("extract", "--format", "jsonl", "-",
                 input="Ferry resumes\nThe harbour chief said the ferry would run on Friday.\n")
    assert result.exit_code == 0, result.output
    assert '"path": "-", "title": "Ferry resumes"' in result.output
    assert '"text": "said"' in result.output


def test_load_from_standard_input_keeps_each_text_its_own_article(tmp_path):
    db = tmp_path / "p.db"
    first = "Budget passes\nThe clerk said the budget passed.\n"
    assert run("load", db, "-", input=first).output.startswith("1 loaded")
    # A second piped text is a new article, not a new version of the first (no origin).
    assert run("load", db, "-", input="Budget fails\nThe clerk said it failed.\n").output.startswith("1 loaded")
    assert run("load", db, "-", input=first).output.startswith("0 loaded, 1 unchanged")
    titles = sqlite3.connect(db).execute("select title from articles order by title").fetchall()
    assert titles == [("Budget fails",), ("Budget passes",)]
    assert run("check", db).exit_code == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_named_as_a_path_says_to_give_dash(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert errors(fifo) == [f"{fifo}: not a regular file (to read standard input, give -)"]


@pytest.mark.parametrize("name", ["export.txt", "export.csv", "export.tsv", "export.jsonl",
                                  "export.json", "export.md"])
def test_a_utf16_file_is_named_as_utf16_not_binary(tmp_path, name):
    path = tmp_path / name
    body = '{"text": "The mayor said so."}' if name.endswith(("json", "jsonl")) else \
        "text\nThe mayor said so.\n" if name.endswith(("csv", "tsv")) else "The mayor said so.\n"
    path.write_bytes(body.encode("utf-16"))  # with its byte-order mark, as exports write it
    said = errors(path)
    assert len(said) == 1 and said[0].startswith(f"{path}:1: UTF-16 text, not UTF-8"), said
    assert "save it as UTF-8" in said[0]


def test_a_bad_item_of_a_json_list_names_the_line_it_starts_on(tmp_path):
    path = tmp_path / "scrape.json"
    path.write_text('[\n {"text": "The mayor said so."},\n\n {"title": "no text"},\n'
                    ' {"text": "A clerk said so."},\n {"text": 5}\n]\n', encoding="utf-8")
    assert errors(path) == [f"{path}:4: object has no 'text' or 'body' field (item 1) (it has: title)",
                            f"{path}:6: 'text' must be a string (item 3), not a number (5)"]


HALF = ("has half a character at position {}: the escape \\u{} is one half of a UTF-16 pair whose "
        "other half is missing (text cut in the middle of an emoji?); remove it or write the whole pair")


def test_a_lone_surrogate_escape_is_named_in_plain_words(tmp_path):
    # JSON's "\ud83d" without its "\ude00" (text cut mid-emoji) decodes to a lone surrogate
    # that UTF-8 cannot hold: load said "extraction failed: UnicodeEncodeError: 'utf-8' codec
    # can't encode character ...", and extract died with a traceback.
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"title": "A", "text": "The mayor said \\ud83d so."}\n'
                    '{"title": "B", "text": "The clerk said so. \\ud83d\\ude00"}\n'
                    '{"title": "C\\udc00", "text": "The chief said so."}\n'
                    '{"title": "D", "text": "The aide said so.", "tags": ["ok", "x\\ud800"]}\n',
                    encoding="utf-8")
    listed = tmp_path / "list.json"
    listed.write_text('[{"title": "E", "text": "The guard said \\ud83d so."}]', encoding="utf-8")
    story = tmp_path / "story.md"
    story.write_text('---\ntitle: "F\\ud800"\n---\nThe pilot said so.\n', encoding="utf-8")
    db = tmp_path / "p.db"
    loaded = run("load", db, feed, listed, story)
    assert loaded.exit_code == 1 and "1 loaded, 0 unchanged, 5 failed" in loaded.output, loaded.output
    assert "UnicodeEncodeError" not in loaded.output and "codec" not in loaded.output
    for said in (f"{feed}:1: 'text' " + HALF.format(15, "d83d"), f"{feed}:3: 'title' " + HALF.format(1, "dc00"),
                 f"{feed}:4: 'tags[1]' " + HALF.format(1, "d800"),
                 f"{listed}:1: 'text' " + HALF.format(15, "d83d") + " (item 0)",
                 f"{story}:2: 'title' " + HALF.format(1, "d800")):
        assert f"error: {said}\n" in loaded.output
    assert sqlite3.connect(db).execute("select title, text from articles").fetchall() == [
        ("B", "The clerk said so. \U0001F600")]  # (a whole pair is one character)
    extracted = run("extract", "--format", "jsonl", feed)
    assert extracted.exit_code == 1 and "Traceback" not in extracted.output
    assert f"error: {feed}:1: 'text' " + HALF.format(15, "d83d") in extracted.output
    assert extracted.output.count('"path": ') == 1


def test_a_known_binary_file_is_named_for_what_it_is(tmp_path):
    # Named on the command line (a folder skips these extensions), a PDF, a Word file, a
    # gzip, an image or the database itself said "contains NUL bytes: binary file, not
    # text" or "invalid UTF-8 (byte 0xe2 at offset 10)"; now what it is and what to do.
    db = tmp_path / "p.db"
    files = {"report.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "letter.docx": b"PK\x03\x04\x14\x00\x06\x00",
             "feed.jsonl.gz": b"\x1f\x8b\x08\x00\x00\x00", "photo.png": b"\x89PNG\r\n\x1a\n\x00\x00",
             "sheet.csv": b"PK\x03\x04\x14\x00\x06\x00", "feed.jsonl": b"\x1f\x8b\x08\x00\x00\x00"}
    for name, raw in files.items():
        (tmp_path / name).write_bytes(raw)
    (tmp_path / "good.txt").write_text("Ferry\nThe harbour chief said the ferry would run.\n")
    other = tmp_path / "other.db"
    run("load", other, tmp_path / "good.txt")
    result = run("load", db, *[tmp_path / n for n in files], other, tmp_path / "good.txt")
    assert result.exit_code == 1 and "1 loaded, 0 unchanged, 7 failed" in result.output, result.output
    zipped = "a ZIP archive (a .docx, .xlsx or .odt document is one), not text: unpack it, or save " \
             "the document as plain text"
    for name, said in (("report.pdf", "a PDF, not text: extract its text first (e.g. pdftotext FILE FILE.txt)"),
                       ("letter.docx", zipped), ("sheet.csv", zipped),
                       ("feed.jsonl.gz", "gzip-compressed: decompress it first (gunzip)"),
                       ("feed.jsonl", "gzip-compressed: decompress it first (gunzip)"),
                       ("photo.png", "an image (PNG), not text"),
                       ("other.db", "a SQLite database, not an article file (to analyse a text column of "
                                    "one of its tables: datasette provenance analyze DB TABLE COLUMN)")):
        assert f"error: {tmp_path / name}:1: {said}\n" in result.output
    assert "NUL bytes" not in result.output and "invalid UTF-8" not in result.output
    piped = run("extract", "-", input=files["report.pdf"].decode("latin-1"))
    assert piped.exit_code == 1 and "error: -:1: a PDF, not text" in piped.output


def test_nan_and_infinity_in_json_metadata_are_kept_as_text_sqlite_can_read(tmp_path):
    # Python's json reads NaN, -Infinity and 1e400 and wrote them back bare into
    # articles.extra, which SQLite's json functions then refused as malformed JSON.
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"title": "A", "text": "The mayor said so.", "score": NaN, "big": 1e400, '
                    '"low": -Infinity, "tags": ["x", NaN], "ok": 2.5}\n', encoding="utf-8")
    db = tmp_path / "p.db"
    assert run("load", db, feed).exit_code == 0
    conn = sqlite3.connect(db)
    assert conn.execute("select json_valid(extra) from articles").fetchone() == (1,)
    assert conn.execute("select json_extract(extra, '$.score'), json_extract(extra, '$.big'), "
                        "json_extract(extra, '$.low'), json_extract(extra, '$.tags'), "
                        "json_extract(extra, '$.ok') from articles").fetchone() == (
        "nan", "inf", "-inf", "['x', nan]", 2.5)


def test_empty_standard_input_is_called_that(tmp_path):
    for args in (("extract", "-"), ("load", tmp_path / "p.db", "-")):
        result = run(*args, input="")
        assert result.exit_code == 1
        assert "error: -: standard input is empty or whitespace only (nothing was piped in?)" in result.output


def test_common_json_slips_are_named_in_words(tmp_path):
    # Python's messages say where ("Expecting property name enclosed in double quotes
    # (column 45)"), not what to fix.
    cases = {
        "trailing.jsonl": ('{"title": "A", "text": "The mayor said so.",}\n',
                           ": a comma before a closing bracket, which JSON does not allow"),
        "python.jsonl": ("{'title': 'A', 'text': 'The mayor said so.'}\n",
                         ": JSON quotes its strings with \", not ' (a Python dict printed is not JSON)"),
        "commas.jsonl": ('{"title": "A", "text": "The mayor said so."},\n',
                         ": a comma after the object; JSON Lines has one object a line and nothing after it"),
        "list.jsonl": ('[{"title": "A", "text": "The mayor said so."}]\n',
                       "expected a JSON object, got a list: JSON Lines has one object a line (a file "
                       "holding one list of articles is .json)"),
        "trailing.json": ('[{"title": "A", "text": "The mayor said so."},]',
                          ": a comma before a closing bracket, which JSON does not allow"),
    }
    for name, (content, said) in cases.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
        found = errors(tmp_path / name)
        assert len(found) == 1 and found[0].startswith(f"{tmp_path / name}:1: ")
        assert found[0].endswith(said), found
