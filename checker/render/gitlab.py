"""GitLab Code Quality report: the JSON array GitLab shows in a merge request's widget.

One issue per open gap (accepted failures are left out, as they do not fail the
gate) and one per unreadable policy. The fingerprint is the SARIF one (rule and
repository-relative path), so an issue keeps its identity across edits and
across the folder a job ran in.
"""

from __future__ import annotations

import json
from typing import Any

from checker.paths import repository_path
from checker.render.safe import one_line
from checker.render.sarif import fingerprint
from checker.results import DocumentResult, Report, RuleResult

# GitLab's scale is info, minor, major, critical, blocker. A missing mandatory
# disclosure is serious but does not stop the service: major; a policy we could
# not read at all blocks every check of it.
SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def _issue(doc: DocumentResult, r: RuleResult) -> dict[str, Any]:
    return {
        "type": "issue",
        "check_name": r.rule,
        "description": f"Missing: {one_line(r.title)} ({one_line(r.citation)}). How to fix: {one_line(r.remediation)}",
        "categories": ["Compliance"],
        "severity": SEVERITIES.get(r.severity, "minor"),
        "fingerprint": fingerprint(r.rule, doc.path),
        "location": {"path": repository_path(doc.path), "lines": {"begin": max(1, r.location_line)}},
    }


def _unreadable(doc: DocumentResult) -> dict[str, Any]:
    return {
        "type": "issue",
        "check_name": "privacylint.unreadable",
        "description": f"Could not be read, so it was not checked: {one_line(doc.error)}",
        "categories": ["Compliance"],
        "severity": "blocker",
        "fingerprint": fingerprint("privacylint.unreadable", doc.path),
        "location": {"path": repository_path(doc.path), "lines": {"begin": 1}},
    }


def report_list(report: Report) -> list[dict[str, Any]]:
    issues: list[dict[str, Any]] = []
    for doc in report.documents:
        if doc.error:
            issues.append(_unreadable(doc))
        else:
            issues.extend(_issue(doc, r) for r in doc.results if r.is_finding)
    return issues


def render(report: Report) -> str:
    return json.dumps(report_list(report), indent=2, ensure_ascii=False) + "\n"
