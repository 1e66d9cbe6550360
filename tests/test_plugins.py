"""The plugin's own pluggy hooks: rating providers, cue lexicons, score adjustments."""
import json

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.cli import cli

import ratings_fixtures
from datasette_provenance import plugins
from datasette_provenance.hookspecs import hookimpl
from datasette_provenance.model import Rating
from plugin_helpers import registered


class TeamRatings:
    @hookimpl
    def provenance_ratings(self, config):
        return [Rating(name="The Kremlin", reliability="E", note="state media line"),
                {"target": "outlet", "name": "Border Herald", "reliability": "b"}]

    @hookimpl
    def provenance_cue_lexicon(self, config):
        return {"reporting_verbs": ["averred", "opined"], "hedges": ["purportedly"]}

    @hookimpl
    def provenance_score_adjustments(self, statement, weights, config):
        if "bridge" in statement.text:
            return [(-3, "mentions a bridge")]


@pytest.fixture
def team_plugin():
    with registered(TeamRatings(), "team") as plugin:
        yield plugin


def test_providers_and_lexicons_are_collected(team_plugin, tmp_path):
    f = tmp_path / "r.csv"
    f.write_text("target,name,reliability,note\nsource,Valery Gerasimov,B,from file\n")
    found = plugins.provided_ratings({"ratings_file": str(f)})
    assert {(p, r.target, r.name, r.reliability) for p, r in found} == {
        ("team", "source", "The Kremlin", "E"), ("team", "outlet", "Border Herald", "B"),
        ("ratings_file", "source", "Valery Gerasimov", "B")}
    assert plugins.cue_lexicon({}) == {"reporting_verbs": ["averred", "opined"],
                                       "hedges": ["purportedly"]}


@pytest.mark.parametrize("supplied,message", [
    ([{"name": "X", "reliability": "Q"}], "rating provider 'broken': reliability must be one of"),
    ([{"name": "X", "reliability": "A", "target": "publisher"}], "rating provider 'broken': target"),
    ([{"reliability": "A"}], "rating provider 'broken': a rating needs a name"),
    (ConnectionError("ratings service unreachable"),
     "rating provider 'broken' failed: ConnectionError: ratings service unreachable"),
])
def test_a_failing_provider_is_named_and_changes_nothing(tmp_path, supplied, message):
    class Broken:
        @hookimpl
        def provenance_ratings(self, config):
            if isinstance(supplied, Exception):
                raise supplied
            return supplied

    path = tmp_path / "news.db"
    ratings_fixtures.build(path)
    before = ratings_fixtures.snapshot(path)
    with registered(Broken(), "broken"):
        result = CliRunner().invoke(cli, ["provenance", "ratings", "sync", str(path)])
    assert result.exit_code == 1 and f"error: {message}" in result.output, result.output
    assert "Traceback" not in result.output
    assert ratings_fixtures.snapshot(path) == before


def test_invalid_provider_rating_is_refused(tmp_path):
    class Bad:
        @hookimpl
        def provenance_ratings(self, config):
            return [{"name": "X", "reliability": "Q"}]
    bad = Bad()
    plugins.pm.register(bad, name="bad")
    try:
        with pytest.raises(ValueError, match="not 'Q'"):
            plugins.provided_ratings({})
    finally:
        plugins.pm.unregister(bad)


def test_rescore_applies_providers_with_audit_and_adjustments(team_plugin, tmp_path):
    db_path = tmp_path / "news.db"
    ratings_fixtures.build(db_path)
    ratings_csv = tmp_path / "ratings.csv"
    ratings_csv.write_text("name,reliability,note\nValery Gerasimov,B,Chief of the General Staff\n")
    config = tmp_path / "datasette.yaml"
    config.write_text(f"plugins:\n  datasette-provenance:\n    ratings_file: {ratings_csv}\n")
    result = CliRunner().invoke(cli, ["provenance", "rescore", str(db_path), "-c", str(config)])
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(str(db_path))
    audit = {(r["who"], r["target_name"], r["new_reliability"])
             for r in db.query("select * from rating_changes")}
    assert audit == {("provider:team", "The Kremlin", "E"),
                     ("provider:team", "Border Herald", "B"),
                     ("provider:ratings_file", "Valery Gerasimov", "B")}
    reasons = [json.loads(r[0]) for r in db.execute(
        "select reasons from statements where text like '%bridge%'")]
    assert reasons and all("mentions a bridge (-3)" in r for r in reasons)
    # A second run changes nothing and writes no more audit rows.
    again = CliRunner().invoke(cli, ["provenance", "rescore", str(db_path), "-c", str(config)])
    assert "0 changed" in again.output
    assert db["rating_changes"].count == 3
