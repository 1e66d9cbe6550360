"""`check --repair`: a database damaged by hand is mended from what it stores, so that it
reads as a clean load of the same articles (loading the file again says "unchanged")."""
import hashlib
import json
import sqlite3

from click.testing import CliRunner
from datasette.cli import cli

from datasette_provenance import store
from datasette_provenance.repair import damaged_articles

from conftest import SEEDS
from store_helpers import content, load


def run(*args):
    return CliRunner().invoke(cli, ["provenance", *map(str, args)])


def loaded(path):
    db = store.open_db(path)
    load(db, SEEDS)
    return db


def by_hand(path, *statements):
    """Run SQL as a user with sqlite3 would: foreign keys off, nothing else kept right."""
    conn = sqlite3.connect(path)
    with conn:
        for sql, *params in statements:
            conn.execute(sql, *params)
    conn.close()


def first_article(db):
    return db.execute("select id from articles order by id limit 1").fetchone()[0]


def repairs_to(path, said, expected):
    """check --repair mends ``path`` to ``expected`` (content()), saying ``said``."""
    repaired = run("check", "--repair", path)
    assert repaired.exit_code == 0, repaired.output
    assert said in repaired.output and "ok:" in repaired.output
    assert content(store.open_db(path)) == expected


def refused_untouched(path, said):
    before = hashlib.md5(path.read_bytes()).hexdigest()
    refused = run("check", "--repair", path)
    assert refused.exit_code == 1 and said in refused.output
    assert hashlib.md5(path.read_bytes()).hexdigest() == before


def test_half_deleted_article_is_reextracted_and_reads_as_a_clean_load(tmp_path):
    clean = content(loaded(tmp_path / "clean.db"))
    path = tmp_path / "p.db"
    aid = first_article(loaded(path))
    # Two of its statements and their hops gone; counts, summary and facets now wrong.
    gone = "select id from statements where article_id = ? and idx in (1, 2)"
    by_hand(path, (f"delete from attributions where statement_id in ({gone})", [aid]),
            (f"delete from statements where id in ({gone})", [aid]))
    assert run("check", path).exit_code == 1
    reload = run("load", path, SEEDS)
    assert ", 0 failed" in reload.output and run("check", path).exit_code == 1  # "unchanged"

    repairs_to(path, "repair: 1 article re-extracted, 0 orphan rows removed", clean)


def test_orphans_and_a_shifted_span_are_mended(tmp_path):
    path = tmp_path / "p.db"
    db = loaded(path)
    aid = first_article(db)
    other = db.execute("select id from articles where id != ? order by id limit 1", [aid]).fetchone()[0]
    n = db.execute("select count(*) from statements where article_id = ?", [aid]).fetchone()[0]
    db.conn.close()
    by_hand(path, ("delete from articles where id = ?", [aid]),  # its rows stay behind
            ('update statements set "end" = "end" + 1 where article_id = ? and idx = 0', [other]))
    assert damaged_articles(sqlite3.connect(path)) == [other]

    repaired = run("check", "--repair", path)
    assert repaired.exit_code == 0, repaired.output
    assert "1 article re-extracted" in repaired.output
    removed = int(repaired.output.split("re-extracted, ")[1].split(" orphan")[0])
    db = store.open_db(path)
    assert removed >= n  # its statements and their hops
    assert db.execute("select count(*) from statements where article_id = ?", [aid]).fetchone()[0] == 0
    assert store.check(db) == []


def test_json_a_hand_edit_broke_is_rebuilt(tmp_path):
    clean = content(loaded(tmp_path / "clean.db"))
    path = tmp_path / "p.db"
    db = loaded(path)
    aid = first_article(db)
    db.conn.close()
    by_hand(path, ("update statements set reasons = '[\"cut off', hedges = '[5]'"
                   " where article_id = ? and idx = 1", [aid]))
    assert run("check", path).exit_code == 1
    repairs_to(path, "repair: 1 article re-extracted", clean)


def test_unreadable_article_extra_is_kept_as_text_not_dropped(tmp_path):
    # articles.extra (a record's other fields) cannot be derived again from the text: repair
    # keeps a value a hand edit broke, readable; a later re-extraction keeps it too.
    path = tmp_path / "p.db"
    db = loaded(path)
    aid = first_article(db)
    db.conn.close()
    by_hand(path, ("update articles set extra = ? where id = ?", ['{"desk": "metro', aid]))
    assert run("check", path).exit_code == 1
    before = content(store.open_db(path))
    repairs_to(path, "1 unreadable articles.extra value kept as text under 'unreadable_extra'",
               before)
    db = store.open_db(path)
    stored = db.execute("select extra from articles where id = ?", [aid]).fetchone()[0]
    assert json.loads(stored) == {"unreadable_extra": '{"desk": "metro'}
    by_hand(path, ("update articles set extra = '[1, 2]', extractor_version = '0.0.1' where id = ?",
                   [aid]))
    other = tmp_path / "other.txt"
    other.write_text("Ferry\nThe captain said the ferry left.\n")
    load(store.open_db(path), other)  # stored rows of an older extractor: extracted again
    stored, version = store.open_db(path).execute(
        "select extra, extractor_version from articles where id = ?", [aid]).fetchone()
    assert version != "0.0.1"
    assert json.loads(stored) == {"unreadable_extra": "[1, 2]"}  # was dropped (NULL)


def test_healthy_database_is_left_as_it_was(tmp_path):
    path = tmp_path / "p.db"
    before = content(loaded(path))
    repairs_to(path, "repair: 0 articles re-extracted, 0 orphan rows removed", before)


def test_repair_refuses_a_file_the_plugin_did_not_make(tmp_path):
    path = tmp_path / "notes.db"
    by_hand(path, ("create table notes (id integer primary key, body text)",),
            ("create table sources (id integer primary key, name text)",))
    refused_untouched(path, "not a datasette-provenance database")
    scraped = tmp_path / "scraped.db"  # another tool's own articles table
    by_hand(scraped, ("create table articles (id integer primary key, headline text)",))
    refused_untouched(scraped, f"{scraped}: this database already has a table named 'articles'")


def test_repair_also_links_names_an_interrupted_load_left_apart(tmp_path, monkeypatch):
    # A load stopped before its identity pass: --repair, which check names when other
    # damage is found too, mends this as well, so one command is enough.
    path = tmp_path / "p.db"
    texts = {"a.txt": "Ferry\nTom Berg said the ferry would leave.\n",
             "b.txt": "Bridge\nBerg said the bridge would open.\n"}
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
    db = store.open_db(path)
    from datasette_provenance import identity
    from datasette_provenance.ingest import read_articles
    from datasette_provenance.loader import load_articles
    with monkeypatch.context() as patched:
        patched.setattr(identity, "resolve", lambda conn, config=None: identity.Result())  # never ran
        load_articles(db, read_articles([str(tmp_path / n) for n in texts]))
    aid = first_article(db)
    db.conn.close()
    by_hand(path, ("update articles set statement_count = statement_count + 1 where id = ?", [aid]))
    broken = run("check", path)
    assert broken.exit_code == 1
    assert "source identity: source name 'Berg' stands for 'Tom Berg'" in broken.output
    assert f"to mend: datasette provenance check {path} --repair" in broken.output
    repaired = run("check", "--repair", path)
    assert repaired.exit_code == 0, repaired.output
    assert "1 source merged into the source it stands for" in repaired.output
    assert sqlite3.connect(path).execute("select name from sources").fetchall() == [("Tom Berg",)]


def test_an_unreadable_merge_record_is_named_without_a_mend_that_fails(tmp_path):
    # --repair rebuilds the extractor's JSON, not the identity pass's record of a merge:
    # check named `--repair` for it, and --repair (which ends with the identity pass) then
    # died in a JSONDecodeError traceback, as every later load did.
    path = tmp_path / "p.db"
    (tmp_path / "a.txt").write_text("Ferry\nTom Berg said the ferry would leave.\n")
    (tmp_path / "b.txt").write_text("Bridge\nBerg said the bridge would open.\n")
    assert run("load", path, tmp_path / "a.txt", tmp_path / "b.txt").exit_code == 0
    by_hand(path, ("update source_merges set aliases = '{bad'",))
    said = "json: source_merges row 2 aliases: not JSON"
    checked = run("check", path)
    assert checked.exit_code == 1 and said in checked.output and "to mend" not in checked.output
    repaired = run("check", "--repair", path)
    assert repaired.exception is None or isinstance(repaired.exception, SystemExit), repaired.output
    assert repaired.exit_code == 1 and said in repaired.output, repaired.output
    (tmp_path / "c.txt").write_text("Quay\nBerg said the quay was shut.\n")
    assert run("load", path, tmp_path / "c.txt").exit_code == 0


def test_the_mend_keeps_the_configuration_check_was_given(tmp_path):
    # --repair re-extracts with -c FILE's weights and hooks: the printed command keeps it.
    path = tmp_path / "p.db"
    loaded(path).conn.close()
    config = tmp_path / "my config.yaml"
    config.write_text("plugins: {}\n")
    by_hand(path, ("update statements set reasons = '{x' where id = (select min(id) from statements)",))
    checked = run("check", path, "-c", config)
    assert checked.exit_code == 1
    assert f"to mend: datasette provenance check {path} --repair -c '{config}'\n" in checked.output


def test_what_repair_could_not_mend_is_not_sent_back_to_repair(tmp_path, monkeypatch):
    # A re-extraction that fails (here the extractor; in life an extension hook) leaves the
    # damage: check --repair said "to mend: ... check --repair", the command just run.
    from datasette_provenance import loader
    path = tmp_path / "p.db"
    db = loaded(path)
    aid = first_article(db)
    db.conn.close()
    by_hand(path, ("delete from statements where article_id = ? and idx = 0", [aid]))
    assert "to mend: datasette provenance check" in run("check", path).output

    def broken(article, **options):
        raise RuntimeError("hook failed")
    monkeypatch.setattr(loader, "analyse", broken)
    repaired = run("check", "--repair", path)
    assert repaired.exit_code == 1 and "hook failed" in repaired.output, repaired.output
    assert f"statements: article {aid}" in repaired.output
    assert "to mend" not in repaired.output
