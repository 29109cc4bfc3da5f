"""Build step beyond pyproject.toml: the engine's hot modules compiled to C with mypyc.

mypyc (part of mypy, a build-time requirement only) turns the type-annotated
modules listed in `checker/native.py` into C extensions; they do the same thing
as their Python source, faster (docs/performance.md has the figures). The
package stays pure Python where compiling is not possible or not wanted:

- PRIVACYLINT_PURE_PYTHON=1 at install time skips compiling;
- no mypyc, a type error mypyc rejects, or no C compiler: the build warns and installs
  the Python modules (CI checks that its install is compiled).

At run time the compiled modules are used unless PRIVACYLINT_PURE_PYTHON=1 is set
or, in a checkout, a Python file of the package changed after they were compiled
(`checker/native.py`).
"""

from __future__ import annotations

import os
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checker.native import COMPILED_MODULES, module_file, pure_python_requested

# mypyc's runtime library for the compiled modules: checker/compiled__mypyc.<suffix>.
RUNTIME_GROUP = "checker.compiled"
RUNTIME_LIBRARY = RUNTIME_GROUP.rpartition(".")[2] + "__mypyc"


class OptionalBuildExt(build_ext):
    """Compile the extensions if possible; without a C compiler, fall back to the Python modules."""

    def run(self) -> None:
        if self.inplace:
            _remove_extensions_no_longer_compiled()
        try:
            super().run()
        except Exception as exc:  # setuptools raises several unrelated types for a missing compiler
            # All or none: the compiled modules share one runtime library.
            for output in self.get_outputs():
                if os.path.exists(output):
                    os.remove(output)
            _warn(f"could not compile the engine's modules ({exc}); installing the pure-Python version")


def _remove_extensions_no_longer_compiled() -> None:
    """In a checkout, a module dropped from COMPILED_MODULES must not leave its extension behind:
    Python would import it before the source, and it needs a runtime library that no longer has it."""
    for suffix in EXTENSION_SUFFIXES:
        keep = {module_file(name, suffix) for name in COMPILED_MODULES}
        for path in Path("checker").rglob("*" + suffix):
            if path.as_posix() not in keep and not path.name.startswith(RUNTIME_LIBRARY):
                path.unlink()


def _warn(message: str) -> None:
    print(f"privacylint build: warning: {message}", file=sys.stderr)


def compiled_extensions() -> list:
    if pure_python_requested():
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        _warn("mypyc is not available; installing the pure-Python version")
        return []
    sources = [module_file(name) for name in COMPILED_MODULES]
    # Type errors in the compiled modules stop the build (CI compiles them); the modules they
    # import run as Python, and the libraries without type information are taken as they come.
    options = ["--follow-imports=silent", "--ignore-missing-imports"]
    try:
        return mypycify([*options, *sources], opt_level="3", debug_level="0", group_name=RUNTIME_GROUP)
    except (Exception, SystemExit) as exc:  # mypyc exits on a type error, e.g. one a newer mypy finds
        _warn(f"mypyc could not compile the engine ({exc!r}); installing the pure-Python version")
        return []


setup(ext_modules=compiled_extensions(), cmdclass={"build_ext": OptionalBuildExt})
