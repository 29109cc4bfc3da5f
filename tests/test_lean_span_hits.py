"""A long text's phrase lists are read as their spans (`SpanHits`), each hit made when it is
read: whatever a matcher does with them (iterates, indexes, filters, merges lists), it must
see the hits the lists would hold if they were made at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.matchers import _merged_by_span
from checker.packs import load_packs
from checker.phrases import SpanHits, span_hits, union_of_spans
from checker.reading import parse_text
from checker.tokens import tokenize

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "privacy-policy.md"


@pytest.fixture(scope="module")
def found():
    packs = load_packs()
    tokens = tokenize(parse_text(EXAMPLE.read_text("utf-8") * 3, "policy.md", "markdown"))
    shift, spans = packs.phrase_index.find_spans(tokens)
    lists = [SpanHits(tokens, group_spans, shift) for group_spans in spans]
    return tokens, shift, [hits for hits in lists if len(hits)]


def test_a_phrase_lists_spans_read_as_the_hits_made_at_once(found):
    tokens, shift, lists = found
    assert sum(map(len, lists)) > 300
    for hits in lists:
        made = span_hits(tokens, hits.spans, shift)
        assert list(hits) == made
        assert list(hits) == made  # read again: the same hits
        assert [hits[k] for k in range(len(hits))] == made
        assert hits[-1] == made[-1]


def test_a_filtered_phrase_list_keeps_the_hits_asked_for_in_order(found):
    _, _, lists = found
    hits = max(lists, key=len)
    every_other = hits.kept(k % 2 == 0 for k in range(len(hits)))
    assert list(every_other) == list(hits)[::2]
    assert len(hits.kept(False for _ in hits)) == 0


def test_phrase_lists_merged_as_spans_are_what_any_makes_of_their_hits(found):
    _, _, lists = found
    parts = sorted(lists, key=len)[-5:]  # the longest lists, which share many spans
    merged = union_of_spans(parts)
    as_hits = _merged_by_span([list(hits) for hits in parts])
    assert list(merged) == as_hits
    assert len(merged) < sum(map(len, parts))  # spans found by several lists counted once
