"""How each rule does on short passages written blind for it: the per-rule probe sets.

    python bench/rule_probes.py                      # every set under bench/probes/passages
    python bench/rule_probes.py bench/probes/passages/rules11-a --misses

A per-rule set is a folder of `<rule id>.yaml` files, each a list of passages that a
writer who had not read the rule wrote from the requirement alone: 18 that make the
disclosure in as many drafting styles as they could think of, 10 near misses (see the
folder's README). Each passage is checked alone, as a short policy of its own `format`,
with the built-in packs; a rule *recognises* a passage when it passes it and *lets
through* a near miss when it passes that.

Disclosures written in another language (a writer asked for "drafting translated from
German" sometimes wrote German) are counted apart as well: the English rules cannot read
them, and the policy-level reader warns about such a document instead.

The first run on a new set, before any rule is changed because of it, is the honest
figure; after rules are fixed from its misses it is a floor, like every probe set.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.engine import check_document  # noqa: E402
from checker.language import foreign_language  # noqa: E402
from checker.packs import load_packs  # noqa: E402
from checker.reading import read_document  # noqa: E402

PASSAGES = ROOT / "bench" / "probes" / "passages"
SUFFIXES = {"text": ".txt", "markdown": ".md", "html": ".html"}


@dataclass
class RuleScore:
    rule: str
    recognised: int = 0
    disclosures: int = 0
    let_through: int = 0
    near_misses: int = 0
    foreign: int = 0  # disclosures written in another language, which the English rules cannot read
    foreign_recognised: int = 0
    wrong: list[str] = field(default_factory=list)


def score_set(folder: Path, packs: list, scratch: Path) -> list[RuleScore]:
    """One score per rule file of a per-rule set."""
    scores = []
    for path in sorted(folder.glob("*.yaml")):
        score = RuleScore(rule=path.stem)
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            passage = scratch / f"passage{SUFFIXES[item.get('format', 'text')]}"
            passage.write_text(item["text"], encoding="utf-8")
            doc = read_document(str(passage))
            results = {r.rule: r for r in check_document(doc, packs).results}
            passed = score.rule in results and results[score.rule].status == "pass"
            language = foreign_language(doc.text, fewest_words=8)
            if item["present"]:
                score.disclosures += 1
                score.recognised += passed
                if language:
                    score.foreign += 1
                    score.foreign_recognised += passed
            else:
                score.near_misses += 1
                score.let_through += passed
            if passed != bool(item["present"]):
                kind = "missed" if item["present"] else "let through"
                text = " ".join(item["text"].split())[:200]
                written = f" [{language}]" if language else ""
                score.wrong.append(f"{kind} {item['id']} ({item.get('style', '')}){written}: {text}")
        scores.append(score)
    return scores


def _english(score: RuleScore) -> str:
    """The disclosures written in English alone, when a writer also wrote some in another
    language (privacylint reads English; those passages measure nothing it claims to do)."""
    if not score.foreign:
        return ""
    recognised = score.recognised - score.foreign_recognised
    return f"  (in English: recognised {recognised}/{score.disclosures - score.foreign})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "sets", nargs="*", type=Path, help="per-rule set folders (default: every one under bench/probes/passages)"
    )
    parser.add_argument("--misses", action="store_true", help="list every passage a rule gets wrong")
    args = parser.parse_args(argv)
    folders = args.sets or sorted(p for p in PASSAGES.iterdir() if p.is_dir())
    packs = load_packs()
    total = RuleScore(rule="all")
    with tempfile.TemporaryDirectory() as scratch:
        for folder in folders:
            print(f"== {folder.name}")
            for score in score_set(folder, packs, Path(scratch)):
                print(
                    f"{score.rule:34} recognised {score.recognised:2}/{score.disclosures}"
                    f"  near misses let through {score.let_through:2}/{score.near_misses}{_english(score)}"
                )
                if args.misses:
                    for line in score.wrong:
                        print(f"    {line}")
                total.recognised += score.recognised
                total.disclosures += score.disclosures
                total.let_through += score.let_through
                total.near_misses += score.near_misses
                total.foreign += score.foreign
                total.foreign_recognised += score.foreign_recognised
    print(
        f"all: recognised {total.recognised}/{total.disclosures}"
        f"  near misses let through {total.let_through}/{total.near_misses}{_english(total)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
