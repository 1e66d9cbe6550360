"""Store and loader: idempotency, replacement, re-extraction, atomicity, counts."""
import shutil

import pytest

from datasette_provenance import store, loader
from datasette_provenance.ingest import IngestError, read_articles
from datasette_provenance.model import Article, Attribution, Document, SourceMention, Span, Statement
from datasette_provenance.pipeline import analyse

from conftest import SEEDS
from store_helpers import content, load

TABLES = ("articles", "statements", "attributions", "sources", "source_aliases", "provenance_summary")


def counts(db):
    return {t: db[t].count for t in TABLES}


@pytest.fixture
def db(tmp_path):
    return store.open_db(tmp_path / "p.db")


def test_schema_names_wal_and_indexes(db):
    assert {"articles", "statements", "attributions", "sources"} <= set(db.table_names())
    assert {"id", "text"} <= set(db["articles"].columns_dict)
    assert {"text", "score", "grade", "sourcing"} <= set(db["statements"].columns_dict)
    assert {"id", "name"} <= set(db["sources"].columns_dict)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    indexed = {tuple(i.columns) for i in db["statements"].indexes}
    leading = {columns[0] for columns in indexed}
    for column in ("sourcing", "grade", "cue_kind", "source_kind", "outlet", "score", "chain_depth"):
        assert column in leading  # every facet / sort column leads an index
    for column in ("sourcing", "cue_kind", "source_kind", "outlet"):
        assert ("grade", column) in indexed  # facets of a grade-filtered view
    assert ("article_id", "idx") in indexed and ("outlet", "grade", "score") in indexed
    assert db["statements"].foreign_keys and db["attributions"].foreign_keys


def test_load_seeds_twice_adds_nothing(db):
    first = load(db, SEEDS)
    n = len(list(read_articles([str(SEEDS)])))
    assert n >= 6 and (first.loaded, first.unchanged, first.failed) == (n, 0, 0)
    before = content(db)
    second = load(db, SEEDS)
    assert (second.loaded, second.unchanged, second.failed) == (0, n, 0)
    assert content(db) == before
    assert store.check(db) == []


def test_same_file_twice_in_one_load_is_one_article(db, tmp_path):
    shutil.copy(SEEDS / "school-meals-pilot.txt", tmp_path / "a.txt")
    shutil.copy(SEEDS / "school-meals-pilot.txt", tmp_path / "b.txt")
    result = load(db, tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "a.txt")
    assert db["articles"].count == 1 and result.loaded == 1 and result.unchanged == 2
    assert store.check(db) == []


def test_changed_article_replaces_its_rows(db, tmp_path):
    p = tmp_path / "story.txt"
    p.write_text("Bridge Closed\n\nOfficials said the bridge was closed.\n")
    load(db, p)
    old_id = db.execute("select id from articles").fetchone()[0]
    p.write_text("Bridge Reopened\n\nOfficials said the bridge reopened. Traffic is flowing.\n")
    result = load(db, p)
    assert result.loaded == 1
    rows = db.execute("select id, title from articles").fetchall()
    assert len(rows) == 1 and rows[0][0] != old_id and rows[0][1] == "Bridge Reopened"
    assert db.execute("select count(*) from statements where article_id = ?", [old_id]).fetchone()[0] == 0
    assert store.check(db) == []


def test_moved_file_is_unchanged_and_takes_new_origin(db, tmp_path):
    (tmp_path / "a").mkdir()
    p = tmp_path / "a" / "story.txt"
    p.write_text("Headline\n\nOfficials said so.\n")
    load(db, p)
    moved = tmp_path / "story.txt"
    p.rename(moved)
    assert load(db, moved).unchanged == 1
    assert db.execute("select path from articles").fetchone()[0] == str(moved)


def test_newer_extractor_reextracts_old_rows(db, tmp_path, monkeypatch):
    n = len(list(read_articles([str(SEEDS)])))
    load(db, SEEDS, extractor_version="0.0.0")
    assert {r[0] for r in db.execute("select extractor_version from articles")} == {"0.0.0"}
    before = content(db)
    # Only one file passed: the other stored articles are brought up to date too.
    result = load(db, SEEDS / "school-meals-pilot.txt", extractor_version="0.0.10")
    assert result.loaded + result.reextracted == n and result.failed == 0
    assert {r[0] for r in db.execute("select extractor_version from articles")} == {"0.0.10"}
    after = content(db)
    assert [r[:7] for r in after["articles"]] == [r[:7] for r in before["articles"]]
    assert after["statements"] == before["statements"]
    # An older extractor does not downgrade what a newer one stored.
    again = load(db, SEEDS, extractor_version="0.0.9")
    assert (again.loaded, again.unchanged, again.reextracted) == (0, n, 0)
    assert store.check(db) == []


def test_reextract_uses_current_module_version(db, monkeypatch):
    from datasette_provenance import text
    load(db, SEEDS / "school-meals-pilot.txt")
    monkeypatch.setattr(text, "EXTRACTOR_VERSION", text.EXTRACTOR_VERSION + ".1")
    assert load(db, SEEDS / "school-meals-pilot.txt").loaded == 1
    assert db.execute("select extractor_version from articles").fetchone()[0] == text.EXTRACTOR_VERSION


def test_one_article_is_all_or_nothing(db, tmp_path, monkeypatch):
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(f"Story {name}\n\nOfficials said {name} happened.\n")
    real_prepare = store.prepare

    def broken_prepare(article, document, version, aid=None):
        prepared = real_prepare(article, document, version, aid=aid)
        if article.path.endswith("b.txt"):
            # A bad row after the article row and some statements were written.
            prepared.attributions.append((0, 0, 0, None, "verb", 0, 1, None, "none", None,
                                          None, None, None, None, None, 0))
            prepared.attributions.append((99, 0, 0, "x", "verb", 0, 1, None, "none", None,
                                          None, None, None, None, None, 0))
        return prepared

    monkeypatch.setattr(store, "prepare", broken_prepare)
    seen = []
    result = load(db, tmp_path, on_item=lambda status, item: seen.append((status, item)))
    assert result.loaded == 2 and result.failed == 1
    assert [s for s, _ in seen] == ["loaded", "failed", "loaded"]
    assert str(seen[1][1]).startswith(f"{tmp_path / 'b.txt'}: could not store")
    assert sorted(r[0] for r in db.execute("select path from articles")) == [
        str(tmp_path / "a.txt"), str(tmp_path / "c.txt")]
    assert store.check(db) == []


def test_extraction_error_fails_one_article(db, tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("Fine story.\n")
    (tmp_path / "boom.txt").write_text("Boom story.\n")

    def analyse_or_boom(article, **kw):
        if "Boom" in article.text:
            raise RuntimeError("extractor bug")
        return analyse(article)

    monkeypatch.setattr(loader, "analyse", analyse_or_boom)
    errors = []
    result = load(db, tmp_path, on_item=lambda s, i: errors.append(i) if s == "failed" else None)
    assert (result.loaded, result.failed) == (1, 1)
    assert "extraction failed: RuntimeError: extractor bug" in str(errors[0])
    assert str(tmp_path / "boom.txt") in str(errors[0])


def _document_with_sources(text):
    st = Statement(idx=0, start=0, end=len(text), text=text)
    st.attributions = [
        Attribution(depth=0, cue=Span.of(text, 0, 4), source=Span.of(text, 5, 12),
                    source_kind="media", source_name="Reuters"),
        Attribution(depth=1, cue=Span.of(text, 13, 19), source=Span.of(text, 20, 25),
                    source_kind="person", source_name="Ann Lee"),
    ]
    doc = Document(text=text, statements=[st],
                   sources=[SourceMention("Reuters", "media", ["Reuters"]),
                            SourceMention("Ann Lee", "person", ["Lee"])])
    from datasette_provenance import score
    score.score(doc)
    return doc


def test_source_counts_and_summary_follow_replacements(db):
    text = "Said Reuters citing Ann L. that it rained."
    a1 = Article(text=text, title="one", path="/x/one.txt")
    store.save(db, a1, _document_with_sources(text))
    a2 = Article(text=text, title="two", path="/x/two.txt")
    store.save(db, a2, _document_with_sources(text))
    assert dict(db.execute("select name, statement_count from sources").fetchall()) == {
        "Reuters": 2, "Ann Lee": 2}
    assert db.execute("select count(*) from source_aliases").fetchone()[0] == 3
    # The same origin with new text replaces the old article: counts go down again.
    store.save(db, Article(text=text + " More.", title="two", path="/x/two.txt"),
               _document_with_sources(text + " More."))
    assert db["articles"].count == 2
    assert dict(db.execute("select name, statement_count from sources").fetchall()) == {
        "Reuters": 2, "Ann Lee": 2}
    assert db.execute(
        "select n from provenance_summary where dimension = 'all'").fetchone()[0] == 2
    assert store.check(db) == []


def test_aliases_of_a_source_no_article_cites_any_more_go(db, tmp_path):
    p = tmp_path / "story.txt"
    p.write_text("Ferry Fares\n\nOrla Quist, the ferry captain, said fares would rise. "
                 "Ms. Quist said the boats were old.\n")
    load(db, p)
    (sid,), = db.execute("select id from sources where name = 'Orla Quist'")
    assert db.execute("select count(*) from source_aliases where source_id = ?", [sid]).fetchone()[0]
    p.write_text("Ferry Fares\n\nThe council said fares would rise.\n")
    load(db, p)
    assert db.execute("select statement_count from sources where id = ?", [sid]).fetchone()[0] == 0
    assert db.execute("select alias from source_aliases where source_id = ?", [sid]).fetchall() == []
    # Its article again: the aliases come back.
    p.write_text("Ferry Fares\n\nOrla Quist, the ferry captain, said fares would rise. "
                 "Ms. Quist said the boats were old.\n")
    load(db, p)
    assert {r[0] for r in db.execute("select alias from source_aliases a join sources s"
                                     " on s.id = a.source_id where s.name = 'Orla Quist'")} >= {
        "Orla Quist", "Ms. Quist"}
    assert store.check(db) == []


def test_save_inside_callers_transaction_is_part_of_it(db):
    text = "Officials said it rained."
    doc = analyse(Article(text=text))
    with pytest.raises(RuntimeError):
        with db.atomic():
            store.save(db, Article(text=text, path="/x/a.txt"), doc, "1")
            raise RuntimeError("caller fails after saving")
    assert db["articles"].count == 0 and db["statements"].count == 0
    with db.atomic():
        store.save(db, Article(text=text, path="/x/a.txt"), doc, "1")
    assert db["articles"].count == 1 and store.check(db) == []


def test_parallel_load_equals_serial_load(tmp_path):
    serial = store.open_db(tmp_path / "serial.db")
    parallel = store.open_db(tmp_path / "parallel.db")
    load(serial, SEEDS, workers=1)
    result = load(parallel, SEEDS, workers=2)
    assert result.loaded == len(list(read_articles([str(SEEDS)])))
    assert content(serial) == content(parallel)
    assert store.check(parallel) == []


def test_bad_files_fail_alone(db, tmp_path):
    (tmp_path / "good.txt").write_text("Good\n\nOfficials said so.\n")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00binary")
    (tmp_path / "mixed.jsonl").write_text('{"text": "A."}\nnot json\n{"text": "B."}\n')
    failed = []
    result = load(db, tmp_path, on_item=lambda s, i: failed.append(i) if s == "failed" else None)
    assert (result.loaded, result.failed) == (3, 2)
    assert all(isinstance(e, IngestError) for e in failed)
    assert db["articles"].count == 3


def test_check_finds_broken_invariants(db):
    load(db, SEEDS)
    assert store.check(db) == []
    aid, n = db.execute("select id, statement_count from articles order by id limit 1").fetchone()
    conn = db.conn
    conn.execute("PRAGMA foreign_keys=OFF")
    with conn:
        conn.execute("delete from statements where article_id = ? and idx = 1", [aid])
        conn.execute('update statements set "end" = "end" + 1 where id = (select max(id) from statements)')
        conn.execute("insert into attributions (statement_id, article_id, depth, cue, cue_kind, "
                     "cue_start, cue_end, direct) values (999999, ?, 0, 'x', 'verb', 0, 1, 0)", [aid])
        conn.execute("update sources set statement_count = statement_count + 1")
    problems = "\n".join(store.check(db))
    assert f"article {aid}: statement_count says {n}, {n - 1} stored" in problems
    assert "1 attribution belongs to no statement" in problems
    assert "offsets" in problems and "foreign keys" in problems
    assert "summary" in problems


def test_loading_again_repairs_an_article_row_deleted_by_hand(db, tmp_path):
    # sqlite3's shell has foreign keys off: deleting an articles row leaves its statements.
    (tmp_path / "a.txt").write_text("Bridge shut\n\nThe council said the bridge would shut. Ana Ruiz said it was safe.\n")
    load(db, tmp_path)
    clean = content(db)
    conn = db.conn
    conn.execute("PRAGMA foreign_keys=OFF")
    (aid,) = conn.execute("select id from articles").fetchone()
    with conn:
        conn.execute("delete from articles")
    conn.execute("PRAGMA foreign_keys=ON")
    problems = store.check(db)
    assert any("belong to no article" in p for p in problems)
    # The foreign key problems name the value that points nowhere.
    assert any(p.endswith(f"(article_id '{aid}') points to a missing articles row") for p in problems)
    assert load(db, tmp_path).loaded == 1
    # Its statements once, not the orphans plus a second copy; counts agree again.
    assert store.check(db) == []
    assert content(db) == clean


def test_summary_follows_rescoring_by_a_rating(db):
    from datasette_provenance import ratings
    text = "Said Reuters citing Ann L. that it rained."
    store.save(db, Article(text=text, title="one", path="/x/one.txt"), _document_with_sources(text))
    before = db.execute("select grade from statements").fetchone()[0]
    ratings.set_rating(db.conn, "source", "Reuters", "E")
    after = db.execute("select grade from statements").fetchone()[0]
    assert after != before
    assert db.execute("select grade, n from provenance_summary where dimension = 'all'").fetchall() == [(after, 1)]
    assert store.check(db) == []


def _source_any_recount(db):
    """Statements citing each source at any hop, per grade, counted from the rows."""
    return sorted(db.execute(
        "select cast(a.source_id as text), coalesce(s.grade, ''), count(distinct s.id) "
        "from attributions a join statements s on s.id = a.statement_id "
        "where a.source_id is not null group by a.source_id, s.grade").fetchall())


def _source_any_summary(db):
    return sorted(db.execute(
        "select key, grade, n from provenance_summary where dimension = 'source_any'").fetchall())


def test_source_any_summary_equals_a_recount(db, tmp_path):
    """Each source's any-hop grade mix (the dashboard reads it) stays equal to a recount
    after a load, a re-load of a changed article and a rating change that re-scores."""
    from datasette_provenance import ratings
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    load(db, corpus)
    recount = _source_any_recount(db)
    assert recount and _source_any_summary(db) == recount
    # Totals agree with sources.statement_count.
    for sid, count in db.execute("select id, statement_count from sources"):
        assert sum(n for key, _, n in recount if key == str(sid)) == count
    # A changed file replaces its article.
    seed = corpus / "safety-zone-initiative.txt"
    text = seed.read_text()
    seed.write_text(text.replace("\n\n", "\n\nOfficials said nothing changed.\n\n", 1))
    assert load(db, corpus).loaded == 1
    assert _source_any_summary(db) == _source_any_recount(db)
    # A rating re-scores the statements citing the source: grades move between cells.
    name, sid = db.execute(
        "select name, id from sources order by statement_count desc limit 1").fetchone()
    before = _source_any_summary(db)
    ratings.set_rating(db.conn, "source", name, "E")
    after = _source_any_summary(db)
    assert after != before and after == _source_any_recount(db)
    assert store.check(db) == []
    # check notices a summary that no longer matches.
    with db.conn:
        db.execute("update provenance_summary set n = n + 1 where dimension = 'source_any' "
                   "and key = ?", [str(sid)])
    assert any("source_any" in p for p in store.check(db))


def test_counts_right_when_one_batch_replaces_and_fails(db):
    """The writer counts a batch's statements once, before it commits: an article
    replaced inside the same batch, and a replacement whose savepoint is rolled back
    after it removed the old rows, leave the counts equal to a recount."""
    def prepared(text, path):
        article = Article(text=text, title=path, path=path)
        return store.prepare(article, _document_with_sources(text), "1")

    text = "Said Reuters citing Ann L. that it rained."
    with store.Writer(db, batch_size=100, batch_seconds=60) as writer:
        writer.write(prepared(text, "/x/one.txt"))
        writer.write(prepared(text + " Again.", "/x/two.txt"))
        writer.write(prepared(text + " Changed.", "/x/one.txt"))  # replaces one.txt's rows

        def failing_parts():
            raise RuntimeError("a window fails after the old rows were deleted")
            yield

        with pytest.raises(RuntimeError):
            writer.write(prepared(text + " Later.", "/x/two.txt"), parts=failing_parts())
        writer.write(prepared(text + " Third.", "/x/three.txt"))
    assert db["articles"].count == 3
    assert store.check(db) == []
    assert _source_any_summary(db) == _source_any_recount(db)
    assert dict(db.execute("select name, statement_count from sources")) == {
        "Reuters": 3, "Ann Lee": 3}


def test_older_summary_gains_source_any_rows(db):
    load(db, SEEDS)
    expected = _source_any_summary(db)
    with db.conn:
        db.execute("delete from provenance_summary where dimension = 'source_any'")
    store.ensure_schema(db)  # what the next load or open_db does
    assert expected and _source_any_summary(db) == expected
    assert store.check(db) == []


def test_older_database_gains_summary_and_counts(db):
    load(db, SEEDS)
    expected = content(db)
    db.execute("drop table provenance_summary")
    db.execute("update sources set statement_count = 0")
    db.conn.commit()
    store.ensure_schema(db)  # what the next load or open_db does
    assert content(db) == expected
    assert store.check(db) == []


def test_reextraction_keeps_origin_whatever_the_working_directory(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "story.txt").write_text("Story A\n\nOfficials said A.\n")
    (tmp_path / "b" / "story.txt").write_text("Story B\n\nOfficials said B.\n")
    db = store.open_db(tmp_path / "p.db")
    monkeypatch.chdir(tmp_path / "a")
    load(db, "story.txt", extractor_version="1.0")  # stored with the relative path
    monkeypatch.chdir(tmp_path / "b")
    load(db, "story.txt", extractor_version="1.0")
    assert db["articles"].count == 2
    origins = sorted(r[0] for r in db.execute("select origin from articles"))
    # A newer extractor, run from b/: the article from a/ must not be taken for b/'s.
    result = load(db, tmp_path / "b" / "story.txt", extractor_version="2.0")
    assert result.reextracted == 1 and result.unchanged == 0 and result.loaded == 1
    assert db["articles"].count == 2
    assert sorted(r[0] for r in db.execute("select origin from articles")) == origins
    assert store.check(db) == []


def test_summary_migration_killed_midway_leaves_no_empty_summary(db, monkeypatch):
    """An older database's first load is killed while the summary is being counted: the
    next run must count it, not take the empty table for an up-to-date one."""
    load(db, SEEDS)
    expected = content(db)
    db.execute("drop table provenance_summary")
    db.conn.commit()

    def killed(_db):
        raise KeyboardInterrupt  # stands in for the kill, after the CREATE TABLE

    monkeypatch.setattr(store, "rebuild_counts", killed)
    with pytest.raises(KeyboardInterrupt):
        store.ensure_schema(db)
    monkeypatch.undo()
    assert "provenance_summary" not in db.table_names()
    store.ensure_schema(db)  # the rerun
    assert content(db) == expected
    assert store.check(db) == []


def test_outlet_indexes_come_back_after_a_kill_between_table_and_index(db):
    load(db, SEEDS)
    db.execute("drop index idx_outlets_name")
    db.conn.commit()
    store.ensure_schema(db)
    db.execute("insert or ignore into outlets (name) select outlet from articles")
    names = [r[0] for r in db.execute("select name from outlets")]
    assert len(names) == len(set(names))
