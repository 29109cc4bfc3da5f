"""Accepted failures: inline `privacylint-disable` directives and the configuration's `suppressions`.

Applied after the engine, never inside matching: a failure someone accepted
stays in every report with its `Suppression` (reason, where it was declared),
and only `--fail-on` stops counting it. Every directive needs a reason; one
without does not apply and the document's warnings say so. An expired central
suppression stops applying and says so; one that accepts nothing is reported
as unused, so suppressions do not outlive the problems they excused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from checker.config import Config, rule_matches
from checker.document import Directive, Document
from checker.results import DocumentResult, Report, RuleResult, Suppression


def gate_document(doc: Document, result: DocumentResult, config: Config | None = None) -> DocumentResult:
    """One checked document through the gate: rule selection and severities from the
    configuration, then the document's own directives, then the central suppressions."""
    config = config or Config()
    today = dt.date.today()
    result = config.adjust(result)
    result = apply_directives(result, doc.directives)
    return apply_central(result, config, today)


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


def unused_central(report: Report, config: Config, today: dt.date | None = None) -> list[str]:
    """Messages for central suppressions that accepted no failure in this run."""
    today = today or dt.date.today()
    used = {r.suppression.source for d in report.documents for r in d.results if r.suppression}
    notes = []
    for central in config.suppressions:
        if central.source in used:
            continue
        what = f"{central.source}: the suppression of {', '.join(central.rules)}"
        if central.expired(today):
            notes.append(f"{what} expired on {central.expires} (remove it)")
        elif any(central.applies_to(d.path, config.base_dir) for d in report.documents if not d.error):
            notes.append(f"{what} is unused: it accepted no failure (remove it)")
    return notes
