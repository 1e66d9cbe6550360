"""A `-c FILE` whose blocks are not mappings (`plugins: 5`, a list for the whole file) or
whose ratings_file is not a file name is an error naming the file and the block, exit 1,
no traceback (before: AttributeError / TypeError tracebacks; `ratings_file: 5` read file
descriptor 5)."""
import pytest
from click.testing import CliRunner
from datasette.cli import cli

from conftest import SEEDS

SEED = SEEDS / "safety-zone-initiative.txt"


def run(*args):
    return CliRunner().invoke(cli, ["provenance", *map(str, args)])


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("config") / "p.db"
    assert run("load", path, SEED).exit_code == 0
    return path


@pytest.mark.parametrize("yaml_text, said", [
    ("plugins: 5\n", "plugins must be a mapping (key: value lines), not 5"),
    ("plugins:\n  datasette-provenance: 5\n", "plugins: datasette-provenance must be a mapping"),
    ("- 1\n- 2\n", "the file must be a mapping (key: value lines), not a list"),
    ("databases:\n  p:\n    plugins: [1]\n", "databases: p: plugins must be a mapping"),
])
def test_a_block_that_is_not_a_mapping_is_named(tmp_path, db, yaml_text, said):
    config = tmp_path / "datasette.yaml"
    config.write_text(yaml_text, encoding="utf-8")
    commands = [("rescore", db, "-c", config), ("load", db, SEED, "-c", config),
                ("rate", db, "Valery Gerasimov", "B", "-c", config)]
    if not yaml_text.startswith("databases"):  # (extract has no database to read a block for)
        commands.append(("extract", SEED, "-c", config))
    for args in commands:
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert f"{config}: {said}" in result.output, args
        assert isinstance(result.exception, SystemExit), (args, result.exception)


def test_a_ratings_file_that_is_not_a_file_name_is_refused(tmp_path, db):
    config = tmp_path / "datasette.yaml"
    config.write_text("plugins:\n  datasette-provenance:\n    ratings_file: 5\n", encoding="utf-8")
    result = run("ratings", "sync", db, "-c", config)
    assert result.exit_code == 1 and "ratings_file must be a file name, not 5" in result.output
    assert isinstance(result.exception, SystemExit)


def test_a_relative_ratings_file_missing_from_the_working_directory_says_where_it_looked(
        tmp_path, db, monkeypatch):
    # The team's config sits beside its ratings file, but the command runs from elsewhere.
    team = tmp_path / "team"
    team.mkdir()
    (team / "team-ratings.csv").write_text("name,reliability\nValery Gerasimov,A\n", encoding="utf-8")
    config = team / "datasette.yaml"
    config.write_text("plugins:\n  datasette-provenance:\n    ratings_file: team-ratings.csv\n",
                      encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = run("ratings", "sync", db, "-c", config)
    assert result.exit_code == 1
    assert f"ratings_file 'team-ratings.csv': no such file in the working directory {elsewhere}" \
        in result.output
    assert "Errno" not in result.output
    monkeypatch.chdir(team)
    assert "source 'Valery Gerasimov': F -> A" in run("ratings", "sync", db, "-c", config).output


def test_ratings_sync_without_any_provider_says_nothing_was_applied(db):
    result = run("ratings", "sync", db)
    assert result.exit_code == 0
    assert "no rating provider gave any ratings: name a ratings_file" in result.output


@pytest.mark.parametrize("yaml_text, said", [
    ("plugins: [\n", "2:1: not valid YAML: expected the node content, but found the end of the file"),
    ("plugins:\n\tdatasette-provenance: {}\n",
     "2:1: not valid YAML: found character '\\t' that cannot start any token"),
])
def test_a_file_that_is_not_yaml_names_its_line_in_one_line(tmp_path, db, yaml_text, said):
    # PyYAML's own text spread over four lines and named the input "<unicode string>".
    config = tmp_path / "datasette.yaml"
    config.write_text(yaml_text, encoding="utf-8")
    for args in (("rescore", db, "-c", config), ("load", db, SEED, "-c", config),
                 ("extract", SEED, "-c", config)):
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert f"{config}:{said}\n" in result.output and "<unicode string>" not in result.output
        assert len(result.output.strip().splitlines()) == 1, result.output
