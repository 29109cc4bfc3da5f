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


# Saved web pages: the page's chrome around the policy. Site header/footer only
# outside the main content; class/id words that name navigation or consent banners
# (not "cookies" alone: a policy's own cookie section must stay).
_CHROME_TAGS = frozenset({"nav", "aside"})
_OUTER_CHROME_TAGS = frozenset({"header", "footer"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog"})
_CHROME_NAMES = re.compile(
    r"(?:^|[-_])(?:nav|navbar|navigation|menu|menubar|breadcrumbs?|sidebar|site-?header|site-?footer|masthead|"
    r"skip-?link|social|share|sharing|newsletter|subscribe|"
    r"(?:cookie|consent|gdpr|privacy)[-_]?(?:banner|bar|notice|popup|modal|dialog|overlay|wall|layer)|"
    r"onetrust|cookiebot|cookielaw|cc-window|cc-banner|truste|osano|didomi|usercentrics)(?:$|[-_])",
    re.I,
)
_CONTENT_ROOT = re.compile(r"<main[\s>]|\brole\s*=\s*[\"']?main\b", re.I)
MIN_CONTENT_SHARE = 0.2  # keep less than this of the visible text, and the removal is not trusted


def _is_chrome(tag: str, attrs: dict[str, str | None], in_content: bool) -> bool:
    if tag in _CHROME_TAGS or (tag in _OUTER_CHROME_TAGS and not in_content):
        return True
    if (attrs.get("role") or "").lower() in _CHROME_ROLES:
        return True
    names = f"{attrs.get('id') or ''} {attrs.get('class') or ''}".split()
    return any(_CHROME_NAMES.search(name) for name in names)


def _is_content_root(tag: str, attrs: dict[str, str | None]) -> bool:
    return tag == "main" or (attrs.get("role") or "").lower() == "main"


class _VisibleText(HTMLParser):
    def __init__(self, builder: DocumentBuilder, remove_boilerplate: bool = False, content_root: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = builder
        # (tag, what it does to its content: "" shows it, "hidden", "chrome" (boilerplate), "root" (main content))
        self.stack: list[tuple[str, str]] = []
        self.hidden_depth = 0
        self.remove_boilerplate = remove_boilerplate
        self.content_root = content_root  # the page marks its main content: keep only that
        self.content_depth = 0
        self.chrome_depth = 0
        self.kept_chars = 0
        self.dropped_chars = 0  # visible text removed as page chrome
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
        role = "hidden" if _is_hidden(tag, attributes) else ""
        if not role and self.remove_boilerplate:
            if _is_chrome(tag, attributes, self.content_depth > 0):
                role = "chrome"
            elif self.content_root and _is_content_root(tag, attributes):
                role = "root"
        if len(self.stack) >= MAX_DEPTH and not role:
            if tag in _BLOCK_ELEMENTS and not self.hidden_depth:
                self.flush()
            return
        self.stack.append((tag, role))
        if role == "root":
            self.content_depth += 1
        elif role:
            self.hidden_depth += 1
            self.chrome_depth += role == "chrome"
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
            open_tag, role = self.stack.pop()
            if role == "root":
                self.content_depth -= 1
            if role in ("hidden", "chrome"):
                self.hidden_depth -= 1
                self.chrome_depth -= role == "chrome"
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
        if not data:
            return
        outside_content = self.content_root and not self.content_depth
        if self.hidden_depth or outside_content:
            if (self.chrome_depth or outside_content) and self.hidden_depth == self.chrome_depth:
                self.dropped_chars += len(data.strip())
            return
        self.kept_chars += len(data.strip())
        self.pieces.append((data, self.getpos()[0]))
        if self._in_bold():
            self.bold_chars += len(re.sub(r"\s+", "", data))


def parse(text: str, path: str, *, remove_boilerplate: bool = True, **meta) -> Document:
    """The visible text of an HTML page. With `remove_boilerplate`, a saved web
    page is reduced to the policy: navigation, site header and footer, sidebars
    and consent banners go, and when the page marks its main content (`<main>`)
    only that is kept — unless that would leave too little, which means the
    page's markup misled us."""
    if remove_boilerplate:
        builder = DocumentBuilder(path, "html")
        parser = _VisibleText(builder, remove_boilerplate=True, content_root=bool(_CONTENT_ROOT.search(text)))
        _run(parser, text)
        total = parser.kept_chars + parser.dropped_chars
        if parser.kept_chars >= MIN_CONTENT_SHARE * total:
            return builder.build(source_lines=text.count("\n") + 1, **meta)
    builder = DocumentBuilder(path, "html")
    _run(_VisibleText(builder), text)
    return builder.build(source_lines=text.count("\n") + 1, **meta)


def _run(parser: _VisibleText, text: str) -> None:
    parser.feed(text)
    parser.close()
    parser.flush()
