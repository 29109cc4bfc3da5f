#!/usr/bin/env python3
"""Check labels.yaml of this probe set.

Checks: known ids only; every policy labels the same id list (the top-level
`requirements`); each present id has exactly one evidence and every evidence
key is a present id; each quote is verbatim on one line of the policy file and
does not sit inside front matter (except date keys) or a template tag; notes
only use known ids; word counts 500-1200 without front matter, template tags
and markup.  Exits 1 on any error.
"""

import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
EXPECTED = [
    "ccpa.categories-collected",
    "ccpa.sources",
    "ccpa.purposes",
    "ccpa.categories-disclosed",
    "ccpa.sale-sharing",
    "ccpa.right-to-know",
    "ccpa.right-to-know-sold-shared",
    "ccpa.right-delete",
    "ccpa.right-correct",
    "ccpa.right-opt-out",
    "ccpa.right-limit-sensitive",
    "ccpa.non-discrimination",
    "ccpa.request-methods",
    "ccpa.last-updated",
    "caloppa.pii-categories",
    "caloppa.third-party-categories",
    "caloppa.review-and-change",
    "caloppa.change-notification",
    "caloppa.effective-date",
    "caloppa.do-not-track",
    "caloppa.third-party-tracking",
    "coppa.children-statement",
    "coppa.operator-contact",
    "coppa.child-data-practices",
    "coppa.parental-rights",
    "coppa.parental-consent",
]
DATE_KEYS = ("date", "lastmod", "last_updated", "updated", "effective_date")
TAG_RE = re.compile(r"\{\{<.*?>\}\}|\{\{%.*?%\}\}|\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}|<%.*?%>", re.S)


def split_front_matter(text):
    """Return (front_matter, body, n_front_lines)."""
    for fence in ("---", "+++"):
        if text.startswith(fence + "\n"):
            end = text.find("\n" + fence + "\n", len(fence))
            if end != -1:
                fm = text[: end + len(fence) + 2]
                return fm, text[len(fm) :], fm.count("\n")
    return "", text, 0


def words(text):
    _, body, _ = split_front_matter(text)
    body = TAG_RE.sub(" ", body)
    body = re.sub(r"<!DOCTYPE[^>]*>", " ", body, flags=re.I)
    body = re.sub(r"<(script|style|head)\b.*?</\1>", " ", body, flags=re.S | re.I)
    body = re.sub(r"<[^>]+>", " ", body)
    body = re.sub(r"[#*|>`_]|^-{3,}$|\|?-{3,}\|?", " ", body, flags=re.M)
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’.@/&-]*", body))


def main():
    errors = []
    data = yaml.safe_load((HERE / "labels.yaml").read_text())
    for key in ("corpus", "source", "requirements", "policies"):
        if key not in data:
            errors.append(f"missing top-level key {key}")
    reqs = data["requirements"]
    if reqs != EXPECTED:
        errors.append("requirements list differs from the SCOPE list/order")
    if len(set(reqs)) != len(reqs):
        errors.append("duplicate ids in requirements")
    known = set(reqs)
    if not isinstance(data["policies"], dict):
        errors.append("policies must be a mapping keyed by file stem")
    files_on_disk = {p.name for p in (HERE / "policies").iterdir()}
    seen_files = set()
    tot_p = tot_a = 0
    for stem, pol in data["policies"].items():
        f = pol.get("file", "")
        path = HERE / f
        if Path(f).stem != stem:
            errors.append(f"{stem}: key is not the file stem of {f}")
        if not path.is_file():
            errors.append(f"{stem}: file {f} missing")
            continue
        seen_files.add(path.name)
        text = path.read_text()
        lines = text.split("\n")
        _fm, _, n_fm = split_front_matter(text)
        present = pol.get("present") or []
        evidence = pol.get("evidence") or {}
        notes = pol.get("notes") or {}
        if len(set(present)) != len(present):
            errors.append(f"{stem}: duplicate ids in present")
        for i in present:
            if i not in known:
                errors.append(f"{stem}: unknown present id {i}")
        for i in list(evidence) + list(notes):
            if i not in known:
                errors.append(f"{stem}: unknown id {i} in evidence/notes")
        if set(present) != set(evidence):
            errors.append(
                f"{stem}: present without evidence {sorted(set(present) - set(evidence))}; "
                f"evidence without present {sorted(set(evidence) - set(present))}"
            )
        for i, q in evidence.items():
            if not isinstance(q, str) or not q.strip():
                errors.append(f"{stem}: {i}: evidence must be one non-empty string")
                continue
            if "\n" in q:
                errors.append(f"{stem}: {i}: evidence spans lines")
            hits = [n for n, line in enumerate(lines) if q in line]
            if not hits:
                errors.append(f"{stem}: {i}: quote not found verbatim on one line: {q[:70]!r}")
                continue
            n = hits[0]
            if n < n_fm and not re.match(r"\s*({})\s*[:=]".format("|".join(DATE_KEYS)), lines[n]):
                errors.append(f"{stem}: {i}: quote is in front matter under a non-date key")
            # quote must not overlap a template tag on its line
            line = lines[n]
            start = line.find(q)
            for m in TAG_RE.finditer(line):
                if m.start() < start + len(q) and start < m.end():
                    errors.append(f"{stem}: {i}: quote overlaps template tag {m.group(0)[:30]!r}")
        for i in known - set(present):
            if i in evidence:
                errors.append(f"{stem}: absent id {i} has evidence")
        wc = words(text)
        if not 500 <= wc <= 1200:
            errors.append(f"{stem}: word count {wc} out of 500-1200")
        tot_p += len(present)
        tot_a += len(known) - len(present)
        print(
            f"{stem:28s} words={wc:5d} present={len(present):2d} "
            f"absent={len(known) - len(present):2d} notes={len(notes)}"
        )
    if seen_files != files_on_disk:
        errors.append(f"files not labelled: {sorted(files_on_disk - seen_files)}")
    print(f"cells={tot_p + tot_a} present={tot_p} absent={tot_a}")
    for e in errors:
        print("ERROR:", e)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
