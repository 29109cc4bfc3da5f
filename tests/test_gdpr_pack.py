"""GDPR pack behaviour on realistic policy snippets: the near misses users trip on,
headings that carry the meaning, negated mentions, and the two conditional rules."""

from __future__ import annotations

import pytest

from checker.engine import check_document
from checker.packs import load_packs
from checker.reading import parse_text

PACKS = load_packs(["gdpr"])


def statuses(text: str, fmt: str = "text", **settings: str) -> dict[str, str]:
    doc = parse_text(text, "<snippet>", fmt)
    return {r.rule: r.status for r in check_document(doc, PACKS, settings).results}


def status(rule: str, text: str, fmt: str = "text", **settings: str) -> str:
    return statuses(text, fmt, **settings)[rule]


def test_every_spec_id_is_implemented_once():
    ids = [r.id for r in PACKS.rules]
    expected = {
        "gdpr.controller-identity",
        "gdpr.controller-contact",
        "gdpr.dpo-contact",
        "gdpr.purposes",
        "gdpr.legal-basis",
        "gdpr.legitimate-interests",
        "gdpr.recipients",
        "gdpr.international-transfers",
        "gdpr.retention",
        "gdpr.right-access",
        "gdpr.right-rectification",
        "gdpr.right-erasure",
        "gdpr.right-restriction",
        "gdpr.right-objection",
        "gdpr.right-portability",
        "gdpr.right-withdraw-consent",
        "gdpr.right-complaint",
        "gdpr.statutory-contractual",
        "gdpr.automated-decisions",
        "gdpr.data-source",
        "gdpr.data-categories",
        "gdpr.transfer-safeguards",
        "gdpr.representative",
    }
    assert set(ids) == expected
    assert len(ids) == len(set(ids))


def test_severity_scheme():
    severity = {r.id: r.severity for r in PACKS.rules}
    assert severity["gdpr.right-erasure"] == "error"
    assert severity["gdpr.legal-basis"] == "error"
    assert severity["gdpr.dpo-contact"] == "warning"
    assert severity["gdpr.transfer-safeguards"] == "warning"
    assert severity["gdpr.representative"] == "info"


# -- near misses --------------------------------------------------------------


def test_registration_with_the_ico_is_not_the_right_to_complain():
    text = "Acme Ltd is registered with the Information Commissioner's Office (registration number Z1234567)."
    assert status("gdpr.right-complaint", text) == "fail"


@pytest.mark.parametrize(
    "text",
    [
        "You have the right to lodge a complaint with your local data protection authority.",
        "If you are unhappy with our response you can complain to the ICO.",
        "Residents of France may file a complaint with the CNIL.",
    ],
)
def test_complaint_to_an_authority_passes(text):
    assert status("gdpr.right-complaint", text) == "pass"


def test_complaint_heading_split_from_its_sentence():
    text = "# Right to lodge a complaint\n\nYou can also do this with your country's supervisory authority.\n"
    assert status("gdpr.right-complaint", text, "markdown") == "pass"


def test_consent_to_the_policy_is_not_a_legal_basis():
    text = "By using this website, you consent to this privacy policy and to the collection of information."
    assert status("gdpr.legal-basis", text) == "fail"


def test_consent_tied_to_processing_is_a_legal_basis():
    assert status("gdpr.legal-basis", "With your consent, we access your contacts to find your friends.") == "pass"
    text = "We process your order because it is necessary to perform our contract with you."
    assert status("gdpr.legal-basis", text) == "pass"


def test_profiling_for_ads_is_not_an_automated_decision_disclosure():
    assert status("gdpr.automated-decisions", "We may use profiling for ads to show you relevant offers.") == "fail"


def test_saying_no_automated_decisions_are_made_counts():
    text = "We do not make decisions based solely on automated processing that produce legal effects for you."
    assert status("gdpr.automated-decisions", text) == "pass"


def test_right_not_to_be_subject_to_automated_decisions_is_not_the_disclosure():
    text = "You have the right not to be subject to a decision based solely on automated processing."
    assert status("gdpr.automated-decisions", text) == "fail"


def test_presupposed_opt_out_is_not_objection():
    text = "We will e-mail you offers similar to your purchases unless you have opted not to receive such information."
    assert status("gdpr.right-objection", text) == "fail"


def test_unsubscribe_is_objection():
    assert status("gdpr.right-objection", "You can unsubscribe from our newsletter at any time.") == "pass"


def test_legitimate_use_is_not_legitimate_interests():
    assert status("gdpr.legitimate-interests", "This is a legitimate use under the GDPR.") == "fail"
    text = "We process usage data on the basis of our legitimate interest in keeping the service secure."
    assert status("gdpr.legitimate-interests", text) == "pass"


def test_staff_access_is_not_the_right_of_access():
    text = "Only authorised employees have access to your personal information."
    assert status("gdpr.right-access", text) == "fail"


def test_parents_deleting_child_data_is_not_the_readers_erasure_right():
    text = (
        "If you are a parent and you learn that your child has given us personal information, "
        "contact us so that we can delete it."
    )
    assert status("gdpr.right-erasure", text) == "fail"


# -- rights written in ordinary ways ---------------------------------------------


def test_bare_list_items_under_a_rights_heading():
    text = (
        "# Your rights\n\nUnder data protection law you have rights including:\n\n"
        "- Access\n- Rectification\n- Erasure\n- Restriction\n- Portability\n"
    )
    result = statuses(text, "markdown")
    for rule in (
        "gdpr.right-access",
        "gdpr.right-rectification",
        "gdpr.right-erasure",
        "gdpr.right-restriction",
        "gdpr.right-portability",
    ):
        assert result[rule] == "pass", rule


@pytest.mark.parametrize(
    "text",
    [
        "You may request that we delete the personal data we hold about you.",
        "You have the right to be forgotten.",
        "You can delete your account at any time in the app settings.",
    ],
)
def test_erasure_wordings(text):
    assert status("gdpr.right-erasure", text) == "pass"


def test_withdrawing_an_opt_in_counts_without_the_word_consent():
    text = "If you opted in to partner offers, you can opt out by unticking the box in your profile."
    assert status("gdpr.right-withdraw-consent", text) == "pass"


# -- DPO, contact, retention ---------------------------------------------------------


def test_negated_dpo_is_not_dpo_contact():
    text = "We have not appointed a Data Protection Officer. Contact us at hello@example.com."
    assert status("gdpr.dpo-contact", text) == "fail"


def test_dpo_with_email_passes():
    assert status("gdpr.dpo-contact", "You can reach our Data Protection Officer at dpo@example.com.") == "pass"


def test_bare_contact_us_is_not_a_channel():
    assert status("gdpr.controller-contact", "If you have questions, please contact us.") == "fail"
    assert status("gdpr.controller-contact", "Questions? E-mail privacy@example.com.") == "pass"


def test_retention_period_and_criterion():
    assert status("gdpr.retention", "We keep invoices for 10 years, as tax law requires.") == "pass"
    text = "We retain your data only for as long as necessary for the purposes set out in this policy."
    assert status("gdpr.retention", text) == "pass"
    assert status("gdpr.retention", "Residual copies may remain in our backups for a short time.") == "fail"


def test_retention_under_a_heading():
    text = "# How long we keep your data\n\nFor the duration of your subscription, then 30 days.\n"
    assert status("gdpr.retention", text, "markdown") == "pass"


# -- transfers -----------------------------------------------------------------------


def test_no_transfer_statement_is_the_transfer_disclosure():
    text = "We do not transfer your personal data outside the EEA."
    result = statuses(text)
    assert result["gdpr.international-transfers"] == "pass"
    assert result["gdpr.transfer-safeguards"] == "not_applicable"


def test_transfer_safeguards_not_applicable_without_a_transfer():
    result = statuses("We use your e-mail address to send you our newsletter.")
    assert result["gdpr.international-transfers"] == "fail"
    assert result["gdpr.transfer-safeguards"] == "not_applicable"


def test_transfer_without_safeguard_fails_and_with_one_passes():
    assert status("gdpr.transfer-safeguards", "Your data may be transferred to the United States.") == "fail"
    text = (
        "Your data may be transferred to the United States. "
        "These transfers are covered by the EU standard contractual clauses."
    )
    assert status("gdpr.transfer-safeguards", text) == "pass"
    text = "We transfer data to our US host, which was certified under the EU-U.S. Privacy Shield."
    assert status("gdpr.transfer-safeguards", text) == "pass"


# -- representative ----------------------------------------------------------------------

REP = "Our EU representative under Article 27 GDPR is EU-Rep Ltd, 1 Main Street, Dublin, eurep@example.com."


def test_representative_named_passes_whatever_the_establishment():
    assert status("gdpr.representative", REP) == "pass"
    assert status("gdpr.representative", REP, **{"eu-establishment": "yes"}) == "pass"
    assert status("gdpr.representative", "We are based in Paris.") == "not_applicable"


def test_representative_applies_to_controllers_outside_the_eu():
    assert status("gdpr.representative", REP, **{"eu-establishment": "no"}) == "pass"
    text = "We are based in California and serve customers worldwide."
    assert status("gdpr.representative", text, **{"eu-establishment": "no"}) == "fail"


def test_pass_carries_quoted_evidence():
    doc = parse_text("Intro.\n\nYou may withdraw your consent at any time.\n", "<snippet>", "text")
    result = next(r for r in check_document(doc, PACKS).results if r.rule == "gdpr.right-withdraw-consent")
    assert result.status == "pass"
    assert "withdraw your consent" in result.evidence[0].text
    assert result.evidence[0].line == 3


def test_a_policys_title_for_parents_is_no_parents_section_that_rights_are_set_aside_under():
    html = (
        "<h1>Privacy notice for parents and carers</h1><p>The school is the controller.</p>"
        "<h2>Your rights</h2><p>Under the UK GDPR you can:</p>"
        "<ul><li>Ask us to correct information that is wrong or incomplete.</li></ul>"
        "<h2>Contact</h2><p>Write to the school office.</p>"
    )
    assert status("gdpr.right-rectification", html, fmt="html") == "pass"
    # a parents' section inside the policy is still one
    inside = (
        "<h1>Privacy policy</h1><h2>About you</h2><p>We are the controller.</p>"
        "<h2>Information for parents</h2><p>Parents can ask us to correct their child's information.</p>"
    )
    assert status("gdpr.right-rectification", inside, fmt="html") != "pass"
