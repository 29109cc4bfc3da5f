#!/usr/bin/env python3
"""Schema check for the probe passage files in this folder."""

import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
IDS = [
    "gdpr.data-source",
    "gdpr.right-access",
    "gdpr.right-rectification",
    "gdpr.right-objection",
    "coppa.children-statement",
    "caloppa.third-party-categories",
]
KEYS = {"id", "style", "format", "text", "present", "note"}
FORMATS = {"text", "markdown", "html"}

errors = []
all_ids = set()
all_texts = {}

for req in IDS:
    path = os.path.join(HERE, req + ".yaml")
    if not os.path.exists(path):
        errors.append(f"{req}: file missing")
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
    n_true = n_false = 0
    for i, item in enumerate(items):
        where = f"{req}[{i}]"
        if not isinstance(item, dict):
            errors.append(f"{where}: not a mapping")
            continue
        keys = set(item)
        if keys != KEYS:
            errors.append(f"{where}: keys {sorted(keys)} (missing {sorted(KEYS - keys)}, extra {sorted(keys - KEYS)})")
        iid = item.get("id")
        where = f"{req}:{iid}"
        if not isinstance(iid, str) or not iid:
            errors.append(f"{where}: id not a non-empty string")
        elif iid in all_ids:
            errors.append(f"{where}: duplicate id")
        else:
            all_ids.add(iid)
        for k in ("style", "note"):
            if not isinstance(item.get(k), str) or not item.get(k).strip():
                errors.append(f"{where}: {k} not a non-empty string")
        if item.get("format") not in FORMATS:
            errors.append(f"{where}: bad format {item.get('format')!r}")
        text = item.get("text")
        if not isinstance(text, str) or not text.strip():
            errors.append(f"{where}: text not a non-empty string")
        else:
            t = text.strip()
            if len(t) >= 700:
                errors.append(f"{where}: text is {len(t)} characters (limit < 700)")
            norm = " ".join(t.split()).lower()
            if norm in all_texts:
                errors.append(f"{where}: duplicate text of {all_texts[norm]}")
            else:
                all_texts[norm] = where
        present = item.get("present")
        if present is True:
            n_true += 1
            if isinstance(iid, str) and "-n" in iid:
                errors.append(f"{where}: present item uses a near-miss id")
        elif present is False:
            n_false += 1
            if isinstance(iid, str) and "-n" not in iid:
                errors.append(f"{where}: near miss without -nNN id")
        else:
            errors.append(f"{where}: present is not a boolean")
    if (n_true, n_false) != (18, 10):
        errors.append(f"{req}: {n_true} present / {n_false} near misses (want 18 / 10)")

for e in errors:
    print("ERROR", e)
print(f"{len(all_ids)} items checked, {len(errors)} errors")
sys.exit(1 if errors else 0)
