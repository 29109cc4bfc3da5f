"""RE2 searches over a document's text, encoded to UTF-8 once per document.

RE2 matches bytes. Handed a `str`, the `re2` module encodes the whole text
again on every search and converts each match's byte offsets back to
characters in Python code; with a dozen regular expressions and extractors
per policy, that was a tenth of the engine's time. `EncodedText` encodes once,
and converts offsets with a table of the text's non-ASCII characters (none, in
most policies, so byte and character offsets are the same).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from typing import Any

import re2

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def compile_re2(pattern: str, *, case_sensitive: bool = True) -> Any:
    """Compile with RE2 (linear time), its errors raised rather than logged to stderr."""
    options = re2.Options()
    options.case_sensitive = case_sensitive
    options.max_mem = 8 << 20
    options.log_errors = False  # the error becomes a one-line pack error, not a log line on stderr
    return re2.compile(pattern, options)


class EncodedText:
    """A text and its UTF-8 bytes, searched by RE2 patterns with offsets in characters."""

    __slots__ = ("_extra_before", "_multibyte_starts", "data", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.data = text.encode("utf-8")
        # For each non-ASCII character: where its bytes start, and how many bytes beyond one
        # per character come before it; a byte offset minus those is a character offset.
        self._multibyte_starts: list[int] = []
        self._extra_before: list[int] = [0]
        if len(self.data) != len(text):
            extra = 0
            for run in _NON_ASCII.finditer(text):
                for index, character in enumerate(run.group(), start=run.start()):
                    self._multibyte_starts.append(index + extra)
                    extra += len(character.encode("utf-8")) - 1
                    self._extra_before.append(extra)

    def char_offset(self, byte_offset: int) -> int:
        """The character offset of a byte offset that falls between characters."""
        if not self._multibyte_starts:
            return byte_offset
        return byte_offset - self._extra_before[bisect_left(self._multibyte_starts, byte_offset)]

    def spans(self, pattern: Any) -> Iterator[tuple[int, int]]:
        """Where `pattern` matches, as character offsets, empty matches left out."""
        char_offset = self.char_offset
        for match in pattern.finditer(self.data):
            start, end = match.span()
            if end > start:
                yield char_offset(start), char_offset(end)

    def matches(self, pattern: Any) -> Iterator[Match]:
        names = pattern.groupindex  # computed by re2 on each access
        for match in pattern.finditer(self.data):
            yield Match(self, names, match)


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
        start, end = self.span(group)
        return None if start < 0 else self._text.text[start:end]

    def groupdict(self) -> dict[str, str | None]:
        return {name: self.group(number) for name, number in self._names.items()}
