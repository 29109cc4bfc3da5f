"""Large policies are read a stretch at a time, to keep memory in proportion to the text:
what is found, and where, must not depend on where the stretches are cut. (Peak memory
itself is measured by `bench/run.py --parts memory`, not here.)"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.errors import InputError
from checker.parsers import docx
from checker.parsers.docx import parse_bytes
from checker.re2text import EncodedText, compile_re2
from checker.tokens import TOKEN, word_spans

from conftest import docx_bytes

_TEXTS = st.one_of(
    st.text(alphabet="ab1'_ .-\n", max_size=80),  # ASCII: the byte table
    st.text(alphabet="ab1' .\u2019\u00e9", max_size=80),  # mostly ASCII: the table and the pattern
    st.text(alphabet="αβγ' .\n1", max_size=80),  # mostly beyond ASCII: the pattern alone
    st.text(max_size=80),
)


@given(_TEXTS, st.integers(min_value=1, max_value=12))
def test_tokens_are_the_same_whatever_the_stretch_length(text, chunk):
    starts, ends, words = word_spans(text, chunk=chunk)
    expected = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
    assert list(zip(starts, ends, words, strict=True)) == expected


def test_regex_offsets_in_a_long_text_beyond_ascii_are_character_offsets():
    # Matches over 64 KB of UTF-8 apart, with characters of 2, 3 and 4 bytes between them:
    # the characters are counted a stretch at a time (forwards, then back to the start for
    # the next search), and each stretch must end between characters.
    filler = "Données traitées — contact 🙂 ありがとう. " * 3000
    text = "privacy@exemple.fr " + filler + "dpo@exemple.fr " + filler + "fin@exemple.fr"
    encoded = EncodedText(text)
    for pattern in (r"[a-z]+@[a-z]+\.fr", r"@[a-z]+"):
        found = list(encoded.spans(compile_re2(pattern)))
        assert found == [m.span() for m in re.finditer(pattern, text)] and len(found) == 3
    assert [text[start:end] for start, end in found] == ["@exemple"] * 3


# -- Word documents: the body's XML is read a part at a time ------------------------------


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _paragraph(text: str, style: str | None = None) -> str:
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{properties}{_run(text)}</w:p>"


def _blocks(doc):
    return [(b.kind, doc.text[b.start : b.end], doc.line_of(b.start)) for b in doc.blocks]


def test_docx_paragraphs_inside_text_boxes_content_controls_and_nested_tables_keep_their_order():
    body = (
        _paragraph("Privacy Policy", "Heading1")
        + f"<w:p>{_run('We keep a copy. ')}<w:r><w:pict><w:txbxContent>{_paragraph('Boxed note.')}"
        + "</w:txbxContent></w:pict></w:r></w:p>"
        + f"<w:sdt><w:sdtContent>{_paragraph('Inside a content control.')}</w:sdtContent></w:sdt>"
        + f"<w:tbl><w:tr><w:tc>{_paragraph('Data')}</w:tc><w:tc>{_paragraph('Retention')}</w:tc></w:tr>"
        + f"<w:tr><w:tc>{_paragraph('Accounts')}</w:tc><w:tc>{_paragraph('6 years')}"
        + f"<w:tbl><w:tr><w:tc>{_paragraph('Inner')}</w:tc></w:tr><w:tr><w:tc>{_paragraph('nested cell')}</w:tc></w:tr>"
        + "</w:tbl></w:tc></w:tr></w:tbl>"
        + _paragraph("Contact", "Heading1")
        + _paragraph("Write to us.")
    )
    doc = parse_bytes(docx_bytes(body), "policy.docx")
    assert _blocks(doc) == [
        ("heading", "Privacy Policy", 1),
        ("paragraph", "We keep a copy. Boxed note.", 2),  # a text box's words are its paragraph's
        ("paragraph", "Boxed note.", 3),
        ("paragraph", "Inside a content control.", 4),
        ("table_cell", "Data", 5),
        ("table_cell", "Retention", 6),
        ("table_cell", "Data: Accounts", 7),
        ("table_cell", "Retention: 6 years", 8),
        ("table_cell", "Inner", 9),
        ("table_cell", "Inner: nested cell", 10),
        ("heading", "Contact", 11),
        ("paragraph", "Write to us.", 12),
    ]
    assert doc.source_lines == 12


def test_a_long_docx_is_read_whole_with_its_paragraph_numbers():
    # Far more XML than is read at once: no paragraph is lost or numbered twice at the seams.
    body = "".join(_paragraph(f"Paragraph {n} of the policy, with some words to fill it.") for n in range(1, 5001))
    doc = parse_bytes(docx_bytes(body), "long.docx")
    assert len(doc.blocks) == 5000 and doc.source_lines == 5000
    last = doc.blocks[-1]
    assert doc.text[last.start : last.end].startswith("Paragraph 5000 ") and doc.line_of(last.start) == 5000


def test_a_docx_body_over_the_limit_is_refused_while_it_is_read(monkeypatch):
    monkeypatch.setattr(docx, "MAX_UNPACKED_BYTES", 200_000)
    body = "".join(_paragraph(f"Paragraph {n} says something different: {n * 7919}.") for n in range(6000))
    with pytest.raises(InputError, match=r"word/document.xml unpacks to more than .*zip bomb"):
        parse_bytes(docx_bytes(body), "large.docx")


def test_a_docx_with_broken_xml_is_an_input_error_naming_the_part():
    with pytest.raises(InputError, match=r"not a valid .docx file \(document.xml: .*line 1"):
        parse_bytes(docx_bytes(_paragraph("Unclosed <w:p>")), "broken.docx")
