"""The build backend: setuptools, plus mypyc only when a compiled build is asked for.

`pip install .` builds a pure-Python, universal wheel (py3-none-any) in seconds
with no compiler. `PRIVACYLINT_COMPILE=1` (release wheels, see
.github/workflows/release.yml) adds the pinned mypy to the build requirements,
and setup.py then compiles the engine's hot modules or fails.
"""

from __future__ import annotations

import os

from setuptools import build_meta
from setuptools.build_meta import *  # noqa: F403 - the backend hooks setuptools provides

# Pinned: a new mypy may reject code or compile it differently; raise it deliberately.
MYPYC_REQUIREMENT = "mypy==2.4.1"


def compile_requested() -> bool:
    return os.environ.get("PRIVACYLINT_COMPILE", "").strip() not in ("", "0")


def get_requires_for_build_wheel(config_settings=None):
    extra = [MYPYC_REQUIREMENT] if compile_requested() else []
    return [*build_meta.get_requires_for_build_wheel(config_settings), *extra]


def get_requires_for_build_editable(config_settings=None):
    return build_meta.get_requires_for_build_editable(config_settings)
