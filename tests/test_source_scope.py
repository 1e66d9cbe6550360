"""A role the article never ties to a name ("the mayor said") is that article's own
source; named sources ("Valery Gerasimov") stay one row across articles."""
import sqlite3

import pytest

from datasette_provenance import ratings, rescore, store
from datasette_provenance.ingest import read_articles
from datasette_provenance.text.speakers import article_scoped

# Sentences of our own, two unrelated towns.
TOWN_A = ("Harbor repairs in Eastfield will start in May, the mayor said on Monday.\n\n"
          "Valery Gerasimov said the exercise would go ahead.\n")
TOWN_B = ("The mayor said the Westbrook library will stay open on Sundays.\n\n"
          "Valery Gerasimov said the drills were routine.\n")


@pytest.fixture
def db(tmp_path):
    for name, text in (("a.txt", TOWN_A), ("b.txt", TOWN_B)):
        (tmp_path / name).write_text(text)
    database = store.open_db(tmp_path / "p.db")
    database.files = [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    return database


def load(db):
    return store.load_articles(db, read_articles(db.files))


def sources_named(db, name):
    return db.execute("select id, scope, statement_count from sources where name = ? collate nocase",
                      [name]).fetchall()


def test_role_only_sources_are_per_article_names_are_shared(db):
    load(db)
    mayors = sources_named(db, "mayor")
    assert len(mayors) == 2
    articles = {r[0] for r in db.execute("select id from articles")}
    assert {scope for _, scope, _ in mayors} == articles
    assert all(count == 1 for _, _, count in mayors)
    gerasimov = sources_named(db, "Valery Gerasimov")
    assert len(gerasimov) == 1 and gerasimov[0][1] is None and gerasimov[0][2] == 2
    # Each article's statement cites its own mayor.
    cited = db.execute(
        "select distinct s.article_id, t.source_id from attributions t "
        "join statements s on s.id = t.statement_id join sources src on src.id = t.source_id "
        "where src.name = 'mayor'").fetchall()
    assert len(cited) == 2 and len({sid for _, sid in cited}) == 2
    assert store.check(db) == []


def test_reloading_is_idempotent(db):
    load(db)
    before = db.execute("select id, name, scope, statement_count from sources order by id").fetchall()
    result = load(db)
    assert result.unchanged == 2 and result.loaded == 0
    assert db.execute("select id, name, scope, statement_count from sources order by id").fetchall() == before
    assert store.check(db) == []


def test_scoped_source_is_rated_by_id_alone(db):
    load(db)
    (first, scope, _), (second, _, _) = sources_named(db, "mayor")
    with pytest.raises(ratings.RatingError):
        ratings.set_rating(db.conn, "source", "mayor", "B")  # which mayor? none by name
    change = ratings.set_rating(db.conn, "source", first, "B")
    assert change.rescored
    rated = db.execute("select reliability from sources where id = ?", [first]).fetchone()[0]
    other = db.execute("select reliability from sources where id = ?", [second]).fetchone()[0]
    assert (rated, other) == ("B", "F")
    reasons = db.execute(
        "select reasons from statements where article_id = ? and reasons like '%mayor%'",
        [scope]).fetchall()
    assert reasons and all("rated B" in r[0] for r in reasons)
    others = db.execute(
        "select reasons from statements where article_id != ? and reasons like '%mayor%'",
        [scope]).fetchall()
    assert others and not any("rated B" in r[0] for r in others)


def test_older_database_with_unique_names_still_loads(tmp_path, db):
    # A database from before sources.scope: one unique index on name, no scope column.
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    conn.executescript(
        "create table sources (id integer primary key, name text not null, kind text, "
        "reliability text default 'F', notes text, statement_count integer default 0);"
        "create unique index idx_sources_name on sources (name);"
        "insert into sources (name, kind) values ('mayor', 'person');")
    conn.commit()
    conn.close()
    database = store.open_db(old)
    store.load_articles(database, read_articles(db.files))
    assert len(sources_named(database, "mayor")) == 3  # the old shared row and one per article
    assert store.check(database) == []


@pytest.mark.parametrize("name, kind, scoped", [
    ("mayor", "person", True), ("police chief", "person", True), ("spokesman", "person", True),
    ("Foreign Minister", "person", True), ("a senior official", "anonymous", True),
    ("Indiana governor", "person", True),
    ("Valery Gerasimov", "person", False), ("Charles King", "person", False), ("", "person", False), ("Mr. King", "person", False), ("Reuters", "media", False),
    ("the ministry", "organisation", False),
])
def test_which_sources_belong_to_one_article(name, kind, scoped):
    assert article_scoped(name, kind) is scoped


def statement_rows(db, article_id):
    return db.execute("select idx, score, grade, sourcing, reasons from statements "
                      "where article_id = ? order by idx", [article_id]).fetchall()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_scoped_rating_applies_when_its_article_is_extracted_again(db, workers):
    """'the mayor' of one article, rated by id, keeps its rating in the scores of a later
    extraction of that article (a newer extractor), not only after `rescore`."""
    load(db)
    (mayor, scope, _), _ = sources_named(db, "mayor")
    ratings.set_rating(db.conn, "source", mayor, "B")
    rated = statement_rows(db, scope)
    assert any("rated B" in reasons for *_, reasons in rated)
    result = store.load_articles(db, read_articles(db.files), workers=workers,
                                 extractor_version="99.0")  # a newer extractor
    assert result.loaded == 2 and result.failed == 0
    assert statement_rows(db, scope) == rated
    assert sources_named(db, "mayor")[0][0] == mayor
    ids = [r[0] for r in db.execute("select id from statements")]
    assert rescore.rescore(db.conn, ids) == []  # nothing left for rescore to fix
    assert store.check(db) == []
