"""`datasette provenance train`: a model from a small brat corpus of our own sentences."""
import json

from click.testing import CliRunner
from datasette.cli import cli

from datasette_provenance import training

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
    for option in (["--epochs", "0"], ["--folds", "1"]):
        result = run(corpus, "--out", tmp_path / "m.json", *option)
        assert result.exit_code == 2 and "is not in the range" in result.output, option
    assert trained == [] and not list(tmp_path.glob("m.json*"))
