"""brat reader, matching rules and the `evaluate` command, on small brat files written here."""
import json

import pytest
from click.testing import CliRunner
from datasette.cli import cli

from datasette_provenance import text as text_module
from datasette_provenance.brat import AnnotatedText, gold_for, pair_files, parse_ann, parse_fragments, read_corpus
from datasette_provenance.evaluate import (
    Predicted, evaluate, format_report, gold_cue_kind, match, normalize, overlap, predictions,
)
from datasette_provenance.model import Attribution, Document, Span, Statement

TEXT = 'The mayor said the bridge was closed. Critics, however, argued: "It is open."\n'
#        0123456789012345678901234567890123456789012345678901234567890123456789012345678


def span(text, word, start=0):
    i = text.index(word, start)
    return i, i + len(word)


def ann_line(tid, label, fragments, text):
    frag = ";".join(f"{s} {e}" for s, e in fragments)
    return f"{tid}\t{label} {frag}\t{' '.join(text[s:e] for s, e in fragments)}"


def gold_ann(text=TEXT):
    """Two attributions; the second has a discontinuous cue and a Content2 part."""
    mayor, said = span(text, "The mayor"), span(text, "said")
    content1 = span(text, "the bridge was closed")
    critics, argued = span(text, "Critics"), span(text, "argued")
    colon = span(text, ":")
    quote = span(text, '"It is open."')
    lines = [
        ann_line("T1", "Source", [mayor], text),
        ann_line("T2", "Cue", [said], text),
        ann_line("T3", "Content", [content1], text),
        ann_line("T4", "Attribution", [said], text),
        "E1\tAttribution:T4 Cue:T2 Source:T1 Content:T3",
        ann_line("T5", "Source", [critics], text),
        ann_line("T6", "Cue", [argued, colon], text),
        ann_line("T7", "Content", [(quote[0], quote[0] + 7)], text),
        ann_line("T8", "Content", [(quote[0] + 7, quote[1])], text),
        ann_line("T9", "Attribution", [argued], text),
        "E2\tAttribution:T9 Cue:T6 Source:T5 Content:T7 Content2:T8",
        ann_line("T10", "Discard", [(0, 3)], text),
        "#1\tAnnotatorNotes T6\ta note",
        "E3\tAttribution-no-source:T11 ",
    ]
    return "\n".join(lines) + "\n"


def document(text, *attributions):
    doc = Document(text=text, statements=[Statement(0, 0, len(text), text)])
    doc.statements[0].attributions = list(attributions)
    return doc


def attribution(text, cue, source=None, content=None, kind="verb", depth=0):
    return Attribution(
        depth=depth, cue=Span.of(text, *cue), cue_kind=kind,
        source=Span.of(text, *source) if source else None,
        content=Span.of(text, *content) if content else None,
    )


# --- reader -----------------------------------------------------------------

def test_parse_fragments_discontinuous_sorted():
    assert parse_fragments("463 553;315 448") == ((315, 448), (463, 553))


def test_parse_ann_ties_spans_by_event_and_ignores_the_rest():
    gold = parse_ann(gold_ann())
    assert len(gold) == 2  # Discard, notes and the cue-less event are ignored
    first, second = gold
    assert TEXT[first.cue[0][0]:first.cue[0][1]] == "said"
    assert TEXT[slice(*first.source[0])] == "The mayor"
    assert [TEXT[s:e] for s, e in second.cue] == ["argued", ":"]
    # Content and Content2 together make the content.
    assert "".join(TEXT[s:e] for s, e in second.content) == '"It is open."'


def test_parse_ann_span_text_over_a_line_break_is_skipped():
    ann = "T1\tCue 4 8\tsaid\nT2\tContent 9 20\tfirst line\ncontinued\nE1\tAttribution:T1 Cue:T1 Content:T2\n"
    (gold,) = parse_ann(ann)
    assert gold.content == ((9, 20),) and gold.source == ()


def test_pair_files_handles_underscores_and_annotators():
    pairs = pair_files(["a_b", "a", "c"], ["a_b_x1.ann", "a_b_y2.ann", "a_z9.ann", "c.ann", "d_x.ann"])
    assert pairs == {"a_b": [("x1", "a_b_x1.ann"), ("y2", "a_b_y2.ann")],
                     "a": [("z9", "a_z9.ann")], "c": [("", "c.ann")]}


@pytest.fixture
def corpus(tmp_path):
    """One text, two annotators: x1 annotates both attributions, y2 only the first."""
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    # CRLF inside the text: offsets must count both characters.
    text = "Intro line.\r\n" + TEXT
    (tmp_path / "text" / "doc_one.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "text" / "unannotated.txt").write_text("Nothing here.", encoding="utf-8")
    full = gold_ann(text)
    first_only = "\n".join(line for line in full.splitlines() if line.split("\t")[0] in
                           {"T1", "T2", "T3", "T4", "E1"})
    (tmp_path / "attributions" / "doc_one_x1.ann").write_text(full, encoding="utf-8")
    (tmp_path / "attributions" / "doc_one_y2.ann").write_text(first_only, encoding="utf-8")
    return tmp_path, text


def test_read_corpus_one_entry_per_annotator_with_exact_offsets(corpus):
    path, text = corpus
    items = list(read_corpus(str(path)))
    assert [(i.name, i.annotator, len(i.attributions)) for i in items] == [
        ("doc_one", "x1", 2), ("doc_one", "y2", 1)]
    assert items[0].text == text
    cue = items[0].attributions[0].cue[0]
    assert text[cue[0]:cue[1]] == "said"


def test_annotator_policies(corpus):
    items = list(read_corpus(str(corpus[0])))
    assert [len(i.attributions) for i in gold_for(items, "each")] == [2, 1]
    (union,) = gold_for(items, "union")
    assert union.annotator == "x1+y2" and len(union.attributions) == 2
    (first,) = gold_for(items, "first")
    assert first.annotator == "x1"


# --- matching ---------------------------------------------------------------

def test_overlap_and_normalize():
    assert overlap(((0, 5), (10, 15)), ((4, 12),)) == 3
    assert overlap(((0, 5),), ((5, 9),)) == 0
    text = 'He said: "Yes, we will."'
    assert normalize(text, ((9, 24),)) == ((10, 22),)        # quotes and period trimmed
    assert normalize(text, ((7, 8),)) == ((7, 8),)           # a lone ":" stays
    assert normalize(text, ((0, 3), (3, 7))) == ((0, 7),)    # whitespace gap joined


def test_match_is_one_to_one_largest_overlap_first():
    gold = parse_ann("T1\tCue 0 10\tx\nE1\tAttribution:T1 Cue:T1\n"
                     "T2\tCue 20 30\tx\nE2\tAttribution:T2 Cue:T2\n")
    predicted = [Predicted(cue=((8, 22),)), Predicted(cue=((2, 9),)), Predicted(cue=((40, 41),))]
    # (1, 0) overlaps gold 0 by 7 > (0, 0) by 2; predicted 0 then takes gold 1.
    assert match(predicted, gold) == [(0, 1), (1, 0)]
    # Two predictions on one gold cue: only one matches.
    assert len(match([Predicted(cue=((0, 3),)), Predicted(cue=((4, 6),))], gold[:1])) == 1


def test_predictions_flatten_chains_and_dedupe_by_cue():
    text = "Reports said officials told him so."
    said, told = span(text, "said"), span(text, "told")
    doc = Document(text=text, statements=[Statement(0, 0, len(text), text),
                                          Statement(1, 0, len(text), text)])
    doc.statements[0].attributions = [attribution(text, said, kind="verb"),
                                      attribution(text, told, depth=1)]
    doc.statements[1].attributions = [attribution(text, said, kind="noun")]
    result = predictions(doc)
    assert [p.cue for p in result] == [(said,), (told,)]
    assert result[0].kind == "verb"


def test_outermost_hops_leave_out_deeper_hops_of_every_chain():
    text = "Reports said officials told him so."
    said, told = span(text, "said"), span(text, "told")
    doc = document(text, attribution(text, said), attribution(text, told, depth=1))
    assert [p.cue for p in predictions(doc, hops="outermost")] == [(said,)]
    with pytest.raises(ValueError):
        predictions(doc, hops="deepest")
    # Against gold that marks only "said", the deeper hop is a false positive by default.
    gold = [AnnotatedText(name="r", annotator="a", text=text, attributions=parse_ann("\n".join([
        ann_line("T1", "Cue", [said], text), ann_line("T2", "Attribution", [said], text),
        "E1\tAttribution:T2 Cue:T1"])))]
    every = evaluate(gold, lambda t: doc)
    outermost = evaluate(gold, lambda t: doc, hops="outermost")
    assert every["overlap"]["cue"]["precision"] == 0.5 and every["hops"] == "all"
    assert outermost["overlap"]["cue"]["precision"] == 1.0
    assert "hops scored: outermost" in format_report(outermost)
    assert "hops scored" not in format_report(every)


def test_overlap_versus_exact_scores():
    text = TEXT
    gold = [gold_for_text(text)]
    mayor, said = span(text, "The mayor"), span(text, "said")
    critics, argued = span(text, "Critics"), span(text, "argued")
    predict = lambda t: document(  # noqa: E731
        t,
        # exact cue, source overlaps but is longer, content exact up to punctuation
        attribution(t, said, source=(0, mayor[1] + 5), content=span(t, "the bridge was closed.")),
        # cue overlaps (one fragment of two), source exact, no content
        attribution(t, argued, source=critics),
        # a spurious cue
        attribution(t, span(t, "open"), kind="other"),
    )
    report = evaluate(gold, predict)
    o, x = report["overlap"], report["exact"]
    assert (o["cue"]["correct"], o["cue"]["predicted"], o["cue"]["gold"]) == (2, 3, 2)
    assert o["cue"]["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert o["cue"]["recall"] == 1.0
    assert o["source"]["correct"] == 2 and o["content"]["correct"] == 1
    assert o["content"]["precision"] == 1.0 and o["content"]["recall"] == 0.5
    # Exact: "said" yes, "argued" vs "argued … :" no; source "Critics" yes, mayor no.
    assert x["cue"]["correct"] == 1 and x["source"]["correct"] == 1
    assert x["content"]["correct"] == 1
    assert report["missed_cues"] == []
    assert report["false_cues"] == [{"cue": "open", "count": 1}]
    kinds = report["by_cue_kind"]
    assert kinds["verb"]["predicted"] == 2 and kinds["verb"]["precision"] == 1.0
    assert kinds["other"]["precision"] == 0.0
    assert kinds["verb"]["gold"] == 2 and kinds["verb"]["recall"] == 1.0


def gold_for_text(text):
    from datasette_provenance.brat import AnnotatedText
    return AnnotatedText(name="t", annotator="a", text=text, attributions=parse_ann(gold_ann(text)))


def test_missed_cues_are_counted_and_nothing_predicted_scores_zero():
    report = evaluate([gold_for_text(TEXT), gold_for_text(TEXT)], lambda t: Document(text=t))
    assert report["overlap"]["cue"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0,
                                        "correct": 0, "predicted": 0, "gold": 4}
    assert {m["cue"]: m["count"] for m in report["missed_cues"]} == {"said": 2, "argued :": 2}
    assert "precision" in format_report(report)


@pytest.mark.parametrize("cue,kind", [
    ("said", "verb"), ("has said", "verb"), ("According to", "according_to"),
    (":", "punctuation"), ("―", "punctuation"), ("reportedly", "adverb"),
    ("is expected", "passive"), ("was asked", "passive"), ("saying", "participle"),
    ("reports", "noun"), ("a statement", "noun"), ("in", "other"),
    ("to call for", "verb"), ("to be seen", "passive"), ("to", "other"),
])
def test_gold_cue_kind(cue, kind):
    assert gold_cue_kind(cue) == kind


# --- command ----------------------------------------------------------------

def test_cli_prints_report_and_writes_json(corpus, tmp_path, monkeypatch):
    path, text = corpus

    def fake_extract(t):
        return document(t, attribution(t, span(t, "said"), source=span(t, "The mayor")))

    monkeypatch.setattr(text_module, "extract", fake_extract)
    out = tmp_path / "report.json"
    result = CliRunner().invoke(cli, ["provenance", "evaluate", str(path), "--json", str(out),
                                      "--misses", "5"])
    assert result.exit_code == 0, result.output
    assert "precision" in result.output and "by cue kind" in result.output
    assert "argued :" in result.output  # the missed cue of annotator x1
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["documents"] == 2 and report["annotators"] == "each"
    # each: x1 has 2 gold, y2 has 1; the one prediction matches "said" in both.
    assert report["overlap"]["cue"]["gold"] == 3
    assert report["overlap"]["cue"]["correct"] == 2
    assert report["overlap"]["source"]["correct"] == 2
    assert report["exact"]["cue"]["correct"] == 2

    union = CliRunner().invoke(cli, ["provenance", "evaluate", str(path), "--annotators",
                                     "union", "--json", "-"])
    assert union.exit_code == 0, union.output
    assert json.loads(union.output)["overlap"]["cue"]["gold"] == 2

    flat = CliRunner().invoke(cli, ["provenance", "evaluate", str(path), "--hops", "outermost"])
    assert flat.exit_code == 0 and "hops scored: outermost" in flat.output
    bad = CliRunner().invoke(cli, ["provenance", "evaluate", str(path), "--hops", "inner"])
    assert bad.exit_code != 0 and "--hops" in bad.output


def test_cli_runs_the_real_extractor_and_rejects_bad_layout(corpus, tmp_path):
    result = CliRunner().invoke(cli, ["provenance", "evaluate", str(corpus[0]), "--json", "-"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["overlap"]["cue"]["gold"] == 3
    assert set(report["overlap"]) == {"cue", "source", "content"}
    empty = tmp_path / "empty"
    empty.mkdir()
    bad = CliRunner().invoke(cli, ["provenance", "evaluate", str(empty)])
    assert bad.exit_code != 0 and "text/*.txt" in bad.output
