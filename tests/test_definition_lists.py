"""HTML definition lists (`<dl>`): a definition (`<dd>`) is read with its term (`<dt>`), the
way a table cell is read with its column heading, so that rules see the pair in one sentence
and the quote shows it ("Data Protection Officer: Dr. A. Vos, a.vos@example.com")."""

from __future__ import annotations

import json

from checker.packs import load_packs
from checker.reading import parse_text

from conftest import check_with, one_rule_pack, run_cli, status_of


def blocks_of(html: str) -> list[tuple[str, str]]:
    doc = parse_text(html, "<test>", "html")
    return [(block.kind, doc.text[block.start : block.end]) for block in doc.blocks]


def texts_of(html: str) -> list[str]:
    return [text for _, text in blocks_of(html)]


# -- how a definition list is read ------------------------------------------------------------


def test_a_definition_is_read_with_its_term_as_one_line():
    html = "<dl><dt>Data Protection Officer</dt><dd>Dr. A. Vos, a.vos@x.example</dd></dl>"
    # the term is not read again on a line of its own above: it is in the definition's line
    assert blocks_of(html) == [("list_item", "Data Protection Officer: Dr. A. Vos, a.vos@x.example")]


def test_each_definition_of_a_term_is_read_with_it():
    html = (
        "<dl><dt>Submitting a request</dt>"
        "<dd>By mail: Privacy Office, 1 Main St, Fresno, CA 93701</dd><dd>By phone: 1-800-555-0177</dd></dl>"
    )
    assert texts_of(html) == [
        "Submitting a request: By mail: Privacy Office, 1 Main St, Fresno, CA 93701",
        "Submitting a request: By phone: 1-800-555-0177",
    ]


def test_several_terms_of_one_definition_are_read_together_and_the_next_term_starts_anew():
    html = "<dl><dt>Email</dt><dt>E-mail address</dt><dd>privacy@x.example</dd><dt>Phone</dt><dd>555 0100</dd></dl>"
    assert texts_of(html) == ["Email, E-mail address: privacy@x.example", "Phone: 555 0100"]


def test_unclosed_items_are_read_as_browsers_show_them():
    assert texts_of("<dl><dt>Access<dd>Ask for a copy.<dt>Erasure<dd>Ask us to delete it.</dl>") == [
        "Access: Ask for a copy.",
        "Erasure: Ask us to delete it.",
    ]


def test_a_definition_of_several_paragraphs_has_its_term_once():
    html = (
        "<dl><dt>Legitimate interests</dt><dd><p>CCTV is used to prevent theft.</p><p>We keep it 30 days.</p></dd></dl>"
    )
    assert texts_of(html) == ["Legitimate interests: CCTV is used to prevent theft.", "We keep it 30 days."]


def test_a_term_set_as_a_heading_stays_a_heading_over_its_definition():
    # a <dl> used for layout: the bold term heads the paragraphs of its definition
    html = (
        "<dl><dt><strong>Your rights</strong></dt><dd><p>You may access your data.</p><p>You may object.</p></dd></dl>"
    )
    doc = parse_text(html, "<test>", "html")
    assert [(b.kind, doc.text[b.start : b.end]) for b in doc.blocks] == [
        ("heading", "Your rights"),
        ("paragraph", "Your rights: You may access your data."),
        ("paragraph", "You may object."),
    ]
    assert doc.section_path(doc.blocks[2].section) == ("Your rights",)


def test_a_question_or_a_long_term_is_read_alone():
    assert texts_of("<dl><dt>How do I opt out?</dt><dd>Email us.</dd></dl>") == ["How do I opt out?", "Email us."]
    long_term = "A term of many words " * 6
    assert texts_of(f"<dl><dt>{long_term}</dt><dd>Its definition.</dd></dl>") == [long_term.strip(), "Its definition."]


def test_a_definition_that_names_its_term_itself_is_read_as_it_is():
    html = "<dl><dt>Legitimate interest</dt><dd>Some processing is based on our legitimate interests.</dd></dl>"
    assert texts_of(html) == ["Legitimate interest", "Some processing is based on our legitimate interests."]


def test_a_term_without_a_definition_and_a_definition_without_a_term_are_read_as_they_are():
    assert texts_of("<dl><dt>Lonely term</dt></dl><p>Next.</p>") == ["Lonely term", "Next."]
    assert texts_of("<dl><dd>No term</dd></dl>") == ["No term"]
    assert texts_of("<p>Intro.</p><dl><dt>Left open") == ["Intro.", "Left open"]


def test_nested_definition_lists_read_each_definition_with_its_own_term():
    html = "<dl><dt>Outer</dt><dd><dl><dt>Inner</dt><dd>text</dd></dl>after</dd></dl>"
    assert texts_of(html) == ["Outer: Inner", "Inner: text", "after"]


def test_a_definition_list_in_a_table_cell_keeps_the_column_heading():
    html = "<table><tr><th>Contact</th></tr><tr><td><dl><dt>DPO</dt><dd>dpo@x.example</dd></dl></td></tr></table>"
    assert texts_of(html) == ["Contact", "Contact: DPO", "DPO: dpo@x.example"]


def test_hidden_definitions_are_not_read_and_their_term_is_read_alone():
    html = '<dl><dt>Phone</dt><dd style="display:none">555 0100</dd></dl><p>Next.</p>'
    assert texts_of(html) == ["Phone", "Next."]


def test_line_numbers_stay_those_of_the_source():
    html = "<dl>\n<dt>Data Protection Officer</dt>\n<dd>Dr. A. Vos,\na.vos@x.example</dd>\n</dl>\n"
    doc = parse_text(html, "<test>", "html")
    start = doc.text.index("Dr. A. Vos")
    assert doc.line_of(start) == 3
    assert doc.line_of(doc.text.index("a.vos@")) == 4


def test_lists_other_than_definition_lists_are_read_as_before():
    assert texts_of("<ul><li>Access</li><li>Erasure</li></ul>") == ["Access", "Erasure"]


# -- rules see the pair, and the quote shows it ---------------------------------------------


def test_a_rule_sees_the_term_and_its_definition_in_one_sentence(tmp_path):
    pack = one_rule_pack(tmp_path, "all: [{phrases: [data protection officer]}, {extract: email}]")
    html = "<dl><dt>Data Protection Officer</dt><dd>Dr. A. Vos, a.vos@x.example</dd></dl>"
    result = check_with(pack, html, "html")
    assert status_of(result, "t.r") == "pass"
    assert [e.text for e in result.results[0].evidence] == ["Data Protection Officer: Dr. A. Vos, a.vos@x.example"]
    # two list items of a <ul> stay two sentences
    as_items = html.replace("dl>", "ul>").replace("dt>", "li>").replace("dd>", "li>")
    assert status_of(check_with(pack, as_items, "html"), "t.r") == "fail"


DL_POLICY = """\
<h1>Privacy notice</h1>
<p>Meridian Labs Ltd is the controller of your personal data.</p>
<dl>
  <dt>Data Protection Officer</dt>
  <dd>Dr. Helena Vos, <a href="mailto:h.vos@meridianlabs.example">h.vos@meridianlabs.example</a></dd>
  <dt>Legitimate interests</dt>
  <dd>CCTV is used to prevent theft.</dd>
</dl>
"""


def test_the_built_in_packs_pass_the_dpo_contact_given_in_a_definition_list():
    result = check_with(load_packs(["gdpr"]), DL_POLICY, "html")
    dpo = next(r for r in result.results if r.rule == "gdpr.dpo-contact")
    assert dpo.status == "pass"
    assert dpo.evidence[0].text == "Data Protection Officer: Dr. Helena Vos, h.vos@meridianlabs.example"
    assert dpo.evidence[0].line == 5
    interests = next(r for r in result.results if r.rule == "gdpr.legitimate-interests")
    assert interests.status == "pass"
    assert interests.evidence[0].text == "Legitimate interests: CCTV is used to prevent theft."


def test_the_cli_reports_the_pair_as_evidence(tmp_path):
    policy = tmp_path / "notice.html"
    policy.write_text(DL_POLICY, encoding="utf-8")
    outcome = run_cli("check", policy, "--pack", "gdpr", "--format", "json", "--fail-on", "never")
    assert outcome.exit_code == 0, outcome.output
    report, _ = json.JSONDecoder().raw_decode(outcome.output)  # the summary line follows it
    results = {r["rule"]: r for r in report["documents"][0]["results"]}
    assert results["gdpr.dpo-contact"]["status"] == "pass"
    assert results["gdpr.dpo-contact"]["evidence"][0]["text"].startswith("Data Protection Officer: Dr. Helena Vos")


# -- an accordion inside a section ------------------------------------------------------------


def _sections(html: str) -> list[tuple[str, ...]]:
    doc = parse_text(html, "<test>", "html")
    return [section.path for section in doc.sections]


def test_an_accordion_led_into_by_its_section_is_a_part_of_that_section():
    html = (
        "<h1>Privacy notice for parents</h1><h2>Your rights</h2><p>Under the law you can:</p>"
        "<details><summary>The list of rights</summary>"
        "<dl><dt>Erasure</dt><dd>Ask us to remove what we no longer need.</dd></dl></details>"
        "<h2>Contact</h2><p>Write to the office.</p>"
    )
    assert ("Privacy notice for parents", "Your rights", "The list of rights") in _sections(html)
    assert "Erasure: Ask us to remove what we no longer need." in texts_of(html)


def test_an_accordion_that_only_opens_its_panel_is_a_part_of_the_section():
    html = (
        "<h2>How long we keep it</h2><p>We keep records for a while.</p>"
        "<details><summary>Show the full schedule</summary><p>Invoices: six years.</p></details>"
    )
    assert ("How long we keep it", "Show the full schedule") in _sections(html)


def test_an_accordion_right_under_a_heading_is_a_part_of_its_section():
    html = "<h2>Your choices</h2><details><summary>Email</summary><p>Unsubscribe at any time.</p></details>"
    assert ("Your choices", "Email") in _sections(html)


def test_an_accordion_after_a_sections_text_stands_beside_it():
    html = (
        "<h2>Travellers in the EEA</h2><p>You may ask for erasure.</p>"
        "<details><summary>California residents</summary><p>You may ask us to delete.</p></details>"
    )
    assert ("California residents",) in _sections(html)
