"""Large policies are read a stretch at a time, to keep memory in proportion to the text:
what is found, and where, must not depend on where the stretches are cut."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from checker.re2text import EncodedText, compile_re2
from checker.tokens import TOKEN, word_spans

_TEXTS = st.one_of(
    st.text(alphabet="ab1'_ .-\n", max_size=80),  # ASCII: the byte table
    st.text(alphabet="ab1' .\u2019\u00e9", max_size=80),  # mostly ASCII: the table and the pattern
    st.text(alphabet="αβγ' .\n1", max_size=80),  # mostly beyond ASCII: the pattern alone
    st.text(max_size=80),
)


@given(_TEXTS, st.integers(min_value=1, max_value=12))
def test_tokens_are_the_same_whatever_the_stretch_length(text, chunk):
    starts, ends, words = word_spans(text, chunk=chunk)
    expected = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
    assert list(zip(starts, ends, words, strict=True)) == expected


def test_regex_offsets_in_a_long_text_beyond_ascii_are_character_offsets():
    # Matches over 64 KB of UTF-8 apart, with characters of 2, 3 and 4 bytes between them:
    # the characters are counted a stretch at a time (forwards, then back to the start for
    # the next search), and each stretch must end between characters.
    filler = "Données traitées — contact 🙂 ありがとう. " * 3000
    text = "privacy@exemple.fr " + filler + "dpo@exemple.fr " + filler + "fin@exemple.fr"
    encoded = EncodedText(text)
    for pattern in (r"[a-z]+@[a-z]+\.fr", r"@[a-z]+"):
        found = list(encoded.spans(compile_re2(pattern)))
        assert found == [m.span() for m in re.finditer(pattern, text)] and len(found) == 3
    assert [text[start:end] for start, end in found] == ["@exemple"] * 3
