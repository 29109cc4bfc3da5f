"""Terminal output for 80 columns: the open gaps first, one per line in the
`path:line: severity rule-id message` form editors and CI problem matchers jump
to, then each policy's other results, then one summary line.

Accepted (suppressed or baselined) failures are not in the first block: they do
not fail the gate. They are listed with the policy, marked ⊘, with their reason.
"""

from __future__ import annotations

import textwrap

from checker.model import SEVERITIES, severity_rank
from checker.paths import shown_path, shown_source
from checker.results import DocumentResult, Report, RuleResult, Tally

WIDTH = 80
_MARKS = {"pass": "✓", "fail": "✗", "not_applicable": "–"}
_SUPPRESSED_MARK = "⊘"  # a failure someone accepted, with a reason: shown, but not counted
_COLOURS = {"pass": "green", "fail": "red", "not_applicable": "bright_black"}
_SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}


def _style(text: str, colour: str | None, colour_on: bool, bold: bool = False) -> str:
    if not colour_on:
        return text
    import click

    return click.style(text, fg=colour, bold=bold)


def render(
    report: Report, *, colour: bool = False, verbose: bool = False, summary: bool = True, passes: bool = True
) -> str:
    """The text report; `summary=False` leaves out the closing summary line (the caller prints it),
    `passes=False` the met, not-applicable and accepted lines (hooks and CI logs want only what
    needs attention: open gaps, warnings, errors)."""
    lines: list[str] = []
    for doc in report.documents:
        if doc.error:
            lines.append(f"{shown_path(doc.path)}: {_style('unreadable', 'red', colour, bold=True)} {doc.error}")
    findings = [(doc, r) for doc in report.documents for r in _by_severity(doc) if r.is_finding]
    for doc, r in findings:
        lines.extend(finding_lines(doc, r, colour, verbose))
    for doc in report.documents:
        if doc.error:
            continue
        if not passes and not doc.warnings:
            continue  # its open gaps are listed above; nothing else needs attention
        if lines:
            lines.append("")
        lines.extend(_document(doc, colour, verbose, passes))
    if summary:
        if lines:
            lines.append("")
        lines.extend(_wrap_at_commas(summary_line(report)))
    return "".join(line + "\n" for line in lines)


def _by_severity(doc: DocumentResult) -> list[RuleResult]:
    return sorted(doc.results, key=lambda r: (-severity_rank(r.severity), r.location_line))


def location(doc: DocumentResult, r: RuleResult) -> str:
    """`path:line` for text files; a PDF page or DOCX paragraph is said as such (no editor can jump to it)."""
    path = shown_path(doc.path)
    if doc.location_unit == "line":
        return f"{path}:{r.location_line}"
    return f"{path} ({doc.location_unit} {r.location_line})"


def finding_lines(doc: DocumentResult, r: RuleResult, colour: bool, verbose: bool = False) -> list[str]:
    """One open gap: its first line is `path:line: severity rule-id message`; the rest wraps, indented."""
    severity = r.severity if r.severity in SEVERITIES else "info"
    head = f"{location(doc, r)}: {severity} {r.rule} "
    wrapped = textwrap.wrap(
        f"Missing: {r.title} ({r.citation})",
        WIDTH,
        initial_indent=head,  # never broken: the whole `path:line: severity rule-id` stays on the first line
        subsequent_indent="    ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    if colour:
        styled_head = (
            f"{_style(location(doc, r), None, colour, bold=True)}: "
            f"{_style(severity, _SEVERITY_COLOURS[severity], colour)} {_style(r.rule, None, colour, bold=True)} "
        )
        wrapped[0] = styled_head + wrapped[0][len(head) :]
    if verbose:
        wrapped += textwrap.wrap(f"fix: {r.remediation}", WIDTH, initial_indent="    ", subsequent_indent="    ")
    return wrapped


def _document(doc: DocumentResult, colour: bool, verbose: bool, passes: bool = True) -> list[str]:
    met = doc.count("pass")
    applicable = met + doc.count("fail")
    score = f"{met} of {applicable} applicable requirement{'s' if applicable != 1 else ''} met"
    if applicable:
        score += f" ({met * 100 // applicable}%)"
    out = [f"{_style(shown_path(doc.path), None, colour, bold=True)}: {score}"]
    for warning in doc.warnings:
        out.append("  " + _style(f"warning: {warning}", "yellow", colour))
    shown = [r for r in doc.results if passes and (r.status != "fail" or r.suppression)]
    width = min(max((len(r.rule) for r in shown), default=0), 34)
    for r in sorted(shown, key=lambda r: ("fail", "pass", "not_applicable").index(r.status)):
        mark = _style(_MARKS[r.status], _COLOURS[r.status], colour)
        if r.suppression:
            mark = _style(_SUPPRESSED_MARK, "bright_black", colour)
        prefix = f" {r.rule.ljust(width)}  "
        room = max(WIDTH - 1 - len(prefix), 20)
        if r.status == "pass":
            e = r.evidence[0]
            where = f"{doc.location_unit} {e.line}: "
            detail = where + "“" + _clip(e.text, room - len(where) - 2) + "”"
            if r.value and verbose:
                detail += "  [" + ", ".join(f"{k}={v}" for k, v in r.value.items()) + "]"
        elif r.status == "fail":
            s = r.suppression
            assert s is not None
            until = f", until {s.expires}" if s.expires else ""
            # Not clipped: the reason is what a reviewer needs to see.
            detail = _style(
                f"{r.severity} suppressed ({s.kind}, {shown_source(s.source)}{until}): {s.reason}",
                "bright_black",
                colour,
            )
        else:
            reason = r.applicability.reason if r.applicability else "the rule does not apply"
            text = f"not applicable: {reason}"
            detail = _style(text if verbose else _clip(text, room), "bright_black", colour)
        out.append(f"{mark}{prefix}{detail}")
    return out


def _wrap_at_commas(text: str) -> list[str]:
    """Wrap a list-like sentence only after its commas, so a count stays with its word."""
    lines = [""]
    for part in text.split(", "):
        candidate = f"{lines[-1]}, {part}" if lines[-1] else part
        if len(candidate) + 1 > WIDTH and lines[-1]:
            lines[-1] += ","
            lines.append("  " + part)
        else:
            lines[-1] = candidate
    return lines


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    limit = max(limit, 10)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def summary_line(report: Report) -> str:
    return Tally.of(report.documents).summary_line()
