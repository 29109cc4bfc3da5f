"""End to end on the five seed policies: every label of every loaded pack is right."""

from __future__ import annotations

import pytest
import yaml

from checker.evaluate import score_corpus
from checker.packs import load_packs

from conftest import FIXTURES, quotes_the_document

LABELS = FIXTURES / "dev" / "labels.yaml"
PACK_SET = load_packs()


def test_every_dev_label_is_right():
    score = score_corpus(str(LABELS), PACK_SET)
    assert score.policies == 5
    wrong = [f"{w.kind} {w.policy} {w.rule}: {w.evidence or w.status}" for w in score.wrong]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("policy", sorted(yaml.safe_load(LABELS.read_text())["policies"]))
def test_pass_evidence_quotes_the_policy(policy):
    from checker.engine import check_document
    from checker.reading import read_document

    entry = yaml.safe_load(LABELS.read_text())["policies"][policy]
    doc = read_document(str(LABELS.parent / entry["file"]))
    for r in check_document(doc, PACK_SET).results:
        assert (r.status == "pass") == bool(r.evidence), r.rule
        for e in r.evidence:
            assert quotes_the_document(doc.text[e.start : e.end], e.text)  # an ellipsis marks a cut
            assert len(e.text) <= 302
            assert 1 <= e.line <= doc.source_lines
