#!/usr/bin/env python3
"""Check OUT/labels.yaml against the policy files.

Checks: ids known (spec ids), same id list for every policy (the top-level
`requirements`), present ids unique and known, exactly one evidence per present
id and none for absent ids, every evidence quote is single-line and occurs
verbatim within one line of the file, notes keys known, word counts 500-1200
(without front matter, template tags and markup). Exit 0 when all pass.
"""

import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SPEC = Path("/work/shared/spec/requirements.md")

SCOPE = (
    [
        f"gdpr.{x}"
        for x in [
            "controller-identity",
            "controller-contact",
            "dpo-contact",
            "purposes",
            "legal-basis",
            "legitimate-interests",
            "recipients",
            "international-transfers",
            "retention",
            "right-access",
            "right-rectification",
            "right-erasure",
            "right-restriction",
            "right-objection",
            "right-portability",
            "right-withdraw-consent",
            "right-complaint",
            "statutory-contractual",
            "automated-decisions",
            "data-source",
            "data-categories",
        ]
    ]
    + [
        f"coppa.{x}"
        for x in [
            "children-statement",
            "operator-contact",
            "child-data-practices",
            "parental-rights",
            "parental-consent",
        ]
    ]
    + [
        f"caloppa.{x}"
        for x in [
            "pii-categories",
            "third-party-categories",
            "review-and-change",
            "change-notification",
            "effective-date",
            "do-not-track",
            "third-party-tracking",
        ]
    ]
)


def spec_ids():
    text = SPEC.read_text(encoding="utf-8")
    return set(re.findall(r"^\|\s*((?:gdpr|coppa|caloppa|ccpa)\.[a-z0-9-]+)\s*\|", text, re.M))


def strip_for_count(text):
    # front matter (YAML --- or TOML +++) at the very start
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"\A\+\+\+\n.*?\n\+\+\+\n", "", text, flags=re.S)
    # template tags
    text = re.sub(r"\{\{<.*?>\}\}", " ", text, flags=re.S)
    text = re.sub(r"\{\{%.*?%\}\}", " ", text, flags=re.S)
    text = re.sub(r"\{%.*?%\}", " ", text, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}", " ", text, flags=re.S)
    text = re.sub(r"<%.*?%>", " ", text, flags=re.S)
    # HTML head, comments, tags and entities
    text = re.sub(r"<head>.*?</head>", " ", text, flags=re.S | re.I)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    # Markdown markup
    text = re.sub(r"[#*|`>_]", " ", text)
    text = re.sub(r"^\s*-{3,}\s*$", " ", text, flags=re.M)
    return text


def word_count(text):
    return len([w for w in strip_for_count(text).split() if re.search(r"\w", w)])


def main():
    errors = []
    known = spec_ids()
    for i in SCOPE:
        if i not in known:
            errors.append(f"scope id {i} not in spec")
    data = yaml.safe_load((HERE / "labels.yaml").read_text(encoding="utf-8"))
    for key in ("corpus", "source", "requirements", "policies"):
        if key not in data:
            errors.append(f"labels.yaml: missing top-level `{key}`")
    reqs = data.get("requirements") or []
    if len(reqs) != len(set(reqs)):
        errors.append("requirements: duplicate ids")
    for r in reqs:
        if r not in known:
            errors.append(f"requirements: unknown id {r}")
    if set(reqs) != set(SCOPE):
        errors.append(
            f"requirements differ from SCOPE: missing {sorted(set(SCOPE) - set(reqs))}, "
            f"extra {sorted(set(reqs) - set(SCOPE))}"
        )
    pols = data.get("policies") or {}
    if not isinstance(pols, dict):
        errors.append("policies must be a mapping keyed by file stem")
        pols = {}
    files_on_disk = sorted(p.name for p in (HERE / "policies").iterdir())
    labelled_files = []
    total = present_n = 0
    for stem, p in pols.items():
        f = HERE / p.get("file", "")
        labelled_files.append(f.name)
        if not f.is_file():
            errors.append(f"{stem}: file {p.get('file')} missing")
            continue
        if f.stem != stem:
            errors.append(f"{stem}: key is not the file stem ({f.stem})")
        text = f.read_text(encoding="utf-8")
        lines = text.splitlines()
        wc = word_count(text)
        if not 500 <= wc <= 1200:
            errors.append(f"{stem}: word count {wc} out of range")
        present = p.get("present") or []
        if len(present) != len(set(present)):
            errors.append(f"{stem}: duplicate present ids")
        for i in present:
            if i not in reqs:
                errors.append(f"{stem}: present id {i} not in requirements")
        ev = p.get("evidence") or {}
        for i in present:
            if i not in ev:
                errors.append(f"{stem}: present id {i} has no evidence")
        for i, q in ev.items():
            if i not in present:
                errors.append(f"{stem}: evidence for non-present id {i}")
            if not isinstance(q, str) or not q.strip():
                errors.append(f"{stem}: evidence for {i} is not a non-empty string")
                continue
            if "\n" in q:
                errors.append(f"{stem}: evidence for {i} spans lines")
            elif not any(q in line for line in lines):
                errors.append(f"{stem}: evidence for {i} not verbatim on one line: {q!r}")
        for i in p.get("notes") or {}:
            if i not in reqs:
                errors.append(f"{stem}: note for unknown id {i}")
        total += len(reqs)
        present_n += len(present)
        print(f"{stem}: {wc} words, {len(present)} present / {len(reqs) - len(present)} absent")
    for name in files_on_disk:
        if name not in labelled_files:
            errors.append(f"policy file {name} not labelled")
    print(f"cells {total}, present {present_n}, absent {total - present_n}")
    for e in errors:
        print("ERROR:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
