"""Hard-wrapped plain text (lines broken at ~72 columns inside sentences, paragraphs blank-line
separated): a wrap is read as a space, so a sentence is one statement and keeps its
attribution, while the headline, list items, datelines and short lines stay their own and
every span is still the exact slice of the text as given."""
import sqlite3

from click.testing import CliRunner
from datasette.cli import cli

from datasette_provenance.text import extract
from datasette_provenance.text.wrapping import unwrapped

WRAPPED = """Harbour board weighs the future of the old pier

PORT WELLAN, June 3 --

According to Tom Berg, the port will stay shut for at least two more
weeks while engineers inspect the cracked sea wall and the dredging
contract is renegotiated with the council.

The council's finance chair, Ana Ruiz, told reporters on Monday that the
repairs would cost far more than the board had budgeted, and that a levy
on visiting yachts was one option among several that the members would
weigh before the summer.

- Berg said the ferries would run from the north quay.
- Ruiz said the levy would need a vote.

"We are not going to rush this," Berg said. "The wall has stood for a
century and it can stand for a fortnight more while we get it right."
"""


def _check_exact(text, doc):
    assert doc.text == text
    for statement in doc.statements:
        assert text[statement.start:statement.end] == statement.text
        for hop in statement.attributions:
            for span in (hop.cue, hop.source, hop.content, *hop.content_parts):
                if span is not None:
                    assert text[span.start:span.end] == span.text


def _statement(doc, opening):
    (found,) = [s for s in doc.statements if s.text.startswith(opening)]
    return found


def test_a_wrapped_sentence_is_one_statement_and_keeps_its_attribution():
    doc = extract(WRAPPED)
    _check_exact(WRAPPED, doc)
    berg = _statement(doc, "According to")
    assert berg.text.endswith("renegotiated with the council.")
    assert berg.text.count("\n") == 2  # the statement is the text as given, wraps and all
    (hop,) = berg.attributions
    assert (hop.cue.text, hop.source.text) == ("According to", "Tom Berg")
    assert hop.content.text.startswith("the port will stay shut") and hop.content.text.endswith("council")
    ruiz = _statement(doc, "The council's finance chair")
    assert ruiz.text.endswith("before the summer.")
    (told,) = ruiz.attributions
    assert told.source.text.endswith("Ana Ruiz")
    assert "one option among several" in told.content.text


def test_headline_dateline_and_list_items_stay_their_own_statements():
    doc = extract(WRAPPED)
    texts = [s.text for s in doc.statements]
    assert texts[0] == "Harbour board weighs the future of the old pier"
    assert doc.statements[0].is_headline
    assert "PORT WELLAN, June 3 --" in texts
    assert "- Berg said the ferries would run from the north quay." in texts
    assert "- Ruiz said the levy would need a vote." in texts
    # A quotation over a wrap is one statement, and the second sentence keeps its speaker.
    second = _statement(doc, '"The wall has stood')
    assert second.text.endswith("get it right.\"")
    assert any(hop.source and hop.source.text == "Berg" for hop in second.attributions)


def test_the_same_sentences_unwrapped_give_the_same_attributions():
    flat = WRAPPED.replace("more\nweeks", "more weeks")
    paragraphs = [" ".join(p.split("\n")) if not p.startswith("- ") else p for p in flat.split("\n\n")]
    one_line = "\n\n".join(paragraphs)
    def hops(text):
        return [(h.cue.text, h.source and h.source.text, h.content and " ".join(h.content.text.split()))
                for s in extract(text).statements for h in s.attributions]
    assert hops(WRAPPED) == hops(one_line)


def test_lines_that_end_their_sentences_are_not_wrapping():
    # Short lines, one sentence each: every line is a statement, as before.
    text = ("Harbour Bridge To Close\nThe harbour master said the bridge would close.\n"
            "Reportedly, the repairs will take a month.\nThe mayor declined to comment.\n")
    assert unwrapped(text) == text
    assert [s.text for s in extract(text).statements][1] == "The harbour master said the bridge would close."
    # One long line per paragraph (no hard wrapping), a short one in between: untouched.
    long = ("Ana Ruiz said the levy on visiting yachts would need a vote of the full council, "
            "and that she expected it to pass by a narrow margin after the summer break")
    text = "Headline here\n" + long + "\nIt was a short reply\n" + long + "\nAnother short line\n" + long
    assert unwrapped(text) == text


def test_only_full_lines_are_joined_and_the_copy_keeps_every_offset():
    text = ("Pier plan\n\n"
            "The pier will reopen in the spring once the inspectors have signed off\n"
            "the new railings and the lamps along the northern walkway, the board\n"
            "said on Friday. It gave no date for the reopening of the old cafe.\n"
            "Short line here\n"
            "  An indented first line opens a paragraph that goes on and on past\n"
            "the wrap and ends a little further down the page than this one does,\n"
            "as a paragraph of a scraped page might.\n")
    copy = unwrapped(text)
    assert len(copy) == len(text)
    assert "signed off the new railings" in copy and "the board said on" in copy
    assert "Pier plan\n" in copy  # the headline
    # 'An' would have fitted after 'here': a short line ends where it ends, and an
    # indented line opens a paragraph.
    assert "Short line here\n  An indented" in copy
    assert "goes on and on past the wrap" in copy
    doc = extract(text)
    _check_exact(text, doc)
    assert "Short line here" in [s.text for s in doc.statements]
    (said,) = [h for s in doc.statements for h in s.attributions if h.cue.text == "said"]
    assert said.source.text == "the board"
    assert said.content.text.startswith("The pier will reopen") and "railings" in said.content.text


def test_windows_line_ends_wrap_too():
    text = WRAPPED.replace("\n", "\r\n")
    doc = extract(text)
    _check_exact(text, doc)
    berg = _statement(doc, "According to")
    assert berg.text.endswith("with the council.")
    assert berg.attributions[0].source.text == "Tom Berg"


def test_a_hard_wrapped_txt_file_loads_whole_sentences(tmp_path):
    path = tmp_path / "wrapped.txt"
    path.write_text(WRAPPED, encoding="utf-8")
    db = tmp_path / "p.db"
    result = CliRunner().invoke(cli, ["provenance", "load", str(db), str(path)])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    text = conn.execute("select text from articles").fetchone()[0]
    assert text == WRAPPED
    rows = conn.execute("select start, end, text, is_headline from statements order by idx").fetchall()
    assert all(text[start:end] == said for start, end, said, _ in rows)
    assert rows[0][2:] == ("Harbour board weighs the future of the old pier", 1)
    (berg,) = [r for r in rows if r[2].startswith("According to")]
    assert berg[2].endswith("renegotiated with the council.")
    sources = {name for (name,) in conn.execute("select name from sources")}
    assert "Tom Berg" in sources
