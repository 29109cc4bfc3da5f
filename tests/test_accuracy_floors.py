"""Regressions cannot land unseen: every labelled corpus beside the checkout is
scored in-process and each pack's macro-F1, violation precision and violation
recall must stay within 0.01 of the floor recorded in bench/accuracy-floors.yaml.

The probe sets written blind (bench/probes/NAME, ours, named `probes-NAME`) are
guarded the same way and need no ../shared. Raising a floor is a one-line change
in the commit that earns it. A corpus or pack without a floor line is skipped
with a note (a new pack's first line is enough to start guarding it). The
../shared corpora are skipped as a whole where ../shared is absent.

    python tests/test_accuracy_floors.py   # print today's figures as floor lines
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT.parent / "shared" / "corpus"
FLOORS_FILE = ROOT / "bench" / "accuracy-floors.yaml"
TOLERANCE = 0.01
METRICS = ("macro_f1", "violation_p", "violation_r")


def _floors() -> dict[str, float]:
    """`CORPUS/PACK/METRIC: floor`, one line each."""
    return yaml.safe_load(FLOORS_FILE.read_text(encoding="utf-8")) or {}


PROBES_DIR = ROOT / "bench" / "probes"


def _labels(corpus: str) -> Path:
    if corpus.startswith("probes-"):
        return PROBES_DIR / corpus.removeprefix("probes-") / "labels.yaml"
    return CORPUS_DIR / corpus / "labels.yaml"


def _shared_corpora() -> list[str]:
    if not CORPUS_DIR.is_dir():
        return []
    return sorted(p.parent.name for p in CORPUS_DIR.glob("*/labels.yaml"))


def _probe_sets() -> list[str]:
    return sorted("probes-" + p.parent.name for p in PROBES_DIR.glob("*/labels.yaml"))


def _corpora() -> list[str]:
    return _shared_corpora() + _probe_sets()


@cache
def _figures(corpus: str) -> dict[str, dict[str, float]]:
    """Per pack: macro-F1 over the requirements the corpus scores, and the
    missing-disclosure (violation) precision and recall."""
    from checker.evaluate import Counts, score_corpus
    from checker.packs import load_packs

    score = score_corpus(str(_labels(corpus)), load_packs())
    by_pack: dict[str, dict[str, Counts]] = {}
    for rule_id, counts in score.per_rule.items():
        by_pack.setdefault(rule_id.split(".")[0], {})[rule_id] = counts
    figures = {}
    for pack, per_rule in by_pack.items():
        total = Counts()
        for counts in per_rule.values():
            total.add(counts)
        figures[pack] = {
            "macro_f1": sum(c.f1 for c in per_rule.values()) / len(per_rule),
            "violation_p": total.missing_precision,
            "violation_r": total.missing_recall,
        }
    return figures


def _scored_packs(corpus: str) -> list[str]:
    """The packs whose requirements the corpus's labels score (c3pa scores only ccpa ids)."""
    labels = yaml.safe_load(_labels(corpus).read_text(encoding="utf-8")) or {}
    scored = {rule_id.split(".")[0] for rule_id in labels.get("requirements") or ()}
    return [pack for pack in ("gdpr", "coppa", "caloppa", "ccpa") if pack in scored]


def _cases(corpora: list[str]) -> list[tuple[str, str]]:
    return [(corpus, pack) for corpus in corpora for pack in _scored_packs(corpus)]


@pytest.mark.skipif(not CORPUS_DIR.is_dir(), reason=f"no labelled corpora at {CORPUS_DIR} (../shared is absent)")
@pytest.mark.parametrize(("corpus", "pack"), _cases(_shared_corpora()))
def test_pack_accuracy_stays_above_its_floor(corpus: str, pack: str) -> None:
    _check_floor(corpus, pack)


@pytest.mark.parametrize(("corpus", "pack"), _cases(_probe_sets()))
def test_pack_accuracy_on_the_blind_probe_sets_stays_above_its_floor(corpus: str, pack: str) -> None:
    _check_floor(corpus, pack)


def _check_floor(corpus: str, pack: str) -> None:
    floors = _floors()
    recorded = {m: floors.get(f"{corpus}/{pack}/{m}") for m in METRICS}
    if all(v is None for v in recorded.values()):
        pytest.skip(f"no floor recorded for {corpus}/{pack} in {FLOORS_FILE.name}: add its lines to guard it")
    figures = _figures(corpus).get(pack)
    if figures is None:
        pytest.fail(f"{corpus}/{pack} has floors but the corpus scores none of the pack's rules (pack not loaded?)")
    dropped = [
        f"{metric} {figures[metric]:.3f} < floor {floor:.3f} - {TOLERANCE}"
        for metric, floor in recorded.items()
        if floor is not None and figures[metric] < floor - TOLERANCE
    ]
    assert not dropped, f"{corpus}/{pack}: " + "; ".join(dropped)


if __name__ == "__main__":  # print today's figures, to record or raise floors
    sys.path.insert(0, str(ROOT))
    for corpus in _corpora():
        for pack, figures in sorted(_figures(corpus).items()):
            for metric in METRICS:
                print(f"{corpus}/{pack}/{metric}: {figures[metric]:.3f}")
