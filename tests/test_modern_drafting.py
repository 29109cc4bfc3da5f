"""Policies as they are published today: the disclosures of whole short notices written in
the styles of modern notices (change logs, bare dates, client apps, regulator addresses), as a
reader would judge them against the spec. The rule examples test single sentences; these test
that the parts of a notice combine the way a reader reads them."""

from __future__ import annotations

import pytest

from checker.engine import check_document
from checker.packs import load_packs
from checker.reading import parse_text

PACKS = load_packs(["gdpr", "coppa", "caloppa"])


def statuses(text: str, fmt: str = "markdown") -> dict[str, str]:
    return {r.rule: r.status for r in check_document(parse_text(text, "<test>", fmt), PACKS, {}).results}


def value(text: str, rule: str, fmt: str = "markdown") -> dict | None:
    found = {r.rule: r for r in check_document(parse_text(text, "<test>", fmt), PACKS, {}).results}
    return found[rule].value


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("# Document updates\n\n- 2024-02 first version\n- 2026-06 added a mailing provider\n", "2024-02"),
        ("# Privacy\n\nWe may change this policy.\n\n_June 2022_\n", "2022-06"),
        ("# Privacy\n\nLast updated: 2025-11\n", "2025-11"),
    ],
)
def test_a_change_log_entry_or_a_date_on_its_own_line_is_the_policy_date(text: str, iso: str) -> None:
    assert statuses(text)["caloppa.effective-date"] == "pass"
    assert value(text, "caloppa.effective-date") == {"date": iso}


def test_a_span_of_years_is_no_date() -> None:
    assert statuses("# History\n\n- 2019-20 we grew to two offices\n")["caloppa.effective-date"] == "fail"


def test_the_regulators_address_is_not_the_controllers_contact() -> None:
    text = (
        "# Privacy notice\n\nThe data controller is Example Department.\n\n"
        "# Complaints\n\nIf you are unhappy, please write to our Data Protection Officer using the "
        "contact details above. You may complain to the Information Commissioner, who can be contacted "
        "at Wycliffe House, Water Lane, Wilmslow SK9 5AF, or casework@ico.example.org.\n"
    )
    found = statuses(text)
    assert found["gdpr.controller-contact"] == "fail"
    assert found["gdpr.dpo-contact"] == "fail"
    assert found["gdpr.right-complaint"] == "pass"


def test_a_dpo_reached_through_details_given_elsewhere_in_the_text() -> None:
    text = (
        "# Contact\n\nAcme Ltd, 1 High Street, London EC1A 1AA, privacy@acme.example\n\n"
        "# Complaints\n\nPlease write to our Data Protection Officer using the contact details above.\n"
    )
    assert statuses(text)["gdpr.dpo-contact"] == "pass"


def test_a_client_apps_source_heading_and_authorised_apps() -> None:
    client = (
        "# Data access\n\nThe app processes data from your home server locally on your device.\n\n"
        "# Sources of personal data\n\nWe collect personal data directly from you.\n"
    )
    assert statuses(client)["gdpr.data-source"] == "pass"
    only_the_reader = (
        "# Sources of personal data\n\nWe collect personal data directly from you.\n\n"
        "When you authorise an application to use your account, it may access your public profile.\n"
    )
    assert statuses(only_the_reader)["gdpr.data-source"] == "fail"
