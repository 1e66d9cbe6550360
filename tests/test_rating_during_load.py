"""A rating changed by someone else while a load runs reaches the articles that load
stores afterwards (their scores were computed with the ratings read at its start)."""
import sqlite3

import pytest

from datasette_provenance import ratings, rescore, store
from datasette_provenance.ingest import read_articles

# Sentences of our own: every article cites the same named source.
TEXTS = [f"Valery Gerasimov said the drill number {n} in Eastfield would go ahead.\n\n"
         f"Officials said the roads near site {n} would stay closed.\n" for n in range(4)]


def all_ids(db):
    return [r[0] for r in db.execute("select id from statements")]


@pytest.mark.parametrize("rate_with", ["rating", "weights"])
def test_a_change_between_batches_reaches_articles_extracted_before_it(tmp_path, rate_with):
    files = []
    for n, text in enumerate(TEXTS):
        path = tmp_path / f"{n}.txt"
        path.write_text(text)
        files.append(str(path))
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
                rescore.remember_weights(other, {"base_person": 60, "base_vague": 20})
                rescore.rescore(other, rescore.all_statement_ids(other),
                                rescore.stored_weights(other))
        other.close()
        yield from articles

    result = store.load_articles(db, items(), batch_size=1)
    assert result.loaded == len(TEXTS) and result.failed == 0
    # Every statement scores as a rescore with the current ratings and weights would.
    assert rescore.rescore(db.conn, all_ids(db), rescore.stored_weights(db.conn)) == []
    if rate_with == "rating":
        cited = db.execute("select reasons from statements where reasons like '%Gerasimov%'").fetchall()
        assert len(cited) == len(TEXTS) and all("rated A" in r[0] for r in cited)
    assert store.check(db) == []
