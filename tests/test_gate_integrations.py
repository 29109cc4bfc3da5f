"""The pre-commit hook, run by `pre-commit try-repo` (the GitHub Action: test_gate_ci.py)."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

from conftest import DEMO_PACK, FIXTURES

PROJECT = Path(__file__).resolve().parent.parent
GATE = FIXTURES / "gate"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Hook Tester",
    "GIT_AUTHOR_EMAIL": "hooks@example.com",
    "GIT_COMMITTER_NAME": "Hook Tester",
    "GIT_COMMITTER_EMAIL": "hooks@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}
# What `pip install` of the project needs; everything else in the checkout stays out of the copy.
PACKAGE_PARTS = (
    "checker",
    "rules",
    "reports",
    "build_support",
    "setup.py",
    "pyproject.toml",
    "README.md",
    ".pre-commit-hooks.yaml",
)


# pre-commit installs the hook into a new virtualenv with pip. Tests use no network: pip
# installs the copied project alone (no index, no dependencies, built by the setuptools that
# virtualenv seeds from its bundled wheels), and the hook finds its dependencies in this
# test environment (see _dependencies_from_this_environment).
_OFFLINE_HOOK_INSTALL = {
    "PIP_NO_INDEX": "1",
    "PIP_NO_DEPS": "1",
    "PIP_NO_BUILD_ISOLATION": "0",  # pip reads this negative option inverted: 0 turns isolation off
    "VIRTUALENV_SETUPTOOLS": "bundle",
    "VIRTUALENV_NO_PERIODIC_UPDATE": "1",
}


def _dependencies_from_this_environment(shim: Path) -> Path:
    """A folder for PYTHONPATH whose sitecustomize appends this environment's site-packages
    to the path: after the hook environment's own, so the hook runs its installed copy of
    privacylint and the build uses the hook environment's setuptools."""
    shim.mkdir()
    folders = list(dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib")))
    (shim / "sitecustomize.py").write_text(f"import site\nfor folder in {folders!r}:\n    site.addsitedir(folder)\n")
    return shim


def git(cwd: Path, *args: str) -> None:
    env = {**os.environ, **GIT_ENV, "HOME": str(cwd)}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def _pre_commit_available() -> str | None:
    """None when pre-commit can run (the `test` extra installs it); otherwise why not."""
    if importlib.util.find_spec("pre_commit") is None:
        return "pre-commit is not installed (pip install -e '.[test]' installs it)"
    return None


def test_hook_definition_targets_policy_files():
    hooks = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "privacylint")
    assert hook["language"] == "python"
    assert hook["entry"].startswith("privacylint check")
    files = re.compile(hook["files"])
    for name in ("privacy.md", "legal/Privacy-Policy.html", "cookie-notice.txt", "site/privacy/children.markdown"):
        assert files.search(name), name
    for name in ("README.md", "src/policy.py", "privacy.pdf", "notes.txt"):  # more in test_gate_ci.py
        assert not files.search(name), name


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_try_repo_checks_changed_policies(tmp_path):
    if not (PROJECT / "checker").is_dir():
        pytest.skip(
            "needs the source checkout: pre-commit installs the hook from it (CI's compiled-wheel pass has none)"
        )
    reason = _pre_commit_available()
    if reason:
        pytest.skip(reason)
    hook_repo = tmp_path / "privacylint"
    hook_repo.mkdir()
    for part in PACKAGE_PARTS:
        source = PROJECT / part
        if source.is_dir():
            shutil.copytree(source, hook_repo / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy(source, hook_repo / part)
    git(hook_repo, "init", "-q")
    git(hook_repo, "add", "-A")
    git(hook_repo, "commit", "-q", "-m", "privacylint under test")

    site = tmp_path / "site"
    site.mkdir()
    git(site, "init", "-q")
    (site / "privacylint.yaml").write_text(f"packs: [{DEMO_PACK}]\nfail-on: warning\nexclude: ['drafts/**']\n")
    (site / "drafts").mkdir()
    (site / "drafts" / "privacy.md").write_text("# Privacy\n\nTo be written.\n")  # excluded: never checked
    shutil.copy(GATE / "policy.txt", site / "privacy.txt")  # its directives accept the warnings
    (site / "cookie-notice.md").write_text("# Cookie notice\n\nWe use cookies.\n")  # no contact, no erasure
    (site / "notes.md").write_text("# Notes\n\nNot a policy.\n")
    git(site, "add", "-A")

    env = {
        **os.environ,
        **GIT_ENV,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "HOME": str(tmp_path),
        **_OFFLINE_HOOK_INSTALL,
        "PYTHONPATH": str(_dependencies_from_this_environment(tmp_path / "shim")),
    }

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "privacylint", "--files", *files]
        return subprocess.run(command, cwd=site, env=env, capture_output=True, text=True, timeout=300)

    failing = try_repo("cookie-notice.md", "notes.md")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "Failed" in failing.stdout
    assert "cookie-notice.md:1: error demo.contact" in failing.stdout
    assert "✓ demo" not in failing.stdout  # only problems and the summary
    assert "notes.md" not in failing.stdout.split("hook id: privacylint", 1)[1]  # not a policy: not checked

    passing = try_repo("privacy.txt", "drafts/privacy.md")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout


# The GitHub Action's tests are in test_gate_ci.py.
