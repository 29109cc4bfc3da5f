#!/usr/bin/env python3
"""Schema check for the rules15-b probe passages. Exit 0 when every file is valid."""

import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
IDS = [
    "ccpa.sale-sharing",
    "ccpa.right-to-know",
    "ccpa.categories-disclosed",
    "ccpa.sources",
    "ccpa.contact",
    "coppa.parental-rights",
]
KEYS = {"id", "style", "format", "text", "present", "note"}
FORMATS = {"text", "markdown", "html"}
errors = []
seen_ids, seen_texts = {}, {}


def norm(t):
    return re.sub(r"\s+", " ", t).strip().lower()


for rid in IDS:
    path = os.path.join(HERE, rid + ".yaml")
    if not os.path.exists(path):
        errors.append(f"{rid}: missing file")
        continue
    with open(path, encoding="utf-8") as f:
        try:
            items = yaml.safe_load(f)
        except yaml.YAMLError as e:
            errors.append(f"{rid}: YAML error {e}")
            continue
    if not isinstance(items, list):
        errors.append(f"{rid}: top level is not a list")
        continue
    npos = nneg = 0
    prefixes = set()
    for i, it in enumerate(items):
        where = f"{rid}[{i}]"
        if not isinstance(it, dict):
            errors.append(f"{where}: not a mapping")
            continue
        keys = set(it)
        if keys != KEYS:
            errors.append(f"{where}: keys {sorted(keys)} != {sorted(KEYS)}")
        iid = it.get("id")
        if not isinstance(iid, str) or not re.fullmatch(r"[a-z]+-n?\d{2}", iid or ""):
            errors.append(f"{where}: bad id {iid!r}")
        else:
            where = f"{rid}:{iid}"
            prefixes.add(iid.split("-")[0])
            if iid in seen_ids:
                errors.append(f"{where}: duplicate id (also in {seen_ids[iid]})")
            seen_ids[iid] = rid
        for k in ("style", "note", "text"):
            if not isinstance(it.get(k), str) or not it.get(k, "").strip():
                errors.append(f"{where}: {k} must be a non-empty string")
        if it.get("format") not in FORMATS:
            errors.append(f"{where}: format {it.get('format')!r} not in {sorted(FORMATS)}")
        pres = it.get("present")
        if not isinstance(pres, bool):
            errors.append(f"{where}: present must be true/false")
        else:
            if pres:
                npos += 1
            else:
                nneg += 1
            if isinstance(iid, str) and ("-n" in iid) == pres:
                errors.append(f"{where}: id/present mismatch (near misses use -nNN)")
        text = it.get("text")
        if isinstance(text, str):
            if len(text) >= 700:
                errors.append(f"{where}: text has {len(text)} characters (limit < 700)")
            n = norm(text)
            if n in seen_texts:
                errors.append(f"{where}: duplicate text (also {seen_texts[n]})")
            seen_texts[n] = where
    if (npos, nneg) != (18, 10):
        errors.append(f"{rid}: {npos} present / {nneg} near misses, expected 18/10")
    if len(prefixes) != 1:
        errors.append(f"{rid}: id prefixes {sorted(prefixes)} (expected one)")

if errors:
    print("\n".join(errors))
    print(f"FAIL: {len(errors)} problem(s)")
    sys.exit(1)
print(f"OK: {len(IDS)} files, {len(seen_ids)} passages")
