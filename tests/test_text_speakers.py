"""Source identity: one source per real person in an article, aliases only for what names
them, anonymous roles kept anonymous - on sentences of our own."""
import pytest

from datasette_provenance import store
from datasette_provenance.ingest import read_articles
from datasette_provenance.text import extract
from store_helpers import save_text, source_counts


def sources_of(text):
    return {s.name: s for s in extract(text).sources}


def hops(text):
    return [a for st in extract(text).statements for a in st.attributions]


@pytest.mark.parametrize("text", [
    "Tom Berg said the harbour would reopen in May. Later Mr. Berg said the work was late.",
    # The titled surname comes first, the full name later in the article.
    "Mr. Berg said the work was late. The engineer Tom Berg had warned of delays in March.",
    "Tom Berg said the harbour would reopen in May. Commissioner Berg added that fees would rise.",
])
def test_title_and_surname_resolve_to_the_full_name(text):
    sources = sources_of(text)
    assert "Tom Berg" in sources
    assert not any(name.endswith("Berg") and name != "Tom Berg" for name in sources)
    assert all(a.source_name == "Tom Berg" for a in hops(text) if a.source and "Berg" in a.source.text)


def test_a_title_with_a_gender_picks_the_compatible_namesake():
    text = ("Paul Marsh said the ferry was safe. Ellen Marsh said the ferry was old. "
            "Mrs. Marsh said later that it would be replaced.")
    said = [a for a in hops(text) if a.source and a.source.text == "Mrs. Marsh"]
    assert said and said[0].source_name == "Ellen Marsh"
    assert "Mrs. Marsh" in sources_of(text)["Ellen Marsh"].aliases


@pytest.mark.parametrize("text", [
    "A spokeswoman for Ellen Marsh said the ferry was safe. Ellen Marsh did not comment.",
    "A lawyer for Ellen Marsh said the ferry was safe. Ellen Marsh did not comment.",
])
def test_someone_speaking_for_a_person_is_not_that_person(text):
    first = hops(text)[0]
    assert first.source_name != "Ellen Marsh"
    assert first.source_kind == "anonymous"  # a role without a name
    for source in extract(text).sources:
        assert not any(" for " in alias for alias in source.aliases)


@pytest.mark.parametrize("text, aside", [
    ("Tom Berg, in particular, has criticized the plan.", "in particular"),
    ("Tom Berg, speaking to a fishing group in Bergen, said the port was safe.", "speaking to"),
    ("Tom Berg, like Ellen Marsh, said the port was safe.", "like"),
    ("Tom Berg, at a later briefing, said the port was safe.", "at a later"),
    ("Tom Berg, her rival in the race, said the port was safe.", "her rival"),
    ("Tom Berg, 64, said the port was safe.", "64"),
    ("Tom Berg, who ran the port for a decade, said it was safe.", "who ran"),
    ("Tom Berg, had warned of it, said the port was safe.", "had warned"),
    ("Tom Berg, made the charts, said the port was safe.", "made the"),
])
def test_asides_next_to_a_name_are_not_aliases(text, aside):
    berg = sources_of(text)["Tom Berg"]
    assert not any(alias.startswith(aside) for alias in berg.aliases)


def test_an_appositive_description_is_still_an_alias():
    text = ("Ana Ruiz, the director of the port authority, said the dredging would start in June. "
            "Ms. Ruiz said the cost had doubled.")
    ruiz = sources_of(text)["Ana Ruiz"]
    assert "the director of the port authority" in ruiz.aliases
    assert "Ms. Ruiz" in ruiz.aliases


@pytest.mark.parametrize("text, name", [
    ("But Tom Berg said the port was safe.", "Tom Berg"),
    ("HARBOURTOWN -- Mayor Ellen Marsh said the port was safe.", "Ellen Marsh"),
])
def test_opening_words_are_not_part_of_a_name(text, name):
    assert [a.source_name for a in hops(text)] == [name]
    assert name in sources_of(text)


def test_a_title_case_headline_label_is_no_speaker():
    text = "Calm Before the Storm: Mayor Ellen Marsh Was Warned in March\nThe harbour flooded on Sunday.\n"
    for a in hops(text):
        assert not (a.source and a.source.text.startswith("Calm Before"))
    assert "Calm Before the Storm" not in sources_of(text)


def test_a_date_and_a_preposition_are_not_a_source():
    text = "On March 3 the inspectors released the results of their audit by announcing that the pier was unsafe."
    for a in hops(text):
        assert a.source is None or ("March" not in a.source.text and not a.source.text.endswith("by"))


@pytest.mark.parametrize("text", [
    "A spokesman said the ferry would not run on Sunday.",
    "Two officials familiar with the plan said the ferry would not run.",
])
def test_anonymous_roles_stay_anonymous_and_get_no_source_row(text):
    a = hops(text)[0]
    assert a.source_kind == "anonymous"
    assert extract(text).sources == []


def test_the_sources_table_holds_one_row_per_person(tmp_path):
    article = tmp_path / "ferry.txt"
    article.write_text(
        "Ferry Service Cut\n\nTom Berg, the head of the ferry company, said the service would be cut. "
        "Mr. Berg said fuel costs had doubled. A spokeswoman for Tom Berg said talks would go on.\n",
        encoding="utf-8")
    db = store.open_db(tmp_path / "p.db")
    store.load_articles(db, read_articles([str(article)]))
    names = [row[0] for row in db.execute("select name from sources where name like '%Berg%'")]
    assert names == ["Tom Berg"]
    aliases = {row[0] for row in db.execute(
        "select alias from source_aliases join sources on sources.id = source_id where name = 'Tom Berg'")}
    assert {"Mr. Berg", "the head of the ferry company"} <= aliases
    assert not any("spokeswoman" in alias for alias in aliases)


def test_a_participle_after_a_quotation_takes_what_follows_it():
    text = '"The budget is tight," Marsh said, adding that the harbour work would go on.'
    by_cue = {a.cue.text: a for a in hops(text)}
    assert by_cue["said"].content.text == '"The budget is tight,"'
    assert by_cue["adding"].content.text == "that the harbour work would go on"
    assert by_cue["adding"].source.text == "Marsh"



@pytest.mark.parametrize("text, name", [
    ("Mayor Ellen Marsh met the fishermen on Monday. The mayor said the harbour would reopen in May.",
     "Ellen Marsh"),
    ("Gov. Tom Berg said the budget was tight. The governor said it would pass anyway.", "Tom Berg"),
    ("Ellen Marsh, the port director, said the quay was safe. The port director said repairs were done.",
     "Ellen Marsh"),
])
def test_a_role_resolves_to_the_titled_name_before_it(text, name):
    said = [a for a in hops(text) if a.source and a.source.text.lower().startswith("the ")
            and a.source.text != "the harbour"]
    assert said and said[-1].source_name == name


def test_a_role_is_not_a_different_office_of_the_same_title():
    text = "Vice President Tom Berg arrived on Monday. The president said the talks were over."
    said = [a for a in hops(text) if a.cue.text.endswith("said")]
    assert said[0].source_name != "Tom Berg"


@pytest.mark.parametrize("text", [
    "Harbour Commissioner Anna K. Berg said the quay would reopen.",
    "The quay would reopen, said Harbour Commissioner Anna K. Berg on Monday.",
])
def test_a_middle_initial_stays_inside_the_name(text):
    a = hops(text)[0]
    assert a.source.text.endswith("Anna K. Berg")
    assert a.source_name == "Anna K. Berg"


def test_a_pronoun_never_resolves_to_headline_title_case():
    text = ("Ferry Fares Rise Again Across Northern Routes\n\n"
            "The transport commissioner told reporters that fuel costs had doubled. "
            "\"We cannot hold prices,\" she said.")
    speaking = [(a.source.text, a.source_name) for a in hops(text)]
    # No name before "she": the nearest person named by role is the speaker, not "Northern Routes".
    assert speaking == [("The transport commissioner", "transport commissioner"),
                        ("she", "transport commissioner")]
    assert set(sources_of(text)) == {"transport commissioner"}


def test_a_pronoun_still_prefers_a_full_name_to_a_role():
    text = ("The harbour master said the channel was clear. "
            "Greta Lund, who runs the pilots, disagreed. \"It is not,\" she said.")
    assert [a.source_name for a in hops(text)][-1] == "Greta Lund"


@pytest.mark.parametrize("text", [
    "The harbour chief, Ana Lopes, said the port would close. Lopes said it would reopen.",
    "Ana Lopes, the harbour chief, said the port would close. Lopes said it would reopen.",
])
def test_a_role_and_the_name_in_apposition_are_one_source(text):
    # Whichever comes first, the name is the source and the role its alias.
    sources = sources_of(text)
    assert list(sources) == ["Ana Lopes"]
    assert any("harbour chief" in alias for alias in sources["Ana Lopes"].aliases)
    assert [a.source_name for a in hops(text)] == ["Ana Lopes", "Ana Lopes"]


def test_a_role_without_a_name_in_apposition_stays_a_role():
    sources = sources_of("The harbour chief, in particular, said the port would close.")
    assert list(sources) == ["harbour chief"]


def test_a_role_apposed_with_a_prepositional_phrase_resolves():
    text = ("Tom Berg, a spokesman for the education ministry, defended the plan on Monday. "
            "The spokesman said schools would open on time.")
    assert [a.source_name for a in hops(text)] == ["Tom Berg", "Tom Berg"]
    assert list(sources_of(text)) == ["Tom Berg"]


def test_a_relative_clause_after_an_anonymous_speaker_is_not_the_source():
    a = hops("A minister who resigned last week said the budget was a fraud.")[0]
    assert a.source.text == "A minister who resigned last week"
    assert a.source_kind == "anonymous"
    assert extract("A minister who resigned last week said the budget was a fraud.").sources == []


@pytest.mark.parametrize("text", [
    "On Sunday morning Tom Berg said the ferry was safe. Mr. Berg later said the fees would rise.",
    "Tom Berg of Harbourtown said the ferry was safe. Berg later said the fees would rise.",
])
def test_words_around_a_name_do_not_make_a_second_person(text):
    assert list(sources_of(text)) == ["Tom Berg"]


def test_a_surname_met_before_an_unknown_first_name_resolves_to_it():
    text = ("Lindqvist: Ferry Fees Must Rise\n\nJarle Lindqvist, who runs the ferry line, said fees would rise. "
            "\"We have no choice,\" Lindqvist said.")
    assert list(sources_of(text)) == ["Jarle Lindqvist"]


def test_titled_and_bare_surnames_without_a_full_name_are_one_source():
    text = ("President Okafor said the port would get new funds. \"We will build,\" Okafor said. "
            "Mr. Okafor added that fees would fall.")
    sources = sources_of(text)
    # Named by the surname alone, so another article's "Mr. Okafor" is the same source row.
    assert list(sources) == ["Okafor"]
    assert {"President Okafor", "Mr. Okafor"} <= set(sources["Okafor"].aliases)


def test_a_titled_surname_joins_the_one_full_name_its_honorific_fits():
    text = ("President Okafor said the port would get new funds. Mr. Okafor added that fees would fall. "
            "Later Grace Okafor and Daniel Okafor arrived at the quay.")
    assert [a.source_name for a in hops(text)] == ["Daniel Okafor", "Daniel Okafor"]
    assert {"President Okafor", "Mr. Okafor"} <= set(sources_of(text)["Daniel Okafor"].aliases)


@pytest.mark.parametrize("later", [
    "Later Grace Okafor and Daniel Okafor arrived at the quay.",
    # One of them a speaker, the other only named: still two candidates.
    "Later Grace Okafor said she was proud, and Daniel Okafor arrived at the quay.",
    # The article's "Mr. Okafor" says its Okafor is a man: no woman's name fits the title.
    "Mr. Okafor said it again. Later Grace Okafor said she was proud.",
])
def test_an_ungendered_title_takes_no_later_name_when_two_share_the_surname(later):
    text = "President Okafor said the port would get new funds. " + later
    assert [a.source_name for a in hops(text)][0] == "Okafor"
    assert not any("President Okafor" in s.aliases for name, s in sources_of(text).items() if name != "Okafor")


def test_an_honorific_before_a_title_word_is_a_surname():
    text = "Lena King, a fisher, said the quay was unsafe. Ms. King said repairs had stalled."
    assert [a.source_name for a in hops(text)] == ["Lena King", "Lena King"]


def test_a_pronoun_skips_a_person_an_honorific_gave_the_other_gender():
    text = ("Nkem Achebe, an adviser, spoke first. Ms. Achebe said the vote mattered. "
            "Then Tor Lund spoke. Mr. Lund said it was late. \"We need more,\" she said.")
    assert [a.source_name for a in hops(text)][-1] == "Nkem Achebe"


@pytest.mark.parametrize("text, name", [
    ("Vermont Sen. Tom Berg spoke on Monday. The Vermont senator said the plan would fail.", "Tom Berg"),
    # No earlier mention ties a Vermont senator to this one: the role stays its own source.
    ("Sen. Tom Berg spoke on Monday. The Vermont senator said the plan would fail.", "Vermont senator"),
])
def test_a_role_a_place_qualifies_needs_the_same_place_in_the_titled_name(text, name):
    assert [a.source_name for a in hops(text)] == [name]


def test_surnames_of_different_gender_stay_apart():
    text = "Mrs. Marsh said the ferry was late. Mr. Marsh said it was on time."
    assert set(sources_of(text)) == {"Mrs. Marsh", "Mr. Marsh"}


def test_coordinated_speakers_are_each_a_source_row_with_the_statement(tmp_path):
    text = ("Ferry Fees To Rise\n\nAna Ruiz and Tom Berg said the fees would rise in May. "
            "Mrs. Ruiz said the board would vote on Friday.")
    db = save_text(tmp_path / "p.db", text, "fees")
    counts = source_counts(db)
    assert counts == {"Ana Ruiz": 2, "Tom Berg": 1}
    # Both speakers hold the same cue and the same shown span, each in a chain of its own.
    rows = db.execute("select t.chain, t.cue, t.source_text, s.name from attributions t "
                      "join sources s on s.id = t.source_id where t.cue = 'said' order by t.id").fetchall()
    assert [row[3] for row in rows[:2]] == ["Ana Ruiz", "Tom Berg"] and rows[0][0] != rows[1][0]
    assert store.check(db) == []


def test_a_person_mention_that_ran_into_its_clause_is_named_by_its_name():
    from datasette_provenance.text import speakers
    mentions = [{"start": 0, "text": "Tom Berg", "kind": "person"},
                {"start": 40, "text": "Mr. Berg interrupted a", "kind": "person"}]
    sources = speakers.resolve("Tom Berg said the port was safe. Later, Mr. Berg interrupted a talk.", mentions)
    assert [m["name"] for m in mentions] == ["Tom Berg", "Tom Berg"]
    assert [s.name for s in sources] == ["Tom Berg"]
    assert not any("interrupted" in alias for alias in sources[0].aliases)


def test_a_headline_verb_is_no_part_of_the_name_the_body_uses():
    from datasette_provenance.text import speakers
    text = ("Ellen Marsh Slams Harbour Board Chief\n\n"
            "Ellen Marsh, the mayor, told the board on Monday that its chief should resign.")
    mentions = [{"start": 0, "text": "Ellen Marsh Slams Harbour Board Chief", "kind": "person"},
                {"start": 39, "text": "Ellen Marsh", "kind": "person"}]
    sources = speakers.resolve(text, mentions)
    assert [m["name"] for m in mentions] == ["Ellen Marsh", "Ellen Marsh"]
    assert [(s.name, s.aliases) for s in sources] == [("Ellen Marsh", [])]


@pytest.mark.parametrize("text", [
    "Both Berg and Lopes said the ferry fees would rise.",
    "Neither Berg nor Lopes would say when the ferry fees would rise. Berg said the board would vote.",
    "Either Berg or Lopes will chair the board, Ruiz said. Berg said he would.",
])
def test_both_either_neither_open_no_name(text):
    # "Both Berg" is no person: the pairing word before a surname names no one.
    names = {a.source_name for a in hops(text)} | set(sources_of(text))
    assert not any(name.split()[0] in ("Both", "Neither", "Either") for name in names if name)
    assert "Berg" in names


def test_a_bare_common_noun_names_the_organisation_it_heads():
    text = ("The Kessin Harbour Authority defended the contract on Friday. The authority said the tender was fair. "
            "It added that the board would meet again.")
    doc = extract(text)
    assert [(s.name, s.kind) for s in doc.sources] == [("Kessin Harbour Authority", "organisation")]
    names = [a.source_name for st in doc.statements for a in st.attributions if a.cue.text in ("said", "added")]
    assert names == ["Kessin Harbour Authority", "Kessin Harbour Authority"]


def test_a_common_noun_no_earlier_name_heads_stays_as_it_is():
    doc = extract("The Kessin Harbour Authority met on Friday. The ministry said the tender was fair.")
    assert "ministry" in {s.name for s in doc.sources}


def test_a_bare_common_noun_names_the_description_it_repeats():
    # The first mention need not be a source: "the dock workers union" is only talked about.
    text = ("The minister said the dock workers union had asked for a delay. "
            "The union has denied it. The other union said nothing.")
    doc = extract(text)
    union = [s for s in doc.sources if s.name.endswith("union")]
    assert [(s.name, s.kind) for s in union][0] == ("dock workers union", "organisation")
    assert "union" in union[0].aliases
    names = [a.source_name for st in doc.statements for a in st.attributions if a.cue.text.endswith("denied")]
    assert names == ["dock workers union"]
    # "The other union" is set apart from the dock workers one: not its alias.
    assert "other union" in {s.name for s in doc.sources}


def test_it_far_from_any_organisation_stays_unnamed():
    text = ("The Kessin Harbour Authority met on Friday. " + "The ferries ran late all week. " * 20
            + "It said the tender was fair.")
    doc = extract(text)
    hop = [a for st in doc.statements for a in st.attributions if a.cue.text == "said"][0]
    assert hop.source_name in (None, "It")


@pytest.mark.parametrize("text", [
    "Retired General Reveals Doubts About The Plan\n\nThe plan was changed twice.",
    "Former Senator Says Port Deal Was Rigged\n\nThe deal was signed in May.",
])
def test_a_headline_role_without_a_name_is_anonymous(text):
    hop = extract(text).statements[0].attributions[0]
    assert hop.source_kind == "anonymous"
    assert extract(text).sources == []


def test_he_skips_a_woman_whose_first_name_is_not_american():
    # "Ines" gives a gender as "Mary" does, so "he" passes her over for the nearest man.
    doc = extract("Lars Holm, a pilot, said the channel was silting up. Ines Varga said the dredger was late. "
                  "He said the port had been warned.")
    hops = [a for s in doc.statements for a in s.attributions]
    assert [(a.source.text, a.source_name) for a in hops if a.source.text == "He"] == [("He", "Lars Holm")]


def test_a_known_second_given_name_does_not_cut_the_first():
    doc = extract("Port director Jorge Antonio Reyes said the channel was closed.")
    assert [s.name for s in doc.sources] == ["Jorge Antonio Reyes"]


@pytest.mark.parametrize("text, role", [
    ("Her deputy, Tom Berg, declined to comment.", "Her deputy"),
    ("A spokeswoman, Ana Ruiz, said the pier was safe.", "spokeswoman"),
])
def test_a_role_with_a_name_in_apposition_is_that_named_person(text, role):
    doc = extract(text)
    hop = doc.statements[0].attributions[0]
    assert hop.source_kind == "person" and hop.source_name in ("Tom Berg", "Ana Ruiz")
    assert [(s.name, s.kind) for s in doc.sources] == [(hop.source_name, "person")]
    assert any(role in alias for alias in doc.sources[0].aliases)


@pytest.mark.parametrize("text", [
    "Two officials, Ana Ruiz and Tom Berg, said the pier was safe.",  # more than one person
    "A local group, Friends of the Pier, said the pier was safe.",  # no person's name
])
def test_a_role_whose_apposition_names_no_one_person_stays_anonymous(text):
    assert extract(text).statements[0].attributions[0].source_kind == "anonymous"


@pytest.mark.parametrize("text, name", [
    # A name with a first name the lexicon lacks, after a role of one person.
    ("Her predecessor, Ola Brun, said the pier was safe.", "Ola Brun"),
    ("The head of the pilots' union, Rolf Anker, said the pier was safe.", "Rolf Anker"),
    ("A spokeswoman for the harbour board, Dana Whitfield, said the pier was safe.", "Dana Whitfield"),
])
def test_a_role_of_one_person_with_a_full_name_in_apposition_is_that_person(text, name):
    doc = extract(text)
    hop = doc.statements[0].attributions[0]
    assert (hop.source_kind, hop.source_name) == ("person", name)
    assert [(s.name, s.kind) for s in doc.sources] == [(name, "person")]


def test_a_body_named_in_apposition_to_a_role_is_no_person():
    hop = extract("The head of the agency, the Harbour Authority, said the pier was safe.").statements[0].attributions[0]
    assert hop.source_kind != "person"


def test_a_personal_pronoun_skips_an_outlet_reported_in_between():
    # "She" is the board chair's, not the masthead's that reported in between.
    text = ("Board chair Marta Silva said the firm had been chosen fairly. The Daily Courier reported that the "
            "deal was signed without a tender. She declined to comment on the price.")
    declined = next(a for a in hops(text) if a.cue.text == "declined")
    assert declined.source_name == "Marta Silva"
    assert sources_of(text)["Daily Courier"].kind == "media"
    assert sources_of(text)["Marta Silva"].kind == "person"


def test_a_role_resolves_to_the_same_role_after_a_possessive_before_it():
    text = ("Tom Berg's lawyer said the fine was unfair. Asked whether Berg would appeal, the lawyer said he would. "
            "The mayor said nothing.")
    lawyer = [a for a in hops(text) if a.source and "lawyer" in a.source.text]
    assert [a.source_name for a in lawyer] == ["Tom Berg's lawyer", "Tom Berg's lawyer"]
    # Not another role.
    assert next(a for a in hops(text) if a.source and a.source.text == "The mayor").source_name == "mayor"


@pytest.mark.parametrize("text, name", [
    ("Tom Berg told the Velmora Gazette that the hull was sound. The newspaper also reported that the ferry was late.",
     "Velmora Gazette"),
    # No paper named before it: the noun stays.
    ("The newspaper reported that the ferry was late. Tom Berg told the Velmora Gazette that it was not.", "newspaper"),
])
def test_the_newspaper_is_the_paper_named_before_it_even_as_no_source(text, name):
    paper = next(a for a in hops(text) if a.source and a.source.text == "The newspaper")
    assert paper.source_name == name
