"""Every blind probe set under bench/probes is well formed (bench/probes/validate.py):
its labels quote what its policies say and name only the packs' rule ids."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("probe_validate", ROOT / "bench" / "probes" / "validate.py")
validate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(validate)
KNOWN = validate.rule_ids()


@pytest.mark.parametrize("folder", validate.all_sets(), ids=lambda folder: folder.name)
def test_probe_set_is_well_formed(folder: Path) -> None:
    assert validate.set_problems(folder, KNOWN) == []


def test_a_quote_the_policy_does_not_hold_and_an_unlabelled_policy_are_found(tmp_path: Path) -> None:
    folder = tmp_path / "round99z"
    shutil.copytree(ROOT / "bench" / "probes" / "round19a", folder)
    labels = (folder / "labels.yaml").read_text(encoding="utf-8")
    stem = next(path.stem for path in sorted((folder / "policies").iterdir()))
    policy = next((folder / "policies").glob(f"{stem}.*"))
    policy.write_text("Privacy notice.\n", encoding="utf-8")
    (folder / "policies" / "07-extra.md").write_text("Privacy notice.\n", encoding="utf-8")
    (folder / "labels.yaml").write_text(labels.replace("gdpr.purposes", "gdpr.purpose"), encoding="utf-8")
    problems = validate.set_problems(folder, KNOWN)
    assert any(f"{stem}: the evidence for" in problem for problem in problems)
    assert "07-extra.md is not labelled" in problems
    assert "unknown requirement id gdpr.purpose" in problems


def test_a_passage_with_a_missing_key_is_found(tmp_path: Path) -> None:
    folder = tmp_path / "rules99-z"
    folder.mkdir()
    (folder / "gdpr.retention.yaml").write_text(
        "- {id: rt-01, style: legal, format: text, text: We keep it two years., present: true, note: a period}\n"
        "- {id: rt-02, style: legal, format: pdf, text: We keep it., present: maybe, note: vague}\n"
        "- {id: rt-03, style: legal, text: Kept., present: false, note: no format}\n",
        encoding="utf-8",
    )
    assert validate.set_problems(folder, KNOWN) == [
        "gdpr.retention.yaml: rt-02: format or present",
        "gdpr.retention.yaml: rt-03: keys",
    ]
