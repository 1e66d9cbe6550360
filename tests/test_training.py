"""`datasette provenance train`: a model from a small brat corpus of our own sentences."""
import json

from click.testing import CliRunner
from datasette.cli import cli

from datasette_provenance import training
from datasette_provenance.text.model import candidate_forms

SENTENCES = [
    ("Maria Lopez", "said", "the bridge would reopen in May"),
    ("The mayor", "told", "reporters the budget was balanced"),
    ("Officials", "argued", "the plan cost too much"),
    ("A spokesman", "said", "the company had no comment"),
    ("Tom Baker", "wrote", "the vote was a turning point"),
    ("The council", "announced", "new rules for parking"),
]


def write_corpus(root, n=12):
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for k in range(n):
        source, cue, content = SENTENCES[k % len(SENTENCES)]
        text = f"Story {k}.\n{source} {cue} {content}. The weather was mild and the roads were open.\n"
        s = text.index(source)
        c = s + len(source) + 1
        t = c + len(cue) + 1
        (root / "text" / f"doc{k}.txt").write_text(text, encoding="utf-8")
        (root / "attributions" / f"doc{k}.ann").write_text(
            f"T1\tSource {s} {s + len(source)}\t{source}\n"
            f"T2\tCue {c} {c + len(cue)}\t{cue}\n"
            f"T3\tContent {t} {t + len(content)}\t{content}\n"
            f"T4\tAttribution {c} {c + len(cue)}\t{cue}\n"
            "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n", encoding="utf-8")
    return root


def test_train_command_writes_a_deterministic_model(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    outs = []
    for name in ("a.json", "b.json"):
        out = tmp_path / name
        result = CliRunner().invoke(cli, ["provenance", "train", str(corpus), "--out", str(out), "--folds", "3"])
        assert result.exit_code == 0, result.output
        assert "cross-validated cue F1" in result.output
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] == outs[1]
    model = json.loads(outs[0])
    assert {"rates", "cue", "source", "threshold", "cv_cue_f1"} <= set(model)
    assert model["rates"].get("said", 0) > 0 and model["cue"]
    # Only single words and shapes: no feature carries a run of corpus words.
    assert not any(" " in feature for feature in model["cue"]) and not any(" " in w for w in model["rates"])


def test_train_with_several_annotator_files_per_text(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    # A second annotator file of every text (cross-validation folds group them by text).
    for ann in list((corpus / "attributions").glob("*.ann")):
        ann.with_name(ann.stem + "_b.ann").write_text(ann.read_text(encoding="utf-8"), encoding="utf-8")
    model = training.train(str(corpus), folds=3)
    assert model["cv_cue_f1"] is not None and 0.0 <= model["cv_cue_f1"] <= 1.0


def test_threshold_grid_brackets_the_token_level_cut():
    scored = [(float(k), None) for k in range(-50, 50)]
    grid = training.threshold_grid(scored, 0.5, steps=3)
    assert 0.5 in grid and grid == sorted(grid)
    assert min(grid) < 0.5 < max(grid) and len(grid) == 7


def test_cross_validated_threshold_runs_the_cue_stage(tmp_path):
    # The chosen threshold is one the whole cue stage was run at, and its F1 is a share.
    model = training.train(str(write_corpus(tmp_path / "corpus", n=15)), folds=3)
    assert isinstance(model["threshold"], float)
    assert 0.0 < model["cv_cue_f1"] <= 1.0


def test_a_pinned_threshold_is_kept_and_still_measured(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", n=15)
    out = tmp_path / "pinned.json"
    result = CliRunner().invoke(cli, ["provenance", "train", str(corpus), "--out", str(out), "--folds", "3",
                                      "--threshold", "-2.5"])
    assert result.exit_code == 0, result.output
    assert "cue threshold -2.5" in result.output
    model = json.loads(out.read_text(encoding="utf-8"))
    assert model["threshold"] == -2.5
    # The folds measured the pinned threshold's cue F1 (not the one they would have picked).
    assert 0.0 <= model["cv_cue_f1"] <= 1.0
    picked = training.train(str(corpus), folds=3)
    assert picked["threshold"] != -2.5


def test_train_command_says_what_is_wrong_before_training(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "corpus")
    trained = []
    monkeypatch.setattr(training, "train", lambda *a, **k: trained.append(a) or {})

    def run(*args):
        return CliRunner().invoke(cli, ["provenance", "train", *map(str, args)])

    not_brat = tmp_path / "articles"
    not_brat.mkdir()
    monkeypatch.undo()  # (the real reader says what the directory lacks)
    result = run(not_brat, "--out", tmp_path / "m.json")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{not_brat}: expected text/*.txt and attributions/*.ann inside it" in result.output

    monkeypatch.setattr(training, "train", lambda *a, **k: trained.append(a) or {})
    missing = tmp_path / "no such dir" / "m.json"
    result = run(corpus, "--out", missing)
    assert result.exit_code == 1 and f"directory {missing.parent} does not exist" in result.output
    assert trained == []  # refused before minutes of training, not after
    for option in (["--epochs", "0"], ["--folds", "1"], ["--bags", "0"]):
        result = run(corpus, "--out", tmp_path / "m.json", *option)
        assert result.exit_code == 2 and "is not in the range" in result.output, option
    assert trained == [] and not list(tmp_path.glob("m.json*"))


def test_unseen_forms_of_a_lemma_are_the_ones_every_base_agrees_on():
    # "scolded" may come from "scold" or "scolde": both give "scolding", only one "scolds".
    assert training.unseen_forms(["scolded"]) == {"scolding"}
    assert training.unseen_forms(["berate"]) == {"berates", "berated", "berating"}
    assert training.unseen_forms(["pushes"]) == {"pushed", "pushing"}
    assert training.unseen_forms(["scolds", "scolded", "scolding", "scold"]) == set()


def test_cue_rates_rate_an_unseen_form_from_its_lemma():
    # "berated" is a cue in both sentences; "berating" never occurs but shares the lemma,
    # so it is rated with the lemma's pooled rate (and becomes a candidate); "berates"
    # might be "berats" as far as the corpus tells; a word never seen as a verb is not inflected.
    text = "Ana berated the council. Ben berated the mayor. The tower stood by the river."
    corpus = [(text, [{"cue": [(4, 11)]}, {"cue": [(29, 36)]}])]
    rates = training.cue_rates(corpus)
    assert rates["berated"] == 1.0
    assert rates["berating"] == 1.0
    assert "berates" not in rates and "towers" not in rates


def test_a_rare_form_takes_its_lemmas_rate():
    # "scolding" is a cue once only (too few to rate on its own); with "scolded" twice
    # the lemma is a cue three times in three, so "scolding" is rated with it.
    text = "Ana scolded the council. Ben scolded the mayor. Cy kept scolding the crew."
    starts = [text.index("scolded"), text.index("scolded", 10), text.index("scolding")]
    corpus = [(text, [{"cue": [(s, s + 7)]} for s in starts])]
    rates = training.cue_rates(corpus)
    assert rates["scolded"] == 1.0 and rates["scolding"] == 1.0


def test_a_word_that_only_rides_along_in_cues_is_not_rated():
    # "Tuesday" lies inside both cues ("said Tuesday") but heads neither: it is no cue
    # word and gets no rate, so it is no candidate; "said" heads both.
    text = "Ana Ruiz said Tuesday the ferry would run. Tom Berg said Tuesday the port was shut."
    starts = [text.index("said"), text.index("said", 20)]
    corpus = [(text, [{"cue": [(s, s + len("said Tuesday"))]} for s in starts])]
    rates = training.cue_rates(corpus)
    assert rates["said"] == 1.0
    assert "tuesday" not in rates
    assert "tuesday" not in candidate_forms(rates)


def test_threshold_folds_rate_words_from_their_kept_texts_only(tmp_path, monkeypatch):
    # A held-out text's own cues must not reach its fold model through the rate table
    # (a rare cue word rated from that very text looks sure and drags the threshold down).
    calls = []
    real = training.cue_rates

    def spy(corpus):
        corpus = list(corpus)
        calls.append({text for text, _ in corpus})
        return real(corpus)

    monkeypatch.setattr(training, "cue_rates", spy)
    corpus = write_corpus(tmp_path / "corpus", n=15)
    training.train(str(corpus), folds=3)
    every = {p.read_text(encoding="utf-8") for p in (corpus / "text").glob("*.txt")}
    assert calls[0] == every  # the shipped rates: all texts
    folds = [texts for texts in calls[1:] if texts != every]
    assert len(folds) == 3
    # Each fold leaves out its own texts, and together the held-out parts cover the corpus.
    held_out = [every - texts for texts in folds]
    assert all(held_out) and set().union(*held_out) == every
    assert sum(len(h) for h in held_out) == len(every)


def test_source_ranker_does_not_depend_on_the_cue_candidates():
    # Extra non-cue candidates change the cue pass (its shuffles) but not the source ranker.
    from datasette_provenance.text.extractor import Analysis
    from datasette_provenance.text.learn import train_models
    from datasette_provenance.text.model import source_window
    from datasette_provenance.text.segment import sentences

    examples = []
    for k, (source, cue, content) in enumerate(SENTENCES * 3):
        # Sources before and after the cue, and none: options the ranker weighs differently
        # depending on the order it meets them.
        text = [f"{source} {cue} {content}. The roads were open.",
                f"The roads were open, {cue} {source}, and {content}.",
                f"Yesterday {content}, it was {cue}. The roads were open."][k % 3]
        c = text.index(f" {cue}") + 1
        gold = {"cue": [(c, c + len(cue))]}
        if k % 3 < 2:
            s = text.index(source)
            gold["source"] = [(s, s + len(source))]
        examples.append((Analysis(text, sentences(text)), [gold]))

    def only_cues(an):
        return [(i, 0, len(an.tokens.words)) for i, w in enumerate(an.tokens.lower)
                if w in {"said", "told", "argued", "wrote", "announced"}]

    def with_extra(an):
        return only_cues(an) + [(i, 0, len(an.tokens.words)) for i, w in enumerate(an.tokens.lower)
                                if w in {"were", "open", "roads"}]

    a = train_models(examples, {"said": 0.9}, only_cues, source_window, epochs=3)
    b = train_models(examples, {"said": 0.9}, with_extra, source_window, epochs=3)
    assert a[0] != b[0] and a[1] == b[1]


def test_cue_perceptron_keeps_learning_until_candidates_clear_the_margin():
    # Without a margin the perceptron stops at the first right side of zero; with one it
    # goes on until every candidate it can tell apart is that far on its side.
    from datasette_provenance.text.extractor import Analysis
    from datasette_provenance.text.learn import cue_features, train_models
    from datasette_provenance.text.model import source_window
    from datasette_provenance.text.segment import sentences

    texts = ["Ana Ruiz said the bridge will open. The ferry said nothing new to anyone.",
             "Tom Berg told us the ferry is late. The roads told a story of neglect."]
    examples = []
    for text in texts * 2:
        cue = "said" if "said" in text else "told"
        c = text.index(cue)
        examples.append((Analysis(text, sentences(text)), [{"cue": [(c, c + len(cue))]}]))

    def cands(an):
        return [(i, 0, len(an.tokens.words)) for i, w in enumerate(an.tokens.lower) if w in {"said", "told"}]

    def gap(margin):
        weights, _ = train_models(examples, {"said": 0.9, "told": 0.5}, cands, source_window, epochs=3,
                                  margin=margin)
        scores = {}
        for an, gold in examples:
            for i, lo, hi in cands(an):
                label = any(s <= an.tokens.starts[i] < e for g in gold for s, e in g["cue"])
                score = sum(weights.get(f, 0.0) for f in cue_features(an, i, {"said": 0.9, "told": 0.5}, lo, hi))
                scores.setdefault(label, []).append(score)
        return min(scores[True]) - max(scores[False])

    assert gap(0.0) < gap(10.0)
    assert gap(10.0) > 10.0


def _cue_items():
    from datasette_provenance.text.extractor import Analysis
    from datasette_provenance.text.learn import cue_examples
    from datasette_provenance.text.segment import sentences

    examples = []
    for source, cue, content in SENTENCES * 2:
        text = f"{source} {cue} {content}. The roads were open and the mayor smiled."
        c = text.index(f" {cue}") + 1
        examples.append((Analysis(text, sentences(text)), [{"cue": [(c, c + len(cue))]}]))

    def cands(an):
        return [(i, 0, len(an.tokens.words)) for i, w in enumerate(an.tokens.lower)
                if w in {"said", "told", "argued", "wrote", "announced", "were", "smiled"}]

    return cue_examples(examples, {"said": 0.9, "told": 0.5}, cands)


def test_a_new_candidate_leaves_the_training_order_of_the_others_as_it_was():
    # The stable order places each candidate by a hash of its own key: a lexicon change that
    # adds candidates no longer reshuffles all the others (a different model by chance).
    from datasette_provenance.text.learn import _orders

    keys = [f"{k}.{i}" for k in range(30) for i in (3, 9, 14)]
    more = keys[:40] + ["12.5", "20.7", "29.1"] + keys[40:]
    for a, b in zip(_orders(keys, 3, 0, True), _orders(more, 3, 0, True)):
        assert [keys[k] for k in a] == [more[k] for k in b if more[k] in set(keys)]
    # Epochs differ from each other, and a shuffle by index does move the others.
    first, second = _orders(keys, 2, 0, True)
    assert first != second
    a, = _orders(keys, 1, 0, False)
    b, = _orders(more, 1, 0, False)
    assert [keys[k] for k in a] != [more[k] for k in b if more[k] in set(keys)]


def test_bagged_cue_weights_are_the_mean_of_perceptrons_over_different_orders():
    from datasette_provenance.text.learn import train_cue

    items, keys = _cue_items()
    singles = [train_cue(items, keys, 3, seed, 10.0, 1, True, floor=0.0) for seed in (4, 5, 6)]
    bag = train_cue(items, keys, 3, 4, 10.0, 3, True, floor=0.0)
    assert len({tuple(sorted(s.items())) for s in singles}) > 1  # the orders do matter
    for f, w in bag.items():
        mean = sum(s.get(f, 0.0) for s in singles) / 3  # (singles rounded to 0.1 before it)
        assert abs(w - mean) <= 0.1, f
    said = [f for f in bag if f.startswith("w=")]
    assert bag["w=said"] > 0 > bag.get("w=were", -1.0) and said


def test_train_bags_option_reaches_the_perceptrons(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "corpus", n=15)
    seen = []
    real = training.fit_models
    monkeypatch.setattr(training, "fit_models", lambda *a, **k: seen.append(k.get("bags")) or real(*a, **k))
    one = training.train(str(corpus), folds=3, bags=1)
    three = training.train(str(corpus), folds=3, bags=3)
    assert set(seen) == {1, 3} and len(seen) == 8  # 3 folds and the whole corpus, twice
    assert one["cue"] != three["cue"] and one["rates"] == three["rates"]



# Texts of our own where the stages after the cue stage matter (a cue inside another's
# content: nesting and prune's margin rules; a chain; a cue the rules decide), with the
# words annotated as cues.
NESTED = {
    "doc-a": ("The harbour chief said the fishers believed the quota was unfair. "
              "Later she added that the talks would resume.\n", ["said", "believed", "added"]),
    "doc-b": ("According to the ministry, inspectors found that the nets were illegal, a report "
              "said. The union denied it.\n", ["According to", "found", "said", "denied"]),
    "doc-c": ("Reuters reported, citing two people familiar with the matter, that the port would "
              "close. Critics argue the plan hurts small boats.\n", ["reported", "citing", "argue"]),
}


def write_cue_corpus(root):
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for name, (text, cues) in NESTED.items():
        (root / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        lines = []
        for k, cue in enumerate(cues, 1):
            s = text.index(cue)
            lines += [f"T{2 * k}\tCue {s} {s + len(cue)}\t{cue}", f"T{2 * k + 1}\tAttribution {s} {s + len(cue)}\t{cue}",
                      f"E{k}\tAttribution:T{2 * k + 1} Cue:T{2 * k}"]
        (root / "attributions" / f"{name}.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def shipped_at(threshold):
    """The shipped model's weights with another cue threshold."""
    from datasette_provenance.text.model import Model, load_model

    shipped = load_model()
    return Model({"rates": shipped.rates, "cue": shipped.cue, "source": shipped.source,
                  "margin_unit": shipped.margin_unit, "threshold": threshold})


def test_threshold_folds_score_the_whole_extractor_as_evaluate_does(tmp_path):
    # The cue F1 a threshold gets in training is the one `evaluate` gives the extractor with
    # that model: every stage runs (nesting, prune's margin rules), not the cue stage alone.
    from datasette_provenance import brat
    from datasette_provenance.evaluate import evaluate
    from datasette_provenance.text import extract
    from datasette_provenance.text.model import load_model

    corpus_dir = write_cue_corpus(tmp_path / "corpus")
    examples, _ = training.analysed_examples(list(training.read_corpus(str(corpus_dir))), 1)
    gold = list(brat.read_corpus(str(corpus_dir)))
    shipped = load_model()
    f1s = set()
    for threshold in (shipped.threshold - 30.0, shipped.threshold, shipped.threshold + 30.0):
        model = shipped_at(threshold)
        chosen, f1 = training.pipeline_threshold([(model, examples)], [threshold])
        report = evaluate(gold, lambda text: extract(text, model=model), misses=0)
        assert chosen == threshold
        assert round(f1, 4) == report["overlap"]["cue"]["f1"]
        assert model.threshold == threshold  # measuring it left the model as it was
        f1s.add(round(f1, 6))
    assert len(f1s) > 1  # the thresholds made a difference the two agree on


def test_extract_uses_the_model_it_is_given():
    from datasette_provenance.text import extract

    strict = shipped_at(float("inf"))
    cues = lambda doc: [a.cue.text for s in doc.statements for a in s.attributions]  # noqa: E731
    text = NESTED["doc-c"][0]
    assert cues(extract(text)) == ["reported", "citing", "argue"]
    # Nothing the model scores passes an infinite threshold: only the rules' cues remain.
    assert cues(extract(text, model=strict)) == []
    assert cues(extract(NESTED["doc-b"][0], model=strict)) == ["said", "According to"]


def test_of_thresholds_within_noise_of_the_best_the_strictest_is_kept(monkeypatch):
    # Cue F1 per threshold as the folds would measure it (10,000 predicted and gold cues).
    f1_at = {-3.0: 0.8003, -2.0: 0.7999, -1.0: 0.7990, 0.0: 0.7000}

    class Fold:
        threshold = margin_unit = 1.0

    class Analysed:
        text = "a text"

    monkeypatch.setattr(training, "_Cached", lambda model: model)
    monkeypatch.setattr(training, "extract", lambda text, model: model.threshold)
    monkeypatch.setattr(training, "predictions", lambda threshold: [threshold] * 10_000)
    monkeypatch.setattr(training, "match", lambda found, golds: range(round(f1_at[found[0]] * 10_000)))
    gold = [{"cue": [[0, 1]]}] * 10_000
    chosen, f1 = training.pipeline_threshold([(Fold(), [(Analysed(), gold)])], sorted(f1_at))
    # -3 is best; -2 lies within THRESHOLD_TIE of it and is stricter; -1 does not.
    assert (chosen, round(f1, 4)) == (-2.0, 0.7999)
    monkeypatch.setattr(training, "THRESHOLD_TIE", 0.0)
    assert training.pipeline_threshold([(Fold(), [(Analysed(), gold)])], sorted(f1_at))[0] == -3.0
