"""An article's text as HTML with its statements, cues and sources marked. Pure.

Every piece of article text is escaped; the only markup is ours. Offsets are the
stored str offsets (end-exclusive). Each statement becomes a link to its details
block (``#statement-N``), so the page reads and navigates without JavaScript and
every statement is reachable with the keyboard.
"""
from __future__ import annotations

from typing import Iterable, List, Mapping, Tuple

from markupsafe import Markup, escape


def _marks(statement: Mapping) -> List[Tuple[int, int, str, str]]:
    """(start, end, css class, tooltip) for the cues and sources inside a statement,
    clipped to it, sorted, overlaps dropped (the earlier mark wins)."""
    start, end = statement["start"], statement["end"]
    found = []
    for hop in statement.get("attributions") or []:
        cue = hop.get("cue")
        if cue and cue.get("start") is not None:
            found.append((cue["start"], cue["end"], f"pv-cue pv-depth-{hop['depth']}",
                          f"cue ({cue.get('kind') or 'cue'}), hop {hop['depth'] + 1}"))
        source = hop.get("source")
        if source and source.get("start") is not None:
            found.append((source["start"], source["end"],
                          f"pv-src pv-kind-{source.get('kind') or 'none'} pv-depth-{hop['depth']}",
                          f"source ({source.get('kind') or 'unknown'}), hop {hop['depth'] + 1}"))
    kept, last_end = [], start
    for s, e, css, tip in sorted(found, key=lambda m: (m[0], -m[1])):
        s, e = max(s, start), min(e, end)
        if s >= e or s < last_end:
            continue
        kept.append((s, e, css, tip))
        last_end = e
    return kept


def _statement_html(text: str, statement: Mapping) -> str:
    pieces, pos = [], statement["start"]
    for s, e, css, tip in _marks(statement):
        pieces.append(str(escape(text[pos:s])))
        pieces.append(f'<mark class="{css}" title="{escape(tip)}">{escape(text[s:e])}</mark>')
        pos = e
    pieces.append(str(escape(text[pos:statement["end"]])))
    idx = int(statement["idx"])
    grade = escape(statement.get("grade") or "none")
    sourcing = escape(statement.get("sourcing") or "")
    score = statement.get("score")
    label = f"Statement {idx + 1}: grade {grade}, {sourcing}" + (
        f", score {score:g}" if isinstance(score, (int, float)) else "")
    return (
        f'<a class="pv-st pv-grade-{grade}" id="st-{idx}" href="#statement-{idx}" '
        f'data-idx="{idx}" title="{escape(label)}">{"".join(pieces)}</a>'
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
