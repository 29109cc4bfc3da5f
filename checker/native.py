"""Which engine modules a compiled wheel holds as C extensions (mypyc, setup.py), and whether they run.

An install is pure Python (the default: `pip install .`, editable installs) or
compiled (a wheel built with PRIVACYLINT_COMPILE=1); `privacylint --version`
says which. In a compiled install every listed module is an extension beside
its source (`matchers.cpython-311-….so` next to `matchers.py`), and Python
imports an extension before a source; PRIVACYLINT_PURE_PYTHON=1 runs the source
instead (debugging, or comparing the two). Compiled or not, the engine gives
identical results (tests/test_native.py).

This module is imported by setup.py: it imports nothing of the package.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path

# The modules where the engine spends its time, per document and per token.
COMPILED_MODULES = (
    "checker.tokens",
    "checker.hits",
    "checker.phrases",
    "checker.match_context",
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


class _SourceFinder:
    """Imports the compiled modules from their Python source.

    A meta path finder is any object with `find_spec`; it does not derive from
    `importlib.abc.MetaPathFinder`, whose module imports importlib.resources, tempfile,
    shutil and the compression modules into every run (3 MB) for a base class."""

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname in COMPILED_MODULES:
            return importlib.util.spec_from_file_location(fullname, _installed_file(fullname))
        return None


def prefer_sources_if_asked() -> None:
    """With PRIVACYLINT_PURE_PYTHON=1, run the Python source of every compiled module.

    All or none: compiled modules call each other directly, so mixing sources and
    extensions would still run compiled code."""
    if pure_python_requested() and not any(isinstance(finder, _SourceFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _SourceFinder())


def runs_compiled(module_file: str) -> bool:
    """Whether the module whose `__file__` this is runs as its compiled extension, not its source."""
    return not module_file.endswith(".py")


def compiled_in_use() -> bool:
    """Whether the engine runs compiled (imports the modules it asks about)."""
    modules = [importlib.import_module(name) for name in COMPILED_MODULES]
    return all(runs_compiled(str(module.__file__)) for module in modules)


def compiled_installed() -> bool:
    """Whether this install holds the compiled modules (whether or not they run)."""
    return all(
        any(_installed_file(name, suffix).exists() for suffix in importlib.machinery.EXTENSION_SUFFIXES)
        for name in COMPILED_MODULES
    )


def build_kind() -> str:
    """How this install runs the engine, as `privacylint --version` says it."""
    if not compiled_installed():
        return "pure Python"
    if pure_python_requested():
        return "compiled with mypyc, running the Python source: PRIVACYLINT_PURE_PYTHON=1"
    return "compiled with mypyc"
