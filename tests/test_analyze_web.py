"""Analysing a table from Datasette: table action, form, CSRF, permission, jobs, resume."""
import re
import sqlite3

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.app import Datasette
from datasette.cli import cli

from datasette_provenance import analyze_runner, jobs
from datasette_provenance.compat import IS_1_0

from test_analyze_cli import make_scraped, snapshot

EDITOR, VIEWER = {"id": "editor"}, {"id": "viewer"}
FORM = "/-/provenance/scraped/analyze/scraped"


def make_datasette(path, databases=None, allow=None):
    config = {
        "plugins": {"datasette-provenance": {"permissions": {"provenance-analyze": {"id": "editor"}}}},
    }
    if databases:
        config["databases"] = databases
    if allow is not None:
        config["allow"] = allow
    if IS_1_0:
        return Datasette([str(path)], config=config)
    return Datasette([str(path)], metadata=config)


def cookies_for(ds, actor):
    return {"ds_actor": ds.sign({"a": actor}, "actor")} if actor else {}


async def post_form(ds, actor, data, path=FORM, form_page=None):
    """What a browser does: load the form (``form_page``, default ``path``: CSRF cookie and
    the form's tokens), post it same-origin."""
    cookies = cookies_for(ds, actor)
    form = await ds.client.get(form_page or path, cookies=cookies)
    tokens = dict(re.findall(r'name="(csrftoken|provenance_token)" value="([^"]*)"', form.text))
    if "ds_csrftoken" in form.cookies:
        cookies["ds_csrftoken"] = form.cookies["ds_csrftoken"]
    return await ds.client.post(
        path, data={**data, "csrftoken": "", **tokens}, cookies=cookies,
        headers={"Sec-Fetch-Site": "same-origin"})


def job_count(path):
    db = sqlite_utils.Database(path)
    return db[jobs.JOBS_TABLE].count if jobs.JOBS_TABLE in db.table_names() else 0


@pytest.fixture
def scraped(tmp_path):
    path = tmp_path / "scraped.db"
    make_scraped(path)
    return path


@pytest.mark.asyncio
async def test_table_action_only_for_actors_with_the_permission(scraped):
    ds = make_datasette(scraped)
    editor = await ds.client.get("/scraped/scraped", cookies=cookies_for(ds, EDITOR))
    assert "Analyse attributions in this table" in editor.text
    assert FORM in editor.text
    viewer = await ds.client.get("/scraped/scraped", cookies=cookies_for(ds, VIEWER))
    assert viewer.status_code == 200
    assert "Analyse attributions in this table" not in viewer.text


@pytest.mark.asyncio
async def test_form_offers_the_tables_columns_with_guesses(scraped):
    ds = make_datasette(scraped)
    page = await ds.client.get(FORM, cookies=cookies_for(ds, EDITOR))
    assert page.status_code == 200
    for column in ("slug", "headline", "site", "body"):
        assert f'value="{column}"' in page.text
    assert re.search(r'<option value="body" selected>', page.text)
    assert re.search(r'<option value="headline" selected>', page.text)
    assert re.search(r'<option value="site" selected>', page.text)


@pytest.mark.asyncio
async def test_post_with_permission_runs_a_job_to_completion(scraped, tmp_path):
    ds = make_datasette(scraped)
    response = await post_form(ds, EDITOR, {"column": "body", "title": "headline", "outlet": "site"})
    assert response.status_code == 302, response.text
    assert response.headers["location"] == "/-/provenance/scraped/jobs/1"
    await analyze_runner.wait_for_jobs(ds)
    job = (await ds.client.get("/-/provenance/scraped/jobs/1.json",
                               cookies=cookies_for(ds, VIEWER))).json()
    assert job["status"] == "done" and job["done"] == job["total"] == 12
    assert job["actor"] == "editor" and job["statements"] > 10
    page = await ds.client.get("/-/provenance/scraped/jobs/1")
    assert "Statements from scraped" in page.text and job["urls"]["statements"] in page.text
    # Its start and finish read as date and minute, the whole timestamp in a tooltip.
    for moment in (job["started"], job["finished"]):
        assert f'<time datetime="{moment}" title="{moment}">{moment[:10]} {moment[11:16]}</time>' \
            in page.text
    # A finished job leads to its results: the dashboard, which now has them.
    assert '<a class="pv-button pv-results" href="/-/provenance/scraped">' in page.text
    dashboard = (await ds.client.get("/-/provenance/scraped.json")).json()
    assert dashboard["totals"]["statements"] == job["statements"]
    # The jobs list gives the start as date and minute, the whole timestamp in a tooltip.
    jobs_page = (await ds.client.get("/-/provenance/scraped/jobs")).text
    assert f'<time datetime="{job["created"]}" title="{job["created"]}">' \
           f'{job["created"][:10]} {job["created"][11:16]}</time>' in jobs_page
    statements = (await ds.client.get(job["urls"]["statements"].replace("?", ".json?")
                                      + "&_shape=array&_size=max")).json()
    assert len(statements) == job["statements"]
    # Same rows and statements as the command line gives.
    clean = tmp_path / "clean.db"
    make_scraped(clean)
    assert CliRunner().invoke(cli, ["provenance", "analyze", str(clean), "scraped", "body",
                                    "--title", "headline", "--outlet", "site"]).exit_code == 0
    assert snapshot(sqlite_utils.Database(scraped)) == snapshot(sqlite_utils.Database(clean))


@pytest.mark.asyncio
async def test_post_without_permission_is_refused_and_creates_no_job(scraped):
    ds = make_datasette(scraped)
    for actor in (VIEWER, None):
        response = await post_form(ds, actor, {"column": "body"})
        assert response.status_code == 403
    assert job_count(scraped) == 0


@pytest.mark.asyncio
async def test_cross_site_post_without_token_is_refused_and_creates_no_job(scraped):
    ds = make_datasette(scraped)
    response = await ds.client.post(
        FORM, data={"column": "body"}, cookies=cookies_for(ds, EDITOR),
        headers={"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"})
    assert response.status_code == 403
    assert job_count(scraped) == 0


@pytest.mark.asyncio
async def test_post_without_the_forms_own_token_is_refused_and_creates_no_job(scraped):
    """The 1.0 alphas let a POST without Sec-Fetch-Site / Origin past their CSRF check and
    no longer verify csrftoken: the form's signed token is what refuses it there."""
    from datasette_provenance import form_tokens

    ds = make_datasette(scraped)
    cookies = cookies_for(ds, EDITOR)
    for token in (None, "forged", form_tokens.form_token(ds, VIEWER, "scraped", form_tokens.ANALYZE),
                  form_tokens.form_token(ds, EDITOR, "other", form_tokens.ANALYZE),
                  form_tokens.form_token(ds, EDITOR, "scraped", form_tokens.RATE)):
        data = {"column": "body", **({"provenance_token": token} if token else {})}
        for headers in ({}, {"Sec-Fetch-Site": "same-origin"}):
            response = await ds.client.post(FORM, data=data, cookies=cookies, headers=headers)
            assert response.status_code == 403, (token, headers)
    assert job_count(scraped) == 0


@pytest.mark.asyncio
async def test_bad_column_rerenders_the_form_without_a_job(scraped):
    ds = make_datasette(scraped)
    response = await post_form(ds, EDITOR, {"column": "nope"})
    assert response.status_code == 400
    assert "no column" in response.text
    assert job_count(scraped) == 0


@pytest.mark.asyncio
async def test_unfinished_job_resumes_on_startup_without_duplicates(scraped, tmp_path):
    db = sqlite_utils.Database(scraped)
    options = {"title": "headline", "outlet": "site"}
    job_id = jobs.create_job(db, "scraped", "body", options, database_name="scraped")
    interrupted = jobs.run_job(db, job_id, batch_size=3, max_batches=2)
    assert interrupted["status"] == "running" and interrupted["done"] == 6
    db.close()
    ds = make_datasette(scraped)  # "restart": a new server over the same file
    await ds.invoke_startup()
    await ds.client.get("/-/provenance/scraped/jobs.json")
    await analyze_runner.wait_for_jobs(ds)
    job = (await ds.client.get(f"/-/provenance/scraped/jobs/{job_id}.json")).json()
    assert job["status"] == "done" and job["done"] == 12
    clean = tmp_path / "clean.db"
    make_scraped(clean)
    clean_db = sqlite_utils.Database(clean)
    jobs.run_job(clean_db, jobs.create_job(clean_db, "scraped", "body", options))
    assert snapshot(sqlite_utils.Database(scraped)) == snapshot(clean_db)


@pytest.mark.asyncio
@pytest.mark.parametrize("private", [
    {"databases": {"scraped": {"allow": {"id": "root"}}}},
    {"allow": {"id": "root"}},
], ids=["private-database", "private-instance"])
async def test_private_database_is_403_on_every_route(scraped, private):
    db = sqlite_utils.Database(scraped)
    jobs.run_job(db, jobs.create_job(db, "scraped", "body", {"title": "headline"}))
    ds = make_datasette(scraped, **private)
    paths = [FORM, "/-/provenance/scraped/jobs/1", "/-/provenance/scraped/jobs/1.json",
             "/-/provenance/scraped/jobs", "/-/provenance/scraped/jobs.json"]
    for actor in (None, EDITOR):
        for path in paths:
            response = await ds.client.get(path, cookies=cookies_for(ds, actor))
            assert response.status_code == 403, path
            assert "headline" not in response.text and "Story" not in response.text
        post = await post_form(ds, actor, {"column": "body"})
        assert post.status_code == 403
    assert job_count(scraped) == 1
    root = await ds.client.get("/-/provenance/scraped/jobs/1.json", cookies=cookies_for(ds, {"id": "root"}))
    assert root.status_code == 200 and root.json()["status"] == "done"


@pytest.mark.asyncio
async def test_private_table_hides_its_jobs(scraped):
    db = sqlite_utils.Database(scraped)
    jobs.run_job(db, jobs.create_job(db, "scraped", "body", {}))
    ds = make_datasette(scraped, databases={"scraped": {"tables": {"scraped": {"allow": {"id": "root"}}}}})
    response = await ds.client.get(FORM, cookies=cookies_for(ds, EDITOR))
    assert response.status_code == 403  # (as Datasette's own table page answers)
    # The job answers exactly as a job id that does not exist: a 403 here and a 404 for
    # job 2 told which ids there are.
    for fmt in ("", ".json"):
        hidden, missing = [await ds.client.get(f"/-/provenance/scraped/jobs/{job_id}{fmt}",
                                               cookies=cookies_for(ds, EDITOR)) for job_id in (1, 2)]
        assert hidden.status_code == missing.status_code == 404
        # (but for the CSRF token each 0.65 page gets anew)
        token = re.compile(r'name="csrftoken" value="[^"]*"')
        assert token.sub("", hidden.text.replace("job 1", "job 2")) == token.sub("", missing.text)
    root = await ds.client.get("/-/provenance/scraped/jobs/1.json", cookies=cookies_for(ds, {"id": "root"}))
    assert root.status_code == 200 and root.json()["table"] == "scraped"
    listing = (await ds.client.get("/-/provenance/scraped/jobs.json", cookies=cookies_for(ds, EDITOR))).json()
    assert listing["jobs"] == []


@pytest.mark.asyncio
async def test_hostile_table_and_column_names_render_inert(tmp_path):
    path = tmp_path / "scraped.db"
    hostile_table = '<img src=x onerror="alert(1)">'
    hostile_column = "<script>alert('c')</script>"
    sqlite_utils.Database(path)[hostile_table].insert(
        {hostile_column: "Officials said the bridge was closed.", "body": "The mayor said so."})
    ds = make_datasette(path)
    from datasette.utils import tilde_encode
    form_path = f"/-/provenance/scraped/analyze/{tilde_encode(hostile_table)}"
    page = await ds.client.get(form_path, cookies=cookies_for(ds, EDITOR))
    assert page.status_code == 200
    assert hostile_column not in page.text and hostile_table not in page.text
    assert "&lt;script&gt;" in page.text
    response = await post_form(ds, EDITOR, {"column": hostile_column}, path=form_path)
    assert response.status_code == 302
    await analyze_runner.wait_for_jobs(ds)
    job_page = await ds.client.get(response.headers["location"])
    assert job_page.status_code == 200
    assert hostile_column not in job_page.text and hostile_table not in job_page.text
    assert (await ds.client.get(response.headers["location"] + ".json")).json()["status"] == "done"


@pytest.mark.asyncio
async def test_failed_job_shows_its_error_and_resumes_from_its_page(scraped, monkeypatch):
    from datasette_provenance import store

    ds = make_datasette(scraped)
    real_save, calls = store.save, []

    def save_then_fail(*args, **kwargs):
        calls.append(1)
        if len(calls) == 9:  # the first row of the second batch
            raise RuntimeError("writer <b>broke</b>")
        return real_save(*args, **kwargs)

    monkeypatch.setattr(store, "save", save_then_fail)
    response = await post_form(ds, EDITOR, {"column": "body", "title": "headline"})
    assert response.status_code == 302
    await analyze_runner.wait_for_jobs(ds)
    job = (await ds.client.get("/-/provenance/scraped/jobs/1.json")).json()
    assert job["status"] == "failed" and "broke" in job["error"]
    assert 0 < job["done"] < 12
    page = await ds.client.get("/-/provenance/scraped/jobs/1", cookies=cookies_for(ds, EDITOR))
    assert "writer &lt;b&gt;broke&lt;/b&gt;" in page.text
    assert f"Resume after row {job['cursor_rowid']}" in page.text
    viewer_page = await ds.client.get("/-/provenance/scraped/jobs/1", cookies=cookies_for(ds, VIEWER))
    assert "Resume after row" not in viewer_page.text
    monkeypatch.setattr(store, "save", real_save)
    # The page's resume form, with the tokens it carries.
    again = await post_form(ds, EDITOR, {"column": "body", "title": "headline"},
                            path="/-/provenance/scraped/analyze/scraped",
                            form_page="/-/provenance/scraped/jobs/1")
    assert again.headers["location"] == "/-/provenance/scraped/jobs/1"
    await analyze_runner.wait_for_jobs(ds)
    job = (await ds.client.get("/-/provenance/scraped/jobs/1.json")).json()
    assert job["status"] == "done" and job["error"] is None and job["done"] == 12
    assert job_count(scraped) == 1


@pytest.mark.asyncio
async def test_permission_from_datasettes_own_permissions_blocks(scraped):
    sqlite_utils.Database(scraped)["other"].insert({"body": "Officials said it rained."})
    config = {
        "permissions": {"provenance-analyze": {"id": "carol"}},
        "databases": {"scraped": {"tables": {"scraped": {
            "permissions": {"provenance-analyze": {"id": "alice"}}}}}},
    }
    ds = Datasette([str(scraped)], **({"config": config} if IS_1_0 else {"metadata": config}))
    other = "/-/provenance/scraped/analyze/other"
    expected = [({"id": "alice"}, FORM, 200), ({"id": "carol"}, FORM, 403),
                ({"id": "bob"}, FORM, 403), ({"id": "carol"}, other, 200),
                ({"id": "alice"}, other, 403), ({"id": "bob"}, other, 403)]
    for actor, path, status in expected:
        response = await ds.client.get(path, cookies=cookies_for(ds, actor))
        assert response.status_code == status, (actor, path)


@pytest.mark.asyncio
async def test_articles_link_back_to_their_source_rows(scraped):
    db = sqlite_utils.Database(scraped)
    jobs.run_job(db, jobs.create_job(db, "scraped", "body", {"title": "headline"}))
    article_id, pk = db.execute(
        "select id, source_pk from articles where source_pk = 'story-4'").fetchone()
    ds = make_datasette(scraped)
    row_url = "/scraped/scraped/story-4"
    page = await ds.client.get(f"/-/provenance/scraped/articles/{article_id}")
    assert page.status_code == 200
    assert f'<a href="{row_url}">row story-4 of scraped</a>' in page.text
    data = (await ds.client.get(f"/-/provenance/scraped/articles/{article_id}.json")).json()
    assert data["links"]["source_row"] == row_url
    row = (await ds.client.get(row_url + ".json?_shape=array")).json()
    assert [r["slug"] for r in row] == ["story-4"]
    table = await ds.client.get("/scraped/articles?source_pk=story-4")
    assert f'href="{row_url}"' in table.text


@pytest.mark.asyncio
async def test_html_column_and_row_errors_through_the_form(tmp_path, monkeypatch):
    path = tmp_path / "scraped.db"
    sqlite_utils.Database(path)["pages"].insert_all([
        {"slug": f"p{i}", "html": f"<p>Officials said bridge {i} was closed.</p><p>It rained.</p>"}
        for i in range(4)], pk="slug")
    real_analyse = jobs.analyse

    def analyse_unless_p2(article, **kwargs):
        if article.source_pk == "p2":
            raise ValueError("<odd> text")
        return real_analyse(article, **kwargs)

    monkeypatch.setattr(jobs, "analyse", analyse_unless_p2)
    ds = make_datasette(path)
    form = await ds.client.get("/-/provenance/scraped/analyze/pages", cookies=cookies_for(ds, EDITOR))
    assert '<option value="auto" selected>' in form.text
    response = await post_form(ds, EDITOR, {"column": "html", "format": "html"},
                               path="/-/provenance/scraped/analyze/pages")
    assert response.status_code == 302
    await analyze_runner.wait_for_jobs(ds)
    job = (await ds.client.get("/-/provenance/scraped/jobs/1.json")).json()
    assert job["status"] == "done" and job["failed"] == 1 and job["options"] == {"format": "html"}
    assert job["row_errors"] == [{"rowid": 3, "pk": "p2", "error": "ValueError: <odd> text",
                                  "url": "/scraped/pages/p2"}]
    page = await ds.client.get("/-/provenance/scraped/jobs/1")
    assert '<a href="/scraped/pages/p2">row p2</a>: ValueError: &lt;odd&gt; text' in page.text
    texts = [r[0] for r in sqlite_utils.Database(path).execute("select text from statements")]
    assert "Officials said bridge 0 was closed." in texts and not any("<" in t for t in texts)


@pytest.mark.asyncio
async def test_database_page_links_to_its_jobs_once_there_are_some(scraped):
    ds = make_datasette(scraped)
    assert "/-/provenance/scraped/jobs" not in (await ds.client.get("/scraped")).text
    db = sqlite_utils.Database(scraped)
    jobs.run_job(db, jobs.create_job(db, "scraped", "body", {}))
    page = await ds.client.get("/scraped")
    assert "Analysis jobs" in page.text and "/-/provenance/scraped/jobs" in page.text
    listing = await ds.client.get("/-/provenance/scraped/jobs")
    assert listing.status_code == 200 and 'href="/-/provenance/scraped/jobs/1"' in listing.text


@pytest.mark.asyncio
async def test_form_says_the_table_was_analysed_before(scraped):
    # A table analysed already: its form names the earlier runs (linked), so a second run
    # is a choice, not a surprise; a table never analysed says nothing of the kind.
    ds = make_datasette(scraped)
    editor = cookies_for(ds, EDITOR)
    first = (await ds.client.get(FORM, cookies=editor)).text
    assert "Analysed before" not in first
    assert (await post_form(ds, EDITOR, {"column": "body"})).status_code == 302
    await analyze_runner.wait_for_jobs(ds)
    again = (await ds.client.get(FORM, cookies=editor)).text
    assert "Analysed before" in again
    assert '<a href="/-/provenance/scraped/jobs/1">job 1</a>: body, done, 12 of 12 rows' in again


@pytest.mark.asyncio
async def test_job_with_unreadable_stored_weights_fails_with_a_clear_error(scraped):
    # Weights a rescore stored, broken since: the job stops before it writes anything, and
    # its page says what is wrong and how to fix it, naming the database, not its file.
    with sqlite3.connect(scraped) as conn:
        conn.execute("create table provenance_scoring (key text primary key, value text)")
        conn.execute("insert into provenance_scoring values ('weights', '[1, 2]')")
    ds = make_datasette(scraped)
    response = await post_form(ds, EDITOR, {"column": "body", "title": "headline"})
    assert response.status_code == 302
    await analyze_runner.wait_for_jobs(ds)
    job = (await ds.client.get("/-/provenance/scraped/jobs/1.json")).json()
    assert job["status"] == "failed" and job["done"] == 0
    assert "provenance_scoring" in job["error"] and "rescore" in job["error"]
    page = await ds.client.get("/-/provenance/scraped/jobs/1", cookies=cookies_for(ds, EDITOR))
    assert "scraped (table provenance_scoring)" in page.text
    assert str(scraped) not in page.text and str(scraped) not in job["error"]


@pytest.mark.asyncio
async def test_an_analysed_row_links_to_its_article(scraped):
    from datasette_provenance import links

    db = sqlite_utils.Database(scraped)
    jobs.run_job(db, jobs.create_job(db, "scraped", "body", {"title": "headline"}))
    article_id = db.execute("select id from articles where source_pk = 'story-4'").fetchone()[0]
    row = db.execute("select * from scraped where slug = 'story-4'").fetchone()
    row = dict(zip([c[0] for c in db.execute("select * from scraped limit 0").description], row))
    ds = make_datasette(scraped)
    await ds.invoke_startup()
    actions = await links.row_actions(ds, None, "scraped", "scraped", row)
    assert [a["href"] for a in actions] == [f"/-/provenance/scraped/articles/{article_id}"]
    # A row no run has read, and the plugin's own tables, get no such link.
    assert await links.row_actions(ds, None, "scraped", "scraped", {**row, "slug": "never-read"}) == []
    if IS_1_0:  # Datasette 0.65 has no row actions
        page = await ds.client.get("/scraped/scraped/story-4")
        assert f'href="/-/provenance/scraped/articles/{article_id}"' in page.text
        assert "Its provenance analysis" in page.text


@pytest.mark.asyncio
async def test_job_page_counts_cells_that_are_not_text(tmp_path):
    path = tmp_path / "scraped.db"
    sqlite_utils.Database(path)["scraped"].insert_all(
        [{"body": b} for b in ("The mayor said the bridge would reopen.", 17, None, "1,204")])
    db = sqlite_utils.Database(path)
    jobs.run_job(db, jobs.create_job(db, "scraped", "body", {}))
    ds = make_datasette(path)
    job = (await ds.client.get("/-/provenance/scraped/jobs/1.json")).json()
    assert (job["done"], job["skipped"], job["not_text"], job["articles"]) == (4, 1, 2, 1)
    page = (await ds.client.get("/-/provenance/scraped/jobs/1")).text
    assert re.search(r'Rows not text \(numbers, binary data, no letters\)</dt><dd id="pv-not-text">2<', page)


@pytest.mark.asyncio
async def test_a_job_id_too_large_for_sqlite_is_no_such_job(scraped):
    # int("9" * 20) reached SQLite: OverflowError, a 500 with Python's words. (A jobs
    # table must exist for the id to reach SQLite: without one no query is made.)
    jobs.create_job(sqlite_utils.Database(scraped), "scraped", "body", {})
    ds = make_datasette(scraped)
    for fmt in ("", ".json"):
        response = await ds.client.get(f"/-/provenance/scraped/jobs/{'9' * 20}{fmt}")
        assert response.status_code == 404, response.text
        assert "No analysis job 99999999999999999999 in scraped." in response.text
