"""Work the engine skips or shares for speed must never change a result: the regular
expressions a one-scan screen rules out, and applicability decided once per condition."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.engine import check_document, evaluate_rule, resolve_settings
from checker.extractors import EXTRACTORS
from checker.hits import HIT_SPAN, HIT_START_END, new_hit
from checker.match_context import MatchContext
from checker.matchers import _in_span_order, _united_by_span, compile_regex
from checker.packs import SCREENABLE_PATTERNS, load_packs, regex_patterns
from checker.re2text import SCREEN_PROGRAM_SIZE, EncodedText, PatternScreen, unbounded
from checker.reading import parse_text

POLICY = """# Privacy notice

Last updated: March 3, 2025. Acme Widgets GmbH, 12 Hauptstrasse, Berlin, runs this shop.

## What we collect

We collect your name and e-mail address to deliver orders. Residents of California
have the right to know what personal information we have collected about them.

## Your rights

Right of access: you can ask us for a copy of your data.
Deletion: you can ask us to delete your data.

## Children

Our service is not directed to children under 13. We do not sell personal information.

## How long we keep data

We keep order records for six years.
"""

NON_ASCII = "Dürfen wir Ihre Daten löschen? Right to erasure: délai de conservation 30 jours, Straße 5."


def test_screen_rules_out_only_patterns_that_match_nowhere():
    patterns = [r"\bdated\b", r"(?m)^\s*retention\b", r"\bcollect\b", r"rights?", r"\b1798\.1[0-9]{2}\b"]
    screen = PatternScreen(patterns)
    text = EncodedText(POLICY.lower())
    assert screen.impossible(text) == {r"\bdated\b", r"(?m)^\s*retention\b", r"\b1798\.1[0-9]{2}\b"}


def test_screen_rules_out_a_large_pattern_by_its_open_form():
    # A counted repetition makes a program too large to screen: its open form (`*` for
    # `{0,60}`) is screened instead, which matches wherever the pattern does.
    large = r"(?m)^\s*[^:\n]{0,60}\b(sold|sale)\b[^:\n]{0,60}:"
    assert compile_regex(large).programsize > SCREEN_PROGRAM_SIZE
    screen = PatternScreen([large, r"\bdated\b", r"\bcollect\b"])
    assert screen.impossible(EncodedText(POLICY.lower())) == {large, r"\bdated\b"}
    # "sold" far into a line: the open form matches, the pattern (60 characters at most
    # before it) does not; the screen keeps it, and the search finds nothing.
    far = EncodedText(("x" * 80 + " data sold to: partners\nwe collect data").lower())
    assert screen.impossible(far) == {r"\bdated\b"}
    assert list(far.spans(compile_regex(large))) == []


def test_a_long_text_is_screened_without_the_open_forms():
    # A long text (matched lean) keeps the open forms' DFA out of memory: its large
    # patterns are searched, the small ones still screened, by a Set made for that scan
    # alone (its DFA grows with the text and would stay as long as the pack set).
    large = r"(?m)^\s*[^:\n]{0,60}\b(sold|sale)\b[^:\n]{0,60}:"
    screen = PatternScreen([large, r"\bdated\b", r"\bcollect\b"])
    assert screen.impossible(EncodedText(POLICY.lower()), long_text=True) == {r"\bdated\b"}
    assert screen._screens == ()  # nothing kept
    assert screen.impossible(EncodedText(POLICY.lower())) == {large, r"\bdated\b"}


def test_a_long_texts_screen_of_every_pack_pattern_compiles_and_rules_out_what_matches_nowhere():
    # A long text's one-scan Set holds every small pattern of the packs; when they outgrow its
    # memory budget, RE2 refuses to compile them together: the screen splits them into Sets that
    # fit instead of failing the check, and still rules out only patterns that match nowhere.
    patterns = [*regex_patterns(load_packs().ordered_rules), *SCREENABLE_PATTERNS]  # as the packs build it
    screen = PatternScreen(patterns)
    text = EncodedText(POLICY.lower())
    ruled_out = screen.impossible(text, long_text=True)
    assert ruled_out  # the screen did its work
    for pattern in ruled_out:
        assert list(text.spans(compile_regex(pattern))) == [], pattern
    # a budget far too small for all of them together still gives a screen, split in Sets
    tiny = screen._compiled_screens(open_forms_wanted=False, memory=1 << 17, per_set=len(patterns))
    assert len(tiny) > 1


def test_screen_never_rules_out_a_pattern_too_large_even_open():
    large = r"(?m)^\s*[^:\n]{0,60}\b(sold|sale)\b[^:\n]{600}:"  # an exact count stays
    assert compile_regex(unbounded(large)).programsize > SCREEN_PROGRAM_SIZE
    screen = PatternScreen([large, r"\bdated\b", r"\bcollect\b"])
    assert screen.impossible(EncodedText(POLICY.lower())) == {r"\bdated\b"}


def test_open_form_leaves_escapes_and_classes_alone():
    assert unbounded(r"a{2,5}? \{1,2} [{0,3}] []{1,2}] x{0,9}") == r"a+? \{1,2} [{0,3}] []{1,2}] x*"


def test_screen_with_nothing_matching_rules_out_every_pattern():
    # RE2's Set answers the same for "nothing matches" and "ran out of memory": a pattern
    # that matches everywhere tells them apart.
    screen = PatternScreen([r"\bdated\b", r"\bzebra\b"])
    assert screen.impossible(EncodedText("nothing here")) == {r"\bdated\b", r"\bzebra\b"}
    assert screen.impossible(EncodedText("")) == {r"\bdated\b", r"\bzebra\b"}


def test_screen_survives_pickling():
    screen = PatternScreen([r"\bdated\b", r"\bcollect\b"])
    screen.impossible(EncodedText("we collect"))  # compiled before pickling, as in a worker's pack set
    copy = pickle.loads(pickle.dumps(screen))
    assert copy.impossible(EncodedText("we collect data")) == {r"\bdated\b"}


@pytest.mark.parametrize("text", [POLICY, NON_ASCII, ""])
def test_every_pack_pattern_finds_the_same_spans_with_and_without_the_screen(text):
    pack_set = load_packs()
    doc = parse_text(text, "policy.md", "markdown")
    settings = resolve_settings(pack_set, None)
    screened = MatchContext(doc, pack_set.phrase_index, settings, pack_set.regex_screen)
    plain = MatchContext(doc, pack_set.phrase_index, settings)
    patterns = regex_patterns(pack_set.ordered_rules)
    assert len(patterns) > 20
    for pattern in patterns:
        compiled = compile_regex(pattern)
        assert screened.regex_hits(compiled) == plain.regex_hits(compiled), pattern
    for kind in EXTRACTORS:
        assert screened.extracted(kind) == plain.extracted(kind), kind
    if text == POLICY:
        assert screened.encoded.unmatchable, "the screen should rule some pattern out in a short policy"
        assert screened.extracted("date"), "the policy's date is found"


def test_rules_sharing_a_condition_report_what_it_decides_for_each_alone():
    pack_set = load_packs()
    doc = parse_text(POLICY, "policy.md", "markdown")
    result = check_document(doc, pack_set)
    ctx = MatchContext(doc, pack_set.phrase_index, resolve_settings(pack_set, None), pack_set.regex_screen)
    statuses: dict[str, str] = {}
    shared = 0
    for rule in pack_set.ordered_rules:
        alone = evaluate_rule(rule, ctx, statuses)  # no decisions shared with other rules
        statuses[rule.id] = alone.status
        reported = next(r for r in result.results if r.rule == rule.id)
        assert reported == alone, rule.id
        shared += rule.applicability is not None and rule.pack == "ccpa"
    assert shared >= 10  # the ccpa rules share one condition


_SPAN_FIELD = st.integers(min_value=0, max_value=6)


@given(
    st.lists(
        st.lists(st.tuples(_SPAN_FIELD, _SPAN_FIELD, _SPAN_FIELD, st.sampled_from([None, {"date": "x"}])), max_size=12),
        min_size=2,
        max_size=4,
    )
)
def test_any_unites_its_parts_as_keying_them_by_span_does(parts):
    """`any`'s union by three sorts gives what keying every hit by its span and sorting the
    keys gave: one hit per span, the last part's, in span order."""
    lists = [
        [new_hit((start, start + length, sentence, value)) for start, length, sentence, value in part] for part in parts
    ]
    hits = [h for part in lists for h in part]
    keyed = dict(zip(map(HIT_SPAN, hits), hits, strict=True))
    assert _united_by_span(list(hits)) == [keyed[span] for span in sorted(keyed)]


@given(st.lists(st.tuples(_SPAN_FIELD, _SPAN_FIELD, _SPAN_FIELD, st.sampled_from([None, {"date": "x"}])), max_size=16))
def test_all_orders_its_hits_as_sorting_by_start_and_end_does(fields):
    """`all`'s order (as they are when their starts rise, else two sorts by one integer)
    is the stable sort by start and end, hit for hit (equal spans keep their order)."""
    hits = [new_hit((start, start + length, sentence, value)) for start, length, sentence, value in fields]
    expected = sorted(hits, key=HIT_START_END)
    ordered = _in_span_order(list(hits))
    assert ordered == expected
    assert list(map(id, ordered)) == list(map(id, expected))


def test_phrase_lists_of_one_length_come_in_document_order_unsorted():
    """Only the lists whose automaton patterns have several lengths are sorted after the
    search; every list, sorted or not, is in order of first token (document order)."""
    from checker.hits import HIT_FIRST_TOKEN
    from checker.tokens import tokenize

    from conftest import DEV_POLICIES

    index = load_packs().phrase_index
    index.compile()
    assert 0 < len(index._unordered) < index._groups
    for path in DEV_POLICIES:
        found = index.find_all(tokenize(parse_text(path.read_text("utf-8"), str(path))))
        for hits in found:
            firsts = list(map(HIT_FIRST_TOKEN, hits))
            assert firsts == sorted(firsts)


def test_phrase_lists_sorted_when_first_read_are_the_lists_sorted_at_once():
    """`MatchContext.phrase_hits` sorts a list whose patterns have several lengths when it is
    first read, not when the phrases are found (about half of them are never read): what it
    gives, in whatever order the lists are read, is what the search sorting every list gives."""
    from checker.match_context import MatchContext
    from checker.reading import read_document

    from conftest import DEV_POLICIES

    packs = load_packs()
    index = packs.phrase_index
    for path in DEV_POLICIES:
        ctx = MatchContext(read_document(str(path)), index, {}, packs.regex_screen)
        expected = index.find_all(ctx.tokens)
        assert ctx.phrase_lists_found() == {group for group, hits in enumerate(expected) if hits}
        read = {group: ctx.phrase_hits(group) for group in reversed(range(index._groups))}
        assert [read[group] for group in range(index._groups)] == expected
        assert all(ctx.phrase_hits(group) is read[group] for group in range(index._groups))
