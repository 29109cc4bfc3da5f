"""Markdown policies: ATX and setext headings, lists, pipe tables, emphasis.

Markup is removed from the text that rules match, while every piece keeps the
source line it came from. Markdown as site generators keep it is read as the
site shows it: front matter is metadata (its title and date are kept), template
tags are dropped, and HTML blocks are read by the HTML parser.
"""

from __future__ import annotations

import html
import re

from checker.document import Directive, Document, DocumentBuilder, parse_directive, table_cell_pieces
from checker.parsers import html as html_parser
from checker.parsers.templates import lines_without_template_tags

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_LIST_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d{1,9}[.)])[ \t]+(.*)$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(\s*\1){2,}\s*$")
_BLOCKQUOTE = re.compile(r"^\s{0,3}>\s?")

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\(\s*<?([^)>\s]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+)>")
_INLINE_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_EMPHASIS = re.compile(r"(\*{1,3}|(?<![A-Za-z0-9])_{1,3}|_{1,3}(?![A-Za-z0-9])|~~|`+)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_BLOCK_TAGS = frozenset(
    {"br", "p", "div", "td", "th", "tr", "li", "dt", "dd", "table", "h1", "h2", "h3", "h4", "h5", "h6"}
)
# Kramdown / Pandoc attributes after a heading: `## Your rights {#rights}`.
_HEADING_ATTRIBUTES = re.compile(r"\s*\{[#:.][^{}]*\}\s*$")

# An HTML block (CommonMark start condition 6, and raw-text blocks): a line opening one
# of these elements starts it.
_HTML_BLOCK = re.compile(
    r" {0,3}</?(?:address|article|aside|blockquote|body|caption|center|details|dialog|div|dl|dd|dt|fieldset|"
    r"figcaption|figure|footer|form|h[1-6]|header|hr|html|li|main|nav|ol|p|pre|script|section|style|summary|"
    r"table|tbody|td|tfoot|th|thead|tr|ul)(?:[\s/>]|$)",
    re.I,
)


_MARKUP_CHARACTERS = "![]<>*_~`\\&"


def strip_inline(text: str) -> str:
    """Inline Markdown → the text a reader sees (links keep an e-mail address)."""
    # Most lines of a policy have nothing to strip. Ten substring searches (memchr, in C)
    # find that faster than a set lookup for each character of the line.
    for character in _MARKUP_CHARACTERS:
        if character in text:
            break
    else:
        return text
    text = _IMAGE.sub(lambda m: m.group(1), text)

    def link(m: re.Match[str]) -> str:
        label, target = m.group(1), m.group(2)
        if target.lower().startswith("mailto:"):
            address = target[7:]
            return label if address.lower() in label.lower() else f"{label} ({address})"
        return label

    text = _LINK.sub(link, text)
    text = _AUTOLINK.sub(lambda m: m.group(1).removeprefix("mailto:"), text)
    if "<" in text:
        text = _INLINE_HTML.sub(_inline_tag, text)
    text = _EMPHASIS.sub("", text)
    if text[-1:] == "\\" and text[-2:] != "\\\\":
        text = text[:-1]  # a backslash at the end of a line is a hard line break
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    # Entities last, so that a decoded "&lt;b&gt;" is text, not a tag.
    return html.unescape(text) if "&" in text else text


def _inline_tag(m: re.Match[str]) -> str:
    """An inline HTML tag goes; one that breaks the line or ends a cell leaves a space."""
    name = m.group().lstrip("</").split(None, 1)[0].rstrip("/>").lower()
    return " " if name in _BLOCK_TAGS else ""


_BOLD_LINE = re.compile(r"\s*(\*\*|__)(.+?)\1\s*:?\s*")


def _bold_only(line: str) -> str | None:
    m = _BOLD_LINE.fullmatch(line)
    if m and len(m.group(2)) <= 100 and not m.group(2).rstrip().endswith("."):
        return m.group(2)
    return None


def _fenced_lines(lines: list[str]) -> frozenset[int]:
    """The numbers of the lines inside fenced code blocks, fences included."""
    inside: set[int] = set()
    in_fence = False
    for number, line in enumerate(lines, start=1):
        fence = _FENCE.match(_BLOCKQUOTE.sub("", line) if ">" in line[:4] else line)
        if in_fence or fence:
            inside.add(number)
        if fence:
            in_fence = not in_fence
    return frozenset(inside)


def parse(text: str, path: str, **meta) -> Document:
    builder = DocumentBuilder(path, "markdown")
    lines = _source_lines(text, builder)
    paragraph: list[tuple[str, int]] = []
    item: list[tuple[str, int]] = []
    item_level = 0
    in_fence = False
    column_headings: list[str] = []  # of the pipe table being read
    i = 0

    def flush() -> None:
        nonlocal paragraph, item
        if paragraph:
            builder.add_block("paragraph", paragraph)
        if item:
            builder.add_block("list_item", item, level=item_level)
        paragraph, item = [], []

    while i < len(lines):
        raw = lines[i]
        # Read lines are let go as the blocks they make grow: a long policy's are megabytes.
        # (What looks ahead reads only the lines after this one.)
        lines[i] = ""
        number = i + 1
        line = _BLOCKQUOTE.sub("", raw) if ">" in raw[:4] else raw
        i += 1
        # Each block pattern needs a particular first character; most lines of a policy
        # are prose and skip them all.
        first = line.lstrip()[:1]
        if first and first in "`~" and _FENCE.match(line):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            builder.add_block("paragraph", [(line, number)])
            continue
        if not first:
            flush()
            continue
        if first == "<" and not paragraph and _HTML_BLOCK.match(line):
            flush()
            end = _html_block_end(lines, i - 1)
            html_parser.parse_fragment("\n".join([raw, *lines[i:end]]), builder, first_line=number)
            i = end
            continue
        atx = _ATX.match(line) if first == "#" else None
        if atx:
            flush()
            title = atx.group(2) or ""
            if "{" in title:
                title = _HEADING_ATTRIBUTES.sub("", title)
            builder.add_block("heading", [(strip_inline(title), number)], len(atx.group(1)))
            continue
        setext = _SETEXT.match(line) if first in "=-" else None
        if setext and paragraph and not item:
            level = 1 if setext.group(1).startswith("=") else 2
            builder.add_block("heading", [(strip_inline(t), n) for t, n in paragraph], level)
            paragraph = []
            continue
        if (first in "-*_" and _THEMATIC_BREAK.match(line)) or (setext and setext.group(1).startswith("=")):
            flush()
            continue
        if "|" in line:
            heads_table = i < len(lines) and _TABLE_SEPARATOR.match(lines[i])
            if heads_table or (first == "|" and line.rstrip().endswith("|")):
                flush()
                row = builder.new_row()
                if heads_table:
                    column_headings = [strip_inline(cell) for cell in _table_cells(line)]
                    for column_heading in column_headings:
                        builder.add_block("table_cell", [(column_heading, number)], row=row)
                elif not _TABLE_SEPARATOR.match(line):
                    for column, cell in enumerate(_table_cells(line)):
                        column_heading = column_headings[column] if column < len(column_headings) else ""
                        builder.add_block(
                            "table_cell", table_cell_pieces(column_heading, [(strip_inline(cell), number)]), row=row
                        )
                continue
            if _TABLE_SEPARATOR.match(line):
                continue
        column_headings = []
        listed = _LIST_ITEM.match(line) if first in "-*+" or first.isdigit() else None
        if listed:
            flush()
            item_level = len(listed.group(1).expandtabs(4)) // 2
            item = [(strip_inline(listed.group(2)), number)]
            continue
        heading = _bold_only(line) if first in "*_" else None
        if heading and not paragraph and not item:
            builder.add_block("heading", [(strip_inline(heading), number)], 6)
            continue
        if item and (raw[:1].isspace() or not paragraph):
            item.append((strip_inline(line), number))
            continue
        paragraph.append((strip_inline(line), number))
    flush()
    source_lines = len(lines)
    lines = []  # the document is built without them
    return builder.build(source_lines=source_lines, **meta)


def _source_lines(text: str, builder: DocumentBuilder) -> list[str]:
    """The lines of `text` without front matter (taken into `builder`), template tags and
    HTML comments (their directives taken into `builder`), each replaced by its line breaks
    so line numbers stay right. They are made from the source a stretch at a time: a long
    policy's text is megabytes, and each whole copy of it as many more."""
    body_start, front_matter_lines = _read_front_matter(text, builder)
    lines = lines_without_template_tags(text, body_start)
    if front_matter_lines:
        lines[:0] = [""] * front_matter_lines
    if any("<!--" in line for line in lines):
        builder.directives.extend(_remove_comments(lines))
    return lines


def _remove_comments(lines: list[str]) -> list[Directive]:
    """Replace each HTML comment in `lines` by its line breaks (as `<!--.*?-->` would in
    the joined text) and return the privacylint-disable directives inside them, each with
    the line its comment starts on. One in a fenced code block is an example shown to readers."""
    fenced = _fenced_lines(lines) if any("```" in line or "~~~" in line for line in lines) else frozenset()
    directives = []
    number, column = 0, 0
    while number < len(lines):
        opening = lines[number].find("<!--", column)
        if opening < 0:
            number, column = number + 1, 0
            continue
        closing_line, closing = number, lines[number].find("-->", opening + 4)
        while closing < 0 and closing_line + 1 < len(lines):
            closing_line += 1
            closing = lines[closing_line].find("-->")
        if closing < 0:
            break  # an unclosed comment is text, and so is every later one
        if number + 1 not in fenced:
            if closing_line == number:
                body = lines[number][opening + 4 : closing]
            else:
                body = "\n".join(
                    [lines[number][opening + 4 :], *lines[number + 1 : closing_line], lines[closing_line][:closing]]
                )
            directive = parse_directive(body, number + 1)
            if directive:
                directives.append(directive)
        before, after = lines[number][:opening], lines[closing_line][closing + 3 :]
        if closing_line == number:
            lines[number] = before + after
        else:
            lines[number] = before
            lines[number + 1 : closing_line] = [""] * (closing_line - number - 1)
            lines[closing_line] = after
        number, column = closing_line, len(before) if closing_line == number else 0
    return directives


def _html_block_end(lines: list[str], start: int) -> int:
    """Index of the first line after the HTML block starting at `start`: it ends at a
    blank line, unless the next text opens an HTML block again (a table or list with
    blank lines between its rows stays one block)."""
    i = start + 1
    while i < len(lines):
        if not lines[i].strip():
            following = i + 1
            while following < len(lines) and not lines[following].strip():
                following += 1
            if following >= len(lines) or not _HTML_BLOCK.match(lines[following]):
                return i
            i = following
        i += 1
    return i


# Front matter: metadata of a site generator, before the text. Its title is the
# document's title and a date under one of these keys is the policy's date (the site
# prints it as "Last updated"); the rest is no policy text.
_FRONT_MATTER_END = {"---": ("---", "..."), "+++": ("+++",), "{": ("}",)}
_FRONT_MATTER_FIELD = re.compile(r"""\s*"?(?P<key>[A-Za-z][\w-]*)"?\s*[:=]\s*(?P<value>.*?)\s*,?\s*$""")
_EFFECTIVE_KEYS = frozenset({"effectivedate", "effective", "effectivefrom", "effectiveon", "effectivesince"})
_UPDATED_KEYS = frozenset(
    {
        "lastmod", "lastmodified", "lastupdated", "lastupdate", "updated", "updatedat", "updatedon",
        "updatedate", "dateupdated", "modified", "modifiedat", "modifieddate", "datemodified",
        "lastrevised", "revised", "revisiondate", "lastreviewed", "reviewed",
    }
)  # fmt: skip
_DATE_KEYS = frozenset({"date", "publishdate", "published", "publishedat", "pubdate", "datepublished"})
_ISO_DATE_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d")


def _read_front_matter(text: str, builder: DocumentBuilder) -> tuple[int, int]:
    """Take the front matter at the very start of `text` into `builder` (its title as
    the first heading, its date as a "Last updated: …" line on the date's line) and
    return where the body starts and how many lines came before it (none: no front matter)."""
    opener = "{" if text[:1] == "{" else text[:3]
    if opener not in _FRONT_MATTER_END or text[: text.find("\n")].strip() != opener:
        return 0, 0
    closers = _FRONT_MATTER_END[opener]
    lines = _first_lines(text, 2000)  # front matter is short; a missing end is no front matter
    end = next((n for n in range(1, len(lines)) if lines[n].rstrip() in closers), None)
    if end is None:
        return 0, 0
    title: tuple[str, int] | None = None
    dates: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(lines[1:end], start=2):
        if line[:1].isspace() and opener != "{":
            continue  # nested keys are never the page's title or date
        field = _FRONT_MATTER_FIELD.match(line)
        if not field:
            continue
        key = field.group("key").lower().replace("_", "").replace("-", "")
        value = field.group("value")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if value[:1] in (">", "|"):
            continue  # a YAML block scalar: its text is on the lines below, indented
        if key == "title" and value and title is None:
            title = (value, number)
        for group, keys in (("Effective date", _EFFECTIVE_KEYS), ("Last updated", _UPDATED_KEYS), ("", _DATE_KEYS)):
            if key in keys and any(c.isdigit() for c in value):
                iso = _ISO_DATE_TIME.match(value)
                dates.setdefault(group, (iso.group(1) if iso else value, number))
    if title and not _opens_with_title(lines[end + 1 : end + 8]):
        builder.add_block("heading", [(strip_inline(title[0]), title[1])], 1)
    for label in ("Effective date", "Last updated", ""):
        if label in dates:
            value, number = dates[label]
            builder.add_block("paragraph", [(f"{label or 'Last updated'}: {value}", number)])
            break
    body_start = sum(len(line) + 1 for line in lines[: end + 1])
    return min(body_start, len(text)), end + 1


def _first_lines(text: str, count: int) -> list[str]:
    """The first `count` lines of `text` (all, if it has fewer), without splitting the rest."""
    position = -1
    for _ in range(count):
        position = text.find("\n", position + 1)
        if position < 0:
            return text.split("\n")
    return text[:position].split("\n")


def _opens_with_title(lines: list[str]) -> bool:
    """Whether the body's first lines hold its own top-level heading."""
    return any(line.startswith("# ") or line.lstrip().lower().startswith("<h1") for line in lines)


def _table_cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", body)]
