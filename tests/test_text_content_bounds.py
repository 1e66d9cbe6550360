"""Where a content span ends: commas that do not end a noun-phrase content (digit groups,
places, years, an aside before the clause's verb), quotations that run on past the sentence.
Sentences of our own."""
import pytest

from datasette_provenance.text import extract


def hops(text, cue):
    doc = extract(text)
    found = [a for st in doc.statements for a in st.attributions if a.cue.text == cue]
    for hop in found:
        assert text[hop.content.start:hop.content.end] == hop.content.text
    return found


@pytest.mark.parametrize("text, cue, content", [
    # A comma between digits groups them.
    ("The harbour report notes the port handles 20,000 boats of the 70,000 in the region.", "notes",
     "the port handles 20,000 boats of the 70,000 in the region"),
    ("When Tom Berg noted the port handles 20,000 boats a year, the council applauded.", "noted",
     "the port handles 20,000 boats a year"),
    # A place or a party tag after a name, a year after a date.
    ("Ana Ruiz praised the ferry crews of Wellan, Norland.", "praised", "the ferry crews of Wellan, Norland"),
    ("Tom Berg recalled the storm of March 3, 2019 that closed the pier.", "recalled",
     "the storm of March 3, 2019 that closed the pier"),
    # The noun phrase is a clause's subject: the aside between commas is part of it.
    ("Tom Berg said the ruling, which struck down the levy, shows the council overreached.", "said",
     "the ruling, which struck down the levy, shows the council overreached"),
    ("Ana Ruiz said the fishers, angry about the levy, wanted a vote.", "said",
     "the fishers, angry about the levy, wanted a vote"),
])
def test_a_comma_that_does_not_end_the_content(text, cue, content):
    (hop,) = hops(text, cue)
    assert hop.content.text == content


@pytest.mark.parametrize("text, cue, content", [
    # An aside about a noun-phrase content still ends it.
    ("Ana Ruiz bemoaned the loss of the pier, a place she loved as a child.", "bemoaned", "the loss of the pier"),
    ("Tom Berg praised the new quay, which opened in May.", "praised", "the new quay"),
])
def test_an_aside_after_a_noun_phrase_content_is_not_part_of_it(text, cue, content):
    (hop,) = hops(text, cue)
    assert hop.content.text == content


def test_a_quotation_opened_inside_the_content_runs_on_past_the_sentence():
    text = 'Ana Ruiz said the ferry plan was "a gamble with the island\'s future. The fishers will pay." She left.'
    doc = extract(text)
    said = [a for st in doc.statements for a in st.attributions if a.cue.text == "said"]
    assert said
    quoted = 'the ferry plan was "a gamble with the island\'s future. The fishers will pay."'
    assert {hop.content.text for hop in said} == {quoted}
    # The quotation's second sentence is Ana Ruiz's too; the narration after it is nobody's.
    second, third = doc.statements[1], doc.statements[2]
    assert second.text == 'The fishers will pay."' and second.attributions
    assert third.text == "She left." and not third.attributions


@pytest.mark.parametrize("text, cue, content", [
    # A relative clause closing a clausal content is the narrator's aside about its noun.
    ("Tom Berg said the council will rebuild the pier, which storms wrecked in May.", "said",
     "the council will rebuild the pier"),
    ("Ana Ruiz said she would vote for Lena Holm, who runs the ferry line.", "said",
     "she would vote for Lena Holm"),
    ("The harbour master told reporters that the quay will reopen, which surprised the fishers.", "told",
     "that the quay will reopen"),
])
def test_a_relative_clause_after_the_content_is_the_narrators(text, cue, content):
    (hop,) = hops(text, cue)
    assert hop.content.text == content


@pytest.mark.parametrize("text, cue, content", [
    # Between a subject and its verb, or before an infinitive, the clause is inside the content.
    ("Tom Berg said the levy, which passed in 2019, is too high.", "said", "the levy, which passed in 2019, is too high"),
    ("Ana Ruiz said Lena Holm, who earns $40,000 a year, pays the levy.", "said",
     "Lena Holm, who earns $40,000 a year, pays the levy"),
    ("Ana Ruiz asked Lena Holm, who runs the ferry line, to lower the fares.", "asked",
     "Lena Holm, who runs the ferry line, to lower the fares"),
    # The speaker's own words keep their relative clause.
    ('Tom Berg said he would "rebuild the pier, which the storm wrecked."', "said",
     'he would "rebuild the pier, which the storm wrecked."'),
])
def test_a_relative_clause_inside_the_content_stays(text, cue, content):
    (hop,) = hops(text, cue)
    assert hop.content.text == content


@pytest.mark.parametrize("text, cue, content", [
    # A comma between the items of a list does not end a noun-phrase content.
    ("Ana Ruiz made no mention of the pier, its levy or the ferry.", "made no mention of",
     "the pier, its levy or the ferry"),
    ("Tom Berg praised the crews of Wellan, Norby and Tarn.", "praised", "the crews of Wellan, Norby and Tarn"),
    ("Ana Ruiz criticized the fees, the delays, the closures and the noise at the port.", "criticized",
     "the fees, the delays, the closures and the noise at the port"),
])
def test_a_list_goes_on_past_its_commas(text, cue, content):
    (hop,) = hops(text, cue)
    assert hop.content.text == content


@pytest.mark.parametrize("text, cue, content", [
    # One noun phrase after an article before "and" is an apposition; "with" opens a circumstance.
    ("Tom Berg praised Lena Holm, the harbour master and ferry pilot.", "praised", "Lena Holm"),
    ("Ana Ruiz described a town of two halves, with the port in ruins and the hills thriving.", "described",
     "a town of two halves"),
])
def test_an_apposition_or_circumstance_still_ends_the_content(text, cue, content):
    (hop,) = hops(text, cue)
    assert hop.content.text == content


@pytest.mark.parametrize("text, cue, content", [
    # A quotation opening mid-sentence before its cue finishes the narrator's clause: the
    # words before it are part of what the speaker is reported to say.
    ('The new levy "is a disgrace to this harbour," Ana Ruiz said.', "said",
     'The new levy "is a disgrace to this harbour,"'),
    ('In the end, the ferry plan was "a gamble we lost," Tom Berg said on Monday.', "said",
     'In the end, the ferry plan was "a gamble we lost,"'),
])
def test_the_lead_in_to_a_quotation_is_part_of_the_content(text, cue, content):
    (hop,) = hops(text, cue)
    assert hop.content.text == content


@pytest.mark.parametrize("text, cue, content", [
    # A quotation that opens the sentence, or follows a colon, is the content alone.
    ('"The levy is a disgrace," Ana Ruiz said.', "said", '"The levy is a disgrace,"'),
    ('The mayor had one answer for the fishers: "We will rebuild the pier," Tom Berg said.', "said",
     '"We will rebuild the pier,"'),
    # Nor after a dash or a comma and a coordinator: the narrator's clause before it is done.
    ('Ana Ruiz was blunt — "We are not going back," she said — and the fishers cheered.', "said",
     '"We are not going back,"'),
    ('Ana Ruiz was blunt, and "we are not going back," she said.', "said", '"we are not going back,"'),
])
def test_a_quotation_without_a_lead_in_is_the_content_alone(text, cue, content):
    (hop,) = hops(text, cue)
    assert hop.content.text == content


def pieces(text, cue):
    return [[p.text for p in hop.content_parts] or [hop.content.text] for hop in hops(text, cue)]


@pytest.mark.parametrize("text, cue, content", [
    # The relative pronoun stands for what the content is about: its first piece.
    ("The council passed the levy, which the fishers said was unfair.", "said", ["which", "was unfair"]),
    ("She named Lena Holm, whom he described as a fair pilot.", "described",
     ["whom", "as a fair pilot"]),
    ("The crews back the new quay, which is expected to open in May.", "is expected", ["which", "to open in May"]),
])
def test_a_relative_pronoun_before_the_cue_is_the_contents_first_piece(text, cue, content):
    assert pieces(text, cue) == [content]


@pytest.mark.parametrize("text, cue, content", [
    # The relative that speaks, or a relative after a preposition, is no part of the content.
    ("The fishers met Lena Holm, who said the levy was unfair.", "said", ["the levy was unfair"]),
    ("The fishers held a rally at which Ana Ruiz said the levy was unfair.", "said", ["the levy was unfair"]),
])
def test_a_relative_pronoun_that_speaks_is_not_the_content(text, cue, content):
    assert pieces(text, cue) == [content]


def test_a_lead_in_keeps_the_quotation_direct_and_its_continuation():
    text = 'The new levy "is a disgrace," Ana Ruiz said. "The fishers cannot pay it."\n\nThe council met.'
    found = hops(text, "said")
    assert len(found) == 2  # the quotation's second sentence is hers too
    hop = found[0]
    assert hop.direct
    assert [p.text for p in hop.content_parts] == ['The new levy "is a disgrace,"', '"The fishers cannot pay it."']


def test_a_relative_pronoun_piece_keeps_a_quotation_direct():
    (hop,) = hops('The council passed the levy, which Ana Ruiz called "a disgrace."', "called")
    assert [p.text for p in hop.content_parts] == ["which", '"a disgrace."']
    assert hop.direct


@pytest.mark.parametrize("text, cue, content", [
    # What "reportedly" reports is its sentence around it, in two pieces.
    ("The harbour board is reportedly weighing a new levy.", "reportedly",
     ["The harbour board is", "weighing a new levy"]),
    ("Reportedly, the ferry line will close in May.", "Reportedly", ["the ferry line will close in May"]),
])
def test_an_adverb_cue_reports_the_sentence_around_it(text, cue, content):
    assert pieces(text, cue) == [content]


@pytest.mark.parametrize("text, cue, content", [
    # After "refer", "point", "respond" ... the "to" is a preposition, part of the cue.
    ("Ana Ruiz referred to rising fees at the harbour.", "referred to", "rising fees at the harbour"),
    ("Tom Berg pointed to costs that the council had hidden.", "pointed to", "costs that the council had hidden"),
    ("Lena Holm replied to critics of the levy.", "replied to", "critics of the levy"),
])
def test_a_preposition_after_the_cue_is_part_of_it(text, cue, content):
    (hop,) = hops(text, cue)
    assert hop.content.text == content


@pytest.mark.parametrize("text, cue, content", [
    # A preposition that introduces what the cue is about is shown with it.
    ("Ana Ruiz hinted at a new levy for the harbour.", "hinted at", "a new levy for the harbour"),
    ("Tom Berg remarked upon the state of the pier.", "remarked upon", "the state of the pier"),
    ("The fishers spoke out about the ferry plan.", "spoke out about", "the ferry plan"),
])
def test_a_preposition_that_opens_what_the_cue_is_about_is_part_of_it(text, cue, content):
    (hop,) = hops(text, cue)
    assert hop.content.text == content


@pytest.mark.parametrize("text, cue", [
    # Only where or when follows the cue: the words said are elsewhere, no content here.
    ("Ana Ruiz later responded on the radio, telling listeners that the port would reopen.", "later responded"),
    ("Ana Ruiz spoke at a rally in Porto, saying the port would reopen.", "spoke"),
])
def test_a_tail_of_where_or_when_is_no_content(text, cue):
    found = [a for st in extract(text).statements for a in st.attributions]
    (hop,) = [a for a in found if a.cue.text == cue]
    assert hop.content is None
    # The participle after it keeps the words said.
    assert found[-1].content.text == "the port would reopen" or found[-1].content.text.endswith("the port would reopen")
