"""A relative pronoun as the source ("the ministry, which said ..."): the span stays the
pronoun, as attribution corpora mark it; the source row and kind are its antecedent's.
Sentences of our own."""
import json

import pytest

from datasette_provenance import store
from datasette_provenance.text import extract
from store_helpers import save_text, source_counts


def said(text, cue="said"):
    doc = extract(text)
    return doc, [a for st in doc.statements for a in st.attributions if a.cue.text == cue]


@pytest.mark.parametrize("text, pronoun, name, kind", [
    ("Ferries stopped at noon. The ministry, which said the port would reopen, gave no date.",
     "which", "ministry", "organisation"),
    ("Ana Lopes, a harbour pilot, who said the crossing was unsafe, stayed ashore.", "who", "Ana Lopes", "person"),
    # The name before an appositive, however the appositive reads.
    ("The board hired Tom Berg, the head of the Harbour Workers of Norway, who said the deal was fair.",
     "who", "Tom Berg", "person"),
    ("Senator Ed Ruiz, Republican of Maine, who said the bill was dead, left early.", "who", "Ed Ruiz", "person"),
    # After a preposition, the phrase that can speak: a name, or the people before a place.
    ("The vote is a risk for Ana Lopes, who said she would abstain.", "who", "Ana Lopes", "person"),
    ("The order came after a request from the Harbour Board, which said the pier was unsafe.",
     "which", "Harbour Board", "organisation"),
    # A parenthesis or a dash between them.
    ("Sen. Ana Lopes (D-Maine), who said the bill was dead, left early.", "who", "Ana Lopes", "person"),
    ("It angered Tom Berg — who said the fee was unfair — and his crew.", "who", "Tom Berg", "person"),
])
def test_the_pronoun_is_shown_and_its_antecedent_names_the_source(text, pronoun, name, kind):
    doc, hops = said(text)
    hop = hops[0]
    assert hop.source.text == pronoun
    assert text[hop.source.start:hop.source.end] == pronoun
    assert (hop.source_name, hop.source_kind) == (name, kind)
    assert name in {source.name for source in doc.sources}


def test_an_appositive_between_name_and_pronoun_is_an_alias():
    doc, _ = said("Ana Lopes, a harbour pilot, who said the crossing was unsafe, stayed ashore.")
    lopes = next(source for source in doc.sources if source.name == "Ana Lopes")
    assert "a harbour pilot" in lopes.aliases


def test_people_named_by_what_they_do_are_a_vague_group():
    doc, hops = said("Fishers across the country, who said the quota was unfair, marched.")
    assert (hops[0].source.text, hops[0].source_name, hops[0].source_kind) == ("who", "Fishers", "vague")
    assert doc.sources == []


def test_people_described_stay_anonymous_and_get_no_source_row():
    doc, hops = said("The fees angered two people familiar with the talks, who said the board had misled them.")
    assert hops[0].source.text == "who"
    assert hops[0].source_kind == "anonymous"
    assert hops[0].source_name == "two people familiar with the talks"
    assert doc.sources == []


@pytest.mark.parametrize("text", [
    # A place, a date or a clause cannot be the one speaking: the pronoun stays unresolved.
    "The summit was held in Oslo, which said little about the ferries.",
    "The vote was held in July, which said little about the ferries.",
    "Once the gates were shut, which said little about the ferries, the board met.",
])
def test_no_antecedent_that_cannot_speak(text):
    doc, hops = said(text)
    for hop in hops:
        assert hop.source_name in (None, hop.source.text)
        assert hop.source_kind not in ("person", "organisation")
    assert doc.sources == []


def test_the_extract_json_keeps_the_pronoun_span_and_gives_the_name():
    text = "Ana Lopes, a harbour pilot, who said the crossing was unsafe, stayed ashore."
    doc, _ = said(text)
    source = json.loads(json.dumps(doc.statements[0].to_dict()))["attributions"][0]["source"]
    assert source["text"] == "who" and text[source["start"]:source["end"]] == "who"
    assert source["name"] == "Ana Lopes" and source["kind"] == "person"


def test_the_sources_table_holds_the_antecedent_not_the_pronoun(tmp_path):
    text = ("Ferry Fees To Rise\n\nThe harbour board, which said the fees would rise in May, met on Friday. "
            "Tom Berg, a pilot, who said the crossing was unsafe, stayed ashore. Mr. Berg said the fees were unfair.")
    db = save_text(tmp_path / "p.db", text, "fees")
    counts = source_counts(db)
    assert counts.get("Tom Berg") == 2
    assert not {"who", "which"} & set(counts)
    rows = db.execute("select t.source_text, s.name from attributions t join sources s on s.id = t.source_id "
                      "where t.source_text in ('who', 'which')").fetchall()
    assert ("who", "Tom Berg") in rows
    assert store.check(db) == []


def test_the_pronoun_span_is_the_pronoun_alone():
    # The ranked head "who" grows into no phrase ("who campaigned" was the source before).
    text = "It was odd to watch Tom Berg, who campaigned on lower fees and won, suddenly insist the fees were fair."
    _, hops = said(text, "suddenly insist")
    assert (hops[0].source.text, hops[0].source_name) == ("who", "Tom Berg")
