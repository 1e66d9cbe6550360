"""The identity pass: one sources row per real source across articles (identity.py)."""
from __future__ import annotations

import json

import pytest

from datasette_provenance import identity, ratings, store
from datasette_provenance.loader import load_articles
from datasette_provenance.model import Article
from datasette_provenance.source_identity import parse_person, targets

from ui_helpers import make_datasette

# Fictional articles: A names "Tom Berg" in full, B only ever says "Mr. Berg".
A = ("Harbour to close pier\n\nTom Berg, the harbour master, said on Monday that the north pier "
     "would close for repairs in May.\n\n\"We have no choice,\" Berg said.\n")
B = ("Pier repairs delayed\n\nThe repairs to the north pier will take longer than planned, "
     "Mr. Berg said on Friday.\n\nMr. Berg told reporters that the budget had doubled.\n")
# C names a second Berg: "Berg" alone could be either.
C = ("Council debates ferry fares\n\nAnn Berg, a council member, said fares should fall. "
     "Carla Ruiz said the ferry needed new boats.\n")
# A changed: Tom Berg no longer in it.
A2 = ("Harbour to close pier\n\nLena Holt, the harbour master, said on Monday that the north pier "
      "would close for repairs in May.\n")


def article(key, text):
    return Article(text=text, title=text.split("\n")[0], url=f"https://news.example/{key}",
                   outlet="Example News")


def load(db, *pairs):
    return load_articles(db, [article(k, t) for k, t in pairs])


def new_db(tmp_path, name="p.db"):
    return store.open_db(tmp_path / name)


def source_of(db, url_key, name_like=None):
    """{source name} cited by the article with this url key."""
    return {r[0] for r in db.execute(
        "select distinct s.name from attributions a join articles art on art.id = a.article_id"
        " join sources s on s.id = a.source_id where art.url = ?",
        [f"https://news.example/{url_key}"])}


def snapshot(db):
    """Everything identity decides, by names (ids differ with load order)."""
    conn = db.conn
    name = dict(conn.execute("select id, name from sources"))
    hops = sorted((art, idx, depth, name.get(sid)) for art, idx, depth, sid in conn.execute(
        "select a.url, s.idx, t.depth, t.source_id from attributions t"
        " join statements s on s.id = t.statement_id join articles a on a.id = s.article_id"))
    firsthand = sorted((art, idx, name.get(sid), grade, score) for art, idx, sid, grade, score in conn.execute(
        "select a.url, s.idx, s.source_id, s.grade, s.score from statements s"
        " join articles a on a.id = s.article_id"))
    sources = sorted(conn.execute(
        "select name, kind, reliability, statement_count from sources where statement_count > 0"))
    aliases = sorted((name[sid], alias) for sid, alias in conn.execute(
        "select source_id, alias from source_aliases where source_id in"
        " (select id from sources where statement_count > 0)"))
    merged = sorted(conn.execute(
        f"select m.name, s.name from {identity.MERGES} m join sources s on s.id = m.canonical_id"))
    ambiguous = sorted((n, c) for n, c in conn.execute(
        f"select name, candidates from {identity.AMBIGUITIES}"))
    summary = sorted((d, name.get(int(k)) if d in ("source", store.SOURCE_ANY) else k, g, n)
                     for d, k, g, n in conn.execute("select * from provenance_summary"))
    return dict(hops=hops, firsthand=firsthand, sources=sources, aliases=aliases, merged=merged,
                ambiguous=ambiguous, summary=summary)


def test_names_alone_decide():
    found = targets([("Berg", "person"), ("Tom Berg", "person"), ("Mayor Tom Berg", "person"),
                     ("Tom J. Berg", "person"), ("the Port Authority", "organisation"),
                     ("Port Authority", "organisation"), ("Tom", "person")])
    assert found.targets == {"Berg": "Tom Berg", "Mayor Tom Berg": "Tom Berg",
                             "Tom J. Berg": "Tom Berg", "the Port Authority": "Port Authority"}
    # Two full names: "Berg" stays itself; a gendered title picks the one it fits.
    names = [("Berg", "person"), ("Mrs. Berg", "person"), ("Mr. Berg", "person"),
             ("Tom Berg", "person"), ("Ann Berg", "person")]
    found = targets(names)
    assert found.ambiguous == {"Berg": ["Ann Berg", "Tom Berg"]}
    assert found.targets == {"Mrs. Berg": "Ann Berg", "Mr. Berg": "Tom Berg"}
    assert targets(list(reversed(names))) == found
    # Not names: groups and phrases are no candidates, a first name is never resolved.
    assert parse_person("Berg campaign") is None and parse_person("Berg's") is None
    assert targets([("Harbourmen", "person"), ("Many Harbourmen", "person")]).targets == {}
    assert targets([("Scott", "person"), ("Ann Scott", "person")]).targets == {}
    # After an honorific any full name counts unless it opens with a common word (a
    # sentence opener caught with the surname); without one only a known first name does.
    assert targets([("Mr. Berg", "person"), ("Says Berg", "person"),
                    ("Tom Berg", "person")]).targets == {"Mr. Berg": "Tom Berg"}
    assert targets([("Mr. Arvo", "person"), ("Kestrel Arvo", "person")]).targets == {
        "Mr. Arvo": "Kestrel Arvo"}
    assert targets([("Arvo", "person"), ("Kestrel Arvo", "person")]).targets == {}
    two = targets([("Mr. Arvo", "person"), ("Kestrel Arvo", "person"), ("Tom Arvo", "person")])
    assert two.targets == {} and two.ambiguous == {"Mr. Arvo": ["Kestrel Arvo", "Tom Arvo"]}


def test_a_place_or_people_word_alone_joins_no_full_name():
    # "Paris" or "French" typed as a person is as often the city or the people as a
    # surname: alone it stays itself; a title or honorific makes it a person's name.
    names = [("Paris", "person"), ("Ann Paris", "person"), ("French", "person"),
             ("Orin French", "person"), ("Mr. French", "person"), ("Senator Paris", "person")]
    found = targets(names)
    assert found.targets == {"Mr. French": "Orin French", "Senator Paris": "Ann Paris"}
    assert found.ambiguous == {}
    assert targets(list(reversed(names))) == found
    # Still so when two full names share the word: not listed as ambiguous either.
    assert targets([("Paris", "person"), ("Ann Paris", "person"),
                    ("Tom Paris", "person")]).ambiguous == {}


def test_cross_article_merge_one_source_with_aliases(tmp_path):
    db = new_db(tmp_path)
    result = load(db, ("a", A), ("b", B))
    assert [(m[1], m[3]) for m in result.identity.merged] == [("Berg", "Tom Berg")]
    assert source_of(db, "a") == source_of(db, "b") == {"Tom Berg"}
    (sid, count), = db.execute("select id, statement_count from sources where name = 'Tom Berg'")
    assert count == db.execute("select count(distinct statement_id) from attributions"
                               " where source_id = ?", [sid]).fetchone()[0] == 4
    aliases = {r[0] for r in db.execute("select alias from source_aliases where source_id = ?", [sid])}
    assert {"Mr. Berg", "Berg", "Tom Berg"} <= aliases
    # The article's own name for each hop is kept.
    assert {r[0] for r in db.execute("select source_name from attributions")} == {"Tom Berg", "Berg"}
    assert store.check(db) == []


def test_ambiguous_surname_stays_and_is_recorded(tmp_path):
    db = new_db(tmp_path)
    load(db, ("a", A), ("b", B), ("c", C))
    assert source_of(db, "b") == {"Berg"}
    assert source_of(db, "a") == {"Tom Berg"}
    (name, candidates), = db.execute(f"select name, candidates from {identity.AMBIGUITIES}")
    assert name == "Berg" and json.loads(candidates) == ["Ann Berg", "Tom Berg"]
    assert store.check(db) == []


@pytest.mark.parametrize("texts", [[("a", A), ("b", B), ("c", C)], [("b", B), ("a", A)]])
def test_order_independent_and_idempotent(tmp_path, texts):
    one, other, batches = new_db(tmp_path, "1.db"), new_db(tmp_path, "2.db"), new_db(tmp_path, "3.db")
    load(one, *texts)
    load(other, *reversed(texts))
    for pair in reversed(texts):  # one article per load: the pass runs after each
        load(batches, pair)
    assert snapshot(one) == snapshot(other) == snapshot(batches)
    before = snapshot(one)
    again = load(one, *texts)
    assert again.loaded == 0 and not again.identity.changed and again.identity.rescored == 0
    assert not identity.resolve(one.conn).changed
    assert snapshot(one) == before
    assert store.check(one) == [] and store.check(other) == []


def test_changed_article_splits_the_name_off_again(tmp_path):
    db = new_db(tmp_path)
    load(db, ("a", A), ("b", B))
    (old,), = db.execute(f"select old_id from {identity.MERGES} where name = 'Berg'")
    (tom,), = db.execute("select id from sources where name = 'Tom Berg'")
    load(db, ("a", A2))  # the only full "Tom Berg" is gone
    assert source_of(db, "b") == {"Berg"}
    # Back under its old id, with its aliases; Tom Berg keeps none of them.
    assert db.execute("select name from sources where id = ?", [old]).fetchone() == ("Berg",)
    assert db.execute("select count(*) from source_merges where name = 'Berg'").fetchone() == (0,)
    assert "Mr. Berg" in {r[0] for r in db.execute("select alias from source_aliases where source_id = ?", [old])}
    assert "Mr. Berg" not in {r[0] for r in db.execute("select alias from source_aliases where source_id = ?", [tom])}
    assert store.check(db) == []
    # And merged again when the full name comes back: same state as never split.
    load(db, ("a", A))
    fresh = new_db(tmp_path, "fresh.db")
    load(fresh, ("a", A), ("b", B))
    assert snapshot(db)["hops"] == snapshot(fresh)["hops"]
    assert snapshot(db)["aliases"] == snapshot(fresh)["aliases"]


def test_alias_goes_when_no_article_cites_the_name(tmp_path):
    db = new_db(tmp_path)
    load(db, ("a", A), ("b", B))
    (old,), = db.execute(f"select old_id from {identity.MERGES} where name = 'Berg'")
    load(db, ("b", C))  # B changed: no Berg any more (and a second Berg appears)
    (tom,), = db.execute("select id from sources where name = 'Tom Berg'")
    aliases = {r[0] for r in db.execute("select alias from source_aliases where source_id = ?", [tom])}
    assert "Mr. Berg" not in aliases
    # The old id still resolves to the source it was merged into.
    assert identity.canonical_id(db.conn, old) == tom
    assert store.check(db) == []


def test_ratings_carry_over_and_scores_follow(tmp_path):
    db = new_db(tmp_path)
    load(db, ("b", B))
    (berg,), = db.execute("select id from sources where name = 'Berg'")
    ratings.set_rating(db.conn, "source", "Berg", "B", "checked", who="ed")
    load(db, ("a", A))  # Tom Berg (unrated) absorbs the rated Berg
    (tom, letter, note), = db.execute("select id, reliability, notes from sources where name = 'Tom Berg'")
    assert (letter, note) == ("B", "checked")
    hist = ratings.history(db.conn, "source", tom)
    assert hist[0]["who"].startswith("provenance identify: merged 'Berg'")
    assert any(h["who"] == "ed" for h in hist)  # Berg's own audit row survives, shown here
    # Every statement citing Tom Berg, from both articles, scored with the rating.
    reasons = [r[0] for r in db.execute(
        "select reasons from statements where source_id = ?", [tom])]
    assert len(reasons) == 4 and all("rated B" in r for r in reasons)
    # Rating the old id or the old name rates the real source and re-scores all of it.
    change = ratings.set_rating(db.conn, "source", berg, "D", who="ed")
    assert change.target_id == tom and len(change.rescored) == 4
    ratings.set_rating(db.conn, "source", "Berg", "C", who="ed")
    assert db.execute("select reliability from sources where id = ?", [tom]).fetchone() == ("C",)
    assert all("rated C" in r[0] for r in db.execute(
        "select reasons from statements where source_id = ?", [tom]))
    assert store.check(db) == []


QUAY = "Quay works\n\nAnn Berg said the quay would reopen in June.\n"


@pytest.mark.parametrize("berg_last", [False, True])
def test_both_rated_the_more_recent_rating_wins_with_an_audit_row(tmp_path, berg_last):
    db = new_db(tmp_path)
    load(db, ("b", B))
    db.execute("insert into sources (name, kind, reliability, statement_count) values"
               " ('Ann Berg', 'person', 'F', 0)")  # rated before any article cites her
    order = [("Ann Berg", "A"), ("Berg", "D")]
    for name, letter in (order if berg_last else order[::-1]):
        ratings.set_rating(db.conn, "source", name, letter, who="ed")
    load(db, ("x", QUAY))
    assert source_of(db, "b") == {"Ann Berg"}
    (ann, letter), = db.execute("select id, reliability from sources where name = 'Ann Berg'")
    assert letter == ("D" if berg_last else "A")
    last = ratings.history(db.conn, "source", ann)[0]
    assert "merged 'Berg'" in last["who"]
    assert last["new_reliability"] == letter
    assert all(f"rated {letter}" in r[0] for r in db.execute(
        "select reasons from statements where source_id = ?", [ann]))
    assert store.check(db) == []


def test_crash_midway_leaves_the_old_state(tmp_path, monkeypatch):
    db = new_db(tmp_path)
    load(db, ("b", B))
    monkeypatch.setattr(identity, "_recount", lambda *a: (_ for _ in ()).throw(RuntimeError("boom")))
    with pytest.raises(RuntimeError):
        load(db, ("a", A))
    monkeypatch.undo()
    # The load committed; the pass did not: Berg still its own row, check says what to do.
    assert source_of(db, "b") == {"Berg"}
    assert any(p.startswith("source identity: source name 'Berg' stands for") for p in store.check(db))
    assert identity.resolve(db.conn).merged
    assert store.check(db) == []


async def _pages(db_path):
    ds = make_datasette(db_path)
    db = store.open_db(db_path)
    (tom,), = db.execute("select id from sources where name = 'Tom Berg'")
    (old,), = db.execute(f"select old_id from {identity.MERGES} where name = 'Berg'")
    page = await ds.client.get(f"/-/provenance/p/sources/{tom}.json")
    assert page.status_code == 200
    data = page.json()
    assert {s["article_title"] for s in data["statements"]} == {"Harbour to close pier", "Pier repairs delayed"}
    assert "Mr. Berg" in data["aliases"] and data["merged"] == [{"id": old, "name": "Berg"}]
    assert sum(data["grades"].values()) == 4
    html = await ds.client.get(f"/-/provenance/p/sources/{tom}")
    assert "Mr. Berg" in html.text and "Pier repairs delayed" in html.text
    for suffix in ("", ".json"):
        moved = await ds.client.get(f"/-/provenance/p/sources/{old}{suffix}")
        assert moved.status_code == 302
        assert moved.headers["location"].endswith(f"/-/provenance/p/sources/{tom}{suffix}")
    dash = (await ds.client.get("/-/provenance/p.json")).json()
    bergs = [s for s in dash["sources"] if "Berg" in s["name"]]
    assert [(s["name"], s["citations"]) for s in bergs] == [("Tom Berg", 4)]


def test_source_page_and_dashboard_show_one_source(tmp_path):
    import asyncio
    db = store.open_db(tmp_path / "p.db")
    load(db, ("a", A), ("b", B))
    asyncio.run(_pages(tmp_path / "p.db"))


async def _hidden_pages(db_path):
    from ui_helpers import make_datasette as datasette_with
    ds = datasette_with(db_path, {"databases": {"p": {"tables": {
        identity.MERGES: {"allow": False}, "rating_changes": {"allow": False}}}}})
    db = store.open_db(db_path)
    (tom,), = db.execute("select id from sources where name = 'Tom Berg'")
    (old,), = db.execute(f"select old_id from {identity.MERGES} where name = 'Berg'")
    assert db.execute("select count(*) from rating_changes").fetchone()[0] > 0
    assert (await ds.client.get(f"/p/{identity.MERGES}.json")).status_code == 403
    data = (await ds.client.get(f"/-/provenance/p/sources/{tom}.json")).json()
    # The page stays, without what those tables hold: no merged-from line, no history.
    assert data["merged"] == [] and data["rating"]["history"] == []
    assert data["rating"]["history_url"] is None
    html = (await ds.client.get(f"/-/provenance/p/sources/{tom}")).text
    assert "Merged here" not in html and "Rating history" not in html
    assert "identify: merged" not in html
    # An old id neither redirects nor says where it went.
    for suffix in ("", ".json"):
        moved = await ds.client.get(f"/-/provenance/p/sources/{old}{suffix}")
        assert moved.status_code == 404 and f"/sources/{tom}" not in moved.text


def test_source_page_hides_merges_and_history_from_who_may_not_view_them(tmp_path):
    import asyncio
    db = store.open_db(tmp_path / "p.db")
    load(db, ("b", B))
    ratings.set_rating(db.conn, "source", "Berg", "B", "checked by the desk")
    load(db, ("a", A))
    asyncio.run(_hidden_pages(tmp_path / "p.db"))


def test_analyze_batches_link_sources_too(tmp_path):
    """`analyze` (a user's table, batch by batch) runs the pass as load does."""
    import sqlite_utils
    from click.testing import CliRunner
    from datasette.cli import cli

    path = tmp_path / "scraped.db"
    sqlite_utils.Database(path)["scraped"].insert_all(
        [{"slug": "b", "body": B}, {"slug": "a", "body": A}], pk="slug")
    result = CliRunner().invoke(cli, ["provenance", "analyze", str(path), "scraped", "body",
                                      "--batch-size", "1"])
    assert result.exit_code == 0, result.output
    db = store.open_db(path)
    assert {r[0] for r in db.execute(
        "select distinct s.name from attributions a join sources s on s.id = a.source_id")} == {"Tom Berg"}
    assert store.check(db) == []


def test_a_name_cited_by_many_statements_moves_whole(tmp_path):
    db = new_db(tmp_path)
    many = "Pier works\n\n" + "\n\n".join(
        f"Mr. Berg said berth {n} would reopen in June." for n in range(520)) + "\n"
    load(db, ("many", many), ("a", A))
    assert source_of(db, "many") == {"Tom Berg"}
    assert db.execute("select count(*) from statements s join sources src on src.id = s.source_id"
                      " where src.name = 'Tom Berg'").fetchone()[0] >= 520
    assert store.check(db) == []
