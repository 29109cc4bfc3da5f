"""The language check reads a policy's opening words a stretch at a time (checker/language.py);
it must find the same words, and the same language, as reading the whole text word by word."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from checker import language
from checker.language import _COMMON_WORDS, _WORD, _WORDS_READ, foreign_language


def _reference(text: str, fewest_words: int = language._FEWEST_WORDS) -> str | None:
    """The check as first written: every word lowered and looked up in every language."""
    counts = dict.fromkeys(_COMMON_WORDS, 0)
    read = 0
    for match in _WORD.finditer(text):
        word = match.group(0).lower()
        for name, words in _COMMON_WORDS.items():
            if word in words:
                counts[name] += 1
        read += 1
        if read == _WORDS_READ:
            break
    if read < fewest_words:
        return None
    name = max(counts, key=lambda n: counts[n])
    if name == "English" or counts[name] < language._MARGIN * counts["English"] or counts[name] < max(3, read // 10):
        return None
    return name


_VOCABULARY = [*sorted({w for words in _COMMON_WORDS.values() for w in words}), "İstanbul", "DIE", "Données", "x" * 40]
_SEPARATORS = [" ", "  ", ", ", "\n", "-", "12", "_", "’"]


@st.composite
def _texts(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.sampled_from(_VOCABULARY), min_size=0, max_size=900))
    glue = draw(st.lists(st.sampled_from(_SEPARATORS), min_size=1, max_size=4))
    return "".join(piece + glue[i % len(glue)] for i, piece in enumerate(pieces))


@given(_texts(), st.sampled_from([0, 5, 150]))
def test_opening_words_and_language_as_read_word_by_word(text: str, fewest: int) -> None:
    assert language._opening_words(text) == [m.group(0) for m in _WORD.finditer(text)][:_WORDS_READ]
    assert foreign_language(text, fewest) == _reference(text, fewest)


def test_a_long_text_without_spaces_is_read_whole() -> None:
    text = "und-die-der-" * 700
    assert language._opening_words(text) == re.findall(r"[^\W\d_]+", text)[:_WORDS_READ]
    assert foreign_language(text) == _reference(text) == "German"
