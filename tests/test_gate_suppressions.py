"""Suppressions with reasons, inline and central, as the gate applies them."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from conftest import DEMO_PACK, FIXTURES
from conftest import run_cli as run

GATE = FIXTURES / "gate"


def report_of(result) -> dict:
    return json.loads(result.stdout)


def rule(report: dict, rule_id: str, document: int = 0) -> dict:
    return next(r for r in report["documents"][document]["results"] if r["rule"] == rule_id)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- inline ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["policy.html", "policy.txt"])
def test_inline_directive_marks_the_failure_suppressed_with_its_reason(name):
    result = run("check", "--pack", DEMO_PACK, GATE / name, "--format", "json", "--fail-on", "warning")
    assert result.exit_code == 0, result.output  # demo.dpo (warning) is accepted, nothing else fails at warning
    dpo = rule(report_of(result), "demo.dpo")
    assert dpo["status"] == "fail"  # kept in the report…
    assert dpo["suppressed"]["kind"] == "inline"  # …marked, with why and where
    assert dpo["suppressed"]["reason"].startswith(("Sole trader", "We are a sole trader"))
    assert dpo["suppressed"]["source"] == f"{os.path.relpath(GATE / name)}:5"  # reports show relative paths


def test_html_directive_names_several_rules():
    report = report_of(run("check", "--pack", DEMO_PACK, GATE / "policy.html", "--format", "json"))
    assert rule(report, "demo.categories")["suppressed"]["source"].endswith("policy.html:5")


def test_text_directive_line_is_not_read_as_policy_text(tmp_path):
    policy = tmp_path / "policy.txt"
    policy.write_text("PRIVACY\n\n# privacylint-disable demo.erasure: you may delete your personal data\n")
    report = report_of(run("check", "--pack", DEMO_PACK, policy, "--format", "json"))
    # Were the directive read as text, "delete your personal data" would make demo.erasure pass.
    erasure = rule(report, "demo.erasure")
    assert erasure["status"] == "fail"
    assert erasure["suppressed"]["reason"] == "you may delete your personal data"


def test_markdown_directive_in_a_comment(tmp_path):
    policy = tmp_path / "privacy.md"
    policy.write_text(
        (GATE / "policy.md").read_text()
        + "\n<!--\n  privacylint-disable demo.dpo, demo.categories:\n  small shop, reviewed by counsel\n-->\n"
    )
    result = run("check", "--pack", DEMO_PACK, policy, "--format", "json", "--fail-on", "warning")
    assert result.exit_code == 0, result.output
    report = report_of(result)
    assert rule(report, "demo.dpo")["suppressed"]["reason"] == "small shop, reviewed by counsel"
    assert rule(report, "demo.dpo")["suppressed"]["source"] == f"{policy}:9"


def test_a_directive_without_a_reason_does_not_apply_and_says_so(tmp_path):
    policy = tmp_path / "privacy.md"
    policy.write_text((GATE / "policy.md").read_text() + "\n<!-- privacylint-disable demo.dpo -->\n")
    result = run("check", "--pack", DEMO_PACK, policy, "--format", "json", "--fail-on", "warning")
    assert result.exit_code == 1
    report = report_of(result)
    assert "suppressed" not in rule(report, "demo.dpo")
    warnings = report["documents"][0]["warnings"]
    assert any(f"{policy}:9: privacylint-disable demo.dpo has no reason, so it does not apply" in w for w in warnings)
    text = run("check", "--pack", DEMO_PACK, policy)
    assert "has no reason" in text.stdout


def test_an_unused_directive_is_reported(tmp_path):
    policy = tmp_path / "privacy.md"
    policy.write_text((GATE / "policy.md").read_text() + "\n<!-- privacylint-disable demo.erasure: legacy -->\n")
    report = report_of(run("check", "--pack", DEMO_PACK, policy, "--format", "json"))
    assert rule(report, "demo.erasure")["status"] == "pass"
    assert any("demo.erasure is unused" in w for w in report["documents"][0]["warnings"])


def test_text_output_shows_suppressed_failures_with_the_reason_and_counts_them_apart():
    result = run("check", "--pack", DEMO_PACK, GATE / "policy.txt")
    line = next(ln for ln in result.stdout.splitlines() if "demo.dpo" in ln)
    assert line.lstrip().startswith("⊘")
    assert "suppressed (inline" in line and "need no data protection officer" in line
    assert "2 suppressed" in result.stdout  # the text format's summary line


# -- central --------------------------------------------------------------------------


def central_config(repo, suppressions: str) -> None:
    (repo / "privacylint.yaml").write_text(f"packs: [{DEMO_PACK}]\nfail-on: warning\nsuppressions:\n{suppressions}")


def test_central_suppression_by_prefix_and_files_glob(repo):
    (repo / "legal").mkdir()
    shutil.copy(GATE / "policy.md", repo / "legal" / "privacy.md")
    shutil.copy(GATE / "policy.md", repo / "privacy.md")
    central_config(
        repo,
        "  - rules: [demo.dpo, demo.cat*]\n    files: 'legal/*.md'\n    reason: Group DPO named in the imprint\n",
    )
    result = run("check", "legal/privacy.md", "privacy.md", "--format", "json")
    assert result.exit_code == 1  # privacy.md is outside the glob: its demo.dpo still fails
    report = report_of(result)
    accepted = rule(report, "demo.dpo", 0)["suppressed"]
    assert accepted == {"reason": "Group DPO named in the imprint", "source": "privacylint.yaml:4", "kind": "config"}
    assert rule(report, "demo.categories", 0)["suppressed"]["kind"] == "config"
    assert "suppressed" not in rule(report, "demo.dpo", 1)
    assert run("check", "legal/privacy.md").exit_code == 0


def test_an_expired_central_suppression_stops_applying_and_says_so(repo):
    shutil.copy(GATE / "policy.md", repo / "privacy.md")
    central_config(repo, "  - rules: demo.dpo\n    reason: until the DPO is hired\n    expires: 2020-01-31\n")
    result = run("check", "privacy.md", "--format", "json")
    assert result.exit_code == 1
    report = report_of(result)
    assert "suppressed" not in rule(report, "demo.dpo")
    assert any("expired on 2020-01-31" in w for w in report["documents"][0]["warnings"])


def test_a_central_suppression_that_is_not_expired_carries_its_expiry(repo):
    shutil.copy(GATE / "policy.md", repo / "privacy.md")
    central_config(
        repo,
        "  - rules: demo.dpo\n    reason: until the DPO is hired\n    expires: 2999-01-31\n"
        "  - rules: demo.categories\n    reason: listed in the data map\n",
    )
    result = run("check", "privacy.md", "--format", "json")
    assert result.exit_code == 0, result.output
    assert rule(report_of(result), "demo.dpo")["suppressed"]["expires"] == "2999-01-31"


def test_an_unused_central_suppression_is_reported(repo):
    shutil.copy(GATE / "policy.md", repo / "privacy.md")
    central_config(
        repo,
        "  - rules: [demo.dpo, demo.categories]\n    reason: accepted\n"
        "  - rules: demo.erasure\n    reason: we had no erasure section\n",
    )
    result = run("check", "privacy.md")
    assert result.exit_code == 0
    assert "privacylint.yaml:6: the suppression of demo.erasure is unused" in result.stderr
    assert "privacylint.yaml:4" not in result.stderr
    warnings = report_of(run("check", "privacy.md", "--format", "json"))["warnings"]
    assert any("privacylint.yaml:6: the suppression of demo.erasure is unused" in w for w in warnings)


def test_suppressed_failures_do_not_fail_the_gate_but_others_still_do(repo):
    policy = repo / "privacy.md"
    policy.write_text("# Privacy\n\n<!-- privacylint-disable demo.erasure: erasure is described in our terms -->\n")
    result = run("check", "--pack", DEMO_PACK, policy, "--format", "json")
    assert result.exit_code == 1  # demo.contact (error) still fails
    report = report_of(result)
    assert rule(report, "demo.erasure")["suppressed"]["kind"] == "inline"
    assert "suppressed" not in rule(report, "demo.contact")
