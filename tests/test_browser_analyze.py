"""A real browser analyses a scraped table: table action, form, live progress, statements."""
from __future__ import annotations

import json
import urllib.request

import pytest
import sqlite_utils
from playwright.sync_api import expect, sync_playwright

from conftest import SEED_ARTICLE
from test_browser import CHROMIUM, CHROMIUM_ARGS, screenshot_dir, serving


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser-analyze")
    db = sqlite_utils.Database(folder / "news.db")
    seed = SEED_ARTICLE.read_text(encoding="utf-8")
    db["scraped"].insert_all(
        ({"slug": f"s{i}", "headline": f"Story {i}", "body": f"{seed} Row {i}.", "site": "Example"}
         for i in range(40)), pk="slug")
    metadata = folder / "metadata.json"
    # Everyone may analyse here: the test is about the flow, permissions are tested elsewhere.
    metadata.write_text(json.dumps({"plugins": {"datasette-provenance": {
        "permissions": {"provenance-analyze": True}}}}))
    with serving(folder / "news.db", metadata) as base:
        yield base


def test_analyse_a_table_from_its_table_action(served):
    shots = screenshot_dir()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1100, "height": 800})
        page.goto(served + "/news/scraped")
        action = page.locator('a[href$="/-/provenance/news/analyze/scraped"]')
        expect(action).to_have_count(1)
        expect(action).to_contain_text("Analyse attributions in this table")
        page.goto(served + action.get_attribute("href"))
        expect(page.locator("#pv-column")).to_have_value("body")
        expect(page.locator("#pv-title")).to_have_value("headline")
        expect(page.locator("#pv-outlet")).to_have_value("site")
        page.screenshot(path=str(shots / "analyze-form.png"), full_page=True)
        page.click("input[type=submit]")
        expect(page).to_have_url(served + "/-/provenance/news/jobs/1")
        # The page polls its JSON and reloads itself when the job is done.
        expect(page.locator("#pv-status")).to_have_text("done", timeout=60_000)
        expect(page.locator("#pv-done")).to_have_text("40")
        page.screenshot(path=str(shots / "analyze-job-done.png"), full_page=True)
        page.click("text=Statements from scraped")
        expect(page.locator("table.rows-and-columns")).to_be_visible()
        browser.close()
    with urllib.request.urlopen(served + "/news/statements.json?source_table=scraped&_shape=array&_size=1") as r:
        assert json.load(r)
    with urllib.request.urlopen(served + "/-/provenance/news/jobs/1.json") as r:
        job = json.load(r)
    assert job["status"] == "done" and job["articles"] == 40
