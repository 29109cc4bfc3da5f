"""`privacylint diff OLD NEW`: what a reviewer sees on a pull request that edits the policy."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from conftest import DEMO_PACK, FIXTURES
from conftest import run_cli as run

GATE = FIXTURES / "gate"
BASE = (GATE / "policy.md").read_text()


@pytest.fixture
def versions(tmp_path):
    old = tmp_path / "old.md"
    new = tmp_path / "new.md"
    old.write_text(BASE)
    return old, new


def changes(result, kind: str) -> dict[str, dict]:
    return {c["rule"]: c for c in json.loads(result.stdout)["changes"][kind]}


def test_removed_disclosure_is_a_regression_and_fails(versions):
    old, new = versions
    new.write_text(BASE.replace("Email privacy@example.com.", ""))
    result = run("diff", old, new, "--pack", DEMO_PACK, "--format", "json")
    assert result.exit_code == 1
    regressed = changes(result, "regressed")
    assert set(regressed) == {"demo.contact"}
    assert regressed["demo.contact"]["before"] == "pass" and regressed["demo.contact"]["after"] == "fail"
    assert regressed["demo.contact"]["evidence_before"] == ["Email privacy@example.com."]
    assert "1 regressed (1 at or above error)" in result.stderr


def test_fail_on_decides_which_regressions_fail(versions):
    old, new = versions
    old.write_text(BASE + "\nOur DPO is Jane Roe.\n")
    new.write_text(BASE)  # demo.dpo (warning) regresses
    assert run("diff", old, new, "--pack", DEMO_PACK).exit_code == 0
    assert run("diff", old, new, "--pack", DEMO_PACK, "--fail-on", "warning").exit_code == 1


def test_improvements_and_changed_evidence(versions):
    old, new = versions
    new.write_text(
        BASE.replace("You may ask us to delete your personal data.", "You can ask us to erase your personal data.")
        + "\nOur DPO is Jane Roe.\n"
    )
    result = run("diff", old, new, "--pack", DEMO_PACK, "--format", "json")
    assert result.exit_code == 0
    assert set(changes(result, "improved")) == {"demo.dpo"}
    erasure = changes(result, "evidence_changed")["demo.erasure"]
    assert erasure["evidence_before"] == ["You may ask us to delete your personal data."]
    assert erasure["evidence_after"] == ["You can ask us to erase your personal data."]
    assert changes(result, "regressed") == {}


def test_applicability_change_is_reported(versions):
    old, new = versions
    new.write_text(BASE + "\nOur app is designed for children.\n")
    result = run("diff", old, new, "--pack", DEMO_PACK, "--format", "json")
    consent = changes(result, "applicability_changed")["demo.parental-consent"]
    assert consent["before"] == "not_applicable" and consent["after"] == "fail"
    assert "regressed" in json.loads(result.stdout)["changes"] and result.exit_code == 1


def test_text_and_markdown_output(versions):
    old, new = versions
    new.write_text(BASE.replace("Email privacy@example.com.", ""))
    text = run("diff", old, new, "--pack", DEMO_PACK)
    assert "Regressed (met before, missing now):" in text.stdout
    assert "✗ demo.contact  error  Contact details  [pass → fail]" in text.stdout
    assert "- “Email privacy@example.com.”" in text.stdout
    markdown = run("diff", old, new, "--pack", DEMO_PACK, "--format", "markdown")
    assert "| `demo.contact` | error | Contact details | pass | fail |" in markdown.stdout
    same = run("diff", old, old, "--pack", DEMO_PACK)
    assert same.exit_code == 0 and "No requirement changed." in same.stdout


def test_unreadable_version_is_an_input_error(versions):
    old, _ = versions
    result = run("diff", old, old.parent / "missing.md", "--pack", DEMO_PACK)
    assert result.exit_code == 4
    assert "missing.md: no such file" in result.stderr


# -- git:REV:path in a real repository ------------------------------------------------

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Policy Author",
    "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Policy Author",
    "GIT_COMMITTER_EMAIL": "author@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "HOME": str(repo)}
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_against_git_revisions(tmp_path, monkeypatch):
    repo = tmp_path / "site"
    (repo / "legal").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    policy = repo / "legal" / "privacy.md"
    policy.write_text(BASE + "\nOur DPO is Jane Roe.\n")
    git(repo, "add", "legal/privacy.md")
    git(repo, "commit", "-q", "-m", "Publish the policy")
    first = git(repo, "rev-parse", "HEAD")
    policy.write_text(BASE.replace("Email privacy@example.com.", "Write to us.") + "\nOur DPO is Jane Roe.\n")
    git(repo, "commit", "-q", "-am", "Drop the e-mail address")
    monkeypatch.chdir(repo)

    between_commits = run("diff", f"git:{first}:legal/privacy.md", "git:HEAD:legal/privacy.md", "--pack", DEMO_PACK)
    assert between_commits.exit_code == 1, between_commits.output
    assert f"--- git:{first}:legal/privacy.md" in between_commits.stdout
    assert "✗ demo.contact" in between_commits.stdout

    policy.write_text(BASE + "\nOur DPO is Jane Roe.\n")  # working copy restores it
    against_worktree = run("diff", "git:HEAD:legal/privacy.md", "legal/privacy.md", "--pack", DEMO_PACK, "-q")
    assert against_worktree.exit_code == 0
    assert "Improved (missing before, met now):" in against_worktree.stdout

    unknown = run("diff", "git:no-such-rev:legal/privacy.md", "legal/privacy.md", "--pack", DEMO_PACK)
    assert unknown.exit_code == 4
    assert "git:no-such-rev:legal/privacy.md: git show failed" in unknown.stderr
