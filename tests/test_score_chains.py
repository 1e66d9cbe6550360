"""Which chain a statement's score rests on, and when a deeper hop lifts it."""
import sqlite_utils

from datasette_provenance import rescore, store
from datasette_provenance.model import Article, Attribution, Document, Span, Statement
from datasette_provenance.pipeline import analyse
from datasette_provenance.score import primary_chain, score_statement

TEXT = "Officials said roads were shut, and Maria Lopez said bridges were open."


def hop(chain, depth, cue, source=None, kind="none", name=None):
    start = TEXT.index(cue)
    src = None
    if source:
        s = TEXT.index(source)
        src = Span(s, s + len(source), source)
    return Attribution(depth=depth, chain=chain, cue=Span(start, start + len(cue), cue),
                       source=src, source_kind=kind, source_name=name)


def two_chain_statement():
    return Statement(idx=0, start=0, end=len(TEXT), text=TEXT, attributions=[
        hop(0, 0, "said", "Officials", "vague"),
        hop(1, 0, "said bridges", "Maria Lopez", "person", "Maria Lopez"),
    ])


def test_statement_with_two_chains_rests_on_the_best_sourced_one():
    st = score_statement(two_chain_statement())
    assert [len(c) for c in st.chains()] == [1, 1]
    assert st.sourcing == "named"
    assert any("best sourced of 2" in r for r in st.reasons)
    # Two independent chains are not one two-hop chain: no hop penalty.
    assert not any("extra hop" in r for r in st.reasons)
    assert primary_chain(st)[0].source.text == "Maria Lopez"


def test_sibling_hops_cost_one_hop_not_two():
    # An outer cue with two hops side by side under it: depth 1, not a three-hop chain.
    st = score_statement(Statement(idx=0, start=0, end=len(TEXT), text=TEXT, attributions=[
        hop(0, 0, "Officials said", "Officials", "vague"),
        hop(0, 1, "said roads", "Officials", "vague"),
        hop(0, 1, "said bridges", "Maria Lopez", "person", "Maria Lopez"),
    ]))
    assert any("1 extra hop in the chain" in r for r in st.reasons), st.reasons


def test_a_speaker_nested_under_itself_costs_no_hop():
    # "Officials said A, saying B": the same voice twice, nothing passed on.
    same = score_statement(Statement(idx=0, start=0, end=len(TEXT), text=TEXT, attributions=[
        hop(0, 0, "Officials said", "Officials", "vague"),
        hop(0, 1, "said roads", "Officials", "vague"),
    ]))
    assert not any("extra hop" in r for r in same.reasons), same.reasons
    # The same shape with another voice inside costs one hop, and scores that much lower.
    other = score_statement(Statement(idx=0, start=0, end=len(TEXT), text=TEXT, attributions=[
        hop(0, 0, "Officials said", "Officials", "vague"),
        hop(0, 1, "said roads", "roads", "vague"),
    ]))
    assert any("1 extra hop in the chain" in r for r in other.reasons), other.reasons
    assert same.score - other.score == 6


def test_sourceless_hedge_is_not_lifted_by_a_named_speaker_inside_it():
    st = Statement(idx=0, start=0, end=len(TEXT), text=TEXT, attributions=[
        hop(0, 0, "said"),  # like "reportedly": no source at all
        hop(0, 1, "said bridges", "Maria Lopez", "person", "Maria Lopez"),
    ])
    score_statement(st)
    assert st.sourcing == "hedged"
    assert not any("chain reaches" in r for r in st.reasons)


def test_vague_source_that_names_its_origin_is_named():
    st = Statement(idx=0, start=0, end=len(TEXT), text=TEXT, attributions=[
        hop(0, 0, "said", "Officials", "vague"),
        hop(0, 1, "said bridges", "Maria Lopez", "person", "Maria Lopez"),
    ])
    score_statement(st)
    assert st.sourcing == "named"
    assert any("chain reaches person source 'Maria Lopez'" in r for r in st.reasons)


def test_seed_reportedly_is_hedged_and_gerasimov_chain_is_named(seed_text):
    doc = analyse(Article(text=seed_text))
    reportedly = doc.statements[1]
    assert reportedly.attributions[0].cue.text == "reportedly"
    assert reportedly.sourcing == "hedged"
    gerasimov = doc.statements[9]
    assert gerasimov.sourcing == "named"
    assert any("Valery Gerasimov" in r for r in gerasimov.reasons)


def test_rescore_from_rows_keeps_chains_apart(tmp_path):
    db = sqlite_utils.Database(str(tmp_path / "c.db"))
    store.ensure_schema(db)
    article = Article(text=TEXT, title="t")
    st = score_statement(two_chain_statement())
    store.save(db, article, Document(text=TEXT, statements=[st]), "test")
    row = db.execute("select id, score, sourcing, source_kind, chain_depth from statements").fetchone()
    assert row[2:] == ("named", "person", 1)
    [(sid, rebuilt, _)] = rescore.statements_from_rows(db.conn, [row[0]])
    assert [a.chain for a in rebuilt.attributions] == [0, 1]
    assert score_statement(rebuilt).score == row[1]


def test_hedge_that_is_the_cue_is_not_charged_twice_and_beats_nothing():
    text = "The minister reportedly resigned, allegedly after a row."
    cue = text.index("reportedly")
    other = text.index("allegedly")
    st = Statement(idx=0, start=0, end=len(text), text=text, attributions=[
        Attribution(depth=0, cue=Span(cue, cue + 10, "reportedly"), cue_kind="adverb")],
        hedges=[Span(cue, cue + 10, "reportedly"), Span(other, other + 9, "allegedly")])
    score_statement(st)
    hedge_reasons = [r for r in st.reasons if r.startswith("hedged by")]
    assert hedge_reasons == ["hedged by 'allegedly' (-5)"]
    bare = score_statement(Statement(idx=0, start=0, end=len(text), text=text))
    assert st.score > bare.score


def test_seed_reportedly_statement_scores_above_unattributed(seed_text):
    doc = analyse(Article(text=seed_text))
    unattributed = [s.score for s in doc.statements if s.sourcing == "unattributed" and not s.is_headline]
    assert doc.statements[1].score > max(unattributed)


def test_reasons_of_two_chains_say_which_one_the_score_rests_on():
    st = score_statement(two_chain_statement())
    attributed = [r for r in st.reasons if r.startswith("attributed to")]
    # One chain is scored and said so; the other is named as not scored, never as a base.
    assert attributed == ["attributed to person source 'Maria Lopez' via 'said bridges' (base 75)"]
    assert st.reasons[0].startswith("scored on the best sourced of 2 attribution chains")
    assert st.reasons[0].endswith("not scored: vague source 'Officials' via 'said'")
    assert sum("(base" in r for r in st.reasons) == 1


def test_a_vague_source_citing_a_named_one_is_one_reason_with_one_base():
    st = score_statement(Statement(idx=0, start=0, end=len(TEXT), text=TEXT, attributions=[
        hop(0, 0, "said", "Officials", "vague"),
        hop(0, 1, "said bridges", "Maria Lopez", "person", "Maria Lopez"),
    ]))
    based = [r for r in st.reasons if "(base" in r]
    assert based == ["attributed to vague source 'Officials' via 'said', whose chain reaches person source "
                     "'Maria Lopez': scored on that source (base 75, not vague 30)"]


def test_a_document_no_name_identifies_is_not_scored_as_named():
    def sourcing(text):
        return [s.sourcing for s in analyse(Article(text=text)).statements]

    # A poll or report the article names (or whose author it names) is a named source ...
    assert sourcing("A Velmora Herald poll found that most fishers back the quay.") == ["named"]
    assert sourcing("The Harbour Audit was published in May. The audit found the quay unsafe.") == \
        ["unattributed", "named"]
    # ... an unnamed one is described (anonymous) or, bare, vague.
    assert sourcing("A new poll found that most fishers back the quay.") == ["anonymous"]
    assert sourcing("Documents show that the quay was unsafe.") == ["vague"]
    assert sourcing("A new poll was published in May. The poll found that most fishers back the quay.") == \
        ["unattributed", "anonymous"]


def test_a_title_case_headline_names_no_document_by_its_capitals():
    def hops(text):
        doc = analyse(Article(text=text))
        return [(s.sourcing, [(a.source.text, a.source_kind, a.source_name) for a in s.attributions])
                for s in doc.statements]

    # "New Survey" is the headline's capitals: as described as the body's "a new survey".
    got = hops("New Survey Shows Ferry Fares Climbing\n"
               "A new survey shows that ferry fares rose. The survey found that students pay most.")
    assert [sourcing for sourcing, _ in got] == ["anonymous"] * 3
    # A word the body capitalises mid-sentence is a name in the headline too.
    got = hops("Harbour Audit Finds Cracks In Quay\nThe Harbour Audit was published in May.")
    assert got[0] == ("named", [("Harbour Audit", "document", "Harbour Audit")])
    # "the poll" is not the headline's "New Poll".
    got = hops("New Poll Shows Mayor Trailing\nThe mayor has lost ground. The poll found that most back the bridge.")
    assert all(name != "New Poll" for _, found in got[1:] for _, _, name in found)


def test_bare_plural_figures_are_vague_as_bare_documents_are():
    def kinds(text):
        return [a.source_kind for s in analyse(Article(text=text)).statements for a in s.attributions]

    # (were named documents, scored above "a new poll")
    assert kinds("Figures show that the quay is sinking.") == ["vague"]
    assert kinds("Data show that the quay is sinking.") == ["vague"]
    assert kinds("Official figures show that the quay is sinking.") == ["anonymous"]
    assert kinds("The Velmora Harbour Survey shows that the quay is sinking.") == ["document"]
