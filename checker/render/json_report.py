"""JSON report: the contract in spec/report.schema.json, plus context for people."""

from __future__ import annotations

import json
from typing import Any

from checker.paths import shown_path, shown_source
from checker.results import DocumentResult, Evidence, Report, RuleResult

SCHEMA_VERSION = "1"


def evidence_dict(e: Evidence, unit: str = "line") -> dict[str, Any]:
    out: dict[str, Any] = {"text": e.text, "line": e.line, "start": e.start, "end": e.end}
    if unit != "line":  # `line` holds the page (PDF) or paragraph (DOCX) number; say which
        out[unit] = e.line
    if e.section:
        out["section"] = e.section
    if e.value:
        out["value"] = e.value
    return out


def result_dict(r: RuleResult, unit: str = "line") -> dict[str, Any]:
    out: dict[str, Any] = {
        "rule": r.rule,
        "pack": r.pack,
        "title": r.title,
        "status": r.status,
        "severity": r.severity,
        "citation": r.citation,
        "message": r.message,
        "evidence": [evidence_dict(e, unit) for e in r.evidence],
        "line": r.location_line,
    }
    if r.value:
        out["value"] = r.value
    if r.applicability:
        a = r.applicability
        out["applicability"] = {
            "applicable": a.applicable,
            "decided_by": a.decided_by,
            "reason": a.reason,
            "evidence": [evidence_dict(e, unit) for e in a.evidence],
        }
    if r.status == "fail":
        out["remediation"] = r.remediation
    if r.suppression:
        sup = r.suppression
        out["suppressed"] = {"reason": sup.reason, "source": shown_source(sup.source), "kind": sup.kind}
        if sup.expires:
            out["suppressed"]["expires"] = sup.expires
    if r.applies_from:
        out["applies_from"] = r.applies_from
    return out


def document_dict(d: DocumentResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "path": shown_path(d.path),  # relative to the working directory: no runner folder in artifacts
        "format": d.format,
        "sha256": d.sha256,
        "packs": [p.id for p in d.packs],
        "pack_versions": {p.id: p.version for p in d.packs},
        "settings": dict(d.settings),
        "summary": {s: d.count(s) for s in ("pass", "fail", "not_applicable")},
        "location_unit": d.location_unit,
        "results": [result_dict(r, d.location_unit) for r in d.results],
    }
    if d.encoding and d.encoding != "utf-8":
        out["encoding"] = d.encoding
    if d.warnings:
        out["warnings"] = list(d.warnings)
    if d.error:
        out["error"] = d.error
    return out


def report_dict(report: Report) -> dict[str, Any]:
    out: dict[str, Any] = {
        "tool": {"name": report.tool, "version": report.version},
        "schema_version": SCHEMA_VERSION,
        "generated_at": report.generated_at,
        "documents": [document_dict(d) for d in report.documents],
    }
    if report.warnings:
        out["warnings"] = list(report.warnings)
    return out


def render(report: Report) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
