"""Policies as they are really published: site-generator Markdown (front matter,
template tags, entities, HTML blocks), tables read with their headings, invisible
characters inside words, HTML that hides text or never closes <head>, UTF-32, and
saved web pages whose notices sit in accordions and tabs (issue 17 items 8-12,
issue 20 items 3 and 6)."""

from __future__ import annotations

import pytest

from checker.errors import InputError
from checker.packs import load_packs
from checker.reading import decode, parse_text, read_document

from conftest import check_with, docx_bytes, status_of

PACKS = load_packs()


def blocks(doc) -> list[tuple[str, str, int]]:
    return [(b.kind, doc.text[b.start : b.end], doc.line_of(b.start)) for b in doc.blocks]


def evidence_of(result, rule_id: str):
    return next(r for r in result.results if r.rule == rule_id).evidence


# -- Item 8: front matter ------------------------------------------------------------

YAML_FRONT_MATTER = """---
title: "Privacy Policy"
layout: legal
lastmod: 2024-03-01T10:00:00+01:00
tags:
  - legal
---

We are Example Ltd, 1 High Street, London.
"""


def test_yaml_front_matter_gives_the_title_and_the_date_and_nothing_else():
    doc = parse_text(YAML_FRONT_MATTER, "privacy.md", "markdown")
    assert blocks(doc) == [
        ("heading", "Privacy Policy", 2),
        ("paragraph", "Last updated: 2024-03-01", 4),
        ("paragraph", "We are Example Ltd, 1 High Street, London.", 9),
    ]
    for metadata in ("layout", "legal", "tags", "---"):
        assert metadata not in doc.text


def test_a_front_matter_date_is_the_policys_date_with_evidence_on_its_line():
    result = check_with(PACKS, YAML_FRONT_MATTER, "markdown")
    assert status_of(result, "caloppa.effective-date") == "pass"
    (evidence,) = evidence_of(result, "caloppa.effective-date")[:1]
    assert evidence.line == 4 and evidence.value == {"date": "2024-03-01"}
    without_date = YAML_FRONT_MATTER.replace("lastmod: 2024-03-01T10:00:00+01:00\n", "")
    assert status_of(check_with(PACKS, without_date, "markdown"), "caloppa.effective-date") == "fail"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('+++\ntitle = "Privacy"\neffective_date = "2025-08-14"\n+++\n\nText.\n', "Effective date: 2025-08-14"),
        ('{\n  "title": "Privacy",\n  "updated": "March 3, 2024"\n}\n\nText.\n', "Last updated: March 3, 2024"),
        ("---\ntitle: Privacy\ndate: 2023-01-01\nlastUpdated: 2024-05-02\n---\nText.\n", "Last updated: 2024-05-02"),
    ],
)
def test_toml_and_json_front_matter_and_the_most_specific_date(source, expected):
    doc = parse_text(source, "privacy.md", "markdown")
    kinds = blocks(doc)
    assert kinds[0] == ("heading", "Privacy", 2)
    date_line = source.split("\n").index(next(line for line in source.split("\n") if expected[-4:] in line)) + 1
    assert kinds[1] == ("paragraph", expected, date_line)
    assert kinds[2][:2] == ("paragraph", "Text.")


def test_front_matter_without_a_date_value_and_a_body_with_its_own_title():
    source = "---\ntitle: Privacy Policy\nlastUpdated: false\n---\n\n# Privacy Policy\n\nText.\n"
    doc = parse_text(source, "privacy.md", "markdown")
    assert blocks(doc) == [("heading", "Privacy Policy", 6), ("paragraph", "Text.", 8)]


def test_a_thematic_break_later_in_the_file_is_no_front_matter():
    source = "Intro text.\n\n---\n\ntitle: not metadata\n"
    doc = parse_text(source, "privacy.md", "markdown")
    assert "title: not metadata" in doc.text


# -- Item 9: template tags, entities, hard breaks, HTML tables --------------------------


def test_template_tags_are_dropped_and_paired_shortcodes_keep_their_text():
    source = (
        "# Privacy\n"
        '{{< notice type="info" >}}\n'
        "We keep your data for {{ .Site.Params.retention }} six years.\n"
        "{{< /notice >}}\n"
        "{% include cookie-table.html %}\n"
        "{{% details %}}You can object at any time.{{% /details %}}\n"
        "<%= render 'footer' %>\n"
        "<% if user %>Signed in.<% end %>\n"
        "{# a Jinja comment #}\n"
        "{{< figure\n"
        '    src="x.png" >}}\n'
        "Contact privacy@example.com.\n"
    )
    doc = parse_text(source, "privacy.md", "markdown")
    for tag_text in ("{{", "}}", "{%", "%}", "<%", "%>", "notice", "include", "render", "Jinja", "figure"):
        assert tag_text not in doc.text
    assert "We keep your data for six years." in doc.text
    assert "You can object at any time." in doc.text
    assert "Signed in." in doc.text
    assert doc.line_of(doc.text.index("Contact")) == 12  # a tag over two lines keeps the line count


def test_entities_are_decoded_and_hard_break_backslashes_dropped():
    source = "Email&nbsp;us at privacy@example.com &amp; we reply.\\\nWe are Example&nbsp;Ltd.\n"
    doc = parse_text(source, "privacy.md", "markdown")
    assert doc.folded == "email us at privacy@example.com & we reply. we are example ltd."
    assert "\\" not in doc.text and "&amp;" not in doc.text


def test_an_html_table_in_markdown_is_read_cell_by_cell_with_headings():
    source = (
        "## What we collect\n\n"
        "<table>\n"
        "<tr><th>Data</th><th>Why</th></tr>\n"
        "<tr><td>Messages you send us</td><td>to deliver messages</td></tr>\n"
        "</table>\n\n"
        "Text after.\n"
    )
    doc = parse_text(source, "privacy.md", "markdown")
    assert blocks(doc) == [
        ("heading", "What we collect", 1),
        ("table_cell", "Data", 4),
        ("table_cell", "Why", 4),
        ("table_cell", "Data: Messages you send us", 5),
        ("table_cell", "Why: to deliver messages", 5),
        ("paragraph", "Text after.", 8),
    ]
    assert "us- messages" not in doc.text and "usto" not in doc.text


def test_html_blocks_in_markdown_give_headings_and_kramdown_attributes_go():
    source = "<h2>Your rights</h2>\n<p>You may object.</p>\n\n## Contact {#contact}\n\nWrite to us.\n"
    doc = parse_text(source, "privacy.md", "markdown")
    assert blocks(doc) == [
        ("heading", "Your rights", 1),
        ("paragraph", "You may object.", 2),
        ("heading", "Contact", 4),
        ("paragraph", "Write to us.", 6),
    ]


# -- Issue 20 item 3: table cells count with their column headings ------------------

CATEGORIES_MD = """## California Privacy Notice

| Categories of personal information | Sources | Disclosed to |
|---|---|---|
| Identifiers | Directly from you | Service providers |
| Internet activity |  | Analytics providers |
"""

CATEGORIES_HTML = """<h2>California Privacy Notice</h2>
<table>
<thead><tr><th>Categories of personal information</th><th colspan="1">Sources</th><th>Disclosed to</th></tr></thead>
<tbody>
<tr><td>Identifiers</td><td><p>Directly from you</p></td><td>Service providers</td></tr>
<tr><td>Internet activity</td><td></td><td>Analytics providers</td></tr>
</tbody>
</table>
"""


@pytest.mark.parametrize(("source", "fmt", "first_row"), [(CATEGORIES_MD, "markdown", 5), (CATEGORIES_HTML, "html", 5)])
def test_table_cells_are_read_with_their_column_headings(source, fmt, first_row):
    doc = parse_text(source, f"notice.{fmt}", fmt)
    cells = [(text, line) for kind, text, line in blocks(doc) if kind == "table_cell"]
    assert cells == [
        ("Categories of personal information", first_row - 2 if fmt == "markdown" else 3),
        ("Sources", first_row - 2 if fmt == "markdown" else 3),
        ("Disclosed to", first_row - 2 if fmt == "markdown" else 3),
        ("Categories of personal information: Identifiers", first_row),
        ("Sources: Directly from you", first_row),
        ("Disclosed to: Service providers", first_row),
        ("Categories of personal information: Internet activity", first_row + 1),
        ("Disclosed to: Analytics providers", first_row + 1),
    ]
    # The cell, heading included, is its own sentence: rules match it as one statement.
    sentences = [doc.text[s.start : s.end] for s in doc.sentences]
    assert "Categories of personal information: Identifiers" in sentences


def test_a_row_heading_heads_cells_without_a_column_heading():
    source = "<table><tr><th>Location</th><td>United States</td></tr><tr><th>Purpose</th><td>Hosting</td></tr></table>"
    doc = parse_text(source, "p.html", "html")
    cells = [text for kind, text, _ in blocks(doc) if kind == "table_cell"]
    assert cells == ["Location", "Location: United States", "Purpose", "Purpose: Hosting"]


# -- Item 10: invisible characters inside words ------------------------------------


@pytest.mark.parametrize(
    ("source", "fmt", "line"),
    [
        ("Intro.\n\nYou may lodge a com&shy;plaint with a supervisory authority.\n", "markdown", 3),
        ("<p>Intro.</p>\n<p>You may lodge a com&shy;plaint with a super&#8203;visory authority.</p>", "html", 2),
        ("Intro.\n\nYou may lodge a com\u00adplaint with a super\u200bvisory author\u2060ity\ufeff.\n", "text", 3),
        ("Intro.\n\nYou may lodge a com\u200cplaint with a supervisory author\u200dity.\n", "text", 3),
    ],
)
def test_soft_hyphens_and_zero_width_characters_do_not_split_words(source, fmt, line):
    doc = parse_text(source, f"p.{fmt}", fmt)
    assert "You may lodge a complaint with a supervisory authority." in doc.text
    result = check_with(PACKS, source, fmt)
    assert status_of(result, "gdpr.right-complaint") == "pass"
    for evidence in evidence_of(result, "gdpr.right-complaint"):
        assert doc.text[evidence.start : evidence.end] == evidence.text
        assert evidence.line == line


def test_text_reversed_by_a_right_to_left_override_is_not_read():
    source = "Intro.\n\n\u202eYou may lodge a complaint with a supervisory authority.\u202c Contact us.\n"
    doc = parse_text(source, "p.txt", "text")
    assert "complaint" not in doc.text and "Contact us." in doc.text
    assert status_of(check_with(PACKS, source), "gdpr.right-complaint") == "fail"


# -- Item 11: HTML head and hidden text ----------------------------------------------


def test_an_unclosed_head_ends_where_the_body_starts():
    source = (
        "<!doctype html><html><head><meta charset=utf-8><title>Privacy</title>\n"
        "<link rel=stylesheet href=x.css>\n"
        "<h1>Privacy Policy</h1>\n<p>We are Example Ltd.</p>\n"
    )
    doc = parse_text(source, "p.html", "html")
    assert blocks(doc) == [("heading", "Privacy Policy", 3), ("paragraph", "We are Example Ltd.", 4)]


def test_text_hidden_by_style_classes_and_inline_styles_is_not_read():
    source = (
        "<html><head><style>\n"
        "p { margin: 0 }\n"
        ".seo-only, #spam { display: none }\n"
        "div.gone { visibility : hidden; color: red }\n"
        "@media (max-width: 600px) { .desktop { display: none } }\n"
        ".card .nested { display: none }\n"
        "</style></head><body>\n"
        "<p>Visible text.</p>\n"
        '<p class="lead seo-only">hidden one</p>\n'
        '<p id="spam">hidden two</p>\n'
        '<div class="gone">hidden three</div>\n'
        '<p style="font-size:0">hidden four</p>\n'
        '<p style="position:absolute; left:-9999px">hidden five</p>\n'
        '<p><bdo dir="rtl">hidden six</bdo> <span style="unicode-bidi: bidi-override; direction: rtl">hidden '
        "seven</span></p>\n"
        '<p class="desktop">Shown on wide screens.</p>\n'
        '<p class="nested">Shown unless nested.</p>\n'
        '<p style="font-size:0.9em">Small print.</p>\n'
        "</body></html>"
    )
    doc = parse_text(source, "p.html", "html")
    assert "hidden" not in doc.text
    for kept in ("Visible text.", "Shown on wide screens.", "Shown unless nested.", "Small print."):
        assert kept in doc.text


# -- Issue 20 item 6: notices in accordions, <details> and tabs ---------------------

SAVED_PAGE = """<!doctype html>
<html><head><style>.acc-body { display: none } .tab-pane { display: none }</style></head>
<body>
<div class="cookie-banner">We use cookies. Accept all?</div>
<nav><a href="/">Home</a></nav>
<main>
<h1>Privacy Policy</h1>
<p>We are Example Inc., 1 Main Street, Springfield.</p>
<details><summary>California residents</summary>
<p>You have the right to know what personal information we collect.</p></details>
<div class="accordion"><button>Nevada</button>
<div class="acc-body collapse" aria-hidden="true">Nevada residents may opt out of sales.</div></div>
<div role="tabpanel" hidden>Virginia residents may appeal our decision.</div>
<div class="tab-pane">Colorado residents may correct their data.</div>
<section class="california-privacy-notice"><p>We do not sell personal information.</p></section>
</main>
<footer>Copyright Example Inc.</footer>
</body></html>
"""


def test_notices_in_accordions_details_and_tab_panels_survive_boilerplate_removal():
    doc = parse_text(SAVED_PAGE, "privacy.html", "html")
    for notice in (
        "You have the right to know what personal information we collect.",
        "Nevada residents may opt out of sales.",
        "Virginia residents may appeal our decision.",
        "Colorado residents may correct their data.",
        "We do not sell personal information.",
    ):
        assert notice in doc.text
    for chrome in ("Accept all", "Home", "Copyright"):
        assert chrome not in doc.text
    nevada = doc.text.index("Nevada residents")
    assert doc.line_of(nevada) == 12


# -- Item 12: UTF-32 ------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_utf32_with_a_bom_is_decoded(tmp_path, codec):
    path = tmp_path / "privacy.txt"
    path.write_bytes("\ufeffPrivacy Policy\n\nWe are Example Ltd.\n".encode(codec))
    doc = read_document(str(path))
    assert doc.encoding == "utf-32"
    assert blocks(doc) == [("heading", "Privacy Policy", 1), ("paragraph", "We are Example Ltd.", 3)]


def test_truncated_utf32_is_a_clear_error():
    with pytest.raises(InputError, match="invalid UTF-32"):
        decode("\ufeffPrivacy".encode("utf-32-le")[:-1], "p.txt")


def test_a_page_template_saved_as_html_loses_its_tags():
    source = (
        '{% extends "base.html" %}\n{% block content %}\n<h1>Privacy</h1>\n'
        "<p>We are {{ company }} Example Ltd.<%= footnote %></p>\n{% endblock %}\n"
    )
    doc = parse_text(source, "privacy.html", "html")
    assert blocks(doc) == [("heading", "Privacy", 3), ("paragraph", "We are Example Ltd.", 4)]


def test_what_a_widget_or_the_page_shows_again_is_not_hidden():
    source = (
        "<html style='top: -10488px'><head><style>\n"
        ".dropdown-body { display: none }\n"
        ".dropdown-body.is-open { display: block }\n"
        "#section { display: none }\n"
        "</style></head><body style='display:none'>\n"
        '<div class="dropdown-body"><p>We share data with service providers.</p></div>\n'
        '<div id="section" style="display: block"><p>You may ask us to delete your data.</p></div>\n'
        "</body></html>"
    )
    doc = parse_text(source, "p.html", "html")
    assert "We share data with service providers." in doc.text  # opened by a class the page toggles
    assert "You may ask us to delete your data." in doc.text  # its own style overrides the rule


def test_main_content_hidden_for_a_dialog_accordion_regions_and_reveal_animations_are_read():
    source = (
        "<html><body>\n"
        '<div role="dialog" aria-hidden="true"><p>Sign up for our newsletter.</p></div>\n'
        '<div id="main" role="main" aria-hidden="true">\n'
        "<h1>Privacy Policy</h1>\n"
        '<button id="acc-1" aria-controls="panel-1">Your rights</button>\n'
        '<div id="panel-1" role="region" aria-labelledby="acc-1" style="visibility: hidden;">'
        "<p>You may ask us to delete your data.</p></div>\n"
        '<div class="wow" style="visibility: hidden; animation-name: none;"><p>We do not sell data.</p></div>\n'
        '<div style="display: none; animation-name: none;"><p>hidden one</p></div>\n'
        '<div role="region" style="visibility: hidden;"><p>hidden two</p></div>\n'
        '<span aria-hidden="true">hidden three</span>\n'
        "</div></body></html>"
    )
    doc = parse_text(source, "p.html", "html", remove_boilerplate=False)
    for kept in ("Privacy Policy", "You may ask us to delete your data.", "We do not sell data."):
        assert kept in doc.text
    assert "hidden" not in doc.text
    assert "newsletter" not in doc.text  # the dialog itself stays hidden


def test_a_closed_animated_accordion_is_read_and_its_scripts_stay_hidden():
    # An accordion saved closed: its panel's wrapper collapsed to no height, and what the
    # script will show set to display:none until the reader opens it.
    source = (
        "<html><body><main><h1>Privacy Policy</h1>\n"
        '<button id="acc-0" aria-controls="panel-0">Your California rights</button>\n'
        '<div id="panel-0" role="region" aria-labelledby="acc-0">'
        '<div style="height:0;overflow:hidden" aria-hidden="true">'
        '<div style="opacity: 0; display: none;"><p>You may ask us to delete your data.</p>'
        "<script>var hidden = 1;</script></div></div></div>\n"
        '<div class="faq-answer" style="display:none"><div aria-hidden="true">'
        "<p>We do not sell personal information.</p></div></div>\n"
        '<div aria-hidden="true"><div style="height: 0; overflow: hidden">'
        "<p>hidden: not a panel's wrapper</p></div></div>\n"
        "</main></body></html>"
    )
    doc = parse_text(source, "p.html", "html")
    assert "You may ask us to delete your data." in doc.text
    assert "We do not sell personal information." in doc.text
    assert "hidden" not in doc.text


def test_paragraphs_typed_with_bullet_signs_are_list_items():
    # Word's HTML export and site builders type a list as paragraphs opening with a sign
    source = (
        "<html><body><h2>Your rights</h2>\n"
        "<p>Residents of these states may:</p>\n"
        "<p><span style='font-family:Symbol'>\u00b7</span>&nbsp;&nbsp;Ask for a copy of their data.</p>\n"
        "<p>\u25cf Correct inaccurate data about them.</p>\n"
        "<p>- Delete their data.</p>\n"
        "<p>-5 degrees is cold, and so is this paragraph.</p>\n"
        "</body></html>"
    )
    doc = parse_text(source, "p.html", "html", remove_boilerplate=False)
    kinds = {doc.text[b.start : b.end]: (b.kind, b.level) for b in doc.blocks}
    assert kinds["Residents of these states may:"] == ("paragraph", 0)
    assert kinds["\u00b7 Ask for a copy of their data."] == ("list_item", 1)
    assert kinds["\u25cf Correct inaccurate data about them."] == ("list_item", 1)
    assert kinds["- Delete their data."] == ("list_item", 1)
    assert kinds["-5 degrees is cold, and so is this paragraph."] == ("paragraph", 0)


def test_a_block_with_a_heading_class_is_a_heading():
    source = (
        "<html><body><h2>Your rights (EU)</h2>\n"
        "<p><b>Supervisory authority under the GDPR:</b></p><p>You may complain to your authority.</p>\n"
        '<div class="title-h5 padding-top-20px">California residents</div>\n'
        '<p class="mb-0 h5">Non-discrimination</p>\n'
        '<div class="min-h4 w-100">We will not discriminate against you.</div>\n'
        "</body></html>"
    )
    doc = parse_text(source, "p.html", "html", remove_boilerplate=False)
    kinds = {doc.text[b.start : b.end]: (b.kind, b.level) for b in doc.blocks}
    assert kinds["California residents"] == ("heading", 5)
    assert kinds["Non-discrimination"] == ("heading", 5)
    assert kinds["We will not discriminate against you."] == ("paragraph", 0)


def test_style_sheets_and_template_tags_built_to_be_slow_are_read_in_linear_time():
    # Each would take minutes if a search went back to the start of the sheet or text.
    import time

    hostile = [
        ("<style>" + ":none" * 200_000 + "</style><p>Text.</p>", "html"),
        ("<style>" + ".x{display:none}" * 50_000 + ".x" * 200_000 + "</style><p>Text.</p>", "html"),
        ("<%" * 200_000 + "<p>Text.</p>", "html"),
        ("{{<" * 200_000 + "\n\nText.\n", "markdown"),
    ]
    for source, fmt in hostile:
        started = time.process_time()
        doc = parse_text(source, f"p.{fmt}", fmt)
        assert "Text." in doc.text
        assert time.process_time() - started < 10


def test_docx_table_cells_are_read_with_their_column_headings(tmp_path):
    def cell(text: str) -> str:
        return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    rows = [("Categories of personal information", "Sources"), ("Identifiers", "Directly from you")]
    table = "<w:tbl>" + "".join(f"<w:tr>{cell(a)}{cell(b)}</w:tr>" for a, b in rows) + "</w:tbl>"
    path = tmp_path / "notice.docx"
    path.write_bytes(docx_bytes(table, styles=False))
    doc = read_document(str(path))
    assert [text for kind, text, _ in blocks(doc) if kind == "table_cell"] == [
        "Categories of personal information",
        "Sources",
        "Categories of personal information: Identifiers",
        "Sources: Directly from you",
    ]


def test_markdown_after_an_html_block_is_read_as_markdown():
    source = "<div>\n<p>HTML text.</p>\n\n</div>\n\n<a href='x'>Link</a> and **bold** text.\n"
    doc = parse_text(source, "p.md", "markdown")
    assert blocks(doc) == [("paragraph", "HTML text.", 2), ("paragraph", "Link and bold text.", 6)]


# -- A heading whose section is only a template tag ------------------------------------

RIGHTS_BY_SHORTCODE = """---
title: California Privacy Notice
---
# California Privacy Notice

This notice applies to California residents under the CCPA.

## 9. Your rights

### 9.5 Right to Correct

{{< rights/correct >}}

### 9.6 Right to Limit Use and Disclosure of Sensitive Personal Information

{% include "rights/limit.html" %}

## 10. Contact

Email privacy@example.example with any question.
"""


def test_a_heading_over_nothing_but_a_template_tag_is_not_a_disclosure():
    result = check_with(PACKS, RIGHTS_BY_SHORTCODE, "markdown")
    assert status_of(result, "ccpa.right-correct") == "fail"
    assert status_of(result, "ccpa.right-limit-sensitive") == "fail"
    assert status_of(result, "ccpa.contact") == "pass"  # the section that has text still counts


def test_the_same_heading_over_its_text_or_its_sub_sections_still_counts():
    filled = RIGHTS_BY_SHORTCODE.replace(
        "{{< rights/correct >}}", "You may ask us to correct inaccurate personal information about you."
    )
    assert status_of(check_with(PACKS, filled, "markdown"), "ccpa.right-correct") == "pass"
    nested = RIGHTS_BY_SHORTCODE.replace(
        "{{< rights/correct >}}", "#### How to ask\n\nWrite to privacy@example.example; we answer within 45 days."
    )
    assert status_of(check_with(PACKS, nested, "markdown"), "ccpa.right-correct") == "pass"


def test_a_page_set_in_heading_elements_throughout_keeps_its_text():
    sentences = [
        "1.1 You may ask us to correct inaccurate personal information we hold about you at any time.",
        "1.2 We will not discriminate against you for exercising any of your rights under the CCPA.",
        "1.3 This notice applies to California residents and explains the rights the CCPA gives them.",
    ]
    page = "<html><body>" + "".join(f"<h6>{s}</h6>" for s in sentences) + "</body></html>"
    assert status_of(check_with(PACKS, page, "html"), "ccpa.right-correct") == "pass"


def test_a_date_standing_as_the_last_heading_is_still_the_policys_date():
    text = "# Privacy Policy\n\nWe collect your e-mail address to send you our newsletter.\n\n## May 12, 2014\n"
    assert status_of(check_with(PACKS, text, "markdown"), "caloppa.effective-date") == "pass"


def test_a_text_of_one_short_line_is_read_as_it_stands():
    # a field label alone is read as a heading; with no body anywhere, it is the text
    assert status_of(check_with(PACKS, "Company name (optional)"), "gdpr.statutory-contractual") == "pass"
