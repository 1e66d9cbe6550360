"""Source spans and speakers inside one article: lists of speakers, asides set off by dashes,
firm names, pronouns, honorifics - on sentences of our own."""
import pytest

from datasette_provenance import store
from datasette_provenance.text import extract
from store_helpers import save_text, source_counts


def hops_of(text, cue="said"):
    doc = extract(text)
    return doc, [a for st in doc.statements for a in st.attributions if a.cue.text == cue]


@pytest.mark.parametrize("text, shown, names", [
    ("Tom Berg, Ana Lopes and Ed Ruiz said the ferry was late.", "Tom Berg, Ana Lopes and Ed Ruiz",
     ["Tom Berg", "Ana Lopes", "Ed Ruiz"]),
    ("Berg, Lopes, and Ruiz said the ferry was late.", "Berg, Lopes, and Ruiz", ["Berg", "Lopes", "Ruiz"]),
    ("The mayor and the police chief said the ferry was late.", "The mayor and the police chief",
     ["mayor", "police chief"]),
    # A list after an opening phrase: the phrase is no speaker.
    ("In Denver, Ana Lopes and Ed Ruiz said the ferry was late.", "Ana Lopes and Ed Ruiz", ["Ana Lopes", "Ed Ruiz"]),
    ("On Monday, Tom Berg, Ana Lopes and Ed Ruiz said the ferry was late.", "Tom Berg, Ana Lopes and Ed Ruiz",
     ["Tom Berg", "Ana Lopes", "Ed Ruiz"]),
])
def test_a_list_of_speakers_is_one_span_and_one_source_each(text, shown, names):
    doc, hops = hops_of(text)
    assert {a.source.text for a in hops} == {shown}
    assert [a.source_name for a in hops] == names
    assert len({a.chain for a in hops}) == len(names)
    assert sorted(s.name for s in doc.sources) == sorted(names)


@pytest.mark.parametrize("text, shown", [
    # ", and" after a single name joins clauses, not a list.
    ("The pier was built by Tom Berg, and Lopes said the ferry was late.", "Lopes"),
    ("After meeting Tom Berg, Ana Lopes and Ed Ruiz said the ferry was late.", "Ana Lopes and Ed Ruiz"),
    ("Separately, Lopes and Ruiz said the ferry was late.", "Lopes and Ruiz"),
])
def test_a_list_does_not_take_in_what_comes_before_it(text, shown):
    _, hops = hops_of(text)
    assert {a.source.text for a in hops} == {shown}


def test_each_listed_speaker_is_a_source_row(tmp_path):
    text = "Ferry Late Again\n\nTom Berg, Ana Lopes and Ed Ruiz said the ferry was late on Monday.\n"
    db = save_text(tmp_path / "p.db", text, "ferry")
    counts = source_counts(db)
    assert counts == {"Tom Berg": 1, "Ana Lopes": 1, "Ed Ruiz": 1}
    assert store.check(db) == []


@pytest.mark.parametrize("text, shown, name", [
    ("Procter and Gamble says profits rose in May.", "Procter and Gamble", "Procter and Gamble"),
    ("Harlow and Finch Inc. said profits rose in May.", "Harlow and Finch Inc.", "Harlow and Finch Inc."),
    ("Marlow & Finch said profits rose in May.", "Marlow & Finch", "Marlow & Finch"),
    # "said" agrees with two people too: a firm the lexicon knows, one word twice, or a pair the
    # article also writes with "&".
    ("Procter and Gamble said profits rose in May.", "Procter and Gamble", "Procter and Gamble"),
    ("Harlow and Harlow said profits rose in May.", "Harlow and Harlow", "Harlow and Harlow"),
    ("Kessin and Marlow said profits rose in May. Shares of Kessin & Marlow fell.", "Kessin and Marlow",
     "Kessin and Marlow"),
])
def test_a_firm_named_with_and_is_one_organisation(text, shown, name):
    cue = "says" if "says" in text else "said"
    doc, hops = hops_of(text, cue)
    assert [(a.source.text, a.source_kind, a.source_name or a.source.text) for a in hops] == [
        (shown, "organisation", name)]
    assert [(s.name, s.kind) for s in doc.sources] == [(name, "organisation")]


def test_two_surnames_with_said_stay_two_people():
    doc, hops = hops_of("Berg and Lopes said the ferry is late.")
    assert [a.source_name for a in hops] == ["Berg", "Lopes"]
    assert all(s.kind == "person" for s in doc.sources)


def test_two_surnames_the_article_uses_apart_stay_two_people():
    text = "Tom Berg met Ana Lopes on Monday. Berg and Lopes says the ferry is late. Lopes left."
    doc, hops = hops_of(text, "says")
    assert [a.source_name for a in hops] == ["Tom Berg", "Ana Lopes"]


@pytest.mark.parametrize("text, shown, name", [
    ("Fishers -- including Tom Berg -- quickly accused the board of lying.", "Fishers -- including Tom Berg --",
     "Fishers"),
    ("The harbour chief -- Ana Lopes -- said the port was closed.", "The harbour chief -- Ana Lopes --",
     "Ana Lopes"),
])
def test_an_aside_between_dashes_stays_with_its_subject(text, shown, name):
    cue = "said" if " said " in text else "quickly accused"
    doc, hops = hops_of(text, cue)
    assert [(a.source.text, a.source_name or a.source.text) for a in hops] == [(shown, name)]


def test_a_dash_between_clauses_joins_no_subject():
    # (A sure cue between the dashes: "would call" is one only as the cue model sees it.)
    text = "The plan played to Mr. Berg's highest hopes - critics would say his dreams - and it failed."
    doc = extract(text)
    hops = [a for st in doc.statements for a in st.attributions if a.source]
    assert [a.source.text for a in hops if "say" in a.cue.text] == ["critics"]
    # Whatever reads "hopes" as a cue, a possessive phrase is no person.
    assert not any(a.source_kind == "person" and "Berg" in a.source.text for a in hops)
    assert not any("Berg" in s.name for s in doc.sources if s.kind == "person")


def test_a_pronoun_subject_is_the_pronoun_alone():
    text = "On May 3 they released the figures of their survey by announcing that the pier was unsafe."
    for st in extract(text).statements:
        for a in st.attributions:
            assert a.source is None or a.source.text == "they"


def test_he_is_no_place_or_institution():
    text = ("Tom Berg runs the ferry. The United States Coast Guard inspected it on Monday.\n\n"
            "\"It is safe,\" he said.")
    doc, hops = hops_of(text)
    assert [a.source_name for a in hops] == ["Tom Berg"]


@pytest.mark.parametrize("text, names", [
    # A paper that uses honorifics keeps "Dr." for a doctor: "Dr. Lee" and "Ms. Lee" are two.
    ("Dr. Lee said the clinic would close. Ms. Lee said the school would stay open. "
     "Dr. Lee added that the nurses would move.", {"Dr. Lee", "Ms. Lee"}),
    # A full name ties them: one woman.
    ("Dr. Ann Lee said the clinic would close. Ms. Lee said the school would stay open.", {"Ann Lee"}),
])
def test_conflicting_honorifics_of_one_surname_are_two_people(text, names):
    assert {s.name for s in extract(text).sources} == names


@pytest.mark.parametrize("label", ["Wow", "Revealed", "BYLINE"])
def test_a_headline_label_before_a_colon_is_no_speaker(label):
    text = f"{label}: Berg Just Said Something About The Port\n\nThe port reopened on Monday, Berg said.\n"
    assert label not in {s.name for s in extract(text).sources}


def test_a_part_of_whom_is_the_subject():
    text = "The board named five pilots, three of whom had already said they would resign."
    doc, hops = hops_of(text, "had already said")
    assert [(a.source.text, a.source_kind) for a in hops] == [("three of whom", "anonymous")]


@pytest.mark.parametrize("text, shown", [
    ("Many fishers and harbour staff said the quay was unsafe.", "Many fishers and harbour staff"),
    ("But Ms. Lopes and other pilots said the quay was unsafe.", "Ms. Lopes and other pilots"),
    # "and" joining two clauses: the second clause's subject alone.
    ("The pilots won the vote and fishers said the quay was unsafe.", "fishers"),
    ("On Monday the council met and fishers said the quay was unsafe.", "fishers"),
])
def test_a_coordinated_subject_that_opens_its_sentence_is_one_span(text, shown):
    _, hops = hops_of(text)
    assert {a.source.text for a in hops} == {shown}


def test_a_person_coordinated_with_a_group_is_a_source_and_the_group_its_own():
    doc, hops = hops_of("Tom Berg and two harbour pilots said the quay was unsafe.")
    assert {a.source.text for a in hops} == {"Tom Berg and two harbour pilots"}
    assert [(a.source_name, a.source_kind) for a in hops][0] == ("Tom Berg", "person")
    assert hops[1].source_name == "two harbour pilots" and hops[1].source_kind in ("anonymous", "vague")
    assert [s.name for s in doc.sources] == ["Tom Berg"]


@pytest.mark.parametrize("text, name", [
    ("Harbour Safety Secretary Jeh Varga said the quay was unsafe.", "Jeh Varga"),
    ("Former Maine Gov. Ed Rendall said the quay was unsafe.", "Ed Rendall"),
    ("Secretary of State Jon Husk said the quay was unsafe.", "Jon Husk"),
    ("Secretary of State John F. Kell said the quay was unsafe.", "John F. Kell"),
    ("Coast Radio's Lester Hale said the quay was unsafe.", "Lester Hale"),
])
def test_a_person_is_named_by_the_name_after_the_titles(text, name):
    doc, hops = hops_of(text)
    assert [a.source_name for a in hops] == [name]
    # The titled mention stays an alias.
    assert any(name in alias and alias != name for alias in doc.sources[0].aliases)


@pytest.mark.parametrize("text, cue, shown", [
    # What the people know is part of how they are described, before or after the cue.
    ("Local radio reported, citing two people familiar with the matter, that fares would rise.", "citing",
     "two people familiar with the matter"),
    ("The fares will rise in May, said two people familiar with the plan.", "said",
     "two people familiar with the plan"),
    ("The fares will rise in May, said two officials briefed on the talks.", "said",
     "two officials briefed on the talks"),
    ("People close to the mayor said fares would rise.", "said", "People close to the mayor"),
    ("Two officials involved in the talks said fares would rise.", "said", "Two officials involved in the talks"),
])
def test_people_familiar_with_the_matter_are_one_anonymous_source(text, cue, shown):
    doc, hops = hops_of(text, cue)
    assert hops[0].source.text == shown
    assert hops[0].source_kind == "anonymous"
    assert not any(source.name in ("mayor", "talks", "plan", "matter") for source in doc.sources)


@pytest.mark.parametrize("text, shown", [
    ("“The fares will rise,” said two harbour pilots almost at once.", "two harbour pilots"),
    ("“The fares will rise,” said Ana Lopes just before noon.", "Ana Lopes"),
])
def test_an_adverb_ends_a_source_after_the_cue(text, shown):
    _, hops = hops_of(text)
    assert hops[0].source.text == shown


@pytest.mark.parametrize("text, cue, shown", [
    # A coordination after a word opening the clause, at the sentence's start too.
    ("While harbour groups and the ferry unions circulate their reasons, the mayor waits.", "circulate",
     "harbour groups and the ferry unions"),
    # A list of common nouns with a serial comma; a place before it is no item.
    ("But ferry unions, fishing groups, and many harbour lawmakers claim it will fail.", "claim",
     "ferry unions, fishing groups, and many harbour lawmakers"),
    ("In Velmora, fishers, clerks, and harbour staff said the fees were too high.", "said",
     "fishers, clerks, and harbour staff"),
    # ", and" after a clause joins clauses.
    ("The pier was built by the harbour board, and fishers said the ferry was late.", "said", "fishers"),
])
def test_a_list_of_groups_is_one_span(text, cue, shown):
    _, hops = hops_of(text, cue)
    assert {a.source.text for a in hops} == {shown}


@pytest.mark.parametrize("text, shown, kind", [
    # The sentence's capital on the first of a list of bare plurals names no one.
    ("Teachers, nurses, and firefighters said they would strike.", "Teachers, nurses, and firefighters", "vague"),
    # A surname capitalised mid-sentence elsewhere is a name, also opening a list.
    ("Sanders, bakers, and other traders said the fees were too high. The fee was set by Sanders.",
     "Sanders, bakers, and other traders", "person"),
])
def test_a_list_of_bare_plurals_opening_a_sentence_is_a_group(text, shown, kind):
    _, hops = hops_of(text)
    assert [(a.source.text, a.source_kind) for a in hops] == [(shown, kind)]


@pytest.mark.parametrize("text, shown", [
    # Without a serial comma the list still opens at the sentence's first item.
    ("Teachers, nurses and firefighters said they would strike.", "Teachers, nurses and firefighters"),
    ("Shipping firms, port operators and several importers said stocks were low.",
     "Shipping firms, port operators and several importers"),
    # An opening phrase before a comma is no item of the list.
    ("In Denver, teachers, nurses and doctors said the wards were full.", "teachers, nurses and doctors"),
    ("After the vote, teachers and nurses said they were relieved.", "teachers and nurses"),
    ("Since 2019, pilots, deckhands and cooks said the pay was too low.", "pilots, deckhands and cooks"),
])
def test_a_list_without_a_serial_comma_is_one_vague_group(text, shown):
    doc, (hop,) = hops_of(text)
    assert hop.source.text == shown and hop.source_kind == "vague"
    assert doc.sources == []
