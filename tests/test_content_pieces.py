"""A content its cue interrupts ('"A," she said, "B."') is stored in its pieces, and the
article page marks every piece, in the HTML and in its .json twin."""
import html
import re
import sqlite3

import pytest

from ui_helpers import load_with_cli, make_datasette, one_article_db

FIRST, SECOND = '"We will win,"', '"and soon, whatever the critics think."'
TEXT = f"Coach Maria Lopez spoke after the match.\n\n{FIRST} she said, {SECOND}\n"


@pytest.fixture
def pieces_db(tmp_path):
    return one_article_db(tmp_path, "match.txt", TEXT)


def stored_parts(path):
    return [r[0] for r in sqlite3.connect(path).execute(
        "select content_parts from attributions where content_parts is not null")]


def hop_in_pieces(data):
    return next(hop for s in data["statements"] for hop in s["attributions"]
                if (hop["content"] or {}).get("parts"))


@pytest.mark.asyncio
async def test_article_page_marks_every_piece_html_and_json(pieces_db):
    path, _, article_id = pieces_db
    assert len(stored_parts(path)) == 1
    ds = make_datasette(path)
    url = f"/-/provenance/provenance/articles/{article_id}"
    data = (await ds.client.get(url + ".json")).json()
    hop = hop_in_pieces(data)
    parts = hop["content"]["parts"]
    assert [p["text"] for p in parts] == [FIRST, SECOND]
    for part in parts:
        assert data["text"][part["start"]:part["end"]] == part["text"]
    assert hop["content"]["start"] <= parts[0]["start"] and parts[-1]["end"] <= hop["content"]["end"]
    assert hop["cue"]["text"] == "said"
    # A content in one piece has no parts, as in the extract JSON.
    for s in data["statements"]:
        for other in s["attributions"]:
            if other is not hop and other["content"]:
                assert len(other["content"].get("parts", [])) != 1

    page = (await ds.client.get(url)).text
    article_html = re.search(r'<article class="pv-text"[^>]*>(.*?)</article>', page, re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", article_html)) == data["text"]
    marked = re.findall(r'<span class="pv-ct" title="content, hop 1, piece (\d) of 2">(.*?)</span>',
                        article_html)
    assert [(n, html.unescape(re.sub(r"<[^>]+>", "", inner))) for n, inner in marked] == [
        ("1", FIRST), ("2", SECOND)]
    # The cue and its speaker between the pieces are marked, and not as content.
    between = article_html[article_html.index("piece 1 of 2"):article_html.index("piece 2 of 2")]
    assert '<mark class="pv-cue' in between and ">said</mark>" in between
    # The details list the pieces one by one.
    assert page.count('class="pv-content pv-content-part"') == 2
    assert "2 pieces" in page


@pytest.mark.asyncio
async def test_database_from_before_pieces_gains_them_on_the_next_load(pieces_db):
    path, folder, article_id = pieces_db
    conn = sqlite3.connect(path)
    with conn:  # as an older version left it: no column, an older extractor
        conn.execute("alter table attributions drop column content_parts")
        conn.execute("update articles set extractor_version = '0.10.20'")
    conn.close()
    ds = make_datasette(path)  # pages still work on the old schema: one piece per content
    data = (await ds.client.get(f"/-/provenance/provenance/articles/{article_id}.json")).json()
    assert not any((h["content"] or {}).get("parts") for s in data["statements"]
                   for h in s["attributions"])
    load_with_cli(path, folder)  # re-extracts the older rows
    assert len(stored_parts(path)) == 1


def test_check_finds_a_piece_outside_its_content(pieces_db):
    from datasette_provenance import store
    path = pieces_db[0]
    db = store.open_db(path)
    assert store.check(db) == []
    db.execute("update attributions set content_parts = '[[0, 3], [5, 9]]' "
               "where content_parts is not null")
    db.conn.commit()
    assert any("content piece" in p for p in store.check(db))


@pytest.mark.parametrize("stored", [
    '[["a", 5], [1, 2]]',   # not offsets: check said nothing useful, it crashed (TypeError)
    'not json',             # unreadable: check passed it
    '{"start": 1}',         # not a list of pieces
    '[[1, 2, 3]]',
])
def test_check_reports_unreadable_content_pieces(pieces_db, stored):
    from datasette_provenance import store
    db = store.open_db(pieces_db[0])
    db.execute("update attributions set content_parts = ? where content_parts is not null",
               [stored])
    db.conn.commit()
    assert any(p.startswith("json: attributions row ") and "content_parts" in p
               for p in store.check(db))


def _pieces(statement):
    return [[(p.start, p.end, p.text) for p in a.content_parts] for a in statement.attributions]


def test_rescore_rebuilds_each_hop_with_its_content_pieces(pieces_db):
    # Re-scoring must see the chain a fresh extraction scored: the content's pieces too
    # (an adjuster may weigh a quote split by its cue), not a content in one piece.
    from datasette_provenance import pipeline, rescore
    from datasette_provenance.model import Article
    path = pieces_db[0]
    conn = sqlite3.connect(path)
    fresh = {s.idx: s for s in pipeline.analyse(Article(text=TEXT)).statements}
    rebuilt = {st.idx: st for _, st, _ in rescore.statements_from_rows(
        conn, rescore.all_statement_ids(conn))}
    assert {i: _pieces(s) for i, s in rebuilt.items()} == {i: _pieces(s) for i, s in fresh.items()}
    assert [(p.text) for s in rebuilt.values() for a in s.attributions
            for p in a.content_parts] == [FIRST, SECOND]

    def split_quote(statement, weights):
        if any(len(a.content_parts) > 1 for a in statement.attributions):
            yield -10, "quote split by its cue"
    changed = rescore.rescore(conn, rescore.all_statement_ids(conn), adjusters=[split_quote])
    reasons = conn.execute("select reasons from statements where id = ?", changed).fetchone()[0]
    assert len(changed) == 1 and "quote split by its cue" in reasons
