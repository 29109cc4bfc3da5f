"""The matching vocabulary, through small packs written the way users write them."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest

from checker.extractors import EXTRACTORS
from checker.phrases import PhraseIndex, parse_phrase
from checker.re2text import EncodedText
from checker.reading import parse_text
from checker.tokens import tokenize

from conftest import check_with, one_rule_pack, status_of


def passes(pack, text: str, fmt: str = "text", **settings) -> bool:
    return status_of(check_with(pack, text, fmt, settings), "t.r") == "pass"


# -- phrases ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "You have the RIGHT TO ERASURE.",
        "You have the right\nto   erasure.",  # line break and spaces inside a paragraph
        "You have rights to erasure.",  # inflection
        "the right-to-erasure applies",  # hyphens
        "The “right to erasure” applies.",  # curly quotes
        "the right, to erasure",  # punctuation between words
    ],
)
def test_phrases_tolerate_case_space_inflection_hyphens_quotes(tmp_path, text):
    pack = one_rule_pack(tmp_path, 'phrases: ["right to erasure"]')
    assert passes(pack, text)


def test_phrases_do_not_cross_sentences_or_match_inside_words(tmp_path):
    pack = one_rule_pack(tmp_path, 'phrases: ["data access"]')
    assert not passes(pack, "We store data. Access is restricted.")
    assert not passes(pack, "Our metadata accessibility is good.")
    assert passes(pack, "Data access requests are answered in a month.")


def test_phrase_inflections_and_apostrophes(tmp_path):
    pack = one_rule_pack(tmp_path, 'phrases: ["delete your data", "child data"]')
    for text in ("We deleted your data.", "We are deleting your data.", "It deletes your data.", "children's data"):
        assert passes(pack, text), text


def test_phrase_alternatives_optional_groups_wildcards_and_prefixes(tmp_path):
    pack = one_rule_pack(tmp_path, 'phrases: ["right to (be|) forgotten", "right * object", "anonymi* data"]')
    assert passes(pack, "the right to be forgotten")
    assert passes(pack, "the right to forgotten")
    assert passes(pack, "the right to object")
    assert passes(pack, "we anonymise data")
    assert passes(pack, "we anonymize data")
    assert not passes(pack, "the right object")


def test_nested_and_in_word_groups(tmp_path):
    phrases = '["parent (must|can) (consent|give (their|) consent)", "anonymi(s|z)ed data"]'
    pack = one_rule_pack(tmp_path, f"phrases: {phrases}")
    for text in ("A parent must give their consent.", "A parent can give consent.", "A parent must consent."):
        assert passes(pack, text), text
    assert passes(pack, "anonymized data") and passes(pack, "anonymised data")
    assert not passes(pack, "A parent must give their approval.")


def test_phrase_index_reports_each_span_once_in_document_order():
    # "share data" is found both as words and through the prefix "shar*": one hit, not two.
    index = PhraseIndex()
    phrases = ["share data", "shar* data", "data", "right * object"]
    group = index.add_group([index.add(p) for phrase in phrases for p in parse_phrase(phrase)])
    doc = parse_text("We share data. Data is shared; the right to object stays.")
    expected = ["share data", "data", "Data", "right to object"]
    for copy in (index, pickle.loads(pickle.dumps(index))):  # compiled packs are cached and sent to workers
        hits = copy.find_all(tokenize(doc))[group]
        assert [doc.text[h.start : h.end] for h in hits] == expected
    with pytest.raises(RuntimeError, match="compiled"):
        index.add(parse_phrase("too late")[0])


def test_unbalanced_groups_are_pack_errors(tmp_path):
    from checker.errors import PackError

    for phrase in ("right to (erasure", "right to erasure)", "a (b (c|d) e"):
        with pytest.raises(PackError, match="unbalanced parentheses"):
            one_rule_pack(tmp_path, f'phrases: ["{phrase}"]')


# -- regex: RE2, linear time ---------------------------------------------------------------


def test_regex_is_case_insensitive_over_folded_text(tmp_path):
    pack = one_rule_pack(tmp_path, r"regex: 'reg(istration)? no\.? \d{6}'")
    assert passes(pack, "Registration No. 123456")
    assert not passes(pack, "Registration pending")


def test_catastrophic_regex_cannot_hang_the_engine(tmp_path):
    # With a backtracking engine, (a+)+$ on "aaa…ab" takes exponential time.
    pack_file = tmp_path / "t.yaml"
    one_rule_pack(tmp_path, r"regex: '(a+)+$'")
    policy = tmp_path / "p.txt"
    policy.write_text("a" * 50_000 + "b\n")
    run = subprocess.run(
        [sys.executable, "-m", "checker", "check", "--pack", str(pack_file), str(policy), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,  # a hang detector, not a speed target: RE2 takes milliseconds
    )
    assert run.returncode == 1, run.stderr


# -- composition and scope ---------------------------------------------------------------------


def test_all_needs_every_part_in_the_same_scope_unit(tmp_path):
    sentence = one_rule_pack(tmp_path / "", "all: [{phrases: [complain]}, {phrases: [supervisory authority]}]")
    assert passes(sentence, "You may complain to a supervisory authority.")
    assert not passes(sentence, "You may complain to us. A supervisory authority exists.")


def test_all_with_section_scope_spans_heading_and_paragraph(tmp_path):
    pack = one_rule_pack(tmp_path, "all: [{phrases: [complaint]}, {phrases: [supervisory authority]}]\nscope: section")
    md = "## Right to lodge a complaint\n\nwith your country's supervisory authority.\n\n## Other\n\nNothing."
    assert passes(pack, md, "markdown")
    assert not passes(pack, "## Complaints\n\nTell us.\n\n## Regulators\n\nThe supervisory authority.", "markdown")


def test_passage_scope_joins_a_lead_in_with_the_items_after_it(tmp_path):
    pack = one_rule_pack(tmp_path, "all: [{phrases: [we disclose]}, {phrases: [identifiers]}]\nscope: passage")
    listed = "We disclose the following categories:\n\n- Identifiers\n- Commercial information\n"
    assert passes(pack, listed, "markdown")
    # the lead-in alone, its items lost (an image), or a later list it does not introduce
    assert not passes(pack, "We disclose the following categories:\n\nSee the chart.\n", "markdown")
    assert not passes(pack, "We disclose the following categories.\n\n- Identifiers\n", "markdown")
    assert not passes(pack, "We disclose these:\n\nNothing more.\n\n- Identifiers\n", "markdown")


def test_not_after_drops_the_items_of_a_matching_lead_in(tmp_path):
    pack = one_rule_pack(tmp_path, "phrases: [right to delete]\nnot_after: {phrases: [other states]}")
    scoped = "For residents of other states, your rights include:\n\n- The right to delete your data\n"
    assert not passes(pack, scoped, "markdown")
    assert passes(pack, "Your rights include:\n\n- The right to delete your data\n", "markdown")
    # only the items of that lead-in: a later paragraph is not scoped by it
    assert passes(pack, scoped + "\nEvery reader has the right to delete their data.\n", "markdown")


def test_all_with_not_excludes_units(tmp_path):
    pack = one_rule_pack(tmp_path, "all: [{phrases: [sell]}, {not: {phrases: [do not]}}]")
    assert passes(pack, "We sell data.")
    assert not passes(pack, "We do not sell data.")


def test_any_with_min_counts_distinct_parts_per_unit(tmp_path):
    pack = one_rule_pack(
        tmp_path, "any: [{phrases: [name]}, {phrases: [address]}, {phrases: [phone]}]\nmin: 2\nscope: block"
    )
    assert passes(pack, "We collect your name and address.")
    assert not passes(pack, "We collect your name. Your name again.")
    assert not passes(pack, "We collect your name.\n\nWe store your address.")


def test_near_counts_words_between_parts(tmp_path):
    pack = one_rule_pack(tmp_path, "near: [{phrases: [delete]}, {phrases: [personal data]}]\nwithin: 3")
    assert passes(pack, "You may ask us to delete your personal data.")
    assert passes(pack, "Personal data that we delete is gone.")
    assert not passes(pack, "Personal data you give us we will never delete.")
    assert not passes(pack, "You may delete the app, and we keep much of the personal data.")


def test_under_restricts_to_sections_with_matching_headings(tmp_path):
    pack = one_rule_pack(tmp_path, "phrases: [access]\nunder: {heading: {phrases: [your rights]}}")
    assert passes(pack, "# Policy\n\n## Your rights\n\n### Details\n\n- Access\n", "markdown")
    assert not passes(pack, "# Policy\n\n## Security\n\n- Access is limited to staff.\n", "markdown")


def test_not_under_excludes_sections(tmp_path):
    pack = one_rule_pack(tmp_path, "phrases: [access]\nnot_under: {heading: {phrases: [security]}}")
    assert not passes(pack, "## Security\n\nAccess is limited to staff.\n", "markdown")
    assert passes(pack, "## Rights\n\nYou can access your data.\n", "markdown")


# -- negation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("Our data protection officer is Jane Roe.", False),
        ("We have not appointed a data protection officer.", True),
        ("We don't have a data protection officer.", True),
        ("No data protection officer has been appointed.", True),
        ("A data protection officer has not been appointed.", True),
        ("If you do not agree, contact our data protection officer.", False),  # clause boundary
        ("Our data protection officer, who is not a lawyer, answers.", False),
    ],
)
def test_negation_aware_matching(tmp_path, text, negated):
    exclude = one_rule_pack(tmp_path, "phrases: [data protection officer]\nnegation: exclude")
    assert passes(exclude, text) is (not negated)


# -- extractors ---------------------------------------------------------------------------------


def values(kind: str, text: str) -> list:
    return [v for _, _, v in EXTRACTORS[kind](EncodedText(text.lower()))]


def test_email_phone_url_and_postal_address_extractors():
    assert values("email", "Write to Privacy@Example.co.uk today.") == [{"email": "privacy@example.co.uk"}]
    assert values("email", "privacy [at] example [dot] com")[0]["email"].startswith("privacy")
    assert values("phone", "Call +44 20 7946 0958 or (415) 555-0100.") == [
        {"phone": "+44 20 7946 0958"},
        {"phone": "(415) 555-0100"},
    ]
    assert values("phone", "Since 2018-05-17 we have 12 staff.") == []
    assert values("url", "See https://example.com/privacy.") == [{"url": "https://example.com/privacy"}]
    assert values("postal_address", "ACME, 14 Harbour Street, Bristol BS1 4QA")
    assert values("postal_address", "PO Box 1234, Springfield")
    assert values("postal_address", "100 Main St, Springfield, IL 62701")
    assert not values("postal_address", "We have 3 streets of shops")


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("May 17, 2018", "2018-05-17"),
        ("17 May 2018", "2018-05-17"),
        ("2018-05-17", "2018-05-17"),
        ("17/05/2018", "2018-05-17"),
        ("21st July 2017", "2017-07-21"),
        ("21st of July, 2017", "2017-07-21"),
        ("Effective: January 2020", "2020-01"),
        ("Sept. 3, 2019", "2019-09-03"),
    ],
)
def test_date_extractor_formats(text, iso):
    assert values("date", text) == [{"date": iso}]


def test_a_change_log_of_thousands_of_dates_is_read_whole_and_in_linear_time():
    # Each date is tested against those already found; a scan of them all per date made a
    # 300 KB change log take minutes. A hang detector, not a speed target.
    import time

    line = "- 3 March 2026 and 2026-03-04: wording changed.\n"
    started = time.process_time()
    found = values("date", line * 4000)
    assert time.process_time() - started < 10
    assert found == [{"date": "2026-03-03"}] * 4000 + [{"date": "2026-03-04"}] * 4000  # each form in turn


def test_duration_extractor():
    assert values("duration", "for 7 years") == [{"duration": "7 years", "days": 2555}]
    assert values("duration", "up to twelve months")[0]["duration"] == "12 months"
    assert values("duration", "within 30 days")[0]["days"] == 30


def test_near_keeps_the_values_its_parts_extracted(tmp_path):
    pack = one_rule_pack(tmp_path, "near: [{phrases: [last updated]}, {extract: date}]\nwithin: 4")
    from conftest import check_with

    result = next(r for r in check_with(pack, "Last updated on 17 May 2018.").results if r.rule == "t.r")
    assert result.evidence[0].value == {"date": "2018-05-17"}


def test_all_quotes_its_first_part_and_the_rest_is_context(tmp_path):
    pack = one_rule_pack(tmp_path, "all: [{regex: '(?m)^access$'}, {phrases: [following rights]}]\nscope: section")
    from conftest import check_with

    md = "# Privacy\n\nYou have the following rights under the GDPR.\n\n- Access\n"
    result = next(r for r in check_with(pack, md, "markdown").results if r.rule == "t.r")
    assert [e.text for e in result.evidence] == ["Access"]


def test_negation_on_all_looks_at_the_first_part(tmp_path):
    pack = one_rule_pack(tmp_path, "all: [{phrases: [transfer]}, {phrases: [outside the eea]}]\nnegation: exclude")
    assert passes(pack, "We transfer data outside the EEA.")
    assert not passes(pack, "We store data in the EEA and do not transfer it outside the EEA.")


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("Payment firms give us your billing address.", False),
        ("Payment firms do not give us your card number.", True),  # the cue between the parts
        ("Payment firms never give us your card number.", True),
        ("Payment firms don't give us your card number.", True),
        ("Payment firms, not banks, give us your billing address.", False),  # a clause ends after the cue
        ("Not all payment firms give us your billing address.", True),  # before the anchor, as before
    ],
)
def test_negation_on_near_looks_between_its_parts(tmp_path, text, negated):
    # The subject first, the verb after it: the cue sits between the parts, inside the
    # span of the near's hit, where the look-back before it and the look-ahead after it
    # never saw it.
    pack = one_rule_pack(
        tmp_path, "near: [{phrases: [payment firms]}, {phrases: [give us your]}]\nwithin: 3\nnegation: exclude"
    )
    assert passes(pack, text) is (not negated)
    only = one_rule_pack(
        tmp_path, "near: [{phrases: [payment firms]}, {phrases: [give us your]}]\nwithin: 3\nnegation: only"
    )
    assert passes(only, text) is negated


def test_negation_on_near_between_its_parts_in_a_long_text(tmp_path, monkeypatch):
    # a text matched lean reads its words from the folded text, not from a list of cues
    from checker import match_context
    from checker.tokens import CHUNK_CHARACTERS

    pack = one_rule_pack(
        tmp_path, "near: [{phrases: [payment firms]}, {phrases: [give us your]}]\nwithin: 3\nnegation: exclude"
    )
    monkeypatch.setattr(match_context, "LEAN_CHARACTERS", CHUNK_CHARACTERS)
    padding = "We sell handmade soap.\n\n" * (2 * CHUNK_CHARACTERS // 24)
    assert not passes(pack, padding + "Payment firms do not give us your card number.")
    assert passes(pack, padding + "Payment firms give us your billing address.")


def test_negation_on_near_ignores_a_cue_inside_a_part(tmp_path):
    # "not" in a part's own phrase is what the part looks for, not a denial of the pair
    pack = one_rule_pack(
        tmp_path, "near: [{phrases: [opt out]}, {phrases: [do not sell]}]\nwithin: 3\nnegation: exclude"
    )
    assert passes(pack, "Opt out through the Do Not Sell link.")


def test_company_and_registration_numbers_are_not_phone_numbers():
    assert values("phone", "Registered in England (company number 01234567).") == []
    assert values("phone", "VAT no. GB 123456789") == []
    assert values("phone", "A company registered in England and Wales under number 08123456.") == []
    assert values("phone", "Phone number: 0117 496 0123") == [{"phone": "0117 496 0123"}]


# -- phrase needs ----------------------------------------------------------------


def test_a_matcher_whose_needed_phrase_lists_found_nothing_finds_nothing():
    """`Matcher.needs` lets a matcher skip its parts where a list it needs found nothing: on
    the built-in packs and the fixtures, such a matcher's own search finds nothing either."""
    from checker.match_context import MatchContext
    from checker.packs import _all_matchers, load_packs
    from checker.reading import read_document

    from conftest import FIXTURES

    packs = load_packs()
    pending, matchers = _all_matchers(packs.ordered_rules), {}
    while pending:
        matcher = pending.pop()
        if id(matcher) not in matchers:
            matchers[id(matcher)] = matcher
            pending.extend(matcher.children())
    with_needs = [m for m in matchers.values() if m.needs]
    assert len(with_needs) > 100
    skipped = 0
    for path in sorted([*FIXTURES.rglob("*.md"), *FIXTURES.rglob("*.html"), *FIXTURES.rglob("*.txt")])[:20]:
        ctx = MatchContext(read_document(str(path)), packs.phrase_index, {}, packs.regex_screen)
        found = ctx.phrase_lists_found()
        for matcher in with_needs:
            if not matcher.needs <= found:
                skipped += 1
                assert matcher.hits(ctx) == []
                ctx.cache.pop(id(matcher), None)
                saved, matcher.needs = matcher.needs, frozenset()
                try:
                    assert matcher.hits(ctx) == [], matcher
                finally:
                    matcher.needs = saved
    assert skipped > 100
