"""Rating edits through Datasette: permission, CSRF, validation, audit, re-scoring, outlet pages."""
import json
import re
import sqlite3

import pytest
import sqlite_utils
from datasette.app import Datasette

import ratings_fixtures as fx
from ratings_fixtures import built_news_db  # noqa: F401  (fixture)
from datasette_provenance.compat import IS_1_0
from datasette_provenance.ratings_web import form_token

RATERS = {"id": "alice"}


def make_datasette(db_path, permissions=None, plugin=None, databases=None):
    settings = {"databases": databases} if databases else {}
    if permissions is not None:
        settings["permissions"] = permissions
    if plugin is not None:
        settings["plugins"] = {"datasette-provenance": plugin}
    if IS_1_0:
        return Datasette([str(db_path)], config=settings)
    return Datasette([str(db_path)], metadata=settings)


@pytest.fixture
def db_path(tmp_path, built_news_db):
    return fx.copy_of(built_news_db, tmp_path / "news.db")


@pytest.fixture
def ds(db_path):
    return make_datasette(db_path, permissions={"provenance-rate": RATERS})


def cookies_for(ds, actor):
    return {"ds_actor": ds.sign({"a": actor}, "actor")} if actor else {}


def ids(db_path, table, name):
    return sqlite_utils.Database(str(db_path)).execute(
        f"select id from {table} where name = ?", [name]).fetchone()[0]


async def form_of(ds, db_path, actor, outlet="Kremlin Daily"):
    """GET the outlet page as ``actor``: (html, cookies incl. CSRF cookie, form fields)."""
    cookies = cookies_for(ds, actor)
    response = await ds.client.get(f"/-/provenance/news/outlets/{ids(db_path, 'outlets', outlet)}",
                                   cookies=cookies)
    assert response.status_code == 200
    fields = dict(re.findall(r'name="(csrftoken|provenance_token)" value="([^"]*)"', response.text))
    if "ds_csrftoken" in response.cookies:
        cookies["ds_csrftoken"] = response.cookies["ds_csrftoken"]
    return response.text, cookies, fields


async def post_rating(ds, path, cookies, fields, headers=None, **form):
    return await ds.client.post(path, data={**fields, **form}, cookies=cookies,
                                headers=headers or {})


def audit(db_path):
    return list(sqlite_utils.Database(str(db_path)).query("select * from rating_changes"))


@pytest.mark.asyncio
async def test_form_is_shown_only_to_actors_with_the_permission(ds, db_path):
    html, _, fields = await form_of(ds, db_path, RATERS)
    assert 'class="pv-rate-form"' in html and fields.get("provenance_token")
    for actor in ({"id": "bob"}, None):
        html, _, fields = await form_of(ds, db_path, actor)
        assert 'class="pv-rate-form"' not in html and "provenance_token" not in fields
        assert "Rating history" in html


@pytest.mark.asyncio
async def test_ui_rating_of_a_source_rescores_exactly_its_statements(ds, db_path):
    _, cookies, fields = await form_of(ds, db_path, RATERS)
    before = fx.snapshot(db_path)
    sid = ids(db_path, "sources", "Valery Gerasimov")
    response = await post_rating(ds, f"/-/provenance/news/sources/{sid}/rate", cookies, fields,
                                 reliability="B", note="Chief of the *General Staff*")
    assert response.status_code == 302
    assert response.headers["location"].endswith(f"/-/provenance/news/sources/{sid}")
    after = fx.snapshot(db_path)
    assert fx.changed_ids(before, after) == fx.citing(db_path, "Valery Gerasimov") != set()
    for i in fx.changed_ids(before, after):
        assert "source 'Valery Gerasimov' rated B (usually reliable) (+8)" in json.loads(after[i]["reasons"])
    [row] = audit(db_path)
    assert (row["who"], row["target_type"], row["target_id"], row["old_reliability"],
            row["new_reliability"], row["note"]) == ("alice", "source", sid, "F", "B",
                                                     "Chief of the *General Staff*")


@pytest.mark.asyncio
async def test_ui_rating_of_an_outlet_rescores_its_statements_and_shows_history(ds, db_path):
    _, cookies, fields = await form_of(ds, db_path, RATERS)
    before = fx.snapshot(db_path)
    oid = ids(db_path, "outlets", "Border Herald")
    note = 'Good <script>alert("x")</script><img src=x onerror="alert(1)"> **record**'
    response = await post_rating(ds, f"/-/provenance/news/outlets/{oid}/rate", cookies, fields,
                                 reliability="a", note=note)
    assert response.status_code == 302
    assert fx.changed_ids(before, fx.snapshot(db_path)) == fx.published_by(db_path, "Border Herald")
    page = await ds.client.get(f"/-/provenance/news/outlets/{oid}", cookies=cookies)
    assert "<strong>record</strong>" in page.text
    # Rendered sanitized; the raw note only appears escaped, in the form's textarea.
    assert "<script>alert" not in page.text and "<img" not in page.text
    assert 'onerror="' not in page.text
    assert "F → A" in page.text and "alice" in page.text
    data = (await ds.client.get(f"/-/provenance/news/outlets/{oid}.json")).json()
    assert data["rating"]["reliability"] == "A"
    assert [(h["who"], h["old_reliability"], h["new_reliability"]) for h in
            data["rating"]["history"]] == [("alice", "F", "A")]
    listing = (await ds.client.get("/-/provenance/news/outlets.json")).json()
    assert {o["name"]: o["reliability"] for o in listing["outlets"]} == {
        "Border Herald": "A", "Kremlin Daily": "F"}


@pytest.mark.asyncio
async def test_refused_without_permission_changes_nothing(ds, db_path):
    bob = {"id": "bob"}
    _, cookies, fields = await form_of(ds, db_path, bob)
    # Give bob a token he could not have got from the page: the permission still refuses.
    fields["provenance_token"] = form_token(ds, bob, "news")
    before = fx.snapshot(db_path)
    sid = ids(db_path, "sources", "Valery Gerasimov")
    for actor_cookies in (cookies, {k: v for k, v in cookies.items() if k != "ds_actor"}):
        response = await post_rating(ds, f"/-/provenance/news/sources/{sid}/rate", actor_cookies,
                                     fields, reliability="A")
        assert response.status_code == 403
    assert fx.snapshot(db_path) == before and audit(db_path) == []


@pytest.mark.asyncio
async def test_refused_without_valid_csrf_token_changes_nothing(ds, db_path):
    _, cookies, fields = await form_of(ds, db_path, RATERS)
    sid = ids(db_path, "sources", "Valery Gerasimov")
    path = f"/-/provenance/news/sources/{sid}/rate"
    before = fx.snapshot(db_path)
    attempts = [
        {k: v for k, v in fields.items() if k != "provenance_token"},          # no form token
        {**fields, "provenance_token": "forged"},                            # not signed
        {**fields, "provenance_token": form_token(ds, {"id": "mallory"}, "news")},  # someone else's
        {**fields, "provenance_token": form_token(ds, RATERS, "other")},     # another database
    ]
    for attempt in attempts:
        assert (await post_rating(ds, path, cookies, attempt, reliability="A")).status_code == 403
    # Datasette's own CSRF protection refuses too.
    if IS_1_0:
        cross = await post_rating(ds, path, cookies, fields, {"sec-fetch-site": "cross-site"},
                                  reliability="A")
    else:
        cross = await post_rating(ds, path, cookies,
                                  {k: v for k, v in fields.items() if k != "csrftoken"},
                                  reliability="A")
    assert cross.status_code == 403
    assert fx.snapshot(db_path) == before and audit(db_path) == []


@pytest.mark.asyncio
@pytest.mark.parametrize("letter", ["G", "", "AA", "<b>"])
async def test_invalid_rating_value_is_refused(ds, db_path, letter):
    _, cookies, fields = await form_of(ds, db_path, RATERS)
    before = fx.snapshot(db_path)
    response = await post_rating(ds, "/-/provenance/news/sources/1/rate", cookies, fields,
                                 reliability=letter)
    assert response.status_code == 400
    assert fx.snapshot(db_path) == before and audit(db_path) == []


@pytest.mark.asyncio
async def test_a_note_longer_than_the_limit_is_refused(ds, db_path):
    from datasette_provenance.ratings_io import MAX_NOTE_CHARS

    html, cookies, fields = await form_of(ds, db_path, RATERS)
    assert f'maxlength="{MAX_NOTE_CHARS}"' in html
    before = fx.snapshot(db_path)
    response = await post_rating(ds, "/-/provenance/news/sources/1/rate", cookies, fields,
                                 reliability="A", note="x" * (MAX_NOTE_CHARS + 1))
    assert response.status_code == 400 and "at most 10,000 characters" in response.text
    assert fx.snapshot(db_path) == before and audit(db_path) == []


@pytest.mark.asyncio
async def test_unknown_target_is_404_and_get_is_405(ds, db_path):
    _, cookies, fields = await form_of(ds, db_path, RATERS)
    assert (await post_rating(ds, "/-/provenance/news/sources/999/rate", cookies, fields,
                              reliability="A")).status_code == 404
    assert (await ds.client.get("/-/provenance/news/sources/1/rate",
                                cookies=cookies)).status_code == 405


@pytest.mark.asyncio
async def test_ids_too_large_for_sqlite_are_404_not_500(ds, db_path):
    """More digits than any SQLite row id: no such outlet or source (binding the number
    raised OverflowError: a 500)."""
    huge = "9" * 30
    for url in (f"/-/provenance/news/outlets/{huge}", f"/-/provenance/news/outlets/{huge}.json"):
        assert (await ds.client.get(url)).status_code == 404, url
    source = f"/-/provenance/news/sources/{ids(db_path, 'sources', 'Valery Gerasimov')}"
    for url in (f"{source}?after={huge}", f"{source}.json?after=-{huge}"):
        assert (await ds.client.get(url)).status_code == 400, url
    _, cookies, fields = await form_of(ds, db_path, RATERS)
    for target in ("sources", "outlets"):
        response = await post_rating(ds, f"/-/provenance/news/{target}/{huge}/rate", cookies,
                                     fields, reliability="A")
        assert response.status_code == 404
    assert audit(db_path) == []


@pytest.mark.asyncio
async def test_configured_weights_apply_to_ui_rescoring(db_path):
    ds = make_datasette(db_path, permissions={"provenance-rate": RATERS},
                        plugin={"weights": {"reliability_B": 11}})
    _, cookies, fields = await form_of(ds, db_path, RATERS)
    before = fx.snapshot(db_path)
    sid = ids(db_path, "sources", "Valery Gerasimov")
    await post_rating(ds, f"/-/provenance/news/sources/{sid}/rate", cookies, fields, reliability="B")
    after = fx.snapshot(db_path)
    assert {after[i]["score"] - before[i]["score"] for i in fx.changed_ids(before, after)} == {11}


@pytest.mark.asyncio
async def test_nobody_may_rate_without_configuration_except_root(db_path):
    ds = make_datasette(db_path)
    html, _, _ = await form_of(ds, db_path, RATERS)
    assert 'class="pv-rate-form"' not in html
    if IS_1_0:
        ds.root_enabled = True
    html, cookies, fields = await form_of(ds, db_path, {"id": "root"})
    assert 'class="pv-rate-form"' in html
    response = await post_rating(ds, "/-/provenance/news/outlets/1/rate", cookies, fields,
                                 reliability="C")
    assert response.status_code == 302 and audit(db_path)[0]["who"] == "root"


@pytest.mark.asyncio
@pytest.mark.parametrize("block", [False, {"id": "alice"}])
async def test_a_permissions_block_that_does_not_grant_root_refuses_root_too(db_path, block):
    """As on 1.0 (whose root actor gets no action a configured block withholds): 0.65's root
    used to rate whatever the configuration said."""
    for ds in (make_datasette(db_path, permissions={"provenance-rate": block}),
               make_datasette(db_path, databases={"news": {"permissions": {"provenance-rate": block}}})):
        if IS_1_0:
            ds.root_enabled = True
        html, cookies, fields = await form_of(ds, db_path, {"id": "root"})
        assert 'class="pv-rate-form"' not in html
        # Valid tokens (0.65's CSRF token from a Datasette form that is shown), so only the
        # permission can refuse.
        messages = await ds.client.get("/-/messages", cookies=cookies)
        fields.update(re.findall(r'name="(csrftoken)" value="([^"]*)"', messages.text))
        cookies.update({k: v for k, v in messages.cookies.items() if k == "ds_csrftoken"})
        fields["provenance_token"] = form_token(ds, {"id": "root"}, "news")
        response = await post_rating(ds, "/-/provenance/news/outlets/1/rate", cookies, fields,
                                     reliability="C")
        assert response.status_code == 403 and "provenance-rate" in response.text
        assert audit(db_path) == []


@pytest.mark.asyncio
async def test_plugin_configuration_allow_block_grants_the_permission(db_path):
    ds = make_datasette(db_path, plugin={"permissions": {"provenance-rate": {"id": ["carol"]}}})
    html, cookies, fields = await form_of(ds, db_path, {"id": "carol"})
    assert 'class="pv-rate-form"' in html
    response = await post_rating(ds, "/-/provenance/news/outlets/1/rate", cookies, fields,
                                 reliability="D")
    assert response.status_code == 302 and audit(db_path)[0]["who"] == "carol"
    html, _, _ = await form_of(ds, db_path, {"id": "dave"})
    assert 'class="pv-rate-form"' not in html


@pytest.mark.asyncio
async def test_source_page_has_the_form_and_shows_the_rating_history(ds, db_path):
    sid = ids(db_path, "sources", "Valery Gerasimov")
    cookies = cookies_for(ds, RATERS)
    page = await ds.client.get(f"/-/provenance/news/sources/{sid}", cookies=cookies)
    assert page.status_code == 200
    assert f'action="/-/provenance/news/sources/{sid}/rate"' in page.text
    fields = dict(re.findall(r'name="(csrftoken|provenance_token)" value="([^"]*)"', page.text))
    if "ds_csrftoken" in page.cookies:
        cookies["ds_csrftoken"] = page.cookies["ds_csrftoken"]
    response = await post_rating(ds, f"/-/provenance/news/sources/{sid}/rate", cookies, fields,
                                 reliability="B", note="see [bio](javascript:alert(1)) _ok_")
    assert response.status_code == 302
    page = await ds.client.get(f"/-/provenance/news/sources/{sid}", cookies=cookies)
    assert "F → B" in page.text and "<em>ok</em>" in page.text
    assert "javascript:" not in page.text.replace("(javascript:alert(1))", "")
    data = (await ds.client.get(f"/-/provenance/news/sources/{sid}.json")).json()
    assert data["rating"]["reliability"] == "B" and data["rating"]["can_rate"] is False
    assert [(h["who"], h["new_reliability"]) for h in data["rating"]["history"]] == [("alice", "B")]
    # Visitors without the permission see the history but no form.
    anonymous = await ds.client.get(f"/-/provenance/news/sources/{sid}")
    assert "F → B" in anonymous.text and 'class="pv-rate-form"' not in anonymous.text


@pytest.mark.asyncio
async def test_database_level_permissions_block(db_path):
    ds = make_datasette(db_path, databases={
        "news": {"permissions": {"provenance-rate": {"id": "erin"}}}})
    html, cookies, fields = await form_of(ds, db_path, {"id": "erin"})
    assert 'class="pv-rate-form"' in html
    assert (await post_rating(ds, "/-/provenance/news/outlets/2/rate", cookies, fields,
                              reliability="B")).status_code == 302
    html, _, _ = await form_of(ds, db_path, RATERS)
    assert 'class="pv-rate-form"' not in html


@pytest.mark.asyncio
async def test_outlet_pages_check_view_permission(db_path):
    ds = make_datasette(db_path, databases={"news": {"allow": {"id": "alice"}}},
                        permissions={"provenance-rate": RATERS})
    for path in ("/-/provenance/news/outlets", "/-/provenance/news/outlets.json",
                 "/-/provenance/news/outlets/1", "/-/provenance/news/outlets/1.json"):
        assert (await ds.client.get(path)).status_code == 403
        assert (await ds.client.get(path, cookies=cookies_for(ds, RATERS))).status_code == 200
    assert (await ds.client.get("/-/provenance/nope/outlets")).status_code == 404


@pytest.mark.asyncio
async def test_rating_tables_have_default_facets(ds, db_path):
    from datasette_provenance.compat import facet_results

    _, cookies, fields = await form_of(ds, db_path, RATERS)
    await post_rating(ds, "/-/provenance/news/outlets/1/rate", cookies, fields, reliability="B")
    await ds.invoke_startup()
    audit_json = (await ds.client.get("/news/rating_changes.json?_extra=facet_results")).json()
    assert {"target_type", "new_reliability", "who"} <= set(facet_results(audit_json))
    outlets_json = (await ds.client.get("/news/outlets.json?_extra=facet_results")).json()
    assert "reliability" in facet_results(outlets_json)


def _hold_write_lock(db_path, seconds):
    """Another process's writer (a load's batch) holding the lock for ``seconds``."""
    import threading

    conn = _write_lock(db_path)

    def release():
        conn.rollback()
        conn.close()

    timer = threading.Timer(seconds, release)
    timer.start()
    return timer


def _write_lock(db_path):
    """Another process's writer holding the lock until its connection is rolled back."""
    import sqlite3

    conn = sqlite3.connect(db_path, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")
    return conn


@pytest.mark.asyncio
async def test_rating_waits_for_a_writer_longer_than_datasettes_five_seconds(ds, db_path):
    _, cookies, fields = await form_of(ds, db_path, RATERS)
    sid = ids(db_path, "sources", "Valery Gerasimov")
    timer = _hold_write_lock(db_path, 5.5)
    response = await post_rating(ds, f"/-/provenance/news/sources/{sid}/rate", cookies, fields,
                                 reliability="B")
    timer.join()
    assert response.status_code == 302, response.text
    assert [r["new_reliability"] for r in audit(db_path)] == ["B"]


@pytest.mark.asyncio
async def test_rating_while_the_database_stays_busy_is_a_clear_503(ds, db_path, monkeypatch):
    from datasette_provenance import ratings_web

    monkeypatch.setattr(ratings_web, "WRITE_WAIT_MS", 300)
    _, cookies, fields = await form_of(ds, db_path, RATERS)
    before = fx.snapshot(db_path)
    sid = ids(db_path, "sources", "Valery Gerasimov")
    # Held for the whole request, however slow the machine (a 2 s timer ran out first
    # under load and the rating went through).
    other = _write_lock(db_path)
    try:
        response = await post_rating(ds, f"/-/provenance/news/sources/{sid}/rate", cookies, fields,
                                     reliability="B")
    finally:
        other.rollback()
        other.close()
    assert response.status_code == 503 and "not changed" in response.text
    assert audit(db_path) == [] and fx.snapshot(db_path) == before
    # Once the other writer is done, the same form goes through.
    response = await post_rating(ds, f"/-/provenance/news/sources/{sid}/rate", cookies, fields,
                                 reliability="B")
    assert response.status_code == 302


@pytest.mark.asyncio
async def test_outlet_page_lists_its_latest_articles_and_links_the_rest(ds, db_path, monkeypatch):
    # An outlet with more articles than the page lists shows the most recent ones, says how
    # many it has, and links the articles table filtered to that outlet for the rest.
    import html

    from datasette_provenance import ratings_web

    oid = ids(db_path, "outlets", "Border Herald")
    url = f"/-/provenance/news/outlets/{oid}"
    everything = (await ds.client.get(url + ".json")).json()
    total = everything["article_count"]
    assert total == len(everything["articles"]) >= 2
    monkeypatch.setattr(ratings_web, "OUTLET_ARTICLES_SHOWN", total - 1)
    data = (await ds.client.get(url + ".json")).json()
    assert data["articles"] == everything["articles"][:total - 1]
    assert data["article_count"] == total
    listed = (await ds.client.get(data["articles_url"].replace("/articles?", "/articles.json?")
                                  + "&_shape=array")).json()
    assert len(listed) == total
    page = (await ds.client.get(url)).text
    assert f"most recent of {total}" in page
    assert f'href="{html.escape(data["articles_url"])}">all its articles<' in page


@pytest.mark.asyncio
async def test_long_rating_history_shows_the_latest_and_links_the_rest(ds, db_path, monkeypatch):
    # A source rated again and again (imports, a provider) keeps a page-sized history card:
    # the latest changes, how many there are, and a link to all of them in rating_changes.
    import html

    from datasette_provenance import ratings_web

    monkeypatch.setattr(ratings_web, "HISTORY_SHOWN", 2)
    _, cookies, fields = await form_of(ds, db_path, RATERS)
    sid = ids(db_path, "sources", "Valery Gerasimov")
    for letter in "BCD":
        response = await post_rating(ds, f"/-/provenance/news/sources/{sid}/rate", cookies,
                                     fields, reliability=letter, note=f"now {letter}")
        assert response.status_code == 302
    data = (await ds.client.get(f"/-/provenance/news/sources/{sid}.json")).json()["rating"]
    assert [h["new_reliability"] for h in data["history"]] == ["D", "C"]
    assert data["history_count"] == 3
    listed = (await ds.client.get(data["history_url"].replace("/rating_changes?",
                                                              "/rating_changes.json?")
                                  + "&_shape=array")).json()
    assert sorted(row["new_reliability"] for row in listed) == ["B", "C", "D"]
    page = (await ds.client.get(f"/-/provenance/news/sources/{sid}")).text
    assert "The 2 latest of 3 changes" in page
    assert f'href="{html.escape(data["history_url"])}">all of them<' in page


async def refused_rating_message(ds, db_path):
    """POST a rating of Gerasimov that the server must refuse: assert nothing was written and
    the rater is sent back to the source page; the error message shown there."""
    _, cookies, fields = await form_of(ds, db_path, RATERS)
    before = fx.snapshot(db_path)
    sid = ids(db_path, "sources", "Valery Gerasimov")
    response = await post_rating(ds, f"/-/provenance/news/sources/{sid}/rate", cookies, fields,
                                 reliability="B")
    assert response.status_code == 302
    assert response.headers["location"].endswith(f"/-/provenance/news/sources/{sid}")
    assert audit(db_path) == [] and fx.snapshot(db_path) == before
    cookies.update(response.cookies)
    page = await ds.client.get(f"/-/provenance/news/sources/{sid}", cookies=cookies)
    message = re.search(r'class="message-error">(.*?)</p>', page.text, re.S)
    assert page.status_code == 200 and message, page.text
    assert str(db_path) not in page.text and "Traceback" not in page.text
    return message.group(1)


@pytest.mark.asyncio
@pytest.mark.parametrize("stored", ["{weights", '{"hop_penalty": "high"}'])
async def test_rating_with_unreadable_stored_weights_says_so_on_the_page(ds, db_path, stored):
    # Weights a rescore stored, broken since: the rating is refused with a message on the
    # page the rater came from, not a server error (no traceback, no file path).
    with sqlite3.connect(db_path) as conn:
        conn.execute("create table if not exists provenance_scoring (key text primary key, value text)")
        conn.execute("insert or replace into provenance_scoring values ('weights', ?)", [stored])
    message = await refused_rating_message(ds, db_path)
    assert "rating was not changed" in message
    assert "provenance_scoring" in message and "rescore" in message


@pytest.mark.asyncio
@pytest.mark.parametrize("weights", [{"no_such_weight": 3}, {"named_person": "high"}, [1, 2]])
async def test_rating_with_unusable_configured_weights_says_so_on_the_page(db_path, weights):
    # A configuration error is the server's, not the rater's: refused with a message on the
    # page, nothing written, no server error.
    ds = make_datasette(db_path, permissions={"provenance-rate": RATERS},
                        plugin={"weights": weights})
    message = await refused_rating_message(ds, db_path)
    assert "rating was not changed" in message and "weights" in message
