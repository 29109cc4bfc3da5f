"""The gate as CI and pre-commit run it: which files the hook picks, what it prints,
the GitHub Action's script, and `diff` catching evidence that moved."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
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
    assert "policy.md:1: warning demo.dpo Missing: Data protection" in result.stdout
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


def test_force_exclude_applies_the_configurations_exclude_to_named_files(tmp_path, monkeypatch):
    (tmp_path / "legal" / "drafts").mkdir(parents=True)
    (tmp_path / "privacylint.yaml").write_text(f"packs: [{DEMO_PACK}]\nexclude: ['**/drafts/**']\n")
    (tmp_path / "legal" / "privacy.md").write_text((GATE / "policy.md").read_text())
    (tmp_path / "legal" / "drafts" / "privacy.md").write_text("# Privacy\n\nNothing yet.\n")
    monkeypatch.chdir(tmp_path)
    named = ["legal/privacy.md", "legal/drafts/privacy.md"]
    plain = run("check", *named, "--format", "json")
    assert [d["path"] for d in json.loads(plain.stdout)["documents"]] == named  # named files are checked
    forced = run("check", *named, "--format", "json", "--force-exclude")
    assert [d["path"] for d in json.loads(forced.stdout)["documents"]] == ["legal/privacy.md"]
    assert forced.exit_code == 0
    nothing = run("check", "legal/drafts/privacy.md", "--force-exclude")
    assert nothing.exit_code == 0
    assert "every file named is excluded by the configuration (--force-exclude)" in nothing.stderr
    assert "--force-exclude" in hook()["args"]


# -- the GitHub Action ---------------------------------------------------------------------
#
# The runner cannot be had offline, so the steps are run as it runs them: each `run:` with
# `bash --noprofile --norc -eo pipefail`, its `env:` expressions filled from the inputs and
# from the outputs earlier steps wrote to $GITHUB_OUTPUT. The `uses:` steps (setup-python,
# cache, upload-artifact) are checked as written; installing from the index is replaced by
# this checkout's `privacylint`.

BASH = shutil.which("bash")
needs_bash = pytest.mark.skipif(BASH is None, reason="bash is not installed")


def action() -> dict:
    return yaml.safe_load((PROJECT / "action.yml").read_text())


def step(step_id: str) -> dict:
    return next(s for s in action()["runs"]["steps"] if s.get("id") == step_id)


class Runner:
    """The parts of a GitHub runner the action's scripts read."""

    def __init__(self, workspace: Path, **inputs: str) -> None:
        self.workspace = workspace
        self.temp = workspace.parent / "runner-temp"
        self.temp.mkdir(exist_ok=True)
        self.summary = self.temp / "step-summary.md"
        defaults = {name: str(spec.get("default", "")) for name, spec in action()["inputs"].items()}
        unknown = set(inputs) - set(defaults)
        assert not unknown, f"not inputs of the action: {unknown}"
        self.inputs = {**defaults, **inputs}
        self.outputs: dict[str, dict[str, str]] = {}

    def value(self, expression: str) -> str:
        """`${{ a || b }}` with inputs.*, steps.*.outputs.* and runner.temp."""

        def one(match: re.Match[str]) -> str:
            for alternative in match.group(1).split("||"):
                parts = alternative.strip().split(".")
                if parts[0] == "inputs":
                    found = self.inputs[parts[1]]
                elif parts[0] == "steps":
                    found = self.outputs.get(parts[1], {}).get(parts[3], "")
                else:
                    assert parts == ["runner", "temp"], alternative
                    found = str(self.temp)
                if found:
                    return found
            return ""

        return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", one, expression)

    def run(self, step_id: str) -> subprocess.CompletedProcess[str]:
        spec = step(step_id)
        output_file = self.temp / f"output-{step_id}.txt"
        output_file.write_text("")
        env = {
            **os.environ,
            "GITHUB_OUTPUT": str(output_file),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "GITHUB_ACTION_PATH": str(PROJECT),
            "RUNNER_TEMP": str(self.temp),
            "RUNNER_OS": "Linux",
            **{name: self.value(str(value)) for name, value in spec.get("env", {}).items()},
        }
        done = subprocess.run(
            [BASH, "--noprofile", "--norc", "-eo", "pipefail", "-c", spec["run"]],
            cwd=self.workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        self.outputs[step_id] = dict(line.split("=", 1) for line in output_file.read_text().splitlines())
        return done

    def check(self) -> subprocess.CompletedProcess[str]:
        """The steps up to and including the check, with this checkout's privacylint installed."""
        assert self.run("find-python").returncode == 0
        if not self.outputs["find-python"]["path"]:  # setup-python would provide one
            self.outputs["setup-python"] = {"python-path": sys.executable}
        prepared = self.run("prepare")
        assert prepared.returncode == 0, prepared.stderr
        shim = self.temp / "privacylint-from-checkout"
        shim.write_text(f'#!/bin/sh\nPYTHONPATH="{PROJECT}" exec "{sys.executable}" -m checker "$@"\n')
        shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
        self.outputs["install"] = {"privacylint": str(shim)}
        return self.run("check")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    shutil.copy(GATE / "policy.md", workspace / "privacy.md")
    (workspace / "privacylint.yaml").write_text(f"packs: [{DEMO_PACK}]\ninclude: ['*.md']\n")
    return workspace


@needs_bash
def test_every_script_of_the_action_is_valid_bash():
    scripts = [s for s in action()["runs"]["steps"] if "run" in s]
    assert len(scripts) >= 4
    for spec in scripts:
        assert spec["shell"] == "bash"
        syntax = subprocess.run([BASH, "-n", "-c", spec["run"]], capture_output=True, text=True)
        assert syntax.returncode == 0, f"{spec['name']}: {syntax.stderr}"


def test_inputs_reach_scripts_only_through_the_environment():
    for spec in action()["runs"]["steps"]:
        assert "${{" not in spec.get("run", ""), f"expression inside a run script: {spec['name']}"
        for name, value in spec.get("env", {}).items():
            assert str(value).startswith("${{ ") and str(value).endswith(" }}"), name


def test_used_actions_are_pinned_by_commit_sha():
    used = [s["uses"] for s in action()["runs"]["steps"] if "uses" in s]
    assert {u.split("@")[0] for u in used} == {"actions/setup-python", "actions/cache", "actions/upload-artifact"}
    for uses in used:
        assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", uses), uses


def test_setup_python_runs_only_without_a_suitable_python_and_leaves_the_jobs_python_alone():
    setup = step("setup-python")
    assert setup["if"] == "steps.find-python.outputs.path == ''"
    assert str(setup["with"]["update-environment"]).lower() == "false"
    install = step("install")["run"]
    assert '-m venv "$venv"' in install and '"$bin/python" -m pip install' in install
    assert "PIP_CACHE_DIR" in install
    cache = next(s for s in action()["runs"]["steps"] if s.get("uses", "").startswith("actions/cache@"))
    assert cache["if"] == "inputs.cache == 'true'"
    assert cache["with"]["path"] == "${{ steps.prepare.outputs.work }}/pip-cache"


@needs_bash
def test_found_python_is_at_least_3_11(tmp_path):
    runner = Runner(tmp_path)
    assert runner.run("find-python").returncode == 0
    found = runner.outputs["find-python"]["path"]
    if found:
        version = subprocess.run([found, "-c", "import sys; print(sys.version_info >= (3, 11))"], capture_output=True)
        assert version.stdout.strip() == b"True"
    prepared = runner.run("prepare")
    if found:
        assert prepared.returncode == 0, prepared.stderr
        assert runner.outputs["prepare"]["cache-key"].startswith("privacylint-pip-Linux-3.")


@needs_bash
def test_check_writes_summary_sarif_and_html_and_sets_the_outputs(site):
    runner = Runner(site, **{"fail-on": "warning", "settings": "audience=general\n"})
    done = runner.check()
    assert done.returncode == 1, done.stderr  # fail-job defaults to true
    outputs = runner.outputs["check"]
    assert outputs["exit-code"] == "1"
    assert outputs["sarif-file"] == "privacylint.sarif"
    assert '"version": "2.1.0"' in (site / "privacylint.sarif").read_text()
    assert "demo.dpo" in runner.summary.read_text()
    html = Path(outputs["html-report"])
    assert html.read_text().lstrip().lower().startswith("<!doctype html")
    assert not html.is_relative_to(site), "the HTML report is not left in the repository"
    assert "✓ demo" not in done.stdout and "warning demo.dpo Missing" in done.stdout  # the log: problems only
    # The artifact step uploads what the check step announced, also when the check failed.
    artifact = next(s for s in action()["runs"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert artifact["with"]["path"] == "${{ steps.check.outputs.html-report }}"
    assert "always()" in artifact["if"] and "steps.check.outputs.html-report != ''" in artifact["if"]


@needs_bash
def test_command_line_outputs_add_to_the_configured_ones(site):
    (site / "privacylint.yaml").write_text(
        f"packs: [{DEMO_PACK}]\ninclude: ['*.md']\noutputs: ['json:reports/privacylint.json']\n"
    )
    runner = Runner(site)
    assert runner.check().returncode == 0
    assert json.loads((site / "reports" / "privacylint.json").read_text())["documents"]
    assert (site / "privacylint.sarif").exists()


@needs_bash
def test_no_sarif_file_output_when_no_sarif_was_written(site):
    (site / "privacylint.sarif").write_text('{"$schema": "https://json.schemastore.org/sarif-2.1.0.json"}')
    (site / "privacylint.yaml").write_text("packs: [no-such-pack]\ninclude: ['*.md']\n")  # no such pack
    runner = Runner(site)
    done = runner.check()
    assert done.returncode == 2
    assert "sarif-file" not in runner.outputs["check"]  # the stale file is not offered for upload
    assert "html-report" not in runner.outputs["check"]
    no_sarif = Runner(site, **{"sarif-file": ""})
    (site / "privacylint.yaml").write_text(f"packs: [{DEMO_PACK}]\ninclude: ['*.md']\n")
    assert no_sarif.check().returncode == 0
    assert "sarif-file" not in no_sarif.outputs["check"]


@needs_bash
@pytest.mark.parametrize(
    ("config", "code", "message"),
    [
        ("packs: [demo\n", "2", "invalid YAML"),
        ("packs: [no-such-pack]\ninclude: ['*.md']\n", "2", "no-such-pack"),
        ("packs: [broken-pack]\ninclude: ['*.md']\n", "3", "broken-pack"),
    ],
)
def test_errors_fail_the_step_even_with_fail_job_false_and_say_why_in_the_summary(site, config, code, message):
    (site / "broken-pack").mkdir()
    (site / "broken-pack" / "pack.yaml").write_text("pack: {id: broken}\nrules: nothing\n")
    (site / "privacylint.yaml").write_text(config)
    runner = Runner(site, **{"fail-job": "false"})
    done = runner.check()
    assert str(done.returncode) == code
    assert runner.outputs["check"]["exit-code"] == code
    summary = runner.summary.read_text()
    assert f"privacylint could not check the policies (exit {code})" in summary
    assert message in summary
    assert f"::error title=privacylint could not check the policies (exit {code})::" in done.stdout


@needs_bash
def test_unreadable_policy_fails_the_step_with_fail_job_false(site):
    runner = Runner(site, **{"fail-job": "false", "paths": "privacy.md missing.md"})
    done = runner.check()
    assert done.returncode == 4
    assert "missing.md: no such file" in runner.summary.read_text()
    assert "sarif-file" in runner.outputs["check"]  # the report of what could be read is kept


@needs_bash
def test_findings_with_fail_job_false_pass_the_step(site):
    runner = Runner(site, **{"fail-on": "warning", "fail-job": "false"})
    done = runner.check()
    assert done.returncode == 0
    assert runner.outputs["check"]["exit-code"] == "1"


@needs_bash
def test_sarif_file_never_replaces_a_file_that_is_not_a_sarif_report(site):
    runner = Runner(site, **{"sarif-file": "privacy.md"})
    done = runner.check()
    assert done.returncode == 2
    assert (site / "privacy.md").read_text() == (GATE / "policy.md").read_text()
    assert "exists and is not a SARIF report" in runner.summary.read_text()


@needs_bash
def test_inputs_cannot_inject_shell(site):
    runner = Runner(site, paths="privacy.md $(touch pwned) `touch pwned2`; touch pwned3")
    runner.check()
    assert not list(site.glob("pwned*"))
    assert runner.outputs["check"]["exit-code"] == "4"  # the odd words were read as (missing) policy files


@needs_bash
def test_error_lines_cannot_inject_html_into_the_summary(site):
    runner = Runner(site, paths="<script>alert(1)</script>.md")
    runner.check()
    summary = runner.summary.read_text()
    error_block = summary.split("could not check the policies", 1)[1]
    assert "<script>" not in error_block and "&lt;script&gt;alert(1)&lt;/script&gt;.md" in error_block


# -- diff: evidence that moved or was lost ----------------------------------------------------

RETENTION_POLICY = """\
# Privacy policy

## What we collect

We collect your name and email address when you order. We use your order details only for as \
long as necessary to deliver it.

## How long we keep your data

We keep your account data while your account is open and delete it within 30 days of closure. \
Invoices are kept for 10 years as tax law requires.

## Contact

Email privacy@example.com.
"""


def _without_section(text: str, heading: str) -> str:
    start = text.index(f"## {heading}")
    end = text.index("## ", start + 3)
    return text[:start] + text[end:]


@pytest.fixture
def retention_versions(tmp_path):
    old = tmp_path / "old.md"
    new = tmp_path / "new.md"
    old.write_text(RETENTION_POLICY)
    return old, new


def test_removing_the_retention_section_is_reported_although_another_sentence_still_passes(retention_versions):
    old, new = retention_versions
    new.write_text(_without_section(RETENTION_POLICY, "How long we keep your data"))
    result = run("diff", old, new, "--pack", "gdpr", "--format", "json")
    report = json.loads(result.stdout)
    assert not report["changes"]["regressed"]  # still met, by the sentence under "What we collect"
    moved = {c["rule"]: c for c in report["changes"]["evidence_moved"]}
    assert moved["gdpr.retention"]["before"] == moved["gdpr.retention"]["after"] == "pass"
    assert moved["gdpr.retention"]["sections_lost"] == ["Privacy policy › How long we keep your data"]
    assert not any(c["rule"] == "gdpr.retention" for c in report["changes"]["evidence_changed"])
    assert result.exit_code == 0  # reported; it fails the gate only when asked
    assert "1 with evidence moved or lost" in result.stderr

    text = run("diff", old, new, "--pack", "gdpr")
    assert "Evidence moved or lost" in text.stdout
    assert "no quote left from “Privacy policy › How long we keep your data”" in text.stdout
    markdown = run("diff", old, new, "--pack", "gdpr", "--format", "markdown")
    assert "### Evidence moved or lost" in markdown.stdout


def test_fail_on_evidence_loss_fails_the_gate_at_the_fail_on_severity(retention_versions):
    old, new = retention_versions
    new.write_text(_without_section(RETENTION_POLICY, "How long we keep your data"))
    failing = run("diff", old, new, "--pack", "gdpr", "--fail-on-evidence-loss")
    assert failing.exit_code == 1
    assert "1 with evidence moved or lost (1 at or above error)" in failing.stderr
    never = run("diff", old, new, "--pack", "gdpr", "--fail-on-evidence-loss", "--fail-on", "never")
    assert never.exit_code == 0


def test_evidence_reworded_in_the_same_section_is_changed_not_moved(retention_versions):
    old, new = retention_versions
    new.write_text(RETENTION_POLICY.replace("within 30 days of closure", "within 60 days of closure"))
    result = run("diff", old, new, "--pack", "gdpr", "--format", "json", "--fail-on-evidence-loss")
    report = json.loads(result.stdout)
    assert not report["changes"]["evidence_moved"]
    assert "gdpr.retention" in {c["rule"] for c in report["changes"]["evidence_changed"]}
    assert result.exit_code == 0


def test_quotes_kept_under_a_renamed_heading_are_not_lost(retention_versions):
    old, new = retention_versions
    renamed = RETENTION_POLICY.replace("## How long we keep your data", "## Data retention")
    # a new retention sentence that outranks an old quote (evidence is ranked by strength, not order)
    new.write_text(
        renamed.replace("We collect your name", "We keep your order records for 6 years. We collect your name")
    )
    result = run("diff", old, new, "--pack", "gdpr", "--format", "json", "--fail-on-evidence-loss")
    changes = json.loads(result.stdout)["changes"]
    assert not changes["evidence_moved"]
    assert "gdpr.retention" in {c["rule"] for c in changes["evidence_changed"]}  # the quotes did change
    assert result.exit_code == 0


# -- diff: a git revision never reaches git as an option ---------------------------------------


def _git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Policy Author",
        "GIT_AUTHOR_EMAIL": "author@example.com",
        "GIT_COMMITTER_NAME": "Policy Author",
        "GIT_COMMITTER_EMAIL": "author@example.com",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(repo),
    }
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("rev", ["--output={target}", "-o{target}", "--output"])
def test_a_revision_that_looks_like_an_option_is_refused(tmp_path, monkeypatch, rev):
    repo = tmp_path / "site"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "policy.md").write_text((GATE / "policy.md").read_text())
    _git(repo, "add", "policy.md")
    _git(repo, "commit", "-q", "-m", "policy")
    monkeypatch.chdir(repo)
    target = tmp_path / "written-by-git"
    spec = f"git:{rev.format(target=target)}:policy.md"
    result = run("diff", spec, "policy.md", "--pack", DEMO_PACK)
    assert result.exit_code == 2, result.output
    assert not target.exists()
    assert result.stderr.startswith(f"privacylint: error: {spec}: a revision cannot start with '-'")
    assert len(result.stderr.splitlines()) == 1
    assert run("diff", "git:HEAD:policy.md", "policy.md", "--pack", DEMO_PACK).exit_code == 0


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_show_is_told_where_its_options_end():
    from checker.diff import git_show_command

    version = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout
    major, minor = map(int, re.search(r"(\d+)\.(\d+)", version).groups())
    command = git_show_command("HEAD", "policy.md")
    if (major, minor) >= (2, 24):
        assert command == ["git", "show", "--end-of-options", "HEAD:policy.md"]
    else:  # older git would read --end-of-options as a revision; a '-' revision is refused anyway
        assert command == ["git", "show", "HEAD:policy.md"]
