#!/usr/bin/env python3
"""Schema check for the probe passage files in this folder."""

import pathlib
import sys

import yaml

IDS = [
    "gdpr.statutory-contractual",
    "gdpr.data-source",
    "gdpr.right-objection",
    "caloppa.review-and-change",
    "caloppa.third-party-tracking",
    "coppa.operator-contact",
]
KEYS = {"id", "style", "format", "text", "present", "note"}
FORMATS = {"text", "markdown", "html"}
here = pathlib.Path(__file__).resolve().parent
errors = []
all_ids, all_texts = set(), {}
for rid in IDS:
    p = here / f"{rid}.yaml"
    if not p.exists():
        errors.append(f"{p.name}: missing")
        continue
    try:
        items = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        errors.append(f"{p.name}: YAML error {e}")
        continue
    if not isinstance(items, list):
        errors.append(f"{p.name}: not a list")
        continue
    npos = nneg = 0
    for i, it in enumerate(items):
        where = f"{p.name}[{i}]"
        if not isinstance(it, dict):
            errors.append(f"{where}: not a mapping")
            continue
        if set(it) != KEYS:
            errors.append(f"{where}: keys {sorted(it)} != {sorted(KEYS)}")
        iid = it.get("id")
        where = f"{p.name}:{iid}"
        if not isinstance(iid, str) or not iid:
            errors.append(f"{where}: bad id")
        elif iid in all_ids:
            errors.append(f"{where}: duplicate id")
        all_ids.add(iid)
        if it.get("format") not in FORMATS:
            errors.append(f"{where}: bad format {it.get('format')!r}")
        for k in ("style", "note"):
            if not isinstance(it.get(k), str) or not it.get(k).strip():
                errors.append(f"{where}: empty {k}")
        if isinstance(it.get("note"), str) and "\n" in it["note"].strip():
            errors.append(f"{where}: note is not one line")
        t = it.get("text")
        if not isinstance(t, str) or not t.strip():
            errors.append(f"{where}: empty text")
        else:
            if len(t) >= 700:
                errors.append(f"{where}: text {len(t)} chars (>= 700)")
            norm = " ".join(t.split()).lower()
            if norm in all_texts:
                errors.append(f"{where}: duplicate text of {all_texts[norm]}")
            all_texts[norm] = where
        pr = it.get("present")
        if pr is True:
            npos += 1
            if isinstance(iid, str) and "-n" in iid:
                errors.append(f"{where}: present item uses a near-miss id")
        elif pr is False:
            nneg += 1
            if isinstance(iid, str) and "-n" not in iid:
                errors.append(f"{where}: near miss id lacks -n")
        else:
            errors.append(f"{where}: present must be true/false")
    if (npos, nneg) != (18, 10):
        errors.append(f"{p.name}: {npos} present / {nneg} near misses (want 18/10)")
for e in errors:
    print(e)
print("OK" if not errors else f"{len(errors)} error(s)")
sys.exit(1 if errors else 0)
