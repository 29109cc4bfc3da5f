#!/usr/bin/env python3
"""Check labels.yaml of this probe set: ids known, evidence verbatim on one line,
one evidence per present id (and none for absent ids), same id list for every
policy, word counts 500-1200 without front matter, template tags and markup."""

import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SPEC = Path("/work/shared/spec/requirements.md")

GDPR_SCORED = [
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


def spec_ids():
    text = SPEC.read_text(encoding="utf-8")
    return set(re.findall(r"^\| ((?:gdpr|coppa|caloppa|ccpa)\.[a-z-]+) \|", text, re.M))


def strip_front_matter(text):
    m = re.match(r"\A(---|\+\+\+)\n.*?\n\1\n", text, re.S)
    return text[m.end() :] if m else text


def count_words(path):
    text = path.read_text(encoding="utf-8")
    text = strip_front_matter(text)
    text = re.sub(r"\{\{[<%].*?[>%]\}\}", " ", text, flags=re.S)  # Hugo shortcodes
    text = re.sub(r"\{%.*?%\}", " ", text, flags=re.S)  # Liquid/Jinja blocks
    text = re.sub(r"\{\{.*?\}\}", " ", text, flags=re.S)  # Liquid/Jinja output
    text = re.sub(r"<%.*?%>", " ", text, flags=re.S)  # ERB
    text = re.sub(r"<!DOCTYPE[^>]*>", " ", text, flags=re.I)
    text = re.sub(r"<[^>]+>", " ", text)  # HTML tags
    return len(re.findall(r"[^\W_]+(?:['’.\-][^\W_]+)*", text))


def main():
    errors = []
    known = spec_ids()
    data = yaml.safe_load((HERE / "labels.yaml").read_text(encoding="utf-8"))
    for key in ("corpus", "source", "requirements", "policies"):
        if key not in data:
            errors.append(f"missing top-level key {key}")
    reqs = data["requirements"]
    if len(reqs) != len(set(reqs)):
        errors.append("duplicate ids in requirements")
    for r in reqs:
        if r not in known:
            errors.append(f"unknown id in requirements: {r}")
    expected = {f"gdpr.{x}" for x in GDPR_SCORED}
    if not expected <= set(reqs):
        errors.append(f"gdpr ids missing from requirements: {sorted(expected - set(reqs))}")
    if not isinstance(data["policies"], dict):
        errors.append("policies must be a mapping keyed by file stem")
    files_on_disk = {p.name for p in (HERE / "policies").iterdir()}
    files_labelled = set()
    cells = present_total = 0
    for stem, pol in data["policies"].items():
        f = HERE / pol["file"]
        files_labelled.add(f.name)
        if f.stem != stem:
            errors.append(f"{stem}: key does not match file stem {f.stem}")
        if not f.exists():
            errors.append(f"{stem}: file missing {pol['file']}")
            continue
        if f.suffix not in (".md", ".txt", ".html"):
            errors.append(f"{stem}: file type {f.suffix}")
        lines = f.read_text(encoding="utf-8").splitlines()
        present = pol.get("present") or []
        evidence = pol.get("evidence") or {}
        notes = pol.get("notes") or {}
        if len(present) != len(set(present)):
            errors.append(f"{stem}: duplicate present ids")
        for i in present:
            if i not in reqs:
                errors.append(f"{stem}: present id not in requirements: {i}")
        for i in list(evidence) + list(notes):
            if i not in reqs:
                errors.append(f"{stem}: id not in requirements: {i}")
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
            if not any(q in line for line in lines):
                errors.append(f"{stem}: {i}: evidence not verbatim on one line: {q!r}")
        n = count_words(f)
        if not 500 <= n <= 1200:
            errors.append(f"{stem}: {n} words, outside 500-1200")
        cells += len(reqs)
        present_total += len(present)
        print(f"{stem}: {n} words, {len(present)} present, {len(reqs) - len(present)} absent, {len(notes)} notes")
    if files_on_disk != files_labelled:
        errors.append(f"files not labelled / labelled but missing: {sorted(files_on_disk ^ files_labelled)}")
    print(f"cells {cells}, present {present_total}, absent {cells - present_total}")
    for e in errors:
        print("ERROR:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
