"""Which sentence a passing rule quotes first, when several carry its words: the one that
shows the disclosure by itself (issue #16, item 1). Fixture texts are our own."""

from __future__ import annotations

from checker.api import check_text


def _first_quote(text: str, rule: str, fmt: str = "markdown") -> str:
    result = next(r for r in check_text(text, input_format=fmt).results if r.rule == rule)
    assert result.status == "pass", result.message
    return result.evidence[0].text


def test_a_rights_rule_quotes_the_readers_right_before_the_companys_action() -> None:
    text = (
        "We delete your personal information when you close your account, unless the law requires us to keep it.\n\n"
        "You may ask us to delete your personal information by e-mailing privacy@example.com.\n"
    )
    assert _first_quote(text, "ccpa.right-delete").startswith("You may ask us to delete")


def test_the_readers_right_in_other_words_also_ranks_first() -> None:
    text = (
        "When you close your account, we erase your personal data within 30 days.\n\n"
        "You can ask us to erase your personal data at any time.\n"
    )
    assert _first_quote(text, "gdpr.right-erasure").startswith("You can ask us to erase")


def test_a_label_in_title_case_with_a_full_stop_is_not_the_first_quote() -> None:
    text = (
        "## What you can do\n\n"
        "Right to Access, Update, Export or Erase Your Data.\n\n"
        "You can ask us for a copy of the personal data we hold about you at any time.\n"
    )
    quote = _first_quote(text, "gdpr.right-access")
    assert "ask us for a copy" in quote


def test_a_rule_about_the_companys_practice_still_prefers_the_sentence_about_the_readers_data() -> None:
    # recipients is no right of the reader: "your" data shared ranks before a sentence about
    # data in general, as it always did
    text = (
        "We provide aggregated statistics to our advertising partners.\n\n"
        "We share your contact details with our delivery partners so they can bring your order.\n"
    )
    assert _first_quote(text, "gdpr.recipients").startswith("We share your contact details")


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
