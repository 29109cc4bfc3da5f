"""The results context: what the HTML and Markdown templates, and a user's own
`--template`, render from.

It is a read-only view of a `Report` with the sums a report needs (scores per
pack, verdicts, the portfolio matrix) already made, so templates hold layout and
no arithmetic. Every string from a policy or a pack passes through
`safe.clean_text` here, so no template (ours or a user's) can forget to.
docs/reports.md documents each field; keep it in step with this module.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from checker.errors import UsageError
from checker.model import SEVERITIES, severity_rank
from checker.paths import is_relative, repository_path, shown_path, shown_source
from checker.render.safe import clean_text
from checker.results import Applicability, DocumentResult, Evidence, PackInfo, Report, RuleResult

INFORMATION_URI = "https://github.com/privacylint/privacylint"
DISCLAIMER = (
    "privacylint checks whether a policy's text discloses what the selected rule packs require. "
    "It is not legal advice: a passing requirement means matching wording was found, not that the "
    "practice it describes is lawful. Have a qualified lawyer review the policy."
)
STATUS_LABELS = {"pass": "Met", "fail": "Missing", "not_applicable": "Not applicable", "error": "Unreadable", "": ""}
STATUS_MARKS = {"pass": "✓", "fail": "✗", "not_applicable": "–", "error": "!", "": ""}
_STATUS_ORDER = {"fail": 0, "pass": 1, "not_applicable": 2}


@dataclass(frozen=True, slots=True)
class EvidenceView:
    text: str
    line: int
    section: str
    url: str = ""  # the line in the repository, when the report was given --source-url


@dataclass(frozen=True, slots=True)
class ApplicabilityView:
    applicable: bool
    decided_by: str
    reason: str
    evidence: tuple[EvidenceView, ...]


@dataclass(frozen=True, slots=True)
class SuppressionView:
    reason: str
    source: str
    kind: str
    expires: str


@dataclass(frozen=True, slots=True)
class RequirementView:
    rule: str
    pack: str
    title: str
    severity: str
    citation: str
    status: str
    status_label: str
    mark: str
    message: str
    description: str
    remediation: str
    evidence: tuple[EvidenceView, ...]
    applicability: ApplicabilityView | None
    value: dict[str, str]
    line: int
    url: str
    applies_from: str
    anchor: str
    suppression: SuppressionView | None  # set on a failure someone accepted


@dataclass(frozen=True, slots=True)
class PackScore:
    id: str
    name: str
    version: str
    met: int
    failed: int
    not_applicable: int
    applicable: int
    total: int
    percent: int | None  # None when nothing in the pack applies
    results: tuple[RequirementView, ...]  # failures (most severe first), then met, then not applicable


@dataclass(frozen=True, slots=True)
class DocumentView:
    index: int
    anchor: str
    path: str
    name: str
    format: str
    encoding: str
    sha256: str
    lines: int
    error: str
    warnings: tuple[str, ...]
    settings: dict[str, str]
    verdict: str  # pass | fail | none | error
    headline: str
    met: int
    failed: int
    accepted: int  # failures someone accepted (suppressed); they still count in `failed`
    not_applicable: int
    applicable: int
    total: int
    percent: int | None
    failed_by_severity: dict[str, int]
    open_by_severity: dict[str, int]  # failures nobody accepted: what fails the gate
    packs: tuple[PackScore, ...]
    results: tuple[RequirementView, ...]  # in rule order
    failed_results: tuple[RequirementView, ...]  # most severe first
    passed_results: tuple[RequirementView, ...]
    not_applicable_results: tuple[RequirementView, ...]


@dataclass(frozen=True, slots=True)
class MatrixRow:
    rule: str
    pack: str
    title: str
    severity: str
    citation: str
    cells: tuple[str, ...]  # per document: pass | fail | not_applicable | error | "" (not checked)
    failed_in: int
    # per document, finer than `cells`: a failure as fail-error / fail-warning / fail-info, or accepted
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Totals:
    documents: int
    readable: int
    meeting_all: int
    with_gaps: int
    unreadable: int
    passed: int
    failed: int
    not_applicable: int
    failed_by_severity: dict[str, int]


@dataclass(frozen=True, slots=True)
class ToolView:
    name: str
    version: str
    information_uri: str


def build_context(report: Report, *, source_url: str = "") -> dict[str, Any]:
    """The variables every report template sees (documented in docs/reports.md).

    `source_url` is a `--source-url` template: evidence lines become links to it."""
    documents = tuple(_document(i, d, source_url) for i, d in enumerate(report.documents, start=1))
    return {
        "tool": ToolView(clean_text(report.tool), clean_text(report.version), INFORMATION_URI),
        "generated_at": clean_text(report.generated_at),
        "generated_label": _date_label(report.generated_at),
        "documents": documents,
        "packs": _pack_versions(report),
        "matrix": _matrix(documents),
        "ranking": tuple(sorted(documents, key=_worst_first)),
        "totals": _totals(documents),
        "disclaimer": DISCLAIMER,
        "severities": SEVERITIES,
    }


def _evidence(e: Evidence, link: _LineLink | None = None) -> EvidenceView:
    return EvidenceView(clean_text(e.text), e.line, clean_text(e.section), link(e.line) if link else "")


def _applicability(a: Applicability | None, link: _LineLink | None = None) -> ApplicabilityView | None:
    if a is None:
        return None
    return ApplicabilityView(
        a.applicable, clean_text(a.decided_by), clean_text(a.reason), tuple(_evidence(e, link) for e in a.evidence)
    )


_LineLink = Callable[[int], str]
SOURCE_URL_FIELDS = ("path", "line")


def check_source_url(template: str) -> str:
    """A `--source-url` template, or a one-line error: an http(s) URL using only {path} and {line}."""
    if not re.match(r"https?://", template, re.IGNORECASE):
        raise UsageError(f"--source-url {template}: must start with https:// or http://")
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as exc:
        raise UsageError(f"--source-url {template}: {exc}") from None
    unknown = fields - set(SOURCE_URL_FIELDS)
    if unknown or "path" not in fields:
        raise UsageError(
            f"--source-url {template}: use {{path}} and optionally {{line}}, e.g. "
            "https://github.com/ORG/REPO/blob/COMMIT/{path}#L{line}"
            + (f" (unknown: {', '.join(sorted(unknown))})" if unknown else "")
        )
    return template


def _line_link(template: str, path: str) -> _LineLink | None:
    """Evidence line → its URL in the repository; None for standard input or no template."""
    if not template or path == "-":
        return None
    shown = repository_path(path)
    if not is_relative(shown):  # outside the repository: no page of it to link to
        return None
    quoted = quote(shown, safe="/")
    return lambda line: safe_url(template.format(path=quoted, line=line))


def _anchor(*parts: object) -> str:
    return "-".join(re.sub(r"[^a-z0-9]+", "-", str(p).lower()).strip("-") for p in parts)


def _requirement(doc_anchor: str, r: RuleResult, link: _LineLink | None = None) -> RequirementView:
    return RequirementView(
        rule=clean_text(r.rule),
        pack=clean_text(r.pack),
        title=clean_text(r.title),
        severity=r.severity if r.severity in SEVERITIES else "info",
        citation=clean_text(r.citation),
        status=r.status,
        status_label=STATUS_LABELS.get(r.status, r.status),
        mark=STATUS_MARKS.get(r.status, "?"),
        message=clean_text(r.message),
        description=clean_text(r.description),
        remediation=clean_text(r.remediation),
        evidence=tuple(_evidence(e, link) for e in r.evidence),
        applicability=_applicability(r.applicability, link),
        value={clean_text(k): clean_text(v) for k, v in (r.value or {}).items()},
        line=r.location_line,
        url=safe_url(r.url),
        applies_from=clean_text(r.applies_from),
        anchor=_anchor(doc_anchor, r.rule),
        suppression=_suppression(r),
    )


def _suppression(r: RuleResult) -> SuppressionView | None:
    s = getattr(r, "suppression", None)
    if s is None or r.status != "fail":
        return None
    return SuppressionView(
        clean_text(s.reason), clean_text(shown_source(s.source)), clean_text(s.kind), clean_text(s.expires)
    )


def safe_url(url: str) -> str:
    """Only web links: a pack is data, and a `javascript:` URL in it must not become a link."""
    url = clean_text(url).strip()
    return url if re.match(r"https?://", url, re.IGNORECASE) else ""


def _by_status(results: tuple[RequirementView, ...]) -> tuple[RequirementView, ...]:
    """Failures first, most severe first, then met, then not applicable; rule order within each."""
    return tuple(sorted(results, key=lambda r: (_STATUS_ORDER.get(r.status, 3), -severity_rank(r.severity))))


def _percent(met: int, applicable: int) -> int | None:
    # Floor, so a policy missing one requirement of 200 never shows 100%.
    return met * 100 // applicable if applicable else None


def _document(index: int, d: DocumentResult, source_url: str = "") -> DocumentView:
    anchor = f"policy-{index}"
    path = shown_path(d.path)
    link = _line_link(source_url, d.path) if d.location_unit == "line" else None
    results = tuple(_requirement(anchor, r, link) for r in d.results)
    met = sum(r.status == "pass" for r in results)
    failed = sum(r.status == "fail" for r in results)
    skipped = sum(r.status == "not_applicable" for r in results)
    failed_results = _by_status(tuple(r for r in results if r.status == "fail"))
    by_severity = {s: sum(r.severity == s for r in failed_results) for s in SEVERITIES}
    packs = []
    pack_ids = [p.id for p in d.packs] + [r.pack for r in d.results if r.pack not in {p.id for p in d.packs}]
    infos = {p.id: p for p in d.packs}
    for pack_id in dict.fromkeys(pack_ids):
        pack_results = tuple(r for r in results if r.pack == clean_text(pack_id))
        info = infos.get(pack_id)
        p_met = sum(r.status == "pass" for r in pack_results)
        p_failed = sum(r.status == "fail" for r in pack_results)
        packs.append(
            PackScore(
                id=clean_text(pack_id),
                name=clean_text(info.name if info else pack_id),
                version=clean_text(info.version if info else ""),
                met=p_met,
                failed=p_failed,
                not_applicable=len(pack_results) - p_met - p_failed,
                applicable=p_met + p_failed,
                total=len(pack_results),
                percent=_percent(p_met, p_met + p_failed),
                results=_by_status(pack_results),
            )
        )
    accepted = sum(r.suppression is not None for r in results)
    plural = "s" if met + failed != 1 else ""
    if d.error:
        verdict, headline = "error", "Could not be read"
    elif failed > accepted:
        verdict = "fail"
        headline = f"Gaps found: {failed} of {met + failed} applicable requirement{plural} missing"
        if accepted:
            headline += f" ({accepted} accepted)"
    elif failed:
        verdict = "pass"
        headline = f"No open gaps: {met} of {met + failed} applicable requirement{plural} met, {accepted} accepted"
    elif met:
        verdict, headline = "pass", f"All {met} applicable requirement{'s' if met != 1 else ''} met"
    else:
        verdict, headline = "none", "No requirement applies"
    return DocumentView(
        index=index,
        anchor=anchor,
        path=clean_text(path),
        name=clean_text(path.rsplit("/", 1)[-1]) or clean_text(path),
        format=clean_text(d.format),
        encoding=clean_text(d.encoding),
        sha256=clean_text(d.sha256),
        lines=d.lines,
        error=clean_text(d.error) if d.error else "",
        warnings=tuple(clean_text(w) for w in d.warnings),
        settings={clean_text(k): clean_text(v) for k, v in d.settings},
        verdict=verdict,
        headline=headline,
        met=met,
        failed=failed,
        accepted=accepted,
        not_applicable=skipped,
        applicable=met + failed,
        total=len(results),
        percent=_percent(met, met + failed),
        failed_by_severity=by_severity,
        open_by_severity={
            s: sum(r.severity == s and r.suppression is None for r in failed_results) for s in SEVERITIES
        },
        packs=tuple(packs),
        results=results,
        failed_results=failed_results,
        passed_results=tuple(r for r in results if r.status == "pass"),
        not_applicable_results=tuple(r for r in results if r.status == "not_applicable"),
    )


def _pack_versions(report: Report) -> tuple[PackInfo, ...]:
    seen: dict[tuple[str, str], PackInfo] = {}
    for d in report.documents:
        for p in d.packs:
            seen.setdefault((p.id, p.version), PackInfo(clean_text(p.id), clean_text(p.name), clean_text(p.version)))
    return tuple(seen.values())


def _matrix(documents: tuple[DocumentView, ...]) -> tuple[MatrixRow, ...]:
    rules: dict[str, RequirementView] = {}
    for d in documents:
        for r in d.results:
            rules.setdefault(r.rule, r)
    statuses = [{r.rule: r.status for r in d.results} for d in documents]
    kinds = [{r.rule: _kind(r) for r in d.results} for d in documents]
    rows = []
    for rule_id, r in rules.items():
        cells = tuple("error" if d.error else s.get(rule_id, "") for d, s in zip(documents, statuses, strict=True))
        fine = tuple("error" if d.error else k.get(rule_id, "") for d, k in zip(documents, kinds, strict=True))
        failed_in = sum(c == "fail" for c in cells)
        rows.append(MatrixRow(rule_id, r.pack, r.title, r.severity, r.citation, cells, failed_in, fine))
    return tuple(rows)


def _kind(r: RequirementView) -> str:
    if r.status != "fail":
        return r.status
    return "accepted" if r.suppression else f"fail-{r.severity}"


def _worst_first(d: DocumentView) -> tuple[int, ...]:
    """Unreadable first, then most open errors, warnings, infos, then the lowest score."""
    return (
        0 if d.error else 1,
        *(-d.open_by_severity.get(s, 0) for s in SEVERITIES),
        d.percent if d.percent is not None else 101,
        d.index,
    )


def _totals(documents: tuple[DocumentView, ...]) -> Totals:
    readable = [d for d in documents if not d.error]
    return Totals(
        documents=len(documents),
        readable=len(readable),
        meeting_all=sum(d.verdict in ("pass", "none") for d in readable),
        with_gaps=sum(d.verdict == "fail" for d in readable),
        unreadable=len(documents) - len(readable),
        passed=sum(d.met for d in readable),
        failed=sum(d.failed for d in readable),
        not_applicable=sum(d.not_applicable for d in readable),
        failed_by_severity={s: sum(d.failed_by_severity[s] for d in readable) for s in SEVERITIES},
    )


def _date_label(generated_at: str) -> str:
    """`2026-11-22T00:01:27+00:00` → `22 November 2026, 00:01 UTC`; anything else as given."""
    try:
        moment = datetime.fromisoformat(generated_at)
    except (TypeError, ValueError):
        return clean_text(generated_at)
    offset = moment.utcoffset()
    zone = "UTC" if offset is not None and not offset else moment.strftime("%z") or "local time"
    return f"{moment.day} {moment:%B %Y, %H:%M} {zone}"
