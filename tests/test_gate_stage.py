"""One gate stage for the CLI and the library; baselines that are in force say so; strict
inline directives; bad baselines are configuration errors; the package has no import cycle."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pytest

import checker
from checker.api import check_paths
from checker.config import load_config

from conftest import FIXTURES, run_cli

POLICY = FIXTURES / "gate" / "policy.md"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    shutil.copy(POLICY, tmp_path / "privacy.md")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def failing(report) -> list[str]:
    return sorted(r.rule for d in report.documents for r in d.results if r.is_finding)


def test_a_created_baseline_is_in_force_for_check_and_the_library(repo):
    before = run_cli("check", "privacy.md")
    assert before.exit_code == 1
    created = run_cli("baseline", "create", "privacy.md")
    assert created.exit_code == 0
    assert "`privacylint check` applies it from now on" in created.stdout
    after = run_cli("check", "privacy.md")
    assert after.exit_code == 0
    assert "baseline in force: .privacylint-baseline.json" in after.stderr
    # The library gates the same way as the CLI, baseline included.
    assert failing(check_paths(["privacy.md"], config=load_config())) == []
    assert failing(check_paths(["privacy.md"], config=load_config(), use_baseline=False))


def test_a_baseline_elsewhere_is_named_as_such(repo):
    created = run_cli("baseline", "create", "privacy.md", "--baseline", "ci/accepted.json")
    assert "with --baseline ci/accepted.json" in created.stdout
    assert run_cli("check", "privacy.md").exit_code == 1  # not the default file: not in force
    assert run_cli("check", "privacy.md", "--baseline", "ci/accepted.json").exit_code == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        (
            json.dumps({"privacylint_baseline": 1, "entries": [{"path": "p.md", "rule": "x", "fingerprint": None}]}),
            "entries[0].fingerprint must be a non-empty string",
        ),
        (json.dumps({"privacylint_baseline": 7, "entries": []}), "written by a newer privacylint"),
        (json.dumps({"entries": []}), "not a privacylint baseline"),
    ],
)
def test_a_malformed_baseline_is_a_one_line_configuration_error(repo, content, expected):
    (repo / "b.json").write_text(content)
    result = run_cli("check", "privacy.md", "--baseline", "b.json")
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "internal error" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_an_inline_directive_is_as_strict_as_the_configuration(repo):
    text = (repo / "privacy.md").read_text()
    (repo / "privacy.md").write_text(
        text
        + "\n<!-- privacylint-disable *: everything is fine -->\n"
        + "\n```html\n<!-- privacylint-disable gdpr: shown as an example in a code block -->\n```\n"
    )
    report = check_paths(["privacy.md"])
    assert failing(report)  # nothing was accepted
    warnings = report.documents[0].warnings
    assert any("'*' is not a rule id or prefix" in w for w in warnings)
    assert not any(r.suppression for r in report.documents[0].results)


def _imports(module_file: Path, package_root: Path) -> set[str]:
    """The checker modules a module imports, at any level, except under `if TYPE_CHECKING:`."""
    tree = ast.parse(module_file.read_text())
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("checker"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("checker"))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def test_the_package_has_no_import_cycle():
    root = Path(checker.__file__).parent
    modules = {}
    for file in root.rglob("*.py"):
        name = ".".join(("checker", *file.relative_to(root).with_suffix("").parts)).removesuffix(".__init__")
        modules[name] = file
    graph = {
        name: {m for m in _imports(file, root) if m in modules and m != name and m != "checker"}
        for name, file in modules.items()
    }
    assert {"checker.config", "checker.baseline"} <= graph["checker.gate"]  # the graph is really read
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        if state.get(name) == 2:
            return
        assert state.get(name) != 1, "import cycle: " + " → ".join([*trail, name])
        state[name] = 1
        for dependency in sorted(graph[name]):
            visit(dependency, [*trail, name])
        state[name] = 2

    for name in sorted(graph):
        visit(name, [])
