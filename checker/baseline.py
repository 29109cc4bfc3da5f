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
from typing import TYPE_CHECKING

from checker.errors import InputError, UsageError
from checker.files import read_regular_file, write_text_atomically
from checker.inputs import relative_to, shown
from checker.results import DocumentResult, Report, RuleResult, Suppression

if TYPE_CHECKING:
    from checker.config import Config

FORMAT_VERSION = 1
MAX_BYTES = 64 * 1024 * 1024  # some 200k entries
DEFAULT_FILE = ".privacylint-baseline.json"  # beside the configuration file, or in the working directory


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
    if not path.exists():
        raise UsageError(f"{path}: no such baseline file (create it with `privacylint baseline create`)")
    try:
        data = json.loads(read_regular_file(path, MAX_BYTES).decode("utf-8"))
    except InputError as exc:
        raise UsageError(f"{path}: the baseline cannot be read: {exc.problem}") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: the baseline is not valid UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}: the baseline is not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise UsageError(f"{path}: the baseline is nested too deeply to be a privacylint baseline") from None
    version = data.get("privacylint_baseline") if isinstance(data, dict) else None
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise UsageError(
            f"{path}: written by a newer privacylint (baseline format {version}; this version reads "
            f"{FORMAT_VERSION}): upgrade privacylint, or recreate it with `privacylint baseline create --force`"
        )
    if version != FORMAT_VERSION:
        raise UsageError(
            f'{path}: not a privacylint baseline (it needs "privacylint_baseline": {FORMAT_VERSION}; '
            "create one with `privacylint baseline create`)"
        )
    items = data.get("entries") or []
    if not isinstance(items, list):
        raise UsageError(f"{path}: `entries` must be a list of accepted findings")
    entries = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise UsageError(f"{path}: entries[{i}] must be an object with path, rule and fingerprint")
        for key in ("path", "rule", "fingerprint"):
            if not isinstance(item.get(key), str) or not item[key]:
                raise UsageError(f"{path}: entries[{i}].{key} must be a non-empty string (found {item.get(key)!r})")
        entries.append(
            Entry(
                item["path"],
                item["rule"],
                item["fingerprint"],
                str(item.get("severity", "")),
                str(item.get("title", "")),
            )
        )
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
        write_text_atomically(baseline.path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise UsageError(f"{baseline.path}: cannot write the baseline ({exc.strerror or exc})") from None


def findings(report: Report, base_dir: Path) -> list[Entry]:
    """Every unsuppressed failure of the report, as baseline entries."""
    return [entry_for(d.path, r, base_dir) for d in report.documents for r in d.results if r.is_finding]


class Use:
    """One run's use of a baseline: marks the findings it holds, document by document,
    and then knows which entries of the checked policies no longer fail."""

    def __init__(self, baseline: Baseline) -> None:
        self.baseline = baseline
        self.accepted = {e.key for e in baseline.entries}
        self.seen: set[tuple[str, str, str]] = set()
        self.checked: set[str] = set()
        self.new: list[Entry] = []
        self._suppression = Suppression("accepted in the baseline", str(baseline.path), kind="baseline")

    def mark(self, doc: DocumentResult) -> DocumentResult:
        """The document with its baselined failures marked suppressed (kind `baseline`)."""
        if doc.error:
            return doc
        self.checked.add(relative_to(doc.path, self.baseline.base_dir))
        results = []
        for r in doc.results:
            if r.is_finding:
                entry = entry_for(doc.path, r, self.baseline.base_dir)
                if entry.key in self.accepted:
                    self.seen.add(entry.key)
                    r = replace(r, suppression=self._suppression)
                else:
                    self.new.append(entry)
            results.append(r)
        return replace(doc, results=tuple(results))

    def stale(self) -> tuple[Entry, ...]:
        """Entries of the policies checked so far that no longer fail."""
        return tuple(e for e in self.baseline.entries if e.key not in self.seen and e.path in self.checked)


def apply(report: Report, baseline: Baseline) -> Outcome:
    """Mark baselined failures as suppressed; list stale entries and new findings."""
    use = Use(baseline)
    documents = tuple(use.mark(d) for d in report.documents)
    return Outcome(replace(report, documents=documents), len(use.seen), use.stale(), tuple(use.new))


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


def target(explicit: str | None, config: Config) -> Path:
    """The file `baseline create` and `update` write: --baseline, else the configuration's
    `baseline`, else `DEFAULT_FILE` beside the configuration (or in the working directory)."""
    if explicit:
        return Path(explicit)
    if config.baseline:
        return Path(config.baseline)
    return Path(shown(config.base_dir / DEFAULT_FILE))


def in_force(explicit: str | None, config: Config) -> Path | None:
    """The baseline `check` applies: --baseline or the configuration's (which must exist), else
    the default file when it exists, else none."""
    if explicit or config.baseline:
        return target(explicit, config)
    default = target(None, config)
    return default if default.is_file() else None
