"""Compiled rules and packs, as the engine and `rules show` use them."""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.conditions import Condition
from checker.matchers import Matcher
from checker.phrases import PhraseIndex
from checker.re2text import PatternScreen

SEVERITIES = ("error", "warning", "info")  # most severe first


def severity_rank(severity: str) -> int:
    """error → 3, warning → 2, info → 1: compare with >=."""
    return len(SEVERITIES) - SEVERITIES.index(severity)


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    expect: str  # pass | fail | not_applicable
    format: str = "text"
    settings: tuple[tuple[str, str], ...] = ()
    note: str = ""
    line: int = 0


@dataclass(eq=False)
class Rule:
    id: str
    pack: str
    title: str
    severity: str
    citation: str
    description: str
    remediation: str
    match: Matcher
    examples: list[Example]
    applicability: Condition | None = None
    url: str = ""
    applies_from: str = ""
    tags: tuple[str, ...] = ()
    evidence_max: int = 3
    evidence_value: str = ""
    # the parts of a requirement a quote should show together (`evidence.parts`): a quote
    # holding more of them ranks first, and a sentence missing one is quoted with the
    # adjacent sentence of its paragraph that holds it
    evidence_parts: tuple[Matcher, ...] = ()
    # The rule asks what the organisation does with the data (`evidence: practice`): a sentence
    # that only offers the reader a right or a choice about it ranks below a statement of it.
    evidence_practice: bool = False
    # Where the rule's pack applies, from its `jurisdiction`: "europe" (EU, EEA, UK), where a
    # sentence about the rights or law of a US state or of Canada is a weak quote; "california",
    # where one about the rights or law of Europe is; "" for neither.
    home: str = ""
    source: str = ""  # file:line where the rule is defined

    @property
    def european(self) -> bool:
        return self.home == "europe"

    def depends_on(self) -> set[str]:
        return self.applicability.rules() if self.applicability else set()

    def matchers(self) -> tuple[Matcher, ...]:
        """The matchers the engine reads for the rule: its match, its applicability's and its
        evidence parts (the parts of each are reached from it)."""
        applicability = self.applicability.matchers() if self.applicability else ()
        return (self.match, *applicability, *self.evidence_parts)


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    description: str
    values: tuple[str, ...]
    default: str | None = None


@dataclass(eq=False)
class Pack:
    id: str
    name: str
    version: str
    description: str
    path: str
    rules: list[Rule]
    settings: dict[str, Setting] = field(default_factory=dict)
    builtin: bool = False
    jurisdiction: str = ""
    url: str = ""


@dataclass(eq=False)
class PackSet:
    """The packs selected for a run, with their rules in evaluation order."""

    packs: list[Pack]
    phrase_index: PhraseIndex
    ordered_rules: list[Rule]
    regex_screen: PatternScreen | None = None  # which of the rules' regular expressions a text can match

    @property
    def rules(self) -> list[Rule]:
        return [rule for pack in self.packs for rule in pack.rules]

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    @property
    def settings(self) -> dict[str, Setting]:
        merged: dict[str, Setting] = {}
        for pack in self.packs:
            merged.update(pack.settings)
        return merged
