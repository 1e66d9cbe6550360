"""Hand-built articles with known chains, stored through store.save, so rating tests
do not depend on what the extractor finds."""
import shutil

import pytest
import sqlite_utils

from datasette_provenance import score, store
from datasette_provenance.model import Article, Attribution, Document, SourceMention, Span, Statement


def _statement(text, idx, offset, cue, hops=(), hedges=(), headline=False, direct=False):
    """hops: [(source text, kind), ...] outermost first; cue found in the text."""
    st = Statement(idx=idx, start=offset, end=offset + len(text), text=text, is_headline=headline)
    if cue:
        at = text.index(cue)
        for depth, (source, kind) in enumerate(hops or [(None, "none")]):
            src = None
            if source:
                s_at = text.index(source)
                src = Span(offset + s_at, offset + s_at + len(source), source)
            st.attributions.append(Attribution(
                depth=depth, cue=Span(offset + at, offset + at + len(cue), cue),
                cue_kind="according_to" if cue.lower().startswith("according") else "verb",
                source=src, source_kind=kind, direct=direct))
    for h in hedges:
        h_at = text.index(h)
        st.hedges.append(Span(offset + h_at, offset + h_at + len(h), h))
    return st


ARTICLES = [
    ("Kremlin Daily", [
        ("Safety zone declared", None, (), (), True, False),
        ("According to reports from the chief of staff, Valery Gerasimov, the operation was done.",
         "According to", [("reports", "vague"), ("Valery Gerasimov", "person")], (), False, False),
        ("Putin reportedly addressed the troops.", "reportedly", [], ("reportedly",), False, False),
        ("The Kremlin said the talks would resume.", "said", [("The Kremlin", "organisation")],
         (), False, False),
        ("Forces have advanced.", None, (), (), False, False),
    ]),
    ("Border Herald", [
        ("Gerasimov said: \"We hold the line.\"", "said", [("Gerasimov", "person")], (), False, True),
        ("Officials said the so-called zone was allegedly breached.", "said",
         [("Officials", "vague")], ("so-called", "allegedly"), False, False),
    ]),
    ("Border Herald", [
        ("A senior official told reporters the bridge was closed.", "told",
         [("A senior official", "anonymous")], (), False, False),
    ]),
]

# Source canonical names by surface text (what coreference would give).
CANONICAL = {"Gerasimov": "Valery Gerasimov"}


def build(path, weights=None):
    db = sqlite_utils.Database(str(path))
    store.ensure_schema(db)
    for n, (outlet, rows) in enumerate(ARTICLES):
        text, statements, offset = "", [], 0
        for idx, (sentence, cue, hops, hedges, headline, direct) in enumerate(rows):
            statements.append(_statement(sentence, idx, offset, cue, hops, hedges, headline, direct))
            text += sentence + ("\n\n" if headline else " ")
            offset = len(text)
        doc = Document(text=text, statements=statements)
        names = set()
        for st in statements:
            for a in st.attributions:
                if a.source is not None:
                    a.source_name = CANONICAL.get(a.source.text, a.source.text)
                    if a.source_kind in store.NAMED_KINDS and a.source_name not in names:
                        names.add(a.source_name)
                        doc.sources.append(SourceMention(a.source_name, a.source_kind, [a.source.text]))
        score.score(doc, weights=weights, outlet=outlet)
        article = Article(text=text, title=f"article {n}", outlet=outlet, path=f"a{n}.txt")
        store.save(db, article, doc, "test")
    return db


@pytest.fixture(scope="session")
def built_news_db(tmp_path_factory):
    """build() once per session (it scores and stores every article); a test takes
    its own copy with ``copy_of``, which costs a file copy instead."""
    path = tmp_path_factory.mktemp("news") / "news.db"
    db = build(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every row in the file itself
    db.close()
    return path


def copy_of(built, path):
    """A private copy of the session's built_news_db at ``path``."""
    shutil.copyfile(built, path)
    return path


def snapshot(db_path):
    """Score, grade, sourcing and reasons of every statement, by id."""
    db = sqlite_utils.Database(str(db_path))
    return {r["id"]: r for r in db.query("select id, score, grade, sourcing, reasons from statements")}


def changed_ids(before, after):
    return {sid for sid in before if before[sid] != after[sid]}


def citing(db_path, source_name):
    """Ids of statements whose chain includes the named source."""
    db = sqlite_utils.Database(str(db_path))
    return {r[0] for r in db.execute(
        "select a.statement_id from attributions a join sources s on s.id = a.source_id"
        " where s.name = ?", [source_name])}


def published_by(db_path, outlet):
    db = sqlite_utils.Database(str(db_path))
    return {r[0] for r in db.execute(
        "select s.id from statements s join articles a on a.id = s.article_id where a.outlet = ?",
        [outlet])}
