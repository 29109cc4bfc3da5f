#!/usr/bin/env python3
"""Check labels.yaml against the policies in this folder.

Checks: ids known (from the spec tables), every policy labels the same id list
(the top-level `requirements`), each present id has exactly one evidence quote
and every evidence key is a present id, each quote is a single line found
verbatim in one line of the policy file, notes only use known ids, and each
policy's word count (without front matter, template tags and markup) is
within 500-1200.  Exit status 0 when everything passes.
"""

import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SPEC = Path("/work/shared/spec/requirements.md")
MIN_WORDS, MAX_WORDS = 500, 1200


def known_ids():
    ids = set()
    for line in SPEC.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\|\s*((?:gdpr|coppa|caloppa|ccpa)\.[a-z0-9-]+)\s*\|", line)
        if m:
            ids.add(m.group(1))
    return ids


def strip_for_count(text, suffix):
    # front matter (YAML --- or TOML +++) at the very top
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"\A\+\+\+\n.*?\n\+\+\+\n", "", text, flags=re.S)
    # template tags: Liquid/Jinja, Hugo shortcodes, ERB
    text = re.sub(r"\{\{[<%].*?[>%]\}\}", " ", text, flags=re.S)
    text = re.sub(r"\{%.*?%\}", " ", text, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}", " ", text, flags=re.S)
    text = re.sub(r"<%.*?%>", " ", text, flags=re.S)
    # HTML tags and entities
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    # Markdown markup: table rules, emphasis, heading marks, pipes, bullets
    text = re.sub(r"^\|?[\s|:-]+\|?\s*$", " ", text, flags=re.M)
    text = re.sub(r"[*_#|`>]", " ", text)
    return [w for w in text.split() if re.search(r"[A-Za-z0-9]", w)]


def main():
    errors = []
    ids = known_ids()
    labels = yaml.safe_load((HERE / "labels.yaml").read_text(encoding="utf-8"))
    for key in ("corpus", "source", "requirements", "policies"):
        if key not in labels:
            errors.append(f"labels.yaml: missing top-level key {key!r}")
    reqs = labels.get("requirements") or []
    if len(reqs) != len(set(reqs)):
        errors.append("requirements: duplicate ids")
    for r in reqs:
        if r not in ids:
            errors.append(f"requirements: unknown id {r}")
    policies = labels.get("policies") or {}
    if not isinstance(policies, dict):
        errors.append("policies must be a mapping keyed by file stem")
        policies = {}
    files_on_disk = {p.name for p in (HERE / "policies").iterdir() if p.is_file()}
    files_labelled = set()
    cells = present_total = 0
    for stem, pol in policies.items():
        where = f"policies.{stem}"
        path = HERE / pol.get("file", "")
        if not pol.get("file") or not path.is_file():
            errors.append(f"{where}: file {pol.get('file')!r} not found")
            continue
        files_labelled.add(path.name)
        if path.stem != stem:
            errors.append(f"{where}: key does not match file stem {path.stem}")
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        present = pol.get("present") or []
        evidence = pol.get("evidence") or {}
        notes = pol.get("notes") or {}
        if len(present) != len(set(present)):
            errors.append(f"{where}: duplicate ids in present")
        for p in present:
            if p not in reqs:
                errors.append(f"{where}: present id {p} not in requirements")
            if p not in evidence:
                errors.append(f"{where}: present id {p} has no evidence")
        for e, quote in evidence.items():
            if e not in present:
                errors.append(f"{where}: evidence for {e}, which is not present")
            if not isinstance(quote, str) or not quote.strip():
                errors.append(f"{where}: evidence for {e} is not a non-empty string")
                continue
            if "\n" in quote:
                errors.append(f"{where}: evidence for {e} spans lines")
            elif not any(quote in line for line in lines):
                errors.append(f"{where}: evidence for {e} not verbatim on one line: {quote[:70]!r}")
        for n in notes:
            if n not in reqs:
                errors.append(f"{where}: note for id {n} not in requirements")
        words = len(strip_for_count(text, path.suffix))
        if not MIN_WORDS <= words <= MAX_WORDS:
            errors.append(f"{where}: {words} words, outside {MIN_WORDS}-{MAX_WORDS}")
        cells += len(reqs)
        present_total += len(set(present) & set(reqs))
        print(f"{stem:32s} words={words:5d} present={len(present):2d} absent={len(reqs) - len(present):2d}")
    for f in sorted(files_on_disk - files_labelled):
        errors.append(f"policies/{f} has no labels")
    print(f"cells={cells} present={present_total} absent={cells - present_total}")
    for e in errors:
        print("ERROR:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
