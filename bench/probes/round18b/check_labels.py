#!/usr/bin/env python3
"""Check labels.yaml: ids known, evidence verbatim on one line, present<->evidence, word counts."""

import os
import pathlib
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = "/work/shared/spec/requirements.md"


def spec_ids():
    txt = pathlib.Path(SPEC).read_text(encoding="utf-8")
    return set(re.findall(r"^\| ((?:gdpr|ccpa|caloppa|coppa)\.[a-z0-9-]+) \|", txt, re.M))


def visible_words(path):
    txt = pathlib.Path(path).read_text(encoding="utf-8")
    if path.endswith(".md"):
        txt = re.sub(r"\A---\n.*?\n---\n", "", txt, flags=re.S)
        txt = re.sub(r"\A\+\+\+\n.*?\n\+\+\+\n", "", txt, flags=re.S)
    txt = re.sub(r"\{\{[<%].*?[%>]\}\}", " ", txt, flags=re.S)
    txt = re.sub(r"\{%.*?%\}", " ", txt, flags=re.S)
    txt = re.sub(r"\{\{.*?\}\}", " ", txt, flags=re.S)
    txt = re.sub(r"<%.*?%>", " ", txt, flags=re.S)
    txt = re.sub(r"<[^>]+>", " ", txt)
    txt = re.sub(r"&[a-z]+;", " ", txt)
    txt = re.sub(r"[#*|_`>-]+", " ", txt)
    return len(re.findall(r"[A-Za-z0-9][\w'.,/@:()-]*", txt))


def main():
    errs = []
    data = yaml.safe_load(pathlib.Path(HERE, "labels.yaml").read_text(encoding="utf-8"))
    known = spec_ids()
    reqs = data.get("requirements") or []
    for k in ("corpus", "source", "requirements", "policies"):
        if k not in data:
            errs.append(f"missing top-level key {k}")
    if len(set(reqs)) != len(reqs):
        errs.append("duplicate ids in requirements")
    for r in reqs:
        if r not in known:
            errs.append(f"unknown requirement id {r}")
    tot = pres = 0
    for stem, pol in data["policies"].items():
        f = os.path.join(HERE, pol["file"])
        if os.path.splitext(os.path.basename(f))[0] != stem:
            errs.append(f"{stem}: stem does not match file {pol['file']}")
        if not os.path.exists(f):
            errs.append(f"{stem}: missing file")
            continue
        lines = pathlib.Path(f).read_text(encoding="utf-8").split("\n")
        present = pol.get("present") or []
        ev = pol.get("evidence") or {}
        notes = pol.get("notes") or {}
        if len(set(present)) != len(present):
            errs.append(f"{stem}: duplicate present ids")
        for i in present:
            if i not in reqs:
                errs.append(f"{stem}: present id {i} not in requirements")
            if i not in ev:
                errs.append(f"{stem}: no evidence for {i}")
        for i, q in ev.items():
            if i not in present:
                errs.append(f"{stem}: evidence for non-present id {i}")
            if not isinstance(q, str) or "\n" in q or not q.strip():
                errs.append(f"{stem}: evidence for {i} not a single-line string")
            elif not any(q in ln for ln in lines):
                errs.append(f"{stem}: evidence for {i} not found verbatim on one line: {q[:70]!r}")
        for i in notes:
            if i not in reqs:
                errs.append(f"{stem}: note for unknown id {i}")
        wc = visible_words(f)
        if not 500 <= wc <= 1200:
            errs.append(f"{stem}: word count {wc} out of 500-1200")
        tot += len(reqs)
        pres += len(present)
        print(f"{stem:20s} words={wc:5d} present={len(present):2d} absent={len(reqs) - len(present):2d}")
    print(f"cells={tot} present={pres} absent={tot - pres}")
    for e in errs:
        print("ERROR:", e)
    sys.exit(1 if errs else 0)


if __name__ == "__main__":
    main()
