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


def test_the_cue_score_is_the_sum_of_the_cue_features_weights():
    # Model.cue_score adds each word's own features once per word form: the same score as
    # summing every feature of learn.cue_features (up to float rounding), candidate by candidate.
    from datasette_provenance.text import model as text_model
    from datasette_provenance.text.extractor import Analysis
    from datasette_provenance.text.segment import sentences

    model = text_model.load_model()
    an = Analysis(TEXT, sentences(TEXT))
    scored = 0
    for i, lo, hi in text_model.candidates(an, model.forms):
        full = sum(model.cue.get(f, 0.0) for f in learn.cue_features(an, i, model.rates, lo, hi))
        assert abs(model.cue_score(an, i, lo, hi) - full) < 1e-9
        assert abs(model.cue_score(an, i, lo, hi) - full) < 1e-9  # again, from the word memo
        scored += 1
    assert scored >= 4 and set(model._word_weights) >= {"said", "told"}


def test_the_speaker_name_memos_are_bounded_and_change_nothing():
    from datasette_provenance.text import speakers

    memoised = [speakers._clean, speakers.person_core, speakers._strip_titles, speakers.titled_surname,
                speakers._person_like]
    text = TEXT + "Lopes said later that Ms. Lopes would stay. The director said she agreed.\n"
    for memo in memoised:
        memo.cache_clear()
    cold = extract(text)
    warm = extract(text)
    assert cold == warm and any(s.name == "Ana Lopes" for s in cold.sources)
    assert all(0 < memo.cache_info().currsize <= speakers.NAME_MEMO for memo in memoised[:2])
