"""Measure rule accuracy against labelled policies (`privacylint eval`).

A labels file lists, per policy, its file and the requirement ids present in
it; `requirements` names the ids the labels speak for (only those are scored).
A requirement counts as detected when its result is `pass`. Besides
precision/recall/F1 of detection, the report gives the *missing-disclosure*
view a compliance reviewer takes: a finding is a requirement reported as not
passing, and it is right when the disclosure is really absent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import yaml

from checker.engine import check_document
from checker.errors import InputError, UsageError
from checker.model import PackSet
from checker.reading import read_document


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.tn += other.tn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else (1.0 if not self.fp else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    # Missing disclosures as the positive class.
    @property
    def missing_precision(self) -> float:
        return self.tn / (self.tn + self.fn) if self.tn + self.fn else 1.0

    @property
    def missing_recall(self) -> float:
        return self.tn / (self.tn + self.fp) if self.tn + self.fp else 1.0


@dataclass(frozen=True, slots=True)
class WrongCall:
    corpus: str
    policy: str
    rule: str
    kind: str  # "FP": passed but absent; "FN": not passed but present
    status: str
    evidence: str
    line: int
    expected: str = ""  # the labels' quote for a present requirement, when they give one


@dataclass
class CorpusScore:
    name: str
    labels: str
    policies: int
    ids: list[str]
    per_rule: dict[str, Counts] = field(default_factory=dict)
    wrong: list[WrongCall] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    # Passes on present requirements whose labels give a quote, and how many of them
    # quote (first) something overlapping it.
    evidence_compared: int = 0
    evidence_agreed: int = 0

    def evidence_agreement(self) -> float | None:
        return self.evidence_agreed / self.evidence_compared if self.evidence_compared else None

    def total(self) -> Counts:
        total = Counts()
        for counts in self.per_rule.values():
            total.add(counts)
        return total

    def macro_f1(self) -> float:
        return sum(c.f1 for c in self.per_rule.values()) / len(self.per_rule) if self.per_rule else 0.0


def _load_labels(path: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read labels ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else path
        raise UsageError(f"{where}: invalid YAML in labels file") from None
    if not isinstance(data, dict) or not isinstance(data.get("policies"), dict):
        raise UsageError(f"{path}: a labels file needs a `policies` mapping (id: {{file, present}})")
    return data


def score_corpus(labels_path: str, pack_set: PackSet, settings: Mapping[str, str] | None = None) -> CorpusScore:
    data = _load_labels(labels_path)
    base = Path(labels_path).parent
    known = [r.id for r in pack_set.rules]
    declared = data.get("requirements")
    ids = [i for i in known if i in set(declared)] if declared else known
    name = data.get("corpus") or base.name
    score = CorpusScore(name, labels_path, len(data["policies"]), ids, {i: Counts() for i in ids})
    for policy_id, entry in data["policies"].items():
        file = base / entry["file"]
        present = set(entry.get("present") or [])
        gold_quotes = entry.get("evidence") or {}
        try:
            doc = read_document(str(file))
        except InputError as exc:
            score.unreadable.append(f"{policy_id}: {exc.problem}")
            results = {}
        else:
            results = {r.rule: r for r in check_document(doc, pack_set, settings).results}
        for rule_id in ids:
            result = results.get(rule_id)
            detected = result is not None and result.status == "pass"
            counts = score.per_rule[rule_id]
            if detected and rule_id in present:
                counts.tp += 1
            elif detected:
                counts.fp += 1
            elif rule_id in present:
                counts.fn += 1
            else:
                counts.tn += 1
            gold = str(gold_quotes.get(rule_id, ""))
            if detected and rule_id in present and gold and not gold.startswith(("not counted", "counted:")):
                score.evidence_compared += 1
                score.evidence_agreed += quotes_overlap(result.evidence[0].text if result.evidence else "", gold)
            if detected != (rule_id in present):
                evidence = result.evidence[0] if result and result.evidence else None
                score.wrong.append(
                    WrongCall(
                        name,
                        policy_id,
                        rule_id,
                        "FP" if detected else "FN",
                        result.status if result else "missing",
                        evidence.text if evidence else "",
                        evidence.line if evidence else 0,
                        str(gold_quotes.get(rule_id, "")),
                    )
                )
    return score


_WORDS = re.compile(r"[^\w]+")


def _normalised(text: str) -> str:
    return " ".join(_WORDS.sub(" ", text.lower()).split())


def quotes_overlap(quote: str, labelled: str, minimum: int = 30) -> bool:
    """Whether a quote shares a stretch of text with the labelled quote: one holds the
    other, or they share a run of at least `minimum` characters (fewer when one is short),
    ignoring case, punctuation and markup."""
    a, b = _normalised(quote), _normalised(labelled)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size >= min(minimum, len(a), len(b))


def evaluate(labels: Sequence[str], pack_set: PackSet, settings: Mapping[str, str] | None = None) -> list[CorpusScore]:
    return [score_corpus(path, pack_set, settings) for path in labels]


def overall(scores: Sequence[CorpusScore]) -> tuple[dict[str, Counts], Counts]:
    """Per requirement counts pooled over the corpora that score it, and the grand total."""
    pooled: dict[str, Counts] = {}
    for score in scores:
        for rule_id, counts in score.per_rule.items():
            pooled.setdefault(rule_id, Counts()).add(counts)
    total = Counts()
    for counts in pooled.values():
        total.add(counts)
    return pooled, total


def _figures(per_rule: Mapping[str, Counts], total: Counts) -> dict[str, float]:
    macro = sum(c.f1 for c in per_rule.values()) / len(per_rule) if per_rule else 0.0
    return {
        "macro_f1": round(macro, 4),
        "micro_precision": round(total.precision, 4),
        "micro_recall": round(total.recall, 4),
        "micro_f1": round(total.f1, 4),
        "missing_precision": round(total.missing_precision, 4),
        "missing_recall": round(total.missing_recall, 4),
    }


def _rows(per_rule: Mapping[str, Counts]) -> list[dict[str, Any]]:
    return [
        {
            "rule": rule_id,
            "tp": c.tp,
            "fp": c.fp,
            "fn": c.fn,
            "tn": c.tn,
            "precision": round(c.precision, 4),
            "recall": round(c.recall, 4),
            "f1": round(c.f1, 4),
        }
        for rule_id, c in per_rule.items()
    ]


def as_dict(scores: Sequence[CorpusScore], show_errors: bool = False) -> dict[str, Any]:
    pooled, total = overall(scores)
    corpora = []
    for s in scores:
        entry: dict[str, Any] = {
            "corpus": s.name,
            "labels": s.labels,
            "policies": s.policies,
            "requirements": _rows(s.per_rule),
            **_figures(s.per_rule, s.total()),
        }
        if s.unreadable:
            entry["unreadable"] = s.unreadable
        if s.evidence_compared:
            entry["evidence_agreement"] = round(s.evidence_agreement() or 0.0, 4)
            entry["evidence_compared"] = s.evidence_compared
        if show_errors:
            entry["errors"] = [vars_of(w) for w in s.wrong]
        corpora.append(entry)
    return {"corpora": corpora, "overall": {"requirements": _rows(pooled), **_figures(pooled, total)}}


def vars_of(w: WrongCall) -> dict[str, Any]:
    return {f: getattr(w, f) for f in WrongCall.__slots__}


def render_text(scores: Sequence[CorpusScore], show_errors: bool = False) -> str:
    lines: list[str] = []

    def table(per_rule: Mapping[str, Counts]) -> None:
        lines.append(f"{'requirement':34} {'tp':>4} {'fp':>4} {'fn':>4} {'tn':>4}  {'P':>5} {'R':>5} {'F1':>5}")
        for rule_id, c in per_rule.items():
            lines.append(
                f"{rule_id:34} {c.tp:4} {c.fp:4} {c.fn:4} {c.tn:4}  {c.precision:5.2f} {c.recall:5.2f} {c.f1:5.2f}"
            )

    def summary(label: str, per_rule: Mapping[str, Counts], total: Counts) -> None:
        f = _figures(per_rule, total)
        lines.append(
            f"{label}: macro-F1 {f['macro_f1']:.3f}  micro P {f['micro_precision']:.3f} R {f['micro_recall']:.3f} "
            f"F1 {f['micro_f1']:.3f}  missing-disclosure P {f['missing_precision']:.3f} R {f['missing_recall']:.3f}"
        )

    for s in scores:
        lines.append(f"== {s.name} ({s.labels}: {s.policies} policies, {len(s.ids)} requirements)")
        table(s.per_rule)
        for problem in s.unreadable:
            lines.append(f"unreadable: {problem}")
        if show_errors:
            for w in s.wrong:
                said = f'line {w.line}: "{w.evidence}"' if w.evidence else f"no evidence ({w.status})"
                lines.append(f"  {w.kind} {w.policy} {w.rule}: {said}")
                if w.expected:
                    lines.append(f'       labelled from: "{w.expected}"')
        summary(s.name, s.per_rule, s.total())
        if s.evidence_compared:
            lines.append(
                f"{s.name}: evidence agreement {s.evidence_agreement():.3f} "
                f"({s.evidence_agreed} of {s.evidence_compared} passes quote first what the labels quote)"
            )
        lines.append("")
    if len(scores) > 1:
        pooled, total = overall(scores)
        lines.append("== overall (each requirement pooled over the corpora that score it)")
        table(pooled)
        summary("overall", pooled, total)
    return "\n".join(lines).rstrip() + "\n"
