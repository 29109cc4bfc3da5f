"""Where a missing disclosure points: the section it belongs in, not line 1."""

from __future__ import annotations

import pytest

from checker.engine import resolve_settings
from checker.locate import heading_matchers, relevant_heading_line
from checker.match_context import MatchContext
from checker.packs import load_packs
from checker.reading import parse_text


@pytest.fixture(scope="module")
def gdpr():
    return load_packs(["gdpr"])


def line_for(pack_set, rule_id: str, text: str) -> int:
    doc = parse_text(text, "policy.md", "markdown")
    ctx = MatchContext(doc, pack_set.phrase_index, resolve_settings(pack_set, None))
    rule = pack_set.rule(rule_id)
    assert not rule.match.hits(ctx), f"{rule_id} should fail on this text"
    return relevant_heading_line(rule, ctx)


POLICY = """# Privacy notice

Acme Ltd runs this shop.

## What we collect

We collect your name and address to deliver orders.

## Your rights

You can ask us for a copy of your data.

## How long we keep data

We keep records.
"""


def test_a_missing_right_points_at_the_rights_section_the_rule_looks_under(gdpr):
    assert heading_matchers(gdpr.rule("gdpr.right-complaint").match) or heading_matchers(
        gdpr.rule("gdpr.right-erasure").match
    )
    assert line_for(gdpr, "gdpr.right-erasure", POLICY) == 9


def test_without_a_heading_matcher_the_section_sharing_the_titles_topic_words_is_chosen(gdpr):
    assert not heading_matchers(gdpr.rule("gdpr.right-withdraw-consent").match)
    assert line_for(gdpr, "gdpr.right-withdraw-consent", POLICY) == 9  # "Right to withdraw consent" ~ "Your rights"
    consent = "# Privacy notice\n\n## Your data\n\nWe collect your name.\n\n## Cookies and consent\n\nWe use cookies.\n"
    assert line_for(gdpr, "gdpr.right-withdraw-consent", consent) == 7  # shares "consent"
    generic = "# Privacy notice\n\n## Your data\n\nWe collect your name.\n"
    assert line_for(gdpr, "gdpr.right-withdraw-consent", generic) == 1  # "your", "data", "privacy" name no topic


def test_a_policy_without_headings_points_at_line_1(gdpr):
    assert line_for(gdpr, "gdpr.right-erasure", "We are Acme Ltd. We collect your name.\n") == 1


def test_no_matching_heading_points_at_line_1(gdpr):
    text = "# Notice\n\nWe are Acme Ltd.\n\n## Cookies\n\nWe use cookies.\n"
    assert line_for(gdpr, "gdpr.right-portability", text) == 1
