"""The cue model's word memos (learn.shape_of, stem, word_class) stay bounded however many
distinct words a long load brings, and emptying them changes no extraction."""
from datasette_provenance.text import extract, learn

TEXT = ("Harbour fees to rise\n\nThe port director, Ana Lopes, said on Tuesday that fees would rise "
        "by 12 percent in June. \"We have no choice,\" she told reporters, adding that the "
        "Zwolinski-Barrow shipping group had warned of losses. Officials reportedly disagreed.\n")


def _memos():
    return (learn._SHAPES, learn._STEMS, learn._CLASSES)


def test_memos_are_emptied_at_their_limit_and_extraction_is_unchanged(monkeypatch):
    expected = extract(TEXT)
    for memo in _memos():
        memo.clear()
    monkeypatch.setattr(learn, "MEMO_LIMIT", 4)
    got = extract(TEXT)
    assert got == expected and got.statements
    assert all(len(memo) <= 4 for memo in _memos())
    assert any(memo for memo in _memos())  # they were used, and emptied as they filled


def test_rate_tables_are_not_kept_alive_by_the_strong_cue_memo():
    import gc
    import weakref

    class Rates(dict):  # a dict that a weak reference can point at
        pass

    first = Rates(said=0.9, told=0.2)
    assert learn._strong_cues(first) == {"said"}
    gone = weakref.ref(first)
    for k in range(learn.STRONG_LIMIT):
        assert learn._strong_cues(Rates(noted=0.7, k=0.1)) == {"noted"}
    del first
    gc.collect()
    assert gone() is None  # (a training run makes a rate table per fold)


def test_the_rate_bucket_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(learn, "MEMO_LIMIT", 4)
    monkeypatch.setattr(learn, "_BUCKETS", {})
    buckets = [learn.rate_bucket(k / 100) for k in range(50)]
    assert len(learn._BUCKETS) <= 4
    assert buckets == [learn._rate_bucket(k / 100) for k in range(50)]
