"""A sentence that only introduces a term or names a kind of data is not the first quote
when another sentence carries the disclosure (issue #16, item 1). Fixture texts are our own."""

from __future__ import annotations

from checker.api import check_text


def _first_quote(text: str, rule: str) -> str:
    result = next(r for r in check_text(text, input_format="markdown").results if r.rule == rule)
    assert result.status == "pass", result.message
    return result.evidence[0].text


def test_a_term_described_as_the_information_you_provide_is_not_quoted_first() -> None:
    text = (
        "Order Data is the information that you give us when you buy a ticket, such as your name and card number.\n\n"
        "We collect your name, e-mail address and card number when you buy a ticket.\n"
    )
    assert _first_quote(text, "ccpa.categories-collected").startswith("We collect your name")


def test_a_paragraph_that_only_names_a_kind_of_data_is_not_quoted_first() -> None:
    text = (
        "Personal information you give us when you book a table.\n\n"
        "We collect your name and phone number directly from you when you book a table.\n"
    )
    assert _first_quote(text, "ccpa.sources").startswith("We collect your name")


def test_a_statement_that_opens_with_the_data_is_still_quoted_first() -> None:
    # "Personal information you give us is used to ..." says what is done with it: a
    # disclosure, not a label, and it keeps its place before a later sentence
    text = (
        "Personal information you give us is used to confirm your booking.\n\n"
        "We use your e-mail address to send you a reminder.\n"
    )
    assert _first_quote(text, "gdpr.purposes").startswith("Personal information you give us is used")
