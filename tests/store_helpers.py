"""Loading files into a test database the way `provenance load` does, in-process."""
from datasette_provenance import store
from datasette_provenance.ingest import read_articles


def load(db, *paths, **kw):
    """store.load_articles over these files and folders; ``kw``: workers and the like."""
    return store.load_articles(db, read_articles([str(p) for p in paths]), **kw)
