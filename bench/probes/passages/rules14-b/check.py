#!/usr/bin/env python3
"""Schema check for the probe passages in this folder."""

import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
IDS = [
    "ccpa.verification",
    "ccpa.request-methods",
    "ccpa.right-limit-sensitive",
    "caloppa.third-party-tracking",
    "coppa.child-data-practices",
    "caloppa.review-and-change",
]
KEYS = {"id", "style", "format", "text", "present", "note"}
FORMATS = {"text", "markdown", "html"}
errors = []
all_ids = set()
all_texts = {}

for req in IDS:
    path = os.path.join(HERE, req + ".yaml")
    if not os.path.exists(path):
        errors.append(f"{req}: missing file {path}")
        continue
    try:
        with open(path, encoding="utf-8") as fh:
            items = yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        errors.append(f"{req}: YAML error: {exc}")
        continue
    if not isinstance(items, list):
        errors.append(f"{req}: top level is not a list")
        continue
    pos = neg = 0
    for i, it in enumerate(items):
        where = f"{req}[{i}]"
        if not isinstance(it, dict):
            errors.append(f"{where}: not a mapping")
            continue
        keys = set(it)
        if keys != KEYS:
            errors.append(f"{where}: keys {sorted(keys)} != {sorted(KEYS)}")
        pid = it.get("id")
        where = f"{req}:{pid}"
        if not isinstance(pid, str) or not pid:
            errors.append(f"{where}: bad id")
        elif pid in all_ids:
            errors.append(f"{where}: duplicate id")
        else:
            all_ids.add(pid)
        for k in ("style", "note", "text"):
            if not isinstance(it.get(k), str) or not it.get(k).strip():
                errors.append(f"{where}: {k} must be a non-empty string")
        if it.get("format") not in FORMATS:
            errors.append(f"{where}: format {it.get('format')!r} not in {sorted(FORMATS)}")
        present = it.get("present")
        if not isinstance(present, bool):
            errors.append(f"{where}: present must be true/false")
        elif present:
            pos += 1
            if isinstance(pid, str) and "-n" in pid:
                errors.append(f"{where}: present passage has a near-miss id")
        else:
            neg += 1
            if isinstance(pid, str) and "-n" not in pid:
                errors.append(f"{where}: near miss id should use the -nNN form")
        text = it.get("text")
        if isinstance(text, str):
            if len(text) >= 700:
                errors.append(f"{where}: text is {len(text)} chars (limit < 700)")
            norm = " ".join(text.split()).lower()
            if norm in all_texts:
                errors.append(f"{where}: duplicate text of {all_texts[norm]}")
            else:
                all_texts[norm] = where
    if (pos, neg) != (18, 10):
        errors.append(f"{req}: {pos} present / {neg} near misses (need 18 / 10)")

if errors:
    print("\n".join(errors))
    print(f"FAILED: {len(errors)} problem(s)")
    sys.exit(1)
print(f"OK: {len(IDS)} files, {len(all_ids)} passages")
sys.exit(0)
