"""provenance_facet_counts (the statements' default facet columns counted per combination)
and the provenance_counts facet type that serves the default facets from it."""
import re
import shutil

import pytest
from datasette.app import Datasette

from datasette_provenance import facet_counts, ratings, rescore, store
from datasette_provenance.compat import IS_1_0, facet_results

from conftest import SEEDS
from store_helpers import load


_LIST = ", ".join(facet_counts.COLUMNS)


def stored(db):
    return sorted(db.execute(f"select {_LIST}, n from {facet_counts.TABLE}").fetchall(), key=repr)


def recount(db):
    """The statements counted per combination, straight from the rows."""
    return sorted(db.execute(
        f"select {_LIST}, count(*) from statements group by {_LIST}").fetchall(), key=repr)


@pytest.fixture
def corpus(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "corpus")
    return tmp_path / "corpus"


@pytest.fixture
def db(tmp_path, corpus):
    db = store.open_db(tmp_path / "news.db")
    db.file = tmp_path / "news.db"  # for Datasette
    load(db, corpus)
    return db


def test_counts_follow_loads_reloads_deletes_rescoring_and_ratings(db, corpus):
    counts = stored(db)
    assert counts == recount(db) and sum(row[-1] for row in counts) == db["statements"].count
    assert any(None in row for row in counts)  # NULL is a value of a combination too
    # A changed file replaces its article.
    seed = corpus / "safety-zone-initiative.txt"
    seed.write_text(seed.read_text().replace(
        "\n\n", "\n\nOfficials said nothing changed. Nobody knows why.\n\n", 1))
    assert load(db, corpus).loaded == 1
    assert stored(db) == recount(db)
    # An article removed (its statements' combinations go down, emptied ones go).
    aid = db.execute("select id from articles order by statement_count desc limit 1").fetchone()[0]
    with store.Writer(db) as writer:
        writer.delete_article(aid)
    assert stored(db) == recount(db)
    assert all(n > 0 for *_, n in stored(db))
    # Re-scoring with other weights moves statements between grades (UPDATE trigger).
    before = stored(db)
    with db.conn:
        rescore.rescore(db.conn, rescore.all_statement_ids(db.conn),
                        {"base_person": 5, "base_organisation": 5, "base_document": 5})
    assert stored(db) != before and stored(db) == recount(db)
    # A rating change re-scores the statements citing the source.
    name = db.execute("select name from sources order by statement_count desc limit 1").fetchone()[0]
    before = stored(db)
    ratings.set_rating(db.conn, "source", name, "A")
    assert stored(db) != before and stored(db) == recount(db)
    # Any counted column changed in place, NULLs included.
    with db.conn:
        db.execute("update statements set outlet = null, cue_kind = 'noun' "
                   "where id in (select id from statements order by id limit 3)")
        db.execute("update statements set outlet = 'Elsewhere' where id = (select max(id) from statements)")
    assert stored(db) == recount(db)
    assert store.check(db) == []


def test_check_reports_a_corrupted_table(db):
    assert store.check(db) == []
    with db.conn:
        db.execute(f"update {facet_counts.TABLE} set n = n + 1 where rowid = (select min(rowid) "
                   f"from {facet_counts.TABLE})")
    problems = store.check(db)
    assert problems and all(p.startswith("facet counts: ") for p in problems)
    assert "statements have" in problems[0]
    store.rebuild_counts(db)  # the repair
    assert store.check(db) == []
    with db.conn:
        db.execute(f"insert into {facet_counts.TABLE} select * from {facet_counts.TABLE} limit 1")
    assert any("more than one row" in p for p in store.check(db))
    store.rebuild_counts(db)
    assert stored(db) == recount(db) and store.check(db) == []
    db.execute(f"drop table {facet_counts.TABLE}")
    assert store.check(db) == [f"facet counts: table {facet_counts.TABLE} is missing"]


def test_older_database_gains_the_table(db, monkeypatch):
    expected = stored(db)
    db.execute(f"drop table {facet_counts.TABLE}")
    db.conn.commit()
    # A kill while it is being filled leaves no empty table that looks current.
    monkeypatch.setattr(facet_counts, "fill", lambda conn: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        store.ensure_schema(db)
    assert facet_counts.TABLE not in db.table_names()
    monkeypatch.undo()
    store.ensure_schema(db)  # what the next load or open_db does
    assert stored(db) == expected and store.check(db) == []


def _with_a_writer_between_every_statement(db):
    """Another connection changes a statement's grade (as a rating change in another
    process does) just before each statement ``db`` executes, whenever it gets the write
    lock: a moment where ``db`` has committed a counts table but not yet its trigger lets
    that change past the counts."""
    import sqlite3
    other = sqlite3.connect(db.file, timeout=0, isolation_level=None)
    flips = []

    def write(_statement):
        try:
            other.execute("update statements set grade = case grade when 'A' then 'B' else 'A' end "
                          "where id = (select min(id) from statements)")
            flips.append(1)
        except sqlite3.OperationalError:  # db holds the write lock: a transaction is open
            pass
    db.conn.set_trace_callback(write)
    return flips


@pytest.mark.parametrize("table", [facet_counts.TABLE, "provenance_summary"])
def test_creating_a_counts_table_and_its_trigger_leaves_no_window(db, table):
    # A database from before the table has neither it nor its trigger.
    db.execute(f"drop trigger {table}_update")
    db.execute(f"drop table {table}")
    db.conn.commit()
    flips = _with_a_writer_between_every_statement(db)
    store.ensure_schema(db)
    db.conn.set_trace_callback(None)
    assert flips  # the other writer did get in between some statements
    assert stored(db) == recount(db) and store.check(db) == []


def test_ensure_schema_again_changes_nothing(db):
    # Idempotent: a current database keeps its schema (no trigger dropped and made again,
    # which was a window of its own, and made every open connection re-read the schema).
    version = db.execute("pragma schema_version").fetchone()[0]
    flips = _with_a_writer_between_every_statement(db)
    store.ensure_schema(db)
    db.conn.set_trace_callback(None)
    assert db.execute("pragma schema_version").fetchone()[0] == version
    assert flips and stored(db) == recount(db) and store.check(db) == []


# --- the facet type, through Datasette ----------------------------------------------

COLUMNS = list(facet_counts.COLUMNS)


def datasette(path, facets=None):
    """Datasette on the database; ``facets`` set as the user's configuration (else the
    plugin's defaults: the provenance_counts type)."""
    if facets is None:
        return Datasette([str(path)])
    own = {"databases": {"news": {"tables": {"statements": {"facets": facets}}}}}
    return Datasette([str(path)], **({"config": own} if IS_1_0 else {"metadata": own}))


def pair(db):
    """Datasette with the plugin's facet type (its defaults), and with plain column facets."""
    return datasette(db.file), datasette(db.file, COLUMNS)


async def both(instances, query):
    """(facets of the plugin's type, Datasette's plain column facets) for one query."""
    results = []
    for ds in instances:
        response = await ds.client.get(f"/news/statements.json?{query}&_extra=facet_results")
        assert response.status_code == 200, response.text
        # The same facets; which of two facets of one column is called grade_2 depends on
        # the order Datasette runs facet classes in.
        results.append(sorted(facet_results(response.json()).values(),
                              key=lambda f: (f["name"], f["hideable"])))
    return results


def queries(db):
    outlet = db.execute("select outlet from statements where outlet is not null "
                        "group by outlet order by count(*) desc").fetchone()[0]
    return [
        "", "grade=F", "sourcing=unattributed", f"outlet={outlet}", "grade__exact=F",
        "grade=F&cue_kind=verb", "grade=F&grade=B", "claim=1", "claim=1&grade=F", "_facet_size=2", "grade=F&_facet_size=1",
        "_facet=grade", "_facet=grade&grade=F", "outlet=Nowhere",
        # not the counts table's: Datasette's GROUP BY over the rows
        "text__contains=said", "_where=idx > 2", "grade__not=F", "idx=0", "cue_kind__isnull=1",
    ]


@pytest.mark.asyncio
async def test_facets_equal_datasettes_column_facets(db):
    instances = pair(db)
    for query in queries(db):
        ours, plain = await both(instances, query)
        assert ours == plain, query
        assert set(COLUMNS) <= {facet["name"] for facet in ours}
        empty = "Nowhere" in query or "grade=B" in query  # no rows match these
        assert any(facet["results"] for facet in ours) != empty, query


@pytest.mark.asyncio
async def test_counts_table_answers_equality_filters_only(db):
    """Proved by skewing the table: the views it answers show the skew, the others not."""
    with db.conn:
        db.execute(f"update {facet_counts.TABLE} set n = n + 1000")
    instances = pair(db)
    for query in queries(db):
        ours, plain = await both(instances, query)
        if "Nowhere" in query:
            continue  # no combination to skew
        answered = not re.search(r"__(?!exact)|_where|idx=|grade=F&grade=B", query)
        assert (ours != plain) == answered, query
    # A database from before the table: Datasette's own facets, the same counts.
    db.execute(f"drop table {facet_counts.TABLE}")
    db.conn.commit()
    ours, plain = await both(pair(db), "grade=F")
    assert ours == plain


@pytest.mark.asyncio
async def test_statements_page_looks_like_datasettes_own(db):
    ours, plain = datasette(db.file), datasette(db.file, COLUMNS)
    for query in ("", "?grade=F&sourcing=unattributed"):
        pages = [await ds.client.get(f"/news/statements{query}") for ds in (ours, plain)]
        blocks = [re.search(r'<div class="facet-results">.*?\n</div>', page.text, re.S).group(0)
                  for page in pages]
        assert blocks[0] == blocks[1] and "(provenance_counts)" not in pages[0].text
        # Columns shown as facets are not suggested again (Datasette's own behaviour).
        suggested = re.search(r'<p class="suggested-facets">.*?</p>', pages[0].text, re.S)
        if suggested:
            names = re.findall(r">(\w+)</a>", suggested.group(0))
            assert not set(names) & set(COLUMNS), names


@pytest.mark.asyncio
async def test_links_asking_for_the_default_facets_show_each_once(db):
    from datasette_provenance.facet_class import request_args
    link = "/news/statements.json?" + request_args(COLUMNS) + "&_extra=facet_results"
    # Configured by the plugin's defaults too: each facet once, not hideable.
    shown = facet_results((await datasette(db.file).client.get(link)).json())
    assert sorted(shown) == sorted(COLUMNS)
    assert not any(facet["hideable"] for facet in shown.values())
    # The user configured other facets: the link's facets come (hideable), counted the same.
    ds = datasette(db.file, ["article_id"])
    shown = facet_results((await ds.client.get(link)).json())
    assert sorted(shown) == sorted(COLUMNS + ["article_id"])
    plain = facet_results((await datasette(db.file, COLUMNS).client.get(
        "/news/statements.json?_extra=facet_results")).json())
    for column in COLUMNS:
        assert shown[column]["hideable"]
        assert f"_facet_provenance_counts={column}" not in shown[column]["toggle_url"]
        assert [(v["value"], v["count"]) for v in shown[column]["results"]] == \
            [(v["value"], v["count"]) for v in plain[column]["results"]]
