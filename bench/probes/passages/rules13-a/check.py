#!/usr/bin/env python3
"""Schema check for the blind probe files in this folder. Exits 0 when all pass."""

import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
IDS = [
    "coppa.third-party-disclosures",
    "coppa.parental-consent",
    "gdpr.right-restriction",
    "gdpr.right-portability",
    "ccpa.non-discrimination",
    "ccpa.right-delete",
]
KEYS = {"id", "style", "format", "text", "present", "note"}
FORMATS = {"text", "markdown", "html"}
errors = []
seen_all = set()
for rid in IDS:
    path = os.path.join(HERE, rid + ".yaml")
    if not os.path.exists(path):
        errors.append(f"{rid}: missing file")
        continue
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    if not isinstance(data, list):
        errors.append(f"{rid}: not a YAML list")
        continue
    ids, texts = set(), set()
    pos = neg = 0
    for i, item in enumerate(data):
        where = f"{rid}[{i}]"
        if not isinstance(item, dict):
            errors.append(f"{where}: not a mapping")
            continue
        if set(item) != KEYS:
            errors.append(f"{where}: keys {sorted(item)} != {sorted(KEYS)}")
        iid = item.get("id")
        if not isinstance(iid, str) or not iid:
            errors.append(f"{where}: bad id")
        elif iid in ids or (rid, iid) in seen_all:
            errors.append(f"{where}: duplicate id {iid}")
        ids.add(iid)
        seen_all.add((rid, iid))
        if item.get("format") not in FORMATS:
            errors.append(f"{where}: bad format {item.get('format')!r}")
        for k in ("style", "text", "note"):
            if not isinstance(item.get(k), str) or not item.get(k).strip():
                errors.append(f"{where}: empty or non-string {k}")
        t = (item.get("text") or "").strip()
        if t in texts:
            errors.append(f"{where}: duplicate text")
        texts.add(t)
        if len(t) > 700:
            errors.append(f"{where}: text too long ({len(t)} chars)")
        pr = item.get("present")
        if pr is True:
            pos += 1
        elif pr is False:
            neg += 1
        else:
            errors.append(f"{where}: present must be true/false")
    if pos != 18 or neg != 10:
        errors.append(f"{rid}: counts present={pos} near-miss={neg}, want 18/10")
    print(f"{rid}: {pos} present, {neg} near misses")
extra = [f for f in os.listdir(HERE) if f.endswith(".yaml") and f[:-5] not in IDS]
if extra:
    errors.append(f"unexpected yaml files: {extra}")
if errors:
    print("\n".join("ERROR " + e for e in errors))
    sys.exit(1)
print("OK")
