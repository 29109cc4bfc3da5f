"""A long text's phrases are found by the automaton a stretch of words at a time, its state
carried from one stretch to the next: a phrase that straddles two stretches must be found
as it is when the text is read in one piece."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker import phrases
from checker.packs import load_packs
from checker.phrases import span_hits
from checker.reading import parse_text
from checker.tokens import tokenize

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "privacy-policy.md"


@pytest.fixture(scope="module")
def packs():
    return load_packs()


@pytest.mark.parametrize("stretch", [1, 2, 7, 64, 1000])
def test_phrases_across_stretches_are_found_as_in_one_piece(packs, monkeypatch, stretch):
    text = EXAMPLE.read_text("utf-8") * 2
    tokens = tokenize(parse_text(text, "policy.md", "markdown"))
    index = packs.phrase_index
    whole = index.find_all(tokens)
    longer = [h for hits in whole for h in hits if h.last > h.first]
    assert len(longer) > 100  # phrases of several words, so that many straddle a boundary
    monkeypatch.setattr(phrases, "_SYMBOL_STRETCH", stretch)
    shift, spans = index.find_spans(tokens)
    for group, hits in enumerate(whole):
        assert span_hits(tokens, spans[group], shift) == hits
