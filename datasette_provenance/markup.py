"""Untrusted text -> safe HTML. One job: render markdown notes so nothing in them can run.

Markdown allows raw HTML, so its output is passed through nh3 (the Rust `ammonia`
sanitizer): only a small set of formatting tags survive, links keep only
http/https/mailto URLs (no ``javascript:``), every event-handler attribute is dropped
and <script>/<style> are removed together with their content.

Python-Markdown is not built for hostile input: a note of 10,000 "[" took 10 s to render
(its link patterns backtrack), and 800 nested "1. " raised RecursionError (a 500 on every
page showing the note). A note it cannot render quickly -- long, or with many link or
tag openers -- or one that makes it recurse too deep is shown as escaped plain text
instead; renders are memoised, since the same notes appear on page after page.
"""
from __future__ import annotations

import functools

import markdown as _markdown
import nh3
from markupsafe import Markup, escape

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody",
    "tr", "th", "td", "del", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> Markup:
    """Keep harmless formatting only; the result is safe to insert into a page."""
    return Markup(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            clean_content_tags={"script", "style"},
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=ALLOWED_URL_SCHEMES,
            link_rel="noopener noreferrer nofollow",
        )
    )


# Past these a note is shown as plain text (the worst render left takes ~0.1 s, once).
MARKDOWN_MAX_CHARS = 10_000
MARKDOWN_MAX_OPENERS = {"[": 50, "<": 300}


def render_markdown(text) -> Markup:
    """Markdown (possibly hostile) -> sanitized HTML as Markup; None/empty -> empty Markup."""
    if not text:
        return Markup("")
    return _render(str(text))


@functools.lru_cache(maxsize=512)
def _render(text: str) -> Markup:
    if len(text) > MARKDOWN_MAX_CHARS or any(
            text.count(opener) > most for opener, most in MARKDOWN_MAX_OPENERS.items()):
        return plain_text_html(text)
    try:
        html = _markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    except RecursionError:
        return plain_text_html(text)
    return sanitize_html(html)


def plain_text_html(text: str) -> Markup:
    """Escaped text, its blank-line-separated paragraphs as <p>, line breaks as <br>."""
    paragraphs = [p for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return Markup("").join(Markup("<p>{}</p>").format(Markup("<br>").join(
        escape(line) for line in p.strip("\n").split("\n"))) for p in paragraphs)
