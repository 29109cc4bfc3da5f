"""Which engine modules are compiled to C (by mypyc, in setup.py), and when their Python source runs instead.

A compiled module is an extension beside its source (`matchers.cpython-311-….so`
next to `matchers.py`), and Python imports an extension before a source. The
source runs instead when:

- PRIVACYLINT_PURE_PYTHON=1 is set (debugging, or comparing the two), or
- in a checkout, where an editable install compiles in place, a Python file of the
  package is newer than the compiled modules: an edit takes effect without
  rebuilding (`pip install -e .` compiles them again).

Compiled or not, the engine gives identical results (tests/test_native.py).
This module is imported by setup.py: it imports nothing of the package.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path

# The modules where the engine spends its time, per document and per token.
COMPILED_MODULES = (
    "checker.tokens",
    "checker.matchers",
    "checker.document",
    "checker.parsers.text",
    "checker.parsers.markdown",
    "checker.parsers.html",
    "checker.engine",
    "checker.re2text",
)

_PACKAGE_DIR = Path(__file__).resolve().parent


def pure_python_requested() -> bool:
    return os.environ.get("PRIVACYLINT_PURE_PYTHON", "").strip() not in ("", "0")


def module_file(module: str, suffix: str = ".py") -> str:
    """checker.parsers.text → checker/parsers/text.py, relative to the project (or site-packages)."""
    return "/".join(module.split(".")) + suffix


def _installed_file(module: str, suffix: str = ".py") -> Path:
    """checker.parsers.text → <package>/parsers/text.py (or another suffix)."""
    return _PACKAGE_DIR.parent / module_file(module, suffix)


def _extension(module: str) -> Path | None:
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = _installed_file(module, suffix)
        if candidate.exists():
            return candidate
    return None


def _in_checkout() -> bool:
    return (_PACKAGE_DIR.parent / "pyproject.toml").is_file()


def edited_since_compiled() -> list[str]:
    """In a checkout, the package's Python files changed after its modules were compiled.

    Any file of the package counts, not only the compiled ones: compiled code was
    built against the types of the modules it imports, and calls them accordingly."""
    if not _in_checkout():
        return []
    extensions = [path for path in map(_extension, COMPILED_MODULES) if path is not None]
    if not extensions:
        return []
    compiled_at = min(path.stat().st_mtime for path in extensions)
    return sorted(
        str(source.relative_to(_PACKAGE_DIR.parent))
        for source in _PACKAGE_DIR.rglob("*.py")
        if source.stat().st_mtime > compiled_at
    )


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Imports the compiled modules from their Python source."""

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname in COMPILED_MODULES:
            return importlib.util.spec_from_file_location(fullname, _installed_file(fullname))
        return None


def prefer_sources_when_needed() -> None:
    """Run the Python source of every compiled module, if asked to or if the package was edited.

    All or none: compiled modules call each other directly, so mixing a fresh source
    with a stale extension would still run the stale code."""
    if any(isinstance(finder, _SourceFinder) for finder in sys.meta_path):
        return
    if pure_python_requested() or edited_since_compiled():
        sys.meta_path.insert(0, _SourceFinder())


def compiled_in_use() -> bool:
    """Whether the engine runs compiled (imports the modules it asks about)."""
    modules = [importlib.import_module(name) for name in COMPILED_MODULES]
    return all(not str(module.__file__).endswith(".py") for module in modules)
