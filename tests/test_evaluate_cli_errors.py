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
