"""The engine compiled by mypyc and its Python source: the same results, and the source when asked or stale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

from checker import native

from conftest import FIXTURES

ROOT = FIXTURES.parent.parent
POLICIES = [
    *sorted((FIXTURES / "dev" / "policies").glob("*.txt")),
    *sorted((FIXTURES / "children").iterdir()),
    *sorted((FIXTURES / "web").iterdir()),
    *sorted((FIXTURES / "gate").iterdir()),
    FIXTURES / "reports" / "hostile-policy.txt",
    ROOT / "examples" / "privacy-policy.md",
    ROOT / "examples" / "incomplete-policy.txt",
]


def _run(code_or_args: list[str], pure: bool) -> str:
    env = {**os.environ, "PRIVACYLINT_PURE_PYTHON": "1" if pure else "0", "PRIVACYLINT_CACHE_DIR": ""}
    done = subprocess.run([sys.executable, *code_or_args], env=env, capture_output=True, text=True, check=True)
    return done.stdout


def _uses_compiled(pure: bool) -> bool:
    code = "from checker.native import compiled_in_use; print(compiled_in_use())"
    return _run(["-c", code], pure).strip() == "True"


def _report(pure: bool) -> dict:
    args = ["-m", "checker", "check", *map(str, POLICIES), "--format", "json", "--fail-on", "never"]
    report = json.loads(_run(args, pure))
    report.pop("generated_at", None)
    return report


def test_compiled_and_pure_python_engines_give_identical_reports():
    if not _uses_compiled(pure=False):
        pytest.skip("the engine is not compiled in this install (no mypyc or no C compiler at install time)")
    assert not _uses_compiled(pure=True), "PRIVACYLINT_PURE_PYTHON=1 must run the Python source"
    compiled, pure = _report(pure=False), _report(pure=True)
    assert len(compiled["documents"]) == len(POLICIES)
    assert sum(len(d.get("results", [])) for d in compiled["documents"]) > 300
    assert compiled == pure


def _fake_checkout(tmp_path: Path, edited: str | None) -> Path:
    """A package with every compiled module compiled after its source, and `edited` changed later."""
    package = tmp_path / "checker"
    package.mkdir()
    (tmp_path / "pyproject.toml").write_text("")
    for module in native.COMPILED_MODULES:
        source = tmp_path / native.module_file(module)
        extension = tmp_path / native.module_file(module, EXTENSION_SUFFIXES[0])
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text("")
        extension.write_bytes(b"")
        os.utime(source, (1_000_000, 1_000_000))
        os.utime(extension, (2_000_000, 2_000_000))
    (package / "config.py").write_text("")  # a module that is not compiled
    os.utime(package / "config.py", (1_000_000, 1_000_000))
    if edited:
        os.utime(package / edited, (3_000_000, 3_000_000))
    return package


@pytest.mark.parametrize("edited", ["matchers.py", "config.py"])
def test_an_edit_after_compiling_runs_the_sources(tmp_path, monkeypatch, edited):
    monkeypatch.setattr(native, "_PACKAGE_DIR", _fake_checkout(tmp_path, edited))
    assert native.edited_since_compiled() == [f"checker/{edited}"]


def test_freshly_compiled_modules_run_compiled(tmp_path, monkeypatch):
    monkeypatch.setattr(native, "_PACKAGE_DIR", _fake_checkout(tmp_path, None))
    assert native.edited_since_compiled() == []


def test_an_installed_package_always_runs_compiled(tmp_path, monkeypatch):
    package = _fake_checkout(tmp_path, "matchers.py")
    (tmp_path / "pyproject.toml").unlink()  # site-packages: no project file beside the package
    monkeypatch.setattr(native, "_PACKAGE_DIR", package)
    assert native.edited_since_compiled() == []
