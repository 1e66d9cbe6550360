"""Untrusted text -> safe HTML. One job: render markdown notes so nothing in them can run.

Markdown allows raw HTML, so its output is passed through nh3 (the Rust `ammonia`
sanitizer): only a small set of formatting tags survive, links keep only
http/https/mailto URLs (no ``javascript:``), every event-handler attribute is dropped
and <script>/<style> are removed together with their content.
"""
from __future__ import annotations

import markdown as _markdown
import nh3
from markupsafe import Markup

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


def render_markdown(text) -> Markup:
    """Markdown (possibly hostile) -> sanitized HTML as Markup; None/empty -> empty Markup."""
    if not text:
        return Markup("")
    html = _markdown.markdown(str(text), extensions=["extra", "sane_lists"], output_format="html")
    return sanitize_html(html)
