"""Compiled built-in packs, cached on disk between processes.

Compiling the built-in packs (YAML, schema, ~70k expanded phrase patterns) takes
about half a second; unpickling the result takes a tenth of that. That is the
difference between a snappy and a sluggish `privacylint check one-file.md`.
Only built-in packs are cached (a user's own pack is compiled each time, so
its errors are always reported). The key covers every pack file's path and
bytes and the source of the modules whose objects are pickled, so an edited
pack or a new privacylint version never reads a stale entry.
PRIVACYLINT_CACHE_DIR moves the cache; set it empty to turn it off.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import ahocorasick

from checker import matchers as matchers_module
from checker.model import PackSet
from checker.resources import data_dir

_COMPILED_FORMAT = "1"
_COMPILED_BY = (
    "hits.py",
    "phrases.py",
    "match_context.py",
    "matchers.py",
    "packs.py",
    "pack_compiler.py",
    "model.py",
    "conditions.py",
    "tokens.py",
    "re2text.py",
    "extractors.py",
    "yamlfile.py",
)
_COMPILED_KEEP = 4  # entries kept: a pack author's edits would otherwise pile up


def _cache_dir() -> Path | None:
    configured = os.environ.get("PRIVACYLINT_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "privacylint"


def cache_file(pack_files: list[list[Path]]) -> Path | None:
    """Where the compiled form of packs made of these files is kept; None: no cache."""
    root = _cache_dir()
    if root is None:
        return None
    digest = hashlib.sha256(f"{_COMPILED_FORMAT} {sys.version_info[:2]}".encode())
    here = Path(__file__).parent
    try:
        for name in _COMPILED_BY:
            digest.update((here / name).read_bytes())
        digest.update((data_dir("checker.schemas") / "rule-pack.schema.json").read_bytes())
        # Compiled (mypyc) and Python classes of the same name pickle differently: a key each.
        digest.update(str(matchers_module.__file__).encode())
        automaton_module = os.stat(ahocorasick.__file__)  # its pickles are its own format: a new build, a new key
        digest.update(f"{ahocorasick.__file__} {automaton_module.st_size} {automaton_module.st_mtime_ns}".encode())
        for files in pack_files:
            for file in files:
                digest.update(f"\0{file.resolve()}\0".encode())
                digest.update(file.read_bytes())
    except OSError:  # let the real load report it
        return None
    return root / f"packs-{digest.hexdigest()[:40]}.pickle"


def read(file: Path) -> PackSet | None:
    try:
        stream = file.open("rb")
    except OSError:
        return None
    try:
        # Unpickled from the file as it is read, not from its bytes: the ~10 MB of a whole
        # cache entry would otherwise sit beside the packs it becomes, the high-water mark
        # of checking a small policy.
        with stream, gc_paused():
            pack_set = pickle.load(stream)
    except Exception:  # a corrupt or foreign entry (or unreadable): compile instead
        return None
    return pack_set if isinstance(pack_set, PackSet) else None


def write(file: Path, pack_set: PackSet) -> None:
    import tempfile  # only when the packs were compiled: a run that reads the cache needs none of it

    try:
        file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # pickles are code: keep the folder private
        with tempfile.NamedTemporaryFile(dir=file.parent, prefix=".packs-", delete=False) as out:
            out.write(pickle.dumps(pack_set, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(out.name, file)  # atomic: parallel workers never read half a file
        entries = sorted(file.parent.glob("packs-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in entries[_COMPILED_KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home or a full disk only costs speed


@contextmanager
def gc_paused() -> Iterator[None]:
    """Build long-lived objects without the cyclic collector rescanning them as they grow.

    On the way out they are frozen (moved out of the collector's sight, as
    `gc.freeze` does before a fork): compiled packs live as long as the process,
    and otherwise the next collections would walk all ~200k of them again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
