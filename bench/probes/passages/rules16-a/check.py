#!/usr/bin/env python3
"""Schema check for the probe passage files in this folder.

Checks per file: a YAML list of 28 items, each with exactly the keys
id/style/format/text/present/note; ids unique (across all files); format in
text|markdown|html; text non-empty and under 700 characters; no duplicate texts
(across all files); present is a boolean; 18 present and 10 near misses;
near-miss ids contain "-n"; the six expected files exist.
Exits 0 when everything passes, 1 otherwise.
"""

import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED = [
    "gdpr.right-objection",
    "gdpr.right-erasure",
    "gdpr.controller-identity",
    "gdpr.dpo-contact",
    "gdpr.legitimate-interests",
    "gdpr.retention",
]
KEYS = {"id", "style", "format", "text", "present", "note"}
FORMATS = {"text", "markdown", "html"}


def main() -> int:
    errors = []
    seen_ids = {}
    seen_texts = {}
    for req in EXPECTED:
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
                errors.append(f"{where}: keys {sorted(keys)} != {sorted(KEYS)}")
            iid = item.get("id")
            where = f"{req}:{iid}"
            if not isinstance(iid, str) or not iid:
                errors.append(f"{where}: bad id")
            elif iid in seen_ids:
                errors.append(f"{where}: duplicate id (also in {seen_ids[iid]})")
            else:
                seen_ids[iid] = req
            for k in ("style", "note"):
                v = item.get(k)
                if not isinstance(v, str) or not v.strip():
                    errors.append(f"{where}: {k} must be a non-empty string")
                elif k == "note" and "\n" in v.strip():
                    errors.append(f"{where}: note must be one line")
            if item.get("format") not in FORMATS:
                errors.append(f"{where}: format {item.get('format')!r} not in {sorted(FORMATS)}")
            text = item.get("text")
            if not isinstance(text, str) or not text.strip():
                errors.append(f"{where}: empty text")
            else:
                if len(text) >= 700:
                    errors.append(f"{where}: text is {len(text)} characters (must be < 700)")
                norm = " ".join(text.split()).lower()
                if norm in seen_texts:
                    errors.append(f"{where}: duplicate text (also {seen_texts[norm]})")
                else:
                    seen_texts[norm] = where
            present = item.get("present")
            if present is True:
                n_true += 1
                if isinstance(iid, str) and "-n" in iid:
                    errors.append(f"{where}: present passage has a near-miss id")
            elif present is False:
                n_false += 1
                if isinstance(iid, str) and "-n" not in iid:
                    errors.append(f"{where}: near miss id should contain '-n'")
            else:
                errors.append(f"{where}: present must be true or false")
        if (n_true, n_false) != (18, 10):
            errors.append(f"{req}: {n_true} present / {n_false} near misses (need 18/10)")
        else:
            print(f"ok  {req}: 18 present, 10 near misses")
    for e in errors:
        print("ERROR", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
