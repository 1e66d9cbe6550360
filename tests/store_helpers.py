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
