"""Cues the model accepted that the structure around them makes doubtful (text/prune.py), on
sentences of our own: hops inside a content kept when the model is confident, dropped when
it is borderline or the outer cue is "according to"; rule-found cues and hops off a source
always stay; loose cues inside a content and model-found colons go."""
from datasette_provenance.text import extract
from datasette_provenance.text.prune import (HOP_MARGIN, HOP_MARGIN_UNDER_RULE, LOOSE_MARGIN, SPEECH_HOP_MARGIN,
                                             drop_doubtful_cues)
from datasette_provenance.text.extractor import Analysis, Cue
from datasette_provenance.text.segment import sentences

TEXT = "The chair said the board approved the plan and noted the cost."


def setup(margins):
    """The chair's 'said' (content: the rest) with 'approved' and 'noted' nested in it."""
    an = Analysis(TEXT, sentences(TEXT))
    low = an.tokens.lower
    said, approved, noted = (Cue(low.index(w), low.index(w) + 1, "verb", 0) for w in ("said", "approved", "noted"))
    said.content = (an.tokens.starts[said.hi], len(TEXT) - 1)
    approved.parent = said
    noted.parent = approved
    an.cue_margins = {low.index(w): m for w, m in margins.items()}
    an.cue_margins.setdefault(said.lo, 20.0)  # the model's own cue, unless a test says otherwise
    return an, [said, approved, noted]


def words(an, cues):
    return [an.tokens.lower[c.lo] for c in cues]


def test_a_borderline_inner_hop_is_dropped_and_its_own_hop_moves_up():
    an, cues = setup({"approved": HOP_MARGIN - 1, "noted": HOP_MARGIN + 3})
    kept = drop_doubtful_cues(an, cues)
    assert words(an, kept) == ["said", "noted"]
    assert kept[1].parent is kept[0]


def test_a_confident_inner_hop_stays():
    an, cues = setup({"approved": HOP_MARGIN + 1, "noted": HOP_MARGIN + 3})
    assert words(an, drop_doubtful_cues(an, cues)) == ["said", "approved", "noted"]


def test_an_inner_hop_a_rule_found_stays_whatever_the_margins():
    an, cues = setup({"noted": HOP_MARGIN + 3})  # 'approved' has no model margin: a rule's cue
    assert words(an, drop_doubtful_cues(an, cues)) == ["said", "approved", "noted"]


def test_hops_outside_their_parents_content_stay():
    an, cues = setup({"approved": 0.5, "noted": 0.5})
    cues[0].content = None  # hops off a source ("who cited"): no content encloses them
    assert words(an, drop_doubtful_cues(an, cues)) == ["said", "approved", "noted"]


def test_under_a_cue_the_rules_found_an_inner_hop_needs_a_higher_margin():
    between = (HOP_MARGIN + HOP_MARGIN_UNDER_RULE) / 2
    an, cues = setup({"approved": between, "noted": HOP_MARGIN_UNDER_RULE + 1})
    assert words(an, drop_doubtful_cues(an, cues)) == ["said", "approved", "noted"]
    an, cues = setup({"approved": between, "noted": HOP_MARGIN_UNDER_RULE + 1})
    del an.cue_margins[cues[0].lo]  # now 'said' is a rule's cue
    assert words(an, drop_doubtful_cues(an, cues)) == ["said", "noted"]


def test_under_a_rules_cue_a_hop_opening_reported_speech_keeps_the_lower_bar():
    # "admitted that ...": a chain; "approved the plan" above: words of what was said.
    text = "The chair said the board admitted that the plan had failed."
    an = Analysis(text, sentences(text))
    low = an.tokens.lower
    said, admitted = (Cue(low.index(w), low.index(w) + 1, "verb", 0) for w in ("said", "admitted"))
    said.content = (an.tokens.starts[said.hi], len(text) - 1)
    admitted.content = (an.tokens.starts[admitted.hi], len(text) - 1)
    admitted.parent = said
    assert SPEECH_HOP_MARGIN < HOP_MARGIN_UNDER_RULE
    for margin, expected in ((SPEECH_HOP_MARGIN + 1, ["said", "admitted"]), (SPEECH_HOP_MARGIN - 1, ["said"])):
        an.cue_margins = {admitted.lo: margin}  # 'said' is a rule's cue
        assert words(an, drop_doubtful_cues(an, [said, admitted])) == expected


def test_a_loose_cue_inside_another_content_needs_a_margin():
    for margin, expected in ((LOOSE_MARGIN - 1, ["said", "noted"]), (LOOSE_MARGIN + 1, ["said", "approved", "noted"])):
        an, cues = setup({"approved": margin, "noted": 30.0})
        cues[1].parent = None  # nesting left it out of the chain, yet it lies in the content
        cues[2].parent = None
        assert words(an, drop_doubtful_cues(an, cues)) == expected


def colon_cue(text):
    an = Analysis(text, sentences(text))
    at = an.tokens.words.index(":")
    return an, Cue(at, at + 1, "punctuation", 0)


def test_a_colon_only_the_model_accepted_is_dropped_a_rules_colon_stays():
    an, colon = colon_cue("Weather: rain all week, the forecasters said.")
    an.cue_margins = {colon.lo: 25.0}
    assert drop_doubtful_cues(an, [colon]) == []
    an.cue_margins = {}
    assert drop_doubtful_cues(an, [colon]) == [colon]


def test_a_colon_the_model_accepted_before_a_quotation_stays():
    an, colon = colon_cue("Harbour Pilots on the New Rules: \u201cWe Were Never Asked\u201d")
    an.cue_margins = {colon.lo: 25.0}
    assert drop_doubtful_cues(an, [colon]) == [colon]


def test_a_model_hop_inside_according_to_is_no_hop_of_its_own():
    doc = extract("According to the city's annual report, the mayor praised the new bridge.")
    cues = [(a.depth, a.cue.text) for s in doc.statements for a in s.attributions]
    assert cues == [(0, "According to")]


def test_a_speech_verb_inside_according_to_stays_a_hop():
    doc = extract("According to the memo, the governor said the budget was balanced.")
    cues = [(a.depth, a.cue.text, a.source.text) for s in doc.statements for a in s.attributions]
    assert cues == [(0, "According to", "the memo"), (1, "said", "the governor")]


def test_a_confident_speech_hop_inside_according_to_stays_a_hop():
    # Model-found inner verbs ("admitted", "complained" are no rule's) that open reported
    # speech with "that": a real chain, kept; "praised the new bridge" above is not speech.
    for text, cue, source in (
            ("According to the court filing, the refinery admitted that it had hidden the leak.",
             "admitted", "the refinery"),
            ("According to the ministry, the envoy complained that her visit had been cut short.",
             "complained", "the envoy")):
        doc = extract(text)
        hops = [(a.depth, a.cue.text, a.source.text) for s in doc.statements for a in s.attributions]
        assert hops[0][:2] == (0, "According to") and hops[1:] == [(1, cue, source)]


def test_a_sure_hop_inside_according_to_stays_a_hop_without_that():
    # "says" with its speaker named: the model is sure of it, "that" or not.
    doc = extract("The race goes on. Earlier on Tuesday, his aide, Tom Berg, says the streak is proof the "
                  "mayor can still win, according to the Norden Post. Voters left.")
    hops = [(a.depth, a.cue.text, a.source.text) for a in doc.statements[1].attributions]
    assert hops == [(0, "according to", "the Norden Post"), (1, "says", "his aide, Tom Berg")]


def first_person_cue(text, word, margin=10.0):
    """The cue ``word`` of ``text`` with the pronoun before it as its source, model-found."""
    an = Analysis(text, sentences(text))
    low = an.tokens.lower
    k = low.index(word)
    cue = Cue(k, k + 1, "verb", an.sentence_of(k))
    cue.src = (k - 1, k)
    an.cue_margins = {k: margin} if margin is not None else {}
    return an, cue


def test_a_model_cue_of_i_we_you_or_no_one_inside_a_quotation_is_the_quoted_speakers_words():
    for text, word in (("\u201cI think the pier is sinking,\u201d Lund said.", "think"),
                       ('Berg said: "We doubt the ferry will sail."', "doubt"),
                       ("Lund spoke first.\n\n\u201cThe harbour is ours. You know the levy is unfair.", "know")):
        an, cue = first_person_cue(text, word)
        assert drop_doubtful_cues(an, [cue]) == [], text
    an, cue = first_person_cue("\u201cWe must learn to believe that the pier can be saved,\u201d Lund said.", "believe")
    cue.src = None  # no speaker of its own
    assert drop_doubtful_cues(an, [cue]) == []


def test_a_cue_of_i_outside_a_quotation_or_found_by_the_rules_stays():
    an, cue = first_person_cue("I think the pier is sinking.", "think")
    assert drop_doubtful_cues(an, [cue]) == [cue]
    an, cue = first_person_cue('Lund said: "The pier is sinking." I think he is right.', "think")
    assert drop_doubtful_cues(an, [cue]) == [cue]
    an, cue = first_person_cue("\u201cI said the pier was sinking,\u201d Lund recalled.", "said", margin=None)
    assert drop_doubtful_cues(an, [cue]) == [cue]
    an, cue = first_person_cue("\u201cThe pier is sinking,\u201d Lund said. Berg agreed.", "agreed")
    assert drop_doubtful_cues(an, [cue]) == [cue]  # a speaker outside the quotation


def cue_words(text):
    return [a.cue.text for s in extract(text).statements for a in s.attributions]


def test_a_polls_respondents_are_no_hop_of_their_own():
    # What a share of those asked answered is the poll's finding: one attribution.
    assert cue_words("In a phone survey of 900 farmers last week, 38 percent of them said they "
                     "would sell their land.") == ["In"]
    assert cue_words("The Norden Post poll showed that a majority of voters say the harbour "
                     "should close.") == ["showed"]


def test_a_share_written_with_a_percent_sign_is_a_polls_respondents_too():
    # The source may stop at the number ("31"), leaving "%" after it.
    assert cue_words("In a phone survey of farmers last week, 31% of them said they would sell "
                     "their land.") == ["In"]


def test_a_digests_byline_colon_opens_an_excerpt_no_attribution():
    # '"Headline," by the Gazette's Ana Ruiz: "..."' quotes the linked article.
    assert cue_words('Read more. "Harbour museum to close at the end of May," by Gazette\'s Ana Ruiz: '
                     '"The harbour museum will close its doors next month."') == []
    assert cue_words('Ana Ruiz: "The harbour museum will close its doors next month."') == [":"]
