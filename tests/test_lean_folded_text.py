"""A text matched lean lets its folded copy, the copy's UTF-8 bytes and the list of its words
go once they are read (megabytes each in a long text), and rules then read a sentence of
the folded text at a time. Every stretch read so must be what the whole folded text holds
there, and the report the one the text gets with everything kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker import match_context
from checker.document import fold_for_matching
from checker.engine import check_document
from checker.packs import load_packs
from checker.re2text import EncodedText
from checker.reading import parse_text
from checker.tokens import CHUNK_CHARACTERS, tokenize

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "privacy-policy.md"


@pytest.fixture(scope="module")
def packs():
    return load_packs()


@given(
    st.text(alphabet="aAbΣσςΑΒİ' \n\u2019\u00a0\u2013\u0301.", max_size=60),
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=0, max_value=60),
)
def test_a_stretch_folded_alone_is_that_stretch_of_the_whole_folded_text(text, start, end):
    # The Greek final sigma depends on the letters around it; 'İ' grows when lower-cased,
    # and then the whole text is lower-cased a character at a time.
    start, end = sorted((min(start, len(text)), min(end, len(text))))
    doc = parse_text("x", "p.txt", "text")
    doc.text = text
    whole = doc.folded
    assert doc.folded_between(start, end) == whole[start:end]
    doc.let_go_of_folded()
    assert doc.folded_between(start, end) == whole[start:end]
    assert doc._folded is None  # it was not folded whole again
    assert doc.folded == fold_for_matching(text)


def test_a_long_texts_words_found_a_folded_stretch_at_a_time_are_its_words():
    text = ("ΟΔΟΣ “Quoted” İstanbul data—shared\n" * 4 + EXAMPLE.read_text("utf-8")) * 30
    assert len(text) > 2 * CHUNK_CHARACTERS
    doc = parse_text(text, "long.md", "markdown")
    whole = tokenize(doc)
    doc.let_go_of_folded()
    stretched = tokenize(doc, compact=True)
    assert list(stretched.starts) == list(whole.starts)
    assert list(stretched.ends) == list(whole.ends)
    assert list(stretched.words) == whole.words  # read as a list (kept as numbers)
    assert [stretched.words[k] for k in range(len(whole.words))] == whole.words
    assert list(stretched.sentences) == list(whole.sentences)


def test_a_long_text_beyond_latin1_gets_the_report_it_would_get_with_everything_kept(packs, monkeypatch):
    # Curly quotes, dashes and a Greek heading make the text two bytes a character; the
    # e-mail address, the date and the regular expressions are found before the folded
    # text goes.
    example = EXAMPLE.read_text("utf-8").replace("'", "\u2019")
    text = "# Πολιτική ΑΠΟΡΡΗΤΟΥ\n\nLast updated: 3 March 2026 — write to privacy@example.org.\n\n" + example * 40
    assert len(text) > 3 * CHUNK_CHARACTERS
    kept = check_document(parse_text(text, "long.md", "markdown"), packs)
    monkeypatch.setattr(match_context, "LEAN_CHARACTERS", CHUNK_CHARACTERS)
    doc = parse_text(text, "long.md", "markdown")
    lean = check_document(doc, packs)
    assert doc._folded is None  # let go, and never folded whole again
    assert [r.status for r in lean.results].count("pass") > 10
    assert lean == kept


def test_utf8_of_a_long_text_is_encoded_a_stretch_at_a_time_as_at_once():
    text = ("déjà vu — “ΟΔΟΣ” ok " * 9000)[:-1]
    assert EncodedText(text).data == text.encode("utf-8")
