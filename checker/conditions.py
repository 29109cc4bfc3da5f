"""Applicability: when a rule applies, and who decided.

A condition is a decision list: cases tried in order, the first whose `when`
holds decides (`applicable` or `not_applicable`), with a reason. A case may
test a setting the user gave (`--set audience=children`), what the text says
(a matcher), or another rule's outcome. When no case decides, the rule applies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from checker.hits import Hit
from checker.match_context import MatchContext
from checker.matchers import Matcher


@dataclass(frozen=True, slots=True)
class Decision:
    applicable: bool
    decided_by: str  # "setting" | "text" | "rule" | "default"
    reason: str
    hits: tuple[Hit, ...] = ()
    missing: str = ""  # the case's note for a failure, when it has one


@dataclass(eq=False)
class Predicate:
    def test(self, ctx: MatchContext, statuses: Mapping[str, str]) -> tuple[bool, str, list[Hit]]:
        """(holds, what decided it — "setting"/"text"/"rule", the text evidence)."""
        raise NotImplementedError

    def rules(self) -> set[str]:
        return set()

    def describe(self) -> str:
        raise NotImplementedError


@dataclass(eq=False)
class SettingPredicate(Predicate):
    name: str = ""
    values: tuple[str, ...] = ()

    def test(self, ctx, statuses):
        return ctx.settings.get(self.name) in self.values, "setting", []

    def describe(self) -> str:
        return f"setting {self.name} is {' or '.join(self.values)}"


@dataclass(eq=False)
class TextPredicate(Predicate):
    matcher: Matcher | None = None

    def test(self, ctx, statuses):
        hits = self.matcher.hits(ctx) if self.matcher else []
        return bool(hits), "text", hits

    def describe(self) -> str:
        return "the policy text says so"


@dataclass(eq=False)
class RulePredicate(Predicate):
    rule: str = ""
    statuses: tuple[str, ...] = ("pass",)

    def test(self, ctx, statuses):
        return statuses.get(self.rule) in self.statuses, "rule", []

    def rules(self) -> set[str]:
        return {self.rule}

    def describe(self) -> str:
        return f"rule {self.rule} is {' or '.join(self.statuses)}"


@dataclass(eq=False)
class AllPredicate(Predicate):
    parts: list[Predicate] = field(default_factory=list)

    def test(self, ctx, statuses):
        hits: list[Hit] = []
        kinds = []
        for part in self.parts:
            holds, kind, found = part.test(ctx, statuses)
            if not holds:
                return False, kind, []
            hits.extend(found)
            kinds.append(kind)
        return True, _combined(kinds), hits

    def rules(self) -> set[str]:
        return set().union(*(p.rules() for p in self.parts))

    def describe(self) -> str:
        return " and ".join(p.describe() for p in self.parts)


@dataclass(eq=False)
class AnyPredicate(Predicate):
    parts: list[Predicate] = field(default_factory=list)

    def test(self, ctx, statuses):
        for part in self.parts:
            holds, kind, found = part.test(ctx, statuses)
            if holds:
                return True, kind, found
        return False, "text", []

    def rules(self) -> set[str]:
        return set().union(*(p.rules() for p in self.parts))

    def describe(self) -> str:
        return " or ".join(p.describe() for p in self.parts)


@dataclass(eq=False)
class NotPredicate(Predicate):
    part: Predicate | None = None

    def test(self, ctx, statuses):
        holds, kind, _ = self.part.test(ctx, statuses)
        return not holds, kind, []

    def rules(self) -> set[str]:
        return self.part.rules() if self.part else set()

    def describe(self) -> str:
        return f"not ({self.part.describe()})"


def _combined(kinds: list[str]) -> str:
    for kind in ("setting", "rule", "text"):
        if kind in kinds:
            return kind
    return "text"


@dataclass(frozen=True, slots=True)
class Case:
    when: Predicate | None  # None: the `otherwise` case
    applicable: bool
    reason: str
    missing: str = ""  # added to the message when the rule then fails


@dataclass(eq=False)
class Condition:
    name: str
    description: str
    cases: list[Case]

    def decide(self, ctx: MatchContext, statuses: Mapping[str, str]) -> Decision:
        for case in self.cases:
            if case.when is None:
                return Decision(case.applicable, "default", case.reason or self.description, missing=case.missing)
            holds, kind, hits = case.when.test(ctx, statuses)
            if holds:
                reason = case.reason or case.when.describe()
                return Decision(case.applicable, kind, reason, tuple(hits), case.missing)
        return Decision(True, "default", f"no case of '{self.name}' decided; the rule applies")

    def rules(self) -> set[str]:
        return set().union(*(c.when.rules() for c in self.cases if c.when is not None))

    def matchers(self) -> list[Matcher]:
        found = []

        def walk(p: Predicate | None) -> None:
            if isinstance(p, TextPredicate) and p.matcher is not None:
                found.append(p.matcher)
            for child in getattr(p, "parts", []) or []:
                walk(child)
            if isinstance(p, NotPredicate):
                walk(p.part)

        for case in self.cases:
            walk(case.when)
        return found
