"""Chains (outermost first), speakers and aliases, hedges - on sentences of our own."""
import pytest

from datasette_provenance.text import extract


def chain_of(text, first_cue):
    """The hops of the chain whose depth-0 cue is ``first_cue``."""
    doc = extract(text)
    for statement in doc.statements:
        for a in statement.attributions:
            if a.depth == 0 and a.cue.text == first_cue:
                return [h for h in statement.attributions if h.chain == a.chain]
    raise AssertionError([a.cue.text for s in doc.statements for a in s.attributions])


def hops(chain):
    return [(h.depth, h.source.text if h.source else None, h.source_kind) for h in chain]


def test_according_to_reports_from_a_named_official():
    chain = chain_of("According to reports from the head of the coast guard, Lena Ortiz, the storm has passed.",
                     "According to")
    assert hops(chain) == [(0, "reports", "vague"), (1, "Lena Ortiz", "person")]
    assert chain[0].content.text == "the storm has passed"


@pytest.mark.parametrize("text, first, second", [
    ("According to a study by the Velmora Institute, fares doubled.", (0, "a study", "anonymous"),
     (1, "the Velmora Institute", "organisation")),
    ("According to reports from the port authority, the pier is closed.", (0, "reports", "vague"),
     (1, "the port authority", "organisation")),
    # A participle with its time says when the report came out, not who wrote it.
    ("According to a study by the Velmora Institute released on Thursday, the pier was unsafe.",
     (0, "a study", "anonymous"), (1, "the Velmora Institute", "organisation")),
])
def test_a_report_by_its_author_is_two_hops(text, first, second):
    assert hops(chain_of(text, "According to")) == [first, second]


@pytest.mark.parametrize("text, source", [
    # "of" names whom a poll asked or what a report is about: no second hop.
    ("According to a poll of 400 harbour workers, most back the new timetable.", "a poll of 400 harbour workers"),
    ("According to reports of a fire at the depot, the road is closed.", "reports of a fire at the depot"),
])
def test_a_report_of_its_subject_is_one_hop(text, source):
    chain = chain_of(text, "According to")
    assert [(h.depth, h.source.text) for h in chain] == [(0, source)]


def test_according_to_x_who_cited_y():
    chain = chain_of("According to Dr. Amal Rivers, who cited the 2019 Harbour Survey, the water is clean.", "According to")
    assert hops(chain) == [(0, "Dr. Amal Rivers", "person"), (1, "the 2019 Harbour Survey", "document")]


def test_citing_people_familiar_with_the_matter():
    chain = chain_of("Local radio reported, citing two people familiar with the matter, that the deal collapsed.",
                     "reported")
    assert [h.depth for h in chain] == [0, 1]
    # No name says which radio: an unnamed outlet is anonymous, not a named source.
    assert chain[0].source.text == "Local radio" and chain[0].source_kind == "anonymous"
    assert chain[1].cue.text == "citing"
    assert chain[1].source.text == "two people familiar with the matter"
    assert chain[1].source_kind == "anonymous"
    assert chain[1].content.text == "that the deal collapsed"
    # The outer hop reports the same clause, not "citing two people ..., that ...".
    assert chain[0].content.text == "that the deal collapsed"


@pytest.mark.parametrize("text, outer, cited, content", [
    ("The Velmora Herald reported the ferry was sold, citing two people close to the deal.",
     "The Velmora Herald", "two people close to the deal", "the ferry was sold"),
    ("Citing two harbour officials, the Velmora Herald reported that the ferry was sold.",
     "the Velmora Herald", "two harbour officials", "that the ferry was sold"),
    ("The Velmora Herald, citing a senior official, said the ferry was sold.",
     "The Velmora Herald", "a senior official", "the ferry was sold"),
])
def test_a_citing_phrase_is_where_its_reporter_got_the_clause(text, outer, cited, content):
    doc = extract(text)
    hops_ = [a for s in doc.statements for a in s.attributions]
    assert [(h.depth, h.source.text) for h in hops_] == [(0, outer), (1, cited)]
    assert [h.content.text for h in hops_] == [content, content]


@pytest.mark.parametrize("text, inner_cue, inner_source, inner_content", [
    ("Nobody has denied that the port is closing, the mayor said.", "has denied", "Nobody",
     "that the port is closing"),
    ("The harbour board admitted that the quay was unsafe, a spokeswoman told reporters.", "admitted",
     "The harbour board", "that the quay was unsafe"),
])
def test_a_cue_inside_a_content_before_its_speaker_is_a_deeper_hop(text, inner_cue, inner_source, inner_content):
    doc = extract(text)
    (statement,) = doc.statements
    outer, inner = statement.attributions
    assert outer.depth == 0 and outer.content.text == text[:text.index(",")]
    assert (inner.depth, inner.cue.text, inner.source.text) == (1, inner_cue, inner_source)
    assert inner.content.text == inner_content and inner.chain == outer.chain


def test_quoted_x_as_saying():
    chain = chain_of("The Herald quoted a senior official as saying the port would close.", "quoted")
    assert hops(chain) == [(0, "The Herald", "media"), (1, "a senior official", "anonymous")]
    assert chain[1].content.text == "the port would close"


def test_said_that_he_had_told():
    chain = chain_of("His lawyer said he had told investigators everything.", "said")
    assert [h.cue.text for h in chain] == ["said", "had told"]
    assert [h.depth for h in chain] == [0, 1]
    assert chain[1].source.text == "he"


def test_state_media_reported_that_the_president_said():
    chain = chain_of("State media reported that the president said the talks had failed.", "reported")
    # "State media" names no outlet: anonymous (README rubric), the chain the same.
    assert hops(chain) == [(0, "State media", "anonymous"), (1, "the president", "person")]
    assert chain[1].content.text == "the talks had failed"


def test_three_hops():
    chain = chain_of("The agency reported that the minister said the general had told him the war was over.",
                     "reported")
    assert [h.cue.text for h in chain] == ["reported", "said", "had told"]
    assert [h.depth for h in chain] == [0, 1, 2]


@pytest.mark.parametrize("text, second, source", [
    # A subject with its participle after ", and" says its own piece.
    ("Experts warn that the costs could double, and a study commissioned by the port authority found that "
     "the channel is silting.", "found", "a study commissioned by the port authority"),
    # The same speaker going on with "saying" is no hop under the first verb, as with "adding".
    ("Tom Berg disputed that figure, saying it was pure fantasy.", "saying", "Tom Berg"),
])
def test_a_second_attribution_in_the_sentence_is_a_chain_of_its_own(text, second, source):
    atts = extract(text).statements[0].attributions
    hop = next(a for a in atts if a.cue.text == second)
    assert hop.depth == 0 and hop.chain != atts[0].chain and hop.source.text == source


def test_independent_attributions_are_separate_chains():
    doc = extract("Ellen Marsh said the road was open, and Tom Berg said it was closed.")
    atts = doc.statements[0].attributions
    assert [a.cue.text for a in atts] == ["said", "said"]
    assert atts[0].chain != atts[1].chain
    assert [a.depth for a in atts] == [0, 0]


def test_pronoun_speakers_resolve_to_the_nearest_compatible_name():
    text = ("Mayor Ellen Marsh and Police Chief Tom Berg met on Monday.\n"
            "He said the streets were safe.\nShe said the budget was tight.\n"
            "Berg said more officers were needed.")
    doc = extract(text)
    names = [s.attributions[0].source_name for s in doc.statements[1:]]
    assert names == ["Tom Berg", "Ellen Marsh", "Tom Berg"]
    by_name = {s.name: s for s in doc.sources}
    assert "Berg" in by_name["Tom Berg"].aliases
    assert by_name["Tom Berg"].kind == "person"


def test_appositive_title_is_an_alias_of_the_same_source():
    text = ("Lena Ortiz, the head of the coast guard, said the storm had passed.\n"
            "Ortiz said the harbour would reopen.")
    doc = extract(text)
    ortiz = [s for s in doc.sources if s.name == "Lena Ortiz"]
    assert len(ortiz) == 1
    assert "the head of the coast guard" in ortiz[0].aliases and "Ortiz" in ortiz[0].aliases


@pytest.mark.parametrize("text, source", [
    ("A senior official said the talks had stalled.", "A senior official"),
    ("Two people familiar with the matter said the deal was off.", "Two people familiar with the matter"),
    # The head is "People", not the abstract noun after the preposition ("the move" alone
    # would be narration: "The move underscores ...").
    ("People familiar with the move said the deal was off.", "People familiar with the move"),
    ("People briefed on the situation say the deal was off.", "People briefed on the situation"),
    ("Officials close to the move said the deal was off.", "Officials close to the move"),
])
def test_anonymous_sources_stay_anonymous(text, source):
    doc = extract(text)
    a = doc.statements[0].attributions[0]
    assert a.source.text == source and a.source_kind == "anonymous"
    assert all(s.kind != "anonymous" for s in doc.sources)


@pytest.mark.parametrize("text, expected", [
    ("The harbour is reportedly behind schedule.", ["reportedly"]),
    ("The contractor allegedly ignored the so-called safety rules.", ["allegedly", "so-called"]),
    ("It is believed that the fire started early.", ["It is believed"]),
    ("Some say the perceived threat is overstated.", ["Some say", "perceived"]),
    ("Critics argue the plan is too costly.", ["Critics argue"]),
    ("The bridge opened on time.", []),
])
def test_hedges_per_statement(text, expected):
    doc = extract(text)
    assert [h.text for h in doc.statements[0].hedges] == expected


@pytest.mark.parametrize("text", [
    "A delegate who asked not to be named because the talks are secret said the quota would fall.",
    "A senior official, who asked not to be named, said the quota would fall.",
])
def test_a_relative_clause_of_the_speaker_does_not_enclose_the_speaker(text):
    # 'who asked not to be named' describes the speaker; the claim is the official's, one hop.
    said = chain_of(text, "said")
    assert hops(said)[0][0] == 0 and hops(said)[0][2] == "anonymous"
    assert len(said) == 1
    statement = extract(text).statements[0]
    assert all(a.depth == 0 for a in statement.attributions)


def test_a_relative_clause_inside_reported_speech_still_nests():
    chain = chain_of("The minister said that a delegate who asked not to be named had told him "
                     "the talks failed.", "said")
    assert [d for d, _, _ in hops(chain)][:1] == [0] and max(d for d, _, _ in hops(chain)) == 1


def test_a_speaker_inside_reports_from_x_is_reported_by_x():
    # X's reports carry what the officials said: reports -> X -> officials, one line.
    chain = chain_of("Officials said the new levy would fail, according to reports from Ines Varga.", "according to")
    assert hops(chain) == [(0, "reports", "vague"), (1, "Ines Varga", "person"), (2, "Officials", "vague")]
    assert chain[2].content.text == "the new levy would fail"


@pytest.mark.parametrize("text", [
    "According to the survey, which was published in May, the quay could collapse.",
    "According to Tilde Moss, who runs the ferry company, the quay could collapse.",
])
def test_a_relative_clause_after_according_to_x_is_no_part_of_the_content(text):
    chain = chain_of(text, "According to")
    assert chain[0].content.text == "the quay could collapse"


@pytest.mark.parametrize("text, content", [
    ("The senator said the general testified that the drills were routine.",
     "the general testified that the drills were routine"),
    ("Officials said the report found that the river was polluted.", "the report found that the river was polluted"),
    # A bare plural subject too (was one cue "said officials believe").
    ("The mayor said officials believe that the pier is sinking.", "officials believe that the pier is sinking"),
    ("The harbour chief said surveys show that the pier is sinking.", "surveys show that the pier is sinking"),
])
def test_a_second_subject_and_verb_after_a_cue_are_not_one_long_cue(text, content):
    # (was one cue "said the general testified", its content only "that the drills ...")
    first = extract(text).statements[0].attributions[0]
    assert (first.depth, first.cue.text, first.content.text) == (0, "said", content)


@pytest.mark.parametrize("text, cue", [
    ("The mayor said in a statement that the port was closed.", "said in a statement"),
    ("The ministry issued a statement saying the port was closed.", "issued a statement saying"),
])
def test_a_cue_running_over_a_preposition_or_onto_a_participle_stays_one_cue(text, cue):
    assert extract(text).statements[0].attributions[0].cue.text == cue


@pytest.mark.parametrize("text, hop", [
    ("Mayor Ellen Marsh said the police chief had confirmed that two officers were suspended.",
     ("had confirmed", "the police chief", "that two officers were suspended")),
    ("The senator said the general testified that the drills were routine.",
     ("testified", "the general", "that the drills were routine")),
    # A clause without "that", or an addressee before it.
    ("The engineer said the mayor insisted the bridge was safe.", ("insisted", "the mayor", "the bridge was safe")),
    ("Ana Ruiz said Tom Berg claimed the levy had failed.", ("claimed", "Tom Berg", "the levy had failed")),
    ("His lawyer said he had admitted to investigators that the ledger was forged.",
     ("had admitted", "he", "that the ledger was forged")),
])
def test_a_speaker_with_a_rarer_reporting_verb_and_a_clause_is_a_deeper_hop(text, hop):
    chain = chain_of(text, "said")
    assert [h.depth for h in chain] == [0, 1]
    assert (chain[1].cue.text, chain[1].source.text, chain[1].content.text) == hop


@pytest.mark.parametrize("text, hop", [
    ("Councilwoman Dana Pike said the fire marshal had warned that the hall was unsafe.",
     ("had warned", "the fire marshal")),
    ("Judge Carla Nunez wrote that the county clerk had admitted the ballots were lost.",
     ("had admitted", "the county clerk")),
])
def test_the_reported_clauses_own_subject_is_its_verbs_source_not_the_titled_speaker(text, hop):
    # The source ranker may score the sentence's titled name above the clause subject; the
    # subject right after the outer reporting verb (and "that") is the inner verb's.
    chain = chain_of(text, text.split()[3])
    assert [h.depth for h in chain] == [0, 1]
    assert (chain[1].cue.text, chain[1].source.text) == hop


def test_a_noun_phrase_and_a_clause_verb_after_a_cue_are_not_one_long_cue():
    first = extract("The minister said the envoy claimed the sanctions had failed.").statements[0].attributions[0]
    assert (first.cue.text, first.content.text) == ("said", "the envoy claimed the sanctions had failed")


@pytest.mark.parametrize("text", [
    "Florida state Governor Ana Ruiz had said the toll was unfair.",
    "The United States Navy had said the strait was open.",
])
def test_a_capitalised_or_bare_verb_form_in_a_name_opens_no_hop(text):
    atts = extract(text).statements[0].attributions
    assert [a.cue.text for a in atts] == ["had said"]


def test_an_addressee_after_to_leaves_the_content_at_that():
    atts = extract("The mayor admitted to reporters that the bridge was unsafe.").statements[0].attributions
    assert atts[0].content.text == "that the bridge was unsafe"


def test_quoting_its_source_is_where_the_reporter_got_it():
    chain = chain_of("Local radio reported, quoting an unnamed police source, that three men had been arrested.",
                     "reported")
    assert hops(chain) == [(0, "Local radio", "anonymous"), (1, "an unnamed police source", "anonymous")]
    assert all(h.content.text == "that three men had been arrested" for h in chain)


def test_a_tail_before_the_citing_phrase_is_no_content():
    chain = chain_of("The ministry said in a statement on Monday, citing internal data, that the fees were wrong.",
                     "said in a statement")
    assert [h.content.text for h in chain] == ["that the fees were wrong", "that the fees were wrong"]


@pytest.mark.parametrize("text, second, source", [
    # A verb group with its auxiliary after "and" goes on with the reported clause.
    ('Tom Berg said the council was "too slow" and had not explained how the fees would be paid.',
     "had not explained", "the council"),
    # A bare verb after "and" goes on with "said": the speaker's.
    ("Tom Berg said the council lied and demanded that it apologise.", "demanded", "Tom Berg"),
])
def test_a_verb_after_and_inside_a_reported_clause(text, second, source):
    hop = next(a for st in extract(text).statements for a in st.attributions if a.cue.text == second)
    assert hop.source.text == source
