"""The results model: the one thing every output format renders from.

The engine produces it; renderers only read it. Everything is immutable and
ordered deterministically (documents in input order, results in rule order).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from checker.model import SEVERITIES, severity_rank

if TYPE_CHECKING:
    from checker.document import Directive
    from checker.errors import ExitCode


@dataclass(frozen=True, slots=True)
class Evidence:
    """A quote from the policy, on source `line`: `text == document.text[start:end]`, with
    an ellipsis (\u2026) at either end where a long sentence was shortened around its hit,
    and one between a list's lead-in and a later item of it where the items between are
    left out (" \u2026 "): each piece is the document's text, in order."""

    text: str
    line: int
    start: int
    end: int
    section: str = ""
    value: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Applicability:
    applicable: bool
    decided_by: str  # setting | text | rule | default
    reason: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Suppression:
    """An accepted finding: the failure stays in every report, marked, with its reason."""

    reason: str
    source: str  # where it was declared: "policy.md:12" (inline) or "privacylint.yaml:30" (config)
    kind: str = "inline"  # inline | config | baseline
    expires: str = ""  # ISO date, for config suppressions that have one


@dataclass(frozen=True, slots=True)
class RuleResult:
    rule: str
    pack: str
    title: str
    severity: str
    citation: str
    status: str  # pass | fail | not_applicable
    message: str
    description: str
    remediation: str
    evidence: tuple[Evidence, ...] = ()
    applicability: Applicability | None = None
    value: dict[str, Any] | None = None
    location_line: int = 1  # where a finding points: the evidence, or the most relevant heading
    url: str = ""
    applies_from: str = ""
    suppression: Suppression | None = None  # set on a failure someone accepted, with the reason

    @property
    def is_finding(self) -> bool:
        """A failure nobody has accepted: what --fail-on counts."""
        return self.status == "fail" and self.suppression is None


@dataclass(frozen=True, slots=True)
class PackInfo:
    id: str
    name: str
    version: str


@dataclass(frozen=True, slots=True)
class DocumentResult:
    path: str
    format: str = ""
    encoding: str = ""
    sha256: str = ""
    lines: int = 0
    location_unit: str = "line"  # what evidence `line` counts: line, page (PDF) or paragraph (DOCX)
    packs: tuple[PackInfo, ...] = ()
    results: tuple[RuleResult, ...] = ()
    settings: tuple[tuple[str, str], ...] = ()
    warnings: tuple[str, ...] = ()
    error: str | None = None  # set when the document could not be read; results are then empty
    # The policy's own privacylint-disable comments, for the gate (not rendered: the suppressions they make are).
    directives: tuple[Directive, ...] = ()

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    def failures(self, fail_on: str = "info") -> list[RuleResult]:
        """Failed results at or above the severity `fail_on` (`never`: none)."""
        if fail_on == "never":
            return []
        threshold = severity_rank(fail_on)
        return [r for r in self.results if r.is_finding and severity_rank(r.severity) >= threshold]


@dataclass(frozen=True, slots=True)
class Report:
    tool: str
    version: str
    generated_at: str
    documents: tuple[DocumentResult, ...] = field(default_factory=tuple)
    # Run-wide notes: unused or expired central suppressions, stale baseline entries.
    warnings: tuple[str, ...] = ()

    @property
    def errors(self) -> list[DocumentResult]:
        return [d for d in self.documents if d.error]

    def failures(self, fail_on: str) -> list[tuple[DocumentResult, RuleResult]]:
        return [(d, r) for d in self.documents for r in d.failures(fail_on)]


@dataclass
class Tally:
    """Running totals for the summary line: of a whole report, or of a streamed run whose
    results are not kept."""

    policies: int = 0
    passed: int = 0
    failed: int = 0
    suppressed: int = 0
    not_applicable: int = 0
    unreadable: int = 0
    failing_documents: int = 0  # at or above the --fail-on severity
    by_severity: dict[str, int] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, why it could not be read)

    def add(self, result: DocumentResult, fail_on: str) -> None:
        self.policies += 1
        if result.error:
            self.unreadable += 1
            self.errors.append((result.path, result.error))
            return
        for r in result.results:
            if r.status == "pass":
                self.passed += 1
            elif r.status == "not_applicable":
                self.not_applicable += 1
            if r.is_finding:
                self.failed += 1
                self.by_severity[r.severity] = self.by_severity.get(r.severity, 0) + 1
            elif r.status == "fail" and r.suppression:
                self.suppressed += 1
        if result.failures(fail_on):
            self.failing_documents += 1

    def summary_line(self) -> str:
        # Always most severe first, whatever order the failures came in.
        detail = ", ".join(
            f"{self.by_severity[s]} {s}{'s' if self.by_severity[s] != 1 and s != 'info' else ''}"
            for s in SEVERITIES
            if self.by_severity.get(s)
        )
        text = (
            f"{self.policies} polic{'y' if self.policies == 1 else 'ies'} checked: "
            f"{self.passed} passed, {self.failed} failed"
            + (f" ({detail})" if detail else "")
            + f", {self.not_applicable} not applicable"
        )
        if self.suppressed:
            text += f", {self.suppressed} suppressed"
        if self.unreadable:
            text += f", {self.unreadable} could not be read"
        return text

    def exit_code(self) -> ExitCode:
        from checker.errors import ExitCode

        if self.unreadable:
            return ExitCode.UNREADABLE_INPUT
        return ExitCode.FINDINGS if self.failing_documents else ExitCode.OK

    @classmethod
    def of(cls, documents: Iterable[DocumentResult], fail_on: str = "never") -> Tally:
        tally = cls()
        for document in documents:
            tally.add(document, fail_on)
        return tally
