"""HTML policies: the visible text only, with headings and source line numbers.

Built on the standard library's tolerant `html.parser`: it never raises on
malformed markup and reports the source line of every token, which is what
evidence locations need.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from checker.document import Document, DocumentBuilder, parse_directive

# Content a reader never sees.
_INVISIBLE = frozenset(
    {
        "script",
        "style",
        "template",
        "noscript",
        "head",
        "title",
        "svg",
        "math",
        "iframe",
        "object",
        "canvas",
        "select",
        "option",
        "button",
        "textarea",
    }
)
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCK_KINDS = {
    "li": "list_item",
    "dt": "list_item",
    "dd": "list_item",
    "td": "table_cell",
    "th": "table_cell",
}
# Elements that end the current block when they open or close.
_BLOCK_ELEMENTS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "aside",
        "header",
        "footer",
        "nav",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "dl",
        "table",
        "tr",
        "thead",
        "tbody",
        "tfoot",
        "caption",
        "form",
        "fieldset",
        "figure",
        "figcaption",
        "address",
        "details",
        "summary",
        "body",
        "html",
        *_HEADINGS,
        *_BLOCK_KINDS,
    }
)
_BOLD = frozenset({"b", "strong"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_MAX_BOLD_HEADING = 100
MAX_DEPTH = 256  # deeper nesting is treated as flat, so pathological pages stay linear


def _is_hidden(tag: str, attrs: dict[str, str | None]) -> bool:
    if tag in _INVISIBLE or "hidden" in attrs:
        return True
    if (attrs.get("aria-hidden") or "").lower() == "true":
        return True
    if tag == "input" and (attrs.get("type") or "").lower() == "hidden":
        return True
    return bool(_HIDDEN_STYLE.search(attrs.get("style") or ""))


class _VisibleText(HTMLParser):
    def __init__(self, builder: DocumentBuilder) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = builder
        self.stack: list[tuple[str, bool]] = []  # (tag, hides its content)
        self.hidden_depth = 0
        self.pieces: list[tuple[str, int]] = []
        self.bold_chars = 0  # visible characters of the block inside <b>/<strong>
        self.kind = "paragraph"
        self.level = 0
        self.list_depth = 0

    # -- block assembly -------------------------------------------------
    def flush(self) -> None:
        text = "".join(t for t, _ in self.pieces)
        stripped = text.strip()
        kind, level = self.kind, self.level
        if (
            kind in ("paragraph", "list_item")
            and stripped
            and self.bold_chars >= len(re.sub(r"\s+", "", stripped)) * 0.95
            and len(stripped) <= _MAX_BOLD_HEADING
            and not stripped.endswith((".", ",", ";"))
        ):
            kind, level = "heading", 6  # a bold-only line acting as a heading
        if stripped:
            self.builder.add_block(kind, self.pieces, level)
        self.pieces = []
        self.bold_chars = 0
        self.kind, self.level = "paragraph", 0

    def _in_bold(self) -> bool:
        return any(tag in _BOLD for tag, _ in self.stack)

    # -- parser callbacks -----------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in _VOID:
            if tag == "br" and not self.hidden_depth:
                self.pieces.append(("\n", self.getpos()[0]))
            elif tag == "img" and not self.hidden_depth and attributes.get("alt"):
                self.pieces.append((f" {attributes['alt']} ", self.getpos()[0]))
            return
        if tag == "body":  # an unclosed <head> ends where the body begins
            while any(open_tag == "head" for open_tag, _ in self.stack):
                self.handle_endtag("head")
        hides = _is_hidden(tag, attributes)
        if len(self.stack) >= MAX_DEPTH and not hides:
            if tag in _BLOCK_ELEMENTS and not self.hidden_depth:
                self.flush()
            return
        self.stack.append((tag, hides))
        if hides:
            self.hidden_depth += 1
            return
        if self.hidden_depth:
            return
        if tag in _BLOCK_ELEMENTS:
            self.flush()
            if tag in _HEADINGS:
                self.kind, self.level = "heading", _HEADINGS[tag]
            elif tag in _BLOCK_KINDS:
                self.kind, self.level = _BLOCK_KINDS[tag], self.list_depth
            if tag in ("ul", "ol", "dl"):
                self.list_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if not any(open_tag == tag for open_tag, _ in self.stack):
            return  # a stray end tag: ignore, as browsers do
        while self.stack:
            open_tag, hides = self.stack.pop()
            if hides:
                self.hidden_depth -= 1
            elif not self.hidden_depth and open_tag in _BLOCK_ELEMENTS:
                self.flush()
                if open_tag in ("ul", "ol", "dl"):
                    self.list_depth = max(self.list_depth - 1, 0)
            if open_tag == tag:
                break

    def handle_comment(self, data: str) -> None:
        directive = parse_directive(data, self.getpos()[0])
        if directive:
            self.builder.directives.append(directive)

    def handle_data(self, data: str) -> None:
        if self.hidden_depth or not data:
            return
        self.pieces.append((data, self.getpos()[0]))
        if self._in_bold():
            self.bold_chars += len(re.sub(r"\s+", "", data))


def parse(text: str, path: str, **meta) -> Document:
    builder = DocumentBuilder(path, "html")
    parser = _VisibleText(builder)
    parser.feed(text)
    parser.close()
    parser.flush()
    return builder.build(source_lines=text.count("\n") + 1, **meta)
