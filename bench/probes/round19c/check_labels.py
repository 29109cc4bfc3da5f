#!/usr/bin/env python3
"""Checks labels.yaml of this probe set: ids known, quotes verbatim (one line),
one evidence per present id and none for absent ids, same id list for every
policy, word counts 500-1200 (without front matter, template tags, markup)."""

import pathlib
import re
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
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
EXPECTED = (
    ["gdpr." + i for i in GDPR]
    + [
        "coppa.children-statement",
        "coppa.operator-contact",
        "coppa.child-data-practices",
        "coppa.parental-rights",
        "coppa.parental-consent",
    ]
    + [
        "caloppa." + i
        for i in [
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


def strip(text):
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"\A\+\+\+\n.*?\n\+\+\+\n", "", text, flags=re.S)
    text = re.sub(r"\{\{[<%].*?[>%]\}\}", " ", text, flags=re.S)
    text = re.sub(r"\{%.*?%\}", " ", text, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}", " ", text, flags=re.S)
    text = re.sub(r"<%.*?%>", " ", text, flags=re.S)
    text = re.sub(r"<!DOCTYPE[^>]*>", " ", text)
    text = re.sub(r"<head>.*?</head>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\]\([^)]*\)", " ", text)  # markdown link targets
    return text


def words(text):
    return len(re.findall(r"[^\W_]+(?:['’.\-/@][^\W_]+)*", strip(text)))


def main():
    errs = []
    lab = yaml.safe_load((HERE / "labels.yaml").read_text(encoding="utf-8"))
    for k in ("corpus", "source", "requirements", "policies"):
        if k not in lab:
            errs.append(f"missing top-level key {k}")
    reqs = lab["requirements"]
    if reqs != EXPECTED:
        errs.append(f"requirements list differs from SCOPE: {set(reqs) ^ set(EXPECTED)} / order")
    if len(set(reqs)) != len(reqs):
        errs.append("duplicate ids in requirements")
    n_present = n_cells = 0
    files_seen = set()
    for stem, p in lab["policies"].items():
        f = HERE / p["file"]
        if pathlib.Path(p["file"]).stem != stem:
            errs.append(f"{stem}: key is not the file stem of {p['file']}")
        if not f.exists():
            errs.append(f"{stem}: file missing")
            continue
        files_seen.add(f.name)
        text = f.read_text(encoding="utf-8")
        lines = text.splitlines()
        present = p.get("present") or []
        ev = p.get("evidence") or {}
        notes = p.get("notes") or {}
        for i in present + list(ev) + list(notes):
            if i not in reqs:
                errs.append(f"{stem}: unknown id {i}")
        if len(set(present)) != len(present):
            errs.append(f"{stem}: duplicate present ids")
        for i in present:
            if i not in ev:
                errs.append(f"{stem}: present id {i} has no evidence")
        for i, q in ev.items():
            if i not in present:
                errs.append(f"{stem}: evidence for absent id {i}")
            if not isinstance(q, str) or not q.strip():
                errs.append(f"{stem}: evidence for {i} is not a single string")
                continue
            if "\n" in q:
                errs.append(f"{stem}: evidence for {i} spans lines")
            if not any(q in ln for ln in lines):
                errs.append(f"{stem}: evidence for {i} not verbatim on one line: {q[:70]!r}")
        n_cells += len(reqs)
        n_present += len(set(present) & set(reqs))
        wc = words(text)
        print(f"{stem:32s} words={wc:5d} present={len(present):2d} absent={len(reqs) - len(present):2d}")
        if not 500 <= wc <= 1200:
            errs.append(f"{stem}: word count {wc} outside 500-1200")
    on_disk = {x.name for x in (HERE / "policies").iterdir()}
    if on_disk != files_seen:
        errs.append(f"files not labelled / labelled but missing: {on_disk ^ files_seen}")
    print(f"cells={n_cells} present={n_present} absent={n_cells - n_present}")
    for e in errs:
        print("ERROR:", e)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
