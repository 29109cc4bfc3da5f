"""The Document model: blocks, sections, sentences, and offsets back to source lines."""

from __future__ import annotations

from checker.reading import parse_text


def blocks(doc):
    return [(b.kind, doc.text[b.start : b.end]) for b in doc.blocks]


def line_of_text(doc, needle: str) -> int:
    return doc.line_of(doc.text.index(needle))


# -- plain text ----------------------------------------------------------------

TEXT_POLICY = """ACME PRIVACY POLICY
Last updated: 1 May 2024

Information We Collect
We collect your name and
e-mail address when you register.
- Contact details;
- Payment details.

How We Use It
We use it to run the service. We never sell it.
"""


def test_text_headings_paragraphs_and_list_items():
    doc = parse_text(TEXT_POLICY, "p.txt", "text")
    kinds = blocks(doc)
    assert ("heading", "ACME PRIVACY POLICY") in kinds
    assert ("heading", "Information We Collect") in kinds
    # A hard-wrapped paragraph is one block.
    assert ("paragraph", "We collect your name and e-mail address when you register.") in kinds
    assert ("list_item", "Contact details;") in kinds
    assert ("list_item", "Payment details.") in kinds


def test_text_numbered_capitals_are_headings_and_address_lines_are_not():
    text = (
        "ACME PRIVACY POLICY\n\nWe collect data.\n\n9. QUESTIONS\nIf you have questions, write to us:\n\n"
        "Acme Inc.\n123 Main Street\nSan Francisco, CA 94105\nprivacy@acme.example\n\n1. Name\n2. Email address\n"
    )
    kinds = blocks(parse_text(text, "p.txt", "text"))
    assert ("heading", "9. QUESTIONS") in kinds
    assert ("paragraph", "123 Main Street San Francisco, CA 94105 privacy@acme.example") in kinds
    assert ("list_item", "Name") in kinds and ("list_item", "Email address") in kinds


def test_a_numbered_clause_wrapped_onto_a_lower_case_line_is_a_paragraph_not_a_heading():
    text = "3. LEGAL BASES\n\n3.4 We rely on our legitimate interests for the\nreference checks: we need good staff.\n"
    kinds = blocks(parse_text(text, "p.txt", "text"))
    assert ("heading", "3. LEGAL BASES") in kinds
    wrapped = "3.4 We rely on our legitimate interests for the reference checks: we need good staff."
    assert ("paragraph", wrapped) in kinds


def test_a_plain_text_faq_question_heads_its_answer_like_a_markdown_question_heading():
    text = (
        "Privacy questions and answers\n\n"
        "Can I have my details deleted?\nYes, just ask us at privacy@pebble.example.\n\n"
        "Q: Do you sell my data?\nA: No. We never sell it.\n\n"
        "We keep it safe. Why does that matter? Because you trust us.\n"
        "Do you have questions about\nthis policy? Write to us.\n"
    )
    doc = parse_text(text, "faq.txt", "text")
    kinds = blocks(doc)
    assert ("heading", "Can I have my details deleted?") in kinds
    assert ("heading", "Q: Do you sell my data?") in kinds
    answer = doc.blocks[[b for _, b in kinds].index("Yes, just ask us at privacy@pebble.example.")]
    assert doc.sections[answer.section].title == "Can I have my details deleted?"
    # a question inside a paragraph, or a wrapped one, stays paragraph text
    assert ("paragraph", "We keep it safe. Why does that matter? Because you trust us.") in kinds
    assert ("paragraph", "Do you have questions about this policy? Write to us.") in kinds


def test_words_hyphenated_across_line_ends_are_joined_in_text_exports():
    # PDF exports and hard-wrapped text break words at line ends; a compound keeps its hyphen
    text = (
        "We do not reject candidates automatical-\nly, and our legitimate inter-\nests are named.\n"
        "We send e-\nmail to third-\nparty firms. Page 2 of 4 -\nnext page.\n"
    )
    doc = parse_text(text, "p.txt", "text")
    assert "automatically, and our legitimate interests are named." in doc.text
    assert "We send e-mail to third-party firms." in doc.text
    assert "Page 2 of 4 - next page." in doc.text  # a hyphen standing alone breaks no word
    assert line_of_text(doc, "and our legitimate") == 2  # the rest of a line keeps its own line


def test_text_offsets_map_to_source_lines():
    doc = parse_text(TEXT_POLICY, "p.txt", "text")
    assert line_of_text(doc, "ACME") == 1
    assert line_of_text(doc, "e-mail address") == 6
    assert line_of_text(doc, "Payment") == 8
    assert line_of_text(doc, "We never sell") == 11


def test_sections_carry_the_headings_above_them():
    doc = parse_text(TEXT_POLICY, "p.txt", "text")
    block = next(b for b in doc.blocks if doc.text[b.start : b.end].startswith("We use it"))
    assert doc.section_path(block.section)[-1] == "How We Use It"


def test_sentences_split_but_not_after_abbreviations():
    doc = parse_text("We are ACME Ltd. and we use data, e.g. your name. You may object. Write to us.", "p", "text")
    sentences = [doc.text[s.start : s.end] for s in doc.sentences]
    assert sentences == ["We are ACME Ltd. and we use data, e.g. your name.", "You may object.", "Write to us."]


# -- Markdown --------------------------------------------------------------------

MARKDOWN_POLICY = """# Privacy Policy

Intro with **bold** and _emphasis_ and a [link](https://example.com/x).

Your Rights
-----------

* You can **access** your data.
* You can ask us to delete it,
  even after you close your account.

| Purpose | Legal basis |
|---------|-------------|
| Billing | Contract    |

### Contact
Email [privacy@example.com](mailto:privacy@example.com) or [write to us](mailto:dpo@example.com).
"""


def test_markdown_blocks_and_emphasis_stripped():
    doc = parse_text(MARKDOWN_POLICY, "p.md", "markdown")
    kinds = blocks(doc)
    assert ("heading", "Privacy Policy") in kinds
    assert ("heading", "Your Rights") in kinds  # setext
    assert ("paragraph", "Intro with bold and emphasis and a link.") in kinds
    assert ("list_item", "You can access your data.") in kinds
    assert ("list_item", "You can ask us to delete it, even after you close your account.") in kinds
    assert ("table_cell", "Legal basis") in kinds
    assert ("table_cell", "Legal basis: Contract") in kinds  # a cell is read with its column heading
    assert ("paragraph", "Email privacy@example.com or write to us (dpo@example.com).") in kinds


def test_markdown_lines_point_into_the_source():
    doc = parse_text(MARKDOWN_POLICY, "p.md", "markdown")
    assert line_of_text(doc, "Intro") == 3
    assert line_of_text(doc, "Your Rights") == 5
    assert line_of_text(doc, "access") == 8
    assert line_of_text(doc, "even after") == 10
    assert line_of_text(doc, "Contract") == 14
    assert line_of_text(doc, "Email") == 17


def test_markdown_heading_levels_nest_sections():
    doc = parse_text(MARKDOWN_POLICY, "p.md", "markdown")
    block = next(b for b in doc.blocks if doc.text[b.start : b.end].startswith("Email"))
    assert doc.section_path(block.section) == ("Privacy Policy", "Your Rights", "Contact")


# -- HTML ---------------------------------------------------------------------------

HTML_POLICY = """<!DOCTYPE html>
<html>
<head><title>Not visible</title><style>p { color: red }</style></head>
<body>
<nav hidden>Home | About</nav>
<script>var tracking = "do not match me";</script>
<h1>Privacy   Policy</h1>
<p>We are <b>ACME&nbsp;Ltd</b>.
You can email us.</p>
<p><strong>Your rights</strong></p>
<ul>
  <li>Access</li>
  <li>Erasure</li>
</ul>
<div style="display: none">hidden text</div>
<template><p>template text</p></template>
<table><tr><th>Data</th><td>Name, e-mail</td></tr></table>
</body>
</html>
"""


def test_html_keeps_only_visible_text():
    doc = parse_text(HTML_POLICY, "p.html", "html")
    for invisible in ("Not visible", "color: red", "Home", "do not match me", "hidden text", "template text"):
        assert invisible not in doc.text


def test_html_blocks_headings_and_bold_only_headings():
    doc = parse_text(HTML_POLICY, "p.html", "html")
    kinds = blocks(doc)
    assert ("heading", "Privacy Policy") in kinds
    assert ("paragraph", "We are ACME Ltd. You can email us.") in kinds
    assert ("heading", "Your rights") in kinds  # bold-only paragraph acts as a heading
    assert ("list_item", "Erasure") in kinds
    assert ("table_cell", "Data: Name, e-mail") in kinds  # a cell is read with its row heading
    erasure = next(b for b in doc.blocks if doc.text[b.start : b.end] == "Erasure")
    assert doc.section_path(erasure.section) == ("Privacy Policy", "Your rights")


RUN_IN_HEADINGS = """<html><body>
<p><strong>11. Your California rights</strong></p>
<p><strong><em>a. Right to delete<br></em></strong>You may ask us to delete your data.</p>
<p><strong>12. Your rights under the GDPR<br></strong>Residents of the EEA have further rights.</p>
<p><em><strong>a. Rectification</strong></em><br>You may ask us to correct your data.</p>
<p><strong>Email:</strong><br>privacy@example.com</p>
</body></html>"""


def test_a_bold_line_ending_in_a_line_break_heads_the_paragraph_it_starts():
    doc = parse_text(RUN_IN_HEADINGS, "p.html", "html")
    kinds = blocks(doc)
    assert ("heading", "12. Your rights under the GDPR") in kinds
    assert ("paragraph", "Residents of the EEA have further rights.") in kinds
    # numbered bold headings head the lettered ones after them
    correct = next(b for b in doc.blocks if doc.text[b.start : b.end].startswith("You may ask us to correct"))
    assert doc.section_path(correct.section) == ("12. Your rights under the GDPR", "a. Rectification")
    delete = next(b for b in doc.blocks if doc.text[b.start : b.end].startswith("You may ask us to delete"))
    assert doc.section_path(delete.section) == ("11. Your California rights", "a. Right to delete")
    # a bold label whose value follows on the next line is no heading
    assert kinds[-1] == ("paragraph", "Email: privacy@example.com")


def test_html_lines_point_into_the_html_source():
    doc = parse_text(HTML_POLICY, "p.html", "html")
    assert line_of_text(doc, "Privacy Policy") == 7
    assert line_of_text(doc, "We are") == 8
    assert line_of_text(doc, "You can email") == 9
    assert line_of_text(doc, "Erasure") == 13
    assert line_of_text(doc, "Name, e-mail") == 17


def test_malformed_html_is_read_without_error():
    doc = parse_text("<p>One <b>two</p><p>three</i></div><li>four", "bad.html", "html")
    assert [doc.text[b.start : b.end] for b in doc.blocks] == ["One two", "three", "four"]


def test_every_offset_maps_to_a_line_inside_the_file():
    for text, fmt in ((TEXT_POLICY, "text"), (MARKDOWN_POLICY, "markdown"), (HTML_POLICY, "html")):
        doc = parse_text(text, "p", fmt)
        lines = text.count("\n") + 1
        assert all(1 <= doc.line_of(i) <= lines for i in range(len(doc.text)))
