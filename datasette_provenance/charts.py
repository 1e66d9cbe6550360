"""Server-rendered SVG charts (no JavaScript, no CDN). Pure: markup in, markup out.

Colours come from CSS classes (``pv-grade-A`` ...) in static/provenance.css, so the
charts and the article highlighting share one palette and honour dark/light styles.
Every bar carries a <title> (tooltip, screen readers) and may link somewhere (a
faceted table view).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Mapping, Optional, Sequence

from markupsafe import Markup, escape


@dataclass
class Bar:
    label: str
    value: float
    css_class: str = ""
    href: Optional[str] = None


def _role(linked: bool) -> str:
    """role="img" hides an SVG's children from assistive tech, links included: a chart
    whose bars are links is a group of them instead."""
    return "group" if linked else "img"


def _linked(inner: str, href: Optional[str], label: str = "", tab_stop: bool = True) -> str:
    if not href:
        return inner
    # The link's own name, so a screen reader says "B: 20 statements", not "link".
    named = f' aria-label="{escape(label)}"' if label else ""
    skipped = "" if tab_stop else ' tabindex="-1"'
    return f'<a href="{escape(href)}"{named}{skipped}>{inner}</a>'


def _statements(n: float) -> str:
    return f"{n:,g} statement{'' if n == 1 else 's'}"


def bar_chart(bars: Sequence[Bar], title: str, width: int = 360, bar_height: int = 22,
              label_width: int = 100) -> Markup:
    """Horizontal bars, one per item, value printed after each bar."""
    gap = 6
    height = max(1, len(bars)) * (bar_height + gap) + gap
    biggest = max([b.value for b in bars] + [0]) or 1
    plot = width - label_width - 56
    parts: List[str] = [
        f'<svg class="pv-chart pv-bar-chart" role="{_role(any(b.href for b in bars))}" '
        f'aria-label="{escape(title)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for i, bar in enumerate(bars):
        y = gap + i * (bar_height + gap)
        w = 0 if not bar.value else max(2.0, plot * bar.value / biggest)
        tip = f"{bar.label}: {bar.value:,g}"
        inner = (
            f'<g class="pv-bar {escape(bar.css_class)}"><title>{escape(tip)}</title>'
            f'<text class="pv-bar-label" x="{label_width - 8}" y="{y + bar_height * 0.7:.1f}" '
            f'text-anchor="end">{escape(bar.label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_height}" rx="3"></rect>'
            f'<text class="pv-bar-value" x="{label_width + w + 6:.1f}" '
            f'y="{y + bar_height * 0.7:.1f}">{bar.value:,g}</text></g>'
        )
        # A bar of nothing links nowhere: a Tab stop and a click that would list no rows.
        parts.append(_linked(inner, bar.href if bar.value else None,
                             f"{bar.label}: {_statements(bar.value)}"))
    parts.append("</svg>")
    return Markup("".join(parts))


def stacked_bar(counts: Mapping[str, float], order: Sequence[str], title: str,
                width: int = 240, height: int = 16, class_prefix: str = "pv-grade-",
                hrefs: Optional[Mapping[str, str]] = None) -> Markup:
    """One 100% bar split by category (e.g. a grade mix), categories in ``order``.

    Linked segments are for the mouse and the screen reader's list of links, not Tab
    stops: a mix sits in a table row whose own link leads to the same faceted view, and
    six stops a row would bury the rest of the page under the keyboard."""
    total = sum(counts.get(k, 0) for k in order)
    # The numbers in words too: an image of a grade mix says nothing to a screen reader.
    shares = ", ".join(f"{k} {counts[k]:,g} ({100 * counts[k] / total:.0f}%)"
                       for k in order if counts.get(k)) if total else "none"
    linked = any((hrefs or {}).get(k) and counts.get(k) for k in order)
    parts = [
        f'<svg class="pv-chart pv-stacked" role="{_role(linked)}" '
        f'aria-label="{escape(title)}: {escape(shares)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    if not total:
        parts.append(f'<rect class="pv-empty" x="0" y="0" width="{width}" height="{height}"></rect>')
    x = 0.0
    for key in order:
        n = counts.get(key, 0)
        if not n:
            continue
        w = width * n / total
        tip = f"{key}: {n:,g} ({100 * n / total:.0f}%)"
        inner = (f'<rect class="{escape(class_prefix + key)}" x="{x:.2f}" y="0" width="{w:.2f}" '
                 f'height="{height}"><title>{escape(tip)}</title></rect>')
        parts.append(_linked(inner, (hrefs or {}).get(key),
                             f"{key}: {_statements(n)} ({100 * n / total:.0f}%)", tab_stop=False))
        x += w
    parts.append("</svg>")
    return Markup("".join(parts))
