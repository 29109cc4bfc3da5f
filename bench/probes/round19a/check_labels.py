#!/usr/bin/env python3
"""Sanity checks for the round19a probe labels.

Checks: requirement ids known and complete, every policy's file exists, each present
id has exactly one evidence quote and vice versa, every quote is a verbatim part of a
single line of its file, notes only use known ids, and word counts (without front
matter, template tags and markup) are within 500-1200.
Exit status 0 when everything passes.
"""

import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent

GDPR = [
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
COPPA = ["children-statement", "operator-contact", "child-data-practices", "parental-rights", "parental-consent"]
CALOPPA = [
    "pii-categories",
    "third-party-categories",
    "review-and-change",
    "change-notification",
    "effective-date",
    "do-not-track",
    "third-party-tracking",
]
EXPECTED = [f"gdpr.{i}" for i in GDPR] + [f"coppa.{i}" for i in COPPA] + [f"caloppa.{i}" for i in CALOPPA]


def strip_for_count(text: str) -> str:
    # front matter (YAML --- or TOML +++) at the very start
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"\A\+\+\+\n.*?\n\+\+\+\n", "", text, flags=re.S)
    # template tags: Hugo shortcodes, Jinja/Liquid, ERB
    text = re.sub(r"\{\{[<%].*?[%>]\}\}", " ", text, flags=re.S)
    text = re.sub(r"\{%.*?%\}", " ", text, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}", " ", text, flags=re.S)
    text = re.sub(r"<%.*?%>", " ", text, flags=re.S)
    # HTML: drop head, then tags
    text = re.sub(r"<head>.*?</head>", " ", text, flags=re.S | re.I)
    text = re.sub(r"<!DOCTYPE[^>]*>", " ", text, flags=re.I)
    text = re.sub(r"<[^>]+>", " ", text)
    # Markdown: table rules, link targets, heading/emphasis markers
    text = re.sub(r"^\|?[-:| ]+\|?$", " ", text, flags=re.M)
    text = re.sub(r"\]\([^)]*\)", "] ", text)
    text = re.sub(r"[#*|_\[\]>`]", " ", text)
    return text


def word_count(text: str) -> int:
    words = strip_for_count(text).split()
    return len([w for w in words if re.search(r"\w", w)])


def main() -> int:
    errors = []
    data = yaml.safe_load((HERE / "labels.yaml").read_text(encoding="utf-8"))
    for key in ("corpus", "source", "requirements", "policies"):
        if key not in data:
            errors.append(f"missing top-level key {key}")
    reqs = data.get("requirements", [])
    if reqs != EXPECTED:
        errors.append(f"requirements list differs from the expected {len(EXPECTED)} ids in order")
    if len(set(reqs)) != len(reqs):
        errors.append("duplicate ids in requirements")
    known = set(reqs)
    policies = data.get("policies", {})
    if not isinstance(policies, dict) or len(policies) != 6:
        errors.append("policies must be a mapping of 6 entries")
    cells = present_total = 0
    for stem, pol in policies.items():
        f = HERE / pol["file"]
        if not f.exists():
            errors.append(f"{stem}: file missing {pol['file']}")
            continue
        if Path(pol["file"]).stem != stem:
            errors.append(f"{stem}: stem does not match file name")
        text = f.read_text(encoding="utf-8")
        lines = text.splitlines()
        present = pol.get("present", []) or []
        evidence = pol.get("evidence", {}) or {}
        notes = pol.get("notes", {}) or {}
        for i in present:
            if i not in known:
                errors.append(f"{stem}: unknown present id {i}")
        if len(set(present)) != len(present):
            errors.append(f"{stem}: duplicate present ids")
        if set(present) != set(evidence):
            errors.append(f"{stem}: present/evidence mismatch: {sorted(set(present) ^ set(evidence))}")
        for i, q in evidence.items():
            if not isinstance(q, str) or not q.strip():
                errors.append(f"{stem}: evidence for {i} is not a non-empty string")
                continue
            if "\n" in q:
                errors.append(f"{stem}: evidence for {i} spans lines")
            if not any(q in ln for ln in lines):
                errors.append(f"{stem}: evidence for {i} not verbatim on one line: {q!r}")
        for i in notes:
            if i not in known:
                errors.append(f"{stem}: note for unknown id {i}")
        wc = word_count(text)
        if not 500 <= wc <= 1200:
            errors.append(f"{stem}: word count {wc} out of range")
        cells += len(reqs)
        present_total += len(present)
        print(f"{stem}: {wc} words, {len(present)} present, {len(reqs) - len(present)} absent")
    print(f"total: {cells} cells, {present_total} present, {cells - present_total} absent")
    for e in errors:
        print("ERROR:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
