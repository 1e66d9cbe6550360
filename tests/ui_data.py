"""A real provenance database for the UI tests: the seeds through the real pipeline,
plus hand-built articles whose chains, sources and outlets the UI must show (so
these tests don't depend on how good the extractor is), plus a hostile article."""
from __future__ import annotations

import sqlite_utils
from click.testing import CliRunner
from datasette.cli import cli

from datasette_provenance import score, store
from datasette_provenance.model import Article, Attribution, Document, SourceMention, Span, Statement
from datasette_provenance.text import EXTRACTOR_VERSION

from conftest import SEEDS

HOSTILE = {
    "title": '<script>alert("title")</script>Breaking',
    "outlet": '<img src=x onerror=alert("outlet")>',
    "url": "javascript:alert('url')",
    "source": '<b onmouseover=alert("src")>Evil Corp</b>',
    "notes": ('**Bold** note. [click me](javascript:alert("notes")) <script>alert("notes")</script>'
              '<img src=x onerror="alert(1)"> <a href="http://example.com" onclick="alert(2)">ok</a>'
              '<div <broken'),
}


def _span(text: str, piece: str, after: int = 0) -> Span:
    start = text.index(piece, after)
    return Span(start, start + len(piece), piece)


def _statement(text, idx, sentence, hops=(), hedges=()) -> Statement:
    sp = _span(text, sentence)
    st = Statement(idx=idx, start=sp.start, end=sp.end, text=sentence, is_headline=idx == 0)
    for depth, (cue, cue_kind, source, kind, name) in enumerate(hops):
        st.attributions.append(Attribution(
            depth=depth, cue=_span(text, cue, sp.start), cue_kind=cue_kind,
            source=_span(text, source, sp.start) if source else None, source_kind=kind,
            source_name=name, content=None, direct='"' in sentence))
    st.hedges = [_span(text, h, sp.start) for h in hedges]
    return st


def chain_article():
    headline = "Bridge closed after storm"
    s1 = "According to reports from the ministry, Jane Doe confirmed the bridge was closed."
    s2 = 'Jane Doe said: "The bridge will reopen on Monday."'
    s3 = "The storm allegedly damaged the road."
    s4 = "Residents were angry."
    text = "\n\n".join([headline, " ".join([s1, s2]), " ".join([s3, s4])]) + "\n"
    doc = Document(text=text, statements=[
        _statement(text, 0, headline),
        _statement(text, 1, s1, [("According to", "according_to", "reports", "vague", None),
                                 ("confirmed", "verb", "Jane Doe", "person", "Jane Doe")]),
        _statement(text, 2, s2, [("said", "verb", "Jane Doe", "person", "Jane Doe")]),
        _statement(text, 3, s3, [("allegedly", "adverb", None, "none", None)], hedges=["allegedly"]),
        _statement(text, 4, s4),
    ], sources=[SourceMention("Jane Doe", "person", ["Doe"])])
    art = Article(text=text, title=headline, url="https://example.com/bridge", outlet="Daily Planet",
                  author="R. Porter", published="2024-09-01", path="fixture/bridge.txt")
    return art, doc


def second_outlet_article():
    headline = "Ministry denies closure"
    s1 = "The ministry said the bridge was open."
    s2 = "Jane Doe told reporters the opposite."
    text = f"{headline}\n\n{s1} {s2}\n"
    doc = Document(text=text, statements=[
        _statement(text, 0, headline),
        _statement(text, 1, s1, [("said", "verb", "The ministry", "organisation", "Ministry of Roads")]),
        _statement(text, 2, s2, [("told", "verb", "Jane Doe", "person", "Jane Doe")]),
    ], sources=[SourceMention("Ministry of Roads", "organisation", ["The ministry"]),
                SourceMention("Jane Doe", "person")])
    art = Article(text=text, title=headline, outlet="Evening Star", published="2024-09-02",
                  path="fixture/ministry.txt")
    return art, doc


def hostile_article():
    headline = HOSTILE["title"]
    s1 = f'{HOSTILE["source"]} said <img src=x onerror=alert("body")> the vote was rigged.'
    s2 = '<a href="javascript:alert(\'body\')">Click</a> here for more.'
    text = f"{headline}\n\n{s1} {s2}\n"
    doc = Document(text=text, statements=[
        _statement(text, 0, headline),
        _statement(text, 1, s1, [("said", "verb", HOSTILE["source"], "organisation", HOSTILE["source"])]),
        _statement(text, 2, s2),
    ], sources=[SourceMention(HOSTILE["source"], "organisation")])
    art = Article(text=text, title=headline, url=HOSTILE["url"], outlet=HOSTILE["outlet"],
                  path="fixture/hostile.txt")
    return art, doc


def build(path) -> dict:
    """Create the database at ``path``; return the ids the tests navigate to."""
    result = CliRunner().invoke(cli, ["provenance", "load", str(path), str(SEEDS)])
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(str(path))
    ids = {}
    for name, make in (("chain", chain_article), ("second", second_outlet_article),
                       ("hostile", hostile_article)):
        art, doc = make()
        score.score(doc, ratings={"Jane Doe": "B"})
        ids[name] = store.save(db, art, doc, EXTRACTOR_VERSION)
    ids["seed"] = db.execute(
        "select id from articles where path like '%safety-zone-initiative.txt'").fetchone()[0]
    ids["jane"] = db.execute("select id from sources where name = 'Jane Doe'").fetchone()[0]
    ids["planet"] = db.execute("select id from outlets where name = 'Daily Planet'").fetchone()[0]
    ids["hostile_source"] = db.execute(
        "select id from sources where name = ?", [HOSTILE["source"]]).fetchone()[0]
    db["sources"].update(ids["hostile_source"], {"notes": HOSTILE["notes"]})
    db["sources"].update(ids["jane"], {"notes": "Spokesperson; *usually* on the record.",
                                       "reliability": "B"})
    db.conn.close()
    return ids
