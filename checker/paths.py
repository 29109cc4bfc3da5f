"""Paths as the user sees them: relative, with forward slashes, one spelling per file.

A policy can be named `p.md`, `./p.md`, `/home/runner/work/x/p.md` or
`sub/../p.md`. Reports must give all four the same name, or code scanning sees
four files and four alerts, and must not carry a CI runner's absolute path into
an artifact. Text, JSON, HTML and Markdown show paths relative to the working
directory (what an editor or a shell resolves); the code-scanning formats (SARIF,
GitHub annotations, GitLab Code Quality, JUnit's `file`) want them relative to
the repository root, which CI checks out as its working directory anyway.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

STDIN = "-"


@lru_cache(maxsize=8)
def _repository_root(cwd: str) -> str:
    """The nearest folder at or above `cwd` holding `.git` (a folder, or a file in a worktree);
    `cwd` itself when there is none. Found without running git."""
    folder = Path(cwd)
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return str(candidate)
    return cwd


def repository_root() -> Path:
    """The root that repository-relative paths count from: git's top level, or the working directory."""
    return Path(_repository_root(os.getcwd()))


def _relative(path: str, base: str) -> str:
    """Relative to `base` when the file is inside it; otherwise the normalised absolute path
    (a file outside the project has no shorter honest name, and `../../..` would hide where it is)."""
    if path == STDIN or not path:
        return path
    absolute = os.path.normpath(os.path.join(os.getcwd(), path))
    try:
        shown = os.path.relpath(absolute, base)
    except ValueError:  # another drive on Windows: there is no relative form
        shown = absolute
    if shown == os.pardir or shown.startswith(os.pardir + os.sep):
        shown = absolute
    return shown.replace("\\", "/")


def is_relative(shown: str) -> bool:
    return not os.path.isabs(shown)


def shown_path(path: str) -> str:
    """`path` relative to the working directory: `./p.md`, `p.md` and its absolute form all give `p.md`."""
    return _relative(path, os.getcwd())


def repository_path(path: str) -> str:
    """`path` relative to the repository root (see `repository_root`)."""
    return _relative(path, str(repository_root()))


def shown_source(source: str) -> str:
    """A `path:line` location (as a suppression's source) with its path made relative."""
    path, sep, line = source.rpartition(":")
    if sep and line.isdigit() and path:
        return f"{shown_path(path)}:{line}"
    return shown_path(source) if source else source
