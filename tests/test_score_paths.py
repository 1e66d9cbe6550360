"""Every path that scores a statement scores it the same way: rescore, load (also with
worker processes), analyze from the CLI and from Datasette, extract and the SQL functions
all use the database's weights and ratings and the provenance_score_adjustments hook."""
import json

import pytest
import sqlite_utils
import yaml
from click.testing import CliRunner
from datasette.cli import cli

from conftest import SEED_ARTICLE
from datasette_provenance import analyze_runner
from plugin_helpers import registered
from datasette_provenance.hookspecs import hookimpl
from test_analyze_web import EDITOR, make_datasette, post_form

WEIGHTS = {"unattributed": 17, "hop_penalty": 9, "reliability_B": 11}


class KurskPenalty:
    @hookimpl
    def provenance_score_adjustments(self, statement, weights, config):
        if "Kursk" in statement.text:
            return [(-4, "mentions Kursk")]


@pytest.fixture
def adjuster():
    with registered(KurskPenalty(), "kursk-penalty") as plugin:
        yield plugin


def run(*args):
    result = CliRunner().invoke(cli, ["provenance", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result


def scored(db, where, params):
    """(score, grade, sourcing, reasons) of an article's statements, in order."""
    (aid,) = db.execute(f"select id from articles where {where}", params).fetchone()
    return [(row[0], row[1], row[2], json.loads(row[3])) for row in db.execute(
        "select score, grade, sourcing, reasons from statements where article_id = ? order by idx",
        [aid])]


@pytest.mark.asyncio
async def test_every_path_scores_like_rescore(tmp_path, adjuster):
    seed = SEED_ARTICLE.read_text(encoding="utf-8")
    db_path = tmp_path / "scraped.db"
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "seed.txt").write_text(seed, encoding="utf-8")
    run("load", db_path, tmp_path / "a" / "seed.txt")
    run("rate", db_path, "Valery Gerasimov", "B")
    config = tmp_path / "datasette.yaml"
    config.write_text(yaml.safe_dump({"plugins": {"datasette-provenance": {"weights": WEIGHTS}}}))
    run("rescore", db_path, "-c", config)  # the database now remembers WEIGHTS
    db = sqlite_utils.Database(str(db_path))
    reference = scored(db, "path like ?", ["%seed.txt"])
    reasons = [r for _, _, _, rs in reference for r in rs]
    assert "mentions Kursk (-4)" in reasons
    assert any("rated B" in r and "(+11)" in r for r in reasons)
    assert any(score == 17 for score, _, sourcing, _ in reference if sourcing == "unattributed")

    # load: the same text as another article, extracted in a worker process
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "same.json").write_text(json.dumps({"text": seed, "url": "https://example.org/same"}))
    run("load", db_path, tmp_path / "b" / "same.json", "--workers", "2")
    assert scored(db, "url = ?", ["https://example.org/same"]) == reference

    # analyze from the CLI
    db["scraped"].insert({"id": 1, "body": seed}, pk="id")
    run("analyze", db_path, "scraped", "body")
    assert scored(db, "source_table = ?", ["scraped"]) == reference

    # analyze from Datasette (a background job)
    db["webrows"].insert({"id": 1, "body": seed}, pk="id")
    ds = make_datasette(db_path)
    response = await post_form(ds, EDITOR, {"column": "body"},
                               path="/-/provenance/scraped/analyze/webrows")
    assert response.status_code == 302, response.text
    await analyze_runner.wait_for_jobs(ds)
    assert scored(db, "source_table = ?", ["webrows"]) == reference

    # the SQL function, on a connection of the same database
    response = await ds.client.get("/scraped.json", params={
        "sql": "select provenance_extract(body) as doc from webrows", "_shape": "array"},
        follow_redirects=True)
    assert response.status_code == 200, response.text
    doc = json.loads(response.json()[0]["doc"])
    assert [(s["score"], s["grade"], s["sourcing"], s["reasons"]) for s in doc["statements"]] == reference


def test_extract_and_load_apply_configured_weights_and_adjustments(tmp_path, adjuster):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "seed.txt").write_text(SEED_ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    config = tmp_path / "datasette.yaml"
    config.write_text(yaml.safe_dump({"plugins": {"datasette-provenance": {"weights": WEIGHTS}}}))
    result = run("extract", "--format", "jsonl", "-c", config, tmp_path / "a")
    statements = json.loads(result.output)["statements"]
    assert any("mentions Kursk (-4)" in s["reasons"] for s in statements)
    assert 17 in {s["score"] for s in statements if s["sourcing"] == "unattributed"}

    run("load", tmp_path / "c.db", tmp_path / "a", "-c", config)
    db = sqlite_utils.Database(str(tmp_path / "c.db"))
    loaded = scored(db, "1 = 1", [])
    assert [(s["score"], s["grade"], s["sourcing"], s["reasons"]) for s in statements] == loaded

    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({"plugins": {"datasette-provenance": {"weights": {"nope": 1}}}}))
    for command in (["extract", tmp_path / "a"], ["load", tmp_path / "d.db", tmp_path / "a"]):
        result = CliRunner().invoke(cli, ["provenance", *map(str, command), "-c", str(bad)])
        assert result.exit_code != 0 and "unknown scoring weight 'nope'" in result.output
