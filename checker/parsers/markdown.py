"""Markdown policies: ATX and setext headings, lists, pipe tables, emphasis.

Markup is removed from the text that rules match, while every piece keeps the
source line it came from.
"""

from __future__ import annotations

import re

from checker.document import Document, DocumentBuilder, parse_directive

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_LIST_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d{1,9}[.)])[ \t]+(.*)$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(\s*\1){2,}\s*$")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_BLOCKQUOTE = re.compile(r"^\s{0,3}>\s?")

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\(\s*<?([^)>\s]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+)>")
_INLINE_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_EMPHASIS = re.compile(r"(\*{1,3}|(?<![A-Za-z0-9])_{1,3}|_{1,3}(?![A-Za-z0-9])|~~|`+)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


_MARKUP_CHARACTERS = "![]<>*_~`\\"


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
    text = _INLINE_HTML.sub("", text)
    text = _EMPHASIS.sub("", text)
    return _ESCAPE.sub(r"\1", text)


_BOLD_LINE = re.compile(r"\s*(\*\*|__)(.+?)\1\s*:?\s*")


def _bold_only(line: str) -> str | None:
    m = _BOLD_LINE.fullmatch(line)
    if m and len(m.group(2)) <= 100 and not m.group(2).rstrip().endswith("."):
        return m.group(2)
    return None


def _fenced_lines(text: str) -> frozenset[int]:
    """The numbers of the lines inside fenced code blocks, fences included."""
    inside: set[int] = set()
    in_fence = False
    for number, line in enumerate(text.split("\n"), start=1):
        fence = _FENCE.match(_BLOCKQUOTE.sub("", line) if ">" in line[:4] else line)
        if in_fence or fence:
            inside.add(number)
        if fence:
            in_fence = not in_fence
    return frozenset(inside)


def parse(text: str, path: str, **meta) -> Document:
    builder = DocumentBuilder(path, "markdown")
    # Comments are removed line-preserving so line numbers stay right; privacylint-disable
    # directives inside them are collected first, with the line the comment starts on. One
    # in a fenced code block is an example shown to readers, not a directive.
    fenced = _fenced_lines(text) if "```" in text or "~~~" in text else frozenset()
    for comment in _HTML_COMMENT.finditer(text):
        comment_line = text.count("\n", 0, comment.start()) + 1
        directive = parse_directive(comment.group()[4:-3], comment_line) if comment_line not in fenced else None
        if directive:
            builder.directives.append(directive)
    text = _HTML_COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)
    lines = text.split("\n")
    paragraph: list[tuple[str, int]] = []
    item: list[tuple[str, int]] = []
    item_level = 0
    in_fence = False
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
        atx = _ATX.match(line) if first == "#" else None
        if atx:
            flush()
            builder.add_block("heading", [(strip_inline(atx.group(2) or ""), number)], len(atx.group(1)))
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
            if (i < len(lines) and _TABLE_SEPARATOR.match(lines[i])) or (first == "|" and line.rstrip().endswith("|")):
                flush()
                if not _TABLE_SEPARATOR.match(line):
                    for cell in _table_cells(line):
                        builder.add_block("table_cell", [(strip_inline(cell), number)])
                continue
            if _TABLE_SEPARATOR.match(line):
                continue
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
    return builder.build(source_lines=len(lines), **meta)


def _table_cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", body)]
