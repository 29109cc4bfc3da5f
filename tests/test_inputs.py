"""Real-world and broken inputs: PDF, Word, oversized, binary, nested or malformed."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from checker.errors import InputError
from checker.packs import load_packs
from checker.reading import parse_text, read_document

from conftest import FIXTURES, docx_bytes

INPUTS = FIXTURES / "inputs"


def make_docx(paragraphs: list[tuple[str, str | None]], *, styles: bool = True) -> bytes:
    """A minimal .docx: (text, style id or 'list' or 'table') per paragraph."""
    body = []
    for text, style in paragraphs:
        props = ""
        if style == "list":
            props = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        elif style and style != "table":
            props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
        para = f'<w:p>{props}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
        body.append(f"<w:tbl><w:tr><w:tc>{para}</w:tc></w:tr></w:tbl>" if style == "table" else para)
    return docx_bytes("".join(body), styles=styles)


def blocks(doc):
    return [(b.kind, doc.text[b.start : b.end], doc.line_of(b.start)) for b in doc.blocks]


# -- PDF -----------------------------------------------------------------------------


def test_pdf_text_headings_and_page_locations():
    doc = read_document(str(INPUTS / "policy.pdf"))
    assert doc.format == "pdf" and doc.location_unit == "page" and doc.source_lines == 2
    found = blocks(doc)
    assert ("heading", "Privacy Policy", 1) in found
    assert ("heading", "Complaints", 2) in found
    # A sentence wrapped over two lines is one paragraph.
    assert (
        "paragraph",
        "You can ask us to delete your personal data at any time by writing to privacy@acme-learning.example.",
        1,
    ) in found
    complaint = next(b for b in doc.blocks if "lodge a complaint" in doc.text[b.start : b.end])
    assert doc.section_path(complaint.section) == ("Privacy Policy", "Complaints")


def test_pdf_evidence_reports_pages():
    from checker.engine import check_document

    result = check_document(read_document(str(INPUTS / "policy.pdf")), load_packs(["gdpr"]))
    assert result.location_unit == "page"
    complaint = next(r for r in result.results if r.rule == "gdpr.right-complaint")
    assert complaint.status == "pass" and complaint.evidence[0].line == 2


def test_scanned_and_encrypted_pdfs_are_clear_errors():
    with pytest.raises(InputError, match=r"no text layer.*OCR"):
        read_document(str(INPUTS / "scanned.pdf"))
    with pytest.raises(InputError, match="encrypted"):
        read_document(str(INPUTS / "encrypted.pdf"))


def test_a_pdf_with_the_wrong_extension_is_still_read(tmp_path):
    renamed = tmp_path / "policy.txt"
    renamed.write_bytes((INPUTS / "policy.pdf").read_bytes())
    assert read_document(str(renamed)).format == "pdf"


def test_a_corrupt_pdf_is_an_input_error(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes((INPUTS / "policy.pdf").read_bytes()[:600])
    with pytest.raises(InputError):
        read_document(str(broken))


# -- DOCX ------------------------------------------------------------------------------


def test_docx_headings_from_styles_lists_tables_and_paragraph_numbers(tmp_path):
    path = tmp_path / "policy.docx"
    path.write_bytes(
        make_docx(
            [
                ("Privacy Policy", "Title"),
                ("Your rights", "Heading1"),
                ("You can ask us to delete your data.", None),
                ("Access", "list"),
                ("Retention", "Kop2"),  # a Dutch template names its heading style "Kop 2"
                ("Accounts: 6 years", "table"),
            ]
        )
    )
    doc = read_document(str(path))
    assert doc.format == "docx" and doc.location_unit == "paragraph"
    assert blocks(doc) == [
        ("heading", "Privacy Policy", 1),
        ("heading", "Your rights", 2),
        ("paragraph", "You can ask us to delete your data.", 3),
        ("list_item", "Access", 4),
        ("heading", "Retention", 5),
        ("table_cell", "Accounts: 6 years", 6),
    ]
    retention = doc.blocks[-1]
    assert doc.section_path(retention.section) == ("Privacy Policy", "Your rights", "Retention")


def test_corrupt_and_foreign_zip_files_are_input_errors(tmp_path):
    corrupt = tmp_path / "corrupt.docx"
    corrupt.write_bytes(make_docx([("Hello", None)])[:100])
    with pytest.raises(InputError, match=r"corrupt|not a valid"):
        read_document(str(corrupt))
    other = tmp_path / "other.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<x/>")
    other.write_bytes(buffer.getvalue())
    with pytest.raises(InputError, match=r"no word/document.xml"):
        read_document(str(other))


def test_zip_bomb_docx_is_refused(tmp_path):
    bomb = tmp_path / "bomb.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (20 * 2**20) + b"</w:document>")
    bomb.write_bytes(buffer.getvalue())
    assert bomb.stat().st_size < 2 * 2**20
    with pytest.raises(InputError, match="zip bomb"):
        read_document(str(bomb))


# -- oversized, binary, malformed --------------------------------------------------------


def test_oversized_input_is_refused_with_the_limit(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as out:
        out.truncate(50 * 2**20)  # a sparse 50 MB file
    with pytest.raises(InputError, match="is 50 MiB; the limit is 16 MiB"):
        read_document(str(big))
    small_limit = tmp_path / "p.txt"
    small_limit.write_text("We collect your name. " * 100)
    with pytest.raises(InputError, match="limit is 1000 bytes"):
        read_document(str(small_limit), max_bytes=1000)


def test_deeply_nested_and_malformed_html_is_read():
    nested = "<div>" * 50_000 + "<p>We are ACME Ltd.</p>" + "</div>" * 50_000
    doc = parse_text(nested, "nested.html", "html")
    assert doc.text == "We are ACME Ltd."
    broken = "<html><body><p>Unclosed <b>bold <i>italic</p><td>cell</tr></table><p>after &amp; &bogus; <"
    doc = parse_text(broken, "broken.html", "html")
    assert "Unclosed bold italic" in doc.text and "after & &bogus;" in doc.text


def test_an_unreadable_file_in_a_batch_is_listed_and_the_others_checked(tmp_path):
    from click.testing import CliRunner

    from checker.cli import cli

    good = tmp_path / "good.md"
    good.write_text("# Privacy\n\nWe are ACME Ltd.\n")
    scanned = INPUTS / "scanned.pdf"
    result = CliRunner().invoke(cli, ["check", str(good), str(scanned), "--format", "json"])
    assert result.exit_code == 4
    import json

    documents = json.loads(result.stdout)["documents"]
    assert [d["path"] for d in documents] == [str(good), os.path.relpath(scanned)]  # relative inside the project
    assert documents[0]["results"] and "no text layer" in documents[1]["error"]


# -- saved web pages ---------------------------------------------------------------------

WEB = FIXTURES / "web"


def test_saved_web_page_is_reduced_to_the_policy_with_source_lines():
    doc = read_document(str(WEB / "saved-page.html"))
    for chrome in (
        "Skip to content",
        "Shop",
        "Accept all",
        "We use cookies to improve",
        "Twitter",
        "All rights reserved",
    ):
        assert chrome not in doc.text, chrome
    assert "Related" not in doc.text  # a sidebar inside <main>
    headings = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "heading"]
    assert headings == ["Privacy Policy", "Your rights", "Cookies", "Contact"]
    # The policy's own cookie section stays, even though its id is "cookies".
    assert "with your consent, analytics cookies" in doc.text
    assert doc.line_of(doc.text.index("You can ask us to delete")) == 33


def test_pages_without_main_lose_menus_banners_and_footers():
    doc = read_document(str(WEB / "div-layout.html"))
    assert doc.text.splitlines() == [
        "Privacy Notice",
        "Hillcrest Dental Practice is the controller of your personal information.",
        "How long we keep your records",
        "We keep dental records for 11 years after your last visit.",
    ]


def test_boilerplate_removal_can_be_switched_off():
    doc = read_document(str(WEB / "saved-page.html"), remove_boilerplate=False)
    assert "We use cookies to improve your experience" in doc.text and "Contact us" in doc.text


def test_boilerplate_removal_backs_off_when_the_markup_misleads():
    # The whole policy sits in an element named like a menu: removing it would leave nothing.
    page = "<html><body><div class='menu-wrapper'><h1>Privacy</h1><p>" + "We collect your name. " * 20 + "</p></div>"
    doc = parse_text(page + "<nav>Home</nav></body></html>", "p.html", "html")
    assert "We collect your name." in doc.text


def test_cli_input_options(tmp_path):
    from click.testing import CliRunner

    from checker.cli import cli

    pack = tmp_path / "banner.yaml"
    pack.write_text(
        'pack: {id: banner, name: B, version: "1.0"}\nrules:\n  - id: banner.accept\n    title: T\n'
        "    severity: error\n    citation: C\n    description: D\n    remediation: R\n"
        '    match: {phrases: ["cookies to improve"]}\n    examples: {pass: ["cookies to improve"], fail: ["No"]}\n'
    )
    page = str(WEB / "saved-page.html")
    kept = CliRunner().invoke(cli, ["check", "--pack", str(pack), page, "--no-boilerplate-removal"])
    removed = CliRunner().invoke(cli, ["check", "--pack", str(pack), page])
    assert (kept.exit_code, removed.exit_code) == (0, 1)  # the banner only counts when kept
    big = tmp_path / "big.txt"
    big.write_text("We collect your name. " * 1000)
    refused = CliRunner().invoke(cli, ["check", str(big), "--max-input-size", "0.01"])
    assert refused.exit_code == 4 and "the limit is 10485 bytes" in refused.stderr
