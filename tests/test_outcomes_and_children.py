"""The spec's outcome rule and its reading conventions for children's services:
a disclosure in the text passes whatever the applicability decision; a
children's service is recognised however the policy says it; a declared
audience the policy never states is still reported."""

from __future__ import annotations

from checker.engine import check_document
from checker.packs import load_packs
from checker.reading import parse_text

PACKS = load_packs(["gdpr", "coppa"])


def results(text: str, settings: dict | None = None, fmt: str = "markdown") -> dict:
    doc = parse_text(text, "<test>", fmt)
    return {r.rule: r for r in check_document(doc, PACKS, settings or {}).results}


# -- a present disclosure passes whatever the applicability ------------------------


def test_named_eu_representative_passes_when_establishment_is_unknown():
    found = results("Our EU representative under Article 27 GDPR is Rep Europe Ltd, 4 Quay Street, Dublin.")
    rep = found["gdpr.representative"]
    assert rep.status == "pass"
    assert "Rep Europe" in rep.evidence[0].text
    # the decision is still carried: the establishment is unknown, so it would not apply
    assert rep.applicability is not None and rep.applicability.applicable is False


def test_missing_representative_is_still_not_applicable_when_establishment_is_unknown():
    assert results("We are a software company in Lyon.")["gdpr.representative"].status == "not_applicable"


def test_full_children_contact_block_passes_on_a_general_audience_policy():
    text = (
        "# Children\n\nParents with questions about their child's account can contact Tiny Steps Inc., "
        "88 Maple Road, Austin, TX 78701, telephone (512) 555-0134, e-mail kids@tinysteps.example.\n"
    )
    contact = results(text, {"audience": "general"})["coppa.operator-contact"]
    assert contact.status == "pass"
    assert contact.applicability is not None and contact.applicability.decided_by == "setting"


def test_operator_contact_needs_more_than_a_postal_address():
    text = (
        "# Children\n\nOur app is for children under 13. "
        "Parents can write to Tiny Steps Inc., 88 Maple Road, Austin, TX 78701.\n"
    )
    assert results(text)["coppa.operator-contact"].status == "fail"


def test_a_zip_code_is_not_a_telephone_number():
    text = (
        "# Children\n\nOur app is for children under 13. Write to Tiny Steps Inc., 88 Maple Road, "
        "Austin, TX 78701-1234, or e-mail kids@tinysteps.example.\n"
    )
    assert results(text)["coppa.operator-contact"].status == "fail"


# -- a declared audience the policy never states -------------------------------------


def test_declared_children_audience_with_no_statement_is_reported_with_why():
    statement = results("We collect your e-mail address to send the newsletter.", {"audience": "children"})[
        "coppa.children-statement"
    ]
    assert statement.status == "fail"
    assert "audience=children" in statement.message and "never states" in statement.message


def test_declared_audience_does_not_reword_other_failures():
    found = results("We collect your e-mail address to send the newsletter.", {"audience": "children"})
    assert found["coppa.parental-consent"].status == "fail"
    assert "never states" not in found["coppa.parental-consent"].message


# -- children's services in any words ------------------------------------------------------


def test_childrens_privacy_section_about_pupils_makes_the_service_child_directed():
    text = (
        "# Privacy\n\nLearnbox runs a reading platform.\n\n## Children's privacy\n\n"
        "When a teacher sets up a class, we collect each pupil's first name, year group and reading scores.\n"
    )
    found = results(text)
    assert found["coppa.children-statement"].status == "pass"
    assert found["coppa.parental-consent"].status == "fail"  # the detail rules apply
    assert found["coppa.parental-consent"].applicability.applicable


def test_voluntarily_following_coppa_makes_the_detail_rules_apply():
    found = results("Although we are not required to, we voluntarily follow COPPA. We collect a username.")
    assert found["coppa.children-statement"].status == "pass"
    assert found["coppa.parental-rights"].status == "fail"


def test_under_13_sign_up_with_a_parents_email_makes_the_detail_rules_apply():
    found = results("Children under 13 can sign up with a parent's e-mail address. We collect a username.")
    assert found["coppa.children-statement"].status == "pass"
    assert found["coppa.child-data-practices"].applicability.applicable


def test_parental_notification_age_is_not_a_minimum_age():
    text = "Users under 16 must sign up with parental notification: 16 is our cutoff for parental notification."
    found = results(text)
    # not read as "not for under-16s", which would switch the detail rules off by the text
    assert (
        found["coppa.parental-consent"].applicability.decided_by != "text"
        or found["coppa.parental-consent"].applicability.applicable
    )


def test_a_real_minimum_age_still_turns_the_detail_rules_off():
    found = results("You must be at least 16 years old to use the service.")
    assert found["coppa.children-statement"].status == "pass"
    assert found["coppa.parental-consent"].status == "not_applicable"
