"""The COPPA and CalOPPA packs on realistic policies: child-directed services
(every COPPA detail rule exercised, some deliberately missing), applicability
decisions (text, settings, default), effective dates and near misses."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.engine import check_document
from checker.packs import load_packs
from checker.reading import parse_text, read_document

FIXTURES = Path(__file__).parent / "fixtures" / "children"
PACKS = load_packs(["coppa", "caloppa"])

COPPA_DETAIL = [
    "coppa.operator-contact",
    "coppa.child-data-practices",
    "coppa.parental-rights",
    "coppa.parental-consent",
    "coppa.third-party-disclosures",
    "coppa.retention-policy",
]


def results(doc, settings=None):
    return {r.rule: r for r in check_document(doc, PACKS, settings or {}).results}


def check_text(text, settings=None, fmt="text"):
    return results(parse_text(text, "<test>", fmt), settings)


def statuses(found):
    return {rule: r.status for rule, r in found.items()}


# -- child-directed fixtures ----------------------------------------------------


def test_learning_app_passes_every_rule():
    found = results(read_document(str(FIXTURES / "sprout-letters-app.md")))
    assert statuses(found) == {rule: "pass" for rule in found}
    consent = found["coppa.parental-consent"]
    assert any("verifiable parental consent" in e.text for e in consent.evidence)
    assert found["coppa.operator-contact"].evidence
    # the statement always applies; the result says why
    assert found["coppa.children-statement"].applicability.applicable


def test_learning_app_is_applicable_because_the_text_says_so():
    found = results(read_document(str(FIXTURES / "sprout-letters-app.md")))
    decision = found["coppa.parental-rights"].applicability
    assert decision.applicable and decision.decided_by == "text"
    assert "directed to children" in decision.reason
    assert any("designed for children" in e.text for e in decision.evidence)


def test_school_service_reports_what_is_missing():
    found = statuses(results(read_document(str(FIXTURES / "classquill-school.md"))))
    assert found["coppa.children-statement"] == "pass"
    assert found["coppa.child-data-practices"] == "pass"
    assert found["coppa.third-party-disclosures"] == "pass"
    # Deliberately missing: only an e-mail address, no consent, no retention; and parents may
    # review and have deleted, but are not told they can refuse further collection (312.4(d)(3)
    # asks for all three).
    assert found["coppa.parental-rights"] == "fail"
    assert found["coppa.operator-contact"] == "fail"
    assert found["coppa.parental-consent"] == "fail"
    assert found["coppa.retention-policy"] == "fail"
    # "We may update this notice from time to time" says nothing of how users are told.
    assert found["caloppa.change-notification"] == "fail"
    assert found["caloppa.effective-date"] == "pass"


def test_amended_rules_carry_their_compliance_date():
    found = results(read_document(str(FIXTURES / "sprout-letters-app.md")))
    for rule in ("coppa.third-party-disclosures", "coppa.retention-policy"):
        assert found[rule].applies_from == "2026-04-22"
        assert "2026" in found[rule].description


# -- applicability ----------------------------------------------------------------


def test_general_audience_policy_is_not_applicable_with_reason_and_evidence():
    found = results(read_document(str(FIXTURES / "general-audience-shop.txt")))
    assert found["coppa.children-statement"].status == "pass"
    for rule in COPPA_DETAIL:
        result = found[rule]
        assert result.status == "not_applicable", rule
        decision = result.applicability
        assert decision.decided_by == "text"
        assert "not directed to children" in decision.reason
        assert any("not directed to children under 13" in e.text for e in decision.evidence)


@pytest.mark.parametrize(
    "sentence",
    [
        "You must be at least 18 years old to use this service.",
        "The Service is not intended for anyone under the age of 16.",
        "We do not knowingly collect personal information from children under 13.",
    ],
)
def test_minimum_age_or_no_knowing_collection_makes_detail_rules_not_applicable(sentence):
    found = check_text(f"{sentence} Parents can review and delete their child's data by e-mailing help@x.example.")
    assert found["coppa.children-statement"].status == "pass"
    assert {found[r].status for r in COPPA_DETAIL} == {"not_applicable"}


def test_silent_policy_is_not_applicable_by_default_and_children_statement_fails():
    found = check_text("We collect your name and e-mail address to send you our newsletter.")
    assert found["coppa.children-statement"].status == "fail"
    decision = found["coppa.parental-consent"].applicability
    assert found["coppa.parental-consent"].status == "not_applicable"
    assert decision.decided_by == "default"
    assert "says nothing about children" in decision.reason


def test_setting_children_overrides_the_text():
    text = (
        "Our website is not directed to children under 13. "
        "Parents can review their child's information, have it deleted, "
        "or refuse further collection of it by e-mailing parents@x.example."
    )
    found = check_text(text, {"audience": "children"})
    decision = found["coppa.parental-rights"].applicability
    assert decision.decided_by == "setting" and decision.applicable
    assert "audience=children" in decision.reason
    assert found["coppa.parental-rights"].status == "pass"
    assert found["coppa.parental-consent"].status == "fail"


def test_setting_general_overrides_a_child_directed_text():
    # Only the decision changes: disclosures in the text still pass (the spec's outcome rule).
    found = results(read_document(str(FIXTURES / "sprout-letters-app.md")), {"audience": "general"})
    for rule in COPPA_DETAIL:
        assert found[rule].status == "pass", rule
        assert not found[rule].applicability.applicable
        assert found[rule].applicability.decided_by == "setting"
        assert "audience=general" in found[rule].applicability.reason
    assert found["coppa.children-statement"].status == "pass"


def test_setting_unknown_leaves_the_decision_to_the_text():
    found = results(read_document(str(FIXTURES / "classquill-school.md")), {"audience": "unknown"})
    assert found["coppa.parental-rights"].applicability.decided_by == "text"


def test_collection_with_parental_consent_is_applicable():
    text = (
        "We do not knowingly collect personal information from children under 13 "
        "without the prior consent of the child's parent."
    )
    found = check_text(text)
    assert found["coppa.parental-consent"].status == "pass"
    assert found["coppa.parental-consent"].applicability.decided_by == "text"


def test_after_the_fact_deletion_is_not_parental_consent():
    text = (
        "Children of all ages play our games. If we learn that we have collected personal "
        "information from a child without verifiable parental consent, we delete it. "
        "We may require your parent's consent where your country requires it."
    )
    found = check_text(text)
    assert found["coppa.parental-consent"].applicability.applicable
    assert found["coppa.parental-consent"].status == "fail"


# -- effective date ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Last updated: May 17, 2018", "2018-05-17"),
        ("Effective date: 17 May 2018", "2018-05-17"),
        ("This policy was last revised on 2018-05-17.", "2018-05-17"),
        ("Last modified 17/05/2018", "2018-05-17"),
        ("Privacy Policy (updated 21st July 2017)", "2017-07-21"),
        ("Effective: January 2020", "2020-01"),
    ],
)
def test_effective_date_reports_the_parsed_iso_value(line, iso):
    result = check_text(f"Privacy Policy\n\n{line}\n\nWe collect your e-mail address.")["caloppa.effective-date"]
    assert result.status == "pass"
    assert result.value["date"] == iso


@pytest.mark.parametrize(
    "text",
    [
        "The date this policy was last updated is shown at the top of the page.",
        "We updated our practices following the implementation of the GDPR.",
        "Our company was founded on 4 June 1998.",
    ],
)
def test_effective_date_needs_an_actual_date_of_the_policy(text):
    assert check_text(text)["caloppa.effective-date"].status == "fail"


# -- Do Not Track and change notification near misses ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We do not respond to Do Not Track signals.",
        "Our site honours Do Not Track browser settings.",
        "We treat a Global Privacy Control signal as a request to opt out of sale.",
        "There is no accepted standard for how to respond to DNT signals, so we do not respond to them.",
    ],
)
def test_do_not_track_statements(text):
    assert check_text(text)["caloppa.do-not-track"].status == "pass"


@pytest.mark.parametrize(
    "text",
    [
        "We do not track you across other websites.",
        "We use tracking pixels to measure our e-mail campaigns.",
        "Tracking numbers are sent by e-mail when your order ships.",
    ],
)
def test_bare_tracking_is_not_do_not_track(text):
    assert check_text(text)["caloppa.do-not-track"].status == "fail"


@pytest.mark.parametrize(
    "text",
    [
        "We will post any changes to this policy on this page.",
        "If we make material changes to this privacy policy we will notify you by e-mail.",
        "When we change this policy we will revise the 'last updated' date at the top.",
    ],
)
def test_change_notification(text):
    assert check_text(text)["caloppa.change-notification"].status == "pass"


@pytest.mark.parametrize(
    "text",
    [
        "We may change this privacy policy from time to time.",
        "We may occasionally update you on our latest products by e-mail.",
        "Please check this page regularly.",
    ],
)
def test_change_notification_near_misses(text):
    assert check_text(text)["caloppa.change-notification"].status == "fail"


def test_third_party_tracking_needs_third_parties():
    found = check_text("We use Google Analytics, which sets cookies to measure visits to our site.")
    assert found["caloppa.third-party-tracking"].status == "pass"
    found = check_text("Our site links to other websites; we are not responsible for their content.")
    assert found["caloppa.third-party-tracking"].status == "fail"
