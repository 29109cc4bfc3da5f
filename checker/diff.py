"""Compare two versions of a policy: what a reviewer wants on a pull request that edits it.

Both versions are checked with the same packs and settings; per rule, a
requirement that was met and now fails has *regressed*, one that failed and is
now met has *improved*, one met in both with different quoted text has
*changed evidence*, and one whose applicability flipped is reported as such.
A requirement met in both whose quoted text is gone from a section that held it,
with no quote from that section left, has *moved or lost evidence*: removing a
whole "How long we keep your data" section while a sentence elsewhere still
matches is worth a reviewer's look (and, with `--fail-on-evidence-loss`, fails).
A version is a file, or `git:REV:path` read with `git show REV:path`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.config import Config
from checker.document import Document
from checker.errors import InputError, UsageError
from checker.model import severity_rank
from checker.results import DocumentResult, RuleResult

GIT_PREFIX = "git:"
KINDS = ("regressed", "evidence_moved", "improved", "evidence_changed", "applicability_changed")
_HEADINGS = {
    "regressed": "Regressed (met before, missing now)",
    "evidence_moved": "Evidence moved or lost (met in both, but no longer in a section that held it)",
    "improved": "Improved (missing before, met now)",
    "evidence_changed": "Evidence changed (met in both, different wording)",
    "applicability_changed": "Applicability changed",
}


@dataclass(frozen=True)
class Change:
    kind: str  # one of KINDS
    rule: str
    title: str
    severity: str
    old_status: str  # pass | fail | not_applicable | absent
    new_status: str
    old_evidence: tuple[str, ...] = ()
    new_evidence: tuple[str, ...] = ()
    detail: str = ""
    sections_lost: tuple[str, ...] = ()  # evidence_moved: sections that held evidence and hold none now


@dataclass(frozen=True)
class PolicyDiff:
    old: DocumentResult
    new: DocumentResult
    changes: tuple[Change, ...]

    def of_kind(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    def regressions(self, fail_on: str) -> list[Change]:
        return self._at_or_above("regressed", fail_on)

    def evidence_losses(self, fail_on: str) -> list[Change]:
        return self._at_or_above("evidence_moved", fail_on)

    def failing(self, fail_on: str, *, evidence_loss: bool = False) -> list[Change]:
        """What fails the gate: regressions, and with `evidence_loss` moved or lost evidence too."""
        return self.regressions(fail_on) + (self.evidence_losses(fail_on) if evidence_loss else [])

    def _at_or_above(self, kind: str, fail_on: str) -> list[Change]:
        if fail_on == "never":
            return []
        threshold = severity_rank(fail_on)
        return [c for c in self.of_kind(kind) if severity_rank(c.severity) >= threshold]


def read_version(spec: str, cwd: Path | None = None) -> Document:
    """A file path, or `git:REV:path` (path from the repository root, as `git show` takes it)."""
    from checker.reading import decode, format_for, parse_text, read_document, sniff_format

    if not spec.startswith(GIT_PREFIX):
        return read_document(spec)
    rev, sep, path = spec[len(GIT_PREFIX) :].partition(":")
    if not sep or not rev or not path:
        raise InputError(spec, "expected git:REV:path, e.g. git:main:legal/privacy.md")
    if rev.startswith("-"):
        # git would read it as an option (`--output=FILE` writes a file): never pass it on.
        raise UsageError(f"{spec}: a revision cannot start with '-'; name a branch, tag or commit")
    try:
        shown = subprocess.run(git_show_command(rev, path, cwd), cwd=cwd, capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InputError(spec, f"cannot run git ({exc})") from None
    if shown.returncode != 0:
        message = shown.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(spec, f"git show failed: {message[-1] if message else 'exit ' + str(shown.returncode)}")
    text, encoding, warnings = decode(shown.stdout, spec)
    if not text.strip():
        raise InputError(spec, "the file is empty: there is no policy text to check")
    fmt = format_for(path) or sniff_format(text)
    digest = hashlib.sha256(shown.stdout).hexdigest()
    return parse_text(text, spec, fmt, encoding=encoding, sha256=digest, warnings=warnings)


def git_show_command(rev: str, path: str, cwd: Path | None = None) -> list[str]:
    """`git show REV:path`, the revision after `--end-of-options` where git knows it."""
    return ["git", "show", *(["--end-of-options"] if _git_has_end_of_options(cwd) else []), f"{rev}:{path}"]


@functools.cache
def _git_has_end_of_options(cwd: Path | None) -> bool:
    """`--end-of-options` came with git 2.24; older versions would take it as a revision."""
    try:
        version = subprocess.run(["git", "--version"], cwd=cwd, capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return False
    found = re.search(r"(\d+)\.(\d+)", version)
    return bool(found) and (int(found[1]), int(found[2])) >= (2, 24)


def check_version(
    doc: Document, packs: Sequence[str] | None, settings: Mapping[str, str], config: Config
) -> DocumentResult:
    """One version checked with the configuration's rule selection and severities (`settings`:
    the command line's, over the configuration's). Suppressions and baselines do not apply:
    a diff compares what the two texts say."""
    from checker.engine import check_document
    from checker.gate import apply_config
    from checker.packs import load_packs
    from checker.settings import resolve_settings

    pack_set = load_packs(packs or None)
    config.validate_against(pack_set, rules_too=not packs or tuple(packs) == config.packs)
    return apply_config(check_document(doc, pack_set, resolve_settings(pack_set, settings, config)), config)


def compare(old: DocumentResult, new: DocumentResult, new_text: str | None = None) -> PolicyDiff:
    """`new_text`, the new version's text, lets an old quote that is still there (under a
    renamed heading, or just not among the quotes shown) count as kept, not lost."""
    before = {r.rule: r for r in old.results}
    after = {r.rule: r for r in new.results}
    still_there = _normal_text(new_text) if new_text is not None else None
    changes = []
    for rule_id in [*after, *(r for r in before if r not in after)]:
        change = _compare_rule(before.get(rule_id), after.get(rule_id), still_there)
        changes.extend(change)
    return PolicyDiff(old, new, tuple(changes))


def _normal_text(text: str) -> str:
    return " ".join(text.split()).lower()


def _sections_lost(old: RuleResult, new: RuleResult, new_text: str | None) -> tuple[str, ...]:
    """Sections that held quoted evidence in the old version and hold none in the new one,
    their quotes gone from the new text."""
    kept_sections = {e.section for e in new.evidence}
    lost = []
    for e in old.evidence:
        if e.section in kept_sections or e.section in lost:
            continue
        if new_text is not None and _normal_text(e.text) in new_text:
            continue
        lost.append(e.section)
    return tuple(lost)


def _quotes(r: RuleResult | None) -> tuple[str, ...]:
    return tuple(" ".join(e.text.split()) for e in r.evidence) if r else ()


def _compare_rule(old: RuleResult | None, new: RuleResult | None, new_text: str | None = None) -> list[Change]:
    ref = new or old
    assert ref is not None
    old_status = old.status if old else "absent"
    new_status = new.status if new else "absent"

    def change(kind: str, detail: str = "", sections_lost: tuple[str, ...] = ()) -> Change:
        return Change(
            kind,
            ref.rule,
            ref.title,
            ref.severity,
            old_status,
            new_status,
            _quotes(old),
            _quotes(new),
            detail,
            sections_lost,
        )

    out = []
    if (old_status == "not_applicable") != (new_status == "not_applicable") and "absent" not in (
        old_status,
        new_status,
    ):
        reason = new.applicability.reason if new and new.applicability else ""
        out.append(change("applicability_changed", reason))
    if new_status == "fail" and old_status != "fail":
        out.append(change("regressed"))
    elif old_status == "fail" and new_status in ("pass", "not_applicable", "absent"):
        out.append(change("improved"))
    elif old_status == new_status == "pass" and _normal(_quotes(old)) != _normal(_quotes(new)):
        assert old is not None and new is not None
        lost = _sections_lost(old, new, new_text)
        if lost:
            now = sorted({_section_name(e.section) for e in new.evidence})
            detail = f"no quote left from {', '.join(map(_section_name, lost))}; now met in {', '.join(now)}"
            out.append(change("evidence_moved", detail, lost))
        else:
            out.append(change("evidence_changed"))
    return out


def _section_name(section: str) -> str:
    return f"“{section}”" if section else "the text before the first heading"


def _normal(quotes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(q.lower() for q in quotes)


# -- rendering ----------------------------------------------------------------------


def summary_line(diff: PolicyDiff, fail_on: str, evidence_loss: bool = False) -> str:
    counts = {k: len(diff.of_kind(k)) for k in KINDS}
    regressed = f"{counts['regressed']} regressed"
    if fail_on != "never" and counts["regressed"]:
        regressed += f" ({len(diff.regressions(fail_on))} at or above {fail_on})"
    moved = f"{counts['evidence_moved']} with evidence moved or lost"
    if evidence_loss and fail_on != "never" and counts["evidence_moved"]:
        moved += f" ({len(diff.evidence_losses(fail_on))} at or above {fail_on})"
    return (
        f"{diff.old.path} → {diff.new.path}: {regressed}, {moved}, {counts['improved']} improved, "
        f"{counts['evidence_changed']} with changed evidence, "
        f"{counts['applicability_changed']} with changed applicability"
    )


def render_text(diff: PolicyDiff, fail_on: str) -> str:
    lines = [f"--- {diff.old.path}", f"+++ {diff.new.path}"]
    for kind in KINDS:
        items = diff.of_kind(kind)
        if not items:
            continue
        lines.append("")
        lines.append(f"{_HEADINGS[kind]}:")
        for c in items:
            lines.append(f"  {_mark(kind)} {c.rule}  {c.severity}  {c.title}  [{c.old_status} → {c.new_status}]")
            if kind in ("regressed", "evidence_moved", "evidence_changed"):
                for q in c.old_evidence:
                    lines.append(f"      - “{_clip(q)}”")
                for q in c.new_evidence:
                    lines.append(f"      + “{_clip(q)}”")
            if c.detail:
                lines.append(f"      {c.detail}")
    if not diff.changes:
        lines.append("")
        lines.append("No requirement changed.")
    lines.append("")
    lines.append(summary_line(diff, fail_on))
    return "\n".join(lines) + "\n"


def render_markdown(diff: PolicyDiff, fail_on: str) -> str:
    lines = [f"## Privacy policy diff: `{diff.old.path}` → `{diff.new.path}`", ""]
    if not diff.changes:
        lines.append("No requirement changed.")
    for kind in KINDS:
        items = diff.of_kind(kind)
        if not items:
            continue
        lines += [
            f"### {_HEADINGS[kind]}",
            "",
            "| Rule | Severity | Requirement | Before | After |",
            "|---|---|---|---|---|",
        ]
        for c in items:
            lines.append(f"| `{c.rule}` | {c.severity} | {_cell(c.title)} | {c.old_status} | {c.new_status} |")
        lines += [f"\n`{c.rule}`: {_cell(c.detail)}" for c in items if kind == "evidence_moved"]
        quoted = [c for c in items if c.old_evidence or c.new_evidence]
        if kind in ("regressed", "evidence_moved", "evidence_changed") and quoted:
            lines.append("")
            for c in quoted:
                lines.append(f"<details><summary><code>{c.rule}</code> wording</summary>")
                lines.append("")
                lines.append("```diff")
                lines += [f"- {q}" for q in c.old_evidence] + [f"+ {q}" for q in c.new_evidence]
                lines.append("```")
                lines.append("</details>")
        lines.append("")
    lines += ["", f"_{summary_line(diff, fail_on)}_"]
    return "\n".join(lines).rstrip() + "\n"


def as_dict(diff: PolicyDiff, fail_on: str) -> dict[str, Any]:
    return {
        "old": diff.old.path,
        "new": diff.new.path,
        "fail_on": fail_on,
        "regressions_failing": len(diff.regressions(fail_on)),
        "changes": {
            kind: [
                {
                    "rule": c.rule,
                    "title": c.title,
                    "severity": c.severity,
                    "before": c.old_status,
                    "after": c.new_status,
                    "evidence_before": list(c.old_evidence),
                    "evidence_after": list(c.new_evidence),
                    **({"detail": c.detail} if c.detail else {}),
                    **({"sections_lost": list(c.sections_lost)} if c.kind == "evidence_moved" else {}),
                }
                for c in diff.of_kind(kind)
            ]
            for kind in KINDS
        },
    }


def render_json(diff: PolicyDiff, fail_on: str) -> str:
    return json.dumps(as_dict(diff, fail_on), indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}


def _mark(kind: str) -> str:
    return {
        "regressed": "✗",
        "evidence_moved": "!",
        "improved": "✓",
        "evidence_changed": "~",
        "applicability_changed": "±",
    }[kind]


def _clip(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
