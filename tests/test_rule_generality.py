"""Rules generalise: a phrase entry of a built-in pack that matches exactly one
development policy was likely lifted from it. Such an entry must carry a reason
(`reasons: {PHRASE: why}` beside its `phrases`, e.g. a statutory term or a
standard legal phrase) or be removed. Entries that predate this check are
listed in bench/single-policy-phrases.txt for review: the list may only shrink.

    python tests/test_rule_generality.py   # list today's single-policy entries
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT.parent / "shared" / "corpus"
DEVELOPMENT = ("dev", "gold-dev", "modern-dev")  # the corpora the packs were tuned on
UNDER_REVIEW = ROOT / "bench" / "single-policy-phrases.txt"


def _pack_nodes() -> Iterator[tuple[str, dict]]:
    """(pack file, mapping) for every mapping in the built-in packs' definitions, conditions
    and rules, examples left out: each matcher with its `phrases` and `reasons`."""

    def walk(node: object) -> Iterator[dict]:
        if isinstance(node, dict):
            yield node
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    for file in sorted((ROOT / "rules").glob("*/*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        data = {k: v for k, v in data.items() if k != "rules"} | {
            "rules": [_without_examples(r) for r in data.get("rules") or []]
        }
        for node in walk(data):
            yield str(file.relative_to(ROOT)), node


def _phrase_entries() -> list[tuple[str, str, str]]:
    """(pack file, phrase, reason or "") for every phrase entry of the built-in packs."""
    found = []
    for source, node in _pack_nodes():
        reasons = node.get("reasons") or {}
        phrases = node.get("phrases")
        if isinstance(phrases, list):
            found.extend((source, p, reasons.get(p, "")) for p in phrases if isinstance(p, str))
    return found


def _without_examples(rule: dict) -> dict:
    return {k: v for k, v in rule.items() if k != "examples"}


@cache
def single_policy_entries() -> list[tuple[str, str, str, str]]:
    """(pack file, phrase, reason, the one policy) for entries matching exactly one development policy."""
    from checker.phrases import PhraseIndex, parse_phrase
    from checker.reading import read_document
    from checker.tokens import tokenize

    entries = _phrase_entries()
    index = PhraseIndex()
    groups = [index.add_group([index.add(p) for p in parse_phrase(phrase)]) for _, phrase, _ in entries]
    policies: dict[int, set[str]] = defaultdict(set)
    for corpus in DEVELOPMENT:
        labels = yaml.safe_load((CORPUS_DIR / corpus / "labels.yaml").read_text(encoding="utf-8"))
        for policy_id, entry in labels["policies"].items():
            doc = read_document(str(CORPUS_DIR / corpus / entry["file"]))
            hits = index.find_all(tokenize(doc))
            for i, group in enumerate(groups):
                if hits[group]:
                    policies[i].add(f"{corpus}/{policy_id}")
    return [
        (source, phrase, reason, next(iter(policies[i])))
        for i, (source, phrase, reason) in enumerate(entries)
        if len(policies[i]) == 1
    ]


def _under_review() -> set[str]:
    if not UNDER_REVIEW.exists():
        return set()
    return {
        line.strip()
        for line in UNDER_REVIEW.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }


@pytest.mark.skipif(not CORPUS_DIR.is_dir(), reason=f"no development corpora at {CORPUS_DIR} (../shared is absent)")
def test_no_new_single_policy_phrase_without_a_reason() -> None:
    listed = _under_review()
    unexplained = [
        f"{source}: {phrase!r} matches only {policy}"
        for source, phrase, reason, policy in single_policy_entries()
        if not reason and phrase.strip() not in listed
    ]
    assert not unexplained, (
        "phrase entries that match exactly one development policy; give each a reason "
        "(`reasons:` beside `phrases`) or write it generally:\n" + "\n".join(unexplained)
    )


def test_every_reason_belongs_to_a_phrase_beside_it() -> None:
    # a reason moved away from its phrase list excuses nothing and leaves the phrase unexplained
    stray = [
        f"{source}: {key!r}"
        for source, node in _pack_nodes()
        for key in node.get("reasons") or {}
        if key not in set(node.get("phrases") or [])
    ]
    assert not stray, "reasons for phrases that are not in the `phrases` beside them:\n" + "\n".join(stray)


# Companies and products drafters name most often. A rule names what such a party does
# ("analytics providers", "a sign-in provider"), never who it is (issue #16).
BRANDS = (
    "google|facebook|meta|apple|amazon|microsoft|twitter|linkedin|instagram|tiktok|snapchat|pinterest|youtube|"
    "doubleclick|adobe|stripe|paypal|shopify|firebase|admob|mixpanel|hotjar|criteo|quantcast|nielsen|comscore|"
    "appsflyer|mailchimp|sendgrid|zendesk|hubspot|salesforce|cloudflare|segment|amplitude|crashlytics|medianews"
)


def test_no_phrase_entry_names_a_company_or_product() -> None:
    import re

    brand = re.compile(rf"\b({BRANDS})\b")
    named = [f"{source}: {phrase!r}" for source, phrase, _ in _phrase_entries() if brand.search(phrase.lower())]
    assert not named, "phrase entries naming a company or product:\n" + "\n".join(named)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    for source, phrase, reason, policy in single_policy_entries():
        print(f"{source}\t{phrase}\t{policy}\t{reason}")
