"""GitHub Actions workflow commands: an annotation on the policy file for each open gap.

For repositories without code scanning (SARIF needs GitHub Advanced Security on
private repositories). Each line is `::error file=…,line=…,title=…::message`;
GitHub shows it on the pull request's diff and in the run summary. Accepted
(suppressed or baselined) failures are not annotated: they do not fail the gate.
"""

from __future__ import annotations

from checker.paths import repository_path
from checker.render.safe import one_line
from checker.results import DocumentResult, Report, RuleResult

# GitHub has three annotation levels; `info` findings become notices.
COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """The message part: GitHub reads `%`, CR and LF as escapes and line ends."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A `key=value` property: also `:` and `,`, which end the value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _properties(**values: object) -> str:
    return ",".join(f"{key}={escape_property(str(value))}" for key, value in values.items())


def annotation(doc: DocumentResult, r: RuleResult) -> str:
    path = repository_path(doc.path)
    where: dict[str, object] = {"file": path}
    if doc.location_unit == "line":  # a PDF page or DOCX paragraph number is no line of the file
        where["line"] = max(1, r.location_line)
    where["title"] = f"{r.rule} ({r.severity})"
    message = f"Missing: {one_line(r.title)}. Required by {one_line(r.citation)}. How to fix: {one_line(r.remediation)}"
    return f"::{COMMANDS.get(r.severity, 'warning')} {_properties(**where)}::{escape_data(message)}"


def render(report: Report) -> str:
    lines = []
    for doc in report.documents:
        if doc.error:
            where = _properties(file=repository_path(doc.path), title="privacylint: unreadable policy")
            lines.append(
                f"::error {where}::{escape_data('Could not be read, so it was not checked: ' + one_line(doc.error))}"
            )
            continue
        for warning in doc.warnings:  # why the findings below may not be what they seem
            where = _properties(file=repository_path(doc.path), title="privacylint: warning")
            lines.append(f"::warning {where}::{escape_data(one_line(warning))}")
        lines.extend(annotation(doc, r) for r in doc.results if r.is_finding)
    return "".join(line + "\n" for line in lines)
