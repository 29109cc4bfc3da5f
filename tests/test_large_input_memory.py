"""A text longer than one stretch is folded a stretch at a time, keeps its phrase occurrences
as compact spans, and lets each matcher's hits go after the last rule that reads them, to
keep memory in proportion to the text. The report must be the one the text would get if
everything were kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker import document, match_context
from checker.document import fold_for_matching
from checker.engine import check_document
from checker.hits import Hit
from checker.matchers import _merged_by_span
from checker.packs import load_packs
from checker.phrases import span_hits
from checker.reading import parse_text
from checker.tokens import CHUNK_CHARACTERS, tokenize

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "privacy-policy.md"


@pytest.fixture(scope="module")
def packs():
    return load_packs()


def _long_policy() -> str:
    """The example policy and variations of it, well over one stretch of text."""
    example = EXAMPLE.read_text("utf-8")
    parts = [example]
    variations = [
        "We do not sell your personal information. You can opt out of sharing at any time.",
        "Children under 13: we do not knowingly collect data from children.",
        "Contact our Data Protection Officer at dpo@example.org or write to us.",
        "We keep account data for 6 years after you close your account, then delete it.",
    ]
    copy = 0
    while sum(map(len, parts)) <= 3 * CHUNK_CHARACTERS:
        copy += 1
        parts.append(f"\n\n## Annex {copy}\n\n{variations[copy % len(variations)]}\n\n{example}")
    return "".join(parts)


def test_phrase_spans_of_a_long_text_give_the_hits_found_whole(packs):
    doc = parse_text(_long_policy(), "long.md", "markdown")
    tokens = tokenize(doc)
    index = packs.phrase_index
    whole = index.find_all(tokens)
    shift, spans = index.find_spans(tokens)
    assert len(spans) == len(whole)
    assert sum(map(len, whole)) > 1000  # the policy's phrases are there, many times over
    for group, hits in enumerate(whole):
        assert span_hits(tokens, spans[group], shift) == hits


def test_a_long_policy_gets_the_report_it_would_get_with_every_hit_kept(packs, monkeypatch):
    text = _long_policy()
    # Every phrase hit made at once, every matcher's hits kept (as for any real policy) ...
    assert len(text) < match_context.LEAN_CHARACTERS
    kept = check_document(parse_text(text, "long.md", "markdown"), packs)
    # ... and the same text matched lean, as the longest ones are.
    monkeypatch.setattr(match_context, "LEAN_CHARACTERS", CHUNK_CHARACTERS)
    doc = parse_text(text, "long.md", "markdown")
    assert match_context.MatchContext(doc, packs.phrase_index).lean
    lean = check_document(doc, packs)
    assert [r.status for r in lean.results].count("pass") > 10
    assert lean == kept


@given(
    st.text(alphabet="aAbΣσςΑΒİ' \u2019\u00a0\u2013\u0301.", max_size=60),
    st.integers(min_value=1, max_value=8),
)
def test_a_long_text_is_folded_as_it_would_be_whole(text, stretch):
    # Folded a stretch at a time, each cut before a space: the Greek final sigma (which
    # depends on the letters around it) and characters that grow when lower-cased ('İ')
    # come out as when the whole text is folded at once.
    whole = fold_for_matching(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(document, "_FOLD_STRETCH", stretch)
        assert fold_for_matching(text) == whole
    assert len(whole) == len(text)


_SPANS = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 5), st.integers(0, 3), st.sampled_from([None, {"date": "2026"}])),
    max_size=25,
)


@given(st.lists(_SPANS, min_size=1, max_size=4))
def test_any_merges_many_hits_as_it_keys_a_few(parts):
    # `any` over many hits merges its parts' lists instead of keying each hit by its span:
    # the same hits, one per span (the last part's), in span order, whether or not a part's
    # list is in order.
    found = [[Hit(start, start + length, sentence, value) for start, length, sentence, value in part] for part in parts]
    keyed = {(h.start, h.end, h.sentence): h for hits in found for h in hits}
    assert _merged_by_span(found) == [keyed[span] for span in sorted(keyed)]
