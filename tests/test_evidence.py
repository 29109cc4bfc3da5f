"""Evidence proves the finding: the strongest sentence is quoted first, whatever
its place in the document; a lead-in comes with its list item; long sentences
are shortened around the words that matched, with an ellipsis."""

from __future__ import annotations

from checker.engine import MAX_QUOTE, check_document
from checker.evaluate import quotes_overlap
from checker.packs import load_packs
from checker.reading import parse_text

PACKS = load_packs(["gdpr"])


def first_quote(text: str, rule: str) -> str:
    doc = parse_text(text, "<test>", "markdown")
    found = next(r for r in check_document(doc, PACKS).results if r.rule == rule)
    assert found.status == "pass", found.message
    return found.evidence[0].text


def test_a_definition_is_not_quoted_before_the_disclosure():
    text = (
        "# Definitions\n\n'Personal data' means any information about you, such as your name or e-mail address.\n\n"
        "# What we collect\n\nWe collect your name, e-mail address and IP address when you register.\n"
    )
    assert first_quote(text, "gdpr.data-categories").startswith("We collect your name")


def test_the_policys_introduction_is_not_quoted_for_purposes():
    text = (
        "This privacy policy describes how we collect and use your personal data.\n\n"
        "We use your e-mail address to send you order confirmations and to answer your questions.\n"
    )
    assert first_quote(text, "gdpr.purposes").startswith("We use your e-mail address")


def test_a_lead_in_is_quoted_with_its_list_item():
    text = "# How we use data\n\nWe use your personal data for the following purposes:\n\n- to deliver your orders\n"
    quote = first_quote(text, "gdpr.purposes")
    assert "following purposes" in quote and "deliver your orders" in quote


def test_a_long_sentence_is_shortened_around_the_match_with_an_ellipsis():
    filler = ", ".join(f"clause number {i} about something else entirely" for i in range(12))
    text = f"We keep records, {filler}, and you may lodge a complaint with the Information Commissioner's Office."
    quote = first_quote(text, "gdpr.right-complaint")
    assert len(quote) <= MAX_QUOTE + 2
    assert " \u2026 " in quote and quote.endswith("Office.")
    assert "you may lodge a complaint" in quote


def test_a_long_sentence_keeps_its_opening_before_a_far_match():
    # an enumeration inside one sentence: who holds the rights is said at its start
    rights = "; ".join(f"({i}) to ask about item {i} of our records in any form you like" for i in range(1, 7))
    last = "and (7) the right to rectification of inaccurate personal data."
    text = f"Under the law you have the following rights: {rights}; {last}"
    quote = first_quote(text, "gdpr.right-rectification")
    assert quote.startswith("Under the law you have the following rights: \u2026 ")
    assert "rectification of inaccurate personal data" in quote
    assert len(quote) <= MAX_QUOTE + 4


def test_quotes_overlap_ignores_markup_and_case():
    assert quotes_overlap("You can **object** to direct marketing at any time.", "you can object to direct marketing")
    assert not quotes_overlap("We use cookies.", "You can object to direct marketing at any time.")


def test_a_definition_alone_is_not_a_disclosure():
    doc = parse_text(
        '2.3 "Share" means making personal data available to a third party for its own purposes.',
        "<test>",
        "markdown",
    )
    found = next(r for r in check_document(doc, PACKS).results if r.rule == "gdpr.recipients")
    assert found.status == "fail"


def status_of(text: str, rule: str) -> str:
    doc = parse_text(text, "<test>", "markdown")
    return next(r for r in check_document(doc, PACKS).results if r.rule == rule).status


def test_a_definition_without_quotes_is_no_disclosure_either():
    # the capitalised defined term of app-store templates: "Service Provider means ..."
    defined = "Service Provider means the payment processors and hosting firms with whom we share your personal data."
    assert status_of(defined, "gdpr.recipients") == "fail"
    said = "We share your personal data with payment processors and hosting companies."
    assert status_of(said, "gdpr.recipients") == "pass"


def test_a_definition_of_the_organisation_still_names_the_controller():
    text = '- Company (referred to as "We" or "Us") refers to Bluekettle Software Ltd, 4 Quay Street, Cork.\n'
    assert "Bluekettle Software Ltd" in first_quote(text, "gdpr.controller-identity")


def test_it_means_that_explains_and_is_no_definition():
    text = (
        "Your information may be processed wherever our servers are. It means that this information may be "
        "transferred to computers located outside of your country, including the United States.\n"
    )
    assert status_of(text, "gdpr.international-transfers") == "pass"


def test_a_heading_set_as_a_paragraph_is_not_quoted_alone():
    # a heading in all but markup: one short title-case line without a full stop
    text = "Your Right to Erasure of Your Personal Data\n\nYou may ask us to erase it.\n"
    assert first_quote(text, "gdpr.right-erasure") == "You may ask us to erase it."
    # where only the title matches, it is quoted with the sentence that completes it
    text = "The Right to Erasure of Personal Data\n\nContact us and we will delete your account and the data in it.\n"
    assert first_quote(text, "gdpr.right-erasure").endswith("delete your account and the data in it.")


def test_a_title_case_label_with_a_date_still_carries_its_value():
    text = "Privacy Notice\n\nEffective Date October 1 2025\n\nWe collect your e-mail address.\n"
    doc = parse_text(text, "<test>", "markdown")
    found = next(r for r in check_document(doc, load_packs(["caloppa"])).results if r.rule == "caloppa.effective-date")
    assert found.status == "pass" and found.evidence[0].text.startswith("Effective Date October 1 2025")


def test_a_sentence_split_after_initials_is_quoted_whole():
    text = "Write to us at Bluekettle Software Ltd, P.O. Box 4410, Cork T12 X70E, Ireland.\n"
    assert first_quote(text, "gdpr.controller-contact") == text.strip()
    # initials the splitter still ends a sentence at: the quote takes in the sentence before
    text = "Write to Bluekettle Software Ltd, Attn. Privacy, 12 Main St., Albany, N.Y. 12207, or privacy@example.com.\n"
    assert first_quote(text, "gdpr.controller-contact").startswith("Write to Bluekettle")


def test_a_list_item_is_quoted_with_a_lead_in_that_introduces_it_without_a_colon():
    text = "When you register we collect the following details\n\n- your name, e-mail address and date of birth\n"
    assert first_quote(text, "gdpr.data-categories").startswith("When you register we collect the following details")


def test_a_question_is_a_heading_not_the_disclosure():
    text = (
        "What do we use your personal information for and why do we process your personal data?\n\n"
        "We use it to deliver your orders.\n"
    )
    assert first_quote(text, "gdpr.purposes").startswith("We use it to deliver")


def test_a_heading_worded_as_a_question_without_its_mark_is_not_the_disclosure():
    text = "What we use your personal data for and why\n\nWe use it to deliver your orders.\n"
    assert first_quote(text, "gdpr.purposes").startswith("We use it to deliver")


def test_a_pointer_to_more_information_is_not_quoted_before_the_statement():
    text = (
        "Learn more about how we use automated decision-making about you.\n\n"
        "We use automated decision-making about you to approve loan applications.\n"
    )
    assert first_quote(text, "gdpr.automated-decisions").startswith("We use automated decision-making")


def test_a_table_of_contents_under_the_introduction_is_not_the_disclosure():
    text = (
        "The Policy describes:\n\n- what we collect;\n- how you can access and update your information;\n\n"
        "So that you keep control over it, you may review the profile information we hold about you by "
        "signing in to your account.\n"
    )
    assert first_quote(text, "gdpr.right-access").startswith("So that you keep control")


def test_a_courtesy_title_does_not_end_the_sentence():
    text = "Our data protection officer is Miss. Jane Doe, reachable at dpo@example.com.\n"
    assert first_quote(text, "gdpr.dpo-contact").endswith("dpo@example.com.")


def test_a_list_item_that_introduces_the_next_is_its_lead_in():
    # a nested list flattened into one: the second item introduces the third
    text = (
        "# Disclosure\n\n- We will never sell your personal data.\n"
        "- However, we may release personal data for the following reasons.\n"
        "- When requested by authorities such as a court or the police.\n"
    )
    quote = first_quote(text, "gdpr.recipients")
    assert quote.startswith("However, we may release") and quote.endswith("the police.")


def test_a_sentence_is_quoted_with_the_next_one_that_says_how_to_do_it():
    packs = load_packs(["ccpa"])
    text = (
        "California residents may designate an authorized agent to make these requests on their behalf. "
        "To do so, the agent must send us your signed permission.\n"
    )
    doc = parse_text(text, "<test>", "markdown")
    found = next(r for r in check_document(doc, packs, {"ccpa": "yes"}).results if r.rule == "ccpa.authorized-agent")
    assert found.status == "pass"
    assert found.evidence[0].text.endswith("signed permission.")


def test_an_agent_allowed_is_quoted_with_the_next_sentence_that_says_what_the_agent_must_show():
    packs = load_packs(["ccpa"])
    text = (
        "You may use an authorized agent to submit a request to know or delete on your behalf. "
        "If you authorize an agent to make a request for you, the agent must provide us with written proof "
        "of your authorization.\n"
    )
    doc = parse_text(text, "<test>", "markdown")
    found = next(r for r in check_document(doc, packs, {"ccpa": "yes"}).results if r.rule == "ccpa.authorized-agent")
    assert found.status == "pass"
    assert found.evidence[0].text.endswith("written proof of your authorization.")
    # a sentence that already says it is quoted alone
    text = "An authorized agent must provide written proof of your authorization. We will respond within 45 days.\n"
    doc = parse_text(text, "<test>", "markdown")
    found = next(r for r in check_document(doc, packs, {"ccpa": "yes"}).results if r.rule == "ccpa.authorized-agent")
    assert found.evidence[0].text.endswith("of your authorization.")


def test_a_sections_own_introduction_is_not_quoted_before_the_statement():
    text = (
        "# Sending data abroad\n\n"
        "This section tells you about the safeguards that protect your personal data when it is sent abroad.\n\n"
        "Some of our suppliers process your personal data outside the EEA.\n"
    )
    assert first_quote(text, "gdpr.international-transfers").startswith("Some of our suppliers")


def test_a_label_with_a_spaced_full_stop_is_still_a_label():
    # "Access to your data ." is four words and a mark: it names the topic of the paragraph below
    text = "# Your rights\n\nAccess to your data .\n\nWe will send you a copy of the data we hold about you.\n"
    doc = parse_text(text, "<test>", "markdown")
    found = next(r for r in check_document(doc, PACKS).results if r.rule == "gdpr.right-access")
    assert found.evidence[0].text.startswith("We will send you a copy")
    assert all(e.text != "Access to your data ." for e in found.evidence)


def test_a_paragraph_is_quoted_with_the_paragraph_that_introduces_it():
    # an address or an item set as a plain paragraph below "... at this address:"
    text = (
        "# Contact\n\nYou can reach our privacy team by post at this address:\n\n"
        "Example Ltd, 1 High Street, Leeds LS1 1AA, United Kingdom\n"
    )
    assert first_quote(text, "gdpr.controller-contact") == (
        "You can reach our privacy team by post at this address:\n"
        "Example Ltd, 1 High Street, Leeds LS1 1AA, United Kingdom"
    )
    text = (
        "# Your rights\n\nOnce you are signed in, you may do the following:\n\n"
        "Correct any inaccurate personal data in your profile settings.\n"
    )
    assert first_quote(text, "gdpr.right-rectification").startswith("Once you are signed in, you may do the following:")


def test_a_sentence_that_does_so_is_quoted_with_the_one_that_says_what():
    text = "# Contact\n\nYou may ask us about your data at any time. You can do so by e-mailing privacy@example.com.\n"
    quote = first_quote(text, "gdpr.controller-contact")
    assert quote.startswith("You may ask us about your data at any time. You can do so")
