"""`evaluate` says what is wrong with its options before it runs: a report path in a
missing directory (before: a traceback after the whole evaluation), a negative --misses."""
from click.testing import CliRunner
from datasette.cli import cli

from test_training import write_corpus


def run(*args):
    return CliRunner().invoke(cli, ["provenance", "evaluate", *map(str, args)])


def test_a_report_in_a_missing_directory_is_refused_before_evaluating(tmp_path, monkeypatch):
    from datasette_provenance import cli_evaluate
    corpus = write_corpus(tmp_path / "corpus")
    evaluated = []
    monkeypatch.setattr(cli_evaluate, "evaluate_texts", lambda *a, **k: evaluated.append(a))
    missing = tmp_path / "no such dir" / "report.json"
    result = run(corpus, "--json", missing)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{missing}: directory {missing.parent} does not exist" in result.output
    assert evaluated == []


def test_misses_must_not_be_negative(tmp_path):
    result = run(write_corpus(tmp_path / "corpus"), "--misses", "-3")
    assert result.exit_code == 2 and "-3 is not in the range x>=0" in result.output


def test_the_report_is_written_where_asked(tmp_path):
    report = tmp_path / "report.json"
    result = run(write_corpus(tmp_path / "corpus"), "--json", report, "--misses", "0")
    assert result.exit_code == 0, result.output
    assert f"report written to {report}" in result.output and '"overlap"' in report.read_text()


def test_a_span_outside_its_text_or_a_text_not_utf8_is_named(tmp_path):
    # An .ann written for another version of the text scored as if it matched nothing
    # ("gold 1, correct 0", exit 0); a text that is not UTF-8 was a UnicodeDecodeError traceback.
    corpus = write_corpus(tmp_path / "corpus", n=3)
    ann = corpus / "attributions" / "doc1.ann"
    text = corpus / "text" / "doc1.txt"
    ann.write_text(ann.read_text().replace("T2\tCue ", "T2\tCue 900 904;"), encoding="utf-8")
    for command in ("evaluate", "train"):
        result = CliRunner().invoke(cli, ["provenance", command, str(corpus)] + (
            ["--out", str(tmp_path / "m.json")] if command == "train" else []))
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert (f"Error: {ann}: span T2 Cue 900 904;" in result.output
                and f"lies outside its text ({len(text.read_text())} characters in {text}): "
                    "annotations of another version of the text?" in result.output), result.output
    assert not (tmp_path / "m.json").exists()
    ann.write_text(ann.read_text().replace("900 904;", ""), encoding="utf-8")
    other = corpus / "text" / "doc2.txt"
    other.write_bytes(other.read_bytes().replace(b"mild", b"m\xffld"))
    result = run(corpus)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"Error: {other}: invalid UTF-8 (byte 0xff at offset " in result.output
