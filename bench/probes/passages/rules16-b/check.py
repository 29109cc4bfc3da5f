#!/usr/bin/env python3
"""Schema check for the probe passage files in this folder."""

import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
IDS = [
    "ccpa.sale-sharing",
    "ccpa.right-to-know-sold-shared",
    "ccpa.verification",
    "ccpa.request-methods",
    "caloppa.review-and-change",
    "caloppa.third-party-tracking",
]
KEYS = {"id", "style", "format", "text", "present", "note"}
FORMATS = {"text", "markdown", "html"}
errors = []
seen_ids, seen_texts = {}, {}

for rid in IDS:
    path = os.path.join(HERE, rid + ".yaml")
    if not os.path.exists(path):
        errors.append(f"{rid}: file missing")
        continue
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    if not isinstance(data, list):
        errors.append(f"{rid}: not a YAML list")
        continue
    pos = neg = 0
    for i, it in enumerate(data):
        where = f"{rid}[{i}]"
        if not isinstance(it, dict):
            errors.append(f"{where}: not a mapping")
            continue
        if set(it) != KEYS:
            errors.append(f"{where}: keys {sorted(it)} != {sorted(KEYS)}")
        pid = it.get("id")
        if not isinstance(pid, str) or not re.fullmatch(r"[a-z]+-n?\d{2}", pid or ""):
            errors.append(f"{where}: bad id {pid!r}")
        if pid in seen_ids:
            errors.append(f"{where}: duplicate id {pid} (also {seen_ids[pid]})")
        seen_ids[pid] = where
        if it.get("format") not in FORMATS:
            errors.append(f"{where}: bad format {it.get('format')!r}")
        for k in ("style", "note", "text"):
            if not isinstance(it.get(k), str) or not it.get(k).strip():
                errors.append(f"{where}: empty or non-string {k}")
        text = it.get("text") or ""
        if len(text) >= 700:
            errors.append(f"{where}: text is {len(text)} chars (must be < 700)")
        norm = " ".join(text.split()).lower()
        if norm in seen_texts:
            errors.append(f"{where}: duplicate text (also {seen_texts[norm]})")
        seen_texts[norm] = where
        pr = it.get("present")
        if not isinstance(pr, bool):
            errors.append(f"{where}: present must be true/false")
        elif pr:
            pos += 1
            if "-n" in (pid or ""):
                errors.append(f"{where}: present item has near-miss id")
        else:
            neg += 1
            if "-n" not in (pid or ""):
                errors.append(f"{where}: near miss lacks -nNN id")
    if (pos, neg) != (18, 10):
        errors.append(f"{rid}: {pos} present / {neg} near misses (need 18/10)")

for e in errors:
    print("ERROR:", e)
print(f"{len(seen_ids)} passages checked, {len(errors)} errors")
sys.exit(1 if errors else 0)
