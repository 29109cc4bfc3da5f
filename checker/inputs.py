"""Which files a run checks: the one place that turns paths, folders and globs into policy files.

Paths given on the command line are taken as named; folders and glob patterns
(`policies/**/*.md`, expanded here so that quoting them is safe) become the
policy files in them, filtered by the configuration's `include` and `exclude`.
Without paths, the configuration's `include` names the files.

What a pull request can put in a repository is untrusted, so:
- a symbolic link is followed only while it stays inside the folder being
  scanned (for a file named on the command line: the repository, or the working
  directory outside one); one that leaves it, or loops, becomes the file's
  error entry and is never read;
- links to folders are not walked into (no loops, no file found twice), and
  every real file is checked once, however many names lead to it;
- only regular files are picked up by folder walks (a FIFO or a device would
  hang or flood the run; named on the command line, reading refuses them);
- the run's own reports are never read as policies, and an output that would
  overwrite a policy being checked is refused.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from checker.errors import UsageError
from checker.paths import repository_root
from checker.paths import shown_path as shown
from checker.reading import POLICY_SUFFIXES

if TYPE_CHECKING:
    from checker.config import Config

GLOB_CHARACTERS = frozenset("*?[")
# Folders never worth walking for policies: version control, dependencies, environments.
SKIPPED_FOLDERS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", ".tox", "__pycache__"})
STDIN = "-"


@dataclass(frozen=True)
class Input:
    """One policy file of the run; `problem` is set when it is refused without being read."""

    path: str  # as shown in reports
    problem: str = ""


# -- paths as shown and compared ---------------------------------------------------


def relative_to(path: str, base: Path) -> str:
    """`path` (as given on the command line) relative to `base`, with '/' separators."""
    if path == STDIN:
        return STDIN
    absolute, base = Path(os.path.abspath(path)), Path(os.path.abspath(base))  # links not followed
    try:
        return absolute.relative_to(base).as_posix()
    except ValueError:
        return Path(os.path.relpath(absolute, base)).as_posix()


# -- globs --------------------------------------------------------------------------


@lru_cache(maxsize=256)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob over '/'-separated relative paths: `*` within a folder, `**` across folders."""
    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif pattern.startswith("**", i):
            out += ".*"
            i += 2
        elif pattern[i] == "*":
            out += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            out += "[^/]"
            i += 1
        else:
            out += re.escape(pattern[i])
            i += 1
    return re.compile(out + r"\Z")


def matches_any(relative_path: str, globs: Iterable[str]) -> bool:
    return any(glob_regex(g.removeprefix("./")).match(relative_path) for g in globs)


def _split_glob(pattern: str) -> tuple[Path, str]:
    """(the folder before the first wildcard, the rest of the pattern relative to it)."""
    parts = Path(pattern).parts
    fixed = next(i for i, part in enumerate(parts) if GLOB_CHARACTERS & set(part))
    folder = Path(*parts[:fixed]) if fixed else Path(".")
    return folder, "/".join(parts[fixed:])


# -- walking folders ----------------------------------------------------------------


def walk(folder: Path) -> Iterator[Input]:
    """Every regular file below `folder` (links to files inside it included, each real file
    once per walk; links that leave it or loop as refused inputs), except `SKIPPED_FOLDERS`."""
    root = folder.resolve()
    for current, dirs, files in os.walk(folder):  # does not descend into links to folders
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_FOLDERS)
        for name in sorted(files):
            path = Path(current) / name
            found = _walked_file(path, root)
            if found is not None:
                yield found


def _walked_file(path: Path, root: Path) -> Input | None:
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            target = path.resolve(strict=True)
            if not target.is_relative_to(root):
                return Input(shown(path), _leaves(root))
            info = target.stat()
    except RuntimeError:  # Path.resolve on a link loop (Python < 3.13)
        return Input(shown(path), LOOP)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Input(shown(path), LOOP)
        return None  # a dangling link or a file removed meanwhile: nothing to check
    return Input(shown(path)) if stat.S_ISREG(info.st_mode) else None


LOOP = "is a symbolic link that loops (it points back to itself); it was not read"


def _leaves(root: Path) -> str:
    return (
        f"is a symbolic link to a file outside {shown(root) or '.'}, so it was not read "
        "(a link in a scanned folder must stay inside it: copy the file in instead)"
    )


# -- the resolver -------------------------------------------------------------------


def resolve_inputs(
    paths: Sequence[str],
    config: Config | None = None,
    outputs: Sequence[str | Path] = (),
    *,
    force_exclude: bool = False,
) -> list[Input]:
    """The policy files a run checks, in order, each real file once.

    `config` supplies include/exclude (and the files to check when `paths` is empty);
    `outputs` are the files the run will write: refused as inputs, skipped in walks.
    A file named on the command line is checked even if `exclude` matches it, unless
    `force_exclude` (what a pre-commit hook wants: it names every changed file)."""
    include, exclude = (config.include, config.exclude) if config else ((), ())
    base_dir = config.base_dir if config else Path.cwd()
    written = {_identity(Path(p)) for p in outputs}
    written.discard(None)
    found: list[Input] = []
    if not paths:
        if not include:
            named = config.path if config else None
            where = f" and {named} has no `include`" if named else " and no privacylint.yaml was found"
            raise UsageError(f"no PATHS given{where}; name the policy files or folders to check")
        found = sorted((i for i in walk(base_dir) if _wanted(i.path, include, exclude, base_dir)), key=_order)
        if not found:
            raise UsageError(f"{config.path}: include {list(include)} matches no file")
    for item in paths:
        if item == STDIN:
            found.append(Input(STDIN))
        elif GLOB_CHARACTERS & set(item) and not os.path.lexists(item):
            folder, pattern = _split_glob(item)
            matched = sorted(
                (
                    i
                    for i in walk(folder)
                    if glob_regex(pattern).match(relative_to(i.path, folder))
                    and not _excluded(i.path, exclude, base_dir)
                ),
                key=_order,
            )
            if not matched:
                raise UsageError(f"{item}: the pattern matches no file")
            found.extend(matched)
        elif os.path.isdir(item):
            matched = sorted((i for i in walk(Path(item)) if _wanted(i.path, include, exclude, base_dir)), key=_order)
            if not matched:
                raise UsageError(f"{item}: the folder holds no policy ({', '.join(POLICY_SUFFIXES)})")
            found.extend(matched)
        elif force_exclude and _excluded(item, exclude, base_dir):
            continue
        else:
            if _identity(Path(item)) in written:
                raise UsageError(
                    f"{item} is both a policy to check and an output of this run; "
                    "write the report to another file (--output FORMAT:OTHER-PATH)"
                )
            found.append(_named_file(item))
    return _once_each(found, written)


def _order(item: Input) -> str:
    return item.path


def _wanted(path: str, include: Sequence[str], exclude: Sequence[str], base_dir: Path) -> bool:
    """A walked file is checked when the `include` globs (else the policy suffixes) take it
    and `exclude` does not."""
    if include:
        if not matches_any(relative_to(path, base_dir), include):
            return False
    elif Path(path).suffix.lower() not in POLICY_SUFFIXES:
        return False
    return not _excluded(path, exclude, base_dir)


def _excluded(path: str, exclude: Sequence[str], base_dir: Path) -> bool:
    return bool(exclude) and matches_any(relative_to(path, base_dir), exclude)


def _named_file(item: str) -> Input:
    """A file named on the command line: a link must stay inside the repository (or the
    working directory outside one); the reader refuses what is not a regular file."""
    path = Path(item)
    if not path.is_symlink():
        return Input(item)
    root = repository_root()
    try:
        target = path.resolve(strict=True)
    except RuntimeError:
        return Input(item, LOOP)
    except OSError as exc:
        return Input(item, LOOP) if exc.errno == errno.ELOOP else Input(item)  # missing: the reader says so
    return Input(item) if target.is_relative_to(root) else Input(item, _leaves(root))


def _identity(path: Path) -> tuple[int, int] | str | None:
    """What makes two names the same file: device and inode when it exists, else the resolved path."""
    try:
        info = path.stat()
        return (info.st_dev, info.st_ino)
    except OSError:
        try:
            return str(path.resolve())
        except (OSError, RuntimeError):
            return None


def _once_each(found: list[Input], written: set) -> list[Input]:
    out: list[Input] = []
    seen: set = set()
    for item in found:
        if item.path == STDIN or item.problem:
            out.append(item)
            continue
        identity = _identity(Path(item.path))
        if identity in written:
            continue  # a report of an earlier run, about to be rewritten: not a policy
        if identity is not None and identity in seen:
            continue
        seen.add(identity)
        out.append(item)
    return out
