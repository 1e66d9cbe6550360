"""Loading files into a test database the way `provenance load` does, in-process."""
from datasette_provenance import store
from datasette_provenance.ingest import read_articles
from datasette_provenance.model import Article
from datasette_provenance.pipeline import analyse


def load(db, *paths, **kw):
    """store.load_articles over these files and folders; ``kw``: workers and the like."""
    return store.load_articles(db, read_articles([str(p) for p in paths]), **kw)


def save_text(db_path, text, title="t"):
    """A fresh database at ``db_path`` holding one article of ``text``, analysed and saved."""
    article = Article(text=text, title=title, path=f"/x/{title}.txt")
    db = store.open_db(db_path)
    store.save(db, article, analyse(article))
    return db


def source_counts(db):
    """{source name: statement_count} of the sources table."""
    return dict(db.execute("select name, statement_count from sources").fetchall())


def content(db):
    """The database's meaning, without ids or timestamps: what a reader sees."""
    return {
        "articles": db.execute(
            "select id, title, url, outlet, author, published, format, text, extractor_version, "
            "statement_count from articles order by id").fetchall(),
        "statements": db.execute(
            'select article_id, idx, start, "end", text, sourcing, score, grade, reasons, '
            "cue_kind, source_kind, (select name from sources where id = source_id) "
            "from statements order by article_id, idx").fetchall(),
        "attributions": db.execute(
            "select s.article_id, s.idx, t.depth, t.cue, t.cue_start, t.source_text, "
            "(select name from sources where id = t.source_id), t.content_start "
            "from attributions t join statements s on s.id = t.statement_id "
            "order by 1, 2, 3").fetchall(),
        "sources": db.execute("select name, kind, statement_count from sources order by name").fetchall(),
        "summary": db.execute("select * from provenance_summary order by 1, 2, 3").fetchall(),
    }
