"""`datasette provenance train` retrains the scorers from any brat corpus, deterministically."""
import json

from click.testing import CliRunner
from datasette.cli import cli

from datasette_provenance.text.model import Model
from datasette_provenance.text import extractor, model as text_model
from datasette_provenance.text.segment import sentences

TEXT = ("Harbour Plan Divides Town\n\nThe mayor said the harbour would open in May. "
        "Ellen Marsh told reporters that fees would rise. The river rose overnight.\n")


def _span(text, part):
    start = text.index(part)
    return start, start + len(part)


def write_corpus(root):
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for copy in ("a", "b", "c"):
        (root / "text" / f"harbour{copy}.txt").write_text(TEXT, encoding="utf-8")
    lines = []
    n = 0
    for source, cue, content in [("The mayor", "said", "the harbour would open in May"),
                                 ("Ellen Marsh", "told", "fees would rise")]:
        ids = []
        for role, part in (("Source", source), ("Cue", cue), ("Content", content)):
            n += 1
            start, end = _span(TEXT, part)
            lines.append(f"T{n}\t{role} {start} {end}\t{part}")
            ids.append((role, f"T{n}"))
        n += 1
        start, end = _span(TEXT, cue)
        lines.append(f"T{n}\tAttribution {start} {end}\t{cue}")
        lines.append(f"E{n}\tAttribution:T{n} " + " ".join(f"{r}:{t}" for r, t in ids))
    for copy in ("a", "b", "c"):
        (root / "attributions" / f"harbour{copy}_ab12.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_train_writes_a_deterministic_model_without_corpus_text(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus)
    runner = CliRunner()
    outputs = []
    for name in ("a.json", "b.json"):
        result = runner.invoke(cli, ["provenance", "train", str(corpus), "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        outputs.append((tmp_path / name).read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    data = json.loads(outputs[0])
    assert set(data) >= {"rates", "cue", "source"}
    assert "said" in data["rates"]
    # Features are single words, shapes and positions: no sentence of the corpus is stored.
    assert "the harbour would open" not in outputs[0]
    assert "fees would rise" not in outputs[0]
    # The trained model plugs into the extractor.
    trained = Model(data)
    an = extractor.Analysis(TEXT, sentences(TEXT))
    found = trained.cue_candidates(an)
    assert all(0 <= i < len(an.tokens.words) for i, _, _ in found)


def test_shipped_model_is_loaded():
    assert text_model.load_model() is not None


def test_loaded_weights_are_the_files_weights():
    """The model shares equal weights' floats for speed (shared_floats) without changing one."""
    with open(text_model.MODEL_PATH, encoding="utf-8") as handle:
        data = json.load(handle)
    loaded = text_model.load_model()
    assert loaded.cue == data["cue"] and loaded.source == data["source"]
    shared = text_model.shared_floats({"a": 1.5, "b": float("1.5"), "c": -0.2})
    assert shared == {"a": 1.5, "b": 1.5, "c": -0.2} and shared["a"] is shared["b"]


def test_cue_features_see_a_likely_cue_earlier_in_the_sentence():
    """A word after "X said that ..." may sit in that cue's content (PolNeAR leaves such nested
    words unannotated far more often): the scorer sees the earlier cue, what lies between,
    and how many verbs precede the word in its clause."""
    from datasette_provenance.text.learn import cue_features

    rates = {"said": 0.9, "believes": 0.4}

    def features(text):
        an = extractor.Analysis(text, sentences(text))
        i = an.tokens.lower.index("believes")
        lo, hi = an.sent_tokens[an.sentence_of(i)]
        return {f for f in cue_features(an, i, rates, lo, hi) if f.startswith(("lc=", "vb=", "far="))}

    alone = features("The mayor believes the harbour will open in May.")
    nested = features("Aides said that the mayor believes the harbour will open in May.")
    assert "lc=-" in alone and "vb=0" in alone
    assert any(f.startswith("lc=T") for f in nested) and "vb=1" in nested


def _cues_with(weights, text, source=None):
    """(cue text, kind) of the cues a hand-made model keeps in ``text``."""
    m = Model({"rates": {"glimmered": 0.5}, "cue": weights, "source": source or {}, "threshold": 0.0})
    an = extractor.Analysis(text, sentences(text))
    cues = extractor.find_cues(an, m)
    for cue in cues:
        extractor.attach_spans(an, cue, m)
    return [(text[an.tokens.starts[c.lo]:an.tokens.ends[c.hi - 1]], c.kind) for c in cues]


def test_a_verb_with_no_source_needs_a_clear_margin():
    text = "Later the old lamp glimmered across the bay."
    # No source weights: the ranker finds no source for "glimmered".
    near = _cues_with({"w=glimmered": extractor.NO_SOURCE_MARGIN / 2}, text)
    clear = _cues_with({"w=glimmered": extractor.NO_SOURCE_MARGIN * 2}, text)
    assert near == [("glimmered", "rejected")]
    assert clear == [("glimmered", "verb")]


def test_a_verb_near_the_threshold_with_a_source_is_kept():
    text = "Ana Ruiz glimmered that the bay was calm."
    weights = {"w=glimmered": extractor.NO_SOURCE_MARGIN / 2}
    # A source ranker that picks a capitalised word just before the cue.
    assert _cues_with(weights, text, {"shL=CAP": 5.0, "d=-1": 5.0}) == [("glimmered", "verb")]


def test_a_cue_the_rules_keep_needs_no_margin():
    # "said" after a name is a sure cue: never scored, never rejected for want of a source.
    text = "Ana Ruiz said the bay was calm."
    assert ("said", "verb") in _cues_with({}, text)


def test_a_token_not_starting_with_a_letter_is_never_a_candidate():
    # Whatever share of a token's occurrences a corpus put inside cues: numbers,
    # brackets and handles are no cue words; the punctuation cues stay candidates.
    forms = text_model.candidate_forms({"43": 0.9, "2007": 0.5, "5th": 0.4, "[": 0.6, "@": 0.3,
                                        "co-sponsored": 0.5, "grumbled": 0.3})
    assert {"43", "2007", "5th", "[", "@"}.isdisjoint(forms)
    assert {"co-sponsored", "grumbled", ":", "—", "according"} <= forms


def test_a_number_in_a_headline_is_no_cue():
    from datasette_provenance.text import extract

    for text in ("Harbour report 43\n\nThe river rose overnight.",
                 "Ferry count 2007\n\nThe river rose overnight.",
                 "Harbour report 43\n\nThe mayor said the ferry would run."):
        cues = [a.cue.text for s in extract(text).statements for a in s.attributions]
        assert not any(c[:1].isdigit() for c in cues), (text, cues)
    cues = [a.cue.text for s in extract("Harbour report 43\n\nThe mayor said the ferry would run.").statements
            for a in s.attributions]
    assert cues == ["said"]


def test_auxiliaries_and_possessives_are_never_candidates():
    # They sit inside cues ("didn't say", "publicly said") but head none.
    forms = text_model.candidate_forms({"didn't": 0.2, "doesn’t": 0.2, "publicly": 0.3, "nbc's": 0.4,
                                        "council’s": 0.3, "grumbled": 0.3})
    assert {"didn't", "doesn’t", "publicly", "nbc's", "council’s"}.isdisjoint(forms)
    assert "grumbled" in forms


def test_a_possessive_before_a_speaker_is_no_cue():
    from datasette_provenance.text import extract

    doc = extract("NBC's harbour reporter Tom Berg said the port would close.")
    atts = [a for s in doc.statements for a in s.attributions]
    assert [a.cue.text for a in atts] == ["said"]
    assert atts[0].source.text.endswith("Tom Berg")
    doc = extract("Ana Ruiz didn't say whether the ferry would run.")
    assert [a.cue.text for s in doc.statements for a in s.attributions] == ["didn't say"]


def test_a_lower_case_past_form_the_lexicons_miss_is_a_verb_to_the_source_ranker():
    """"The crews passed laws restricting ...": "passed" is no lexicon verb; as a verb class
    the ranker sees "laws" as its object, not a subject (learn.word_class)."""
    from datasette_provenance.text.learn import cue_context, word_class
    assert word_class("passed", "passed") == "VED"
    assert word_class("ahmed", "Ahmed") != "VED"  # a capitalised name
    assert word_class("red", "red") != "VED"  # too short to be a past form
    text = "The crews passed laws restricting the catch."
    an = extractor.Analysis(text, sentences(text))
    cue = an.tokens.lower.index("restricting")
    laws = an.tokens.lower.index("laws")
    _, _, _, classes, between = cue_context(an, cue, cue + 1, 0, len(an.tokens.words))
    assert classes[laws - 1] == "VED"
    assert between[laws - 1][0].startswith("0") and between[laws - 2][0].startswith("1")


def test_the_source_ranker_sees_what_comes_before_a_words_noun_phrase():
    """A verb before a word's phrase (over its modifiers) makes it an object, the sentence's
    start or a comma a subject: the "npp" feature of learn.source_features."""
    from datasette_provenance.text.learn import source_features

    def npp(text, word, cue):
        an = extractor.Analysis(text, sentences(text))
        low = an.tokens.lower
        j, c = low.index(word), low.index(cue)
        feats = source_features(an, c, c + 1, j, None, 0, len(low), cue)
        return next(f for f in feats if f.startswith("npp="))

    assert npp("The crews passed tough new laws restricting the catch.", "laws", "restricting") == "npp=VEDL"
    assert npp("Tough new laws restrict the catch, fishers said.", "laws", "said") == "npp=BOSL"
    assert npp("In the port, many fishers said the catch was down.", "fishers", "said") == "npp=,L"
