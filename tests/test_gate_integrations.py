"""The CI integrations: the pre-commit hook (run by `pre-commit try-repo`) and the GitHub Action."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import stat
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
PACKAGE_PARTS = ("checker", "rules", "reports", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml")


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
    (site / "privacylint.yaml").write_text(f"packs: [{DEMO_PACK}]\nfail-on: warning\n")
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
    assert "✗ demo.contact" in failing.stdout
    assert "notes.md" not in failing.stdout.split("hook id: privacylint", 1)[1]  # not a policy: not checked

    passing = try_repo("privacy.txt")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout


# -- the GitHub Action ---------------------------------------------------------------------


def action() -> dict:
    return yaml.safe_load((PROJECT / "action.yml").read_text())


def test_action_passes_inputs_only_through_the_environment():
    steps = action()["runs"]["steps"]
    assert action()["runs"]["using"] == "composite"
    for step in steps:
        assert "${{" not in step.get("run", ""), f"expression inside a run script: {step.get('name')}"
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    assert '"$GITHUB_ACTION_PATH"' in install["run"]
    check = next(s for s in steps if s.get("id") == "check")
    assert all(value.startswith("${{ inputs.") for value in check["env"].values())
    assert "markdown:${GITHUB_STEP_SUMMARY}" in check["run"]
    assert "sarif:${PRIVACYLINT_SARIF}" in check["run"]
    assert action()["outputs"]["exit-code"]["value"] == "${{ steps.check.outputs.exit-code }}"


def _run_check_step(tmp_path: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run the action's check script with bash, as the runner would, with a `privacylint` on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "privacylint"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m checker "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    check = next(s for s in action()["runs"]["steps"] if s.get("id") == "check")
    defaults = {name: str(spec.get("default", "")) for name, spec in action()["inputs"].items()}
    values = {**defaults, **inputs}
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(PROJECT),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GITHUB_OUTPUT": str(tmp_path / "output.txt"),
    }
    for name, expression in check["env"].items():
        env[name] = values[expression.removeprefix("${{ inputs.").removesuffix(" }}")]
    done = subprocess.run(
        ["bash", "-e", "-c", check["run"]], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    outputs = dict(line.split("=", 1) for line in (tmp_path / "output.txt").read_text().splitlines())
    return done, outputs


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_action_check_step_writes_summary_and_sarif_and_exposes_the_exit_code(tmp_path):
    shutil.copy(GATE / "policy.md", tmp_path / "privacy.md")
    done, outputs = _run_check_step(tmp_path)
    # Without paths and without a configuration the check is a usage error, reported as such.
    assert outputs["exit-code"] == "2"
    assert done.returncode == 2
    (tmp_path / "privacylint.yaml").write_text(f"packs: [{DEMO_PACK}]\ninclude: ['*.md']\n")
    done, outputs = _run_check_step(tmp_path, **{"fail-on": "warning", "settings": "audience=general\n"})
    assert outputs == {"exit-code": "1", "sarif-file": "privacylint.sarif"}
    assert done.returncode == 1  # fail-job defaults to true
    assert "demo.dpo" in (tmp_path / "summary.md").read_text()
    assert '"version": "2.1.0"' in (tmp_path / "privacylint.sarif").read_text()
    done, outputs = _run_check_step(tmp_path, **{"fail-on": "warning", "fail-job": "false"})
    assert outputs["exit-code"] == "1" and done.returncode == 0


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_action_inputs_cannot_inject_shell(tmp_path):
    (tmp_path / "privacylint.yaml").write_text(f"packs: [{DEMO_PACK}]\n")
    shutil.copy(GATE / "policy.md", tmp_path / "privacy.md")
    _, outputs = _run_check_step(tmp_path, paths="privacy.md $(touch pwned) `touch pwned2`; touch pwned3")
    assert not list(tmp_path.glob("pwned*"))
    assert outputs["exit-code"] == "4"  # the odd words were read as (missing) policy files
