"""Terminal output: grouped by document, one line per requirement, a summary line."""

from __future__ import annotations

from checker.results import DocumentResult, Report, Tally

_MARKS = {"pass": "✓", "fail": "✗", "not_applicable": "–"}
_SUPPRESSED_MARK = "⊘"  # a failure someone accepted, with a reason: shown, but not counted
_COLOURS = {"pass": "green", "fail": "red", "not_applicable": "bright_black"}
_SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}


def _style(text: str, colour: str | None, colour_on: bool, bold: bool = False) -> str:
    if not colour_on:
        return text
    import click

    return click.style(text, fg=colour, bold=bold)


def render(report: Report, *, colour: bool = False, verbose: bool = False, show_passes: bool = True) -> str:
    """`show_passes=False` (hooks and CI logs, as ruff prints them) keeps only what needs
    attention: unsuppressed failures, warnings and errors; a document with none is left out."""
    lines: list[str] = []
    for doc in report.documents:
        shown = _document(doc, colour, verbose, show_passes)
        if len(shown) > 1 or show_passes:
            lines.extend(shown)
            lines.append("")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def _document(doc: DocumentResult, colour: bool, verbose: bool, show_passes: bool = True) -> list[str]:
    out = [_style(doc.path, None, colour, bold=True)]
    if doc.error:
        out.append("  " + _style(f"error: {doc.error}", "red", colour))
        return out
    for warning in doc.warnings:
        out.append("  " + _style(f"warning: {warning}", "yellow", colour))
    width = max((len(r.rule) for r in doc.results), default=0)
    for r in doc.results:
        if not show_passes and (r.status != "fail" or r.suppression):
            continue
        mark = _style(_MARKS[r.status], _COLOURS[r.status], colour)
        if r.suppression:
            mark = _style(_SUPPRESSED_MARK, "bright_black", colour)
        rule = r.rule.ljust(width)
        if r.status == "pass":
            e = r.evidence[0]
            detail = f"{doc.location_unit} {e.line}: “{_clip(e.text)}”"
            if r.value:
                detail += "  [" + ", ".join(f"{k}={v}" for k, v in r.value.items()) + "]"
        elif r.status == "fail":
            severity = _style(r.severity, _SEVERITY_COLOURS[r.severity], colour)
            detail = f"{severity}  {r.title} not found ({r.citation})"
            if r.suppression:
                s = r.suppression
                until = f", until {s.expires}" if s.expires else ""
                detail += _style(f"  suppressed ({s.kind}, {s.source}{until}): {s.reason}", "bright_black", colour)
        else:
            reason = r.applicability.reason if r.applicability else "not applicable"
            detail = _style(f"not applicable: {reason}", "bright_black", colour)
        out.append(f"  {mark} {rule}  {detail}")
        if verbose and r.status == "fail":
            out.append(f"      fix: {r.remediation}")
    return out


def _clip(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def summary_line(report: Report) -> str:
    return Tally.of(report.documents).summary_line()
