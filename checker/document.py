"""The document model every rule is evaluated against.

A `Document` is the policy's visible text as one string (`text`), cut into
blocks (heading, paragraph, list item, table cell), sentences and sections; the
cells of one table row know their row (`Block.row`).
Every character offset maps back to the line of the original file, so evidence
can always point at the source, whatever markup the parser removed.

Parsers never build a Document by hand: they feed blocks to `DocumentBuilder`,
which collapses whitespace and keeps the offset → line mapping.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from checker.language import language_warning

# Characters folded for matching; each maps to exactly one character so that
# offsets in the folded text are offsets in the original text.
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)


_FOLD_PAIRS = [(chr(code), replacement) for code, replacement in _FOLD.items()]


def fold_for_matching(text: str) -> str:
    """Lower-case and fold quotes, dashes and odd spaces, keeping every offset."""
    return _fold(text)[0]


def _fold(text: str) -> tuple[str, bool]:
    """`fold_for_matching(text)`, and whether it lower-cased each character alone (the text
    holds one that grows when lower-cased, which stays as it is)."""
    if len(text) > _FOLD_STRETCH:
        # A stretch at a time: each step copies what it folds (a 5 MB text took six copies
        # of up to 4 bytes a character at once, 60 MB), now only a stretch.
        folded = []
        for start, end in cut_before_spaces(text, _FOLD_STRETCH):
            lowered = text[start:end].lower()
            if len(lowered) != end - start:
                break  # a character grows (e.g. 'İ'): the whole text is folded as below
            folded.append(_fold_characters(lowered))
        else:
            return "".join(folded), False
    lowered = text.lower()
    if len(lowered) == len(text):
        return _fold_characters(lowered), False
    # A few characters (e.g. 'İ') grow when lower-cased
    return _fold_characters(_lowered_by_character(text)), True


def _lowered_by_character(text: str) -> str:
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _fold_between(text: str, start: int, end: int, by_character: bool) -> str:
    """`fold_for_matching(text)[start:end]`, folding only about that stretch."""
    if by_character:
        return _fold_characters(_lowered_by_character(text[start:end]))
    if "\u03a3" in text[start:end]:
        # A capital sigma lower-cases by its neighbours within the word (the final sigma):
        # fold from the white space before the stretch to the one after it, as the whole
        # text would be folded (neither space nor newline is part of a word's context).
        wide_start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
        following = [at for at in (text.find(" ", end), text.find("\n", end)) if at >= 0]
        wide_end = min(following) if following else len(text)
        return _fold_characters(text[wide_start:wide_end].lower())[start - wide_start : end - wide_start]
    return _fold_characters(text[start:end].lower())


def _fold_characters(lowered: str) -> str:
    # A replace per folded character is ten times faster than str.translate with a table.
    for character, replacement in _FOLD_PAIRS:
        if character in lowered:
            lowered = lowered.replace(character, replacement)
    return lowered


_FOLD_STRETCH = 1 << 20


def cut_before_spaces(text: str, size: int) -> Iterator[tuple[int, int]]:
    """(start, end) of stretches of `text` of about `size` characters, each ending before a
    space or at the text's end: no word holds a space, so no word is cut, and lower-casing
    looks at a letter's neighbours only within a word (the Greek final sigma), so each
    stretch folds as it would within the whole text."""
    start = 0
    while start < len(text):
        end = text.find(" ", start + size)
        if end < 0:
            end = len(text)
        yield start, end
        start = end


# Blocks, sections and sentences are named tuples: a policy has thousands, and frozen
# dataclasses cost a setattr call per field to build.
class Block(NamedTuple):
    kind: str  # heading, paragraph, list_item or table_cell
    start: int
    end: int
    section: int  # index into Document.sections; -1 before the first heading
    level: int = 0  # heading level (1-6) for headings, nesting depth for list items
    # For a table cell, the index of the first block of its table row: the cells of one row
    # share it, so a rule can read a row as one unit (`scope: row`). -1 outside tables.
    row: int = -1


class Section(NamedTuple):
    heading: int  # index of the heading block
    title: str
    level: int
    parent: int  # index of the enclosing section, -1 at top level
    path: tuple[str, ...]  # titles from the outermost heading down to this one


class Sentence(NamedTuple):
    start: int
    end: int
    block: int


class Directive(NamedTuple):
    """An inline `privacylint-disable RULE[, RULE…]: reason` comment in the policy.

    Parsers only collect these; checker.gate decides what they accept.
    A directive without a reason is kept (reason "") so that it can be reported.
    """

    rules: tuple[str, ...]  # rule ids or id prefixes
    reason: str
    line: int


# The body of a directive comment: `privacylint-disable gdpr.dpo-contact, gdpr.x: why`.
_DIRECTIVE = re.compile(r"^\s*privacylint-disable\b(?P<rules>[^:]*)(?::(?P<reason>.*))?$", re.S)


def parse_directive(body: str, line: int) -> Directive | None:
    """A Directive if the comment `body` is a privacylint-disable directive, else None."""
    m = _DIRECTIVE.match(body)
    if not m:
        return None
    rules = tuple(r for r in re.split(r"[\s,]+", m.group("rules")) if r)
    return Directive(rules, " ".join((m.group("reason") or "").split()), line)


@dataclass
class Document:
    """A parsed policy. Offsets index `text`; `line_of` maps them to source lines."""

    path: str
    format: str
    text: str
    blocks: list[Block]
    sections: list[Section]
    sentences: list[Sentence]
    segment_starts: list[int] = field(repr=False)
    segment_lines: list[int] = field(repr=False)
    source_lines: int = 1  # how many lines (pages, paragraphs) the source has
    location_unit: str = "line"  # what line_of counts: "line", or "page" (PDF), "paragraph" (DOCX)
    encoding: str = "utf-8"
    sha256: str = ""
    warnings: list[str] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)  # inline privacylint-disable comments
    # Table cells of more than one block (paragraphs, a list): the blocks after each one's first
    cell_continuations: set[int] = field(default_factory=set, repr=False)

    def line_of(self, offset: int) -> int:
        """The 1-based line of the original file that holds the character at `offset`."""
        if not self.segment_starts:
            return 1
        i = bisect_right(self.segment_starts, offset) - 1
        return self.segment_lines[max(i, 0)]

    # Computed on first use. Attributes rather than functools.cached_property, which needs an
    # instance __dict__: compiled (mypyc) classes have none, and it would recompute every time.
    # Set in __post_init__: compiled dataclasses leave the defaults of init=False fields unset.
    _folded: str | None = field(init=False, repr=False, compare=False)
    _folded_by_character: bool = field(init=False, repr=False, compare=False)
    _folded_let_go: bool = field(init=False, repr=False, compare=False)
    _sentence_starts: list[int] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._folded = None
        self._folded_by_character = False
        self._folded_let_go = False
        self._sentence_starts = None

    @property
    def folded(self) -> str:
        """The text as matching sees it (`fold_for_matching`), with the same offsets."""
        if self._folded is None:
            self._folded, self._folded_by_character = _fold(self.text)
            self._folded_let_go = False
        return self._folded

    def folded_between(self, start: int, end: int) -> str:
        """`folded[start:end]`; once the folded text was let go (`let_go_of_folded`), that
        stretch folded anew rather than the whole text."""
        if self._folded_let_go:
            return _fold_between(self.text, start, end, self._folded_by_character)
        return self.folded[start:end]

    def folded_stretches(self, chunk: int) -> Iterator[tuple[int, str]]:
        """(offset, the folded text from there) over the whole text in stretches of about
        `chunk` characters, each folded on its own (`folded_between`) and cut before a
        space, which is one in the folded text too and no word holds."""
        for start, end in cut_before_spaces(self.text, chunk):
            yield start, self.folded_between(start, end)

    def let_go_of_folded(self) -> None:
        """Stop holding the folded text: a long text's is megabytes, and once its words and
        regular-expression matches are found, matching reads a sentence of it at a time
        (`folded_between`)."""
        if self._folded is None and not self._folded_let_go:  # how `folded_between` must fold
            self._folded_by_character = any(
                len(self.text[start:end].lower()) != end - start
                for start, end in cut_before_spaces(self.text, _FOLD_STRETCH)
            )
        self._folded = None
        self._folded_let_go = True

    @property
    def sentence_starts(self) -> list[int]:
        """Each sentence's start offset, in order."""
        if self._sentence_starts is None:
            self._sentence_starts = [s.start for s in self.sentences]
        return self._sentence_starts

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence holding `offset` (the nearest one before it)."""
        return max(bisect_right(self.sentence_starts, offset) - 1, 0)

    def section_path(self, section: int) -> tuple[str, ...]:
        return self.sections[section].path if section >= 0 else ()

    def section_ancestors(self, section: int) -> list[int]:
        """The section and every section enclosing it, innermost first."""
        chain = []
        while section >= 0:
            chain.append(section)
            section = self.sections[section].parent
        return chain

    def heading_line(self, section: int) -> int:
        if section < 0:
            return 1
        return self.line_of(self.blocks[self.sections[section].heading].start)


# The ASCII white space that `str.split` splits on, other than the single space.
_ODD_ASCII_SPACES = ("  ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")


# Characters that are never seen: zero-width spaces and joiners, the word joiner, the BOM,
# soft hyphens, and the bidirectional marks and embeddings. Inside a word they would split
# it for matching ("com\u00adplaint"), so the builder drops them from the text.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# A right-to-left override (U+202E) shows the text after it reversed, up to the next pop
# (U+202C) or the end of the line: what the reader sees is not what the source spells.
_OVERRIDDEN = re.compile("\u202e[^\u202c\n]*\u202c?")


def drop_invisible(line: str) -> str:
    """The line without invisible characters and without right-to-left overridden runs."""
    if "\u202e" in line:
        line = _OVERRIDDEN.sub("", line)
    return _INVISIBLE.sub("", line)


def collapse_spaces(line: str) -> str:
    """The line trimmed, each run of white space one space: `" ".join(line.split())`
    (str.split's white space is re's \\s). Most lines of a policy are already so, and
    ten substring searches (memchr, in C) find that faster than splitting into words."""
    if line.isascii() and line[:1] != " " and line[-1:] != " ":
        for space in _ODD_ASCII_SPACES:
            if space in line:
                break
        else:
            return line
    return " ".join(line.split())


class DocumentBuilder:
    """Accumulates blocks from a parser and produces a Document.

    Each block is given as pieces of text with the source line each piece
    starts on; newlines inside a piece advance the line. Whitespace is
    collapsed, so the parser may pass source text as it is.
    """

    def __init__(self, path: str, fmt: str) -> None:
        self.path = path
        self.format = fmt
        self._parts: list[str] = []
        self._length = 0
        self._seg_starts: list[int] = []
        self._seg_lines: list[int] = []
        self._blocks: list[Block] = []
        self._sections: list[Section] = []
        self._open_sections: list[int] = []  # stack of section indexes by level
        self._row_starts: dict[int, int] = {}  # a table row's number (`new_row`) → its first block
        self._rows = 0
        self._cell_continuations: set[int] = set()
        self.directives: list[Directive] = []  # parsers append what they find in comments

    def add_block(
        self, kind: str, pieces: list[tuple[str, int]], level: int = 0, row: int = -1, continues_cell: bool = False
    ) -> None:
        """Append one block; empty (all-whitespace) blocks are dropped. `row` is the number
        `new_row` gave the table row a cell belongs to (-1 outside tables); `continues_cell`
        says the block is not the first of its cell (its second paragraph, a list in it)."""
        for text, _ in pieces:
            if text.strip():
                break
        else:
            return
        # Each piece emitted here, the lists and the length held in local names: a page's blocks
        # emit thousands of pieces, and a method call and its attribute reads for each cost
        # more than what it does.
        parts, seg_starts, seg_lines = self._parts, self._seg_starts, self._seg_lines
        length = self._length
        if length:
            parts.append("\n")
            length += 1
        start = length
        pending_space = False
        previous_line = pieces[0][1]
        for text, line in pieces:
            if line != previous_line:  # pieces on separate source lines are separate words
                pending_space = True
            previous_line = line + text.count("\n")
            for i, raw in enumerate(text.split("\n")):
                if not raw.isascii() and _INVISIBLE.search(raw):
                    raw = drop_invisible(raw)
                leading = raw[:1].isspace() if raw else False
                collapsed = collapse_spaces(raw)
                if i > 0 or leading:
                    pending_space = True
                if not collapsed:
                    if raw:
                        pending_space = True
                    continue
                if pending_space and length > start:
                    parts.append(" ")
                    length += 1
                if not seg_lines or seg_lines[-1] != line + i:
                    seg_starts.append(length)
                    seg_lines.append(line + i)
                parts.append(collapsed)
                length += len(collapsed)
                pending_space = raw[-1:].isspace()
        self._length = end = length
        if end == start:
            return
        if kind == "heading":
            self._open_section(len(self._blocks), start, end, max(level, 1))
        section = self._open_sections[-1] if self._open_sections else -1
        if row >= 0:
            # Numbered by its first block, so that a row's unit never equals another block's.
            row = self._row_starts.setdefault(row, len(self._blocks))
            if continues_cell and row < len(self._blocks):
                self._cell_continuations.add(len(self._blocks))
        self._blocks.append(Block(kind, start, end, section, level, row))

    def new_row(self) -> int:
        """A number for a table row the parser starts reading, to pass with each of its cells
        (a parser may read another table, nested, before the row's last cell)."""
        self._rows += 1
        return self._rows - 1

    def _open_section(self, block_index: int, start: int, end: int, level: int) -> None:
        while self._open_sections and self._sections[self._open_sections[-1]].level >= level:
            self._open_sections.pop()
        parent = self._open_sections[-1] if self._open_sections else -1
        title = self._text_since(start, end)
        path = (*self._sections[parent].path, title) if parent >= 0 else (title,)
        self._sections.append(Section(block_index, title, level, parent, path))
        self._open_sections.append(len(self._sections) - 1)

    def _text_since(self, start: int, end: int) -> str:
        # Only the tail of _parts can hold the current block; walk back to it.
        collected: list[str] = []
        position = self._length
        for part in reversed(self._parts):
            if position <= start:
                break
            collected.append(part)
            position -= len(part)
        tail = "".join(reversed(collected))
        return tail[start - position : end - position]

    def build(
        self,
        *,
        source_lines: int,
        location_unit: str = "line",
        encoding: str = "utf-8",
        sha256: str = "",
        warnings: list[str] | None = None,
    ) -> Document:
        text = "".join(self._parts)
        not_english = language_warning(text)
        sentences = [Sentence(s, e, i) for i, block in enumerate(self._blocks) for s, e in split_sentences(text, block)]
        return Document(
            path=self.path,
            format=self.format,
            text=text,
            blocks=self._blocks,
            sections=self._sections,
            sentences=sentences,
            segment_starts=self._seg_starts,
            segment_lines=self._seg_lines,
            source_lines=max(source_lines, 1),
            location_unit=location_unit,
            encoding=encoding,
            sha256=sha256,
            warnings=[*(warnings or []), *([not_english] if not_english else [])],
            directives=list(self.directives),
            cell_continuations=self._cell_continuations,
        )


def table_cell_pieces(heading: str, pieces: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """A table cell read with its column heading ("Location: United States"). The heading
    is given the cell's line, so that evidence found in the pair points at the row."""
    heading = heading.rstrip(": ")
    cell = "".join(text for text, _ in pieces)
    if not heading or not cell.strip() or " ".join(cell.split()) == heading:
        return pieces
    return [(f"{heading}: ", pieces[0][1]), *pieces]


# A word hyphenated across a line break by the layout ("inter-" / "ests"), as PDF exports
# and hard-wrapped text break them: the line ends in letters and a hyphen, the next line
# goes on in lower case.
_BROKEN_WORD_END = re.compile(r"(?<![\w-])([^\W\d_]+)-[ \t]*(\n?)$")
_CONTINUED_WORD = re.compile(r"[^\s]*")
# First parts of compounds that keep their hyphen when broken there ("third-" / "party",
# "e-" / "mail", "opt-" / "out"): rejoined without it they would not read as the words
# matching looks for. Any other word broken at a hyphen is one word ("automatical-" / "ly").
_COMPOUND_FIRST_PARTS = frozenset(
    [
        "third",
        "opt",
        "e",
        "non",
        "co",
        "re",
        "pre",
        "self",
        "well",
        "long",
        "short",
        "cross",
        "so",
        "sign",
        "log",
        "follow",
        "real",
        "up",
        "end",
        "multi",
        "sub",
        "anti",
        "post",
        "first",
        "double",
        "built",
        "high",
        "low",
        "full",
        "part",
        "one",
        "two",
        "in",
        "out",
        "on",
        "off",
        "by",
        "x",
        "ad",
        "age",
        "user",
        "machine",
        "decision",
        "privacy",
        "data",
        "cookie",
        "time",
        "case",
        "child",
        "parent",
        "year",
        "month",
        "day",
        "date",
        "read",
        "add",
    ]
)


def _join_broken_word(previous: str, text: str) -> tuple[str, str] | None:
    """(previous line with the broken word completed, the rest of the next line), or None
    when the previous line does not end in a word broken by a hyphen."""
    if not previous.endswith(("-", "-\n", "- ", "-\t")):
        return None
    broken = _BROKEN_WORD_END.search(previous)
    if not broken:
        return None
    completion = _CONTINUED_WORD.match(text)
    assert completion is not None
    fragment = broken.group(1)
    hyphen = "-" if fragment.lower() in _COMPOUND_FIRST_PARTS else ""
    joined = previous[: broken.start()] + fragment + hyphen + completion.group() + broken.group(2)
    return joined, text[completion.end() :]


class LineBlock:
    """Source lines gathered into one block (a paragraph or list item) until `flush`:
    how the line-oriented parsers (text, PDF) join wrapped lines."""

    def __init__(self, builder: DocumentBuilder) -> None:
        self.builder = builder
        self.pieces: list[tuple[str, int]] = []
        self.kind = "paragraph"

    def __bool__(self) -> bool:
        return bool(self.pieces)

    @property
    def last_line(self) -> str:
        return self.pieces[-1][0] if self.pieces else ""

    def add(self, text: str, line: int) -> None:
        if self.pieces and text[:1].islower():
            joined = _join_broken_word(self.pieces[-1][0], text)
            if joined:
                self.pieces[-1] = (joined[0], self.pieces[-1][1])
                text = joined[1]
                if not text.strip():
                    return
        self.pieces.append((text, line))

    def flush(self, next_kind: str = "paragraph") -> None:
        """Emit the gathered lines as one block; the next block will be of `next_kind`."""
        if self.pieces:
            self.builder.add_block(self.kind, self.pieces)
        self.pieces, self.kind = [], next_kind


# A sentence ends at . ! ? (optionally followed by a closing quote or bracket)
# before white space and an upper-case letter, digit, quote or bracket; or at a
# semicolon before white space and an upper-case letter. Plainly written, that is
#   [.!?]["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9]) | ;\s+(?=[A-Z])
# but a pattern that starts with one character class lets `re` skip ahead to the next
# . ! ? or ; instead of trying both branches at every character (3× faster).
_SENTENCE_END = re.compile(r"[.!?;](?:(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|(?<=;)\s+(?=[A-Z]))")
_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "llc",
        "plc",
        "no",
        "nos",
        "mr",
        "mrs",
        "ms",
        "miss",  # "The officer appointed is Miss. Jane Doe"
        "mx",
        "messrs",
        "prof",
        "dr",
        "st",
        "art",
        "arts",
        "para",
        "sec",
        "cal",  # "Cal. Civ. Code § 1798.140(e): auditing ..." is one sentence
        "civ",
        "regs",  # "Cal. Code Regs. tit. 11, § 7027(m)"
        "tit",
        "vs",
        "u.s",
        "u.k",
        "e.u",
        "p.o",  # "P.O. Box 8041"
        # street abbreviations before a house number in European addresses: "Gedimino pr. 55",
        # "ul. Długa 5" (Polish ulica), "Av. da Liberdade 110" ("Hauptstr. 5" is one word)
        "pr",
        "ul",
        "av",
        "al",  # "Laisvės al. 12" (alėja, aleja); "et al." ends no sentence in a privacy notice
        "l.p",  # "Example Media, L.P."
        "attn",
        "approx",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
_MAX_SENTENCE = 2000  # a run-on "sentence" longer than this is cut, keeping matching local


def split_sentences(text: str, block: Block) -> list[tuple[int, int]]:
    """Sentence spans inside one block (absolute offsets)."""
    if block.kind == "heading":
        return [(block.start, block.end)]
    spans = []
    start = block.start
    chunk = text[block.start : block.end]
    for m in _SENTENCE_END.finditer(chunk):
        stop = block.start + m.start()
        word = text[max(start, stop - 8) : stop].rsplit(" ", 1)[-1].lower().lstrip("(")
        if text[stop] == "." and (word in _ABBREVIATIONS or len(word) == 1):
            continue
        spans.append((start, stop + len(m.group().rstrip())))
        start = block.start + m.end()
    spans.append((start, block.end))
    result = []
    for s, e in spans:
        while e - s > _MAX_SENTENCE:
            cut = text.rfind(" ", s, s + _MAX_SENTENCE)
            cut = cut if cut > s else s + _MAX_SENTENCE
            result.append((s, cut))
            s = cut + 1 if text[cut : cut + 1] == " " else cut
        if e > s:
            result.append((s, e))
    return result
