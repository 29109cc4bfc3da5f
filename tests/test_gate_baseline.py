"""Baselines through the CLI: accept today's findings, fail only on new ones."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import DEMO_PACK, DEV_POLICIES, FIXTURES
from conftest import run_cli as run

GATE = FIXTURES / "gate"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    shutil.copy(GATE / "policy.md", tmp_path / "privacy.md")
    (tmp_path / "privacylint.yaml").write_text(
        f"packs: [{DEMO_PACK}]\nfail-on: info\nbaseline: baselines/privacylint.json\n"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def entries(path) -> list[dict]:
    return json.loads(path.read_text())["entries"]


def test_create_records_current_findings_by_content_not_line(repo):
    missing = run("check", "privacy.md")  # the configured baseline does not exist yet
    assert missing.exit_code == 2 and "privacylint baseline create" in missing.stderr
    created = run("baseline", "create", "privacy.md")
    assert created.exit_code == 0, created.output
    baseline = repo / "baselines" / "privacylint.json"
    recorded = entries(baseline)
    assert {e["rule"] for e in recorded} == {"demo.dpo", "demo.categories", "demo.no-sale", "demo.regex-id"}
    assert all(e["path"] == "../privacy.md" for e in recorded)  # relative to the baseline file
    assert all(set(e) == {"path", "rule", "fingerprint", "severity", "title"} for e in recorded)
    assert '"line"' not in baseline.read_text()


def test_check_with_baseline_fails_only_on_new_findings(repo):
    assert run("baseline", "create", "privacy.md").exit_code == 0
    clean = run("check", "privacy.md", "--format", "json")
    assert clean.exit_code == 0, clean.output
    dpo = next(r for r in json.loads(clean.stdout)["documents"][0]["results"] if r["rule"] == "demo.dpo")
    assert dpo["status"] == "fail"
    assert dpo["suppressed"]["kind"] == "baseline"
    # Text added above the findings moves every line: nothing comes back.
    policy = repo / "privacy.md"
    policy.write_text("# Privacy policy\n\nWelcome.\n\n" + policy.read_text().split("\n", 1)[1])
    assert run("check", "privacy.md").exit_code == 0
    # Removing the contact details is a new finding.
    policy.write_text(policy.read_text().replace("Email privacy@example.com.", ""))
    regressed = run("check", "privacy.md", "--format", "json")
    assert regressed.exit_code == 1
    contact = next(r for r in json.loads(regressed.stdout)["documents"][0]["results"] if r["rule"] == "demo.contact")
    assert "suppressed" not in contact


def test_stale_entries_are_reported_and_update_drops_them_and_adds_new(repo):
    assert run("baseline", "create", "privacy.md").exit_code == 0
    policy = repo / "privacy.md"
    fixed = policy.read_text() + "\nOur DPO is Jane Roe. We collect your name and email address.\n"
    policy.write_text(fixed.replace("Email privacy@example.com.", ""))
    checked = run("check", "privacy.md")
    assert checked.exit_code == 1  # demo.contact is new
    assert "demo.dpo in ../privacy.md no longer fails (stale" in checked.stderr
    assert "demo.categories in ../privacy.md no longer fails" in checked.stderr
    updated = run("baseline", "update", "privacy.md")
    assert updated.exit_code == 0, updated.output
    assert "2 stale entries dropped" in updated.stdout and "1 new finding" in updated.stdout
    baseline = repo / "baselines" / "privacylint.json"
    assert {e["rule"] for e in entries(baseline)} == {"demo.contact", "demo.no-sale", "demo.regex-id"}
    after = run("check", "privacy.md")
    assert after.exit_code == 0
    assert "stale" not in after.stderr


def test_update_keeps_entries_of_policies_not_checked_this_time(repo):
    shutil.copy(GATE / "policy.md", repo / "other.md")
    assert run("baseline", "create", "privacy.md", "other.md").exit_code == 0
    assert run("baseline", "update", "privacy.md").exit_code == 0
    paths = {e["path"] for e in entries(repo / "baselines" / "privacylint.json")}
    assert paths == {"../privacy.md", "../other.md"}


def test_create_refuses_to_overwrite_and_a_missing_baseline_is_a_usage_error(repo):
    assert run("baseline", "create", "privacy.md").exit_code == 0
    again = run("baseline", "create", "privacy.md")
    assert again.exit_code == 2 and "baseline update" in again.stderr
    assert run("baseline", "create", "privacy.md", "--force").exit_code == 0
    missing = run("check", "privacy.md", "--baseline", "nope.json")
    assert missing.exit_code == 2
    assert "nope.json: no such baseline file" in missing.stderr
    (repo / "broken.json").write_text("{not json")
    broken = run("check", "privacy.md", "--baseline", "broken.json")
    assert broken.exit_code == 2 and "broken.json:1: the baseline is not valid JSON" in broken.stderr


def test_baseline_of_the_dev_policies_with_built_in_packs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "baseline.json"
    assert run("baseline", "create", *DEV_POLICIES, "--baseline", target).exit_code == 0
    result = run("check", *DEV_POLICIES, "--baseline", target, "--fail-on", "info", "--format", "json")
    assert result.exit_code == 0, result.stderr
    failures = [r for d in json.loads(result.stdout)["documents"] for r in d["results"] if r["status"] == "fail"]
    assert failures and all(r["suppressed"]["kind"] == "baseline" for r in failures)
