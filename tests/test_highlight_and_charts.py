"""Pure rendering helpers: the article highlighter and the SVG charts."""
import html
import re

from hypothesis import given, strategies as st

from datasette_provenance.charts import Bar, bar_chart, stacked_bar
from datasette_provenance.highlight import highlight


def plain(markup) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", str(markup)))


def test_marks_cue_and_source_inside_statement():
    text = "Headline\n\nAccording to reports, Jane Doe said it rained. Nothing else."
    first = text.index("According")
    end = text.index(" Nothing")
    statements = [
        {"idx": 0, "start": 0, "end": 8, "grade": "F", "sourcing": "unattributed", "score": 10},
        {"idx": 1, "start": first, "end": end, "grade": "C", "sourcing": "named", "score": 60,
         "attributions": [
             {"depth": 0, "cue": {"start": first, "end": first + 12, "kind": "according_to"},
              "source": {"start": first + 13, "end": first + 20, "kind": "vague"}},
             # Overlaps the first source: dropped, not nested.
             {"depth": 1, "cue": {"start": first + 15, "end": first + 25, "kind": "verb"},
              "source": None}]},
    ]
    out = str(highlight(text, statements))
    assert plain(out) == text
    assert '<mark class="pv-cue pv-depth-0" title="cue (according_to), hop 1">According to</mark>' in out
    assert '<mark class="pv-src pv-kind-vague pv-depth-0" title="source (vague), hop 1">reports</mark>' in out
    assert out.count("<mark") == 2
    assert 'id="st-1" href="#statement-1"' in out and "pv-grade-C" in out


@given(st.text(max_size=200), st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200)), max_size=6))
def test_highlight_never_loses_or_invents_text(text, ranges):
    statements = [{"idx": i, "start": min(a, b), "end": max(a, b), "grade": "B",
                   "attributions": [{"depth": 0, "cue": {"start": min(a, b), "end": max(a, b)},
                                     "source": None}]}
                  for i, (a, b) in enumerate(ranges)]
    assert plain(highlight(text, statements)) == text


def test_bar_chart_scales_and_links():
    svg = str(bar_chart([Bar("A", 10, "pv-grade-A", "/x?grade=A"), Bar("F", 5, "pv-grade-F")], "Grades"))
    widths = [float(w) for w in re.findall(r'<rect x="\d+" y="\d+" width="([\d.]+)"', svg)]
    assert widths[0] == 2 * widths[1]
    assert '<a href="/x?grade=A" aria-label="A: 10 statements">' in svg and svg.count("<title>") == 3
    assert 'aria-label="Grades"' in svg
    # Its bars are links: a group a screen reader can enter, not an image that hides them.
    assert 'role="group"' in svg and 'role="img"' not in svg
    unlinked = str(bar_chart([Bar("A", 10)], "Grades"))
    assert 'role="img"' in unlinked


def test_stacked_bar_proportions_and_empty():
    svg = str(stacked_bar({"A": 1, "F": 3}, "ABCDEF", "mix", width=200))
    widths = [float(w) for w in re.findall(r'width="([\d.]+)" height', svg)[1:]]
    assert widths == [50.0, 150.0]
    assert "pv-empty" in str(stacked_bar({}, "ABCDEF", "none"))
    # The shares in words for screen readers; linked segments name themselves.
    assert 'role="img" aria-label="mix: A 1 (25%), F 3 (75%)"' in svg
    linked = str(stacked_bar({"A": 1, "F": 3}, "ABCDEF", "mix", hrefs={"F": "/f"}))
    assert 'role="group"' in linked and '<a href="/f" aria-label="F: 3 statements (75%)"' in linked


def test_chart_links_say_statement_for_one_and_skip_empty_bars():
    bars = bar_chart([Bar("A", 0, "pv-grade-A", "/x?grade=A"), Bar("B", 1, "pv-grade-B", "/x?grade=B"),
                      Bar("F", 1200, "pv-grade-F", "/x?grade=F")], "Grades")
    names = re.findall(r'<a href="([^"]*)" aria-label="([^"]*)"', str(bars))
    # No link (nor Tab stop) to an empty list; one statement is singular; thousands grouped.
    assert names == [("/x?grade=B", "B: 1 statement"), ("/x?grade=F", "F: 1,200 statements")]
    mix = stacked_bar({"C": 1, "F": 3}, "ABCDEF", "mix", hrefs={"C": "/c", "F": "/f"})
    assert re.findall(r'aria-label="([^"]*)"[^>]*><rect', str(mix)) == [
        "C: 1 statement (25%)", "F: 3 statements (75%)"]


def test_stacked_bar_segments_are_no_tab_stops_but_bar_charts_are():
    # A row's grade mix: six links a row would take six Tab presses to get past; the
    # segments stay links (mouse, a screen reader's list of links) without a Tab stop.
    mix = str(stacked_bar({"A": 1, "C": 1, "F": 3}, "ABCDEF", "mix",
                          hrefs={"A": "/a", "C": "/c", "F": "/f"}))
    links = re.findall(r"<a [^>]*>", mix)
    assert len(links) == 3 and all('tabindex="-1"' in link for link in links)
    # A chart's own bars are each the one way to their list: Tab reaches every one.
    bars = str(bar_chart([Bar("A", 1, href="/a"), Bar("B", 2, href="/b")], "Grades"))
    assert bars.count("<a ") == 2 and "tabindex" not in bars
