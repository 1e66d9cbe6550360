"""Where a source span starts and ends, and what it is called: time phrases, people tied to
someone by "to"/"on", verbs the lexicons miss, initials, generational suffixes, "It’s".
Sentences of our own."""
import pytest

from datasette_provenance.text import extract


def hops(text, cue="said"):
    doc = extract(text)
    return doc, [a for st in doc.statements for a in st.attributions if a.cue.text == cue]


@pytest.mark.parametrize("text, span, name", [
    # A time phrase between a relative pronoun and its verb is no source.
    ("Ana Lopes, who last year said the pier was safe, now wants it closed.", "who", "Ana Lopes"),
    ("Tom Berg, who earlier this month said the fee was fair, resigned.", "who", "Tom Berg"),
    ("The harbour board, which on Monday said the channel was deep enough, was wrong.", "which",
     "harbour board"),
])
def test_a_time_phrase_before_the_verb_is_not_the_source(text, span, name):
    _, (hop,) = hops(text)
    assert (hop.source.text, hop.source_name) == (span, name)


def test_a_time_phrase_after_a_participle_stays_with_its_source():
    _, (hop,) = hops("A harbour survey released Monday found that most boats were idle.", "found")
    assert hop.source.text == "A harbour survey released Monday"


@pytest.mark.parametrize("text, span", [
    ("Advisers to Mr. Berg said the plan would fail.", "Advisers to Mr. Berg"),
    ("Two aides to the mayor said the vote was close.", "Two aides to the mayor"),
    ("Experts on tidal power said the turbines were too small.", "Experts on tidal power"),
])
def test_people_tied_to_someone_speak_not_the_someone(text, span):
    _, (hop,) = hops(text)
    assert hop.source.text == span
    assert hop.source_kind != "person"  # the advisers are not Mr. Berg


def test_a_name_after_to_on_its_own_is_still_the_speaker():
    # No word for people before "to": the name is the subject of its own clause.
    _, (hop,) = hops("The letter went to the council. Mr. Berg said it was late.")
    assert hop.source_name == "Berg" and hop.source_kind == "person"


def test_a_subject_ends_before_a_past_tense_verb_the_lexicons_miss():
    # "granted" is no verb of the lexicons; its object must not join the sentence's subject.
    _, (hop,) = hops("The harbour board granted Tom Berg a permit on Friday, saying the wall was safe.",
                     "saying")
    assert hop.source.text == "The harbour board"


def test_an_adjectival_participle_stays_in_the_subject():
    _, (hop,) = hops("Senior elected officials said the bridge would close.")
    assert hop.source.text == "Senior elected officials"


def test_a_middle_initial_a_is_no_article():
    text = ("The court met on Monday.\n\nThe chief justice gave the case to Justice Samuel A. Lind Jr., "
            "who had made clear that he would rule quickly.")
    doc, (hop,) = hops(text, "had made clear")
    assert hop.source_name == "Samuel A. Lind Jr."


def test_a_surname_finds_its_full_name_past_jr():
    doc, _ = hops("Justice Marta B. Lind Jr. wrote the ruling. Lind said the law was vague.")
    said = [a for st in doc.statements for a in st.attributions if a.cue.text == "said"][0]
    assert said.source_name == "Marta B. Lind Jr."
    names = {s.name: s.aliases for s in doc.sources}
    assert "Lind" not in names and "Lind" in names["Marta B. Lind Jr."]


def test_its_is_it_not_a_person():
    doc = extract("Port news\nThe Velmora Port Authority said the pier was open. It’s warning that the pier is not safe.")
    hop = [a for st in doc.statements for a in st.attributions if a.source and a.source.text == "It"][0]
    assert hop.source_kind == "organisation"
    assert hop.source_name == "Velmora Port Authority"


def test_an_it_with_nothing_before_it_names_no_source():
    doc = extract("It showed that the port was busy. The harbour was full.")
    assert doc.statements[0].attributions[0].source_name is None
    assert not any(s.name.lower() == "it" for s in doc.sources)


@pytest.mark.parametrize("text, cue, span", [
    # What a possessive owns, and a role a name qualifies, go on with the phrase.
    ("Tom Berg's lawyers said the fee was unfair.", "said", "Tom Berg's lawyers"),
    ("The harbour closed early. The Velmora senator said the decision was rushed.", "said",
     "The Velmora senator"),
    # A coordination that opens its clause, after an opening phrase or a subordinator.
    ("Since May, Tom Berg and other pilots have said the channel is too shallow.", "have said",
     "Tom Berg and other pilots"),
    ("The quota fell where fishers and their unions said it would.", "said", "fishers and their unions"),
    # An adverb or preposition before the phrase is no part of it.
    ("Even some of his allies said the plan was rushed.", "said", "some of his allies"),
    ("Now Tom Berg says the port is safe.", "says", "Tom Berg"),
])
def test_where_a_subject_phrase_starts_and_ends(text, cue, span):
    # (coordinated speakers are a chain each, all showing the whole phrase)
    assert {hop.source.text for hop in hops(text, cue)[1]} == {span}


def test_a_participle_shows_the_source_of_the_verb_before_it_with_its_description():
    text = "Ana Lopes, vice chair of the harbour board, emailed the crews on Monday, telling them the port was safe."
    doc = extract(text)
    by_cue = {a.cue.text: a for st in doc.statements for a in st.attributions}
    assert by_cue["telling"].source.text == by_cue["emailed"].source.text == \
        "Ana Lopes, vice chair of the harbour board"
    assert by_cue["telling"].source_name == "Ana Lopes"


@pytest.mark.parametrize("text, cue, span", [
    # Capitalised words after a determiner or number modify the noun after them, no name ends there.
    ('"The harbour is full," said Ana Ruiz of the Velmora delegation.', "said", "Ana Ruiz of the Velmora delegation"),
    ('"It is done," said a 2019 Lopes veteran.', "said", "a 2019 Lopes veteran"),
    # (with the prepositional phrase up to the verb, as "Some delegates at the convention said")
    ("Some Velmoran leaders on the coast have claimed the port is closed.", "have claimed",
     "Some Velmoran leaders on the coast"),
    # A lone country's adjective too.
    ("Velmoran hackers took over the account, claiming that the port had burned.", "claiming", "Velmoran hackers"),
])
def test_capitalised_modifiers_stay_in_the_phrase(text, cue, span):
    _, (hop,) = hops(text, cue)
    assert hop.source.text == span


def test_a_name_still_ends_before_a_time_word():
    _, (hop,) = hops('"The port is closed," said the Velmora Herald yesterday.')
    assert hop.source.text == "the Velmora Herald"


@pytest.mark.parametrize("text, span", [
    # A possessive after a verb opens the cue's noun phrase: the speaker is the clause's subject,
    # not a phrase running left over the verb ("sharpened his").
    ("Tom Berg, who did not attend the meeting, has since sharpened his criticism of the harbour board.", "Tom Berg"),
])
def test_a_possessive_after_a_verb_points_to_the_subject(text, span):
    _, (hop,) = hops(text, "criticism of")
    assert hop.source.text == span


def test_a_possessive_opening_the_sentence_is_the_source():
    _, (hop,) = hops("His criticism of the board was sharp.", "criticism of")
    assert hop.source.text == "His"


def test_a_word_of_a_party_tag_stands_for_the_name_before_it():
    from datasette_provenance.text.spans import name_before_tag
    from datasette_provenance.text.tokens import tokenize
    tokens = tokenize("Sen. Ann Lee (D-Maine) said the plan would fail.")
    lee, tag, said = tokens.words.index("Lee"), tokens.words.index("D-Maine"), tokens.words.index("said")
    assert name_before_tag(tokens, tag, 0) == lee
    assert name_before_tag(tokens, said, 0) == said  # (past the closing bracket: no tag)


@pytest.mark.parametrize("text, cue, span, content", [
    # An opening participle clause is the main clause's subject's, whoever the ranker saw.
    ("Noting that he had studied law in Velmora, Tom Berg said he would appeal.", "Noting", "Tom Berg",
     "that he had studied law in Velmora"),
    ("Acknowledging that the port was shut, though, the mayor said it would reopen.", "Acknowledging",
     "the mayor", "that the port was shut"),
])
def test_an_opening_participle_speaks_for_the_main_subject(text, cue, span, content):
    _, (hop,) = hops(text, cue)
    assert (hop.source.text, hop.content.text) == (span, content)


def test_a_passive_cue_takes_its_agent_a_few_words_on():
    from datasette_provenance.text.spans import passive_agent
    from datasette_provenance.text.tokens import tokenize
    tokens = tokenize("Tom Berg was sentenced to two years in prison by the harbour court.")
    got = passive_agent(tokens, tokens.words.index("sentenced") + 1, len(tokens.words))
    assert " ".join(tokens.words[got[0]:got[1]]) == "the harbour court"
    tokens = tokenize("The plan was criticized, in the end, by fishers.")
    assert passive_agent(tokens, tokens.words.index("criticized") + 1, len(tokens.words)) is None
    tokens = tokenize("The plan was opposed mostly by saying nothing.")
    assert passive_agent(tokens, tokens.words.index("opposed") + 1, len(tokens.words)) is None


def test_a_passive_sentence_names_its_agent_as_the_source():
    _, (hop,) = hops("Tom Berg was sentenced to two years in prison by the harbour court.", "was sentenced to")
    assert hop.source.text == "the harbour court"
    # The content is what was done to, not the auxiliary the cue shows too.
    assert hop.content.text == "Tom Berg"


def test_people_near_a_place_speak_not_the_place():
    _, (hop,) = hops("Residents of the villages near the harbour said the water was brown.")
    assert hop.source.text == "Residents of the villages near the harbour"


@pytest.mark.parametrize("text, span, name", [
    # A time adverb or phrase opening the sentence says when, not who.
    ("Later Sanders said the ferry plan was dead.", "Sanders", "Sanders"),
    ("On Monday Sanders said the toll had failed.", "Sanders", "Sanders"),
    ("Meanwhile Ana Lopes said she would run for the harbour board.", "Ana Lopes", "Ana Lopes"),
    ("Separately Tom Berg said the fares were too high.", "Tom Berg", "Tom Berg"),
    ("Last week the pilots said the channel was silting up.", "the pilots", "pilots"),
    ("Yesterday officials said the pier was unsafe.", "officials", "officials"),
])
def test_a_time_adverb_opening_the_sentence_is_no_part_of_the_source(text, span, name):
    doc, (hop,) = hops(text)
    assert (hop.source.text, hop.source_name) == (span, name)
    assert [s.name for s in doc.sources] == ([name] if hop.source_kind == "person" else [])


@pytest.mark.parametrize("text, span", [
    ("Kelly Ayotte said the vote was close.", "Kelly Ayotte"),  # a first name, no adverb
    ("Monday's poll showed a tie, Tom Berg said.", "Tom Berg"),
    ("Monday night's vote was close, Tom Berg said.", "Tom Berg"),
])
def test_a_name_or_a_date_that_owns_the_phrase_stays(text, span):
    _, (hop,) = hops(text)
    assert hop.source.text == span


def test_a_weekday_before_a_surname_is_no_first_name():
    # The surname alone finds no full name "Monday Sanders" elsewhere in the text.
    doc, hops_ = hops("On Monday Sanders said the toll had failed. Later, Sanders said the vote was rigged.")
    assert [h.source_name for h in hops_] == ["Sanders", "Sanders"]
    assert [s.name for s in doc.sources] == ["Sanders"]


@pytest.mark.parametrize("text, cue, span, kind", [
    # A capitalised "-ly" word past the sentence's first is a name, an "-ly" noun a noun: no adverbs.
    ("Ann Kelly said the port would reopen in May.", "said", "Ann Kelly", "person"),
    ("An Associated Press tally shows that fares rose in nine of ten ports.", "shows",
     "An Associated Press tally", "document"),
    ("The family said the pier was unsafe.", "said", "The family", "anonymous"),
])
def test_an_ly_name_or_noun_is_no_adverb(text, cue, span, kind):
    _, (hop,) = hops(text, cue)
    assert (hop.source.text, hop.source_kind) == (span, kind)


@pytest.mark.parametrize("text, cue, content", [
    ("The fare rise was criticised last week by a narrow majority of the council.", "was criticised", "The fare rise"),
    ("The pier plan has been praised in recent months by most of the fishers.", "has been praised", "The pier plan"),
])
def test_an_inverted_cue_content_ends_before_the_auxiliaries_it_shows(text, cue, content):
    _, (hop,) = hops(text, cue)
    assert hop.content.text == content


@pytest.mark.parametrize("text, span", [
    # A relative clause after a demonstrative or a one-word clause describes the subject.
    ("Those who attended the meeting said it lasted two hours.", "Those who attended the meeting"),
    ("Several of those who attended said the plan was rushed.", "Several of those who attended"),
    # A participle and its phrase up to the verb stay with the subject.
    ("Fishermen interviewed by the Gazette said they could not afford the fees.",
     "Fishermen interviewed by the Gazette"),
])
def test_what_describes_the_subject_up_to_its_verb_stays_with_it(text, span):
    doc, (hop,) = hops(text)
    assert hop.source.text == span and hop.source_kind in ("anonymous", "vague")
    assert doc.sources == []


def test_a_verb_form_after_an_article_is_a_noun_of_the_phrase():
    from datasette_provenance.text import spans
    from datasette_provenance.text.extractor import Analysis
    from datasette_provenance.text.segment import sentences
    text = "The judge said the harbour would stay shut."
    an = Analysis(text, sentences(text))
    assert spans.np_right(an.tokens, 0, len(an.tokens.words)) == 2  # "The judge", not cut at "judge"


@pytest.mark.parametrize("text, cue, span, name", [
    ("Prime Minister Ana May said on Monday that the ferry deal was fair.", "said",
     "Prime Minister Ana May", "Ana May"),
    ("Ana May has said that the ferry deal was fair.", "has said", "Ana May", "Ana May"),
    ("In his column, Tom Will wrote that the levy was a mistake.", "wrote", "Tom Will", "Tom Will"),
    ("Will argues that the levy is a mistake.", "argues", "Will", "Will"),
])
def test_a_surname_that_is_also_a_modal_verb_is_no_auxiliary(text, cue, span, name):
    # A modal takes a bare verb ("may say"); before "said", "has", "wrote" it is a name.
    _, (hop,) = hops(text, cue)
    assert (hop.source.text, hop.source_name) == (span, name)


@pytest.mark.parametrize("text, cue, span", [
    ("The ministers may say that the ferry deal is fair.", "may say", "The ministers"),
    ("In May voters said the ferry deal was fair.", "said", "voters"),
    ("Will voters say that the levy is fair?", "say", "voters"),
])
def test_a_modal_verb_or_the_month_stays_what_it_is(text, cue, span):
    _, (hop,) = hops(text, cue)
    assert hop.source.text == span


@pytest.mark.parametrize("text, cue, span", [
    ("Ana Ruiz has sometimes acknowledged that the quay is unsafe.", "has sometimes acknowledged", "Ana Ruiz"),
    ("The harbour board has twice complained to the mayor about the levy.", "has twice complained to",
     "The harbour board"),
    ("Tom Berg seldom speaks of the levy.", "seldom speaks of", "Tom Berg"),
])
def test_an_adverb_of_frequency_belongs_to_the_verb_group(text, cue, span):
    _, (hop,) = hops(text, cue)
    assert hop.source.text == span
