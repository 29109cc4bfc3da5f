"""Reading and writing the user's files safely.

Reading (policies, packs, configuration, baselines) takes regular files only
and stops at a size limit, so a FIFO, a device or an endless stream can neither
hang a run nor exhaust its memory. Writing (reports, baselines, a starter
configuration) goes to a temporary file beside the target, renamed over it:
a reader never sees half a report, two runs writing the same path leave one
whole report, and a failed write leaves the previous file as it was.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import IO

from checker.errors import InputError

_PIPE_HINT = " (to check a stream, pipe it to standard input: privacylint check - < FILE)"


def size_text(size: int) -> str:
    return f"{size / 2**20:.0f} MiB" if size >= 2**20 else f"{size} bytes"


def write_whole(stream: IO[str], text: str) -> None:
    """Write all of `text` to a text stream (standard output) or raise OSError.

    A large write to a pipe whose reader has gone can come back short with no error from
    Python's buffered writer: the rest would be lost silently and the run end as if complete.
    Writing the rest raises BrokenPipeError instead."""
    binary = getattr(stream, "buffer", None)
    if binary is None:
        stream.write(text)
        stream.flush()
        return
    data = memoryview(text.encode(stream.encoding or "utf-8", stream.errors or "strict"))
    stream.flush()
    while data:
        written = binary.write(data)
        data = data[written if written is not None else 0 :]
    binary.flush()


def write_text_atomically(path: Path, text: str) -> None:
    """Write `text` as UTF-8 to `path` in one step; raises OSError as `open` would."""
    import tempfile  # here, not at the top: most runs write no file (tempfile imports shutil, random, bz2 …)

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)  # what a plain open() would have created
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_regular_file(path: str | Path, max_bytes: int, limit_hint: str = "") -> bytes:
    """The bytes of a regular file, at most `max_bytes` of them. A FIFO, a device or a socket
    is refused without blocking on it (opened non-blocking, checked after opening, so it cannot
    be swapped in between), and the read stops at the limit whatever the file claims its size is.
    Problems are InputErrors naming the file; `limit_hint` says how to raise the limit."""
    path = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(path, "is a symbolic link that loops (it points back to itself)") from None
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(path, "is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                path,
                f"is {_file_kind(info.st_mode)}, not a regular file; only regular files are read"
                + (_PIPE_HINT if stat.S_ISFIFO(info.st_mode) else ""),
            )
        if info.st_size > max_bytes:
            raise InputError(path, f"is {size_text(info.st_size)}; the limit is {size_text(max_bytes)}{limit_hint}")
        with os.fdopen(fd, "rb", closefd=False) as file:
            data = file.read(max_bytes + 1)
        if len(data) > max_bytes:  # grew while being read
            raise InputError(path, f"is larger than the limit of {size_text(max_bytes)}{limit_hint}")
        return data
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"
