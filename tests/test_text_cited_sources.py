"""Who cites whom, and subjects the source ranker leaves out - on sentences of our own."""
import json

import pytest

import datasette_provenance.text as text_module
from datasette_provenance.text import extract, spans
from datasette_provenance.text.model import MODEL_PATH, Model
from datasette_provenance.text.tokens import tokenize


def hops(doc):
    return [(a.depth, a.cue.text, a.source.text if a.source else None, a.source_kind)
            for s in doc.statements for a in s.attributions]


def test_a_subject_citing_a_source_is_the_outer_hop():
    doc = extract("Ana Ruiz cited a survey that showed the bay was warming.")
    assert hops(doc) == [(0, "cited", "Ana Ruiz", "person"), (1, "cited", "a survey", "anonymous")]
    outer = doc.statements[0].attributions[0]
    assert outer.content.text == "a survey that showed the bay was warming"
    assert [s.name for s in doc.sources] == ["Ana Ruiz"]


@pytest.mark.parametrize("text, expected", [
    # "as saying": the paper, then the officials it quotes (one hop each, as before).
    ("The Herald cited two officials as saying the port would close.",
     [(0, "cited", "The Herald", "media"), (1, "saying", "two officials", "anonymous")]),
    # A relative pronoun already hangs the citing off its antecedent's hop.
    ("According to Dr. Amal Rivers, who cited the 2019 Harbour Survey, the water is clean.",
     [(0, "According to", "Dr. Amal Rivers", "person"), (1, "cited", "the 2019 Harbour Survey", "document")]),
])
def test_citing_chains_that_already_name_both_stay(text, expected):
    assert hops(extract(text)) == expected


@pytest.fixture
def ranker_that_finds_no_source(monkeypatch):
    """The shipped model with no source weights: its ranker says "no source" for every cue."""
    with open(MODEL_PATH, encoding="utf-8") as handle:
        data = json.load(handle)
    model = Model(dict(data, source={}))
    monkeypatch.setattr(text_module, "load_model", lambda: model)


def test_a_person_subject_of_a_reporting_verb_is_its_source_when_the_ranker_finds_none(ranker_that_finds_no_source):
    doc = extract("Ana Ruiz warned that the quay was unsafe.")
    assert hops(doc) == [(0, "warned", "Ana Ruiz", "person")]


def test_only_a_person_subject_is_taken_over_the_ranker(ranker_that_finds_no_source):
    doc = extract("The harbour board warned that the quay was unsafe.")
    assert all(source is None for _, _, source, _ in hops(doc))


@pytest.mark.parametrize("text, verb, yes", [
    ("Some pilots at the harbour in Velmora said it.", "said", True),
    ("A survey by the harbour board found it.", "found", True),
    ("Some pilots who work at the harbour said it.", "said", False),  # a clause, not a phrase
    ("Some pilots at the harbour often said it.", "said", False),  # an adverb ends the subject
])
def test_prepositional_phrases_before_a_verb_go_on_with_the_subject(text, verb, yes):
    tokens = tokenize(text)
    assert spans.prepositions_before_verb(tokens, 2, tokens.lower.index(verb)) is yes
