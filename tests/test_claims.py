"""The claim check (text/claims.py): which statements assert something checkable, and why
the others do not; stored as statements.claim/claim_reason, given in the extract JSON,
left out of the dashboard's worst-sourced claims, muted on the article page."""
import html
import json
import re
import sqlite3

import pytest
from click.testing import CliRunner

from datasette.cli import cli
from datasette_provenance import pipeline
from datasette_provenance.model import Article
from datasette_provenance.text import claims
from datasette_provenance.text.claims import check
from ui_helpers import load_with_cli, make_datasette, one_article_db

# Sentences written for these tests.
NOT_CLAIMS = {
    "Read the rest here.": claims.BOILERPLATE,
    "Subscribe to our newsletter for the latest updates.": claims.BOILERPLATE,
    "Share this story on Facebook.": claims.BOILERPLATE,
    "Click here to see the full results.": claims.BOILERPLATE,
    "© 2026 The Harbour Gazette. All rights reserved.": claims.BOILERPLATE,
    "Ana Ruiz and Tom Berg contributed to this report.": claims.BOILERPLATE,
    "Will the council change its mind?": claims.QUESTION,
    # "why"/"how" questions with no checkable premise: about the reader or writer, a bare
    # "that", a quantity, a present state, or no verb at all
    "Why do we put up with this?": claims.QUESTION,
    "Why is that?": claims.QUESTION,
    "Why now?": claims.QUESTION,
    "How many more winters can the old pier take?": claims.QUESTION,
    "How is that even possible?": claims.QUESTION,
    "And why should you care?": claims.QUESTION,
    "Vote today.": claims.CALL_TO_ACTION,
    "Follow the reporter on social media: @harbourgazette.": claims.CALL_TO_ACTION,
    "Coastal Erosion.": claims.HEADING,
    "A Town Divided.": claims.HEADING,
    "WHAT COMES NEXT.": claims.HEADING,
    "Marta Olsen.": claims.HEADING,
    "Bergen, Norway.": claims.HEADING,
    "So what happens next?": claims.QUESTION,
    "“Is anybody listening?”": claims.QUESTION,
    "Sign up today.": claims.CALL_TO_ACTION,
    "Watch the video below.": claims.CALL_TO_ACTION,
    "Tell us what you think.": claims.CALL_TO_ACTION,
    "Don't miss our live coverage.": claims.CALL_TO_ACTION,
    "Find out more on our website.": claims.CALL_TO_ACTION,
    "Please share your stories with the newsroom.": claims.CALL_TO_ACTION,
    "By Marta Olsen": claims.BYLINE,
    "Editing by Paul Ng and Lise Dahl": claims.BYLINE,
    "Photo: Harbour Gazette": claims.BYLINE,
    "Updated Nov. 24, 2026 3:45 p.m. ET": claims.DATELINE,
    "10:15 a.m.": claims.DATELINE,
    "Tuesday, March 3": claims.DATELINE,
    "I love to sing in the shower every morning.": claims.FEELING,
    "We are so proud of everyone on the team.": claims.FEELING,
    "I really hope the weather holds for the parade.": claims.FEELING,
    "In my opinion, the new logo is ugly.": claims.FEELING,
    "What a night!": claims.EXCLAMATION,
    "Yes.": claims.TOO_SHORT,
    "Thanks for reading!": claims.TOO_SHORT,
    "Stay tuned.": claims.TOO_SHORT,
    "Harbours.": claims.TOO_SHORT,
    "___.": claims.NO_WORDS,
    "* * *": claims.NO_WORDS,
}

CLAIMS = [
    # short factual sentences
    "Prices rose.",
    "He resigned.",
    "The bridge closed in 2019.",
    "Unemployment fell to 3.5 percent.",
    "Turnout was 61%.",
    # words a rule looks for, in sentences that still assert something
    "Contact tracing has slowed since March.",
    "Watch groups warned of fraud at the polls.",
    "Copyright law changed in 1998.",
    "Reporting by the Gazette showed the mayor had misled the council.",
    "Sign language interpreters will attend every briefing.",
    "Follow-up inspections found 14 cracked beams.",
    "Share prices fell 4% on Monday.",
    "Call volumes doubled after the storm.",
    "Don't forget that the toll rises to $6 in June.",
    "Find the receipts and you will see the council paid $2 million.",
    "I have lived on this street for 30 years.",
    "I was the first woman elected to the board.",
    "We lost the vote by 12 to 9.",
    "Reading is the county's largest town.",
    "Byers won the seat in 2014.",
    "Tuesday's vote was postponed.",
    "The ferry left at 10:15 a.m. with 200 passengers.",
    "The bridge collapsed!",
    "Sunday, the river flooded two villages.",
    # a verb that a comma closes is a discourse marker, not an order to the reader
    "Look, the ferry fees have doubled.",
    "Listen, the council never voted on the toll.",
    "See, the new bridge cost more than the old one.",
    # a question that takes a third party's deed for granted: the premise can be checked
    "Why did the council spend $4 million on the stadium?",
    "Why did the council change its mind?",
    "And why was the ferry sold to a private firm in secret?",
    "The real question is, why did the port keep the report from the public?",
    "One thing remains unclear: how did the contractor win the bid without a tender?",
    "How was the mayor able to approve her brother's permit?",
    "How come the pool closed two weeks early?",
    "Why is the east bridge still closed to trucks?",
    # a call to action or a feeling with a reason clause asserts the reason
    "Vote no, because the tax doubles rents.",
    "Please vote no on Measure B since the levy would double water bills.",
    "Write to your councillor now that the library board has cut opening hours.",
    "Don't be fooled: the toll has risen every year since the bridge opened.",
    "Sign the petition -- the clinic closes for good in the spring.",
    "I am glad because the old mill finally reopened.",
    # capitalised words that make a sentence, not a heading
    "Prices Are Rising.",
    "Harbour Fees Doubled In 2024.",
    # quotes a statement holds without a cue are still claims
    "\u201cThe dam will hold,\u201d the engineers' report concluded last year.",
    "\u201cWe cut the budget by a third.\u201d",
]


@pytest.mark.parametrize("text,reason", sorted(NOT_CLAIMS.items()))
def test_not_a_claim_says_why(text, reason):
    found = check(text)
    assert (found.claim, found.reason) == (False, reason)
    assert found.reason in claims.REASONS


@pytest.mark.parametrize("text", CLAIMS)
def test_checkable_sentences_stay_claims(text):
    assert check(text) == claims.ClaimCheck(True, None)


@pytest.mark.parametrize("text", sorted(NOT_CLAIMS))
def test_attributed_statements_and_headlines_are_always_claims(text):
    assert check(text, attributed=True).claim
    assert check(text, headline=True).claim


def test_mark_uses_the_extracted_cue_and_headline():
    text = ("Why the harbour matters?\n\nWill the harbour close? "
            "According to the mayor, who will pay for it? Read the rest here. Fees rose 6 percent.\n")
    document = pipeline.analyse(Article(text=text))
    by_text = {s.text: s for s in document.statements}
    assert by_text["Why the harbour matters?"].claim  # the headline
    assert by_text["Will the harbour close?"].claim_reason == claims.QUESTION
    assert not by_text["Read the rest here."].claim
    assert by_text["Fees rose 6 percent."].claim
    asked = next(s for s in document.statements if "the mayor" in s.text)
    assert asked.attributions and asked.claim and asked.claim_reason is None
    # The score does not depend on it: a non-claim is graded as any unattributed sentence.
    assert by_text["Read the rest here."].score == by_text["Fees rose 6 percent."].score


# ---------------------------------------------------------------- stored, JSON, pages

HEADLINE = "Harbour fees to rise"
TEXT = (f"{HEADLINE}\n\nThe port authority said fees would rise in June. "
        "Fees rose 6 percent last year. Why does this matter? Read the rest here. "
        "I love watching the boats at dusk.\n")
NON_CLAIMS = {"Why does this matter?": claims.QUESTION, "Read the rest here.": claims.BOILERPLATE,
              "I love watching the boats at dusk.": claims.FEELING}


@pytest.fixture
def claims_db(tmp_path):
    return one_article_db(tmp_path, "harbour.txt", TEXT)


def stored(path):
    return {text: (claim, reason) for text, claim, reason in sqlite3.connect(path).execute(
        "select text, claim, claim_reason from statements")}


def test_claim_is_stored_with_its_reason(claims_db):
    rows = stored(claims_db[0])
    for text, reason in NON_CLAIMS.items():
        assert rows[text] == (0, reason)
    assert rows[HEADLINE] == (1, None)
    assert rows["Fees rose 6 percent last year."] == (1, None)
    assert rows["The port authority said fees would rise in June."] == (1, None)
    from datasette_provenance import store
    assert store.check(store.open_db(claims_db[0])) == []


def test_extract_json_gives_claim_as_an_extra(tmp_path):
    (tmp_path / "harbour.txt").write_text(TEXT)
    result = CliRunner().invoke(cli, ["provenance", "extract", "--format", "jsonl",
                                      str(tmp_path / "harbour.txt")])
    assert result.exit_code == 0, result.output
    statements = json.loads(result.output.splitlines()[0])["statements"]
    for s in statements:
        assert TEXT[s["start"]:s["end"]] == s["text"]  # the contract's fields are all there
        assert {"sourcing", "score", "grade", "reasons", "attributions"} <= set(s)
        if s["text"] in NON_CLAIMS:
            assert s["claim"] is False and s["claim_reason"] == NON_CLAIMS[s["text"]]
        else:
            assert s["claim"] is True and "claim_reason" not in s


def as_before_claims(path):
    """The database as an older version left it: no claim columns, a counts table without
    claim, rows of an older extractor."""
    from datasette_provenance import facet_counts
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(f"drop trigger {facet_counts.TABLE}_update")
        conn.execute(f"drop table {facet_counts.TABLE}")
        conn.execute(f"create table {facet_counts.TABLE} (sourcing TEXT, grade TEXT, cue_kind TEXT, "
                     "source_kind TEXT, outlet TEXT, n INTEGER NOT NULL)")
        conn.execute(f"insert into {facet_counts.TABLE} select sourcing, grade, cue_kind, "
                     "source_kind, outlet, count(*) from statements group by 1, 2, 3, 4, 5")
        for (index,) in conn.execute("select name from sqlite_master where type = 'index' "
                                     "and tbl_name = 'statements' and sql like '%claim%'").fetchall():
            conn.execute(f'drop index "{index}"')
        conn.execute("alter table statements drop column claim_reason")
        conn.execute("alter table statements drop column claim")
        conn.execute("update articles set extractor_version = '0.10.27'")
    conn.close()


@pytest.mark.asyncio
async def test_older_database_gains_the_columns_and_rows_on_the_next_load(claims_db):
    path, folder, article_id = claims_db
    as_before_claims(path)
    ds = make_datasette(path)  # the pages still work: every statement a claim
    data = (await ds.client.get(f"/-/provenance/provenance/articles/{article_id}.json")).json()
    assert all(s["claim"] for s in data["statements"])
    dashboard = (await ds.client.get("/-/provenance/provenance.json")).json()
    assert "Read the rest here." in [w["text"] for w in dashboard["worst"]]
    load_with_cli(path, folder)  # adds the columns, extracts the older rows again
    rows = stored(path)
    assert {t: rows[t] for t in NON_CLAIMS} == {t: (0, r) for t, r in NON_CLAIMS.items()}


@pytest.mark.asyncio
async def test_dashboard_lists_and_counts_claims_only(claims_db):
    path = claims_db[0]
    ds = make_datasette(path)
    data = (await ds.client.get("/-/provenance/provenance.json")).json()
    worst = [w["text"] for w in data["worst"]]
    assert "Fees rose 6 percent last year." in worst
    assert not set(NON_CLAIMS) & set(worst)
    assert data["totals"]["not_claims"] == len(NON_CLAIMS)
    assert data["totals"]["claims"] == data["totals"]["statements"] - len(NON_CLAIMS)
    page = (await ds.client.get("/-/provenance/provenance")).text
    worst_section = page[page.index('id="worst"'):]
    assert "Claims only" in worst_section
    assert "Read the rest here." not in worst_section
    assert "Fees rose 6 percent last year." in worst_section
    # The lede's counts link to the statements table filtered by claim.
    claims_url = re.search(r'<a href="([^"]*claim=1)">', page).group(1)
    table = (await ds.client.get(html.unescape(claims_url).replace("?", ".json?", 1)
                                 + "&_shape=array")).json()
    assert {r["text"] for r in table} == set(stored(path)) - set(NON_CLAIMS)


@pytest.mark.asyncio
async def test_statements_table_filters_by_claim_and_describes_it(claims_db):
    ds = make_datasette(claims_db[0])
    rows = (await ds.client.get("/provenance/statements.json?claim=0&_shape=array")).json()
    assert {r["text"]: r["claim_reason"] for r in rows} == NON_CLAIMS
    page = (await ds.client.get("/provenance/statements")).text
    assert "a question" in html.unescape(page) or "claim" in page
    from datasette_provenance.column_notes import column_notes
    assert "claim" in column_notes()["statements"] and "claim_reason" in column_notes()["statements"]


@pytest.mark.asyncio
async def test_article_page_mutes_non_claims_with_their_reason(claims_db):
    path, _, article_id = claims_db
    ds = make_datasette(path)
    url = f"/-/provenance/provenance/articles/{article_id}"
    data = (await ds.client.get(url + ".json")).json()
    for s in data["statements"]:
        assert s["claim"] is (s["text"] not in NON_CLAIMS)
        assert s["claim_reason"] == NON_CLAIMS.get(s["text"])
    page = (await ds.client.get(url)).text
    article_html = re.search(r'<article class="pv-text"[^>]*>(.*?)</article>', page, re.S).group(1)
    muted = re.findall(r'<a class="pv-st [^"]*pv-not-claim"[^>]*data-claim-reason="([^"]*)"'
                       r'[^>]*title="([^"]*)">(.*?)</a>', article_html)
    assert {html.unescape(re.sub(r"<[^>]+>", "", inner)): html.unescape(reason)
            for reason, _, inner in muted} == NON_CLAIMS
    for reason, title, _ in muted:
        assert "not a claim: " + html.unescape(reason) in html.unescape(title)
    legend = page[page.index('class="pv-legend"'):]
    assert "Not claims" in legend[:legend.index("</dl>")]
    assert "Not a checkable claim: a question." in page


# ---------------------------------------------------------------- the claim facet


@pytest.mark.asyncio
async def test_claim_is_a_default_facet_counted_from_the_counts_table(claims_db):
    from datasette_provenance import facet_counts, store
    from datasette_provenance.compat import facet_results
    path = claims_db[0]
    db = store.open_db(path)
    with db.conn:  # skewed: a facet read from the counts table shows it
        db.execute(f"update {facet_counts.TABLE} set n = n + 1000 where claim = 0")
    ds = make_datasette(path)
    for query in ("", "claim=1", "grade=F&claim=0"):
        response = await ds.client.get(f"/provenance/statements.json?{query}&_extra=facet_results")
        assert response.status_code == 200, response.text
        facet = facet_results(response.json())["claim"]
        counts = {v["value"]: v["count"] for v in facet["results"]}
        # skewed by 1000 per combination: only a count from the counts table is that high
        assert (counts.get(0, 0) >= 1000) == (query != "claim=1"), query
    with db.conn:
        db.execute(f"update {facet_counts.TABLE} set n = n - 1000 where claim = 0")
    assert store.check(db) == []


@pytest.mark.asyncio
async def test_older_counts_table_and_statements_without_claim(claims_db):
    from datasette_provenance import facet_counts, store
    from datasette_provenance.compat import facet_results
    path = claims_db[0]
    as_before_claims(path)
    ds = make_datasette(path)  # the statements page works, without the claim facet
    response = await ds.client.get("/provenance/statements.json?_extra=facet_results")
    assert response.status_code == 200, response.text
    shown = facet_results(response.json())
    assert "claim" not in shown and {"grade", "sourcing"} <= set(shown)
    assert (await ds.client.get("/provenance/statements")).status_code == 200
    db = store.open_db(path)  # the migration: columns added, counts table counted again
    assert facet_counts.current(db.conn) and store.check(db) == []


async def _rows_at(ds, url):
    """The statements a dashboard link lists (its table view as JSON, every row)."""
    path, _, query = url.partition("?")
    return (await ds.client.get(f"{path}.json?{query}&_shape=array&_size=max")).json()


@pytest.mark.asyncio
async def test_claim_counts_links_and_facet_agree_when_some_rows_are_unchecked(claims_db):
    # Rows loaded before the claim column have claim NULL: not checked yet. The
    # dashboard counts them apart, and every number lists exactly its rows when followed.
    path = claims_db[0]
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("update statements set claim = null, claim_reason = null "
                     "where text in (?, ?)", ["Fees rose 6 percent last year.", "Why does this matter?"])
    conn.close()
    ds = make_datasette(path)
    data = (await ds.client.get("/-/provenance/provenance.json")).json()
    totals, links = data["totals"], data["links"]
    claims_rows = await _rows_at(ds, links["claims"])
    assert totals["claims"] == len(claims_rows) == totals["statements"] - len(NON_CLAIMS) - 1
    assert totals["not_claims"] == len(await _rows_at(ds, links["not_claims"])) == len(NON_CLAIMS) - 1
    unchecked = await _rows_at(ds, links["unchecked_claims"])
    assert totals["unchecked_claims"] == len(unchecked) == 2
    assert {r["text"] for r in unchecked} == {"Fees rose 6 percent last year.", "Why does this matter?"}
    # The statements table's claim facet gives the same two numbers.
    from datasette_provenance.compat import facet_results
    table = (await ds.client.get("/provenance/statements.json?_extra=facet_results")).json()
    facet = {v["value"]: v["count"] for v in facet_results(table)["claim"]["results"]}
    assert facet == {1: totals["claims"], 0: totals["not_claims"]}
    page = (await ds.client.get("/-/provenance/provenance")).text
    assert f'{totals["unchecked_claims"]}</a> not checked yet' in page
    # The worst-sourced list still shows an unchecked statement (it may be a claim).
    assert "Fees rose 6 percent last year." in [w["text"] for w in data["worst"]]
