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


# -- round 14j: the quote that carries the decisive words, joined with what it needs ----------


def _quotes(text: str, rule: str, fmt: str = "markdown") -> list[str]:
    result = next(r for r in check_text(text, input_format=fmt).results if r.rule == rule)
    assert result.status == "pass", result.message
    return [e.text for e in result.evidence]


def test_a_context_word_said_again_does_not_outrank_a_sentence_naming_the_recipients() -> None:
    text = (
        "Because Example Learning collects and uses personal information of students at the direction of "
        "and under the control of a school, Example Learning relies on each school to provide appropriate "
        "notice to parents of the school's use of third party service providers such as Example Learning, "
        "and for the schools to provide consent, if necessary.\n\n"
        "We may disclose your data to our affiliated organizations and subsidiaries, and to service "
        "providers who render services to us on our behalf.\n"
    )
    assert _first_quote(text, "gdpr.recipients").startswith("We may disclose your data to our affiliated")


def test_a_lead_in_is_quoted_first_with_the_categories_listed_under_it() -> None:
    text = (
        "## Sharing\n\n"
        "Please note that once we share your personal information with another company, the information "
        "received by the other company is subject to the other company's privacy practices.\n\n"
        "We share your personal information with the following categories of third parties:\n\n"
        "- Affiliates.\n"
        "- Service providers.\n"
        "- Data aggregators.\n"
    )
    quote = _first_quote(text, "caloppa.third-party-categories")
    assert quote.startswith("We share your personal information with the following categories")
    assert "Service providers." in quote


def test_a_table_of_contents_entry_is_not_quoted_before_the_section_it_names() -> None:
    # the section's heading with the statement under it shows more than the contents entry
    text = (
        "# Privacy Policy\n\n"
        "- Information We Collect\n"
        "- Information We Share With Third Parties\n"
        "- How to Control your Information\n"
        "- Contact Details\n\n"
        "## 1. Information We Collect\n\n"
        "We collect your name and e-mail address when you register.\n\n"
        "## 2. Information We Share With Third Parties\n\n"
        "Example Games is owned by Example Group plc. Your account details go to the other businesses of "
        "the group so that they can run the service with us.\n"
    )
    assert _first_quote(text, "ccpa.categories-disclosed").startswith("2. Information We Share With Third Parties")


def test_a_pointer_to_another_section_is_not_quoted_first() -> None:
    text = (
        "For more information about the rights you have and how to exercise these rights, please review the "
        "Data Subject Rights section above.\n\n"
        "If you are aware of changes or inaccuracies in your information, you should inform us of such "
        "changes so that our records may be updated or corrected.\n"
    )
    assert _first_quote(text, "caloppa.review-and-change").startswith("If you are aware of changes")


def test_a_sentence_saying_the_policy_explains_it_is_a_pointer() -> None:
    text = (
        "The purpose of the processing of your personal data is explained in this privacy policy.\n\n"
        "The personal data collected when you subscribe to our newsletter will be used to send you the "
        "newsletter and, with your consent, offers for our products.\n"
    )
    assert _first_quote(text, "ccpa.purposes").startswith("The personal data collected when you subscribe")


def test_the_policy_adopted_to_inform_users_is_an_introduction() -> None:
    text = (
        "Example Games recognizes the importance of protecting information collected from users and has "
        "adopted this privacy policy to inform users about how Example Games gathers, stores, and uses "
        "information derived from their use of Example Games products, services and online sites.\n\n"
        "While Example Games collects personally identifiable information on a voluntary basis, for certain "
        "products the collection of personally identifiable information may be a requirement to process a "
        "user's order.\n"
    )
    assert _first_quote(text, "ccpa.purposes").startswith("While Example Games collects")


def test_a_sentence_naming_the_right_just_stated_is_quoted_with_that_statement() -> None:
    text = (
        "You can also ask us to delete your personal information if there is no need for us to keep it. "
        "This is known as the 'right to erasure' or the 'right to be forgotten'.\n"
    )
    for quote in _quotes(text, "ccpa.right-delete"):
        if "known as" in quote:
            assert quote.startswith("You can also ask us to delete")


def test_a_numbered_title_case_label_is_not_quoted_before_the_statement() -> None:
    text = (
        "(4) Right to Non-Discrimination for the Exercise of a Consumer's Privacy Rights.\n\n"
        "You have a right not to receive discriminatory treatment by us for exercising these privacy rights.\n"
    )
    assert _first_quote(text, "ccpa.non-discrimination").startswith("You have a right not to receive")


def test_a_glossary_entry_is_not_quoted_before_a_disclosure() -> None:
    text = (
        "The following definitions apply:\n\n"
        "- h) Recipient: Recipient is a natural or legal person, public authority, agency or another body, "
        "to which the personal data are disclosed, whether a third party or not.\n"
        "- j) Third party: Third party is a natural or legal person, public authority, agency or body other "
        "than the data subject, controller, processor and persons who are authorized to process personal data.\n\n"
        "Example Media may disclose your personal information to a third party for a business purpose.\n"
    )
    assert _first_quote(text, "gdpr.recipients").startswith("Example Media may disclose")


def test_a_list_item_gives_the_right_its_lead_in_gives() -> None:
    text = (
        "We might have collected other personal information that you might ask to be deleted.\n\n"
        "You have the right to:\n\n"
        "- request a copy of your information\n"
        "- ask us to correct information that is wrong, or to delete it\n"
    )
    quote = _first_quote(text, "ccpa.right-delete")
    assert quote.startswith("You have the right to:")
    assert "delete it" in quote


def test_the_acceptance_of_the_policy_is_not_quoted_first() -> None:
    text = (
        "By accessing and/or using the Site and its related sites, applications, services, goods and/or "
        "registering for an account and/or using it as a collaborator to share comments on a specific project "
        "and/or registering to our affiliate or similar program, you agree to the terms and conditions of "
        "this Policy.\n\n"
        "We share personal information with payment processors, fraud detection agencies and similar third "
        "parties for the purpose of facilitating payments done via the Site.\n"
    )
    assert _first_quote(text, "ccpa.categories-disclosed").startswith("We share personal information with payment")


def test_an_item_of_a_negative_list_is_not_quoted_first() -> None:
    # "we do not collect the following:" lists what the policy does not do; the items under it
    # carry more of the rule's words than the sentence that says what is collected
    text = (
        "We collect your name, e-mail address and IP address when you sign up.\n\n"
        "We do not collect the following information from users:\n\n"
        "- phone number, postal address or date of birth\n"
        "- health data, religious beliefs, political opinions or racial or ethnic origin\n"
    )
    assert _first_quote(text, "gdpr.data-categories").startswith("We collect your name")


def test_a_list_of_exceptions_under_a_denial_is_still_a_disclosure() -> None:
    # "We do not share it except:" names what the policy does; the item is quoted first as before
    text = (
        "We may share information with others.\n\n"
        "We do not share your personal data with anyone except:\n\n"
        "- payment processors and hosting providers that act on our behalf\n"
    )
    assert "payment processors" in _first_quote(text, "gdpr.recipients")


def test_a_lead_in_at_no_charge_is_no_denial() -> None:
    text = (
        "We will tell you about your request by e-mail.\n\n"
        "You have the right to request, at no charge, that we disclose to you:\n\n"
        "- the categories and specific pieces of personal information we have collected about you\n"
    )
    assert "specific pieces" in _first_quote(text, "ccpa.right-to-know")


def test_a_condition_about_the_companys_own_practice_is_not_quoted_first() -> None:
    # "If your data is transferred abroad, we comply with the law" does not say whether it is
    text = (
        "If your personal data is transferred or stored outside the EEA, in third countries or worldwide, "
        "we comply with the law.\n\n"
        "Our hosting provider keeps data in the United States.\n"
    )
    assert _first_quote(text, "gdpr.international-transfers").startswith("Our hosting provider")


def test_a_change_of_the_policy_as_condition_is_still_the_notice_of_changes() -> None:
    text = (
        "If we make material changes to this policy, we will notify you by e-mail.\n\n"
        "We may update this policy from time to time.\n"
    )
    assert _first_quote(text, "caloppa.change-notification").startswith("If we make material changes")


def test_a_condition_about_the_reader_gives_the_reader_a_way_to_act() -> None:
    text = (
        "We may provide information about your account when the law requires it.\n\n"
        "If you would like a copy of the personal data we hold about you, e-mail privacy@example.com.\n"
    )
    assert _first_quote(text, "gdpr.right-access").startswith("If you would like a copy")


def test_a_pointer_to_another_site_is_not_quoted_first() -> None:
    # "For more information ..., visit ..." sends the reader elsewhere; it gives no right
    text = (
        "For more information about your choices (such as opting out of interest-based advertising or "
        "objecting to profiling), visit the industry's opt-out page.\n\n"
        "You can opt out of our newsletters at any time.\n"
    )
    assert _first_quote(text, "gdpr.right-objection").startswith("You can opt out")


def test_the_dpo_with_a_channel_close_by_comes_before_the_dpo_named_alone() -> None:
    text = (
        "We have appointed a data protection officer (DPO) who oversees questions about this notice, "
        "and our support team answers the rest at support@example.com.\n\n"
        "Please contact our DPO at dpo@example.com.\n"
    )
    assert _first_quote(text, "gdpr.dpo-contact").startswith("Please contact our DPO")


def test_the_effect_of_a_right_taken_for_granted_is_not_quoted_first() -> None:
    # "If you choose to delete ..., we won't be able to ..." assumes the right; it offers none
    text = (
        "But if you choose to delete your personal data or close your account, we won't be able to offer you "
        "services that use your data.\n\n"
        "You have the right to request erasure.\n"
    )
    assert _first_quote(text, "gdpr.right-erasure").startswith("You have the right")
    text = (
        "By opting out of direct marketing and profiling, you will stop receiving personalised offers and we "
        "will stop processing your data for marketing.\n\n"
        "You can opt out at any time.\n"
    )
    assert _first_quote(text, "gdpr.right-objection").startswith("You can opt out")


def test_a_condition_about_exercising_the_right_with_the_way_to_do_it_still_offers_it() -> None:
    # near miss: the main clause gives the way to act
    text = (
        "We delete inactive accounts after two years.\n\n"
        "If you decide to delete your personal data, please e-mail privacy@example.com.\n"
    )
    assert _first_quote(text, "gdpr.right-erasure").startswith("If you decide to delete")


def test_a_count_of_requests_received_is_not_the_right() -> None:
    text = (
        "Last year we received 18 requests to delete personal information and complied with 15 of them.\n\n"
        "You may ask us to delete it.\n"
    )
    assert _first_quote(text, "ccpa.right-delete").startswith("You may ask")


def test_a_right_named_without_a_verb_is_a_label() -> None:
    # "c. Right to request access to ... your personal information" names the right, gives it to no one
    text = (
        "c. Right to request access to or correction of your personal information\n\n"
        "You may request a copy of the personal information we hold about you by e-mailing privacy@example.com.\n"
    )
    assert _first_quote(text, "gdpr.right-access").startswith("You may request a copy")


# -- round 19j: lead-ins, pointers and requests taken for granted rank below the disclosure ---


def test_a_wish_answered_by_a_pointer_is_not_quoted_first() -> None:
    text = (
        "If you wish to make an access request, please see the details in the relevant sections below.\n\n"
        "You have the right to request a copy of the personal data we hold about you.\n"
    )
    assert _first_quote(text, "gdpr.right-access").startswith("You have the right to request a copy")


def test_a_pointer_to_contact_us_without_a_channel_is_not_quoted_first() -> None:
    text = (
        "If you would like to know more about the processing of your personal data and whether your personal data "
        "is transferred outside the EEA to a third country, please contact us using any of the methods "
        "described in Contact Us.\n\n"
        "We transfer data to our host in the United States.\n"
    )
    assert _first_quote(text, "gdpr.international-transfers").startswith("We transfer data to our host")


def test_handling_a_request_is_not_quoted_before_the_right() -> None:
    text = (
        "## Your rights\n\n"
        "We will verify your request to know, to access or to delete using the information associated "
        "with your account.\n\n"
        "## Our site\n\n"
        "If you would like to request access to your data, please fill out the form at the bottom of the page.\n"
    )
    assert _first_quote(text, "gdpr.right-access").startswith("If you would like to request access")


def test_a_condition_naming_the_transfer_as_a_noun_does_not_say_it_happens() -> None:
    text = (
        "In cases of onward transfer to third parties of EU personal data received under the EU-US Privacy Shield, "
        "we may be liable.\n\n"
        "We may transfer your EU personal data to our affiliates under the Privacy Shield.\n"
    )
    assert _first_quote(text, "gdpr.international-transfers").startswith("We may transfer your EU personal data")


def test_the_topics_of_a_promised_notice_are_not_quoted_first() -> None:
    text = (
        "When you register, we will notify you of the following:\n\n"
        "- How you can correct any inaccuracies in your information.\n\n"
        "You can ask us to correct your name or e-mail address at any time.\n"
    )
    assert _first_quote(text, "gdpr.right-rectification").startswith("You can ask us to correct")


def test_a_table_of_contents_under_what_the_policy_addresses_is_not_quoted_first() -> None:
    text = (
        "This policy addresses the following:\n\n"
        "- Access to Specific Information and Data Portability Rights\n\n"
        "- Deletion Rights\n\n"
        "You can ask us to send your personal data in a machine-readable format to another provider.\n"
    )
    assert _first_quote(text, "gdpr.right-portability").startswith("You can ask us to send")


def test_a_contact_named_after_a_colon_is_quoted_with_its_address_below() -> None:
    text = (
        "## 12. Contact Us\n\n"
        "Example Lists, Inc. has a designated privacy contact. If you have questions related to this policy, "
        "please contact us: Privacy Officer Example Lists, Inc.\n\n"
        "46 Park Avenue ASHEVILLE, NC 28801\n\n"
        "privacy@example.com\n\n"
        "We appreciate your comments.\n"
    )
    quote = _first_quote(text, "gdpr.dpo-contact")
    assert quote.startswith("If you have questions") and "46 Park Avenue" in quote


def test_a_lead_in_quoted_with_a_sub_heading_ranks_below_the_sub_sections_content() -> None:
    # the lead-in's items are under the sub-heading: quoted with it, it shows no criterion
    text = (
        "## How long we keep it\n\n"
        "The following criteria are used to determine retention periods for your personal data:\n\n"
        "### Retention of enquiries\n\n"
        "- We keep your personal data as long as necessary to deal with your application.\n"
    )
    assert _first_quote(text, "gdpr.retention").startswith("We keep your personal data as long as")


def test_a_term_defined_with_a_lead_is_not_a_disclosure() -> None:
    text = (
        'We use the term "personal information" in this notice to refer to information that identifies you.\n\n'
        "We use your personal information to deliver your orders.\n"
    )
    assert _first_quote(text, "gdpr.purposes").startswith("We use your personal information to deliver")


def test_a_right_to_have_something_not_done_is_no_denial() -> None:
    text = (
        "California residents: we will act upon your request to opt out of the sale of your personal information "
        "within fifteen days.\n\n"
        "You have the right to ask us not to sell your personal information at any time.\n"
    )
    assert _first_quote(text, "ccpa.right-opt-out").startswith("You have the right to ask us not to sell")


def test_handling_a_request_with_the_company_named_ranks_below_the_right() -> None:
    text = (
        "This notice is for California residents.\n\n"
        "Examplesoft will respond to your access request within a reasonable time.\n\n"
        "Upon request, we will provide you with access to the personal information that we hold about you.\n"
    )
    assert _first_quote(text, "ccpa.right-to-know").startswith("Upon request")


def test_the_effect_of_a_named_request_ranks_below_the_way_to_make_it() -> None:
    text = (
        "This notice is for California residents.\n\n"
        "After you make a deletion request, we permanently delete your personal information from our systems.\n\n"
        "You can ask us to delete your personal information by e-mailing privacy@example.com.\n"
    )
    assert _first_quote(text, "ccpa.right-delete").startswith("You can ask us to delete")


def test_a_pointer_to_a_section_by_its_quoted_title_is_not_quoted_first() -> None:
    text = (
        'For more information regarding advertising networks, see "Collection of Information by Third-Party '
        'Sites, Ad Servers, and Sponsors" below.\n\n'
        "Advertising networks may collect information about your activity on our site and on other websites "
        "over time.\n"
    )
    assert _first_quote(text, "caloppa.third-party-tracking").startswith("Advertising networks may collect")


def test_an_agent_sentence_is_quoted_with_the_proof_the_agent_needs() -> None:
    text = (
        "This notice is for California residents.\n\n"
        "You may use an authorized agent to submit a request on your behalf. If you do, the agent will be "
        "required to provide us with written proof of your authorization.\n"
    )
    assert "written proof" in _first_quote(text, "ccpa.authorized-agent")


def test_a_request_not_to_sell_stays_a_denial_for_the_rule_about_the_practice() -> None:
    text = (
        "This notice is for California residents.\n\n"
        "In the past twelve months, we have sold identifiers and internet activity to advertising partners.\n\n"
        "If you would like to request that we not sell personal data we have collected about you, please fill "
        "out the webform.\n"
    )
    assert _first_quote(text, "ccpa.sale-sharing").startswith("In the past twelve months")


def test_a_european_rule_ranks_a_right_of_another_places_residents_below_one_for_everyone() -> None:
    # a right offered only under a US state's law tells a European reader nothing
    text = (
        "If you are a California resident, you may ask us to delete your personal information.\n\n"
        "You may ask us to delete your personal information at any time.\n"
    )
    assert _first_quote(text, "gdpr.right-erasure").startswith("You may ask us to delete")
    # a US rule reads the California sentence as it did
    assert _first_quote(text, "ccpa.right-delete").startswith("If you are a California resident")


def test_a_european_rule_ranks_a_right_under_a_us_law_below_one_for_everyone() -> None:
    text = (
        "Under the CCPA, you can object to the sale of your personal data.\n\n"
        "You can object to our processing of your personal data for direct marketing.\n"
    )
    assert _first_quote(text, "gdpr.right-objection").startswith("You can object to our processing")


def test_a_sentence_pointing_back_ranks_below_an_equal_one_that_names_its_subject() -> None:
    # "these sources" leaves the sources to the sentence before
    text = (
        "You can limit the information we receive from these sources in your account settings.\n\n"
        "We also receive information about you from other sources, such as our business partners.\n"
    )
    assert _first_quote(text, "gdpr.data-source").startswith("We also receive information about you from other")
    text = (
        "To request removal of such data, please contact us at privacy@example.com.\n\n"
        "To request removal of your personal data, please contact us at privacy@example.com.\n"
    )
    assert _first_quote(text, "gdpr.right-erasure").startswith("To request removal of your personal data")


def test_such_as_does_not_point_back() -> None:
    text = (
        "We receive information about you from other sources, such as data brokers.\n\n"
        "We also receive information about you from our business partners.\n"
    )
    assert _first_quote(text, "gdpr.data-source").startswith("We receive information about you from other")


def test_a_law_named_with_its_examples_or_by_its_title_ranks_below_the_policys_own_practice() -> None:
    text = (
        "Applicable European privacy law, such as the GDPR, permits such transfer when necessary for the "
        "performance of a contract with you.\n\n"
        "We process your personal data because it is necessary for the performance of a contract with you.\n"
    )
    assert _first_quote(text, "gdpr.legal-basis").startswith("We process your personal data because")
    text = (
        "The Example State Public Records Act requires disclosure of information held by a public body.\n\n"
        "We disclose your information to our payment processor to complete your order.\n"
    )
    assert _first_quote(text, "gdpr.recipients").startswith("We disclose your information to our payment")


def test_the_duty_of_companies_in_general_ranks_below_the_readers_right() -> None:
    text = (
        "Companies must provide the requested information electronically in a portable form.\n\n"
        "You can ask us for your data in a portable, machine-readable form.\n"
    )
    assert _first_quote(text, "gdpr.right-portability").startswith("You can ask us for your data")


def test_a_term_defined_after_naming_the_notice_is_not_a_disclosure() -> None:
    text = (
        'In this Privacy Policy, "Example" means Example, Inc. and its retail stores located in the United States '
        "and Canada.\n\n"
        "We use your personal data to deliver your orders.\n"
    )
    result = next(
        r for r in check_text(text, input_format="markdown").results if r.rule == "gdpr.international-transfers"
    )
    assert result.status == "fail"


def test_a_request_passed_on_or_taken_as_made_is_not_quoted_before_the_right() -> None:
    text = (
        "We will also communicate your deletion request to our customers and direct them to delete your data.\n\n"
        "You have the right to request that we delete your personal data.\n"
    )
    assert _first_quote(text, "gdpr.right-erasure").startswith("You have the right to request")
    text = (
        "Where you have requested that we delete your personal data, we will confirm whether you meant an opt-out.\n\n"
        "You may also have the right to request that we delete your personal data.\n"
    )
    assert _first_quote(text, "gdpr.right-erasure").startswith("You may also have the right")


def test_asking_us_not_to_sell_is_a_right_not_a_denial() -> None:
    # its "not" is the reader's request, not a denial: it does not rank below the sentence after it
    text = (
        "You may ask us not to sell your personal information by e-mailing privacy@example.com.\n\n"
        "You may opt out of the sale of your personal information by e-mailing privacy@example.com.\n"
    )
    assert _first_quote(text, "ccpa.right-opt-out").startswith("You may ask us not to sell")


# A rule whose evidence names the parts of its requirement (`evidence.parts`): the quote that
# holds more of them, the core parts first, ranks before one holding fewer.


def test_third_party_cookies_rank_below_the_sentence_that_says_they_follow_the_reader_across_sites() -> None:
    text = (
        "# Cookies\n\n"
        "Third-party advertising companies may place cookies on your device when you visit our pages.\n\n"
        "We use a consent banner so that you can choose which cookies are set.\n\n"
        "These ad networks may use those cookies to collect information about what you read here and on other "
        "websites over time.\n"
    )
    assert "on other websites over time" in _first_quote(text, "caloppa.third-party-tracking")


def test_review_alone_ranks_below_review_and_change_in_one_sentence() -> None:
    text = (
        "# Your information\n\n"
        "You have the right to access your personal information, to review your account information and profile "
        "details, and to request a copy of the personal data we hold about you.\n\n"
        "You can view and correct your personal information in your account settings.\n"
    )
    assert _first_quote(text, "caloppa.review-and-change").startswith("You can view and correct")


def test_change_alone_ranks_below_review_and_change_with_the_way_to_ask() -> None:
    text = (
        "# Your information\n\n"
        "You may update your personal information, change your display name or edit your profile details at any "
        "time in the app.\n\n"
        "You can ask us to see the personal information we hold about you and to correct anything that is wrong "
        "by e-mailing privacy@example.com.\n"
    )
    assert _first_quote(text, "caloppa.review-and-change").startswith("You can ask us to see")


def test_the_controller_is_quoted_where_it_is_named_as_the_one_responsible_not_as_a_processors_client() -> None:
    text = (
        "# Who we are\n\n"
        "We work with Tillpoint Payments Ltd, Parcelway Logistics Ltd and Cloudnest Hosting Ltd, which process "
        "personal data for us.\n\n"
        "This site is run by Harbour Lantern Studio GmbH.\n"
    )
    assert _first_quote(text, "gdpr.controller-identity") == "This site is run by Harbour Lantern Studio GmbH."


def test_the_company_the_policy_calls_we_ranks_before_a_recipient_named_earlier() -> None:
    text = (
        "# Our partners\n\n"
        "Orders are delivered by Parcelway Logistics Ltd.\n\n"
        "# About us\n\n"
        'In this notice, "we" and "us" mean Harbour Lantern Studio GmbH.\n'
    )
    assert _first_quote(text, "gdpr.controller-identity").startswith("In this notice")


# -- round 24a: what is shared or sold, and with whom: the practice before a right about it ------


def test_for_a_rule_about_the_practice_a_right_about_it_is_not_quoted_first() -> None:
    # the reader may ask what is sold and to whom: whether and what the business sells is the next sentence
    text = (
        "You may request the categories of personal information that we sold or shared about you and the "
        "categories of third parties to whom it was sold or shared.\n\n"
        "We sell your e-mail address to data brokers.\n"
    )
    assert _first_quote(text, "ccpa.sale-sharing").startswith("We sell your e-mail address")


def test_a_right_to_know_the_recipients_is_not_quoted_for_the_recipients() -> None:
    text = (
        "You have the right to request the categories of personal data we disclose and the categories of "
        "recipients, such as service providers or affiliates, to whom we disclose it.\n\n"
        "We share your order details with our delivery partners.\n"
    )
    assert _first_quote(text, "gdpr.recipients").startswith("We share your order details")


def test_a_practice_only_said_to_be_what_a_law_may_call_a_sale_is_not_quoted_first() -> None:
    text = (
        "Our use of advertising cookies on the site, and the data it gives our partners, may under some state "
        "laws be considered a sale of personal information to third parties.\n\n"
        "In the past 12 months we have sold identifiers to advertising networks.\n"
    )
    assert _first_quote(text, "ccpa.sale-sharing").startswith("In the past 12 months we have sold")


def test_a_denial_that_defers_to_the_policy_ranks_below_a_plain_denial() -> None:
    text = (
        "We will not sell your personal information to anyone, except as described in this privacy policy.\n\n"
        "We have not sold any personal information in the past 12 months.\n"
    )
    assert _first_quote(text, "ccpa.sale-sharing").startswith("We have not sold")


def test_the_date_of_a_figure_is_not_the_policys_date() -> None:
    # "As of <date>, <a count>" dates a statistic; the policy's own date is quoted and reported
    text = (
        "# Privacy notice\n\n"
        "As of March 31, 2024, the forum had 2.4 million registered members across Europe.\n\n"
        "Last updated: April 2, 2024\n"
    )
    for rule in ("caloppa.effective-date", "ccpa.last-updated"):
        result = next(r for r in check_text(text, input_format="markdown").results if r.rule == rule)
        assert result.status == "pass"
        assert result.evidence[0].text.startswith("Last updated")
        assert result.value == {"date": "2024-04-02"}
        assert all("2.4 million" not in e.text for e in result.evidence)


def test_a_date_of_the_policy_opened_by_as_of_still_counts() -> None:
    text = "# Privacy notice\n\nAs of January 5, 2024, this notice applies to our app and website.\n"
    result = next(r for r in check_text(text, input_format="markdown").results if r.rule == "caloppa.effective-date")
    assert result.status == "pass"
    assert result.value == {"date": "2024-01-05"}


# -- caloppa.third-party-categories: a category named, and the information going to it --------
# (its evidence parts: a category named by what it is, not the bare "third parties"; and a verb of
# sharing, or a heading that says the information is disclosed)


def test_a_source_named_by_its_kind_ranks_below_the_recipients() -> None:
    # credit agencies and affiliates named as where the data comes from are no recipients
    text = (
        "# Third parties\n\n"
        "We sometimes obtain details about you from other companies, such as credit reference agencies, "
        "affiliates and public registers.\n\n"
        "We pass your order details to our couriers.\n"
    )
    assert _first_quote(text, "caloppa.third-party-categories").startswith("We pass your order details")


def test_a_kind_of_firm_employed_ranks_below_the_firm_the_information_goes_to() -> None:
    text = (
        "# Third parties\n\n"
        "We employ printing firms, delivery contractors and call centre agents under contract to help run the "
        "shop.\n\n"
        "Your name and address are sent to the delivery contractor who brings your parcel.\n"
    )
    assert _first_quote(text, "caloppa.third-party-categories").startswith("Your name and address are sent")


def test_a_court_order_names_no_recipient() -> None:
    # "to comply with a court order": the court is where the order comes from, "third parties" no kind
    text = (
        "# Sharing\n\n"
        "We may disclose information to third parties to comply with a court order.\n\n"
        "We transfer your account data to our processors only to run the service.\n"
    )
    assert _first_quote(text, "caloppa.third-party-categories").startswith("We transfer your account data")


def test_categories_under_a_disclosure_heading_are_not_outranked_by_a_readers_disclosure() -> None:
    # the heading says the information goes to them (a guard: the sentence under it has no verb
    # of sharing, the reader's "disclose" in a sponsored forum has one)
    text = (
        "# How we disclose your information\n\n"
        "## To vendors\n\n"
        "With hosting vendors, marketing partners and payment processors, to run and improve the service.\n\n"
        "# Community\n\n"
        "Anything you disclose in our sponsored forums or to our affiliates and advertising partners is public.\n"
    )
    assert _first_quote(text, "caloppa.third-party-categories").startswith("With hosting vendors")


def test_a_request_turned_down_is_not_quoted_before_the_right() -> None:
    text = (
        "## Your choices\n\n"
        "In some cases, we may decline a request to access your personal information, for instance when we "
        "cannot confirm who is asking.\n\n"
        "You may ask us to correct inaccurate personal information we keep about you.\n"
    )
    quote = _first_quote(text, "caloppa.review-and-change")
    assert quote.startswith("You may ask us to correct")


def test_a_californian_rule_ranks_a_right_of_europes_residents_below_one_for_everyone() -> None:
    # the mirror of the European rules: a right offered only in the EEA tells a California
    # reader nothing, however many of the rule's words it holds
    text = (
        "If you are habitually located in the European Economic Area, you have the right to access, rectify "
        "or erase your personal information and to object to its processing.\n\n"
        "You have the right to access your personal data and, where needed, to have it amended.\n"
    )
    assert _first_quote(text, "caloppa.review-and-change").startswith("You have the right to access")


def test_a_californian_rule_keeps_a_right_given_to_europes_and_californias_residents() -> None:
    text = (
        "Residents of the EU and of California may view their personal information and ask us to correct it "
        "by writing to privacy@example.com.\n\n"
        "You may ask us to correct your personal information.\n"
    )
    assert _first_quote(text, "caloppa.review-and-change").startswith("Residents of the EU and of California")


def test_a_transfer_safeguard_is_quoted_with_the_transfer_it_covers() -> None:
    # a framework named for its complaints procedure is half of the requirement; the sentence
    # naming the transfer and the framework it relies on is the whole
    text = (
        "Under some conditions you may take a complaint about our Privacy Shield compliance to binding "
        "arbitration, as the Privacy Shield website explains in more detail for every reader.\n\n"
        "Customer records sent from Europe to our US office are transferred under the Privacy Shield.\n"
    )
    assert _first_quote(text, "gdpr.transfer-safeguards").startswith("Customer records sent")


def test_a_safeguard_is_joined_to_the_sentence_before_that_names_the_transfer() -> None:
    text = (
        "Our booking system is hosted by a company in Canada. We have signed the standard contractual "
        "clauses with that company.\n"
    )
    assert _first_quote(text, "gdpr.transfer-safeguards") == text.strip()


def test_the_commissions_adoption_of_a_safeguard_is_the_law_described_not_the_practice() -> None:
    text = (
        "The European Commission has adopted standard contractual clauses, which provide safeguards for the "
        "transfer of personal data outside the European Union.\n\n"
        "We may use these standard contractual clauses when transferring personal data outside the European Union.\n"
    )
    assert _first_quote(text, "gdpr.transfer-safeguards").startswith("We may use these standard")


def test_a_sentence_announcing_purposes_it_does_not_give_is_not_the_first_quote() -> None:
    # the purposes are in the table below it; the sentence alone says only that there are some
    text = (
        "## Why we use data\n\n"
        "On the whole, we collect, use and share your personal data for the following purposes, as the club "
        "rules also set out.\n\n"
        "| Purpose | Data |\n|---|---|\n| Bookings | name |\n\n"
        "The club also uses members' e-mail addresses to send the monthly newsletter.\n"
    )
    assert _first_quote(text, "gdpr.purposes").startswith("The club also uses")


def test_a_sentence_giving_the_purposes_it_announces_keeps_its_rank() -> None:
    text = (
        "We use your personal data for the following purposes: to run bookings, to send the newsletter "
        "and to keep the accounts.\n\n"
        "The club also uses members' e-mail addresses to send the monthly newsletter.\n"
    )
    assert _first_quote(text, "gdpr.purposes").startswith("We use your personal data for the following")
