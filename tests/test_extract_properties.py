"""Property-based: the extractor never fails on arbitrary text and its output is well formed."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datasette_provenance.text import extract

# Text mixing words the extractor reacts to with arbitrary characters.
WORDS = ["said", "says", "told", "according", "to", "reportedly", "he", "she", "who", "cited", "citing",
         "quoted", "as", "saying", "reports", "indicate", "it", "is", "believed", "Mr.", "U.S.", "Gen.",
         "Smith", "The", "official", "“", "”", '"', ":", ",", ".", "?", "!", "\n", "\n\n", " ", "—", "that",
         "from", "with", "Valery", "Gerasimov", "allegedly", "so-called", "Reuters", "reported"]
texty = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=60).map(" ".join)


def check(text):
    doc = extract(text)
    assert doc.text == text
    previous_end = -1
    for idx, statement in enumerate(doc.statements):
        assert statement.idx == idx
        assert 0 <= statement.start < statement.end <= len(text)
        assert text[statement.start:statement.end] == statement.text
        assert statement.start >= previous_end
        previous_end = statement.end
        chains = {}
        for a in statement.attributions:
            chains.setdefault(a.chain, []).append(a)
            for span in (a.cue, a.source, a.content, *a.content_parts):
                if span is not None:
                    assert 0 <= span.start < span.end <= len(text)
                    assert text[span.start:span.end] == span.text
            if a.content_parts:
                # Pieces in order, inside the content, from its start to its end.
                assert len(a.content_parts) > 1
                assert a.content_parts[0].start == a.content.start and a.content_parts[-1].end == a.content.end
                assert all(p.end <= q.start for p, q in zip(a.content_parts, a.content_parts[1:]))
            assert (a.source is None) == (a.source_kind == "none") or a.source is not None
        for hops in chains.values():
            # Outermost first: starts at depth 0, each hop at most one deeper than the one before.
            assert hops[0].depth == 0
            for before, after in zip(hops, hops[1:]):
                assert 0 <= after.depth <= before.depth + 1
        for hedge in statement.hedges:
            assert text[hedge.start:hedge.end] == hedge.text
    for source in doc.sources:
        assert source.name and source.kind in ("person", "organisation", "document", "media")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texty)
def test_extract_on_wordy_text(text):
    check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_extract_on_any_text(text):
    check(text)


def test_empty_and_blank_text():
    assert extract("").statements == []
    assert extract("  \n\n ").statements == []
