"""Rating edits from the CLI and imports: audit rows, and exactly the affected statements re-scored."""
import json

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.cli import cli

import ratings_fixtures
from ratings_fixtures import built_news_db  # noqa: F401  (fixture)


@pytest.fixture
def db_path(tmp_path, built_news_db):
    return str(ratings_fixtures.copy_of(built_news_db, tmp_path / "news.db"))


def run(*args):
    return CliRunner().invoke(cli, ["provenance", *map(str, args)], catch_exceptions=False)


def snapshot(db_path):
    db = sqlite_utils.Database(db_path)
    return {r["id"]: r for r in db.query("select id, score, grade, sourcing, reasons from statements")}


def changed_ids(before, after):
    return {sid for sid in before if before[sid] != after[sid]}


def source_id(db_path, name):
    return sqlite_utils.Database(db_path).execute(
        "select id from sources where name = ?", [name]).fetchone()[0]


def statements_citing(db_path, sid):
    db = sqlite_utils.Database(db_path)
    return {r[0] for r in db.execute(
        "select statement_id from attributions where source_id = ?", [sid])}


def audit_rows(db_path):
    return list(sqlite_utils.Database(db_path).query("select * from rating_changes order by id"))


def test_rescore_from_rows_reproduces_load_scores(db_path):
    before = snapshot(db_path)
    result = run("rescore", db_path)
    assert result.exit_code == 0, result.output
    assert "0 changed" in result.output
    assert snapshot(db_path) == before


def test_rate_rescores_exactly_the_statements_citing_the_source(db_path):
    before = snapshot(db_path)
    result = run("rate", db_path, "Gerasimov", "b", "--note", "Chief of the *General Staff*",
                 "--actor", "alice")
    assert result.exit_code == 0, result.output
    after = snapshot(db_path)
    expected = statements_citing(db_path, source_id(db_path, "Valery Gerasimov"))
    assert len(expected) == 2  # the two-hop chain and the direct quote, in two articles
    assert changed_ids(before, after) == expected
    for sid in expected:
        assert after[sid]["score"] == before[sid]["score"] + 8  # reliability_B default
        assert any("'Valery Gerasimov' rated B (usually reliable)" in r
                   for r in json.loads(after[sid]["reasons"]))
    [row] = audit_rows(db_path)
    assert (row["who"], row["target_type"], row["target_name"], row["old_reliability"],
            row["new_reliability"], row["note"], row["statements_rescored"]) == (
        "alice", "source", "Valery Gerasimov", "F", "B", "Chief of the *General Staff*", 2)
    assert row["changed_at"]


def test_rate_outlet_rescores_its_articles_statements(db_path):
    before = snapshot(db_path)
    result = run("rate", db_path, "Border Herald", "E", "--outlet")
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(db_path)
    expected = {r[0] for r in db.execute(
        "select s.id from statements s join articles a on a.id = s.article_id"
        " where a.outlet = 'Border Herald'")}
    assert changed_ids(before, snapshot(db_path)) == expected
    assert audit_rows(db_path)[0]["target_type"] == "outlet"


@pytest.mark.parametrize("grade", ["Z", "AB", "", "1"])
def test_invalid_grade_is_refused_and_changes_nothing(db_path, grade):
    before = snapshot(db_path)
    result = run("rate", db_path, "Valery Gerasimov", grade)
    assert result.exit_code == 1
    assert "reliability must be one of A, B, C, D, E, F" in result.output
    assert snapshot(db_path) == before and audit_rows(db_path) == []


def test_unknown_source_is_an_error(db_path):
    result = run("rate", db_path, "Nobody At All", "A")
    assert result.exit_code == 1 and "no source 'Nobody At All'" in result.output


def test_an_id_too_large_for_sqlite_is_an_unknown_source(db_path):
    result = CliRunner().invoke(cli, ["provenance", "rate", db_path, "9" * 30, "A"])
    assert result.exit_code == 1 and "no source '999" in result.output
    assert audit_rows(db_path) == []


def test_an_unknown_name_suggests_what_the_rater_meant(db_path):
    outlet = sqlite_utils.Database(db_path).execute("select name from outlets limit 1").fetchone()[0]
    before = snapshot(db_path)
    surname = run("rate", db_path, "Gerasim", "B")  # a typo'd name
    assert surname.exit_code == 1
    sid = source_id(db_path, "Valery Gerasimov")
    assert f"no source 'Gerasim' in this database; did you mean 'Valery Gerasimov' (#{sid})?" \
        in surname.output
    no_flag = run("rate", db_path, outlet, "B")
    assert no_flag.exit_code == 1
    assert "there is an outlet of that name: rate it with --outlet" in no_flag.output
    wrong_flag = run("rate", db_path, "Valery Gerasimov", "B", "--outlet")
    assert "there is a source of that name: rate it without --outlet" in wrong_flag.output
    assert snapshot(db_path) == before and audit_rows(db_path) == []


def test_same_rating_again_writes_no_audit_row(db_path):
    run("rate", db_path, "Valery Gerasimov", "C", "--note", "n")
    result = run("rate", db_path, "Valery Gerasimov", "C", "--note", "n")
    assert "nothing changed" in result.output
    assert len(audit_rows(db_path)) == 1


def test_note_only_change_is_audited(db_path):
    run("rate", db_path, "Valery Gerasimov", "C", "--note", "first")
    run("rate", db_path, "Valery Gerasimov", "C", "--note", "second")
    rows = audit_rows(db_path)
    assert [(r["old_reliability"], r["new_reliability"], r["note"]) for r in rows] == [
        ("F", "C", "first"), ("C", "C", "second")]


def test_export_import_round_trip_rescores_and_audits(db_path, tmp_path):
    run("rate", db_path, "Valery Gerasimov", "A", "--note", "**trusted**")
    run("rate", db_path, "Kremlin Daily", "D", "--outlet")
    for fmt in ("csv", "json"):
        exported = run("ratings", "export", db_path, "--format", fmt)
        assert exported.exit_code == 0
        ratings_file = tmp_path / f"shared.{fmt}"
        ratings_file.write_text(exported.output)
        other = tmp_path / f"other-{fmt}.db"
        ratings_fixtures.build(other)
        before = snapshot(str(other))
        result = run("ratings", "import", other, ratings_file, "--actor", "bob")
        assert result.exit_code == 0, result.output
        assert "2 ratings changed" in result.output
        # Exactly the statements citing Gerasimov or published by Kremlin Daily moved.
        db = sqlite_utils.Database(str(other))
        expected = statements_citing(str(other), source_id(str(other), "Valery Gerasimov")) | {
            r[0] for r in db.execute(
                "select s.id from statements s join articles a on a.id = s.article_id"
                " where a.outlet = 'Kremlin Daily'")}
        assert changed_ids(before, snapshot(str(other))) == expected
        rows = audit_rows(str(other))
        assert {(r["target_name"], r["new_reliability"]) for r in rows} == {
            ("Valery Gerasimov", "A"), ("Kremlin Daily", "D")}
        assert all(r["who"].startswith("bob (import ") for r in rows)
        assert db.execute("select notes from sources where name = 'Valery Gerasimov'"
                          ).fetchone()[0] == "**trusted**"
        # Importing again changes nothing.
        again = run("ratings", "import", other, ratings_file)
        assert "0 ratings changed, 2 unchanged" in again.output
        assert len(audit_rows(str(other))) == 2


def test_import_with_one_bad_row_applies_nothing(db_path, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("target,name,reliability,note\nsource,Valery Gerasimov,A,\n"
                   "source,The Kremlin,Q,\n")
    before = snapshot(db_path)
    result = run("ratings", "import", db_path, bad)
    assert result.exit_code == 1
    assert f"{bad}:3" in result.output and "not 'Q'" in result.output
    assert snapshot(db_path) == before and audit_rows(db_path) == []


def test_a_note_longer_than_the_limit_is_refused_from_the_cli_and_imports(db_path, tmp_path):
    from datasette_provenance.ratings_io import MAX_NOTE_CHARS

    long_note = "x" * (MAX_NOTE_CHARS + 1)
    before = snapshot(db_path)
    result = run("rate", db_path, "Valery Gerasimov", "A", "--note", long_note)
    assert result.exit_code == 1 and "at most 10,000 characters" in result.output
    ratings_file = tmp_path / "ratings.json"
    ratings_file.write_text(json.dumps([{"name": "The Kremlin", "reliability": "B"},
                                        {"name": "Valery Gerasimov", "reliability": "A",
                                         "note": long_note}]))
    result = run("ratings", "import", db_path, ratings_file)
    assert result.exit_code == 1 and "rating 2: a note is at most" in result.output
    assert snapshot(db_path) == before and audit_rows(db_path) == []
    # At the limit it is a note like any other.
    assert run("rate", db_path, "Valery Gerasimov", "A", "--note", long_note[1:]).exit_code == 0


def test_text_sqlite_cannot_store_is_a_clear_error_not_a_traceback(db_path, tmp_path):
    """A note typed in a terminal that is not UTF-8 reaches Python as lone surrogates; a JSON
    file may spell one out ("\\ud800"). Neither can be written: say so, change nothing."""
    before = snapshot(db_path)
    for args in (["Valery Gerasimov", "A", "--note", "bad \udcff byte"], ["Ana \udc80 Ruiz", "A"]):
        result = CliRunner().invoke(cli, ["provenance", "rate", db_path, *args])
        assert result.exit_code == 1 and "is not valid text" in result.output, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
    bad = tmp_path / "bad.json"
    bad.write_text('[{"name": "Valery Gerasimov", "reliability": "A", "note": "x \\ud800 y"}]')
    result = run("ratings", "import", db_path, bad)
    assert result.exit_code == 1 and "rating 1: the note is not valid text" in result.output
    assert snapshot(db_path) == before and audit_rows(db_path) == []


def test_import_adds_unknown_sources_so_ratings_apply_later(db_path, tmp_path):
    f = tmp_path / "r.json"
    f.write_text(json.dumps([{"name": "Not Yet Loaded", "reliability": "B"}]))
    assert run("ratings", "import", db_path, f).exit_code == 0
    row = sqlite_utils.Database(db_path).execute(
        "select reliability from sources where name = 'Not Yet Loaded'").fetchone()
    assert row == ("B",)


def test_rescore_with_changed_weights(db_path, tmp_path):
    config = tmp_path / "datasette.yaml"
    config.write_text("plugins:\n  datasette-provenance:\n    weights:\n      base_vague: 40\n")
    before = snapshot(db_path)
    result = run("rescore", db_path, "-c", config)
    assert result.exit_code == 0, result.output
    after = snapshot(db_path)
    moved = changed_ids(before, after)
    db = sqlite_utils.Database(db_path)
    # Every statement whose primary source is vague says the new base in its reasons ...
    vague_primary = {r[0] for r in db.execute(
        "select statement_id from attributions where depth = 0 and source_kind = 'vague'")}
    assert moved == vague_primary and vague_primary
    # ... and the score moves where the vague source is what stands behind the claim.
    for sid, in db.execute("select id from statements where sourcing = 'vague'"):
        assert after[sid]["score"] == before[sid]["score"] + 10


def test_unknown_weight_is_an_error(db_path, tmp_path):
    config = tmp_path / "datasette.yaml"
    config.write_text("plugins:\n  datasette-provenance:\n    weights:\n      base_vauge: 40\n")
    result = run("rescore", db_path, "-c", config)
    assert result.exit_code == 1 and "unknown scoring weight 'base_vauge'" in result.output


def test_rating_follows_after_weight_change(db_path, tmp_path):
    """A rate with -c uses the configured reliability weight."""
    config = tmp_path / "metadata.yml"
    config.write_text("plugins:\n  datasette-provenance:\n    weights:\n      reliability_B: 12\n")
    before = snapshot(db_path)
    run("rate", db_path, "Valery Gerasimov", "B", "-c", config)
    after = snapshot(db_path)
    assert {after[i]["score"] - before[i]["score"] for i in changed_ids(before, after)} == {12}


def test_direct_sql_changes_are_audited_and_invalid_letters_refused(db_path):
    """The guarantees hold for writers that bypass the plugin (SQL shell, write APIs)."""
    import sqlite3

    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("update sources set reliability = 'D' where name = 'The Kremlin'")
        conn.execute("update outlets set notes = 'state-aligned' where name = 'Kremlin Daily'")
        conn.execute("update sources set statement_count = 5")  # not a rating: no row
    for bad in ("Z", None, "b"):
        with pytest.raises(sqlite3.IntegrityError, match="reliability must be one of"):
            with conn:
                conn.execute("update sources set reliability = ? where name = 'The Kremlin'", [bad])
    with pytest.raises(sqlite3.IntegrityError):
        with conn:
            conn.execute("insert into outlets (name, reliability) values ('X', 'G')")
    rows = audit_rows(db_path)
    assert [(r["target_type"], r["target_name"], r["old_reliability"], r["new_reliability"])
            for r in rows] == [("source", "The Kremlin", "F", "D"),
                               ("outlet", "Kremlin Daily", "F", "F")]
    assert all(r["who"].startswith("direct SQL") and r["statements_rescored"] is None for r in rows)
    # `rescore` then brings the scores in line with the ratings.
    before = snapshot(db_path)
    assert "0 changed" not in run("rescore", db_path).output
    assert changed_ids(before, snapshot(db_path)) == {
        r[0] for r in sqlite_utils.Database(db_path).execute(
            "select statement_id from attributions a join sources s on s.id = a.source_id"
            " where s.name = 'The Kremlin'")}


def test_rescore_remembers_weights_for_later_loads_and_ratings(tmp_path):
    from conftest import SEEDS

    db_path = str(tmp_path / "seeds.db")
    seed = SEEDS / "safety-zone-initiative.txt"
    others = [p for p in sorted(SEEDS.iterdir()) if p != seed]
    assert run("load", db_path, *others).exit_code == 0
    config = tmp_path / "datasette.yaml"
    config.write_text("plugins:\n  datasette-provenance:\n    weights:\n"
                      "      unattributed: 12\n      reliability_B: 9\n")
    assert run("rescore", db_path, "-c", config).exit_code == 0
    # A rating set before the article loads, without -c: load uses stored ratings and weights.
    assert run("ratings", "import", db_path, _write(tmp_path / "r.csv",
               "name,reliability\nValery Gerasimov,B\n")).exit_code == 0
    assert run("load", db_path, seed).exit_code == 0
    before = snapshot(db_path)
    # Re-scoring without -c now changes nothing: load already scored with the same inputs.
    assert "0 changed" in run("rescore", db_path).output
    db = sqlite_utils.Database(db_path)
    reasons = [json.loads(r[0]) for r in db.execute(
        "select reasons from statements where text like 'According to reports from the Chief%'")]
    assert reasons and "source 'Valery Gerasimov' rated B (usually reliable) (+9)" in reasons[0]
    assert "(base 12)" in " ".join(json.loads(db.execute(
        "select reasons from statements where sourcing = 'unattributed' and not is_headline"
    ).fetchone()[0]))
    # An empty weights block goes back to the defaults.
    reset = tmp_path / "reset.yaml"
    reset.write_text("plugins:\n  datasette-provenance:\n    weights: {}\n")
    run("rescore", db_path, "-c", reset)
    assert changed_ids(before, snapshot(db_path))


def _write(path, text):
    path.write_text(text)
    return path


def test_rescoring_the_loaded_seeds_from_their_rows_changes_nothing(tmp_path):
    """statements_from_rows rebuilds exactly what load scored (real extractor, all seeds)."""
    from conftest import SEEDS

    db_path = str(tmp_path / "seeds.db")
    assert run("load", db_path, SEEDS).exit_code == 0
    before = snapshot(db_path)
    result = run("rescore", db_path)
    assert result.exit_code == 0 and f"{len(before)} statements re-scored, 0 changed" in result.output
    assert snapshot(db_path) == before


def test_statement_with_two_chains_rescores_identically(tmp_path):
    """A statement may hold several chains ([depth 0, 1, 0]); rows keep that order."""
    from datasette_provenance import score, store
    from datasette_provenance.model import Article, Attribution, Document, Span, Statement

    text = "Ann Lee said Bob Roe told her the video showed it."
    def span(word):
        at = text.index(word)
        return Span(at, at + len(word), word)
    st = Statement(idx=0, start=0, end=len(text), text=text, attributions=[
        Attribution(0, span("said"), source=span("Ann Lee"), source_kind="person", source_name="Ann Lee"),
        Attribution(1, span("told"), source=span("Bob Roe"), source_kind="person", source_name="Bob Roe"),
        Attribution(0, span("showed"), source=span("video"), source_kind="document", source_name="video"),
    ])
    doc = score.score(Document(text=text, statements=[st]))
    db_path = str(tmp_path / "two.db")
    db = sqlite_utils.Database(db_path)
    store.ensure_schema(db)
    store.save(db, Article(text=text, path="two.txt"), doc, "test")
    before = snapshot(db_path)
    assert "0 changed" in run("rescore", db_path).output
    assert snapshot(db_path) == before


def test_import_is_all_or_nothing_when_a_rating_cannot_be_applied(db_path, tmp_path):
    f = tmp_path / "r.csv"
    # Valid letters, but "12345" is neither an id nor a name that can be created.
    f.write_text("name,reliability\nValery Gerasimov,A\n12345,B\n")
    before = snapshot(db_path)
    result = run("ratings", "import", db_path, f)
    assert result.exit_code == 1 and "no source '12345'" in result.output
    assert snapshot(db_path) == before and audit_rows(db_path) == []
    assert sqlite_utils.Database(db_path).execute(
        "select reliability from sources where name = 'Valery Gerasimov'").fetchone() == ("F",)


def test_an_empty_name_or_an_empty_ratings_file_says_so(db_path, tmp_path):
    # "no source '' in this database" and "CSV needs a header ... (it has: '')" read as a
    # lookup or a header that failed, not as nothing given.
    for args, said in ((("  ", "B"), "error: the source to rate is empty: give its name, an alias or its id"),
                       (("", "B", "--outlet"), "error: the outlet to rate is empty: give its name or its id")):
        result = run("rate", db_path, *args)
        assert result.exit_code == 1 and result.output == said + "\n"
    empty = tmp_path / "ratings.csv"
    empty.write_text("\n\n", encoding="utf-8")
    result = run("ratings", "import", db_path, empty)
    assert result.exit_code == 1 and result.output == (
        f"error: {empty}: the file is empty (a ratings CSV starts with the header "
        "target,name,reliability,note)\n")
    assert audit_rows(db_path) == []
