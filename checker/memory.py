"""Keep the C allocator returning large freed blocks to the system, for long inputs.

glibc's malloc serves a block of 128 KiB or more by mapping memory of its own, handed
back the moment it is freed, but each such block freed raises that threshold to its
size (up to 32 MiB). Checking a long policy frees many large blocks (stretches of text,
arrays that grew, lists of hits), so the arrays and lists made after them came from the
heap, whose freed memory stays with the process: a 5 MB policy peaked 12 MB higher.
Fixing the threshold at its starting value stops that, at the cost of a system call
per large block, which matters only for the few inputs long enough to ask for it.
"""

from __future__ import annotations

import sys

_M_MMAP_THRESHOLD = -3  # glibc's <malloc.h>
_THRESHOLD = 128 * 1024  # glibc's default, before any block raised it

_fixed = False


def return_large_blocks() -> None:
    """Fix glibc's threshold for mapped blocks (once per process; elsewhere, nothing)."""
    global _fixed
    if _fixed or not sys.platform.startswith("linux"):
        return
    _fixed = True
    import ctypes  # here, not at the top: only long inputs need it, and every start would load it

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # a C library without it: nothing to fix
        return
    mallopt(_M_MMAP_THRESHOLD, _THRESHOLD)


def give_back_free_heap() -> None:
    """Hand the C heap's free pages back to the system (glibc's `malloc_trim`; elsewhere,
    nothing). A long text's phrase search and pattern scans leave megabytes free in the
    middle of the heap, which the rules' many small blocks would not reuse before they
    counted again in the process's peak."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        malloc_trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    malloc_trim(0)
