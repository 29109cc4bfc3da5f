"""The gate as CI and pre-commit run it: which files the hook picks, what it prints,
the GitHub Action's script, and `diff` catching evidence that moved."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import DEMO_PACK, FIXTURES
from conftest import run_cli as run

PROJECT = Path(__file__).resolve().parent.parent
GATE = FIXTURES / "gate"


# -- the pre-commit hook -------------------------------------------------------------------


def hook() -> dict:
    hooks = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text())
    return next(h for h in hooks if h["id"] == "privacylint")


@pytest.mark.parametrize(
    "name",
    [
        "privacy.md",
        "PRIVACY_POLICY.md",
        "legal/Privacy-Policy.html",
        "privacy-notice.txt",
        "cookie-notice.txt",
        "cookies.md",
        "legal/Cookie_Policy.htm",
        "data-protection.md",
        "site/privacy/children.markdown",
    ],
)
def test_hook_picks_privacy_and_cookie_notices(name):
    assert re.search(hook()["files"], name)


@pytest.mark.parametrize(
    "name",
    [
        "NOTICE.txt",  # Apache licence notice
        "SECURITY_POLICY.md",
        "docs/content-security-policy.md",
        "legal/policies/terms.md",
        "CODE_OF_CONDUCT.md",
        "cookiecutter.md",
        "privacylint.md",  # privacylint's own Markdown report
        "reports/privacylint.html",
        "privacy.pdf",
    ],
)
def test_hook_leaves_other_files_alone(name):
    assert not re.search(hook()["files"], name)


def test_hook_prints_only_problems_and_the_summary():
    assert "--hide-passes" in hook()["args"]
    result = run("check", GATE / "policy.md", "--pack", DEMO_PACK, "--fail-on", "warning", *hook()["args"])
    assert result.exit_code == 1
    assert "✗ demo.dpo" in result.stdout
    assert "✓ demo" not in result.stdout and "– demo.parental-consent" not in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("1 policy")  # the summary stays


def test_hide_passes_leaves_out_policies_with_nothing_to_fix(tmp_path):
    # policy.txt accepts its two warnings with inline directives; the info rules are ignored.
    config = tmp_path / "privacylint.yaml"
    config.write_text(f"packs: [{DEMO_PACK}]\nignore: [demo.no-sale, demo.regex-id]\n")
    result = run("check", GATE / "policy.txt", GATE / "policy.md", "--config", config, "--hide-passes")
    assert "policy.txt" not in result.stdout
    assert "policy.md" in result.stdout
    assert "⊘" not in result.stdout


def test_show_passes_is_the_default_and_wins_when_given_after_hide():
    default = run("check", GATE / "policy.md", "--pack", DEMO_PACK)
    assert "✓ demo.contact" in default.stdout
    again = run("check", GATE / "policy.md", "--pack", DEMO_PACK, "--hide-passes", "--show-passes")
    assert "✓ demo.contact" in again.stdout
