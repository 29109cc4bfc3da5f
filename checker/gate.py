"""The gate: what a project decided about the engine's results, applied in one stage.

    engine results → gate(report, config, baseline) → the report every format renders

In order, for each document: the configuration's rule selection and severity
overrides; the policy's own `privacylint-disable` directives; the
configuration's central `suppressions`; the baseline. Then the run-wide notes:
directives that cannot apply, central suppressions that are unused or expired,
baseline entries that no longer fail.

Never inside matching: a failure someone accepted stays in every report with
its `Suppression` (reason, where it was declared), and only `--fail-on` stops
counting it. Every directive needs a reason, and names rules as strictly as the
configuration does (no `*`); one that cannot apply does nothing and the
document's warnings say why. A streamed run (`--format jsonl`) passes each
document through `Gate.document` as it finishes and asks for `notes()` at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from checker import baseline as baselines
from checker.config import Config, rule_matches, rule_pattern_problem
from checker.document import Directive
from checker.results import DocumentResult, Report, RuleResult, Suppression


class Gate:
    """The gate of one run: applies to documents one at a time and remembers what was used."""

    def __init__(
        self, config: Config | None = None, baseline: baselines.Baseline | None = None, today: dt.date | None = None
    ) -> None:
        self.config = config or Config()
        self.baseline = baseline
        self.today = today or dt.date.today()
        self._used_central: set[str] = set()
        self._checked: list[DocumentResult] = []
        self._baseline_use = baselines.Use(baseline) if baseline else None

    def document(self, result: DocumentResult) -> DocumentResult:
        """One checked document through every stage of the gate."""
        if result.error:
            self._checked.append(result)
            return result
        result = apply_config(result, self.config)
        result = apply_directives(result, result.directives)
        result = apply_central(result, self.config, self.today)
        if self._baseline_use is not None:
            result = self._baseline_use.mark(result)
        self._used_central.update(r.suppression.source for r in result.results if r.suppression)
        self._checked.append(replace(result, results=()))  # the path is all the notes need
        return result

    def report(self, report: Report) -> Report:
        """A whole report through the gate; its `warnings` gain the run-wide notes."""
        documents = tuple(self.document(d) for d in report.documents)
        return replace(report, documents=documents, warnings=(*report.warnings, *self.notes()))

    def notes(self) -> list[str]:
        """Run-wide notes: unused or expired central suppressions, stale baseline entries."""
        notes = []
        for central in self.config.suppressions:
            if central.source in self._used_central:
                continue
            what = f"{central.source}: the suppression of {', '.join(central.rules)}"
            if central.expired(self.today):
                notes.append(f"{what} expired on {central.expires} (remove it)")
            elif any(central.applies_to(d.path, self.config.base_dir) for d in self._checked if not d.error):
                notes.append(f"{what} is unused: it accepted no failure (remove it)")
        if self._baseline_use is not None:
            where = self._baseline_use.baseline.path
            notes += [
                f"{where}: {e.rule} in {e.path} no longer fails (stale; `privacylint baseline update` drops it)"
                for e in self._baseline_use.stale()
            ]
        return notes


def gate(
    report: Report,
    config: Config | None = None,
    baseline: baselines.Baseline | None = None,
    today: dt.date | None = None,
) -> Report:
    """The report with the whole gate applied; its `warnings` carry the run-wide notes."""
    return Gate(config, baseline, today).report(report)


def apply_config(result: DocumentResult, config: Config) -> DocumentResult:
    """Drop the rules not selected and apply severity overrides (after the engine ran them all,
    so that rules other rules' applicability reads are still evaluated)."""
    if result.error or not (config.select or config.ignore or config.severity):
        return result
    kept = tuple(
        replace(r, severity=config.severity.get(r.rule, r.severity)) for r in result.results if config.selects(r.rule)
    )
    return replace(result, results=kept)


def apply_directives(result: DocumentResult, directives: Sequence[Directive]) -> DocumentResult:
    """Mark the failures the policy's own directives accept; warn about those that cannot apply."""
    if result.error or not directives:
        return result
    results = list(result.results)
    warnings = list(result.warnings)
    for directive in directives:
        where = f"{result.path}:{directive.line}: privacylint-disable"
        if not directive.rules:
            warnings.append(f"{where} names no rule, so it does nothing (write `privacylint-disable RULE: reason`)")
            continue
        named = f"{where} {', '.join(directive.rules)}"
        refused = [problem for p in directive.rules if (problem := rule_pattern_problem(p))]
        if refused:
            warnings.append(f"{named} does not apply: {refused[0]}")
            continue
        if not directive.reason:
            warnings.append(
                f"{named} has no reason, so it does not apply "
                f"(write `privacylint-disable {', '.join(directive.rules)}: why this is acceptable`)"
            )
            continue
        suppression = Suppression(reason=directive.reason, source=f"{result.path}:{directive.line}", kind="inline")
        if not _accept(results, directive.rules, suppression):
            warnings.append(f"{named} is unused: no failing rule matches it (remove it)")
    return replace(result, results=tuple(results), warnings=tuple(warnings))


def apply_central(result: DocumentResult, config: Config, today: dt.date) -> DocumentResult:
    """Mark the failures the configuration's `suppressions` accept for this document."""
    if result.error or not config.suppressions:
        return result
    results = list(result.results)
    warnings = list(result.warnings)
    for central in config.suppressions:
        if not central.applies_to(result.path, config.base_dir):
            continue
        if central.expired(today):
            for r in results:
                if r.is_finding and any(rule_matches(r.rule, p) for p in central.rules):
                    warnings.append(
                        f"{central.source}: the suppression of {r.rule} expired on {central.expires}, "
                        "so the failure counts again"
                    )
            continue
        suppression = Suppression(central.reason, central.source, kind="config", expires=central.expires)
        _accept(results, central.rules, suppression)
    return replace(result, results=tuple(results), warnings=tuple(warnings))


def _accept(results: list[RuleResult], patterns: Sequence[str], suppression: Suppression) -> bool:
    """Set `suppression` on the unsuppressed failures `patterns` name; True if there were any."""
    used = False
    for i, r in enumerate(results):
        if r.is_finding and any(rule_matches(r.rule, p) for p in patterns):
            results[i] = replace(r, suppression=suppression)
            used = True
    return used
