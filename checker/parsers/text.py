"""Plain-text policies: paragraphs, list items and headings recognised by layout."""

from __future__ import annotations

import re

from checker.document import Document, DocumentBuilder, LineBlock, parse_directive

# "(12)" numbers a list item; "(518) 555-0104" is an area code, not an item
_LIST_ITEM = re.compile(r"^\s*(?:[-*•‣◦▪●–]|\(\d{1,2}\)|\d{1,3}[.)]|\(?[a-z]\)|\(?[ivx]{1,4}\))\s+")
_NUMBERED_HEADING = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\.?\s+\S")
_SENTENCE_FINAL = (".", ";", ":", "!", "?", ",")
# "Q: ..." / "A: ..." (or "Q." / "Question:") marks a FAQ's question or answer line
_FAQ_QUESTION_MARK = re.compile(r"^(?:Q|A|Question|Answer)\s*[:.)]\s")
# Lines of a postal address or a contact block are short and capitalised, but no heading:
# a house number, a US state and ZIP code, an e-mail address or a telephone number.
_CONTACT_LINE = re.compile(
    r"^\s*\d{3,6}\s+[A-Za-z]|@|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|\d[\d ().-]{7,}\d"
    r"|\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b"  # a UK postcode ("Belfast BT15 9ZZ")
)
# A street line of an address ("9 Cedar Court", or with the number last as in most of
# Europe, "Am Mühlbach 14") looks like a short heading; the town and postcode on the next
# line ("Dayton, OH 45402", "80331 München") show what it is.
_STREET_LINE = re.compile(r"^\d{1,6}[a-z]?\s+[A-Za-z]|^[^\W\d][^\d]{1,40}\s\d{1,4}[a-z]?(?:[-/]\d{1,4}[a-z]?)?$")
_TOWN_LINE = re.compile(r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|^\d{4,5}\s+[A-Z]|\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b")
# A whole line `# privacylint-disable RULE: reason` (or the HTML-comment form) is a
# directive, not policy text.
_DIRECTIVE_LINE = re.compile(r"^\s*(?:#\s*(privacylint-disable\b.*)|<!--\s*(privacylint-disable\b.*?)-->)\s*$")


def looks_like_heading(line: str, next_line: str | None) -> bool:
    """A short line that does not end a sentence and is followed by text acts as a heading."""
    stripped = line.strip()
    if stripped.endswith("?") and _is_faq_question(stripped, next_line):
        return True
    # "HOW CAN I CONTACT YOU?" over a blank line: a question in capitals heads its section
    if stripped.endswith("?") and stripped.isupper() and len(stripped) <= 90:
        return True
    if not stripped or len(stripped) > 90 or stripped.endswith(_SENTENCE_FINAL):
        return False
    if stripped.startswith(("-", "*", "•", "(")) or _CONTACT_LINE.search(stripped):
        return False
    words = stripped.split()
    if len(words) > 12:
        return False
    following = (next_line or "").strip()
    # "3.4 We rely on our legitimate interests for the" / "reference checks ...": a clause
    # wrapped onto a line that goes on in lower case is a paragraph, however it begins
    if following[:1].islower():
        return False
    # "10.2 The Company does not knowingly Sell or Share the Personal" / "Information of
    # Consumers under sixteen (16) years of age.": a long numbered clause wrapped before a
    # capitalised defined term is a paragraph too, when it reads as prose (a lower-case word
    # that is no title's small word: "does", "retains", "controllers")
    if following and len(stripped) >= 45 and _NUMBERED_HEADING.match(stripped) and _prose(words[1:]):
        return False
    if _STREET_LINE.match(stripped) and _TOWN_LINE.search(following):
        return False
    if stripped.isupper() or _NUMBERED_HEADING.match(stripped) or _title_case(words):
        return True
    # "How we use data" followed by a sentence
    return len(words) <= 8 and following[:1].isupper()


def opens_contact_block(lines: list[str], index: int) -> bool:
    """A letterhead's first lines ("Example Ltd" / "Privacy Office" over "9 Cedar Court",
    "Dayton, OH 45402", "privacy@example.com"): short lines with no blank between them, two
    of the next four a postal address, telephone or e-mail line. They are the contact
    block's own lines, not headings over it; a heading in capitals or numbered stays one."""
    stripped = lines[index].strip()
    if stripped.isupper() or _NUMBERED_HEADING.match(stripped):
        return False
    contact_lines = 0
    for following in lines[index + 1 : index + 5]:
        following = following.strip()
        if not following or len(following) > 70:
            break
        if _CONTACT_LINE.search(following) or _TOWN_LINE.search(following) or _STREET_LINE.match(following):
            contact_lines += 1
            if contact_lines == 2:
                return True
    return False


def _is_faq_question(stripped: str, next_line: str | None) -> bool:
    """A FAQ written as plain text: a short question alone on its line, its answer starting
    on the next ("Can I have my details deleted?" / "Yes, just ask us ..."). It heads its
    answer as a question heading does in Markdown or HTML, so the two are read as one unit."""
    words = stripped.split()
    if len(stripped) > 120 or not 2 <= len(words) <= 16:
        return False
    if not (stripped[:1].isupper() or _FAQ_QUESTION_MARK.match(stripped)):
        return False
    following = (next_line or "").strip()
    return following[:1].isupper() or following[:1].isdigit() or bool(_FAQ_QUESTION_MARK.match(following))


def _is_numbered_capitals_heading(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) <= 90 and stripped.isupper() and bool(_NUMBERED_HEADING.match(stripped))


# words a title leaves in lower case ("How We Use and Share Your Data", "Rights of the user")
_TITLE_SMALL = (
    "a an the of and or nor for to in on with by at from as your our we you how what who why when where "
    "is are do does can this that us my its their about under into"
)
_TITLE_SMALL_WORDS = frozenset(_TITLE_SMALL.split())


def _prose(words: list[str]) -> bool:
    return any(w[:1].islower() and w.lower().strip(",.;:") not in _TITLE_SMALL_WORDS for w in words)


def _title_case(words: list[str]) -> bool:
    capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return capitalised >= max(1, (len(words) + 1) // 2)


def heading_level(line: str) -> int:
    m = _NUMBERED_HEADING.match(line)
    if m:
        return min(m.group(1).count(".") + 1, 6)
    return 1 if line.strip().isupper() else 2


def parse(text: str, path: str, **meta) -> Document:
    builder = DocumentBuilder(path, "text")
    lines = text.split("\n")
    block = LineBlock(builder)
    for number, line in enumerate(lines, start=1):
        directive_line = _DIRECTIVE_LINE.match(line) if line.lstrip()[:1] in ("#", "<") else None
        if directive_line:
            directive = parse_directive(directive_line.group(1) or directive_line.group(2), number)
            if directive:
                builder.directives.append(directive)
            continue
        if not line.strip():
            block.flush()
            continue
        next_line = lines[number] if number < len(lines) else None
        # "9. QUESTIONS": a numbered line in capitals heads a section; it is no list item
        listed = _LIST_ITEM.match(line) and not _is_numbered_capitals_heading(line)
        if not block or block.last_line.rstrip().endswith(_SENTENCE_FINAL) or listed:
            if listed:
                block.flush("list_item")
                line = _LIST_ITEM.sub("", line, count=1)
            else:
                block.flush()
                if looks_like_heading(line, next_line) and not opens_contact_block(lines, number - 1):
                    builder.add_block("heading", [(line, number)], level=heading_level(line))
                    continue
        block.add(line, number)
    block.flush()
    return builder.build(source_lines=len(lines), **meta)
