"""A statement's hops as the chains a reader follows, outermost source first.

The store keeps hops flat (chain number, depth, extraction order). Two hops of one chain at
the same depth are siblings, not a longer chain: "X reportedly did A, stressing B" gives one
outer hop with two inner ones, which reads as two chains that share their first hop, never
as X citing X. No I/O here: the article page and its JSON twin both use it.
"""
from __future__ import annotations

from typing import Iterable, List, Mapping


def chain_paths(hops: Iterable[Mapping]) -> List[List[int]]:
    """Each chain from its outermost hop to an innermost one, as indexes into ``hops``.

    ``hops`` are a statement's attributions in stored order (each with ``chain`` and
    ``depth``). A hop's parent is the nearest earlier hop of its chain one level out; a hop
    with no such parent starts a path of its own. Every hop is on at least one path.
    """
    hops = list(hops)
    children: dict = {}
    roots: List[int] = []
    last_at_depth: dict = {}  # (chain, depth) -> index of the latest hop seen there
    for i, hop in enumerate(hops):
        chain, depth = hop.get("chain") or 0, hop.get("depth") or 0
        parent = last_at_depth.get((chain, depth - 1))
        if parent is None:
            roots.append(i)
        else:
            children.setdefault(parent, []).append(i)
        last_at_depth[(chain, depth)] = i
        # A new hop at this depth closes the deeper levels under the previous one.
        for key in [k for k in last_at_depth if k[0] == chain and k[1] > depth]:
            del last_at_depth[key]
    paths: List[List[int]] = []

    def walk(i: int, path: List[int]) -> None:
        path = path + [i]
        if i not in children:
            paths.append(path)
        for child in children.get(i, ()):
            walk(child, path)

    for root in roots:
        walk(root, [])
    return paths


def hop_places(hops: Iterable[Mapping]) -> List[int]:
    """Each hop's number in its chain (1 = cited by the article), as every page shows it:
    its place on its path from ``chain_paths``, not its stored depth (a hop whose outer hop
    is missing starts a chain of its own, so it is hop 1 there). One numbering for the
    article's marks and details and the source page's Hop column."""
    hops = list(hops)
    places = [1] * len(hops)
    for path in chain_paths(hops):
        for place, i in enumerate(path, 1):
            places[i] = place
    return places


def _who(hop: Mapping):
    source = hop.get("source") or {}
    if source.get("id") is not None:
        return ("id", source["id"])
    text = (source.get("text") or "").strip().lower()
    return ("text", text) if text else None


def chains_to_show(hops: List[Mapping], paths: List[List[int]]) -> List[List[dict]]:
    """The article page's chains: per path, each hop with its place in the chain (1 =
    cited by the article), ``shown_in`` (the earlier chain that already showed this shared
    hop in full, else None) and ``same_as`` (the place of an outer hop of this chain with
    the same source: the extractor nested a source under itself, shown as such)."""
    first_chain: dict = {}
    places = hop_places(hops)
    out = []
    for number, path in enumerate(paths, 1):
        chain = []
        for i in path:
            who = _who(hops[i])
            same_as = next((places[j] for j in path[:path.index(i)]
                            if who is not None and _who(hops[j]) == who), None)
            chain.append({"hop": hops[i], "place": places[i], "same_as": same_as,
                          "shown_in": first_chain.get(i)})
            first_chain.setdefault(i, number)
        out.append(chain)
    return out
