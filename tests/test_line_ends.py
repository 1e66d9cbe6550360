"""Old Mac line ends (a lone CR), Unicode line separators and a byte-order mark: every line
is split on its own as with "\\n" (the headline is a statement by itself), offsets and span
texts stay those of the file as decoded, and no statement starts with the invisible mark."""
import json
import sqlite3

from click.testing import CliRunner
from datasette.cli import cli

from datasette_provenance.text import extract

LINES = ["Harbour Bridge To Close For Repairs",
         "The harbour master said the bridge would close on Monday.",
         "Reportedly, the repairs will take a month."]


def run(*args):
    return CliRunner().invoke(cli, ["provenance", *map(str, args)])


def _statement_texts(text):
    return [s.text for s in extract(text).statements]


def test_every_line_end_splits_lines_like_newline():
    expected = _statement_texts("\n".join(LINES))
    assert expected[0] == LINES[0]  # the headline alone
    for end in ("\r", "\r\n", "\u2028", "\u2029"):
        text = end.join(LINES) + end
        doc = extract(text)
        assert [s.text for s in doc.statements] == expected, repr(end)
        assert doc.statements[0].is_headline
        said = doc.statements[1].attributions[0]
        assert said.cue.text == "said" and text[said.cue.start:said.cue.end] == "said"
        assert said.source.text == "The harbour master"


def test_a_byte_order_mark_stays_in_the_text_but_out_of_the_headline():
    text = "\ufeff" + "\r\n".join(LINES)
    doc = extract(text)
    assert doc.text == text
    first = doc.statements[0]
    assert (first.start, first.text) == (1, LINES[0])
    # Inside a text U+FEFF is a zero-width no-break space and is left as it is.
    assert extract("Ana\ufeffRuiz said so.\nIt held.").statements[0].text == "Ana\ufeffRuiz said so."


def test_a_lone_cr_file_loads_with_its_headline_as_a_statement(tmp_path):
    path = tmp_path / "mac.txt"
    path.write_bytes("\r".join(LINES).encode("utf-8") + b"\r")
    db = tmp_path / "p.db"
    assert run("load", db, path).exit_code == 0
    conn = sqlite3.connect(db)
    text = conn.execute("select text from articles").fetchone()[0]
    assert text == path.read_bytes().decode("utf-8")  # stored exactly as the file
    rows = conn.execute("select start, end, text, is_headline, sourcing from statements order by idx").fetchall()
    assert [r[2] for r in rows] == LINES
    assert rows[0][3:] == (1, "unattributed") and rows[1][4] != "unattributed"
    assert all(text[start:end] == said for start, end, said, *_ in rows)
    assert run("check", db).exit_code == 0
    record = json.loads(run("extract", "--format", "jsonl", path).output)
    assert [s["text"] for s in record["statements"]] == LINES


def test_markdown_front_matter_with_windows_line_ends_is_read(tmp_path):
    # The closing '---' of a CRLF file ends in '\r', which the end-of-front-matter pattern
    # did not allow: every Windows-saved markdown file with front matter failed with
    # "front matter starts with '---' but never ends".
    story = tmp_path / "story.md"
    story.write_bytes(("---\r\ntitle: Bridge Closes\r\noutlet: Harbour Gazette\r\npublished: 2025-03-04\r\n"
                       "---\r\n" + "\r\n\r\n".join(LINES[1:]) + "\r\n").encode("utf-8"))
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"---\r\ntitle: ok\r\nauthor: {name: x}\r\n---\r\nThe clerk said so.\r\n")
    db = tmp_path / "p.db"
    result = run("load", db, story, bad)
    assert result.exit_code == 1 and "1 loaded, 0 unchanged, 1 failed" in result.output, result.output
    assert f"error: {bad}:3: 'author' must be a string, not a mapping" in result.output
    row = sqlite3.connect(db).execute("select title, outlet, published, text from articles").fetchone()
    assert row[:3] == ("Bridge Closes", "Harbour Gazette", "2025-03-04")
    assert row[3].startswith(LINES[1]) and "---" not in row[3] and "title:" not in row[3]
    assert run("check", db).exit_code == 0
