"""A rating changed by someone else while a load runs reaches the articles that load
stores afterwards (their scores were computed with the ratings read at its start)."""
import sqlite3

import pytest
import sqlite_utils

from datasette_provenance import jobs, ratings, rescore, store
from datasette_provenance.stored_scoring import remember_weights, stored_weights
from datasette_provenance.ingest import read_articles

# Sentences of our own: every article cites the same named source.
TEXTS = [f"Valery Gerasimov said the drill number {n} in Eastfield would go ahead.\n\n"
         f"Officials said the roads near site {n} would stay closed.\n" for n in range(4)]


def all_ids(db):
    return [r[0] for r in db.execute("select id from statements")]


def article_files(tmp_path):
    files = []
    for n, text in enumerate(TEXTS):
        path = tmp_path / f"{n}.txt"
        path.write_text(text)
        files.append(str(path))
    return files


@pytest.mark.parametrize("rate_with", ["rating", "weights"])
def test_a_change_between_batches_reaches_articles_extracted_before_it(tmp_path, rate_with):
    files = article_files(tmp_path)
    db_path = tmp_path / "p.db"
    db = store.open_db(db_path)

    def items():
        articles = read_articles(files)
        yield next(articles)
        # The first article is committed (batch_size=1); another connection changes a
        # rating, or re-scores with other weights, before the rest are stored.
        other = sqlite3.connect(db_path)
        if rate_with == "rating":
            change = ratings.set_rating(other, "source", "Valery Gerasimov", "A", who="alice")
            assert len(change.rescored) == 1  # only the stored article's statement
        else:
            with other:
                remember_weights(other, {"base_person": 60, "base_vague": 20})
                rescore.rescore(other, rescore.all_statement_ids(other),
                                stored_weights(other))
        other.close()
        yield from articles

    result = store.load_articles(db, items(), batch_size=1)
    assert result.loaded == len(TEXTS) and result.failed == 0
    # Every statement scores as a rescore with the current ratings and weights would.
    assert rescore.rescore(db.conn, all_ids(db), stored_weights(db.conn)) == []
    if rate_with == "rating":
        cited = db.execute("select reasons from statements where reasons like '%Gerasimov%'").fetchall()
        assert len(cited) == len(TEXTS) and all("rated A" in r[0] for r in cited)
    assert store.check(db) == []


def test_every_change_during_a_load_reaches_the_articles_stored_after_it(tmp_path):
    """The load re-reads the ratings when they change, not once: a rating changed
    again later in the same load is the one the remaining articles score with."""
    db_path = tmp_path / "p.db"
    db = store.open_db(db_path)
    letters = iter(["A", "D"])

    def items():
        for n, article in enumerate(read_articles(article_files(tmp_path))):
            if n in (1, 2):  # after the first and after the second stored article
                other = sqlite3.connect(db_path)
                ratings.set_rating(other, "source", "Valery Gerasimov", next(letters), who="bob")
                other.close()
            yield article

    result = store.load_articles(db, items(), batch_size=1)
    assert result.loaded == len(TEXTS)
    cited = [r[0] for r in db.execute(
        "select reasons from statements where reasons like '%Gerasimov%'")]
    assert len(cited) == len(TEXTS) and all("rated D (not usually reliable)" in r for r in cited)
    assert rescore.rescore(db.conn, all_ids(db)) == []


def test_a_rating_set_while_an_analyze_batch_runs_reaches_that_batch(tmp_path, monkeypatch):
    """`provenance analyze` reads ratings per batch; one set while the batch is analysed
    (from Datasette's form, say) still reaches the batch's statements."""
    path = tmp_path / "scraped.db"
    db = sqlite_utils.Database(path)
    db["scraped"].insert_all([{"id": n + 1, "body": text} for n, text in enumerate(TEXTS)], pk="id")
    job_id = jobs.create_job(db, "scraped", "body")
    analyse_rows = jobs.analyse_rows

    def rated_meanwhile(*args, **kwargs):
        batch = analyse_rows(*args, **kwargs)
        other = sqlite3.connect(path)
        ratings.set_rating(other, "source", "Valery Gerasimov", "A", who="alice", create=True)
        other.close()
        return batch

    monkeypatch.setattr(jobs, "analyse_rows", rated_meanwhile)
    job = jobs.run_job(db, job_id, batch_size=len(TEXTS) + 1)
    assert job["status"] == "done" and db["articles"].count == len(TEXTS)
    assert rescore.rescore(db.conn, all_ids(db)) == []
    cited = db.execute("select reasons from statements where reasons like '%Gerasimov%'").fetchall()
    assert len(cited) == len(TEXTS) and all("rated A" in r[0] for r in cited)
    assert store.check(db) == []


@pytest.mark.parametrize("first_id", [0, -2])
def test_analyze_reads_rows_from_a_primary_key_of_zero_or_below(tmp_path, first_id):
    db = sqlite_utils.Database(tmp_path / "scraped.db")
    db["scraped"].insert_all([{"id": first_id + n, "body": text} for n, text in enumerate(TEXTS)],
                             pk="id")
    job = jobs.run_job(db, jobs.create_job(db, "scraped", "body"))
    assert job["status"] == "done" and job["done"] == len(TEXTS)
    assert sorted(r[0] for r in db.execute("select source_rowid from articles")) == [
        first_id + n for n in range(len(TEXTS))]
