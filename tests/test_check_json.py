"""`datasette provenance check` reads the JSON the store keeps in text columns: a value
that does not parse, or parses to the wrong shape, is reported with its table, row id
and column; the values a load writes pass."""
import sqlite3

import pytest
from click.testing import CliRunner
from datasette.cli import cli

from datasette_provenance import jobs, store
from datasette_provenance.stored_scoring import remember_weights
from ui_helpers import one_article_db

TEXT = ("Harbour fees to rise\n\nThe port authority said fees would rise in June, "
        "reportedly by a lot. \"We have no choice,\" the director said, \"none at all.\"\n")


@pytest.fixture
def db_path(tmp_path):
    path = one_article_db(tmp_path, "harbour.md", TEXT)[0]
    db = store.open_db(path)
    jobs.ensure_jobs_table(db)
    db["provenance_jobs"].insert({"table_name": "t", "column_name": "c", "status": "done",
                                  "options": "{}", "row_errors": "[]", "actor": '{"id": "ana"}'})
    with db.conn:
        remember_weights(db.conn, {"named_base": 70})
        # identity.py's record, as a merge and an ambiguous name leave it
        first, last = db.execute("select min(id), max(id) from sources").fetchone()
        db.execute("insert into source_merges (old_id, name, kind, canonical_id, aliases) "
                   "values (?, 'Tom Q. Berg', 'person', ?, '[\"Tom Q. Berg\"]')", [last + 100, first])
        db.execute("insert into source_ambiguities (source_id, name, candidates) "
                   "values (?, 'Berg', '[\"Tom Berg\", \"Ana Berg\"]')", [first])
    return path


def check(path):
    return store.check(store.open_db(path, create=False))


def test_what_a_load_writes_passes(db_path):
    conn = sqlite3.connect(db_path)
    # the fixture has every JSON column filled: hedges, pieces, a job, weights
    assert conn.execute("select count(*) from statements where hedges != '[]'").fetchone()[0]
    assert conn.execute("select count(*) from attributions where content_parts is not null").fetchone()[0]
    assert check(db_path) == []


BAD = [
    ("statements", "reasons", "not json", "not JSON"),
    ("statements", "reasons", '{"a": 1}', "not a JSON list"),
    ("statements", "reasons", '["fine", 3]', "item 2 is 3"),
    ("statements", "hedges", '[{"start": "x", "end": 2, "text": "y"}]', "item 1 is"),
    ("statements", "hedges", '"reportedly"', "not a JSON list"),
    ("attributions", "content_parts", "[[1, 2, 3], [4, 5]]", "item 1 is [1, 2, 3]"),
    ("attributions", "content_parts", "[[5, 9]]", "fewer than two content pieces"),
    ("attributions", "content_parts", "[[1, 2], [4, 5", "not JSON"),
    ("articles", "extra", "[1, 2]", "not a JSON object"),
    ("provenance_scoring", "value", '{"named_base": "high"}', "weight 'named_base'"),
    ("provenance_jobs", "options", "nope", "not JSON"),
    ("provenance_jobs", "row_errors", '["oops"]', "item 1 is 'oops'"),
    ("source_merges", "aliases", '"Tom Q. Berg"', "not a JSON list"),
    ("source_ambiguities", "candidates", "[1, 2]", "item 1 is 1"),
]


@pytest.mark.parametrize("table, column, value, problem", BAD)
def test_bad_json_is_reported_with_table_row_and_column(db_path, table, column, value, problem):
    conn = sqlite3.connect(db_path)
    key = {"provenance_scoring": "key", "source_merges": "old_id",
           "source_ambiguities": "source_id"}.get(table, "id")
    row_id = conn.execute(f'select "{key}" from {table} order by rowid desc limit 1').fetchone()[0]
    with conn:
        conn.execute(f'update {table} set "{column}" = ? where "{key}" = ?', [value, row_id])
    conn.close()
    found = [p for p in check(db_path) if p.startswith("json: ")]
    assert len(found) == 1, check(db_path)
    assert found[0].startswith(f"json: {table} row {row_id} {column}: ")
    assert problem in found[0]
    # The command says so too, and fails.
    result = CliRunner().invoke(cli, ["provenance", "check", str(db_path)])
    assert result.exit_code != 0 and f"{table} row {row_id} {column}" in result.output


def test_one_bad_value_in_many_rows_is_reported_for_each_row(db_path):
    # Each distinct value is parsed once: the rows that share a bad one are still named,
    # every one, between rows whose shared value is fine.
    conn = sqlite3.connect(db_path)
    ids = [r[0] for r in conn.execute("select id from statements order by id")]
    assert len(ids) >= 3
    bad = ids[::2]
    with conn:
        conn.execute("update statements set reasons = '[\"same\"]'")
        conn.executemany("update statements set reasons = '[\"same\", 7]' where id = ?",
                         [[i] for i in bad])
    conn.close()
    found = [p for p in check(db_path) if p.startswith("json: ")]
    assert found == [f"json: statements row {i} reasons: item 2 is 7, not a text" for i in bad]


def test_long_values_are_checked_without_holding_the_column_in_memory(tmp_path):
    # Shared short values are parsed once; long ones (an article's `extra` keeping a scraped
    # page) are each as good as unique: remembering them held the whole column in memory.
    import json
    import tracemalloc

    from datasette_provenance import json_checks

    conn = sqlite3.connect(tmp_path / "big.db")
    conn.execute("create table articles (id text primary key, extra text)")
    conn.executemany("insert into articles values (?, ?)", [
        (f"a{i}", json.dumps({"page": f"{i} " + "x" * 50_000})) for i in range(200)])
    conn.execute("insert into articles values ('bad', ?)", [json.dumps(["x" * 50_000])])
    conn.commit()
    tracemalloc.start()
    try:
        found = list(json_checks.problems(conn, {"articles"}))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(found) == 1 and found[0].startswith("articles row bad extra: ")
    assert peak < 2_000_000, peak  # all 200 values: 10 MB
