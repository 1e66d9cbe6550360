"""The article page draws each chain as the extractor gave it: siblings (two hops at one
depth) are separate chains sharing their outer hop, never one longer chain."""
import re

import pytest
import sqlite_utils

from datasette_provenance import score, store
from datasette_provenance.chain_paths import chain_paths, chains_to_show
from datasette_provenance.model import Article, Attribution, Document, Span, Statement
from datasette_provenance.text import EXTRACTOR_VERSION
from ui_helpers import make_datasette


def _hops(*spec):
    return [{"chain": chain, "depth": depth} for chain, depth in spec]


def test_a_straight_chain_is_one_path():
    assert chain_paths(_hops((0, 0), (0, 1), (0, 2))) == [[0, 1, 2]]
    assert max(map(len, chain_paths(_hops((0, 0), (0, 1), (0, 2))))) == 3


def test_siblings_are_two_paths_sharing_their_outer_hop():
    assert chain_paths(_hops((0, 0), (0, 1), (0, 1))) == [[0, 1], [0, 2]]
    assert max(map(len, chain_paths(_hops((0, 0), (0, 1), (0, 1))))) == 2


def test_a_sibling_after_a_deeper_hop_hangs_on_the_outer_hop():
    # d0, d1, d2, then d1 again: the second d1 is the outer hop's, not the d2's.
    assert chain_paths(_hops((0, 0), (0, 1), (0, 2), (0, 1))) == [[0, 1, 2], [0, 3]]


def test_separate_chains_stay_separate():
    assert chain_paths(_hops((3, 0), (4, 0), (4, 1))) == [[0], [1, 2]]
    assert chain_paths([]) == []


def test_a_hop_without_an_outer_hop_starts_its_own_path():
    assert chain_paths(_hops((0, 1), (0, 2))) == [[0, 1]]


def test_chains_to_show_marks_shared_hops_and_a_source_nested_under_itself():
    lee = {"source": {"id": 7, "text": "Ann Lee"}}
    hops = [{"chain": 0, "depth": 0, "source": None}, {"chain": 0, "depth": 1, **lee},
            {"chain": 0, "depth": 1, **lee}, {"chain": 1, "depth": 0, **lee},
            {"chain": 1, "depth": 1, "source": {"text": "she"}},
            {"chain": 1, "depth": 2, "source": {"id": 7, "text": "Lee"}}]
    shown = chains_to_show(hops, chain_paths(hops))
    assert [[step["place"] for step in c] for c in shown] == [[1, 2], [1, 2], [1, 2, 3]]
    assert [[step["shown_in"] for step in c] for c in shown] == [[None, None], [1, None], [None, None, None]]
    # Two sources with no name are not "the same source"; the same id is, whatever its words.
    assert [[step["same_as"] for step in c] for c in shown] == [[None, None], [None, None], [None, None, 1]]


HEADLINE = "Dam repairs urged"
SIBLINGS = "Mayor Ann Lee reportedly toured the dam, stressing that repairs were urgent."
NESTED = "Ann Lee said on Friday that the works would start soon, adding that the budget was fixed."


def _span(text, piece, after=0):
    start = text.index(piece, after)
    return Span(start, start + len(piece), piece)


def _hop(text, sentence, chain, depth, cue, cue_kind, source=None, kind="none"):
    after = text.index(sentence)
    # A hop without a source reports the whole sentence (as the extractor gives "reportedly").
    content = None if source else _span(text, sentence.rstrip("."), after)
    return Attribution(depth=depth, cue=_span(text, cue, after), cue_kind=cue_kind,
                       source=_span(text, source, after) if source else None, source_kind=kind,
                       source_name="Ann Lee" if source else None, content=content, chain=chain)


def statement(text, idx, sentence, attributions):
    span = _span(text, sentence)
    st = Statement(idx=idx, start=span.start, end=span.end, text=sentence, is_headline=idx == 0)
    st.attributions = attributions
    return st


def saved(tmp_path, text, title, statements):
    """Hand-built statements scored and stored as one article: (path, its id, the open db)."""
    doc = Document(text=text, statements=statements)
    score.score(doc)
    path = tmp_path / "provenance.db"
    db = sqlite_utils.Database(str(path))
    article_id = store.save(db, Article(text=text, title=title, path="fixture/article.txt"), doc,
                            EXTRACTOR_VERSION)
    return path, article_id, db


@pytest.fixture
def sibling_db(tmp_path):
    text = f"{HEADLINE}\n\n{SIBLINGS} {NESTED}\n"
    statements = []
    for idx, (sentence, hops) in enumerate([
        (HEADLINE, []),
        # As the extractor gives "X reportedly did A, stressing B": one outer hop, two inner.
        (SIBLINGS, [(0, 0, "reportedly", "adverb"),
                    (0, 1, "toured", "verb", "Mayor Ann Lee", "person"),
                    (0, 1, "stressing", "participle", "Mayor Ann Lee", "person")]),
        # A source the extractor nests under itself: shown as it is, and said to be the same.
        (NESTED, [(0, 0, "said", "verb", "Ann Lee", "person"),
                  (0, 1, "adding", "participle", "Ann Lee", "person")]),
    ]):
        statements.append(statement(text, idx, sentence, [_hop(text, sentence, *h) for h in hops]))
    path, article_id, db = saved(tmp_path, text, HEADLINE, statements)
    depths = dict(db.execute("select idx, chain_depth from statements").fetchall())
    db.conn.close()
    return path, article_id, depths


def _detail(page, idx):
    detail = page[page.index(f'id="statement-{idx}"'):]
    return detail[:detail.index("</section>")]


def _plain(fragment):
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


@pytest.mark.asyncio
async def test_sibling_hops_read_as_two_chains_not_one_longer(sibling_db):
    path, article_id, depths = sibling_db
    ds = make_datasette(path)
    url = f"/-/provenance/provenance/articles/{article_id}"
    data = (await ds.client.get(url + ".json")).json()
    statement = data["statements"][1]
    assert [h["cue"]["text"] for h in statement["attributions"]] == ["reportedly", "toured", "stressing"]
    assert statement["chains"] == [[0, 1], [0, 2]]
    assert depths[1] == 2  # the statements table counts depth, not hops side by side
    detail = _detail((await ds.client.get(url)).text, 1)
    summaries = [_plain(s) for s in re.findall(r'<p class="pv-chain-summary">(.*?)</p>', detail, re.S)]
    assert summaries == ["Article → reportedly unnamed → toured Ann Lee",
                         "Article → reportedly unnamed → stressing Ann Lee"]
    assert "Chain 2 of 2" in detail and "shares its first hop with chain 1" in _plain(detail)
    # Hop numbers follow each chain; no "Hop 3" and no Ann Lee citing herself.
    labels = [_plain(h) for h in re.findall(r'<span class="pv-hop-label">(.*?)</span>\s*<div>', detail, re.S)]
    assert [label.split(" · ")[0] for label in labels] == ["Hop 1", "Hop 2", "Hop 1", "Hop 2"]
    assert not any("same source" in label for label in labels)
    # The shared outer hop is shown in full once, then marked as the first chain's.
    assert detail.count("pv-hop-shared") == 1 and "as in chain 1" in labels[2]
    # Its content is the whole sentence, quoted above the chains: said so, not repeated.
    assert "the whole statement (above)" in detail
    assert _plain(detail).count(SIBLINGS.rstrip(".")) == 1


@pytest.mark.asyncio
async def test_a_source_nested_under_itself_is_shown_and_named_as_the_same(sibling_db):
    path, article_id, depths = sibling_db
    assert depths[2] == 1  # chain_depth: Ann Lee is the original source, one hop away
    ds = make_datasette(path)
    url = f"/-/provenance/provenance/articles/{article_id}"
    detail = _detail((await ds.client.get(url)).text, 2)
    summary = _plain(re.search(r'<p class="pv-chain-summary">(.*?)</p>', detail, re.S).group(1))
    assert summary == "Article → said Ann Lee → adding Ann Lee"
    labels = [_plain(h) for h in re.findall(r'<span class="pv-hop-label">(.*?)</span>\s*<div>', detail, re.S)]
    assert labels[1].startswith("Hop 2") and "the same source as hop 1" in labels[1]
