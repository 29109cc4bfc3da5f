"""A table row read as a unit: every reader that produces tables (HTML, Markdown pipe tables,
DOCX) tells each cell its row, `scope: row` lets a rule's parts meet anywhere in one row, and
a match in a row is quoted as the row's cells with their column headings."""

from __future__ import annotations

import pytest

from checker.errors import PackError
from checker.reading import parse_text, read_document

from conftest import check_with, docx_bytes, one_rule_pack, status_of

SUBPROCESSORS_MD = """\
## Sub-processors

| Purpose | Sub-processor | Location | Safeguard |
|---|---|---|---|
| File storage | Example Storage Inc. | United States | Standard contractual clauses |
| Newsletters | Example Post GmbH | Germany | - |
"""

SUBPROCESSORS_HTML = """\
<h2>Sub-processors</h2>
<table>
  <thead><tr><th>Purpose</th><th>Sub-processor</th><th>Location</th></tr></thead>
  <tbody>
    <tr><td>File storage</td><td><p>Example Storage Inc.</p><p>(backups)</p></td><td>United States</td></tr>
    <tr><td>Newsletters</td><td>Example Post GmbH</td><td>Germany</td></tr>
  </tbody>
</table>
<p>We review this list every year.</p>
"""


def _cell(text: str) -> str:
    return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def subprocessors_docx(tmp_path) -> str:
    rows = [
        ("Purpose", "Sub-processor", "Location"),
        ("File storage", "Example Storage Inc.", "United States"),
        ("Newsletters", "Example Post GmbH", "Germany"),
    ]
    table = "<w:tbl>" + "".join("<w:tr>" + "".join(map(_cell, row)) + "</w:tr>" for row in rows) + "</w:tbl>"
    intro = "<w:p><w:r><w:t>We use these sub-processors.</w:t></w:r></w:p>"
    path = tmp_path / "notice.docx"
    path.write_bytes(docx_bytes(intro + table, styles=False))
    return str(path)


def rows_of(doc) -> list[list[str]]:
    """The text of the table cells, grouped by row, in document order."""
    grouped: dict[int, list[str]] = {}
    for block in doc.blocks:
        if block.row >= 0:
            grouped.setdefault(block.row, []).append(doc.text[block.start : block.end])
    return list(grouped.values())


# -- every reader that produces tables tells each cell its row -------------------------------


def test_markdown_cells_of_one_row_share_it_and_other_blocks_have_none():
    doc = parse_text(SUBPROCESSORS_MD, "p.md", "markdown")
    assert rows_of(doc) == [
        ["Purpose", "Sub-processor", "Location", "Safeguard"],
        [
            "Purpose: File storage",
            "Sub-processor: Example Storage Inc.",
            "Location: United States",
            "Safeguard: Standard contractual clauses",
        ],
        ["Purpose: Newsletters", "Sub-processor: Example Post GmbH", "Location: Germany", "Safeguard: -"],
    ]
    assert doc.blocks[0].kind == "heading" and doc.blocks[0].row == -1


def test_html_cells_of_one_row_share_it_even_when_a_cell_holds_paragraphs():
    doc = parse_text(SUBPROCESSORS_HTML, "p.html", "html")
    assert rows_of(doc) == [
        ["Purpose", "Sub-processor", "Location"],
        ["Purpose: File storage", "Sub-processor: Example Storage Inc.", "(backups)", "Location: United States"],
        ["Purpose: Newsletters", "Sub-processor: Example Post GmbH", "Location: Germany"],
    ]
    assert doc.blocks[-1].kind == "paragraph" and doc.blocks[-1].row == -1


def test_docx_cells_of_one_row_share_it(tmp_path):
    doc = read_document(subprocessors_docx(tmp_path))
    assert rows_of(doc) == [
        ["Purpose", "Sub-processor", "Location"],
        ["Purpose: File storage", "Sub-processor: Example Storage Inc.", "Location: United States"],
        ["Purpose: Newsletters", "Sub-processor: Example Post GmbH", "Location: Germany"],
    ]
    assert doc.blocks[0].row == -1


def test_a_pipe_table_and_an_html_table_in_one_markdown_file_are_different_rows():
    source = "| A | B |\n|---|---|\n| one | two |\n\n<table><tr><td>three</td><td>four</td></tr></table>\n"
    doc = parse_text(source, "p.md", "markdown")
    assert rows_of(doc) == [["A", "B"], ["A: one", "B: two"], ["three", "four"]]


def test_text_has_no_tables():
    doc = parse_text("Purpose | Location\nFile storage | United States\n", "p.txt", "text")
    assert all(block.row == -1 for block in doc.blocks)


# -- scope: row ----------------------------------------------------------------------------


ROW_RULE = "all: [{phrases: [united states]}, {phrases: [storage]}]\nscope: row"


@pytest.mark.parametrize(("source", "fmt"), [(SUBPROCESSORS_MD, "markdown"), (SUBPROCESSORS_HTML, "html")])
def test_row_scope_finds_parts_in_different_cells_of_one_row(tmp_path, source, fmt):
    pack = one_rule_pack(tmp_path, ROW_RULE)
    assert status_of(check_with(pack, source, fmt), "t.r") == "pass"
    # block scope, as before, needs both in one cell
    block = one_rule_pack(tmp_path, ROW_RULE.replace("row", "block"))
    assert status_of(check_with(block, source, fmt), "t.r") == "fail"


def test_row_scope_in_docx(tmp_path):
    from checker.engine import check_document

    pack = one_rule_pack(tmp_path, ROW_RULE)
    doc = read_document(subprocessors_docx(tmp_path))
    assert status_of(check_document(doc, pack), "t.r") == "pass"


def test_row_scope_does_not_join_cells_of_different_rows(tmp_path):
    pack = one_rule_pack(tmp_path, "all: [{phrases: [germany]}, {phrases: [storage]}]\nscope: row")
    assert status_of(check_with(pack, SUBPROCESSORS_MD, "markdown"), "t.r") == "fail"


def test_outside_tables_a_row_is_the_block(tmp_path):
    pack = one_rule_pack(tmp_path, ROW_RULE)
    assert status_of(check_with(pack, "File storage: in the United States.", "text"), "t.r") == "pass"
    assert status_of(check_with(pack, "File storage.\n\nIn the United States.", "text"), "t.r") == "fail"


def test_row_scope_is_allowed_for_any_and_near_and_a_misspelt_scope_is_refused(tmp_path):
    pack = one_rule_pack(tmp_path, "any: [{phrases: [united states]}, {phrases: [storage]}]\nmin: 2\nscope: row")
    assert status_of(check_with(pack, SUBPROCESSORS_MD, "markdown"), "t.r") == "pass"
    with pytest.raises(PackError) as info:
        one_rule_pack(tmp_path, "all: [{phrases: [a]}, {phrases: [b]}]\nscope: rows")
    assert "scope" in str(info.value)


# -- the quote of a match in a row ------------------------------------------------------------


def test_a_match_in_a_row_is_quoted_as_the_row_with_its_headings(tmp_path):
    pack = one_rule_pack(tmp_path, ROW_RULE)
    result = check_with(pack, SUBPROCESSORS_MD, "markdown").results[0]
    quotes = [e.text for e in result.evidence]
    # one quote for the row, though both of its parts matched in different cells
    assert quotes == [
        "Purpose: File storage | Sub-processor: Example Storage Inc. | Location: United States"
        " | Safeguard: Standard contractual clauses"
    ]
    assert result.evidence[0].line == 5


def test_a_long_row_keeps_the_matching_cell_and_the_cells_that_fit(tmp_path):
    long_cell = "We keep the backups for disaster recovery " + "and for other reasons of operation " * 6
    source = f"| Purpose | Description | Location |\n|---|---|---|\n| Backups | {long_cell.strip()} | United States |\n"
    pack = one_rule_pack(tmp_path, "phrases: [united states]")
    quote = check_with(pack, source, "markdown").results[0].evidence[0].text
    assert quote == "Purpose: Backups | \u2026 | Location: United States"
    assert len(quote) <= 300


def test_a_cell_of_several_paragraphs_is_quoted_by_its_first_one_beside_the_match_the_rest_left_out(tmp_path):
    source = (
        "<table><tr><th>Purpose</th><th>Legal basis</th></tr>"
        "<tr><td><p>Running your account</p><p>Includes sign-in and support</p></td>"
        "<td><p>Contract</p><p>Legitimate interests in keeping it secure</p></td></tr></table>"
    )
    doc = parse_text(source, "p.html", "html")
    assert sorted(doc.cell_continuations) == [3, 5]
    pack = one_rule_pack(tmp_path, "phrases: [legitimate interests]")
    quote = check_with(pack, source, "html").results[0].evidence[0].text
    assert quote == (
        "Purpose: Running your account | \u2026 | Legal basis: Contract | Legitimate interests in keeping it secure"
    )
