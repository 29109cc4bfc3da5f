"""Build step beyond pyproject.toml: the engine's hot modules compiled with mypyc, on request.

By default the package installs as pure Python: a universal wheel, no compiler
needed. With PRIVACYLINT_COMPILE=1 (release wheels), mypyc (pinned in
build_support/privacylint_build.py) turns the type-annotated modules listed in
`checker/native.py` into C extensions that do the same thing faster
(docs/performance.md); if that is impossible (no mypyc, a type error, no C
compiler) the build fails with the reason instead of quietly installing Python.
Compiled builds are for wheels: an editable install always runs the source.
"""

from __future__ import annotations

import os
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_support.privacylint_build import compile_requested
from checker.native import COMPILED_MODULES, module_file

# mypyc's runtime library for the compiled modules: checker/compiled__mypyc.<suffix>.
RUNTIME_GROUP = "checker.compiled"
# Commands that only read the package's metadata: they need no compiler.
METADATA_ONLY = {"egg_info", "dist_info", "sdist"}


class CompileOrFail(build_ext):
    """Compiling was asked for: a missing compiler is an error, not a silent Python install."""

    def run(self) -> None:
        if self.inplace:
            _fail("compiled builds are for wheels (pip wheel . / cibuildwheel); an editable install runs the source")
        try:
            super().run()
        except Exception as exc:  # setuptools raises several unrelated types for a missing compiler
            _fail(f"could not compile the engine's modules: {exc}")


def _fail(message: str) -> None:
    raise SystemExit(f"privacylint build: error: {message} (unset PRIVACYLINT_COMPILE for a pure-Python build)")


def _remove_leftover_extensions() -> None:
    """A checkout may hold extensions an older in-place build compiled: Python would import them
    ahead of the edited source, so a pure-Python build removes them."""
    package = Path(__file__).resolve().parent / "checker"
    for suffix in EXTENSION_SUFFIXES:
        for path in package.rglob("*" + suffix):
            path.unlink()


def compiled_extensions() -> list:
    if not compile_requested():
        _remove_leftover_extensions()
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        if METADATA_ONLY & set(sys.argv):
            return []  # the backend is still asking which build requirements to install (mypy among them)
        _fail("PRIVACYLINT_COMPILE is set but mypyc is not installed in the build environment")
    sources = [module_file(name) for name in COMPILED_MODULES]
    # The modules they import run as Python; libraries without type information are taken as they come.
    options = ["--follow-imports=silent", "--ignore-missing-imports"]
    try:
        return mypycify([*options, *sources], opt_level="3", debug_level="0", group_name=RUNTIME_GROUP)
    except (Exception, SystemExit) as exc:  # mypyc exits on a type error
        _fail(f"mypyc could not compile the engine ({exc!r})")


extensions = compiled_extensions()
setup(ext_modules=extensions, cmdclass={"build_ext": CompileOrFail} if extensions else {})
