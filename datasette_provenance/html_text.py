"""Plain text from the HTML bodies scrapers often store. Pure: no I/O, no Datasette.

Block elements become paragraph breaks (so sentences from different paragraphs never
run together), script/style/template contents are dropped, entities are decoded. The
stored article text is this plain text; offsets refer to it.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

# Something a scraper saved as HTML, not prose that happens to mention "<".
_LOOKS_LIKE_HTML = re.compile(
    r"<(p|div|br|article|section|h[1-6]|li|ul|ol|span|a|em|strong|b|i|blockquote|figure|"
    r"html|body|table|tr|td)(\s[^<>]*)?/?>", re.I)
_BLOCK = {"p", "div", "br", "article", "section", "header", "footer", "aside", "main", "h1", "h2",
          "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "figure", "figcaption", "table",
          "tr", "pre", "hr", "dl", "dt", "dd", "nav", "form"}
_SKIP = {"script", "style", "template", "noscript", "head", "svg", "iframe", "object"}


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_LIKE_HTML.search(text))


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Paragraphs of plain text, whitespace inside each collapsed, in document order."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    paragraphs = []
    for block in "".join(collector.parts).split("\n\n"):
        line = " ".join(block.split())
        if line:
            paragraphs.append(line)
    return "\n\n".join(paragraphs)
