"""The CCPA pack on short policies of our own: when it applies (the text, the
`ccpa` setting), what a complete California notice passes, and a categories
table read from Markdown and from HTML."""

from __future__ import annotations

import textwrap

import pytest

from checker.engine import check_document
from checker.packs import builtin_pack_paths, load_packs
from checker.reading import parse_text

PACKS = load_packs(["ccpa"])

EU_POLICY = """\
# Privacy notice

Nordwind Reisen GmbH, Hafenstraße 3, 20457 Hamburg, Germany, is the controller
of your personal data. We use your name and e-mail address to handle your
bookings (Art. 6(1)(b) GDPR) and keep them for ten years after the trip.
You have the right to access, rectify and erase your data, and to lodge a
complaint with a supervisory authority. Contact: datenschutz@nordwind.example.
"""

CALIFORNIA_POLICY = """\
# Privacy Policy

Last updated: 2 February 2026

We collect your name, e-mail address and order history when you shop with us.
We use your personal information to process orders and to prevent fraud.

## Your California privacy rights

If you are a California resident, you have the right to request that we
disclose the categories and specific pieces of personal information we have
collected about you, and to request that we delete it. We do not sell or share
your personal information.

To submit a request, e-mail privacy@lantern.example or call 1-800-555-0123.
"""


def results(text: str, settings: dict[str, str] | None = None, fmt: str = "markdown"):
    doc = parse_text(textwrap.dedent(text), "<test>", fmt)
    return {r.rule: r for r in check_document(doc, PACKS, settings or {}).results}


def test_ccpa_is_a_default_pack_listed_after_the_others():
    assert list(builtin_pack_paths())[:4] == ["gdpr", "coppa", "caloppa", "ccpa"]
    assert [p.id for p in load_packs().packs] == ["gdpr", "coppa", "caloppa", "ccpa"]
    assert sum(r.id.startswith("ccpa.") for r in load_packs().rules) == 20


def test_an_eu_policy_gets_no_ccpa_failure_and_says_why():
    found = results(EU_POLICY)
    assert found, "the pack has rules"
    # A disclosure the text does make may still pass (spec "Outcomes"); nothing fails.
    assert "fail" not in {r.status for r in found.values()}
    assert found["ccpa.right-opt-out"].status == "not_applicable"
    decision = found["ccpa.right-opt-out"].applicability
    assert not decision.applicable and decision.decided_by == "default"
    assert "California" in decision.reason and "ccpa=yes" in decision.reason


def test_a_california_section_makes_the_pack_apply_without_configuration():
    found = results(CALIFORNIA_POLICY)
    decision = found["ccpa.right-opt-out"].applicability
    assert decision.applicable and decision.decided_by == "text"
    assert any("California resident" in e.text for e in decision.evidence)
    for rule in (
        "ccpa.categories-collected",
        "ccpa.purposes",
        "ccpa.sale-sharing",
        "ccpa.right-to-know",
        "ccpa.right-delete",
        "ccpa.request-methods",
        "ccpa.last-updated",
    ):
        assert found[rule].status == "pass", rule
    # "We do not sell or share" is not the right to opt out; nothing about correction or agents
    for rule in ("ccpa.right-opt-out", "ccpa.right-correct", "ccpa.authorized-agent", "ccpa.opt-out-signals"):
        assert found[rule].status == "fail", rule
    assert found["ccpa.last-updated"].value == {"date": "2026-02-02"}


def test_naming_the_ccpa_is_enough_to_apply():
    found = results("Under the CCPA you may ask us to correct inaccurate personal information.")
    assert found["ccpa.right-correct"].status == "pass"
    assert found["ccpa.right-delete"].status == "fail"


def test_the_setting_ccpa_no_makes_every_rule_not_applicable():
    found = results(CALIFORNIA_POLICY, {"ccpa": "no"})
    absent = found["ccpa.right-opt-out"]
    assert absent.status == "not_applicable"
    assert absent.applicability.decided_by == "setting"
    assert "ccpa=no" in absent.applicability.reason


def test_the_setting_ccpa_yes_checks_a_policy_that_never_names_california():
    found = results(EU_POLICY, {"ccpa": "yes"})
    assert found["ccpa.right-opt-out"].status == "fail"
    assert found["ccpa.right-delete"].status == "pass"
    assert found["ccpa.right-delete"].applicability.decided_by == "setting"


def test_a_right_offered_only_in_another_jurisdiction_does_not_count():
    found = results(
        """\
        # Privacy policy

        California residents: we do not sell personal information.

        ## Rights of residents of the EEA and the UK

        You may ask us to correct inaccurate personal data or to delete it.
        """
    )
    assert found["ccpa.right-correct"].status == "fail"
    assert found["ccpa.right-delete"].status == "fail"


MARKDOWN_TABLE = """\
# California privacy notice

In the past 12 months we collected these categories of personal information:

| Category | Examples |
|---|---|
| Identifiers | name, e-mail address, IP address |
| Commercial information | products purchased |
| Geolocation data | approximate location |
"""

HTML_TABLE = """\
<html><body><main>
<h1>Notice to California residents</h1>
<p>The table lists the personal information we collected in the past 12 months.</p>
<table>
<tr><th>Category</th><th>Collected</th></tr>
<tr><td>Identifiers</td><td>Yes</td></tr>
<tr><td>Internet or other electronic network activity information</td><td>Yes</td></tr>
<tr><td>Inferences drawn from the above</td><td>Yes</td></tr>
</table>
</main></body></html>
"""


@pytest.mark.parametrize(
    ("text", "fmt"), [(MARKDOWN_TABLE, "markdown"), (HTML_TABLE, "html")], ids=["markdown", "html"]
)
def test_a_categories_table_answers_categories_collected_with_its_cells(text, fmt):
    found = results(text, fmt=fmt)
    collected = found["ccpa.categories-collected"]
    assert collected.status == "pass"
    quoted = " ".join(e.text for e in collected.evidence)
    assert "Identifiers" in quoted or "Inferences" in quoted or "Geolocation" in quoted


def test_labelled_values_answer_sources_purposes_disclosures_and_sale():
    # What a table cell reads as with its column heading, or a "Label: value" list.
    found = results(
        """\
        California residents: what we collect about job candidates.

        - Sources: the candidate; job boards; referring employees
        - Purposes of collection: contacting candidates; running background checks
        - Disclosed for a business purpose to: background screening providers
        - Sold or shared to: none
        - Retention period: 4 years after the last placement decision
        """
    )
    for rule in ("ccpa.sources", "ccpa.purposes", "ccpa.categories-disclosed", "ccpa.sale-sharing", "ccpa.retention"):
        assert found[rule].status == "pass", rule
    assert found["ccpa.sources"].evidence[0].text.startswith("Sources: the candidate")


TABLE_WITH_COLUMNS = """\
# California privacy notice

| Category | Sources | Purposes | Disclosed for a business purpose to |
|---|---|---|---|
| Identifiers | You; your device | Running your account | Cloud hosting providers |
"""


def test_table_cells_count_with_their_column_headings():
    found = results(TABLE_WITH_COLUMNS)
    for rule in ("ccpa.sources", "ccpa.purposes", "ccpa.categories-disclosed"):
        assert found[rule].status == "pass", rule


def test_a_right_under_a_run_in_heading_for_another_jurisdiction_does_not_count():
    # Saved web pages often head a section with a bold line ended by a line break.
    found = results(
        """\
        <p>This notice is for California residents.</p>
        <p><strong>11. Your California rights<br></strong>You may ask us to delete your personal information.</p>
        <p><strong>12. Your rights under the GDPR<br></strong>Residents of the EEA have these rights.</p>
        <p><strong>a. Rectification<br></strong>You may email us to rectify or correct inaccurate information.</p>
        """,
        fmt="html",
    )
    assert found["ccpa.right-delete"].status == "pass"
    assert found["ccpa.right-correct"].status == "fail"


def test_a_california_accordion_after_an_eea_section_is_not_part_of_it():
    found = results(
        """\
        <h2>Travellers in the EEA</h2>
        <p>If you are in the EEA, you have the right to erasure of your personal data.</p>
        <details>
        <summary>California residents: your CCPA rights</summary>
        <p>California residents have the right to ask us to delete the personal information we collected.</p>
        </details>
        """,
        fmt="html",
    )
    assert found["ccpa.right-delete"].status == "pass"
    assert "California residents" in found["ccpa.right-delete"].evidence[0].text
