"""Dump first quotes for a blind judgement of the evidence.

For policies of the research corpora (gdpr-t200, goppc150, opp115, c3pa) that are
not in the gold sets, picks N passing results at random (seeded) and writes one JSON
line each: {policy, rule, requirement (the spec's "present when" text), quote}.
Judges rate each quote against requirements.md without seeing the rules. Pairs of
policy and rule judged before (`--exclude` earlier samples, JSON lines with `policy`
and `rule`; bench/evidence-judged-pairs.jsonl keeps every judged pair and its verdict
since the tenth round) are left out, so that a sample is fresh.

    python bench/evidence_sample.py [--n 200] [--seed 16] [--out /work/probes/quotes-to-judge.jsonl]
        [--exclude bench/evidence-judged-pairs.jsonl ...]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.engine import check_document  # noqa: E402
from checker.errors import InputError  # noqa: E402
from checker.packs import load_packs  # noqa: E402
from checker.reading import read_document  # noqa: E402

SHARED = ROOT.parent / "shared"
RESEARCH = ("gdpr-t200", "goppc150", "opp115", "c3pa")
GOLD = ("gold-dev", "c3pa-gold-dev")


def spec_requirements(spec: Path) -> dict[str, str]:
    """Requirement id -> its "present when the policy ..." text, from the spec's tables."""
    found = {}
    for line in spec.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\|\s*((?:gdpr|coppa|caloppa|ccpa)\.[a-z0-9-]+)\s*\|[^|]*\|\s*(.+?)\s*\|\s*$", line)
        if m:
            found[m.group(1)] = m.group(2)
    return found


def gold_files() -> set[str]:
    """The texts in the gold sets, by file name, so the sample leaves them out."""
    names = set()
    for corpus in GOLD:
        labels = yaml.safe_load((SHARED / "corpus" / corpus / "labels.yaml").read_text(encoding="utf-8"))
        names |= {Path(entry["file"]).name for entry in labels["policies"].values()}
    return names


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--out", default="/work/probes/quotes-to-judge.jsonl")
    parser.add_argument(
        "--exclude", nargs="*", default=[], help="earlier samples (JSON lines) whose pairs to leave out"
    )
    args = parser.parse_args()
    judged = set()
    for earlier in args.exclude:
        for line in Path(earlier).read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                judged.add((item["policy"], item["rule"]))

    requirements = spec_requirements(SHARED / "spec" / "requirements.md")
    excluded = gold_files()
    pack_set = load_packs()
    candidates = []
    for corpus in RESEARCH:
        labels_file = SHARED / "corpus" / corpus / "labels.yaml"
        if not labels_file.exists():
            continue
        labels = yaml.safe_load(labels_file.read_text(encoding="utf-8"))
        for policy_id, entry in labels["policies"].items():
            if Path(entry["file"]).name in excluded:
                continue
            try:
                doc = read_document(str(labels_file.parent / entry["file"]))
            except InputError:
                continue
            for result in check_document(doc, pack_set).results:
                pair = (f"{corpus}/{policy_id}", result.rule)
                if result.status == "pass" and result.evidence and result.rule in requirements and pair not in judged:
                    candidates.append(
                        {
                            "policy": pair[0],
                            "rule": result.rule,
                            "requirement": requirements[result.rule],
                            "quote": result.evidence[0].text,
                        }
                    )
    sample = random.Random(args.seed).sample(candidates, min(args.n, len(candidates)))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for item in sample:
            f.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"{len(sample)} quotes of {len(candidates)} passes written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
