"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run; each failing requirement is a result pointing into the policy file.
What GitHub insists on (see design notes): rules deduplicated by id, a region on
every result, and `partialFingerprints` that survive edits above a finding, so
the fingerprint hashes the rule id and path, never a line number.

Artifact URIs are relative to the repository root under the base id `%SRCROOT%`,
so `p.md`, `./p.md` and its absolute path are one file with one fingerprint,
whichever folder the run started in; `originalUriBaseIds` says what the base is
without naming the runner's folder.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from checker.paths import is_relative, repository_path, shown_source
from checker.render.context import INFORMATION_URI, safe_url
from checker.render.safe import clean_text, one_line
from checker.results import DocumentResult, Report, RuleResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "privacylintRuleAndPath/v1"
SRCROOT = "%SRCROOT%"
# Code scanning keeps one set of alerts per category: this names privacylint's.
AUTOMATION_ID = "privacylint/"


def artifact_uri(path: str) -> str:
    """The path relative to the repository root, as a relative URI reference (spaces and such
    percent-encoded); a file outside the repository as an absolute `file:` URI."""
    if path == "-":
        return "stdin"
    shown = repository_path(path)
    if not is_relative(shown):
        return Path(shown).as_uri()
    return quote(clean_text(shown), safe="/@!$&'()*+,;=-._~")


def artifact_location(path: str) -> dict[str, str]:
    location = {"uri": artifact_uri(path)}
    if path != "-" and is_relative(repository_path(path)):
        location["uriBaseId"] = SRCROOT
    return location


def fingerprint(rule_id: str, path: str) -> str:
    """Of the rule and the normalised path: the same however the path was typed."""
    normalised = repository_path(path) if path != "-" else path
    return hashlib.sha256(f"{rule_id}\0{normalised}".encode()).hexdigest()


def _rule_descriptor(r: RuleResult) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": r.rule,
        "name": _pascal_name(r.rule),
        "shortDescription": {"text": one_line(r.title)},
        "fullDescription": {"text": one_line(r.description) or one_line(r.title)},
        "help": {
            "text": one_line(r.remediation),
            "markdown": f"**How to fix:** {one_line(r.remediation)}\n\nRequired by {one_line(r.citation)}.",
        },
        "defaultConfiguration": {"level": LEVELS.get(r.severity, "warning")},
        "properties": {"citation": one_line(r.citation), "pack": r.pack, "tags": ["privacy", "compliance", r.pack]},
    }
    if safe_url(r.url):
        descriptor["helpUri"] = safe_url(r.url)
    return descriptor


def _pascal_name(rule_id: str) -> str:
    """`gdpr.right-complaint` → `GdprRightComplaint`: SARIF names are identifiers, not prose."""
    return "".join(part.capitalize() for part in rule_id.replace("-", ".").replace("_", ".").split(".") if part)


def _result(doc: DocumentResult, r: RuleResult, rule_index: int) -> dict[str, Any]:
    message = f"{one_line(r.message)} Required by {one_line(r.citation)}. How to fix: {one_line(r.remediation)}"
    return {
        "ruleId": r.rule,
        "ruleIndex": rule_index,
        "level": LEVELS.get(r.severity, "warning"),
        "message": {"text": message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact_location(doc.path),
                    "region": {"startLine": max(1, r.location_line)},
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(r.rule, doc.path)},
        "properties": {"pack": r.pack, "severity": r.severity, "citation": one_line(r.citation)},
        **_suppressions(r),
    }


def _suppressions(r: RuleResult) -> dict[str, Any]:
    """An accepted failure stays in the log, marked suppressed with its justification."""
    suppression = getattr(r, "suppression", None)
    if suppression is None:
        return {}
    entry: dict[str, Any] = {
        "kind": "inSource" if suppression.kind == "inline" else "external",
        "status": "accepted",
        "justification": one_line(suppression.reason),
    }
    if suppression.source:
        entry["properties"] = {
            "source": one_line(shown_source(suppression.source)),
            "privacylintKind": suppression.kind,
        }
    return {"suppressions": [entry]}


def _notification(doc: DocumentResult, level: str, text: str) -> dict[str, Any]:
    return {
        "level": level,
        "message": {"text": f"{clean_text(repository_path(doc.path))}: {text}"},
        "locations": [{"physicalLocation": {"artifactLocation": artifact_location(doc.path)}}],
    }


def report_dict(report: Report) -> dict[str, Any]:
    rules: dict[str, dict[str, Any]] = {}
    for doc in report.documents:
        for r in doc.results:
            rules.setdefault(r.rule, _rule_descriptor(r))
    index = {rule_id: i for i, rule_id in enumerate(rules)}
    results = [_result(d, r, index[r.rule]) for d in report.documents for r in d.results if r.status == "fail"]
    artifacts = []
    for d in report.documents:
        artifact: dict[str, Any] = {"location": artifact_location(d.path)}
        if d.sha256:
            artifact["hashes"] = {"sha-256": d.sha256}
        artifacts.append(artifact)
    # An unreadable policy is an error; a document's warnings (read as Windows-1252, a repaired
    # PDF, not in English) say its findings may not be what they seem: code scanning shows both.
    notifications = [
        _notification(d, "error", f"could not be read: {one_line(d.error)}") for d in report.documents if d.error
    ]
    notifications += [_notification(d, "warning", one_line(w)) for d in report.documents for w in d.warnings]
    packs = {p.id: p.version for d in report.documents for p in d.packs}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": report.tool,
                "version": report.version,
                "semanticVersion": report.version,
                "informationUri": INFORMATION_URI,
                "rules": list(rules.values()),
            }
        },
        "invocations": [
            {
                "executionSuccessful": not any(n["level"] == "error" for n in notifications),
                "endTimeUtc": _utc(report.generated_at),
                "toolExecutionNotifications": notifications,
            }
        ],
        "automationDetails": {"id": AUTOMATION_ID},
        "originalUriBaseIds": {
            SRCROOT: {"description": {"text": "The repository root (or the working directory outside a repository)."}}
        },
        "artifacts": artifacts,
        "results": results,
        "properties": {"packs": packs},
    }
    if run["invocations"][0]["endTimeUtc"] is None:
        del run["invocations"][0]["endTimeUtc"]
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _utc(generated_at: str) -> str | None:
    """SARIF wants `date-time` in UTC with a Z; anything we cannot read is left out."""
    from datetime import UTC, datetime

    try:
        moment = datetime.fromisoformat(generated_at)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def render(report: Report) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
