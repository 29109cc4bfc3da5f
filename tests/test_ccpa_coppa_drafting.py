"""Ordinary drafting the CCPA and COPPA rules must read: statute citations inside a sentence,
and a contact block set line by line in a plain-text policy."""

from __future__ import annotations

from checker.engine import check_document
from checker.packs import load_packs
from checker.reading import read_document


def _results(tmp_path, name: str, text: str) -> dict:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    document = read_document(str(path))
    return document, {r.rule: r for r in check_document(document, load_packs()).results}


def test_a_statute_citation_does_not_end_the_sentence(tmp_path):
    document, results = _results(
        tmp_path,
        "policy.txt",
        "California residents: we collect the categories above for the following business purposes set out "
        "in Cal. Civ. Code § 1798.140(e): auditing transactions, ensuring security and debugging.\n",
    )
    sentences = [document.text[s.start : s.end] for s in document.sentences]
    assert len(sentences) == 1
    assert results["ccpa.purposes"].status == "pass"


def test_a_signature_block_in_plain_text_is_one_contact_block(tmp_path):
    document, results = _results(
        tmp_path,
        "kids.txt",
        "Our reading app is for children under 13. Parents with questions can write to:\n"
        "Maple Leaf Publishing, Inc.\n"
        "9 Cedar Court\n"
        "Dayton, OH 45402\n"
        "(937) 555-0119\n"
        "privacy@mapleleaf.example\n",
    )
    kinds = [block.kind for block in document.blocks]
    # the street line is no numbered heading, the area code no list number
    assert "heading" not in kinds and "list_item" not in kinds
    assert "(937) 555-0119" in document.text
    assert results["coppa.operator-contact"].status == "pass"


def test_a_european_letterhead_in_plain_text_is_one_contact_block(tmp_path):
    # the street with its number last ("Am Lindenhof 7") is no heading when the next line is
    # a postcode and town, so the block's name, address, telephone and e-mail stay together
    document, results = _results(
        tmp_path,
        "club.txt",
        "Our holiday club is for children aged 6 to 11. The operator is:\n\n"
        "Example Werkstatt GmbH\n"
        "Am Lindenhof 7\n"
        "80331 München\n"
        "Telephone: 089 555 0192\n"
        "E-mail: kinder@example.de\n",
    )
    assert "Am Lindenhof 7" not in [document.text[b.start : b.end] for b in document.blocks if b.kind == "heading"]
    assert results["coppa.operator-contact"].status == "pass"


def test_a_letterhead_with_an_office_line_and_a_uk_postcode_is_one_contact_block(tmp_path):
    # the name line and an "Office" line over the address are the block's own lines, not
    # headings, and a street line with a UK postcode is no numbered heading: the quote
    # shows the name with the address, telephone and e-mail
    for name, block in [
        ("us.txt", "Example Pet Insurance, LLC\nPrivacy Office\n1180 Example Court, Floor 4\nIrvine, CA 92618\n"),
        ("uk.txt", "    Example Test Bookings Limited\n    7 Harbour Road, Belfast BT15 9ZZ\n"),
    ]:
        document, results = _results(
            tmp_path,
            name,
            "Our reading club is for children under 13. Questions should be directed to:\n\n"
            + block
            + "Telephone: (949) 555-0138\nEmail: privacy@example.com\n",
        )
        assert [b.kind for b in document.blocks] == ["paragraph", "paragraph"], name
        result = results["coppa.operator-contact"]
        assert result.status == "pass", name
        assert "Example" in result.evidence[0].text and "privacy@example.com" in result.evidence[0].text, name


def test_a_question_in_capitals_over_a_blank_line_heads_its_section(tmp_path):
    document, _ = _results(tmp_path, "faq.txt", "HOW CAN I CONTACT YOU?\n\nWrite to privacy@example.com.\n")
    assert [b.kind for b in document.blocks] == ["heading", "paragraph"]


def test_a_heading_over_one_contact_sentence_stays_a_heading(tmp_path):
    # one line with an e-mail address under it is a sentence, not a letterhead
    document, _ = _results(tmp_path, "notice.txt", "Contact Us\nYou can write to us at privacy@example.com\n")
    assert document.blocks[0].kind == "heading"


def test_a_short_title_with_a_number_stays_a_heading(tmp_path):
    document, _ = _results(tmp_path, "notice.txt", "Annex 2\nThe categories of data we process are listed here.\n")
    assert document.blocks[0].kind == "heading"


def test_a_contact_block_that_names_no_operator_is_not_the_operator_contact(tmp_path):
    _, results = _results(
        tmp_path,
        "kids.md",
        "Our app is for children under 13.\n\n**Contact**\n\n- 18 Willow Court, Reno, NV 89501\n"
        "- 775-555-0143\n- support@example.org\n",
    )
    assert results["coppa.operator-contact"].status == "fail"
