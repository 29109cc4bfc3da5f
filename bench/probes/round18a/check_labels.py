#!/usr/bin/env python3
"""Sanity checks for labels.yaml in this probe folder.

- every requirement id is a known spec id (gdpr/coppa/caloppa scope list below);
- every policy file exists, every present id is in `requirements`;
- each present id has exactly one evidence quote and each evidence key is present;
- each quote is a single line and occurs verbatim inside one line of the file;
- every notes key is a known id;
- all policies are labelled against the same id list (present + implied absent);
- policy word counts (without front matter, template tags and markup) are 500-1200.
Exit status 0 when all checks pass.
"""

import pathlib
import re
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
KNOWN = set(
    [
        "gdpr.controller-identity",
        "gdpr.controller-contact",
        "gdpr.dpo-contact",
        "gdpr.purposes",
        "gdpr.legal-basis",
        "gdpr.legitimate-interests",
        "gdpr.recipients",
        "gdpr.international-transfers",
        "gdpr.retention",
        "gdpr.right-access",
        "gdpr.right-rectification",
        "gdpr.right-erasure",
        "gdpr.right-restriction",
        "gdpr.right-objection",
        "gdpr.right-portability",
        "gdpr.right-withdraw-consent",
        "gdpr.right-complaint",
        "gdpr.statutory-contractual",
        "gdpr.automated-decisions",
        "gdpr.data-source",
        "gdpr.data-categories",
        "coppa.children-statement",
        "coppa.operator-contact",
        "coppa.child-data-practices",
        "coppa.parental-rights",
        "coppa.parental-consent",
        "caloppa.pii-categories",
        "caloppa.third-party-categories",
        "caloppa.review-and-change",
        "caloppa.change-notification",
        "caloppa.effective-date",
        "caloppa.do-not-track",
        "caloppa.third-party-tracking",
    ]
)


def words(text, name):
    if name.endswith(".md"):
        text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
        text = re.sub(r"\A\+\+\+\n.*?\n\+\+\+\n", "", text, flags=re.S)
    text = re.sub(r"\{\{[<%].*?[%>]\}\}", " ", text, flags=re.S)  # Hugo shortcodes
    text = re.sub(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", " ", text, flags=re.S)  # Jinja/Liquid
    text = re.sub(r"<%.*?%>", " ", text, flags=re.S)  # ERB
    if name.endswith(".html"):
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
        text = re.sub(r"<[^>]+>", " ", text)
        text = re.sub(r"&[a-zA-Z]+;|&#\d+;", " ", text)
    text = re.sub(r"[*_#>|`]", " ", text)
    return len(re.findall(r"[^\W_][\w'’.@/-]*", text))


def main():
    errs = []
    lab = yaml.safe_load((HERE / "labels.yaml").read_text(encoding="utf-8"))
    req = lab.get("requirements") or []
    for k in ("corpus", "source", "requirements", "policies"):
        if k not in lab:
            errs.append(f"missing top-level key {k}")
    if len(req) != len(set(req)):
        errs.append("duplicate ids in requirements")
    for r in req:
        if r not in KNOWN:
            errs.append(f"unknown requirement id {r}")
    if set(req) != KNOWN:
        errs.append(f"requirements differ from scope: missing {sorted(KNOWN - set(req))}")
    pols = lab.get("policies") or {}
    if not isinstance(pols, dict):
        errs.append("policies must be a mapping keyed by file stem")
        pols = {}
    labelled_sets = []
    cells = present_n = 0
    for stem, p in pols.items():
        f = HERE / p["file"]
        if not f.exists():
            errs.append(f"{stem}: file {p['file']} missing")
            continue
        if pathlib.Path(p["file"]).stem != stem and pathlib.Path(p["file"]).name.split(".")[0] != stem:
            errs.append(f"{stem}: key does not match file stem")
        text = f.read_text(encoding="utf-8")
        lines = text.split("\n")
        present = p.get("present") or []
        ev = p.get("evidence") or {}
        notes = p.get("notes") or {}
        if len(present) != len(set(present)):
            errs.append(f"{stem}: duplicate ids in present")
        for r in present:
            if r not in req:
                errs.append(f"{stem}: present id {r} not in requirements")
            if r not in ev:
                errs.append(f"{stem}: present id {r} has no evidence")
        for r, q in ev.items():
            if r not in present:
                errs.append(f"{stem}: evidence for non-present id {r}")
            if not isinstance(q, str) or not q.strip():
                errs.append(f"{stem}: evidence for {r} is not a single string")
                continue
            if "\n" in q:
                errs.append(f"{stem}: evidence for {r} spans lines")
            elif not any(q in ln for ln in lines):
                errs.append(f"{stem}: evidence for {r} not verbatim in one line: {q[:70]!r}")
        for r in notes:
            if r not in req:
                errs.append(f"{stem}: notes key {r} unknown")
        labelled_sets.append(frozenset(req))  # absent = req - present, so same id list for all
        cells += len(req)
        present_n += len(present)
        n = words(text, p["file"])
        if not 500 <= n <= 1200:
            errs.append(f"{stem}: word count {n} outside 500-1200")
        print(
            f"{stem:32s} words={n:5d} present={len(present):2d} absent={len(req) - len(present):2d} notes={len(notes)}"
        )
    if len(set(labelled_sets)) > 1:
        errs.append("policies labelled against different id lists")
    print(f"policies={len(pols)} cells={cells} present={present_n} absent={cells - present_n}")
    for e in errs:
        print("ERROR:", e)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
