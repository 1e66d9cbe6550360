"""The scoring rubric: README in step with DEFAULT_WEIGHTS, and its orderings."""
import pytest

from conftest import ROOT
from datasette_provenance import score
from datasette_provenance.model import Attribution, Span, Statement


def test_readme_rubric_table_matches_default_weights():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert score.rubric_table() in readme
    assert set(score.WEIGHT_DOCS) == set(score.DEFAULT_WEIGHTS)


def statement(kind=None, hops=1, hedges=0, direct=False, name="Someone"):
    text = "x" * 40
    st = Statement(idx=1, start=0, end=len(text), text=text)
    if kind is not None:
        for depth in range(hops):
            # Each hop a voice of its own: a chain passing the claim on, not one speaker twice.
            who = name if depth == 0 else f"{name} {depth}"
            source = Span(0, 4, who) if kind not in ("none",) else None
            st.attributions.append(Attribution(depth=depth, cue=Span(5, 9, "said"), source=source,
                                               source_kind=kind, source_name=who if source else None,
                                               direct=direct))
    st.hedges = [Span(10, 11, "allegedly")] * hedges
    return st


def scored(st, **kw):
    return score.score_statement(st, **kw).score


def test_named_beats_anonymous_beats_vague_beats_hedge_only_beats_nothing():
    order = [scored(statement("person")), scored(statement("anonymous")),
             scored(statement("vague")), scored(statement("none", hedges=1)), scored(statement())]
    assert order == sorted(order, reverse=True) and len(set(order)) == 5


def test_hops_cost_quotes_earn_hedges_cost_capped():
    assert scored(statement("person", hops=2)) < scored(statement("person"))
    assert scored(statement("person", direct=True)) > scored(statement("person"))
    assert scored(statement("vague", hedges=1)) < scored(statement("vague"))
    w = score.DEFAULT_WEIGHTS
    assert scored(statement("person", hedges=10)) == scored(statement("person")) - w["hedge_penalty_cap"]


@pytest.mark.parametrize("letter", list("ABCDEF"))
def test_reliability_moves_score_and_reason_names_the_rating(letter):
    st = score.score_statement(statement("person", name="Valery Gerasimov"),
                               ratings={"Valery Gerasimov": letter})
    base = scored(statement("person", name="Valery Gerasimov"))
    assert st.score == base + score.DEFAULT_WEIGHTS[f"reliability_{letter}"]
    assert f"source 'Valery Gerasimov' rated {letter} ({score.RELIABILITY_WORDS[letter]})" in " ".join(st.reasons)


def test_outlet_rating_applies_to_unattributed_statements_too():
    plain = scored(statement(), outlet="Daily")
    rated = score.score_statement(statement(), outlet="Daily", outlet_ratings={"Daily": "A"})
    assert rated.score == plain + score.DEFAULT_WEIGHTS["outlet_reliability_A"]
    assert any("outlet 'Daily' rated A" in r for r in rated.reasons)


def test_configured_weights_override_and_unknown_ones_are_refused():
    assert scored(statement("vague"), weights={"base_vague": 33}) == 33
    with pytest.raises(ValueError, match="unknown scoring weight"):
        score.merged_weights({"nope": 1})
    with pytest.raises(ValueError, match="must be a number"):
        score.merged_weights({"hop_penalty": "six"})
