"""The engine compiled by mypyc and its Python source: the same results; an install says which it runs."""

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


def test_version_says_whether_the_engine_is_compiled():
    out = _run(["-m", "checker", "--version"], pure=False)
    assert out.startswith("privacylint ")
    expected = "compiled with mypyc" if native.compiled_installed() else "pure Python"
    assert f"({expected}, Python" in out


def test_a_pure_python_install_holds_no_extension_and_runs_the_source():
    if native.compiled_installed():
        pytest.skip("this is a compiled install")
    assert not _uses_compiled(pure=False)
    package = Path(native.__file__).parent
    assert not [p for suffix in EXTENSION_SUFFIXES for p in package.rglob("*" + suffix)]


def test_the_compiled_modules_exist_as_source():
    # Also in a compiled install: PRIVACYLINT_PURE_PYTHON=1 runs them.
    installed_at = Path(native.__file__).parent.parent
    for module in native.COMPILED_MODULES:
        assert (installed_at / native.module_file(module)).is_file(), module


def test_asking_for_a_compiled_build_that_cannot_be_made_fails_loudly():
    import importlib.util

    if importlib.util.find_spec("mypyc") is not None:
        pytest.skip("mypyc is installed here, so the build would compile instead")
    if importlib.util.find_spec("setuptools") is None:
        pytest.skip("setuptools (a build requirement) is not installed here (Python 3.12+ venvs come without it)")
    env = {**os.environ, "PRIVACYLINT_COMPILE": "1"}
    done = subprocess.run(
        [sys.executable, "setup.py", "build_ext"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode != 0
    assert "PRIVACYLINT_COMPILE is set but mypyc is not installed" in done.stderr
