"""Every rule of every built-in pack passes and fails its own examples."""

from __future__ import annotations

import pytest

from checker.packs import load_packs
from checker.ruletest import run_examples

PACK_SET = load_packs()


@pytest.mark.parametrize("rule", PACK_SET.rules, ids=lambda r: r.id)
def test_rule_examples(rule):
    outcomes = run_examples(PACK_SET, {rule.id})
    assert outcomes, f"{rule.id} has no examples"
    wrong = [o.describe() for o in outcomes if not o.ok]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("rule", PACK_SET.rules, ids=lambda r: r.id)
def test_rule_is_documented(rule):
    expectations = [e.expect for e in rule.examples]
    assert expectations.count("pass") >= 2 and expectations.count("fail") >= 2, rule.id
    assert rule.citation and rule.description and rule.remediation and rule.title
