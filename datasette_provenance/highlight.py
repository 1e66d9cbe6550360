"""An article's text as HTML with its statements, cues, sources and contents marked. Pure.

Every piece of article text is escaped; the only markup is ours. Offsets are the
stored str offsets (end-exclusive). Each statement becomes a link to its details
block (``#statement-N``), so the page reads and navigates without JavaScript and
every statement is reachable with the keyboard.
"""
from __future__ import annotations

from typing import Iterable, List, Mapping, Tuple

from markupsafe import Markup, escape

from .chain_paths import hop_places


def _marks(statement: Mapping) -> List[Tuple[int, int, str, str]]:
    """(start, end, css class, tooltip) for the cues and sources inside a statement,
    clipped to it, sorted, overlaps dropped (the earlier mark wins)."""
    start, end = statement["start"], statement["end"]
    found = []
    hops = statement.get("attributions") or []
    for hop, place in zip(hops, hop_places(hops)):
        cue = hop.get("cue")
        if cue and cue.get("start") is not None:
            found.append((cue["start"], cue["end"], f"pv-cue pv-depth-{hop['depth']}",
                          f"cue ({cue.get('kind') or 'cue'}), hop {place}"))
        source = hop.get("source")
        if source and source.get("start") is not None:
            found.append((source["start"], source["end"],
                          f"pv-src pv-kind-{source.get('kind') or 'none'} pv-depth-{hop['depth']}",
                          f"source ({source.get('kind') or 'unknown'}), hop {place}"))
    kept, last_end = [], start
    for s, e, css, tip in sorted(found, key=lambda m: (m[0], -m[1])):
        s, e = max(s, start), min(e, end)
        if s >= e or s < last_end:
            continue
        kept.append((s, e, css, tip))
        last_end = e
    return kept


def _content_pieces(statement: Mapping) -> List[Tuple[int, int, str]]:
    """(start, end, label) for every piece of every hop's content, clipped to the
    statement: a quote its cue interrupts ('"A," he said, "B."') is two pieces."""
    start, end = statement["start"], statement["end"]
    pieces = []
    hops = statement.get("attributions") or []
    for hop, place in zip(hops, hop_places(hops)):
        content = hop.get("content")
        if not content or content.get("start") is None:
            continue
        parts = content.get("parts") or [content]
        for i, part in enumerate(parts):
            s, e = max(part["start"], start), min(part["end"], end)
            if s < e:
                piece = f", piece {i + 1} of {len(parts)}" if len(parts) > 1 else ""
                pieces.append((s, e, f"content, hop {place}{piece}"))
    return pieces


def _covering(pieces, s: int, e: int) -> Tuple[str, ...]:
    """Labels of the content pieces covering all of [s, e)."""
    return tuple(label for ps, pe, label in pieces if ps <= s and e <= pe)


def _blocks(text: str, statement: Mapping):
    """The statement as (html, content labels) blocks: each cue/source mark whole, the text
    between them cut where a content piece starts or ends."""
    pieces = _content_pieces(statement)
    cuts = sorted({p for s, e, _ in pieces for p in (s, e)})
    blocks, pos = [], statement["start"]

    def plain(s, e):
        inner = [c for c in cuts if s < c < e]
        for a, b in zip([s] + inner, inner + [e]):
            if a < b:
                blocks.append((str(escape(text[a:b])), _covering(pieces, a, b)))

    for s, e, css, tip in _marks(statement):
        plain(pos, s)
        blocks.append((f'<mark class="{css}" title="{escape(tip)}">{escape(text[s:e])}</mark>',
                       _covering(pieces, s, e)))
        pos = e
    plain(pos, statement["end"])
    return blocks


def _statement_html(text: str, statement: Mapping) -> str:
    # Runs of blocks inside the same content pieces share one <span class="pv-ct">: the
    # content stays one underlined run, marks inside it stay whole.
    pieces, run, labels = [], [], ()
    for html, covering in _blocks(text, statement) + [("", None)]:
        if covering != labels:
            if labels:
                pieces.append(f'<span class="pv-ct" title="{escape("; ".join(labels))}">'
                              f'{"".join(run)}</span>')
            else:
                pieces.extend(run)
            run, labels = [], covering
        run.append(html)
    idx = int(statement["idx"])
    grade = escape(statement.get("grade") or "none")
    sourcing = escape(statement.get("sourcing") or "")
    score = statement.get("score")
    label = f"Statement {idx + 1}: grade {grade}, {sourcing}" + (
        f", score {score:g}" if isinstance(score, (int, float)) else "")
    # Not a checkable claim (text/claims.py): shown muted, the reason in its tooltip and,
    # for the keyboard, after it while it has the focus (CSS reads data-claim-reason).
    muted, reason = "", ""
    if statement.get("claim") is False:
        why = statement.get("claim_reason") or "asserts nothing checkable"
        label += f"; not a claim: {why}"
        muted, reason = " pv-not-claim", f' data-claim-reason="{escape(why)}"'
    return (
        f'<a class="pv-st pv-grade-{grade}{muted}" id="st-{idx}" href="#statement-{idx}" '
        f'data-idx="{idx}"{reason} title="{escape(label)}">{"".join(pieces)}</a>'
    )


def highlight(text: str, statements: Iterable[Mapping]) -> Markup:
    """The whole text, statements wrapped and marked, everything else escaped."""
    out, pos = [], 0
    for statement in sorted(statements, key=lambda s: s["start"]):
        if statement["start"] < pos or statement["end"] > len(text):
            continue  # overlapping or stale offsets: leave that text plain
        out.append(str(escape(text[pos:statement["start"]])))
        out.append(_statement_html(text, statement))
        pos = statement["end"]
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))
