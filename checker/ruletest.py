"""Run every rule's own examples: each `pass` example must pass, each `fail`
example must fail (and `not_applicable` ones be not applicable).

Each example is checked as a policy on its own, against the rule's whole pack,
so rules whose applicability reads other rules behave as they do for real.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.engine import check_document
from checker.model import Example, PackSet, Rule
from checker.reading import parse_text


@dataclass(frozen=True, slots=True)
class ExampleOutcome:
    rule: Rule
    example: Example
    status: str  # what the engine said
    evidence: str

    @property
    def ok(self) -> bool:
        return self.status == self.example.expect

    def describe(self) -> str:
        where = f"{self.rule.source.rsplit(':', 1)[0]}:{self.example.line}" if self.example.line else self.rule.source
        snippet = " ".join(self.example.text.split())
        snippet = snippet if len(snippet) <= 100 else snippet[:99] + "…"
        said = f" (evidence: “{self.evidence}”)" if self.evidence else ""
        return f"{where}: {self.rule.id}: expected {self.example.expect}, got {self.status}{said}: “{snippet}”"


def run_examples(pack_set: PackSet, rule_ids: set[str] | None = None) -> list[ExampleOutcome]:
    outcomes = []
    for rule in pack_set.rules:
        if rule_ids and rule.id not in rule_ids:
            continue
        for example in rule.examples:
            doc = parse_text(example.text, f"<example of {rule.id}>", example.format)
            result = check_document(doc, pack_set, dict(example.settings))
            mine = next(r for r in result.results if r.rule == rule.id)
            evidence = mine.evidence[0].text if mine.evidence else ""
            outcomes.append(ExampleOutcome(rule, example, mine.status, evidence))
    return outcomes
