"""Baselines: findings accepted once, so that a gate fails only on new ones.

An entry is keyed by content, never by line numbers — the rule id, the policy's
path relative to the baseline file, and a fingerprint of what fails (for a
missing disclosure: the fact that it is missing; for a failure that quotes the
policy: the quoted text, normalised). Editing the policy above a finding does not
resurrect it; fixing it makes the entry stale, and `baseline update` drops it.

The file is JSON, sorted, one entry per accepted finding:

    {"privacylint_baseline": 1,
     "entries": [{"path": "legal/privacy.md", "rule": "gdpr.dpo-contact",
                  "fingerprint": "3f2a…", "severity": "warning",
                  "title": "Contact details of the data protection officer"}]}
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path

from checker.config import relative_to
from checker.errors import UsageError
from checker.results import Report, RuleResult, Suppression

FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class Entry:
    path: str  # relative to the baseline file's folder, '/'-separated
    rule: str
    fingerprint: str
    severity: str = ""
    title: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.path, self.rule, self.fingerprint)


@dataclass(frozen=True)
class Baseline:
    path: Path
    entries: tuple[Entry, ...] = ()

    @property
    def base_dir(self) -> Path:
        return self.path.parent


@dataclass(frozen=True)
class Outcome:
    """What applying or updating a baseline did."""

    report: Report
    matched: int
    stale: tuple[Entry, ...]  # entries of checked policies that no longer fail
    new: tuple[Entry, ...]  # findings the baseline does not hold


def fingerprint(result: RuleResult) -> str:
    """What fails, independent of where: the rule and, if the failure quotes the policy, the quote."""
    quoted = " | ".join(" ".join(e.text.lower().split()) for e in result.evidence)
    return hashlib.sha256(f"{result.rule}\n{quoted or 'missing'}".encode()).hexdigest()[:16]


def entry_for(doc_path: str, result: RuleResult, base_dir: Path) -> Entry:
    return Entry(relative_to(doc_path, base_dir), result.rule, fingerprint(result), result.severity, result.title)


def load(path: Path) -> Baseline:
    """Read a baseline file; a missing or malformed one is a usage error (exit 2)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: no such baseline file (create it with `privacylint baseline create`)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: the baseline cannot be read ({exc})") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}: the baseline is not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict) or data.get("privacylint_baseline") != FORMAT_VERSION:
        raise UsageError(f"{path}: not a privacylint baseline (version {FORMAT_VERSION})")
    entries = []
    for i, item in enumerate(data.get("entries") or []):
        try:
            entries.append(Entry(**{k: str(item[k]) for k in ("path", "rule", "fingerprint")}))
        except (KeyError, TypeError):
            raise UsageError(f"{path}: entries[{i}] needs path, rule and fingerprint") from None
        entries[-1] = replace(entries[-1], severity=str(item.get("severity", "")), title=str(item.get("title", "")))
    return Baseline(path, tuple(entries))


def write(baseline: Baseline) -> None:
    entries = sorted(baseline.entries, key=lambda e: e.key)
    data = {
        "privacylint_baseline": FORMAT_VERSION,
        "comment": "Accepted findings: `privacylint check --baseline` fails only on others. "
        "Refresh with `privacylint baseline update`.",
        "entries": [
            {"path": e.path, "rule": e.rule, "fingerprint": e.fingerprint, "severity": e.severity, "title": e.title}
            for e in entries
        ],
    }
    try:
        baseline.path.parent.mkdir(parents=True, exist_ok=True)
        baseline.path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{baseline.path}: cannot write the baseline ({exc.strerror or exc})") from None


def findings(report: Report, base_dir: Path) -> list[Entry]:
    """Every unsuppressed failure of the report, as baseline entries."""
    return [entry_for(d.path, r, base_dir) for d in report.documents for r in d.results if r.is_finding]


def _checked_paths(report: Report, base_dir: Path) -> set[str]:
    return {relative_to(d.path, base_dir) for d in report.documents if not d.error}


def apply(report: Report, baseline: Baseline) -> Outcome:
    """Mark baselined failures as suppressed (kind `baseline`); list stale entries and new findings."""
    accepted = {e.key: e for e in baseline.entries}
    seen: set[tuple[str, str, str]] = set()
    new: list[Entry] = []
    documents = []
    source = str(baseline.path)
    for doc in report.documents:
        results = []
        for r in doc.results:
            if r.is_finding:
                entry = entry_for(doc.path, r, baseline.base_dir)
                if entry.key in accepted:
                    seen.add(entry.key)
                    r = replace(r, suppression=Suppression("accepted in the baseline", source, kind="baseline"))
                else:
                    new.append(entry)
            results.append(r)
        documents.append(replace(doc, results=tuple(results)))
    checked = _checked_paths(report, baseline.base_dir)
    stale = tuple(e for e in baseline.entries if e.key not in seen and e.path in checked)
    return Outcome(replace(report, documents=tuple(documents)), len(seen), stale, tuple(new))


def create(report: Report, path: Path) -> Baseline:
    baseline = Baseline(path, tuple(findings(report, path.parent)))
    write(baseline)
    return baseline


def update(report: Report, old: Baseline) -> Outcome:
    """Drop stale entries, add new findings, keep entries of policies not checked this time."""
    outcome = apply(report, old)
    stale = {e.key for e in outcome.stale}
    kept = [e for e in old.entries if e.key not in stale]
    write(Baseline(old.path, (*kept, *outcome.new)))
    return outcome
