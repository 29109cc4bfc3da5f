#!/usr/bin/env python3
"""Check probes-round18c labels: verbatim one-line quotes, known ids,
evidence <-> present one-to-one, same id list everywhere, word counts 500-1200."""

import pathlib
import re
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
SPEC = pathlib.Path("/work/shared/spec/requirements.md")
errors = []


def err(msg):
    errors.append(msg)


spec_ids = set(re.findall(r"^\| ((?:gdpr|coppa|caloppa|ccpa)\.[a-z-]+) \|", SPEC.read_text(), re.M))
lab = yaml.safe_load((HERE / "labels.yaml").read_text())
for key in ("corpus", "source", "requirements", "policies"):
    if key not in lab:
        err(f"labels.yaml: missing top-level key {key}")
reqs = lab["requirements"]
if len(reqs) != len(set(reqs)):
    err("requirements: duplicate ids")
for i in reqs:
    if i not in spec_ids:
        err(f"requirements: unknown id {i}")
if not isinstance(lab["policies"], dict):
    err("policies must be a mapping keyed by file stem")


def words(text, suffix):
    # front matter (YAML --- or TOML +++) at the top
    text = re.sub(r"\A(---|\+\+\+)\n.*?\n\1\n", "", text, flags=re.S)
    # template tags
    for pat in (r"\{\{<.*?>\}\}", r"\{\{%.*?%\}\}", r"\{%.*?%\}", r"\{\{.*?\}\}", r"<%.*?%>"):
        text = re.sub(pat, " ", text, flags=re.S)
    if suffix == ".html":
        text = re.sub(r"<head>.*?</head>", " ", text, flags=re.S | re.I)
        text = re.sub(r"<[^>]+>", " ", text)
        text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    return [w for w in text.split() if re.search(r"[A-Za-z0-9À-ž]", w)]


files_seen = set()
for stem, pol in lab["policies"].items():
    path = HERE / pol["file"]
    if path.stem != stem:
        err(f"{stem}: key does not match file stem {path.stem}")
    if not path.exists():
        err(f"{stem}: missing file {path}")
        continue
    files_seen.add(path.name)
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    present = pol.get("present") or []
    evidence = pol.get("evidence") or {}
    notes = pol.get("notes") or {}
    if len(present) != len(set(present)):
        err(f"{stem}: duplicate present ids")
    for i in list(present) + list(evidence) + list(notes):
        if i not in reqs:
            err(f"{stem}: id {i} not in requirements")
    for i in present:
        if i not in evidence:
            err(f"{stem}: present id {i} has no evidence")
    for i, q in evidence.items():
        if i not in present:
            err(f"{stem}: evidence for {i} which is not present")
        if not isinstance(q, str) or not q.strip():
            err(f"{stem}: evidence for {i} is not a non-empty string")
            continue
        if "\n" in q:
            err(f"{stem}: evidence for {i} spans lines")
        if not any(q in ln for ln in lines):
            err(f"{stem}: evidence for {i} not found verbatim on one line: {q[:70]!r}")
    # every id is labelled: present or (implicitly) absent; report the split
    n = len(words(text, path.suffix))
    if not 500 <= n <= 1200:
        err(f"{stem}: {n} words, outside 500-1200")
    print(
        f"{stem:32s} words={n:5d} present={len(present):2d} absent={len(reqs) - len(present):2d} notes={len(notes):2d}"
    )

on_disk = {p.name for p in (HERE / "policies").iterdir()}
for extra in sorted(on_disk - files_seen):
    err(f"policies/{extra} is not labelled")

total = len(reqs) * len(lab["policies"])
pres = sum(len(p["present"]) for p in lab["policies"].values())
print(f"cells={total} present={pres} absent={total - pres}")
for e in errors:
    print("ERROR:", e)
sys.exit(1 if errors else 0)
