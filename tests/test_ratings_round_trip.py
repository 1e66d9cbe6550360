"""Export then import into a fresh database gives the same ratings and scores, article-scoped
sources ("the mayor" of one article) included, and the audit rows say so."""
import json

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.cli import cli

# Two articles, each with its own unnamed "mayor" (a source scoped to its article) and a
# named person both cite.
ARTICLES = {
    "harbour.md": "---\ntitle: Harbour plan approved\noutlet: Coastal Ledger\n---\n"
                  "The harbour plan was approved on Monday, the mayor said. Ana Ruiz, the finance "
                  "minister, said costs would rise.\n",
    "bridge.md": "---\ntitle: Bridge repairs delayed\noutlet: Valley Times\n---\n"
                 "The bridge repairs were delayed again, the mayor said on Tuesday. Ana Ruiz said "
                 "the funds were ready.\n",
}


def run(*args):
    result = CliRunner().invoke(cli, ["provenance", *map(str, args)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def loaded(tmp_path, name):
    folder = tmp_path / "articles"
    folder.mkdir(exist_ok=True)
    for file, text in ARTICLES.items():
        (folder / file).write_text(text)
    path = tmp_path / name
    run("load", path, folder)
    return path


def ratings_of(path):
    db = sqlite_utils.Database(str(path))
    return {(r["name"], r["scope"]): (r["reliability"], r["notes"])
            for r in db.query("select name, scope, reliability, notes from sources")}, \
        {r["name"]: (r["reliability"], r["notes"]) for r in db.query("select * from outlets")}


def statements_of(path):
    return list(sqlite_utils.Database(str(path)).query(
        "select * from statements order by article_id, idx"))


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_round_trip_keeps_article_scoped_sources_apart(tmp_path, fmt):
    first = loaded(tmp_path, "first.db")
    db = sqlite_utils.Database(str(first))
    mayors = list(db.query("select s.id, s.scope, a.title from sources s"
                           " join articles a on a.id = s.scope where s.name = 'mayor'"))
    assert len(mayors) == 2  # one per article: the premise of this test
    harbour = next(m for m in mayors if m["title"] == "Harbour plan approved")
    run("rate", first, harbour["id"], "B", "--note", "The harbour *mayor*")
    run("rate", first, "Ana Ruiz", "c")  # a lower-case grade is the letter
    run("rate", first, "Valley Times", "E", "--outlet")
    exported = tmp_path / f"ratings.{fmt}"
    exported.write_text(run("ratings", "export", first, "--format", fmt))
    if fmt == "json":
        rows = json.loads(exported.read_text())
        assert {"target": "source", "name": "mayor", "reliability": "B",
                "note": "The harbour *mayor*", "scope": harbour["scope"]} in rows

    fresh = loaded(tmp_path, "fresh.db")
    output = run("ratings", "import", fresh, exported)
    assert "3 ratings changed" in output
    assert ratings_of(fresh) == ratings_of(first)
    # The bridge article's mayor stays unrated; no unscoped 'mayor' was made up.
    assert sqlite_utils.Database(str(fresh)).execute(
        "select count(*) from sources where name = 'mayor'").fetchone()[0] == 2
    # Same scores, grades and reasons, statement by statement.
    assert statements_of(fresh) == statements_of(first)
    audit = list(sqlite_utils.Database(str(fresh)).query(
        "select * from rating_changes order by id"))
    assert [(a["target_type"], a["target_name"], a["old_reliability"], a["new_reliability"])
            for a in audit] == [("source", "Ana Ruiz", "F", "C"), ("source", "mayor", "F", "B"),
                                ("outlet", "Valley Times", "F", "E")]
    assert all("import" in a["who"] for a in audit)
    assert audit[1]["target_id"] == sqlite_utils.Database(str(fresh)).execute(
        "select id from sources where name = 'mayor' and scope = ?", [harbour["scope"]]).fetchone()[0]
    assert audit[1]["statements_rescored"] == 1
    # Importing it again changes nothing and writes no row.
    assert "0 ratings changed, 3 unchanged" in run("ratings", "import", fresh, exported)


def test_scoped_rating_imported_before_the_load_applies_to_that_articles_source(tmp_path):
    first = loaded(tmp_path, "first.db")
    scope = sqlite_utils.Database(str(first)).execute(
        "select scope from sources where name = 'mayor' order by scope").fetchone()[0]
    ratings = tmp_path / "ratings.csv"
    ratings.write_text(f"target,name,reliability,note,scope\nsource,mayor,A,,{scope}\n")
    run("ratings", "import", first, ratings)
    rated = ratings_of(first)[0]
    assert rated[("mayor", scope)][0] == "A" and ("mayor", None) not in rated

    empty = tmp_path / "empty.db"
    run("init", empty)
    run("ratings", "import", empty, ratings)
    folder = tmp_path / "articles"
    run("load", empty, folder)
    assert ratings_of(empty)[0][("mayor", scope)][0] == "A"
    assert statements_of(empty) == statements_of(first)


def test_a_scope_for_an_outlet_is_refused(tmp_path):
    first = loaded(tmp_path, "first.db")
    ratings = tmp_path / "ratings.csv"
    ratings.write_text("target,name,reliability,scope\noutlet,Valley Times,A,abc\n")
    result = CliRunner().invoke(cli, ["provenance", "ratings", "import", str(first), str(ratings)])
    assert result.exit_code == 1 and "only a source has a scope" in result.output


@pytest.mark.asyncio
async def test_unknown_sources_of_an_import_wait_unrated_by_nothing_and_uncounted(tmp_path):
    """A team's file names sources this database has not seen: they are added (so the
    ratings apply when a load brings them), re-score nothing, and the dashboard does not
    count them among the sources its statements cite."""
    from datasette.app import Datasette

    path = loaded(tmp_path, "news.db")
    ds = Datasette([str(path)])
    before = (await ds.client.get("/-/provenance/news.json")).json()
    statements = statements_of(path)
    ratings = tmp_path / "team.csv"
    ratings.write_text("name,reliability\nNobody Seen Yet,a\nAnother Stranger,B\n")
    assert "0 statements re-scored" in run("ratings", "import", path, ratings)
    assert statements_of(path) == statements
    assert ratings_of(path)[0][("Nobody Seen Yet", None)] == ("A", None)
    after = (await ds.client.get("/-/provenance/news.json")).json()
    assert after["totals"] == before["totals"]
    assert [s["name"] for s in after["sources"]] == [s["name"] for s in before["sources"]]


def test_csv_export_never_hands_a_spreadsheet_a_formula_and_imports_it_back(tmp_path):
    """Outlet names come from front matter or scraped pages and notes from anyone who rates:
    a cell starting with = + - @ would run as a formula where the team opens the CSV."""
    import csv
    import io

    path = tmp_path / "news.db"
    run("init", path)
    hostile = {"=HYPERLINK(\"http://evil.example\",\"x\")": "+1+cmd|' /C calc'!A0",
               "@SUM(1+1)*cmd|' /C calc'!A0": "- a markdown list\n- of reasons",
               "'=quoted already": "'plain with a quote", "-2+3": "\tTabbed"}
    ratings = tmp_path / "in.json"
    ratings.write_text(json.dumps([{"target": "outlet", "name": name, "reliability": "D",
                                    "note": note} for name, note in hostile.items()]))
    run("ratings", "import", path, ratings)
    exported = run("ratings", "export", path, "--format", "csv")
    for row in csv.DictReader(io.StringIO(exported)):
        for column in ("name", "note"):
            assert not row[column].startswith(("=", "+", "-", "@", "\t")), row
    (tmp_path / "out.csv").write_text(exported)
    fresh = tmp_path / "fresh.db"
    run("init", fresh)
    run("ratings", "import", fresh, tmp_path / "out.csv")
    assert ratings_of(fresh)[1] == ratings_of(path)[1]
    assert set(ratings_of(fresh)[1]) == set(hostile)  # the names, exactly as they were
