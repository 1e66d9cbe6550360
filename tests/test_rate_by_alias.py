"""`rate` by an alias: an alias that names one source rates it; one that several sources
share ("the harbour chief" of two articles) is refused with the candidates, nothing changed,
instead of rating whichever row came first."""
import sqlite3

from click.testing import CliRunner
from datasette.cli import cli


def run(*args):
    return CliRunner().invoke(cli, ["provenance", *map(str, args)])


def _two_harbour_chiefs(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Harbour Vote Delayed\nAna Ruiz, the harbour chief, said the vote "
                                  "would wait.\n", encoding="utf-8")
    (corpus / "b.txt").write_text("Toll Plan Attacked\nTom Berg, the harbour chief, said the toll "
                                  "was unfair.\n", encoding="utf-8")
    (corpus / "c.txt").write_text("Ferry Fares Rise\nLena Ostrova, the ferry operator, said fares "
                                  "would rise.\n", encoding="utf-8")
    db = tmp_path / "p.db"
    assert run("load", db, corpus).exit_code == 0
    return db


def _state(db):
    conn = sqlite3.connect(db)
    return (conn.execute("select name, reliability from sources order by name").fetchall(),
            conn.execute("select group_concat(score) from statements").fetchone(),
            conn.execute("select count(*) from rating_changes").fetchone())


def test_an_alias_several_sources_share_is_refused_with_the_candidates(tmp_path):
    db = _two_harbour_chiefs(tmp_path)
    before = _state(db)
    result = run("rate", db, "the harbour chief", "B")
    assert result.exit_code == 1
    ids = dict(sqlite3.connect(db).execute("select name, id from sources"))  # (headlines may add sources)
    assert (f"'the harbour chief' is an alias of 2 sources: 'Ana Ruiz' (id {ids['Ana Ruiz']}), "
            f"'Tom Berg' (id {ids['Tom Berg']})" in result.output)
    assert _state(db) == before
    ratings = tmp_path / "ratings.csv"
    ratings.write_text("name,reliability\nLena Ostrova,A\nthe harbour chief,B\n", encoding="utf-8")
    result = run("ratings", "import", db, ratings)
    assert result.exit_code == 1 and "is an alias of 2 sources" in result.output
    assert _state(db) == before  # one row it cannot apply: nothing applied
    config = tmp_path / "datasette.yaml"
    config.write_text(f"plugins:\n  datasette-provenance:\n    ratings_file: {ratings}\n", encoding="utf-8")
    for args in (("ratings", "sync", db, "-c", config), ("rescore", db, "-c", config)):
        result = run(*args)
        assert result.exit_code == 1 and "is an alias of 2 sources" in result.output, args
        assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)


def test_an_alias_of_one_source_rates_it(tmp_path):
    db = _two_harbour_chiefs(tmp_path)
    result = run("rate", db, "the ferry operator", "A")
    assert result.exit_code == 0, result.output
    assert "source 'Lena Ostrova' (for 'the ferry operator'): F -> A, 1 statement re-scored" in result.output
    assert ("Lena Ostrova", "A") in _state(db)[0]


def test_rating_a_name_merged_into_another_says_which_source_it_rated(tmp_path):
    # "Berg" (rated on its own, then merged into "Tom Berg" by the next load) names the
    # merged source; the confirmation names the source rated -- its current name, never
    # the merged-away one -- and the name or id the user typed, so the change is not a puzzle.
    (tmp_path / "b.txt").write_text("Bridge\nBerg said the bridge would open.\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Ferry\nTom Berg said the ferry would leave.\n", encoding="utf-8")
    db = tmp_path / "p.db"
    assert run("load", db, tmp_path / "b.txt").exit_code == 0
    assert run("rate", db, "Berg", "B").output == "source 'Berg': F -> B, 1 statement re-scored\n"
    loaded = run("load", db, tmp_path / "a.txt")
    assert loaded.output == "1 loaded, 0 unchanged, 0 failed, 1 source merged\n"
    (old_id,) = sqlite3.connect(db).execute("select old_id from source_merges").fetchone()
    assert run("rate", db, "berg", "A").output == \
        "source 'Tom Berg' (for 'berg'): B -> A, 2 statements re-scored\n"
    assert run("rate", db, old_id, "C").output == \
        f"source 'Tom Berg' (for #{old_id}): A -> C, 2 statements re-scored\n"
    assert run("rate", db, "tom berg", "C").output == "source 'Tom Berg' already C: nothing changed\n"
    assert sqlite3.connect(db).execute("select name, reliability from sources").fetchall() == [
        ("Tom Berg", "C")]
