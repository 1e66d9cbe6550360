"""Outlets, organisations and groups that no name identifies are typed anonymous or vague, so
they never count as named sources (score.NAMED_KINDS) nor become rows of the sources table;
"the newspaper" points back to the outlet the article named.  Sentences of our own."""
import pytest

from datasette_provenance.score import NAMED_KINDS
from datasette_provenance.text import extract
from datasette_provenance.text.spans import source_kind
from datasette_provenance.text.tokens import tokenize
from store_helpers import save_text, source_counts


def kinds(text):
    doc = extract(text)
    return doc, {a.source.text: (a.source_kind, a.source_name) for st in doc.statements
                 for a in st.attributions if a.source}


@pytest.mark.parametrize("text, span, kind", [
    ("State media reported that the talks had failed.", "State media", "anonymous"),
    ("Velmoran state television said the minister had resigned.", "Velmoran state television", "anonymous"),
    ("A local radio station reported that the bridge was shut.", "A local radio station", "anonymous"),
    ("A reporter said the crowd was large.", "A reporter", "anonymous"),
    ("The media said nothing about the vote.", "The media", "vague"),
    ("Newspapers said the port would close.", "Newspapers", "vague"),
    ("Some environmental groups said the plan was rushed.", "Some environmental groups", "vague"),
    ("Two unions said the strike would go on.", "Two unions", "anonymous"),
    ("Republicans said the bill was dead.", "Republicans", "vague"),
    ("Senate Democrats said the bill was dead.", "Senate Democrats", "anonymous"),
    ("Many Velmorans said the tax was unfair.", "Many Velmorans", "vague"),
    # A group a relative clause describes is anonymous, as "people close to the mayor" are.
    ("Officials who asked not to be named said the tax was unfair.", "Officials who asked not to be named",
     "anonymous"),
])
def test_a_body_or_group_with_no_name_is_not_named(text, span, kind):
    _, found = kinds(text)
    assert found[span][0] == kind
    assert kind not in NAMED_KINDS


@pytest.mark.parametrize("text, span, kind", [
    ("The Velmora Times reported that the port would close.", "The Velmora Times", "media"),
    ("The port would close, Reuters said.", "Reuters", "media"),
    # A name ending in "s" or in capitals that opens the sentence is still a name.
    ("Reuters reported, citing two harbour pilots, that the port would close.", "Reuters", "media"),
    ("CBS said the port would close.", "CBS", "media"),
    ("The Harbour Workers Union said the strike would go on.", "The Harbour Workers Union", "organisation"),
    ("The ministry said the port would close.", "The ministry", "organisation"),
    ("Tom Evans said the port would close.", "Tom Evans", "person"),
    # A name after a media job is a person's.
    ("Radio host Ana Lopes said the port would close.", "Radio host Ana Lopes", "person"),
    # A body's title before the name: the person, not the body ("board").
    ("The ferry firm's board chair Ana Lopes said the port would close.", "The ferry firm's board chair Ana Lopes",
     "person"),
    ("Port union leader Tom Evans said the strike would go on.", "Port union leader Tom Evans", "person"),
    ("City council member Rosa Alves said the strike would go on.", "City council member Rosa Alves", "person"),
    # A title's possessive before a noun cue: the titled person holds the view.
    ("The mayor's claim that the port is safe was wrong.", "The mayor's", "person"),
    # A masthead with a media word is an outlet, not a person's name.
    ("The port would close, the Daily Courier reported.", "the Daily Courier", "media"),
    # A document described by its agent is the document, not the agent.
    ("According to documents seen by Reuters, the port would close.", "documents seen by Reuters", "document"),
])
def test_named_bodies_and_people_keep_their_kind(text, span, kind):
    _, found = kinds(text)
    assert found[span][0] == kind


def test_the_newspaper_is_the_outlet_the_article_named():
    doc, found = kinds("Port news\nThe Velmora Times reported that the port would close. "
                       "The newspaper said the mayor agreed.")
    assert found["The newspaper"] == ("media", "Velmora Times")
    assert [s.name for s in doc.sources] == ["Velmora Times"]


def test_unnamed_sources_and_lone_pronouns_make_no_rows(tmp_path):
    db = save_text(tmp_path / "p.db", "Harbour news\nState media said the port was shut. It said ships waited. "
                                      "Ana Lopes said the port would reopen.")
    assert set(source_counts(db)) == {"Ana Lopes"}


@pytest.mark.parametrize("text, span", [
    ("China said the talks had failed.", "China"),
    ("North Korea said the test had succeeded.", "North Korea"),
])
def test_a_country_speaks_as_an_organisation_not_a_person(text, span):
    _, found = kinds(text)
    assert found[span][0] == "organisation"


@pytest.mark.parametrize("phrase, kind", [
    ("Frustration", "vague"), ("Hostilities", "vague"),  # a sentence's capital on a common noun
    ("Kelly", "person"), ("Clement", "person"), ("Ness", "person"),  # names that end like nouns
])
def test_a_lone_capitalised_abstract_noun_is_no_person(phrase, kind):
    tokens = tokenize(f"{phrase} said it.")
    assert source_kind(tokens, 0, 1) == kind


def test_people_named_by_what_they_do_at_a_sentence_start_are_vague():
    doc, found = kinds("Herring talks stall\n\nNegotiators from the four states said no deal was near. "
                       "Forecasters said the storm would pass.")
    assert found["Negotiators from the four states"][0] == "vague"
    assert found["Forecasters"][0] == "vague"
    assert not {s.name for s in doc.sources} & {"Forecasters", "Negotiators from the four states"}


def test_a_surname_like_a_plural_noun_is_still_a_person_when_the_text_names_it():
    _, found = kinds("Ed Sanders spoke first. Sanders said the port was safe.")
    assert found["Sanders"] == ("person", "Ed Sanders")


def test_an_outlet_is_named_without_the_word_that_describes_it():
    doc, found = kinds("The newspaper Kystposten reported that the ferry was late.")
    assert found["The newspaper Kystposten"] == ("media", "Kystposten")
    assert doc.sources[0].name == "Kystposten" and "newspaper Kystposten" in doc.sources[0].aliases


def test_a_councillor_is_named_without_the_title():
    doc, found = kinds("Councillor Hana Lind said the budget was short.")
    assert found["Councillor Hana Lind"] == ("person", "Hana Lind")


@pytest.mark.parametrize("text, span, kind", [
    # A sentence's capital on a modifier of a coordinated group names no one.
    ("Local fishermen and their families said the strike had cut their income.",
     "Local fishermen and their families", "vague"),
    # An acronym after "the" is a body, as it is alone.
    ("The IMF said the country needed reforms.", "The IMF", "organisation"),
    # A role a body's name qualifies, after "a", is no one named.
    ("A Treasury spokesman said the plan was sound.", "A Treasury spokesman", "anonymous"),
    # "including" opens no part of the head.
    ("Business groups including the Chamber of Industry said the cuts were overdue.",
     "Business groups including the Chamber of Industry", "anonymous"),
])
def test_the_kind_reads_the_head_not_its_modifiers(text, span, kind):
    _, got = kinds(text)
    assert got[span][0] == kind


@pytest.mark.parametrize("text, cue, span, kind, name", [
    ("A Pew poll published on Monday found that most voters backed the levy.", "found",
     "A Pew poll published on Monday", "document", "Pew poll"),
    ("A Gallup survey released in June found that fares were too high.", "found",
     "A Gallup survey released in June", "document", "Gallup survey"),
    ("Several deckhands interviewed by the Gazette said they could hold out.", "said",
     "Several deckhands interviewed by the Gazette", "vague", "Several deckhands interviewed by the Gazette"),
])
def test_a_participle_after_the_head_leaves_the_head_its_kind(text, cue, span, kind, name):
    hop = next(a for st in extract(text).statements for a in st.attributions if a.cue.text == cue)
    assert (hop.source.text, hop.source_kind, hop.source_name) == (span, kind, name)


def test_a_name_after_by_in_the_subject_is_no_source_of_its_own():
    hop = next(a for st in extract("A poll commissioned by the Courier suggests most voters oppose the cuts.")
               .statements for a in st.attributions if a.cue.text == "suggests")
    assert hop.source.text == "A poll commissioned by the Courier" and hop.source_kind == "document"
