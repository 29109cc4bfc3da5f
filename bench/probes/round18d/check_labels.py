#!/usr/bin/env python3
"""Sanity checks for labels.yaml in this probe folder.

- ids in requirements / present / evidence / notes are known (listed in requirements)
- each present id has exactly one evidence quote, and every evidence key is present
- each quote is a single line and occurs verbatim within one line of the policy file
- every policy labels the same id list (requirements), files exist
- word counts (without front matter, template tags and markup) are 500-1200
Exit 0 when all pass.
"""

import pathlib
import re
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
SCOPE = [
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


def plain_words(text):
    # front matter: YAML (---) or TOML (+++) at the very start
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"\A\+\+\+\n.*?\n\+\+\+\n", "", text, flags=re.S)
    # template tags
    for pat in (r"\{\{<.*?>\}\}", r"\{\{%.*?%\}\}", r"\{%.*?%\}", r"\{\{.*?\}\}", r"<%.*?%>"):
        text = re.sub(pat, " ", text, flags=re.S)
    # HTML markup and comments
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"&[a-z]+;", " ", text)
    # markdown link targets
    text = re.sub(r"\]\([^)]*\)", " ", text)
    return [w for w in re.split(r"\s+", text) if re.search(r"[A-Za-z0-9]", w)]


def main():
    errs = []
    doc = yaml.safe_load((HERE / "labels.yaml").read_text())
    for k in ("corpus", "source", "requirements", "policies"):
        if k not in doc:
            errs.append(f"missing top-level key {k}")
    req = doc.get("requirements", [])
    if sorted(req) != sorted(SCOPE):
        errs.append(f"requirements differ from SCOPE: extra {set(req) - set(SCOPE)} missing {set(SCOPE) - set(req)}")
    if len(req) != len(set(req)):
        errs.append("duplicate ids in requirements")
    known = set(req)
    pols = doc.get("policies", {})
    if not isinstance(pols, dict):
        errs.append("policies must be a mapping keyed by file stem")
        pols = {}
    files_on_disk = {p.name for p in (HERE / "policies").iterdir()}
    listed = set()
    tot_present = 0
    for stem, p in pols.items():
        f = HERE / p["file"]
        listed.add(f.name)
        if f.stem != stem:
            errs.append(f"{stem}: key is not the file stem of {p['file']}")
        if not f.exists():
            errs.append(f"{stem}: file {f} missing")
            continue
        text = f.read_text(encoding="utf-8")
        lines = text.splitlines()
        present = p.get("present") or []
        ev = p.get("evidence") or {}
        notes = p.get("notes") or {}
        for i in present:
            if i not in known:
                errs.append(f"{stem}: unknown present id {i}")
        if len(present) != len(set(present)):
            errs.append(f"{stem}: duplicate present ids")
        for i in ev:
            if i not in known:
                errs.append(f"{stem}: unknown evidence id {i}")
        for i in notes:
            if i not in known:
                errs.append(f"{stem}: unknown notes id {i}")
        if set(present) != set(ev):
            errs.append(
                f"{stem}: present without evidence {set(present) - set(ev)}; "
                f"evidence not present {set(ev) - set(present)}"
            )
        for i, q in ev.items():
            if not isinstance(q, str) or not q.strip():
                errs.append(f"{stem}: {i}: evidence must be one non-empty string")
                continue
            if "\n" in q:
                errs.append(f"{stem}: {i}: evidence spans lines")
                continue
            if not any(q in ln for ln in lines):
                errs.append(f"{stem}: {i}: quote not found verbatim on one line: {q[:80]!r}")
        n = len(plain_words(text))
        if not 500 <= n <= 1200:
            errs.append(f"{stem}: word count {n} out of 500-1200")
        tot_present += len(present)
        print(f"{stem:28s} words={n:5d} present={len(present):2d} absent={len(req) - len(present):2d}")
    if files_on_disk != listed:
        errs.append(
            f"policy files not labelled: {files_on_disk - listed}; labelled but missing: {listed - files_on_disk}"
        )
    cells = len(req) * len(pols)
    print(f"cells={cells} present={tot_present} absent={cells - tot_present}")
    for e in errs:
        print("ERROR", e)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
