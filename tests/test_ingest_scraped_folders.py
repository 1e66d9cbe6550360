"""A scraper's folder: saved web pages (.html/.htm) load as their plain text, as `analyze`
reads an HTML cell; a folder with nothing the loader reads is an error naming it and what
was skipped, not a silent "0 loaded, 0 unchanged, 0 failed"."""
import json
import sqlite3

from click.testing import CliRunner
from datasette.cli import cli

from datasette_provenance.html_text import html_to_text
from datasette_provenance.ingest import IngestError, read_articles

PAGE = ("<!doctype html><html><head><title>Site | Bridge</title><script>var x = '<p>';</script>"
        "</head><body><nav><a href='/'>Home</a></nav><h1>Bridge to reopen</h1>"
        "<p>The mayor said on Monday that the bridge would reopen &amp; stay open.</p>"
        "<p>Engineers reportedly found no cracks.</p></body></html>")


def run(*args):
    return CliRunner().invoke(cli, ["provenance", *map(str, args)])


def test_saved_web_pages_load_as_their_plain_text(tmp_path):
    scraped = tmp_path / "scraped"
    (scraped / "2025").mkdir(parents=True)
    (scraped / "2025" / "bridge.html").write_text(PAGE, encoding="utf-8")
    (scraped / "old.htm").write_text(PAGE.replace("Bridge to reopen", "Ferry to close"), encoding="utf-8")
    items = list(read_articles([str(scraped)]))
    assert [type(i).__name__ for i in items] == ["Article", "Article"]
    bridge = items[0]
    assert bridge.format == "html" and bridge.text == html_to_text(PAGE)
    assert "<" not in bridge.text and "var x" not in bridge.text and "reopen & stay" in bridge.text
    db = tmp_path / "p.db"
    result = run("load", db, scraped)
    assert result.exit_code == 0 and result.output.startswith("2 loaded"), result.output
    conn = sqlite3.connect(db)
    cue = conn.execute("select a.cue, s.text from attributions a join statements s on s.id = a.statement_id "
                       "where a.cue = 'said'").fetchone()
    assert cue and cue[1].startswith("The mayor said on Monday")
    assert run("check", db).exit_code == 0


def test_a_page_with_no_text_is_named(tmp_path):
    page = tmp_path / "blank.html"
    page.write_text("<html><head><title>t</title><style>p {}</style></head><body></body></html>")
    errors = [str(i) for i in read_articles([str(page)]) if isinstance(i, IngestError)]
    assert errors == [f"{page}: no text in this HTML (only tags, scripts or styles)"]


def test_a_folder_with_nothing_to_read_is_an_error_saying_what_it_skipped(tmp_path):
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    for name in ("a.pdf", "b.pdf", "notes.docx"):
        (pdfs / name).write_bytes(b"%PDF-1.4")
    empty = tmp_path / "empty"
    empty.mkdir()
    good = tmp_path / "good.txt"
    good.write_text("Budget\nThe clerk said it passed.\n")
    result = run("load", tmp_path / "p.db", pdfs, empty, good)
    assert result.exit_code == 1
    assert "1 loaded, 0 unchanged, 2 failed" in result.output
    assert f"error: {pdfs}: no files to read in this directory (2 .pdf, 1 .docx skipped; it reads " \
        in result.output
    assert f"error: {empty}: no files to read in this directory (it reads .csv, " in result.output


def test_scraped_date_formats_are_read_and_ambiguous_ones_named(tmp_path):
    # What scrapers and RSS feeds write in a date column: month names and RFC 2822.
    feed = tmp_path / "feed.csv"
    feed.write_text(
        "title,date,text\n"
        'A,"March 3, 2025",The mayor said so.\n'
        "B,3 Mar. 2025,The clerk said so.\n"
        'C,"Tue, 04 Mar 2025 10:00:00 GMT",The chief said so.\n'
        "D,2025-03-04T10:00:00Z,Officials said so.\n"
        "E,03/04/2025,A spokesman said so.\n"
        'F,"February 30, 2025",Nobody said so.\n'
        'G,"March 4, 2025 10:00 PM",The aide said so.\n'  # a 12-hour clock: PM is 22:00
        'H,"Mar 4, 2025, 12:15 a.m.",The guard said so.\n', encoding="utf-8")
    items = list(read_articles([str(feed)]))
    dates = {i.title: i.published for i in items if not isinstance(i, IngestError)}
    assert dates == {"A": "2025-03-03", "B": "2025-03-03", "C": "2025-03-04T10:00:00+00:00",
                     "D": "2025-03-04T10:00:00+00:00", "G": "2025-03-04T22:00:00",
                     "H": "2025-03-04T00:15:00"}
    errors = [str(i) for i in items if isinstance(i, IngestError)]
    # 03/04/2025 is March 4 or April 3: not guessed.
    assert errors == [f"{feed}:6: 'date' is not a date: '03/04/2025' (use YYYY-MM-DD)",
                      f"{feed}:7: 'date' is not a date: 'February 30, 2025' (use YYYY-MM-DD)"]


def test_a_missing_text_field_names_what_the_file_has(tmp_path):
    export = tmp_path / "export.csv"
    export.write_text("title,url,article_text\nA,https://example.org/a,The mayor said so.\n")
    api = tmp_path / "api.json"  # an API response: the articles wrapped in an object
    api.write_text('{"total": 1, "articles": [{"title": "A", "text": "The mayor said so."}]}')
    said = [str(i) for i in read_articles([str(export), str(api)]) if isinstance(i, IngestError)]
    assert said == [
        f"{export}:1: no 'text' or 'body' column in the header (it has: title, url, article_text)",
        f"{api}: object has no 'text' or 'body' field (it has: total, articles; "
        "for the articles in 'articles': jq '.articles' FILE > articles.json)"]


def test_json_lines_saved_as_json_says_to_name_it_jsonl(tmp_path):
    lines = tmp_path / "scrape.json"
    lines.write_text('{"title": "A", "text": "The mayor said so."}\n'
                     '{"title": "B", "text": "The clerk said so."}\n', encoding="utf-8")
    said = [str(i) for i in read_articles([str(lines)])]
    assert said == [f"{lines}:2: one JSON object a line is JSON Lines: name the file .jsonl "
                    "(or .ndjson) to load it"]
    renamed = lines.rename(tmp_path / "scrape.jsonl")
    assert [i.title for i in read_articles([str(renamed)])] == ["A", "B"]


def test_time_zone_words_are_read_as_offsets_or_named(tmp_path):
    # RFC 2822 parsing knows the US zone words only and read '10:00 CET' as a naive 10:00:
    # a time silently an hour off. European feeds' words are offsets now; a word that could
    # mean several zones (IST: India, Ireland, Israel) or none is an error naming it.
    feed = tmp_path / "feed.csv"
    feed.write_text(
        "title,date,text\n"
        'A,"Tue, 04 Mar 2025 10:00:00 CET",The mayor said so.\n'
        'B,"March 4, 2025 10:00 PM BST",The clerk said so.\n'
        "C,2025-07-01 09:30 CEST,The chief said so.\n"
        'D,"Tue, 04 Mar 2025 10:00:00 +0100 (CET)",Officials said so.\n'
        'E,"Tue, 04 Mar 2025 10:00:00 EST",The aide said so.\n'
        'F,"4 Mar 2025 10:00 IST",A spokesman said so.\n'
        'G,"Tue, 04 Mar 2025 10:00:00 XYZ",Nobody said so.\n', encoding="utf-8")
    items = list(read_articles([str(feed)]))
    dates = {i.title: i.published for i in items if not isinstance(i, IngestError)}
    assert dates == {"A": "2025-03-04T10:00:00+01:00", "B": "2025-03-04T22:00:00+01:00",
                     "C": "2025-07-01T09:30:00+02:00", "D": "2025-03-04T10:00:00+01:00",
                     "E": "2025-03-04T10:00:00-05:00"}
    errors = [str(i) for i in items if isinstance(i, IngestError)]
    assert errors == [
        f"{feed}:7: 'date' has a time zone it cannot place, 'IST': '4 Mar 2025 10:00 IST' "
        "(write its offset instead, e.g. 10:00 +01:00)",
        f"{feed}:8: 'date' has a time zone it cannot place, 'XYZ': 'Tue, 04 Mar 2025 10:00:00 XYZ' "
        "(write its offset instead, e.g. 10:00 +01:00)"]



def _feed_dates(tmp_path, rows):
    """(the errors, {title: published}) of a CSV feed of (title, date) rows."""
    feed = tmp_path / "feed.csv"
    feed.write_text("title,date,text\n" + "".join(
        f'{title},"{date}",Someone said so.\n' for title, date in rows), encoding="utf-8")
    items = list(read_articles([str(feed)]))
    return ([str(i) for i in items if isinstance(i, IngestError)],
            {i.title: i.published for i in items if not isinstance(i, IngestError)})


def test_an_iso_date_time_with_a_zone_word_rfc_2822_knows_is_read(tmp_path):
    # '2025-03-04 10:00 CET' was read, but the same date with UTC, GMT or EST (words
    # RFC 2822 parsing knows, but only in its own layout) was 'not a date'.
    assert _feed_dates(tmp_path, [
        ("A", "2025-03-04 10:00 UTC"), ("B", "2025-03-04T10:00:00 GMT"),
        ("C", "2025-03-04 10:00 EST"), ("D", "2025-07-01 09:30 PDT")]) == ([], {
        "A": "2025-03-04T10:00:00+00:00", "B": "2025-03-04T10:00:00+00:00",
        "C": "2025-03-04T10:00:00-05:00", "D": "2025-07-01T09:30:00-07:00"})


def test_us_region_zone_words_take_the_offset_of_their_date(tmp_path):
    # 'ET' (US news: "10 a.m. ET") is EST in winter and EDT in summer: read in its
    # region's zone, not refused as a word it cannot place, nor stored as a naive time.
    assert _feed_dates(tmp_path, [
        ("A", "March 4, 2025, 10:00 a.m. ET"), ("B", "July 4, 2025, 10:00 a.m. ET"),
        ("C", "2025-07-01 09:30 PT"), ("D", "Tue, 04 Nov 2025 18:15:00 CT")]) == ([], {
        "A": "2025-03-04T10:00:00-05:00", "B": "2025-07-04T10:00:00-04:00",
        "C": "2025-07-01T09:30:00-07:00", "D": "2025-11-04T18:15:00-06:00"})


def test_a_written_date_with_at_or_a_comma_before_its_time_is_read(tmp_path):
    # News pages print "March 4, 2025 at 10:00 PM EST" and "Mar. 4, 2025, 10:00 p.m. EST":
    # both were 'not a date' in front matter and JSON, so the article failed to load.
    story = tmp_path / "story.md"
    story.write_text("---\ntitle: Bridge\npublished: March 4, 2025 at 10:00 PM EST\n---\n"
                     "The mayor said the bridge would reopen.\n", encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"title": title, "date": date, "text": "The clerk said so."}) + "\n"
                            for title, date in [
                                ("A", "Mar. 4, 2025, 10:00 p.m. EST"),
                                ("B", "Tuesday, March 4, 2025 at 10 p.m. ET"),
                                ("C", "4 March 2025 at 22:00"),
                                ("D", "July 4, 2025 at 9 a.m. ET"),
                                ("E", "March 4, 2025 at 10:00 PM IST"),
                                ("F", "February 30, 2025 at 10:00 PM")]), encoding="utf-8")
    db = tmp_path / "p.db"
    result = run("load", db, story, feed)
    assert result.exit_code == 1 and "5 loaded, 0 unchanged, 2 failed" in result.output, result.output
    assert f"error: {feed}:5: 'date' has a time zone it cannot place, 'IST'" in result.output
    assert f"error: {feed}:6: 'date' is not a date: 'February 30, 2025 at 10:00 PM'" in result.output
    stored = dict(sqlite3.connect(db).execute("select title, published from articles"))
    assert stored == {"Bridge": "2025-03-04T22:00:00-05:00", "A": "2025-03-04T22:00:00-05:00",
                      "B": "2025-03-04T22:00:00-05:00", "C": "2025-03-04T22:00:00",
                      "D": "2025-07-04T09:00:00-04:00"}


def test_a_csv_quote_never_closed_is_named_not_loaded_as_one_article(tmp_path):
    # The csv module reads a quote that is never closed to the end of the file: the rows
    # after it were stored as one article's text, "1 loaded", without a word.
    broken = tmp_path / "broken.csv"
    broken.write_text('title,text\nA,The aide said so.\n\nB,"The mayor said so.\nC,The clerk said so.\n'
                      'D,The chief said so.\n', encoding="utf-8")
    fine = tmp_path / "fine.csv"  # (a quoted cell over two lines, closed: one article)
    fine.write_text('title,text\nE,"The pilot said, on\ntwo lines, so."\n', encoding="utf-8")
    db = tmp_path / "p.db"
    result = run("load", db, broken, fine)
    assert result.exit_code == 1 and "2 loaded, 0 unchanged, 1 failed" in result.output, result.output
    assert (f"error: {broken}:4: a quoted cell opened on this line is never closed: lines 4-6 were "
            "read as one row; close the quote (a \" inside a quoted cell is written \"\")") in result.output
    assert dict(sqlite3.connect(db).execute("select title, text from articles")) == {
        "A": "The aide said so.", "E": "The pilot said, on\ntwo lines, so."}


def test_a_csv_separated_by_another_character_says_which(tmp_path):
    said = {}
    for name, header in (("semi.csv", "title;text"), ("tabs.csv", "title\ttext"), ("commas.tsv", "title,text")):
        (tmp_path / name).write_text(header + "\nA" + header[5] + "The mayor said so.\n", encoding="utf-8")
        said[name] = [str(i) for i in read_articles([str(tmp_path / name)])][0].split("; ", 1)[1]
    assert said == {"semi.csv": "its columns look separated by semicolons: save it with commas (or tabs, named .tsv)",
                    "tabs.csv": "its columns look separated by tabs: name it .tsv",
                    "commas.tsv": "its columns look separated by commas: name it .csv"}


def test_a_date_given_as_a_unix_time_says_the_date_it_would_be(tmp_path):
    # APIs give dates as Unix times; "must be a date, not a number (1741122000)" left the
    # user to work out what to write. Not guessed: seconds, milliseconds or an id.
    feed = tmp_path / "api.jsonl"
    feed.write_text("".join(json.dumps({"title": t, "text": "The mayor said so.", "published": p}) + "\n"
                            for t, p in (("A", 1741122000), ("B", 1741122000123), ("C", 2025))),
                    encoding="utf-8")
    assert [str(i) for i in read_articles([str(feed)])] == [
        f"{feed}:1: 'published' must be a date, not a number (1741122000); if it is a Unix time in "
        'seconds, write it as "2025-03-04T21:00:00+00:00"',
        f"{feed}:2: 'published' must be a date, not a number (1741122000123); if it is a Unix time in "
        'milliseconds, write it as "2025-03-04T21:00:00+00:00"',
        f"{feed}:3: 'published' must be a date, not a number (2025)"]


def test_a_wrong_front_matter_value_names_its_line(tmp_path):
    # JSONL errors named their line; front matter's named only the file.
    story = tmp_path / "story.md"
    story.write_text('---\nurl: https://example.org/a\n"title":\n  - A\n  - B\npublished: 03/04/2025\n---\n'
                     "The mayor said so.\n", encoding="utf-8")
    assert [str(i) for i in read_articles([str(story)])] == [f"{story}:3: 'title' must be a string, not a list"]
    story.write_text("---\nurl: https://example.org/a\npublished: 03/04/2025\n---\nThe mayor said so.\n",
                     encoding="utf-8")
    assert [str(i) for i in read_articles([str(story)])] == [
        f"{story}:3: 'published' is not a date: '03/04/2025' (use YYYY-MM-DD)"]


def test_a_date_with_the_pages_label_before_it_is_read(tmp_path):
    # Scrapers keep the label a page prints before its date.
    errors, dates = _feed_dates(tmp_path, [
        ("A", "Updated: March 4, 2025 10:00 PM EST"), ("B", "Published March 4, 2025"),
        ("C", "Last updated on Mar 4, 2025 at 9 a.m. ET"), ("D", "Posted: 2025-03-04"),
        ("E", "Updated: 03/04/2025")])
    assert dates == {"A": "2025-03-04T22:00:00-05:00", "B": "2025-03-04",
                     "C": "2025-03-04T09:00:00-05:00", "D": "2025-03-04"}
    assert [e.split(": ", 1)[1] for e in errors] == ["'date' is not a date: 'Updated: 03/04/2025' (use YYYY-MM-DD)"]


def test_a_csv_of_multi_line_rows_is_not_read_again_row_by_row(tmp_path, monkeypatch):
    # Only the last row can hold a quote never closed (the csv module reads such a quote to
    # the end of the file), so only it is read again: re-reading every multi-line row from
    # the start of the file made a load quadratic (20,000 ten-line rows: 211 s, not 0.4 s).
    import csv

    from datasette_provenance import ingest
    path = tmp_path / "stories.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["title", "text"])
        for i in range(40):
            writer.writerow([f"T{i}", f"The clerk said ferry {i} would leave.\nThe mayor agreed."])
    reads = []
    real = ingest._unclosed_quote
    monkeypatch.setattr(ingest, "_unclosed_quote", lambda *a: reads.append(a[1]) or real(*a))
    items = list(ingest.read_articles([str(path)]))
    assert len(items) == 40 and not any(isinstance(i, ingest.IngestError) for i in items)
    assert reads == [2 + 2 * 39]  # the last row's first line, once
