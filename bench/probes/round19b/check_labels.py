#!/usr/bin/env python3
"""Sanity checks for labels.yaml of this probe set.

Checks: requirement list is the expected one (known ids, no duplicates);
every policy file exists; every policy labels the same id list; present ids
are known; each present id has exactly one evidence quote and vice versa;
each quote is single-line and occurs verbatim within one line of the file;
notes use known ids; word counts (without front matter, template tags and
markup) are within 500-1200.  Exit status 0 when all checks pass.
"""

import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent

CCPA = [
    "categories-collected",
    "sources",
    "purposes",
    "categories-disclosed",
    "sale-sharing",
    "right-to-know",
    "right-to-know-sold-shared",
    "right-delete",
    "right-correct",
    "right-opt-out",
    "right-limit-sensitive",
    "non-discrimination",
    "request-methods",
    "last-updated",
    "verification",
    "authorized-agent",
    "opt-out-signals",
    "minors",
    "retention",
    "contact",
]
CALOPPA = [
    "pii-categories",
    "third-party-categories",
    "review-and-change",
    "change-notification",
    "effective-date",
    "do-not-track",
    "third-party-tracking",
]
COPPA = [
    "children-statement",
    "operator-contact",
    "child-data-practices",
    "parental-rights",
    "parental-consent",
    "third-party-disclosures",
    "retention-policy",
]
EXPECTED = [f"ccpa.{i}" for i in CCPA] + [f"caloppa.{i}" for i in CALOPPA] + [f"coppa.{i}" for i in COPPA]

FRONT = re.compile(r"\A(---|\+\+\+)\n.*?\n\1\n", re.S)
TAGS = [
    re.compile(p, re.S)
    for p in (r"\{\{<.*?>\}\}", r"\{\{%.*?%\}\}", r"\{%.*?%\}", r"\{\{.*?\}\}", r"<%.*?%>", r"<!--.*?-->", r"<[^>]+>")
]


def words(text):
    text = FRONT.sub("", text)
    for pat in TAGS:
        text = pat.sub(" ", text)
    text = re.sub(r"[|#*`_>]|^\s*[-:|]+\s*$", " ", text, flags=re.M)
    return [w for w in text.split() if re.search(r"[A-Za-z0-9]", w)]


def main():
    errors = []
    data = yaml.safe_load((HERE / "labels.yaml").read_text())
    for key in ("corpus", "source", "requirements", "policies"):
        if key not in data:
            errors.append(f"missing top-level key {key}")
    reqs = data.get("requirements") or []
    if reqs != EXPECTED:
        errors.append(f"requirements list differs from expected scope: {reqs}")
    if len(set(reqs)) != len(reqs):
        errors.append("duplicate requirement ids")
    known = set(EXPECTED)
    pols = data.get("policies") or {}
    if not isinstance(pols, dict):
        errors.append("policies must be a mapping keyed by file stem")
        pols = {}
    total = present_n = 0
    for stem, pol in pols.items():
        f = HERE / pol.get("file", "")
        if not f.is_file():
            errors.append(f"{stem}: file {pol.get('file')} missing")
            continue
        if f.stem != stem:
            errors.append(f"{stem}: key differs from file stem {f.stem}")
        text = f.read_text()
        lines = text.splitlines()
        present = pol.get("present") or []
        ev = pol.get("evidence") or {}
        notes = pol.get("notes") or {}
        if "requirements" in pol and pol["requirements"] != reqs:
            errors.append(f"{stem}: own requirement list differs")
        if len(set(present)) != len(present):
            errors.append(f"{stem}: duplicate present ids")
        for i in present:
            if i not in known:
                errors.append(f"{stem}: unknown present id {i}")
        if set(ev) != set(present):
            errors.append(
                f"{stem}: evidence ids != present ids: "
                f"missing {sorted(set(present) - set(ev))}, "
                f"extra {sorted(set(ev) - set(present))}"
            )
        for i, q in ev.items():
            if not isinstance(q, str) or not q.strip():
                errors.append(f"{stem}: {i}: evidence must be one non-empty string")
                continue
            if "\n" in q:
                errors.append(f"{stem}: {i}: evidence spans lines")
            elif not any(q in ln for ln in lines):
                errors.append(f"{stem}: {i}: evidence not verbatim in one line: {q[:70]!r}")
        for i in notes:
            if i not in known:
                errors.append(f"{stem}: unknown id in notes {i}")
        n = len(words(text))
        print(f"{stem}: {n} words, {len(present)} present / {len(reqs)}")
        if not 500 <= n <= 1200:
            errors.append(f"{stem}: word count {n} outside 500-1200")
        total += len(reqs)
        present_n += len(set(present) & known)
    print(f"cells {total}, present {present_n}, absent {total - present_n}")
    for e in errors:
        print("ERROR:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
