"""Check that blind probe sets are well formed: the one validator for every set under bench/probes.

    python bench/probes/validate.py                    # every set; exit 1 and the problems if any
    python bench/probes/validate.py bench/probes/round19a bench/probes/passages/rules16-a

A policy set (`NAME/labels.yaml` + `NAME/policies/`) must label every policy file
for the same requirement ids, all of them rule ids of the built-in packs; each
present id carries exactly one evidence quote that appears verbatim in its policy
(white space aside), and no absent id does. A per-rule passage set (`passages/NAME/<rule
id>.yaml`) holds passages with unique ids, a known format and a yes/no `present`.

Each writer also left a `check_labels.py` or `check.py` in their folder: those are
their own checks as they wrote the set, kept as its provenance. This one is what the
test suite runs on every set (tests/test_probe_sets.py), so a label edited later
cannot quote text the policy no longer holds.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from checker.packs import load_packs  # noqa: E402

PROBES = ROOT / "bench" / "probes"
PASSAGES = PROBES / "passages"
PASSAGE_KEYS = {"id", "style", "format", "text", "present", "note"}
PASSAGE_FORMATS = {"text", "markdown", "html"}


def rule_ids() -> set[str]:
    """Every rule id of the built-in packs (the requirement ids of the spec)."""
    return {rule.id for rule in load_packs().rules}


def _texts(path: Path) -> tuple[str, ...]:
    """The policy's source with white space collapsed and, for HTML, also its words without
    the markup: a quote may copy the source's markup or run across an inline element."""
    source = path.read_text(encoding="utf-8")
    texts = [source]
    if path.suffix in (".html", ".htm"):
        texts.append(html.unescape(re.sub(r"<[^>]*>", "", source)))
    return tuple(" ".join(text.split()) for text in texts)


def policy_set_problems(folder: Path, known: set[str]) -> list[str]:
    """What is wrong with a policy set's labels, one line each ([] when none)."""
    labels = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))
    problems = []
    requirements = labels.get("requirements") or []
    problems += [f"unknown requirement id {rid}" for rid in requirements if rid not in known]
    if len(set(requirements)) != len(requirements):
        problems.append("a requirement id is listed twice")
    labelled = set()
    for stem, policy in (labels.get("policies") or {}).items():
        path = folder / policy["file"]
        labelled.add(path.name)
        if not path.is_file():
            problems.append(f"{stem}: {policy['file']} does not exist")
            continue
        texts = _texts(path)
        present = policy.get("present") or []
        evidence = policy.get("evidence") or {}
        problems += [f"{stem}: present id {rid} is not a requirement" for rid in present if rid not in requirements]
        problems += [f"{stem}: {rid} is present without evidence" for rid in present if rid not in evidence]
        problems += [f"{stem}: evidence for {rid}, which is absent" for rid in evidence if rid not in present]
        for rid, quote in evidence.items():
            if not isinstance(quote, str) or not any(" ".join(quote.split()) in text for text in texts):
                problems.append(f"{stem}: the evidence for {rid} is not in {path.name}: {quote!r:.80}")
        notes = policy.get("notes")
        for rid in notes if isinstance(notes, dict) else ():  # a note may also be one sentence
            if rid not in requirements:
                problems.append(f"{stem}: a note for {rid}, which is not a requirement")
    unlabelled = sorted(p.name for p in (folder / "policies").iterdir() if p.is_file() and p.name not in labelled)
    problems += [f"{name} is not labelled" for name in unlabelled]
    return problems


def passage_set_problems(folder: Path, known: set[str]) -> list[str]:
    """What is wrong with a per-rule passage set, one line each ([] when none)."""
    problems = []
    for path in sorted(folder.glob("*.yaml")):
        if path.stem not in known:
            problems.append(f"{path.name}: {path.stem} is not a rule id")
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(items, list) or not items:
            problems.append(f"{path.name}: not a list of passages")
            continue
        ids = [item.get("id") for item in items if isinstance(item, dict)]
        if len(set(ids)) != len(items):
            problems.append(f"{path.name}: passage ids are missing or repeated")
        for item in items:
            if not isinstance(item, dict):
                problems.append(f"{path.name}: {item!r:.40} is not a passage")
            elif set(item) != PASSAGE_KEYS:
                problems.append(f"{path.name}: {item.get('id')}: keys")
            elif item["format"] not in PASSAGE_FORMATS or not isinstance(item["present"], bool):
                problems.append(f"{path.name}: {item['id']}: format or present")
            elif not str(item["text"]).strip():
                problems.append(f"{path.name}: {item['id']}: no text")
    return problems


def all_sets() -> list[Path]:
    return sorted(p.parent for p in PROBES.glob("*/labels.yaml")) + sorted(p for p in PASSAGES.iterdir() if p.is_dir())


def set_problems(folder: Path, known: set[str]) -> list[str]:
    try:
        if (folder / "labels.yaml").is_file():
            return policy_set_problems(folder, known)
        return passage_set_problems(folder, known)
    except yaml.YAMLError as error:
        # a writer's quoting slip: name the file and line, not a traceback
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        return [f"not valid YAML{where}: {getattr(error, 'problem', None) or error}"]


def main(argv: list[str]) -> int:
    known = rule_ids()
    folders = [Path(arg).resolve() for arg in argv] or all_sets()
    failed = 0
    for folder in folders:
        problems = set_problems(folder, known)
        failed += bool(problems)
        # a writer checks a new set where they wrote it, outside the checkout
        shown = folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder
        for problem in problems:
            print(f"{shown}: {problem}")
    print(f"{len(folders) - failed} of {len(folders)} probe sets well formed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
