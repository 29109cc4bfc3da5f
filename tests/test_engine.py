"""The engine: statuses, evidence that quotes the document exactly, applicability."""

from __future__ import annotations

import pytest

from checker.errors import UsageError
from checker.reading import parse_text

from conftest import check_with, quotes_the_document, status_of

POLICY = """# Privacy policy

Last updated: 17 May 2018

## Your rights

- Erasure: you may ask us to delete your personal data.
- Write to privacy@example.com.

Our app is designed for children. We obtain parental consent first.
"""


def result(res, rule_id):
    return next(r for r in res.results if r.rule == rule_id)


def test_every_rule_gets_a_result_in_pack_order(demo_pack):
    res = check_with(demo_pack, POLICY, "markdown")
    assert [r.rule for r in res.results] == [r.id for r in demo_pack.rules]


def test_pass_quotes_the_sentence_with_exact_offsets_and_source_line(demo_pack):
    doc = parse_text(POLICY, "p.md", "markdown")
    from checker.engine import check_document

    res = check_document(doc, demo_pack)
    erasure = result(res, "demo.erasure")
    assert erasure.status == "pass"
    evidence = erasure.evidence[0]
    assert evidence.text == doc.text[evidence.start : evidence.end]
    assert evidence.text == "Erasure: you may ask us to delete your personal data."
    assert evidence.line == 7
    assert evidence.section == "Privacy policy › Your rights"
    for r in res.results:
        if r.status == "pass":
            assert r.evidence, r.rule
            for e in r.evidence:
                assert quotes_the_document(doc.text[e.start : e.end], e.text)
                assert 1 <= e.line <= POLICY.count("\n") + 1


def test_extracted_values_are_reported(demo_pack):
    effective = result(check_with(demo_pack, POLICY, "markdown"), "demo.effective-date")
    assert effective.status == "pass"
    assert effective.value == {"date": "2018-05-17"}


def test_fail_has_no_evidence_and_keeps_the_remediation(demo_pack):
    dpo = result(check_with(demo_pack, POLICY, "markdown"), "demo.dpo")
    assert dpo.status == "fail" and dpo.evidence == ()
    assert dpo.remediation == "Name your data protection officer."


def test_applicability_decided_by_text_with_evidence(demo_pack):
    consent = result(check_with(demo_pack, POLICY, "markdown"), "demo.parental-consent")
    assert consent.status == "pass"
    assert consent.applicability.decided_by == "text"
    assert consent.applicability.evidence[0].text == "Our app is designed for children."
    not_for_children = "We are a bank. Our service is not directed to children."
    na = result(check_with(demo_pack, not_for_children), "demo.parental-consent")
    assert na.status == "not_applicable"
    assert na.applicability.reason == "the policy says the service is not directed to children"
    assert "not directed to children" in na.applicability.evidence[0].text


def test_a_setting_overrides_the_text(demo_pack):
    # the disclosure is in the text, so it passes; the result carries the setting's decision
    decided = result(check_with(demo_pack, POLICY, "markdown", {"audience": "general"}), "demo.parental-consent")
    assert decided.status == "pass" and decided.applicability.decided_by == "setting"
    assert not decided.applicability.applicable
    na = result(check_with(demo_pack, "We sell toys.", settings={"audience": "general"}), "demo.parental-consent")
    assert na.status == "not_applicable" and na.applicability.decided_by == "setting"
    silent = "We sell toys. Parental consent is obtained."
    assert status_of(check_with(demo_pack, silent), "demo.parental-consent") == "pass"
    applies = result(check_with(demo_pack, silent, settings={"audience": "children"}), "demo.parental-consent")
    assert applies.status == "pass" and applies.applicability.decided_by == "setting"


def test_unknown_settings_are_usage_errors(demo_pack):
    with pytest.raises(UsageError, match="unknown setting 'audiance'"):
        check_with(demo_pack, POLICY, settings={"audiance": "children"})
    with pytest.raises(UsageError, match="choose one of children, general, unknown"):
        check_with(demo_pack, POLICY, settings={"audience": "kids"})


def test_results_are_deterministic(demo_pack):
    first = check_with(demo_pack, POLICY, "markdown")
    second = check_with(demo_pack, POLICY, "markdown")
    assert first == second


def test_failure_location_points_at_the_relevant_heading(demo_pack):
    text = "# Policy\n\nIntro.\n\n## Your rights\n\nYou can complain.\n"
    erasure = result(check_with(demo_pack, text, "markdown"), "demo.erasure")
    assert erasure.status == "fail" and erasure.location_line == 5


def test_evidence_puts_the_sentence_that_says_it_first(demo_pack):
    text = (
        "# Your rights\n\nWe delete old logs every week.\n\n"
        "You have the right to erasure: ask us to delete your personal data.\n"
    )
    erasure = result(check_with(demo_pack, text, "markdown"), "demo.erasure")
    assert erasure.evidence[0].text == "You have the right to erasure: ask us to delete your personal data."
