"""Hostile titles, bodies, source names, outlets, URLs and markdown notes render inert."""
import html
import sqlite3
from html.parser import HTMLParser

import pytest

from datasette_provenance.markup import render_markdown
from datasette_provenance.highlight import highlight
from ui_data import HOSTILE
from ui_helpers import make_datasette, ui_db  # noqa: F401  (fixture)

class LiveParts(HTMLParser):
    """Collects what a browser would run: event-handler attributes, javascript: URLs,
    inline script bodies, and tags hostile input could only have smuggled in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self._in_script = [], False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            # Datasette's own markup has a few onclick handlers; ours must not come from data.
            if name.startswith("on") and "alert(" in (value or ""):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction") and value and \
                    value.strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")
        if tag in ("img", "iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert(" in data:
            self.found.append("script: " + data[:60])


def assert_inert(html_text, where):
    parser = LiveParts()
    parser.feed(html_text)
    assert parser.found == [], where


@pytest.mark.parametrize("text,gone", [
    ("<script>alert(1)</script>hi", ["<script", "alert(1)"]),
    ('<img src=x onerror="alert(1)">', ["onerror", "<img"]),
    ("[x](javascript:alert(1))", ["javascript:"]),
    ('<a href="javascript:alert(1)">x</a>', ["javascript:"]),
    ('<a href="http://ok.example" onclick="alert(1)">ok</a>', ["onclick"]),
    ("<div <broken <<>>", ["<div", "<broken"]),
    ("<style>body{display:none}</style>x", ["<style", "display:none"]),
    ('<iframe src="http://evil.example"></iframe>', ["<iframe"]),
])
def test_render_markdown_strips_everything_live(text, gone):
    out = str(render_markdown(text))
    for bad in gone:
        assert bad.lower() not in out.lower(), (text, out)


def test_render_markdown_keeps_formatting_and_safe_links():
    out = str(render_markdown("**bold** and [site](https://example.com) and `code`"))
    assert "<strong>bold</strong>" in out and "<code>code</code>" in out
    assert 'href="https://example.com"' in out and "nofollow" in out
    assert str(render_markdown(None)) == "" and str(render_markdown("")) == ""


def test_highlight_escapes_article_text():
    text = 'A <script>alert(1)</script> said "x" & <b onmouseover=y>z</b>.'
    out = str(highlight(text, [{"idx": 0, "start": 0, "end": len(text), "grade": "<F>",
                                "sourcing": '"x', "score": 1, "attributions": []}]))
    assert "<script" not in out and "<b " not in out and "&lt;script&gt;" in out
    assert "<F>" not in out and 'pv-grade-&lt;F&gt;' in out


@pytest.mark.asyncio
async def test_hostile_article_and_source_pages_are_inert(ui_db):
    path, ids = ui_db
    ds = make_datasette(path)
    base = "/-/provenance/provenance"
    for url in [base, f"{base}/articles/{ids['hostile']}", f"{base}/sources/{ids['hostile_source']}",
                "/provenance/statements", "/provenance/sources", "/provenance/articles"]:
        response = await ds.client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.text, url)
    # Every other page that shows the hostile outlet, source, title or note: the outlet
    # pages, the rating history, and Datasette's tables and row pages the plugin decorates.
    with sqlite3.connect(path) as conn:
        outlet_id = conn.execute("select id from outlets where name = ?",
                                 [HOSTILE["outlet"]]).fetchone()[0]
        statement_id = conn.execute("select id from statements where article_id = ?",
                                    [ids["hostile"]]).fetchone()[0]
    for url in [f"{base}/outlets", f"{base}/outlets/{outlet_id}",
                "/provenance/attributions", "/provenance/outlets", "/provenance/rating_changes",
                f"/provenance/outlets/{outlet_id}", f"/provenance/sources/{ids['hostile_source']}",
                f"/provenance/statements/{statement_id}", f"/provenance/articles/{ids['hostile']}"]:
        response = await ds.client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.text, url)
        assert any(HOSTILE[k] in html.unescape(response.text) for k in HOSTILE), url
    # The statement's row page names its article by the hostile title (looked up by the
    # plugin on 0.65), escaped.
    row_page = (await ds.client.get(f"/provenance/statements/{statement_id}")).text
    cell = row_page.split('<td class="col-article_id', 1)[1].split("</td>", 1)[0]
    assert "&lt;script&gt;alert(" in cell and "Breaking" in cell
    article = (await ds.client.get(f"{base}/articles/{ids['hostile']}")).text
    # The hostile strings are there, as text.
    assert "&lt;script&gt;alert(" in article
    assert "Evil Corp" in article
    source = (await ds.client.get(f"{base}/sources/{ids['hostile_source']}")).text
    assert "<strong>Bold</strong>" in source  # the note's markdown still renders
    assert 'href="http://example.com"' in source
    # The JSON twin returns the raw strings untouched (it is data, served as JSON).
    data = (await ds.client.get(f"{base}/sources/{ids['hostile_source']}.json")).json()
    assert data["source"]["name"] == HOSTILE["source"]


@pytest.mark.asyncio
async def test_table_cells_the_plugin_renders_stay_escaped(ui_db):
    """render_cell output (article labels, reasons lists) escapes what it shows."""
    path, ids = ui_db
    ds = make_datasette(path)
    page = (await ds.client.get(f"/provenance/statements?article_id={ids['hostile']}")).text
    assert_inert(page, "statements of the hostile article")
    assert "&lt;script&gt;alert(" in page  # the hostile headline, shortened and escaped
    assert '<ul class="pv-cell-reasons"' in page


@pytest.mark.parametrize("note", [
    "[" * 10_000,                    # Python-Markdown's link patterns: 10 s to render
    "![" * 5_000,
    "<a " * 3_333,
    "1. " * 1_000,                   # nested lists: RecursionError (a 500 wherever shown)
    "[x](http://example.com) " * 60,  # many links: shown, as text
])
def test_notes_markdown_cannot_render_slowly_or_crash(note):
    import time

    started = time.process_time()
    out = str(render_markdown(note))
    assert time.process_time() - started < 1.0
    assert "<a " not in out and "<img" not in out
    assert out.startswith("<p>") and html.unescape(out).count("[") == note.count("[")


@pytest.mark.asyncio
async def test_source_page_with_a_pathological_note_renders(ui_db, tmp_path):
    path, ids = ui_db
    copy = tmp_path / "provenance.db"
    with sqlite3.connect(path) as source, sqlite3.connect(copy) as conn:
        source.backup(conn)
        conn.execute("update sources set notes = ? where id = ?", ["1. " * 1_000, ids["jane"]])
    ds = make_datasette(copy)
    for url in (f"/-/provenance/provenance/sources/{ids['jane']}",
                f"/-/provenance/provenance/sources/{ids['jane']}.json"):
        response = await ds.client.get(url)
        assert response.status_code == 200, url
        assert "1. 1. 1." in response.text
