"""`load --workers N` when a worker process dies (killed, out of memory): the chunks lost
with its pool are extracted again in a fresh one; an article that kills every worker it
meets fails alone (with what was in flight beside it), and the load finishes."""
import os
from concurrent.futures.process import BrokenProcessPool

import pytest

from datasette_provenance import loader, store
from datasette_provenance.ingest import read_articles

ARTICLES = 150  # more than the chunks a pool has in flight (window)


@pytest.fixture
def corpus(tmp_path):
    files = []
    for n in range(ARTICLES):
        path = tmp_path / "corpus" / f"{n:02d}.txt"
        path.parent.mkdir(exist_ok=True)
        marker = " Poison pill." if n == 21 else ""
        path.write_text(f"Officials said the ferry number {n} would sail on time.{marker}\n\n"
                        f"The harbour master said crossing {n} was calm.\n")
        files.append(str(path))
    return files


def dying_worker(monkeypatch, tmp_path, every_time):
    """Workers (forked after this) die on the poison article: once, or every time."""
    real = loader.extract_rows
    died = tmp_path / "died"

    def extract_rows(article, aid, version, scoring=None):
        if "Poison" in article.text and (every_time or not died.exists()):
            died.touch()
            os._exit(1)
        return real(article, aid, version, scoring)

    monkeypatch.setattr(loader, "extract_rows", extract_rows)


def test_a_worker_killed_once_loses_no_article(corpus, tmp_path, monkeypatch):
    dying_worker(monkeypatch, tmp_path, every_time=False)
    db = store.open_db(tmp_path / "p.db")
    result = store.load_articles(db, read_articles(corpus), workers=2)
    assert (tmp_path / "died").exists()
    assert (result.loaded, result.failed) == (ARTICLES, 0)
    assert store.check(db) == []


def test_an_article_that_kills_every_worker_fails_and_the_load_goes_on(corpus, tmp_path,
                                                                       monkeypatch):
    dying_worker(monkeypatch, tmp_path, every_time=True)
    db = store.open_db(tmp_path / "p.db")
    failed = []
    result = store.load_articles(db, read_articles(corpus), workers=2,
                                 on_item=lambda status, item: status == "failed" and failed.append(item))
    assert result.loaded + result.failed == ARTICLES
    assert any(e.path.endswith("21.txt") for e in failed)
    assert all("extraction worker died" in e.message for e in failed)
    assert db.execute("select count(*) from articles").fetchone()[0] == result.loaded > 0
    assert store.check(db) == []
    monkeypatch.undo()
    again = store.load_articles(db, read_articles(corpus), workers=2)
    assert (again.loaded, again.failed) == (result.failed, 0)


def test_a_pool_that_breaks_while_chunks_are_still_handed_out(corpus, tmp_path, monkeypatch):
    """A worker dies between two submissions: the next submit raises at once (it used to
    end the load with BrokenProcessPool); the chunk goes to a fresh pool like the others."""
    real_pool = loader._Extractor._pool
    pools = []

    def pool(self):
        executor = real_pool(self)
        pools.append(executor)
        if len(pools) == 1:
            real_submit, submitted = executor.submit, []

            def submit(*args, **kwargs):
                submitted.append(1)
                if len(submitted) == 3:
                    raise BrokenProcessPool("a worker died")
                return real_submit(*args, **kwargs)

            executor.submit = submit
        return executor

    monkeypatch.setattr(loader._Extractor, "_pool", pool)
    db = store.open_db(tmp_path / "p.db")
    result = store.load_articles(db, read_articles(corpus), workers=2)
    assert len(pools) >= 2
    assert (result.loaded, result.failed) == (ARTICLES, 0)
    assert store.check(db) == []
