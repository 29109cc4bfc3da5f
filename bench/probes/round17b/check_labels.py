#!/usr/bin/env python3
"""Check labels.yaml against the policies in this folder.

Checks: ids known to the spec; every policy labels the same id list (the
`requirements` list); present ids have exactly one evidence and vice versa;
each evidence is a single line copied verbatim from the file (part of one line);
notes keys are known ids; word counts 500-1200 without front matter, template
tags and markup.
"""

import html
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SPEC = Path("/work/shared/spec/requirements.md")
MIN_WORDS, MAX_WORDS = 500, 1200


def spec_ids():
    text = SPEC.read_text()
    return set(re.findall(r"^\|\s*((?:gdpr|coppa|caloppa|ccpa)\.[a-z0-9-]+)\s*\|", text, re.M))


def strip_for_count(text):
    # front matter (YAML --- or TOML +++) at top of file
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"\A\+\+\+\n.*?\n\+\+\+\n", "", text, flags=re.S)
    # template tags
    for pat in (r"\{\{<.*?>\}\}", r"\{\{%.*?%\}\}", r"\{%.*?%\}", r"\{\{.*?\}\}", r"<%.*?%>"):
        text = re.sub(pat, " ", text, flags=re.S)
    # html head, tags and entities
    text = re.sub(r"<head>.*?</head>", " ", text, flags=re.S | re.I)
    text = re.sub(r"<!DOCTYPE[^>]*>", " ", text, flags=re.I)
    text = re.sub(r"<[^>]+>", " ", text)
    text = html.unescape(text)
    # markdown markup
    text = re.sub(r"[#*`|>_]+", " ", text)
    words = [w for w in text.split() if re.search(r"[A-Za-z0-9]", w)]
    return len(words)


def main():
    errors = []
    known = spec_ids()
    data = yaml.safe_load((HERE / "labels.yaml").read_text())
    for key in ("corpus", "source", "requirements", "policies"):
        if key not in data:
            errors.append(f"labels.yaml: missing top-level key {key!r}")
    reqs = data.get("requirements") or []
    if len(set(reqs)) != len(reqs):
        errors.append("requirements: duplicate ids")
    for r in reqs:
        if r not in known:
            errors.append(f"requirements: unknown id {r}")
    req_set = set(reqs)
    policies = data.get("policies") or {}
    if not isinstance(policies, dict):
        errors.append("policies must be a mapping keyed by file stem")
        policies = {}
    files_on_disk = {p.name for p in (HERE / "policies").iterdir() if p.is_file()}
    files_labelled = set()
    cells = present_total = 0
    for stem, entry in policies.items():
        f = entry.get("file")
        path = HERE / f
        files_labelled.add(Path(f).name)
        if Path(f).stem != stem:
            errors.append(f"{stem}: key does not match file stem {f}")
        if not path.exists():
            errors.append(f"{stem}: file {f} missing")
            continue
        raw = path.read_text()
        lines = raw.split("\n")
        n = strip_for_count(raw)
        if not (MIN_WORDS <= n <= MAX_WORDS):
            errors.append(f"{stem}: word count {n} out of range")
        present = entry.get("present") or []
        if len(set(present)) != len(present):
            errors.append(f"{stem}: duplicate present ids")
        for pid in present:
            if pid not in req_set:
                errors.append(f"{stem}: present id {pid} not in requirements")
        evidence = entry.get("evidence") or {}
        for pid in present:
            if pid not in evidence:
                errors.append(f"{stem}: present id {pid} has no evidence")
        for eid, quote in evidence.items():
            if eid not in present:
                errors.append(f"{stem}: evidence for {eid} which is not present")
            if not isinstance(quote, str) or not quote.strip():
                errors.append(f"{stem}: evidence for {eid} is not a non-empty string")
                continue
            if "\n" in quote:
                errors.append(f"{stem}: evidence for {eid} spans lines")
            if not any(quote in line for line in lines):
                errors.append(f"{stem}: evidence for {eid} not found verbatim on one line: {quote!r}")
        for nid in entry.get("notes") or {}:
            if nid not in req_set:
                errors.append(f"{stem}: note for unknown/unscored id {nid}")
        cells += len(reqs)
        present_total += len(set(present) & req_set)
        print(f"{stem:20s} words={n:5d} present={len(present):2d} absent={len(reqs) - len(present):2d}")
    if files_on_disk != files_labelled:
        errors.append(f"files on disk {sorted(files_on_disk)} != labelled {sorted(files_labelled)}")
    print(
        f"policies={len(policies)} ids={len(reqs)} cells={cells} present={present_total} absent={cells - present_total}"
    )
    for e in errors:
        print("ERROR:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
