"""A quote shows the disclosure by itself: a list item comes with the lead-in of its list
(with an ellipsis where the items between are left out), a heading or a short label with
the sentence that follows it, and a label that carries its own value stays as it is."""

from __future__ import annotations

from checker.engine import MAX_QUOTE, check_document
from checker.packs import load_packs
from checker.reading import parse_text

from conftest import quotes_the_document

PACKS = load_packs(["gdpr", "caloppa"])


def evidence(text: str, rule: str):
    doc = parse_text(text, "<test>", "markdown")
    found = next(r for r in check_document(doc, PACKS).results if r.rule == rule)
    assert found.status == "pass", found.message
    return doc, found.evidence[0]


def test_a_list_item_is_quoted_with_the_lead_in_of_its_list():
    text = "# Your rights\n\nYou have the right to:\n\n- object to direct marketing\n- complain\n\nWe keep data safe.\n"
    _, quote = evidence(text, "gdpr.right-objection")
    assert quote.text.startswith("You have the right to:") and "object to direct marketing" in quote.text


def test_a_far_list_item_is_quoted_with_its_lead_in_and_an_ellipsis_for_the_items_between():
    others = "".join(f"- receive a letter about topic number {i} of our many newsletters\n" for i in range(8))
    text = f"# Your rights\n\nYou have the right to ask that we:\n\n{others}- erase your personal data;\n"
    doc, quote = evidence(text, "gdpr.right-erasure")
    assert quote.text.startswith("You have the right to ask that we: \u2026 ")
    assert quote.text.endswith("erase your personal data;")
    assert len(quote.text) <= MAX_QUOTE + 2
    assert quotes_the_document(doc.text[quote.start : quote.end], quote.text)


def test_a_dated_label_is_quoted_alone():
    text = "# Privacy policy\n\nLast updated: 1 May 2024\n\nWe run a small shop.\n"
    _, quote = evidence(text, "caloppa.effective-date")
    assert quote.text == "Last updated: 1 May 2024"


def test_a_lead_in_is_quoted_with_as_many_of_its_items_as_fit():
    text = (
        "# How we use data\n\nWe use your personal data for the following purposes:\n\n"
        "- to deliver your orders\n- to answer your questions\n- to prevent fraud\n"
    )
    _, quote = evidence(text, "gdpr.purposes")
    assert quote.text.startswith("We use your personal data for the following purposes:")
    assert all(item in quote.text for item in ("deliver your orders", "answer your questions", "prevent fraud"))


def test_a_long_list_item_gives_up_its_end_to_keep_its_lead_in():
    # "The categories ..." alone does not say the reader may ask for them
    others = "".join(f"- The categories of personal information we hold in our system number {i};\n" for i in range(3))
    item = (
        "- The right to object to the processing of your personal data for direct marketing, as well as to "
        "profiling related to such direct marketing, by each of the companies to whom we have passed your "
        "personal data for that purpose, whether or not they still hold it; and\n"
    )
    text = (
        "# Your rights\n\nSubject to the conditions and exceptions that the applicable law sets out for each "
        f"of them, you have the following rights:\n\n{others}{item}"
    )
    doc, quote = evidence(text, "gdpr.right-objection")
    assert "you have the following rights: \u2026 The right to object" in quote.text
    assert quote.text.endswith("\u2026")
    assert len(quote.text) <= MAX_QUOTE + 2
    assert quotes_the_document(doc.text[quote.start : quote.end], quote.text)


def test_a_sentence_holding_one_part_of_a_two_part_requirement_is_quoted_with_the_next_that_holds_the_other():
    # caloppa.review-and-change names review, change and the process as its evidence parts
    text = (
        "# Your information\n\n"
        "We keep your membership details on our booking system. You can see the personal information we hold "
        "about you in the members' area. If something there is wrong, e-mail membership@example.org and we "
        "will correct it.\n"
    )
    _doc, quote = evidence(text, "caloppa.review-and-change")
    assert quote.text.startswith("You can see the personal information") and quote.text.endswith("we will correct it.")


def test_an_item_of_a_nested_list_is_quoted_with_the_outer_item_it_hangs_from():
    # the outer item introduces the inner list; the item alone does not say who may do what
    text = (
        "# Your rights\n\n"
        "- Your choices. Under the law, you may ask us to:\n"
        "  - send you a copy of the data we keep about you;\n"
        "  - correct anything in it that is out of date;\n"
        "  - erase your personal data.\n"
        "- Complaints. You may complain to the data protection authority where you live.\n"
    )
    doc, quote = evidence(text, "gdpr.right-erasure")
    assert quote.text.startswith("Under the law, you may ask us to:")
    assert quote.text.endswith("erase your personal data.")
    assert quotes_the_document(doc.text[quote.start : quote.end], quote.text)


COPPA = load_packs(["coppa"])


def test_a_line_of_a_contact_block_is_quoted_with_the_lines_that_name_the_operator_and_reach_it():
    text = (
        "# Kids' privacy\n\nOur drawing app is made for children under 13.\n\n"
        "# Get in touch\n\nParents can reach the team that runs the app here.\n\n"
        "Attn: Parent Helpdesk\n\nDoodle Harbour Inc.\n\n27 Willow Lane, Suite 4\n\nMadison, WI 53703\n\n"
        "(608) 555-0143\n\nhelp@doodleharbour.example\n"
    )
    doc = parse_text(text, "<test>", "markdown")
    found = next(r for r in check_document(doc, COPPA).results if r.rule == "coppa.operator-contact")
    assert found.status == "pass", found.message
    quote = found.evidence[0].text
    for part in ("Doodle Harbour Inc.", "27 Willow Lane", "(608) 555-0143", "help@doodleharbour.example"):
        assert part in quote
    assert quotes_the_document(doc.text[found.evidence[0].start : found.evidence[0].end], quote)
