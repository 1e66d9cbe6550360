"""One hop numbering on every page: the article's marks, its details and the source page's
Hop column all count a hop's place in its chain (chain_paths.hop_places), not its depth."""
import re

import pytest

from datasette_provenance.chain_paths import hop_places
from datasette_provenance.model import Attribution
from test_article_chains import _plain, _span, saved, statement
from ui_helpers import make_datasette

HEADLINE = "Ferry fares frozen"
RELAYED = "According to reports, Ann Lee said the fares would stay put."
ORPHAN = "Ann Lee told the board that the boats were full."


def test_hop_places_follow_the_paths_not_the_depths():
    hops = [{"chain": 0, "depth": 0}, {"chain": 0, "depth": 1}, {"chain": 0, "depth": 1},
            {"chain": 1, "depth": 1}, {"chain": 1, "depth": 2}]
    # Siblings share a place; a hop whose outer hop is missing is hop 1 of its own chain.
    assert hop_places(hops) == [1, 2, 2, 1, 2]
    assert hop_places([]) == []


@pytest.fixture
def hops_db(tmp_path):
    text = f"{HEADLINE}\n\n{RELAYED} {ORPHAN}\n"
    statements = []
    for idx, (sentence, hops) in enumerate([
        (HEADLINE, []),
        (RELAYED, [(0, "According to", "reports", "vague"), (1, "said", "Ann Lee", "person")]),
        # A stored hop one level in with no outer hop (a hand edit, or an extractor slip).
        (ORPHAN, [(1, "told", "Ann Lee", "person")]),
    ]):
        after = text.index(sentence)
        statements.append(statement(text, idx, sentence, [
            Attribution(depth=depth, cue=_span(text, cue, after), cue_kind="verb",
                        source=_span(text, source, after), source_kind=kind,
                        source_name=source if kind == "person" else None, chain=0)
            for depth, cue, source, kind in hops]))
    path, article_id, db = saved(tmp_path, text, HEADLINE, statements)
    source_id = db.execute("select id from sources where name = 'Ann Lee'").fetchone()[0]
    db.conn.close()
    return path, article_id, source_id


@pytest.mark.asyncio
async def test_article_and_source_pages_number_a_hop_alike(hops_db):
    path, article_id, source_id = hops_db
    ds = make_datasette(path)
    page = (await ds.client.get(f"/-/provenance/provenance/articles/{article_id}")).text
    # The marks in the text: Ann Lee is hop 2 behind "reports", hop 1 where nothing is outside her.
    marks = re.findall(r'<mark class="pv-src[^"]*" title="([^"]*)">Ann Lee</mark>', page)
    assert marks == ["source (person), hop 2", "source (person), hop 1"]
    labels = [_plain(label).split(" · ")[0] for label in
              re.findall(r'<span class="pv-hop-label">(.*?)</span>\s*<div>', page, re.S)]
    assert labels == ["Hop 1", "Hop 2", "Hop 1"]

    source_url = f"/-/provenance/provenance/sources/{source_id}"
    data = (await ds.client.get(source_url + ".json")).json()
    assert [(s["idx"], s["hop"], s["depth"], s["cue"]) for s in data["statements"]] == [
        (1, 2, 1, "said"), (2, 1, 1, "told")]
    source_page = (await ds.client.get(source_url)).text
    cells = re.findall(r'<td data-label="Hop" class="pv-num" title="([^"]*)">(\d+)</td>', source_page)
    assert cells == [("A source of a source: hop 2 of its chain", "2"),
                     ("Cited by the article itself", "1")]
