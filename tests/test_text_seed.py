"""The seed article reads the way the foundation issue describes it."""
import pytest

from datasette_provenance.text import extract


@pytest.fixture
def seed_doc(seed_text):
    return extract(seed_text)


def _hops(statement):
    return [(a.depth, a.cue_kind, a.source.text if a.source else None, a.source_kind)
            for a in statement.attributions]


def test_headline_is_its_own_unattributed_statement(seed_doc):
    headline = seed_doc.statements[0]
    assert headline.is_headline
    assert headline.text.startswith("Putin Highlights Importance")
    assert headline.text.endswith("Regional Stability")
    assert headline.attributions == []


def test_reportedly_is_a_hedged_attribution_without_source(seed_doc):
    statement = seed_doc.statements[1]
    assert statement.text.startswith("In a recent meeting")
    outer = statement.attributions[0]
    assert outer.depth == 0
    assert outer.cue.text == "reportedly" and outer.cue_kind == "adverb"
    assert outer.source is None and outer.source_kind == "none"
    assert [h.text for h in statement.hedges] == ["reportedly"]


def test_according_to_reports_from_gerasimov_is_a_two_hop_chain(seed_doc):
    statement = seed_doc.statements[9]
    assert statement.text.startswith("According to reports from the Chief of the General Staff")
    chain = [a for a in statement.attributions if a.chain == statement.attributions[0].chain]
    assert [a.depth for a in chain] == [0, 1]
    assert chain[0].cue.text == "According to"
    assert chain[0].source.text == "reports" and chain[0].source_kind == "vague"
    assert chain[1].source.text == "Valery Gerasimov" and chain[1].source_kind == "person"
    assert chain[0].content.text.startswith("the operation to liberate the Kursk Region")


def test_gerasimov_has_his_title_as_an_alias(seed_doc):
    by_name = {s.name: s for s in seed_doc.sources}
    gerasimov = by_name["Valery Gerasimov"]
    assert gerasimov.kind == "person"
    assert "the Chief of the General Staff of the Russian Armed Forces" in gerasimov.aliases


def test_putins_administration_is_an_organisation(seed_doc):
    statement = next(s for s in seed_doc.statements if "administration has reiterated" in s.text)
    primary = statement.attributions[0]
    assert primary.cue.text == "has reiterated"
    assert primary.source.text == "Putin’s administration"
    assert primary.source_kind == "organisation"


def test_reports_indicate_is_a_vague_noun_attribution(seed_doc):
    statement = next(s for s in seed_doc.statements if s.text.startswith("Reports indicate"))
    primary = statement.attributions[0]
    assert primary.source.text == "Reports" and primary.source_kind == "vague"


@pytest.mark.parametrize("opening", [
    "Putin’s focus on this initiative underscores",
    "This phase of the conflict highlights",
    "This narrative has been a cornerstone",
    "However, the complex reality of the situation",
    "As the conflict continues to unfold",
])
def test_narrator_analysis_is_unattributed(seed_doc, opening):
    statement = next(s for s in seed_doc.statements if s.text.startswith(opening))
    assert statement.attributions == []


def test_every_offset_matches_its_text(seed_doc, seed_text):
    for statement in seed_doc.statements:
        assert seed_text[statement.start:statement.end] == statement.text
        for a in statement.attributions:
            for span in (a.cue, a.source, a.content):
                if span is not None:
                    assert seed_text[span.start:span.end] == span.text


def test_with_reports_indicating_is_a_vague_attribution(seed_doc):
    statement = seed_doc.statements[4]
    assert "with reports indicating" in statement.text
    a = statement.attributions[0]
    assert a.cue.text == "indicating" and a.cue_kind == "noun"
    assert a.source.text == "reports" and a.source_kind == "vague"
    assert a.content.text.startswith("that Ukrainian forces have advanced")


def test_kim_jong_un_acknowledging_with_his_appositive(seed_doc):
    statement = next(s for s in seed_doc.statements if s.text.startswith("This achievement has been celebrated"))
    kim = next(a for a in statement.attributions if a.cue.text.endswith("acknowledging"))
    assert kim.cue_kind == "participle"
    assert kim.source.text == "Kim Jong Un, leader of North Korea" and kim.source_kind == "person"
    assert kim.source_name == "Kim Jong Un"
    by_name = {s.name: s for s in seed_doc.sources}
    assert "leader of North Korea" in by_name["Kim Jong Un"].aliases
