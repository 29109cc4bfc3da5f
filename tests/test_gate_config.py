"""The configuration file, through the CLI: discovery, validation errors, show, init, and its keys."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import DEMO_PACK, FIXTURES
from conftest import run_cli as run

GATE = FIXTURES / "gate"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A project folder that is a repository root (so discovery stops here), with one policy."""
    (tmp_path / ".git").mkdir()
    shutil.copy(GATE / "policy.md", tmp_path / "privacy.md")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_config(folder: Path, body: str) -> Path:
    path = folder / "privacylint.yaml"
    path.write_text(f"packs: [{DEMO_PACK}]\n" + body)
    return path


def results_of(stdout: str) -> dict[str, dict]:
    report = json.loads(stdout)
    return {r["rule"]: r for d in report["documents"] for r in d["results"]}


# -- discovery -------------------------------------------------------------------


def test_config_is_found_from_a_subfolder_up_to_the_repository_root(repo, monkeypatch):
    write_config(repo, "fail-on: warning\n")
    (repo / "docs" / "legal").mkdir(parents=True)
    monkeypatch.chdir(repo / "docs" / "legal")
    result = run("check", repo / "privacy.md")
    assert result.exit_code == 1, result.output  # demo.dpo (warning) fails; fail-on came from the file
    shown = run("config", "show")
    assert shown.exit_code == 0
    assert f"# from {repo / 'privacylint.yaml'}" in shown.stdout
    assert "fail-on: warning" in shown.stdout


def test_discovery_stops_at_the_repository_root(tmp_path, monkeypatch):
    write_config(tmp_path, "fail-on: info\n")  # above the repository: must not be used
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    monkeypatch.chdir(project)
    shown = run("config", "show")
    assert shown.exit_code == 0
    assert "no configuration file found" in shown.stdout
    assert "fail-on: error" in shown.stdout


def test_explicit_config_wins_and_a_missing_one_is_a_usage_error(repo):
    write_config(repo, "fail-on: never\n")
    other = repo / "ci.yaml"
    other.write_text(f"packs: [{DEMO_PACK}]\nfail-on: warning\n")
    assert run("check", "privacy.md").exit_code == 0
    assert run("check", "--config", other, "privacy.md").exit_code == 1
    missing = run("check", "--config", "nope.yaml", "privacy.md")
    assert missing.exit_code == 2
    assert "--config nope.yaml: no such file" in missing.stderr


def test_pyproject_table_is_read_when_there_is_no_privacylint_yaml(repo):
    (repo / "pyproject.toml").write_text(
        f'[project]\nname = "site"\n\n[tool.privacylint]\npacks = ["{DEMO_PACK}"]\nfail-on = "warning"\n'
    )
    shown = run("config", "show")
    assert "# from pyproject.toml" in shown.stdout
    assert run("check", "privacy.md").exit_code == 1


# -- validation errors ------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("fail-on: warning\nfale-on: error\n", "privacylint.yaml:3: fale-on: unknown key 'fale-on'"),
        ("fail-on: sometimes\n", "privacylint.yaml:2: fail-on: 'sometimes' is not one of: error, warning, info, never"),
        ("select: demo.dpo\n", "privacylint.yaml:2: select: expected a list, got str 'demo.dpo'"),
        (
            "suppressions:\n  - rules: demo.dpo\n    files: '*.md'\n",
            "privacylint.yaml:3: suppressions[0]: missing required key 'reason'",
        ),
        (
            "suppressions:\n  - rules: demo.dpo\n    reason: ok\n    expires: next year\n",
            "privacylint.yaml:5: suppressions[0].expires: 'next year' does not have the required form",
        ),
        ("severity:\n  demo.dpoo: error\n", "privacylint.yaml:3: severity.demo.dpoo: no rule 'demo.dpoo'"),
        ("ignore: [demo.nothing-like-this]\n", "privacylint.yaml:2: ignore[0]: 'demo.nothing-like-this' matches"),
        ("settings:\n  audience: teenagers\n", "privacylint.yaml:3: settings.audience: 'teenagers' is not one of"),
        ("settings:\n  country: fr\n", "privacylint.yaml:3: settings.country: unknown setting"),
        ("fail-on: [error\n", "privacylint.yaml:3: invalid YAML: expected ',' or ']'"),
    ],
)
def test_config_errors_name_file_line_and_key_and_exit_2(repo, body, expected):
    write_config(repo, body)
    result = run("check", "privacy.md")
    assert result.exit_code == 2, result.output
    assert expected in result.stderr
    assert result.stderr.count("\n") == 1  # one line, no traceback
    assert run("config", "show").exit_code == 2  # config show validates too


def test_pyproject_errors_point_at_the_offending_key(repo):
    (repo / "pyproject.toml").write_text(
        f'[project]\nname = "site"\n\n[tool.privacylint]\npacks = ["{DEMO_PACK}"]\nfail_on = "warning"\n'
    )
    result = run("check", "privacy.md")
    assert result.exit_code == 2
    assert "pyproject.toml:6: fail_on: unknown key 'fail_on'" in result.stderr


# -- show and init ------------------------------------------------------------------


def test_init_writes_a_starter_that_validates_and_refuses_to_overwrite(repo):
    first = run("init")
    assert first.exit_code == 0
    text = (repo / "privacylint.yaml").read_text()
    assert "# " in text and "fail-on: error" in text and "suppressions" in text
    shown = run("config", "show")  # the starter is valid against the built-in packs
    assert shown.exit_code == 0, shown.stderr
    assert "audience: unknown" in shown.stdout
    again = run("init")
    assert again.exit_code == 2
    assert "already exists" in again.stderr
    (repo / "privacylint.yaml").write_text("fail-on: never\n")
    assert run("init", "--force").exit_code == 0
    assert "packs: [gdpr, coppa, caloppa, ccpa]" in (repo / "privacylint.yaml").read_text()


def test_config_show_resolves_paths_and_lists_suppressions(repo):
    write_config(
        repo,
        "outputs: ['json:reports/privacylint.json']\nbaseline: .baseline.json\n"
        "suppressions:\n  - rules: demo.dpo\n    reason: no DPO needed\n    expires: 2099-01-01\n",
    )
    shown = run("config", "show")
    assert shown.exit_code == 0, shown.stderr
    assert "json:reports/privacylint.json" in shown.stdout
    assert "baseline: .baseline.json" in shown.stdout
    assert "reason: no DPO needed" in shown.stdout
    assert "expires: '2099-01-01'" in shown.stdout
    assert "declared at: privacylint.yaml:5" in shown.stdout


# -- what the keys do -----------------------------------------------------------------


def test_select_ignore_and_severity_from_config(repo):
    write_config(
        repo,
        "select: ['demo.']\nignore: [demo.no-sale, demo.regex-]\nseverity:\n  demo.dpo: error\n",
    )
    result = run("check", "privacy.md", "--format", "json")
    assert result.exit_code == 1  # demo.dpo is an error now
    rules = results_of(result.stdout)
    assert "demo.no-sale" not in rules and "demo.regex-id" not in rules
    assert rules["demo.dpo"]["severity"] == "error"
    assert rules["demo.erasure"]["status"] == "pass"


def test_an_exact_rule_id_does_not_name_its_longer_neighbours(repo):
    write_config(repo, "select: [demo.dpo, demo.contact]\n")
    rules = results_of(run("check", "privacy.md", "--format", "json").stdout)
    assert set(rules) == {"demo.dpo", "demo.contact"}


def test_settings_from_config_and_set_overrides_them(repo):
    write_config(repo, "settings:\n  audience: children\n")
    rules = results_of(run("check", "privacy.md", "--format", "json").stdout)
    assert rules["demo.parental-consent"]["status"] == "fail"
    assert rules["demo.parental-consent"]["applicability"]["decided_by"] == "setting"
    overridden = results_of(run("check", "privacy.md", "--format", "json", "--set", "audience=general").stdout)
    assert overridden["demo.parental-consent"]["status"] == "not_applicable"


def test_fail_on_from_config_and_command_line_overrides_it(repo):
    write_config(repo, "fail-on: warning\n")
    assert run("check", "privacy.md").exit_code == 1
    assert run("check", "privacy.md", "--fail-on", "error").exit_code == 0


def test_include_exclude_choose_files_when_no_paths_or_folders_are_given(repo):
    legal = repo / "legal"
    (legal / "drafts").mkdir(parents=True)
    shutil.copy(GATE / "policy.md", legal / "cookie-notice.md")
    shutil.copy(GATE / "policy.md", legal / "drafts" / "privacy-next.md")
    (legal / "terms.md").write_text("# Terms\n\nBe nice.\n")
    write_config(repo, "include: ['**/privacy*.md', '**/*notice*.md']\nexclude: ['**/drafts/**']\n")
    result = run("check", "--format", "json")
    assert result.exit_code == 0, result.stderr
    checked = [d["path"] for d in json.loads(result.stdout)["documents"]]
    assert checked == ["legal/cookie-notice.md", "privacy.md"]
    folder = run("check", "legal", "--format", "json")
    assert [d["path"] for d in json.loads(folder.stdout)["documents"]] == ["legal/cookie-notice.md"]
    explicit = run("check", "legal/terms.md", "--format", "json")  # a file named on the command line is checked
    assert [d["path"] for d in json.loads(explicit.stdout)["documents"]] == ["legal/terms.md"]


def test_no_paths_and_no_include_is_a_usage_error(repo):
    result = run("check")
    assert result.exit_code == 2
    assert "no PATHS given" in result.stderr


def test_outputs_from_config_are_written_relative_to_the_config_file(repo, monkeypatch):
    write_config(repo, "outputs: ['json:reports/privacylint.json']\n")
    (repo / "sub").mkdir()
    monkeypatch.chdir(repo / "sub")
    assert run("check", repo / "privacy.md").exit_code == 0
    report = json.loads((repo / "reports" / "privacylint.json").read_text())
    assert report["documents"][0]["summary"]["pass"] >= 1
    monkeypatch.chdir(repo)
    assert run("check", "privacy.md", "--output", "json:other.json").exit_code == 0
    assert (repo / "other.json").exists()  # --output adds to the configured outputs (test_gate_ci.py)
