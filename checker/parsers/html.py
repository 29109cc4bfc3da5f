"""HTML policies: the visible text only, with headings and source line numbers.

Built on the standard library's tolerant `html.parser`: it never raises on
malformed markup and reports the source line of every token, which is what
evidence locations need.
"""

from __future__ import annotations

import gc
import re
from html.parser import HTMLParser
from operator import attrgetter, itemgetter
from typing import Any

from checker.document import Document, DocumentBuilder, parse_directive, table_cell_pieces
from checker.native import runs_compiled
from checker.parsers.templates import remove_template_tags

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
# Styles that hide an element: a collapsed panel of an accordion or tabs opens later.
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.I)
# An animated disclosure panel's wrapper while closed (`height: 0; overflow: hidden`): the
# script that opens it also unhides what it holds.
_COLLAPSED_HEIGHT = re.compile(
    r"(?<![-\w])(?:max-)?height\s*:\s*0(?:px)?\s*(?:;|$)[^\n]*?overflow\s*:\s*hidden"
    r"|overflow\s*:\s*hidden[^\n]*?(?<![-\w])(?:max-)?height\s*:\s*0(?:px)?\s*(?:;|$)",
    re.I,
)
# Styles that leave no text to read at all: no size, pushed off the screen, or drawn
# reversed (a right-to-left override).
_UNREADABLE_STYLE = re.compile(
    r"font-size\s*:\s*0(?![.\d]*[1-9])"
    r"|(?:left|text-indent)\s*:\s*-(?:\d{4,}|\d{3,}(?:\.\d+)?(?:em|rem|vw|%))"
    r"|unicode-bidi\s*:\s*bidi-override",
    re.I,
)
# Elements allowed in <head>; any other element starts the body (HTML5 "in head" mode).
_HEAD_CONTENT = frozenset({"head", "title", "meta", "link", "style", "script", "noscript", "base", "template"})
# Panels of disclosure widgets (accordions, collapsibles, tabs): hidden until the reader
# opens them, and then policy text like any other.
_DISCLOSURE_NAMES = re.compile(
    r"accordion|collaps|tab-?pane|tab-?panel|tabs?-?content|tabcontent|panel|expand|toggle|disclosure|"
    r"reveal|read-?more|show-?more|faq",
    re.I,
)
_MAX_BOLD_HEADING = 100
_TYPED_BULLETS = frozenset("•·▪◦●‣○■–-")
# A bold heading numbered "12." heads the lettered or unnumbered bold headings after it
# ("a. Legal basis"), so the lettered ones nest under it.
_NUMBERED_HEADING = re.compile(r"\d{1,3}[.)]?\s")
_TAG = itemgetter(0)  # of an open element on the stack: (tag, role); looked through in C
MAX_DEPTH = 256  # deeper nesting is treated as flat, so pathological pages stay linear


def _hiding_role(tag: str, attrs: dict[str, str | None], hidden_classes: set[str], in_panel: bool) -> str:
    """What the element's own markup does to its content: "hidden" (not read), "panel" (a
    closed disclosure panel: read, and what hides inside it is the panel's closed state,
    shown when the reader opens it) or "" (shown)."""
    if tag in _INVISIBLE:
        return "hidden"
    if not attrs:
        return ""  # no markup of its own (most elements of a page): nothing below hides it
    if tag in ("html", "body"):
        # A page hidden while it loads, or shifted while a dialog locks scrolling
        # (`top: -900px`), is shown once loaded: a saved page is what was shown.
        return ""
    if tag == "input" and (attrs.get("type") or "").lower() == "hidden":
        return "hidden"
    if tag == "bdo" and (attrs.get("dir") or "").lower() == "rtl":
        return "hidden"  # drawn reversed
    style = attrs.get("style")
    if style and _UNREADABLE_STYLE.search(style):
        return "hidden"
    hidden = (
        "hidden" in attrs
        # aria-hidden hides from screen readers only; on the main content it is set while a
        # dialog is open, and the page was saved so (`<div role="main" aria-hidden="true">`).
        or ((attrs.get("aria-hidden") or "").lower() == "true" and not _is_main(tag, attrs))
        or bool(style and _hidden_by_style(style))
        # The element's own style overrides the page's rules (`style="display: block"`).
        or bool(hidden_classes and _hidden_by_class(attrs, hidden_classes) and not _sets_display(style))
    )
    if not hidden:
        return ""
    if in_panel or _is_disclosure_panel(attrs) or (style and _COLLAPSED_HEIGHT.search(style)):
        return "panel"
    return "hidden"


def _hidden_by_style(style: str) -> bool:
    if not _HIDDEN_STYLE.search(style):
        return False
    # A reveal-on-scroll animation (`visibility: hidden; animation-name: none`) shows it.
    return "animation" not in style.lower() or _DISPLAY_NONE.search(style) is not None


def _sets_display(style: str | None) -> bool:
    return style is not None and ("display" in style or "visibility" in style)


def _hidden_by_class(attrs: dict[str, str | None], hidden_classes: set[str]) -> bool:
    names = (attrs.get("class") or "").split()
    element_id = attrs.get("id")
    return any(f".{name}" in hidden_classes for name in names) or (
        element_id is not None and f"#{element_id}" in hidden_classes
    )


_CLASS_HEADING = re.compile(r"(?:title-|heading-)?h([1-6])")


def _class_heading_level(attrs: dict[str, str | None]) -> int:
    """The level of a heading class of the element ("h5", "title-h5"), or 0."""
    for name in (attrs.get("class") or "").split():
        match = _CLASS_HEADING.fullmatch(name)
        if match:
            return int(match.group(1))
    return 0


def _is_main(tag: str, attrs: dict[str, str | None]) -> bool:
    return tag == "main" or (attrs.get("role") or "").lower() == "main"


def _is_disclosure_panel(attrs: dict[str, str | None]) -> bool:
    role = (attrs.get("role") or "").lower()
    if role == "tabpanel" or (role == "region" and "aria-labelledby" in attrs):
        return True  # a tab's panel, or an accordion's (the WAI-ARIA pattern: labelled by its button)
    names = f"{attrs.get('id') or ''} {attrs.get('class') or ''}"
    return bool(names.strip() and _DISCLOSURE_NAMES.search(names))


_SIMPLE_SELECTOR = re.compile(r"[A-Za-z0-9]*([.#][\w-]+)")
# In a lower-cased style sheet, a value that may hide; a literal ":" first lets the search
# skip from colon to colon. The property before it decides (`_HIDING_PROPERTIES`).
_HIDING_VALUE = re.compile(
    r":\s*(?:(none)|(hidden)|(0)(?![.\d]*[1-9])|(-(?:\d{4,}|\d{3,}(?:\.\d+)?(?:em|rem|vw|%)))|(bidi-override))"
)
_HIDING_PROPERTIES = (
    frozenset({"display"}),
    frozenset({"visibility"}),
    frozenset({"font-size"}),
    frozenset({"left", "text-indent"}),
    frozenset({"unicode-bidi"}),
)


_MAX_SELECTOR_TEXT = 4096  # a longer selector list is not read (its rule hides nothing)
_MAX_HIDDEN_SELECTORS = 64  # each is looked up once more in the sheet: bounds that work


def hidden_selectors(css: str) -> set[str]:
    """`.class` and `#id` selectors that a style sheet hides (display:none,
    visibility:hidden, font-size:0, …) outside any @media or other at-rule: text
    hidden only on some screens, or by compound selectors, is kept."""
    hidden: set[str] = set()
    lowered = css.lower()  # matched lower-cased; selectors are taken as written (case-sensitive)
    selectors = css if len(lowered) == len(css) else lowered
    depth, position = 0, 0
    # The last "{" and ";" before the current match, found by searching only the text
    # since the previous match: every search is bounded, so the whole is linear.
    scanned, last_open, last_semicolon = 0, -1, -1
    for value in _HIDING_VALUE.finditer(lowered):
        colon = value.start()
        last_open = max(last_open, lowered.rfind("{", scanned, colon))
        last_semicolon = max(last_semicolon, lowered.rfind(";", scanned, colon))
        scanned = colon
        declaration_start = max(last_open, last_semicolon) + 1
        if colon - declaration_start > 64:
            continue  # no property name is that long
        if lowered[declaration_start:colon].strip() not in _HIDING_PROPERTIES[(value.lastindex or 1) - 1]:
            continue
        body_start = last_open
        if body_start < position:
            continue  # another hiding declaration of the same rule, or none in braces
        depth += lowered.count("{", position, body_start) - lowered.count("}", position, body_start)
        top_level = depth == 0
        depth += 1  # the rule's own "{"
        position = body_start + 1
        if not top_level or len(hidden) >= _MAX_HIDDEN_SELECTORS:
            continue
        window = max(body_start - _MAX_SELECTOR_TEXT, 0)
        selector_start = max(lowered.rfind(mark, window, body_start) for mark in "};/") + 1
        if selector_start == 0 and window > 0:
            continue
        for selector in selectors[selector_start:body_start].split(","):
            simple = _SIMPLE_SELECTOR.fullmatch(selector.strip())
            if simple:
                hidden.add(simple.group(1))
    return {selector for selector in hidden if not _shown_in_some_state(selector, selectors)}


_SHOWING = re.compile(r"display\s*:\s*(?!none)[a-z]|visibility\s*:\s*visible", re.I)


def _shown_in_some_state(selector: str, css: str) -> bool:
    """Whether another rule shows what `selector` hides (`.panel.open {display:block}`):
    then the hidden state is one a widget leaves when the reader opens it."""
    start = css.find(selector)
    while start >= 0:
        end = start + len(selector)
        body_start = css.find("{", end)
        if body_start < 0:
            return False  # no rule after this
        body_end = css.find("}", body_start)
        body_end = body_end if body_end >= 0 else len(css)
        whole_name = not (css[end : end + 1].isalnum() or css[end : end + 1] in "-_")
        if whole_name and _SHOWING.search(css, body_start, body_end):
            return True
        start = css.find(selector, body_end)  # each part of the sheet is searched once
    return False


# Saved web pages: the page's chrome around the policy. Site header/footer only
# outside the main content; class/id words that name navigation or consent banners
# (not "cookies" alone: a policy's own cookie section must stay).
_CHROME_TAGS = frozenset({"nav", "aside"})
_OUTER_CHROME_TAGS = frozenset({"header", "footer"})
_DROPPED_AS_CHROME = ("chrome", "banner")  # stack roles whose text is page chrome
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog"})
_CHROME_NAMES = re.compile(
    r"(?:^|[-_])(?:nav|navbar|navigation|menu|menubar|breadcrumbs?|sidebar|site-?header|site-?footer|masthead|"
    r"skip-?link|"
    r"(?:cookie|consent|gdpr|privacy)[-_]?(?:banner|bar|popup|modal|dialog|overlay|wall|layer)|(?:cookie|consent)[-_]?notice|"
    r"onetrust|cookiebot|cookielaw|cc-window|cc-banner|truste|osano|didomi|usercentrics)(?:$|[-_])",
    re.I,
)
# Widget words that are also the titles of a policy's own parts: a share bar or newsletter box
# is chrome, but <section id="share"> is the policy's "Who we share it with".
_WIDGET_NAMES = re.compile(r"(?:^|[-_])(?:social|share|sharing|newsletter|subscribe)(?:$|[-_])", re.I)
_SECTION_TAGS = frozenset({"section", "article"})
# Searched in the page as it is, its letters in either case, rather than in a lower-cased copy
# (lowering a page of 400,000 characters costs more than reading most of its tags): no other
# character lowers to these letters (the one that lowers to two, "İ", is followed by a mark).
# Each pattern starts with a literal ("<", "="), so the search skips ahead fast; a
# `role = "main"` attribute is found by its value, its name then read before the "=".
_MAIN_ELEMENT = re.compile(r"<[Mm][Aa][Ii][Nn][\s>]")
_MAIN_VALUE = re.compile(r"=\s*[\"']?[Mm][Aa][Ii][Nn]\b")
MIN_CONTENT_SHARE = 0.2  # keep less than this of the visible text, and the removal is not trusted


def _chrome_role(tag: str, attrs: dict[str, str | None], in_content: bool) -> str:
    """ "chrome" for the page's chrome; "banner" for a <header> that only its tag marks as
    the site's (it gives the page's title back if it holds the <h1>); "" for content."""
    if tag in _CHROME_TAGS:
        return "chrome"
    if attrs:  # (an element without attributes has no role, id or class to name it chrome)
        if (attrs.get("role") or "").lower() in _CHROME_ROLES:
            return "chrome"
        names_chrome, names_widget = _named_as(f"{attrs.get('id') or ''} {attrs.get('class') or ''}")
        if names_chrome or (names_widget and tag not in _SECTION_TAGS):
            return "chrome"
    if tag in _OUTER_CHROME_TAGS and not in_content:
        return "banner" if tag == "header" else "chrome"
    return ""


# An element's "id class" → whether one of its names is a chrome name, a widget name. Pages
# repeat a few hundred names over thousands of elements: each is searched for once.
_NAMES_SEEN: dict[str, tuple[bool, bool]] = {}
_NAMES_KEPT = 8192


def _named_as(names: str) -> tuple[bool, bool]:
    kinds = _NAMES_SEEN.get(names)
    if kinds is None:
        split = names.split()
        kinds = (any(_CHROME_NAMES.search(name) for name in split), any(_WIDGET_NAMES.search(name) for name in split))
        if len(_NAMES_SEEN) < _NAMES_KEPT:
            _NAMES_SEEN[names] = kinds
    return kinds


def _is_content_root(tag: str, attrs: dict[str, str | None]) -> bool:
    return tag == "main" or (attrs.get("role") or "").lower() == "main"


_ROW_HEADING = -2  # heading_column while a row's <th> is read


class _Table:
    """What a table has shown so far: its column headings, by column."""

    __slots__ = ("column", "headings", "in_head", "row", "row_heading", "rows")

    def __init__(self) -> None:
        self.headings: dict[int, str] = {}
        self.row_heading = ""  # the <th> of the current row, for cells under no column heading
        self.rows = 0
        self.row = -1  # the current row's number (DocumentBuilder.new_row)
        self.column = 0
        self.in_head = False


# A term longer than this, or one ending as a sentence does ("How do I opt out?"), is a
# question or a paragraph set in a <dt>, not a name for its definitions: they are read alone.
_MAX_TERM = 100


def _names_term(term: str, text: str) -> bool:
    """Whether `text` says `term` in its own words (a plural allowed): "legitimate interests"
    names "Legitimate interest"; "dpo@example.com" does not name "DPO"."""
    words = r"\s+".join(map(re.escape, term.split()))
    return re.search(rf"(?<![\w@.-]){words}(?:e?s)?(?![\w@]|[.-]\w)", text, re.I) is not None


# The title of an accordion that only opens its panel: what the panel holds is the section's own
# ("Read your rights in full", "Show more", "See the details", "More information", "Expand").
_PANEL_CONTROL = re.compile(
    r"(?:(?:click|tap)\s+(?:here\s+)?to\s+)?(?:read|show|see|view|display|expand|open|learn)\b(?:\s+\S+){0,4}?\s*"
    r"(?:more|(?:in\s+)?full|all|details?|everything|list)\b|(?:more|full)\s+(?:details|information|info)\b|expand\b|show\s+more\b",
    re.I,
)


class _Terms:
    """What a definition list (`<dl>`) has shown so far: the term (or terms: several `<dt>`
    name one definition) that its next `<dd>` defines."""

    __slots__ = ("after_definition", "held", "pending", "reading", "terms")

    def __init__(self) -> None:
        self.terms: list[str] = []  # the `<dt>`s of the current group, each's text
        self.reading = ""  # "dt" or "dd" while one of this list's items is read
        self.pending = False  # the `<dd>` being read has had no block yet: its first is read with the term
        self.after_definition = False  # a `<dd>` came since the last `<dt>`: a `<dt>` starts a new group
        # The blocks of the terms read since the last definition, held back until a definition
        # takes them (DocumentBuilder.add_block's arguments)
        self.held: list[tuple[str, list[tuple[str, int]], int, int, bool]] = []

    def term(self) -> str:
        term = ", ".join(filter(None, self.terms))
        if len(term) > _MAX_TERM or term.endswith((".", "?", "!", ";")):
            return ""
        return term


# What the tokenizer reports, recorded (`_VisibleText.events`) as (kind, tag or data, attributes,
# line) for a page read a second time.
_START, _END, _DATA, _COMMENT = range(4)
_Event = tuple[int, str, list[tuple[str, str | None]] | None, int]
# Pages up to this many characters are recorded while read with the boilerplate removed; a
# longer one is tokenized again if it has to be read again (its events would hold its text
# several times over).
_RECORDED_PAGE = 1 << 20
# The tokenizer's current line, what `getpos()[0]` gives, read in C: a page's handlers ask for it
# tens of thousands of times, and `getpos` is a Python call that also makes a tuple.
_line = attrgetter("lineno")


class _VisibleText(HTMLParser):
    def __init__(
        self,
        builder: DocumentBuilder,
        remove_boilerplate: bool = False,
        content_root: bool = False,
        record: bool = False,
    ) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = builder
        # With `record`, what the tokenizer reported, so that a page whose boilerplate removal
        # is not trusted is read again from the record (`_replay`) instead of being tokenized
        # again: the standard library's tokenizer costs about as much as reading the page, and
        # a quarter of the corpus's saved pages are read twice.
        self.events: list[_Event] | None = [] if record else None
        # (tag, what it does to its content: "" shows it, "hidden", "panel" (a closed disclosure
        # panel, shown), "chrome" (boilerplate), "root" (main content))
        self.stack: list[tuple[str, str]] = []
        self.hidden_depth = 0
        self.panel_depth = 0  # open disclosure panels that were closed when the page was saved
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
        self.line_offset = 0  # lines of the file before the fed text (an HTML block in Markdown)
        self.head_open = False
        self.hidden_classes: set[str] = set()  # `.class` and `#id` the page's <style> hides
        self.tables: list[_Table] = []
        self.term_lists: list[_Terms] = []  # the open definition lists, innermost last
        self.cell_heading = ""  # the column heading of the cell being read
        self.heading_column = -1  # the column whose heading is being read, or -1
        self.in_cell = False
        self.cell_blocks = 0  # blocks of the cell being read so far
        self.last_heading_level = 2  # for an accordion title, the level of the heading before it
        # The last block read ("heading", or "lead-in" for a text ending in a colon, or another
        # kind) and whether an accordion's title (<summary>) is being read
        self.last_block = ""
        self.in_summary = False

    def updatepos(self, i: int, j: int) -> int:
        # Only the line is read (`getpos()[0]`): the column the base class also works out
        # after every tag and piece of text is not kept. (The base class's attributes are
        # reached by name: mypyc compiles this class and cannot type what it inherits.)
        if i < j:
            setattr(self, "lineno", getattr(self, "lineno") + getattr(self, "rawdata").count("\n", i, j))  # noqa: B009, B010
        return j

    # -- block assembly -------------------------------------------------
    def _reads_as_bold_heading(self, stripped: str) -> bool:
        return (
            self.kind in ("paragraph", "list_item")
            and bool(stripped)
            and len(stripped) <= _MAX_BOLD_HEADING
            and not stripped.endswith((".", ",", ";"))
            # last: it reads the whole paragraph
            and self.bold_chars >= len(re.sub(r"\s+", "", stripped)) * 0.95
        )

    def flush(self) -> None:
        if not self.pieces:
            # Most block elements open or close with nothing read since the last one: no block,
            # and nothing bold (`bold_chars` counts only text in the pieces).
            self.kind, self.level = ("table_cell" if self.in_cell else "paragraph"), 0
            return
        stripped = "".join([t for t, _ in self.pieces]).strip()
        kind, level = self.kind, self.level
        if self._reads_as_bold_heading(stripped):
            # a bold-only line acting as a heading
            kind, level = "heading", 5 if _NUMBERED_HEADING.match(stripped) else 6
        elif self.in_summary and kind == "heading" and self._summary_is_subheading(stripped):
            level = min(self.last_heading_level + 1, 6)
        elif kind == "paragraph" and stripped[:1] in _TYPED_BULLETS and stripped[1:2].isspace():
            # a list typed as paragraphs, each opening with a bullet sign (Word's HTML export,
            # site builders): its items go with their lead-in as a list's do
            kind, level = "list_item", self.list_depth + 1
        if stripped:
            if self.heading_column >= 0 and self.tables:
                headings = self.tables[-1].headings
                headings[self.heading_column] = " ".join(f"{headings.get(self.heading_column, '')} {stripped}".split())
            elif self.heading_column == _ROW_HEADING and self.tables:
                table = self.tables[-1]
                table.row_heading = " ".join(f"{table.row_heading} {stripped}".split())
            elif self.cell_heading:
                self.pieces = table_cell_pieces(self.cell_heading, self.pieces)
                self.cell_heading = ""  # once per cell, however many paragraphs it holds
            row = self.tables[-1].row if self.in_cell and self.tables else -1
            if not self.term_lists or not self._read_with_term(kind, stripped, level, row):
                self.builder.add_block(kind, self.pieces, level, row, continues_cell=self.cell_blocks > 0)
                self.cell_blocks += 1
                if kind == "heading":
                    self.last_heading_level = level
            # an accordion's title is "summary": the next title after an empty panel is its
            # sibling, not a part under it
            self.last_block = (
                ("summary" if self.in_summary else "heading")
                if kind == "heading"
                else "lead-in"
                if stripped.endswith(":")
                else kind
            )
        self.pieces = []
        self.bold_chars = 0
        # A cell holding paragraphs stays a table cell: its kind says where the text sits.
        self.kind, self.level = ("table_cell" if self.in_cell else "paragraph"), 0

    def _summary_is_subheading(self, stripped: str) -> bool:
        """An accordion's title (<summary>) heads a part of the section it sits in, not a section
        of its own, when the section leads into it ("Under the UK GDPR you can:"), when it comes
        right under the section's heading, or when it only opens the panel ("Read your rights
        in full", "Show more"): the section's heading stays above what the panel holds."""
        return self.last_block in ("heading", "lead-in") or _PANEL_CONTROL.match(stripped) is not None

    def _read_with_term(self, kind: str, stripped: str, level: int, row: int) -> bool:
        """A definition (`<dd>`) read with its term, as a table cell is read with its column
        heading ("Data Protection Officer: Dr. A. Vos, a.vos@example.com"): its first block
        (a definition of several paragraphs has its term once). A term is held back until
        its definition comes, and then read only with it (as one line: the term on a line
        of its own above would show it twice in a quote); a term that no definition takes
        is read as it is. True when the block is held back."""
        innermost = self.term_lists[-1]
        if innermost.reading == "dt":
            innermost.terms[-1] = f"{innermost.terms[-1]} {stripped}".strip()
        prefixed = False
        for terms in reversed(self.term_lists):  # innermost first: an outer term goes before an inner one
            if not terms.pending:
                continue
            terms.pending = False
            term = terms.term()
            # A definition that names its term itself says it in its own words ("Legitimate
            # interest" + "Some processing is based on our legitimate interests"): read as it is.
            if term and not _names_term(term, stripped):
                self.pieces = table_cell_pieces(term, self.pieces)
                terms.held.clear()  # read in the definition now
                prefixed = True
        if innermost.reading == "dt" and kind != "heading" and not prefixed and not self.in_cell:
            # (a term set as a heading stays one: the text under it is its section; in a table
            # cell, the term is read with the column heading)
            innermost.held.append((kind, self.pieces, level, row, self.cell_blocks > 0))
            return True
        self._release_terms()
        return False

    def _release_terms(self, lists: list[_Terms] | None = None) -> None:
        """Read the terms held back (of `lists`, or of every open list) as they are."""
        for terms in lists if lists is not None else self.term_lists:
            for kind, pieces, level, row, continues_cell in terms.held:
                self.builder.add_block(kind, pieces, level, row, continues_cell=continues_cell)
                self.cell_blocks += 1
            terms.held.clear()

    def _start_term_list_item(self, tag: str) -> None:
        terms = self.term_lists[-1]
        if tag == "dt":
            if terms.after_definition:
                terms.terms.clear()  # a new group: the definitions before named by the terms before
            terms.terms.append("")
            terms.reading, terms.pending, terms.after_definition = "dt", False, False
        else:
            terms.reading, terms.pending, terms.after_definition = "dd", True, True

    def _starts_with_run_in_heading(self) -> bool:
        """The paragraph so far is a bold line that a line break ends: a run-in heading,
        unless it is a label ("Email:") whose value follows on the next line."""
        if not 0 < self.bold_chars <= _MAX_BOLD_HEADING:
            # Cheap first: a heading is short and bold, and joining the pieces at every <br>
            # of a long paragraph (an address list, a poem) would cost time quadratic in it.
            return False
        stripped = "".join(t for t, _ in self.pieces).strip()
        return self._reads_as_bold_heading(stripped) and not stripped.endswith(":")

    # -- parser callbacks -----------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.events is not None:
            self.events.append((_START, tag, attrs, _line(self)))
        attributes = dict(attrs)
        if tag in _VOID:
            if tag == "br" and not self.hidden_depth:
                if self.kind == "paragraph" and not self.in_cell and self._starts_with_run_in_heading():
                    self.flush()  # "<p><b>12. Your rights</b><br>You may ...": the bold line heads the text
                    return
                self.pieces.append(("\n", _line(self) + self.line_offset))
            elif tag == "img" and not self.hidden_depth and attributes.get("alt"):
                self.pieces.append((f" {attributes['alt']} ", _line(self) + self.line_offset))
            return
        if self.head_open and tag not in _HEAD_CONTENT:
            # HTML5: an element of the body ends an unclosed <head> (not recorded: the tokenizer
            # did not report it, and reading the start tag again ends it again)
            events, self.events = self.events, None
            self.handle_endtag("head")
            self.events = events
        role = _hiding_role(tag, attributes, self.hidden_classes, self.panel_depth > 0)
        if role in ("", "panel") and self.remove_boilerplate:
            role = _chrome_role(tag, attributes, self.content_depth > 0) or role
            if not role and self.content_root and _is_content_root(tag, attributes):
                role = "root"
        if tag == "h1" and self.hidden_depth == 1 and self.chrome_depth == 1:
            self._keep_header_with_title()
        if len(self.stack) >= MAX_DEPTH and not role:
            if tag in _BLOCK_ELEMENTS and not self.hidden_depth:
                self.flush()
            return
        self.stack.append((tag, role))
        self.head_open = self.head_open or tag == "head"
        if role == "root":
            self.content_depth += 1
        elif role == "panel":
            self.panel_depth += 1
        elif role:
            self.hidden_depth += 1
            self.chrome_depth += role in _DROPPED_AS_CHROME
            return
        if self.hidden_depth:
            return
        if tag in _BLOCK_ELEMENTS:
            self.flush()
            if tag in _HEADINGS:
                self.kind, self.level = "heading", _HEADINGS[tag]
            elif tag == "summary" and any(open_tag == "details" for open_tag, _ in self.stack):
                # An accordion's title heads its panel, beside the section it follows: a
                # "California residents" panel after an EEA section is not part of it.
                self.kind, self.level = "heading", self.last_heading_level
                self.in_summary = True
            elif tag in ("div", "p") and attributes.get("class") and (level := _class_heading_level(attributes)):
                # a heading set by its style class ("<div class='title-h5'>California rights</div>")
                self.kind, self.level = "heading", level
            elif tag in _BLOCK_KINDS:
                self.kind, self.level = _BLOCK_KINDS[tag], self.list_depth
                if tag in ("td", "th"):
                    self._start_cell(tag, attributes)
            if tag in ("ul", "ol", "dl"):
                self.list_depth += 1
                if tag == "dl":
                    self.term_lists.append(_Terms())
            elif tag in ("dt", "dd") and self.term_lists:
                self._start_term_list_item(tag)
            elif tag == "table":
                self.tables.append(_Table())
            elif tag == "tr" and self.tables:
                table = self.tables[-1]
                table.rows, table.column, table.row_heading = table.rows + 1, 0, ""
                table.row = self.builder.new_row()
            elif tag in ("thead", "tbody", "tfoot") and self.tables:
                self.tables[-1].in_head = tag == "thead"

    def _keep_header_with_title(self) -> None:
        """A page header holding the page's <h1> is the policy's own title block
        ("Privacy Policy" + "Updated January 20, 2026"), not the site's: read it from the
        title on (a menu inside it is still chrome). On a page that marks its main content,
        the title block before <main> is read with it: "Effective Date: March 1, 2026" under
        the title is the policy's date."""
        for index in range(len(self.stack) - 1, -1, -1):
            tag, role = self.stack[index]
            if role and role != "panel":  # the one element that hides the title
                if role == "banner":
                    if self.content_root and not self.content_depth:
                        self.stack[index] = (tag, "root")
                        self.content_depth += 1
                    else:
                        self.stack[index] = (tag, "")
                    self.hidden_depth -= 1
                    self.chrome_depth -= 1
                return

    def _start_cell(self, tag: str, attributes: dict[str, str | None]) -> None:
        self.cell_heading, self.heading_column, self.in_cell = "", -1, True
        self.cell_blocks = 0
        if not self.tables:
            return
        table = self.tables[-1]
        column = table.column
        span = attributes.get("colspan") or "1"
        table.column += min(max(int(span), 1), 1000) if span.isascii() and span.isdigit() else 1
        if table.in_head or (tag == "th" and table.rows <= 1):
            self.heading_column = column
        elif tag == "th":
            self.heading_column = _ROW_HEADING
        else:
            if table.rows <= 1 and table.headings:
                # A first row of <th> and <td> is no heading row: its <th> heads the row.
                table.row_heading = " ".join(table.headings.values())
                table.headings.clear()
            self.cell_heading = table.headings.get(column) or table.row_heading

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.events is not None:
            self.events.append((_END, tag, None, _line(self)))
        stack = self.stack
        # Nearly every end tag closes the innermost element: the top is tested before the rest.
        if not (stack and stack[-1][0] == tag) and tag not in map(_TAG, stack):
            return  # a stray end tag: ignore, as browsers do
        while self.stack:
            open_tag, role = self.stack.pop()
            if open_tag == "head":
                self.head_open = False
            if role == "root":
                self.content_depth -= 1
            elif role == "panel":
                self.panel_depth -= 1
            if role == "hidden" or role in _DROPPED_AS_CHROME:
                self.hidden_depth -= 1
                self.chrome_depth -= role in _DROPPED_AS_CHROME
            elif not self.hidden_depth and open_tag in _BLOCK_ELEMENTS:
                self.flush()
                if open_tag in ("ul", "ol", "dl"):
                    self.list_depth = max(self.list_depth - 1, 0)
                    if open_tag == "dl" and self.term_lists:
                        self._release_terms([self.term_lists.pop()])
                elif open_tag in ("dt", "dd") and self.term_lists:
                    self.term_lists[-1].reading, self.term_lists[-1].pending = "", False
                elif open_tag == "summary":
                    self.in_summary = False
                elif open_tag in ("td", "th"):
                    self.cell_heading, self.heading_column, self.in_cell = "", -1, False
                elif open_tag == "thead" and self.tables:
                    self.tables[-1].in_head = False
                elif open_tag == "table" and self.tables:
                    self.tables.pop()
                    self.cell_heading, self.heading_column, self.in_cell = "", -1, False
            if open_tag == tag:
                break

    def handle_comment(self, data: str) -> None:
        if self.events is not None:
            self.events.append((_COMMENT, data, None, _line(self)))
        directive = parse_directive(data, _line(self) + self.line_offset)
        if directive:
            self.builder.directives.append(directive)

    def handle_data(self, data: str) -> None:
        if self.events is not None:
            self.events.append((_DATA, data, None, _line(self)))
        if not data:
            return
        outside_content = self.content_root and not self.content_depth
        if self.hidden_depth or outside_content:
            if self.stack and self.stack[-1][0] == "style":
                self.hidden_classes.update(hidden_selectors(data))
                return
            if (self.chrome_depth or outside_content) and self.hidden_depth == self.chrome_depth:
                self.dropped_chars += len(data.strip())
            return
        self.kept_chars += len(data.strip())
        self.pieces.append((data, _line(self) + self.line_offset))
        if not _BOLD.isdisjoint(map(_TAG, self.stack)):  # inside a bold element
            self.bold_chars += sum(map(len, data.split()))  # its characters other than white space


def _updatepos_by_attributes(parser: Any, i: int, j: int) -> int:
    """`_VisibleText.updatepos` as Python runs it: the base class's attributes read and set
    directly, not by three calls by name (updatepos runs after every tag and piece of text)."""
    if i < j:
        parser.lineno += parser.rawdata.count("\n", i, j)
    return j


if not runs_compiled(__file__):
    # (Compiled, the class cannot be changed, and its method reaches the attributes by name.)
    _VisibleText.updatepos = _updatepos_by_attributes  # type: ignore[method-assign,assignment]


def _replay(events: list[_Event], parser: _VisibleText) -> None:
    """Read a recorded page (`_VisibleText.events`): each event given to `parser` at its line,
    as the tokenizer gave it."""
    # Untyped, so that the base class's line is set as an attribute (compiled code cannot type
    # what the class inherits; see updatepos), not by a call by name for each event.
    tokenizer: Any = parser
    for kind, name, attrs, line in events:
        tokenizer.lineno = line  # what `_line` reads
        if kind == _DATA:
            parser.handle_data(name)
        elif kind == _START:
            parser.handle_starttag(name, attrs or [])
        elif kind == _END:
            parser.handle_endtag(name)
        else:
            parser.handle_comment(name)
    parser.flush()
    parser._release_terms()  # of a definition list left open


def parse(text: str, path: str, *, remove_boilerplate: bool = True, **meta) -> Document:
    """The visible text of an HTML page. With `remove_boilerplate`, a saved web
    page is reduced to the policy: navigation, site header and footer, sidebars
    and consent banners go, and when the page marks its main content (`<main>`)
    only that is kept — unless that would leave too little, which means the
    page's markup misled us."""
    # The tokenizer makes tens of thousands of short-lived objects (attribute lists, tuples)
    # that hold no cycles; the cyclic collector would scan them, and the recorded events,
    # over and over as they pile up. Reference counting frees them as they go.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parse(text, path, remove_boilerplate, meta)
    finally:
        if collecting:
            gc.enable()


def _parse(text: str, path: str, remove_boilerplate: bool, meta: dict[str, Any]) -> Document:
    text = remove_template_tags(text)  # a page template saved as the policy
    events: list[_Event] | None = None
    if remove_boilerplate:
        builder = DocumentBuilder(path, "html")
        parser = _VisibleText(
            builder, remove_boilerplate=True, content_root=_marks_main_content(text), record=len(text) <= _RECORDED_PAGE
        )
        _run(parser, text)
        total = parser.kept_chars + parser.dropped_chars
        if parser.kept_chars >= MIN_CONTENT_SHARE * total:
            return builder.build(source_lines=text.count("\n") + 1, **meta)
        events = parser.events
        del parser
    builder = DocumentBuilder(path, "html")
    if events is not None:
        _replay(events, _VisibleText(builder))
    else:
        _run(_VisibleText(builder), text)
    return builder.build(source_lines=text.count("\n") + 1, **meta)


def parse_fragment(text: str, builder: DocumentBuilder, first_line: int) -> None:
    """Add the visible text of an HTML fragment that starts on `first_line` of a file
    (an HTML block in Markdown) to `builder`."""
    parser = _VisibleText(builder)
    parser.line_offset = first_line - 1
    _run(parser, text)


def _marks_main_content(page: str) -> bool:
    """Whether the page has a <main> element or an element with `role="main"`, in any case:
    what `<main[\\s>]` and `role\\s*=\\s*["']?main\\b` find in the lower-cased page."""
    if _MAIN_ELEMENT.search(page):
        return True
    for value in _MAIN_VALUE.finditer(page):
        name_end = value.start()
        while name_end > 0 and page[name_end - 1].isspace():
            name_end -= 1
        if name_end >= 4 and page[name_end - 4 : name_end].lower() == "role":
            return True
    return False


def _run(parser: _VisibleText, text: str) -> None:
    parser.feed(text)
    parser.close()
    parser.flush()
    parser._release_terms()  # of a definition list left open
