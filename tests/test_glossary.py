"""The pages explain their letters and class names: grade bands as score.py applies them,
sourcing classes, the Admiralty reliability letters (and that F there is not grade F)."""
import html
import re

import pytest

from datasette_provenance import glossary
from datasette_provenance.queries import SOURCING_ORDER
from datasette_provenance.admiralty import RELIABILITY_WORDS, words_after_letter
from datasette_provenance.score import GRADE_BOUNDS, grade_for
from ui_helpers import make_datasette, ui_db  # noqa: F401  (fixture)


def test_grade_bands_are_the_ones_scoring_applies():
    bands = glossary.grade_bands()
    assert [b["grade"] for b in bands] == [g for g, _ in GRADE_BOUNDS]
    assert bands[-1]["low"] == 0
    for band, better in zip(bands, [None] + bands[:-1]):
        assert grade_for(band["low"]) == band["grade"]
        if band["low"] > 0:
            assert grade_for(band["low"] - 0.01) != band["grade"]
        if better:  # the band reaches up to just under the next one
            assert grade_for(better["low"] - 0.01) == band["grade"]
        assert str(band["low"] if band["low"] else better["low"]) in band["label"]


def _explain_box(page_html: str) -> str:
    match = re.search(r'<details class="pv-explain" id="pv-explain">(.*?)</details>', page_html, re.S)
    assert match, "no explanation box"
    return html.unescape(match.group(1))


@pytest.mark.asyncio
async def test_every_plugin_page_explains_its_terms(ui_db):
    path, ids = ui_db
    ds = make_datasette(path)
    base = "/-/provenance/provenance"
    outlets = (await ds.client.get(f"{base}/outlets.json")).json()
    outlet_page = next(o for o in outlets["outlets"] if o["name"] == "Daily Planet")["url"]
    for url in (base, f"{base}/articles/{ids['chain']}", f"{base}/sources/{ids['jane']}",
                f"{base}/outlets", outlet_page):
        page = await ds.client.get(url)
        assert page.status_code == 200, url
        box = _explain_box(page.text)
        for band in glossary.grade_bands():
            assert f"{band['grade']}</span> {band['label']}" in box, (url, band)
        for name in SOURCING_ORDER:
            assert f"<dt>{name}</dt>" in box, (url, name)
        for letter, words in RELIABILITY_WORDS.items():
            assert f"<dt>{letter}</dt><dd>{words}</dd>" in box, (url, letter)
        assert "not the same thing as grade F" in box
    # Datasette's own pages are left alone.
    table = await ds.client.get("/provenance/statements")
    assert 'id="pv-explain"' not in table.text


@pytest.mark.asyncio
async def test_grade_badges_and_reliability_say_what_they_mean(ui_db):
    path, ids = ui_db
    ds = make_datasette(path)
    article = (await ds.client.get(f"/-/provenance/provenance/articles/{ids['chain']}")).text
    # Every badge's tooltip gives its score band.
    titles = set(re.findall(r'class="pv-(?:badge|swatch) pv-grade-([A-F])" title="([^"]+)"', article))
    assert titles and all(title == glossary.glossary()["grade_titles"][g] for g, title in titles)
    # A hop's source rating reads as a reliability letter with its words, not as a grade.
    assert "reliability B" in article and f"Admiralty code): {RELIABILITY_WORDS['B']}" in article
    assert "rated B</span>" not in article
    dashboard = (await ds.client.get("/-/provenance/provenance")).text
    jane_row = re.search(r'<tr>\s*<td data-label="Source"[^>]*><a [^>]*>Jane Doe</a>.*?</tr>', dashboard, re.S)
    assert jane_row and 'data-label="Reliability"><strong>B</strong>' in jane_row.group(0)
    assert RELIABILITY_WORDS["B"] in jane_row.group(0)


@pytest.mark.asyncio
async def test_dashboard_outlet_link_names_its_reliability(ui_db):
    path, _ = ui_db
    ds = make_datasette(path)
    data = (await ds.client.get("/-/provenance/provenance.json")).json()
    planet = next(o for o in data["outlets"] if o["outlet"] == "Daily Planet")
    assert planet["reliability"] in RELIABILITY_WORDS
    page = (await ds.client.get("/-/provenance/provenance")).text
    row = re.search(r'<tr>\s*<td data-label="Outlet"><a [^>]*>Daily Planet</a>.*?</tr>', page, re.S)
    assert row, "no outlet row for Daily Planet"
    # In a Reliability column of its own, letter and words, as the sources table has them:
    # a bare "reliability F" beside an unrated outlet read as a failing mark.
    link = re.search(r'<td data-label="Reliability" class="pv-wide-only"><a class="pv-outlet-rating" href="([^"]+)"[^>]*>'
                     r'<strong>([A-F])</strong> <span class="pv-aside">([^<]+)</span></a></td>', row.group(0))
    assert link and link.group(1).startswith("/-/provenance/provenance/outlets/")
    assert link.group(2) == planet["reliability"]
    assert html.unescape(link.group(3)) == words_after_letter(planet["reliability"])
    # On a phone, the same under the name (the column is hidden there).
    narrow = re.search(r'<a class="pv-outlet-rating pv-narrow-only" href="([^"]+)"[^>]*>([^<]*<strong>[^<]+</strong>[^<]*)</a>',
                       row.group(0))
    assert narrow and narrow.group(1) == link.group(1)
    assert html.unescape(re.sub("<[^>]+>", "", narrow.group(2))) == (
        f"rated {planet['reliability']}, {words_after_letter(planet['reliability'])}")
    assert '<th scope="col"><abbr title="Reliability rating on the Admiralty code' in page


@pytest.fixture
def other_grade_words(monkeypatch):
    """The grade scale's words changed where score.py keeps them (the glossary is built once)."""
    from datasette_provenance.score import GRADE_ENDS_WORDS
    monkeypatch.setitem(GRADE_ENDS_WORDS, "A", "sourced to the hilt")
    monkeypatch.setitem(GRADE_ENDS_WORDS, "F", "sourced to nobody")
    glossary.glossary.cache_clear()
    yield "A sourced to the hilt … F sourced to nobody"
    monkeypatch.undo()
    glossary.glossary.cache_clear()


@pytest.mark.asyncio
async def test_grade_words_on_every_page_come_from_score(ui_db, other_grade_words):
    # One source of truth: change the words in score.py and every page says the new ones
    # (chart notes, swatches, legend, explanation box, the grade column's note).
    path, ids = ui_db
    ds = make_datasette(path)
    base = "/-/provenance/provenance"
    outlets = (await ds.client.get(f"{base}/outlets.json")).json()
    outlet_page = next(o for o in outlets["outlets"] if o["name"] == "Daily Planet")["url"]
    expected = {base: 3, f"{base}/articles/{ids['chain']}": 2, outlet_page: 2,
                f"{base}/sources/{ids['jane']}": 1}
    for url, times in expected.items():
        page = html.unescape((await ds.client.get(url)).text)
        assert page.count(other_grade_words) == times, url
        assert "weak sourcing" not in page and "well sourced" not in page and "best sourced" not in page, url
    table = html.unescape((await ds.client.get("/provenance/statements")).text)
    assert "A sourced to the hilt, F sourced to nobody" in table
