"""Hops inside another cue's content that only the cue model found, on sentences of our own:
kept when the model is confident, dropped when it is borderline or the outer cue is
"according to"; rule-found hops and hops off a source always stay."""
from datasette_provenance.text import extract
from datasette_provenance.text.chains import NESTED_MARGIN, drop_doubtful_hops
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
    return an, [said, approved, noted]


def words(an, cues):
    return [an.tokens.lower[c.lo] for c in cues]


def test_a_borderline_inner_hop_is_dropped_and_its_own_hop_moves_up():
    an, cues = setup({"approved": NESTED_MARGIN - 1, "noted": NESTED_MARGIN + 3})
    kept = drop_doubtful_hops(an, cues)
    assert words(an, kept) == ["said", "noted"]
    assert kept[1].parent is kept[0]


def test_a_confident_inner_hop_stays():
    an, cues = setup({"approved": NESTED_MARGIN + 1, "noted": NESTED_MARGIN + 3})
    assert words(an, drop_doubtful_hops(an, cues)) == ["said", "approved", "noted"]


def test_an_inner_hop_a_rule_found_stays_whatever_the_margins():
    an, cues = setup({"noted": NESTED_MARGIN + 3})  # 'approved' has no model margin: a rule's cue
    assert words(an, drop_doubtful_hops(an, cues)) == ["said", "approved", "noted"]


def test_hops_outside_their_parents_content_stay():
    an, cues = setup({"approved": 0.5, "noted": 0.5})
    cues[0].content = None  # hops off a source ("who cited"): no content encloses them
    assert words(an, drop_doubtful_hops(an, cues)) == ["said", "approved", "noted"]


def test_a_model_hop_inside_according_to_is_no_hop_of_its_own():
    doc = extract("According to the city's annual report, the mayor praised the new bridge.")
    cues = [(a.depth, a.cue.text) for s in doc.statements for a in s.attributions]
    assert cues == [(0, "According to")]


def test_a_speech_verb_inside_according_to_stays_a_hop():
    doc = extract("According to the memo, the governor said the budget was balanced.")
    cues = [(a.depth, a.cue.text, a.source.text) for s in doc.statements for a in s.attributions]
    assert cues == [(0, "According to", "the memo"), (1, "said", "the governor")]
