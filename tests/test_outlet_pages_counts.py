"""The outlet pages count from statements.outlet over one covering index instead of joining
every article with every statement: the figures must be what that join gives."""
import sqlite3

import pytest
from datasette.database import Database, QueryInterrupted

import ratings_fixtures as fx
from ratings_fixtures import built_news_db  # noqa: F401  (fixture)
from datasette_provenance import ratings_web, store
from datasette_provenance.model import Article, Document
from test_ratings_web import make_datasette

# What the pages showed before: the plain join, grouped per outlet / per article.
JOINED_OUTLETS = """
    select o.id, o.name, count(distinct a.id) as articles, count(s.id) as statements,
           round(avg(s.score), 1) as mean_score
    from outlets o left join articles a on a.outlet = o.name
    left join statements s on s.article_id = a.id
    group by o.id order by o.name collate nocase, o.name"""
JOINED_GRADES = """
    select s.grade, count(*) from statements s join articles a on a.id = s.article_id
    where a.outlet = ? group by s.grade"""
JOINED_ARTICLES = """
    select a.id, a.title, a.published, count(s.id) as statements,
           round(avg(s.score), 1) as mean_score
    from articles a left join statements s on s.article_id = a.id where a.outlet = ?
    group by a.id order by a.published desc, a.title, a.id limit ?"""


@pytest.fixture
def db_path(tmp_path, built_news_db):
    path = fx.copy_of(built_news_db, tmp_path / "news.db")
    db = store.open_db(path)
    # An outlet nobody published in, and an article without statements (a headline only).
    db.execute("insert into outlets (name) values ('Silent Gazette')")
    outlet = db.execute("select outlet from articles order by id limit 1").fetchone()[0]
    store.save(db, Article(text="Quiet day", title="nothing said", outlet=outlet,
                           published="2020-01-01", path="quiet.txt"), Document(text="Quiet day"), "test")
    db.conn.commit()
    db.close()
    return path


@pytest.mark.asyncio
async def test_outlets_page_counts_what_the_join_counts(db_path):
    ds = make_datasette(db_path)
    listing = (await ds.client.get("/-/provenance/news/outlets.json")).json()["outlets"]
    conn = sqlite3.connect(db_path)
    expected = [tuple(r) for r in conn.execute(JOINED_OUTLETS)]
    shown = [(o["id"], o["name"], o["articles"], o["statements"], o["mean_score"]) for o in listing]
    assert shown == expected
    assert ("Silent Gazette", 0, 0, None) in [row[1:] for row in shown]
    assert any(row[2] > 1 and row[3] > 0 for row in shown)


@pytest.mark.asyncio
async def test_outlet_page_grades_and_latest_articles_are_the_joins(db_path, monkeypatch):
    monkeypatch.setattr(ratings_web, "OUTLET_ARTICLES_SHOWN", 2)  # the limit cuts the list
    ds = make_datasette(db_path)
    conn = sqlite3.connect(db_path)
    checked = 0
    for oid, name in conn.execute("select id, name from outlets"):
        data = (await ds.client.get(f"/-/provenance/news/outlets/{oid}.json")).json()
        grades = {grade: n for grade, n in conn.execute(JOINED_GRADES, [name])}
        assert data["grades"] == grades
        fields = ("id", "title", "published", "statements", "mean_score")
        articles = [dict(zip(fields, row)) for row in conn.execute(JOINED_ARTICLES, [name, 2])]
        assert [{k: a[k] for k in fields} for a in data["articles"]] == articles
        checked += bool(grades)
    assert checked >= 2


@pytest.mark.asyncio
async def test_outlets_page_interrupted_by_the_time_limit_shows_the_summary_counts(db_path, monkeypatch):
    # Past Datasette's SQL time limit (a busy machine, a huge database) the page counts
    # from provenance_summary and leaves the mean scores out, instead of an error.
    original = Database.execute

    async def interrupted(self, sql, *args, **kwargs):
        if sql == ratings_web.OUTLETS_SQL:  # as Datasette's time limit raises it
            raise QueryInterrupted(sqlite3.OperationalError("interrupted"), sql, None)
        return await original(self, sql, *args, **kwargs)

    monkeypatch.setattr(Database, "execute", interrupted)
    ds = make_datasette(db_path)
    data = (await ds.client.get("/-/provenance/news/outlets.json")).json()
    assert data["partial"] is True
    conn = sqlite3.connect(db_path)
    expected = [tuple(r)[:4] + (None,) for r in conn.execute(JOINED_OUTLETS)]
    assert [(o["id"], o["name"], o["articles"], o["statements"], o["mean_score"])
            for o in data["outlets"]] == expected
    page = await ds.client.get("/-/provenance/news/outlets")
    assert page.status_code == 200 and "Mean scores are left out" in page.text
    # Not interrupted: the full figures, not partial.
    monkeypatch.setattr(Database, "execute", original)
    assert (await make_datasette(db_path).client.get(
        "/-/provenance/news/outlets.json")).json()["partial"] is False


@pytest.mark.parametrize("slow", [
    ("OUTLET_GRADES_SQL",), ("OUTLET_ARTICLES_SQL",), ("OUTLET_ARTICLE_COUNT_SQL",),
    ("OUTLET_GRADES_SQL", "OUTLET_ARTICLES_SQL", "OUTLET_ARTICLE_COUNT_SQL", "OUTLET_GRADES_SUMMARY_SQL"),
])
@pytest.mark.asyncio
async def test_outlet_page_interrupted_by_the_time_limit_degrades_instead_of_failing(
        db_path, monkeypatch, slow):
    # An outlet with hundreds of thousands of statements on a busy machine: each of the
    # page's queries may run past Datasette's SQL time limit. The page still answers.
    conn = sqlite3.connect(db_path)
    oid, name = conn.execute("""select o.id, o.name from outlets o join articles a on a.outlet = o.name
                                group by o.id order by count(*) desc limit 1""").fetchone()
    grades = {grade: n for grade, n in conn.execute(JOINED_GRADES, [name])}
    full = await make_datasette(db_path).client.get(f"/-/provenance/news/outlets/{oid}.json")
    assert full.json()["partial"] is False
    original = Database.execute
    interrupted_sql = {getattr(ratings_web, name) for name in slow}

    async def interrupted(self, sql, *args, **kwargs):
        if sql in interrupted_sql:
            raise QueryInterrupted(sqlite3.OperationalError("interrupted"), sql, None)
        return await original(self, sql, *args, **kwargs)

    monkeypatch.setattr(Database, "execute", interrupted)
    ds = make_datasette(db_path)
    data = (await ds.client.get(f"/-/provenance/news/outlets/{oid}.json")).json()
    assert data["partial"] is True
    # The running totals give the same grades; with those too slow, none.
    assert data["grades"] == ({} if "OUTLET_GRADES_SUMMARY_SQL" in slow else grades)
    # The same articles, in the same order, counted or not.
    assert [a["id"] for a in data["articles"]] == [a["id"] for a in full.json()["articles"]]
    if "OUTLET_ARTICLES_SQL" in slow:
        assert all(a["statements"] is None and a["mean_score"] is None for a in data["articles"])
    page = await ds.client.get(f"/-/provenance/news/outlets/{oid}")
    assert page.status_code == 200
    assert "too slow to make in time" in page.text or "could not be counted in time" in page.text
    assert ">None<" not in page.text


@pytest.mark.asyncio
async def test_outlet_page_draws_each_articles_grade_mix(db_path):
    conn = sqlite3.connect(db_path)
    oid, name = conn.execute("""select o.id, o.name from outlets o join articles a on a.outlet = o.name
                                group by o.id order by count(*) desc limit 1""").fetchone()
    ds = make_datasette(db_path)
    data = (await ds.client.get(f"/-/provenance/news/outlets/{oid}.json")).json()
    for article in data["articles"]:
        expected = dict(conn.execute("select grade, count(*) from statements where article_id = ? "
                                     "group by grade", [article["id"]]).fetchall())
        assert article["grades"] == expected
    page = (await ds.client.get(f"/-/provenance/news/outlets/{oid}")).text
    table = page[page.index('id="articles"'):]
    drawn = sum(1 for a in data["articles"] if a["grades"])
    assert drawn and table.count('class="pv-chart pv-stacked"') == drawn
