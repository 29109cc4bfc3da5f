"""RE2 searches over a document's text, encoded to UTF-8 once per document.

RE2 matches bytes. Handed a `str`, the `re2` module encodes the whole text
again on every search and converts each match's byte offsets back to
characters in Python code; with a dozen regular expressions and extractors
per policy, that was a tenth of the engine's time. `EncodedText` encodes once,
and converts offsets by counting characters from the previous match (in most
policies the text is ASCII only, and byte and character offsets are the same).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

import re2

_DECODED_AT_ONCE = 1 << 16  # bytes


class RegexError(ValueError):
    """A pattern RE2 does not accept, said in a sentence (not re2's bytes message)."""


def compile_re2(pattern: str, *, case_sensitive: bool = True) -> Any:
    """Compile with RE2 (linear time), its errors raised rather than logged to stderr."""
    options = re2.Options()
    options.case_sensitive = case_sensitive
    options.max_mem = 8 << 20
    options.log_errors = False  # the error becomes a one-line pack error, not a log line on stderr
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        raise RegexError(re2_problem(exc)) from None


_UNSUPPORTED = (
    "look-arounds and back-references are not supported (RE2 keeps matching linear in time); "
    "match the words themselves, or combine matchers with `all`, `near` and `not`"
)


def re2_problem(exc: Exception) -> str:
    """re2's error (`b'invalid perl operator: (?<='`) as what is wrong and what to do."""
    raw = exc.args[0] if exc.args else str(exc)
    problem = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    kind, _, where = problem.partition(": ")
    if kind == "invalid perl operator" and where.startswith(("(?=", "(?!", "(?<=", "(?<!")):
        name = "look-behind" if where.startswith("(?<") else "look-ahead"
        return f"`{where}` is a {name}: {_UNSUPPORTED}"
    if kind == "invalid escape sequence" and where[1:2].isdigit():
        return f"`{where}` is a back-reference: {_UNSUPPORTED}"
    if kind == "bad repetition operator" and where.endswith("+") and len(where) == 2:
        return f"possessive quantifier `{where}` is not supported by RE2; write `{where[0]}` (RE2 never backtracks)"
    if kind == "invalid repetition size":
        return f"repetition `{where}` is too large for RE2 (at most 1000); use a smaller bound or `+`"
    return f"{problem} (RE2 syntax: https://github.com/google/re2/wiki/Syntax)"


_ENCODED_AT_ONCE = 1 << 16  # characters


def _utf8(text: str) -> bytes:
    """`text.encode("utf-8")`, of a long text beyond ASCII a stretch at a time: encoding
    makes room for three bytes a character first (in a text of two bytes a character), 7.5
    MiB for 2.6 million characters, most of them one byte."""
    if len(text) <= _ENCODED_AT_ONCE or text.isascii():
        return text.encode("utf-8")
    return utf8_of_stretches(text[start : start + _ENCODED_AT_ONCE] for start in range(0, len(text), _ENCODED_AT_ONCE))


def utf8_of_stretches(stretches: Iterable[str]) -> bytes:
    """The UTF-8 bytes of a text given a stretch at a time, which is never whole."""
    buffer = io.BytesIO()
    for stretch in stretches:
        buffer.write(stretch.encode("utf-8"))
    return buffer.getvalue()


class EncodedText:
    """A text and its UTF-8 bytes, searched by RE2 patterns with offsets in characters.

    A long text may be held as its bytes alone (`text` None, `data` given: a folded copy of
    two bytes a character is megabytes): a match's groups are then decoded from them."""

    __slots__ = ("_cursor", "_is_ascii", "compiled_per_search", "data", "text", "unmatchable")

    def __init__(self, text: str | None, data: bytes = b"") -> None:
        self.text = text
        self.data = _utf8(text) if text is not None else data
        # Then byte and character offsets are the same.
        self._is_ascii = text.isascii() if text is not None else data.isascii()
        self._cursor = (0, 0)  # the last offset converted, in bytes and in characters
        # Patterns known to match nowhere in the text (a `PatternScreen` said so): searched, they find nothing.
        self.unmatchable: frozenset[str] = frozenset()
        # Each pattern compiled anew for each search, for a long text: RE2 keeps a pattern's
        # DFA cache, which grows with what it reads (megabytes in a long text), for as long as
        # the compiled pattern lives; the packs' patterns live as long as the process.
        self.compiled_per_search = False

    @property
    def is_ascii(self) -> bool:
        return self._is_ascii

    def char_offset(self, byte_offset: int) -> int:
        """The character offset of a byte offset that falls between characters."""
        if self._is_ascii:
            return byte_offset
        # Matches come in order, so counting the characters between the last offset
        # converted and this one (decoding in C) costs one pass over the text per search.
        # No table is built: a policy in Greek or Russian would need one entry per word.
        byte_cursor, char_cursor = self._cursor
        if byte_offset >= byte_cursor:
            char = char_cursor + self._characters(byte_cursor, byte_offset)
        else:
            char = char_cursor - self._characters(byte_offset, byte_cursor)
        self._cursor = (byte_offset, char)
        return char

    def _characters(self, start: int, end: int) -> int:
        """How many characters the bytes from `start` to `end` hold (both between characters).

        Decoded a stretch at a time: each search goes back from the end of the text to its
        first match, and decoding that at once held a copy of the text of up to 4 bytes a
        character."""
        data, count = self.data, 0
        while end - start > _DECODED_AT_ONCE:
            cut = start + _DECODED_AT_ONCE
            while data[cut] & 0xC0 == 0x80:  # a continuation byte: cut before its character
                cut -= 1
            count += len(data[start:cut].decode("utf-8"))
            start = cut
        return count + len(data[start:end].decode("utf-8"))

    def spans(self, pattern: Any) -> Iterator[tuple[int, int]]:
        """Where `pattern` matches, as character offsets, empty matches left out."""
        char_offset = self.char_offset
        for match in self._search(pattern):
            start, end = match.span()
            if end > start:
                yield char_offset(start), char_offset(end)

    def matches(self, pattern: Any) -> Iterator[Match]:
        names = pattern.groupindex  # computed by re2 on each access
        for match in self._search(pattern):
            yield Match(self, names, match)

    def _search(self, pattern: Any) -> Iterator[Any]:
        """re2's matches on the bytes, stepping over an empty match by a character, not a byte
        (as re2 does on a `str`): the next search never starts inside a character."""
        if pattern.pattern in self.unmatchable:
            return
        if self.compiled_per_search:
            pattern = _compiled_for_one_search(pattern)
        if self._is_ascii:
            yield from pattern.finditer(self.data)
            return
        data, position = self.data, 0
        while position <= len(data):
            match = pattern.search(data, position)
            if match is None:
                return
            yield match
            start, end = match.span()
            position = end
            if end == start:
                position += 1
                while position < len(data) and data[position] & 0xC0 == 0x80:  # a continuation byte
                    position += 1


# What RE2 may take for a pattern compiled for one search of a long text (its DFA cache most
# of it): when the cache fills, RE2 empties it and goes on, with the same matches.
ONE_SEARCH_MEMORY = 1 << 18


# `re2.compile` keeps the last 128 patterns it compiled, each with its DFA cache: a pattern
# compiled for one search stayed so, the cache of its scan too (3 MiB for bench's 5 MB
# Markdown document, through every rule). Its class compiles without keeping.
_UNCACHED_PATTERN = getattr(re2, "_Regexp", None)


def _compiled_for_one_search(pattern: Any) -> Any:
    options = re2.Options()
    for name in re2.Options.NAMES:
        setattr(options, name, getattr(pattern.options, name))
    options.max_mem = ONE_SEARCH_MEMORY
    if _UNCACHED_PATTERN is None:  # a binding without it: compiled and kept, the same matches
        return re2.compile(pattern.pattern, options)
    return _UNCACHED_PATTERN(pattern.pattern, options)


class Match:
    """An RE2 match on an `EncodedText`, read like an `re.Match` (offsets in characters,
    groups as `str`), by group number or name."""

    __slots__ = ("_match", "_names", "_text")

    def __init__(self, text: EncodedText, names: dict[str, int], match: Any) -> None:
        self._text, self._names, self._match = text, names, match

    def span(self, group: int | str = 0) -> tuple[int, int]:
        if isinstance(group, str):
            group = self._names[group]
        start, end = self._match.span(group)
        if start < 0:
            return -1, -1
        return self._text.char_offset(start), self._text.char_offset(end)

    def start(self, group: int | str = 0) -> int:
        return self.span(group)[0]

    def end(self, group: int | str = 0) -> int:
        return self.span(group)[1]

    def group(self, group: int | str = 0) -> str | None:
        text = self._text.text
        if text is None:  # held as its bytes alone
            number = self._names[group] if isinstance(group, str) else group
            start, end = self._match.span(number)
            return None if start < 0 else self._text.data[start:end].decode("utf-8")
        start, end = self.span(group)
        return None if start < 0 else text[start:end]

    def groupdict(self) -> dict[str, str | None]:
        return {name: self.group(number) for name, number in self._names.items()}


class PatternScreen:
    """Which of a pack set's regular expressions (and the extractors' date and duration
        patterns) cannot match a text, found by a few RE2 `Set` scans instead of a search per
        pattern.

        Most patterns find nothing in most policies (of the packs' 31, about 7 match in a
        typical one), yet each search reads the whole text. A `Set` reads it once for all of them and says
        which match somewhere; only those are then searched for their spans, so the results
        are the same. A pattern whose program is large (counted repetitions such as
        `[^:]{0,60}`) would multiply the `Set` DFA's states until its memory runs out: its
        open form (`unbounded`) stands in for it, which matches wherever it does; one still
        too large is always searched. The `Set` matches regardless of case: a pattern
    compiled case-sensitively matches less, never more, so it is screened safely too.
    Compiled on first use: a `Set` does not pickle."""

    __slots__ = ("_compiled", "_screens", "patterns")

    def __init__(self, patterns: list[str]) -> None:
        self.patterns = tuple(dict.fromkeys(patterns))
        self._compiled = False
        # (a compiled Set, the patterns it screens, whether it screens them by their open forms)
        self._screens: tuple[tuple[Any, tuple[str, ...], bool], ...] = ()

    def __reduce__(self) -> tuple[Any, tuple[list[str]]]:
        # Rebuilt from its patterns: the compiled Set does not pickle, and mypyc-compiled
        # classes are unpickled through their constructor.
        return PatternScreen, (list(self.patterns),)

    def _compile(self) -> None:
        self._screens = self._compiled_screens(open_forms_wanted=True)
        self._compiled = True

    def _compiled_screens(
        self, open_forms_wanted: bool, memory: int = 0, per_set: int = 0
    ) -> tuple[tuple[Any, tuple[str, ...], bool], ...]:
        options = re2.Options()
        options.case_sensitive = False
        options.max_mem = memory or SCREEN_MEMORY
        options.log_errors = False
        small: list[str] = []
        large: list[str] = []
        open_forms: list[str] = []
        for pattern in self.patterns:
            if _program_size(pattern, options) <= SCREEN_PROGRAM_SIZE:
                small.append(pattern)
                continue
            open_form = unbounded(pattern)
            if open_form != pattern and _program_size(open_form, options) <= SCREEN_PROGRAM_SIZE:
                large.append(pattern)
                open_forms.append(open_form)
        # The open forms get a `Set` of their own: in one with the small patterns, their
        # `[^:\n]*` multiplied its DFA's states a hundredfold, and its scan took as long.
        screens: list[tuple[Any, tuple[str, ...], bool]] = []
        for screened, stand_ins in ((small, small), (large, open_forms)):
            by_open_forms = stand_ins is open_forms
            # A Set of one pattern costs what its search does; an open form costs far less.
            if (len(screened) > 1 or (screened and by_open_forms)) and (open_forms_wanted or not by_open_forms):
                # A few Sets of at most SCREEN_SET_PATTERNS each: one DFA for all the small
                # patterns needs more states than its budget holds, and rebuilds them all along
                # the text (see SCREEN_SET_PATTERNS).
                size = per_set or SCREEN_SET_PATTERNS
                for at in range(0, len(screened), size):
                    _add_screens(screens, options, screened[at : at + size], stand_ins[at : at + size], by_open_forms)
        return tuple(screens)

    def impossible(self, text: EncodedText, long_text: bool = False) -> frozenset[str]:
        """The patterns that match nowhere in `text` (any pattern not screened may match).

        A `Set`'s DFA grows with the text it reads, to megabytes on a long text, and stays
        as long as the `Set`: for a `long_text`, the `Set` is compiled for this scan alone
        and the large patterns are not screened (the open forms' DFA grows most), while
        each search of a long text is compiled with a small budget of its own."""
        if long_text:
            # (one `Set` of them all, as its budget is its peak: compiled for one scan, it keeps no states)
            screens = self._compiled_screens(
                open_forms_wanted=False, memory=LONG_TEXT_SCREEN_MEMORY, per_set=len(self.patterns)
            )
        else:
            if not self._compiled:
                self._compile()
            screens = self._screens
        ruled_out: set[str] = set()
        for screen, screened, _ in screens:
            matched = screen.Match(text.data)
            # The binding answers None both for "none matches" and for "the DFA ran out of
            # memory"; a pattern that matches in every text (number 0) tells them apart: without
            # it, nothing is ruled out, and every pattern is searched.
            if matched:
                ruled_out.update(screened)
                ruled_out.difference_update([screened[i - 1] for i in matched if i])
        return frozenset(ruled_out)


def _add_screens(
    screens: list[tuple[Any, tuple[str, ...], bool]],
    options: Any,
    screened: list[str],
    stand_ins: list[str],
    by_open_forms: bool,
) -> None:
    """A `Set` of `stand_ins` appended to `screens`; when RE2 cannot compile them together
    within the memory budget (more patterns than a long text's one `Set` holds), two `Set`s of
    half as many each, and so on. A pattern that cannot be compiled even alone is left out:
    an unscreened pattern is searched, so the screen only ever costs time, never a match."""
    screen = re2.Set.SearchSet(options)
    screen.Add(_EVERYWHERE)
    for stand_in in stand_ins:
        screen.Add(stand_in)
    try:
        screen.Compile()
    except re2.error:
        if len(stand_ins) > 1:
            half = len(stand_ins) // 2
            _add_screens(screens, options, screened[:half], stand_ins[:half], by_open_forms)
            _add_screens(screens, options, screened[half:], stand_ins[half:], by_open_forms)
        return
    screens.append((screen, tuple(screened), by_open_forms))


# Matches at the start of every text, the empty one too (the empty pattern would match
# at every position, and slowed the scan by half).
_EVERYWHERE = r"\A"


def unbounded(pattern: str) -> str:
    """`pattern` with each counted repetition `{m,n}` made open (`*`, or `+` when m > 0):
    it matches wherever the pattern does, and more. Its program is a fraction of the size
    (`[^:\n]{0,60}` alone makes ~1,200 instructions), small enough for the screening `Set`:
    where the open form matches nowhere, neither does the pattern. Escaped characters and
    character classes are copied as they are."""
    out: list[str] = []
    position, length = 0, len(pattern)
    while position < length:
        char = pattern[position]
        end = position + 1
        if char == "\\":
            end = position + 2
        elif char == "[":
            end = _class_end(pattern, position)
        elif char == "{":
            counted = _COUNTED.match(pattern, position)
            if counted is not None:
                out.append("*" if counted.group(1) == "0" else "+")
                position = counted.end()
                continue
        out.append(pattern[position:end])
        position = end
    return "".join(out)


def _class_end(pattern: str, start: int) -> int:
    """Where the character class opening at `start` ends (after its `]`; a `]` first in
    the class is one of its characters)."""
    position = start + 1
    if pattern.startswith("^", position):
        position += 1
    if pattern.startswith("]", position):
        position += 1
    while position < len(pattern) and pattern[position] != "]":
        position += 2 if pattern[position] == "\\" else 1
    return position + 1


_COUNTED = re.compile(r"\{(\d+),(\d+)\}")
SCREEN_MEMORY = 8 << 20
# The patterns one screening `Set` holds at most. The DFA of a `Set` has a state for each
# combination of its patterns' partial matches that the text leads to: for the packs' 115
# small patterns in one `Set`, more than its 8 MiB hold, so it emptied its state cache and
# built the states again over and over through each text. Eight `Set`s of 16 keep their
# states across texts and rule out the same patterns: on every 4th corpus policy, warm,
# 6.5 → 0.7 ms of CPU a policy (32 a `Set`: 3 ms, their DFAs still too large).
SCREEN_SET_PATTERNS = 16
# The budget of a `Set` compiled for one scan of a long text: its DFA filled 6 MiB of the
# C heap scanning bench's 5 MB Markdown document, the peak of its check. With 2 MiB it
# empties its cache and goes on, ruling out the same patterns (a full cache is emptied;
# a Set that gives up rules out none): 0.2 s → 0.5 s on that document.
LONG_TEXT_SCREEN_MEMORY = 2 << 20
# The RE2 program size (instructions) up to which a pattern joins the screening Set: the
# packs' patterns are 10 to 500, and a `[^:\n]{0,60}` part alone makes ~1,200.
SCREEN_PROGRAM_SIZE = 500


def _program_size(pattern: str, options: Any) -> int:
    try:
        return int(re2.compile(pattern, options).programsize)
    except re2.error:
        return SCREEN_PROGRAM_SIZE + 1  # not screened: its own compile reports the problem
