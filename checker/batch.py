"""Check many policies at once, in parallel worker processes.

The parent resolves the inputs (`checker.inputs`), loads the packs once (which
also reports a bad pack, configuration or `--set` before any work starts) and
hands them to each worker when the worker starts; every file is then read and
checked in a worker, and every result goes through the run's gate in the parent
(`checker.gate`). A file that cannot be read, or that trips a bug, becomes an
error entry: it never stops the others. With one job the same per-file function
runs in-process, so 1 and N jobs give identical results.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from checker.errors import ExitCode, InputError, UsageError
from checker.files import write_whole
from checker.inputs import STDIN, Input, resolve_inputs
from checker.render.safe import inert, one_line
from checker.results import DocumentResult, Report, Tally

if TYPE_CHECKING:
    from checker.config import Config
    from checker.gate import Gate
    from checker.model import PackSet

IN_FLIGHT_PER_JOB = 4  # files queued per worker: enough to keep it busy, few enough to keep memory flat


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass
class CheckSetup:
    """Everything a worker needs to check one file, shipped once per worker."""

    pack_set: PackSet
    settings: dict[str, str] = field(default_factory=dict)  # resolved: the packs' defaults and the values given
    stdin_format: str | None = None
    read_options: dict[str, Any] = field(default_factory=dict)


def check_path(item: Input, setup: CheckSetup) -> DocumentResult:
    """Read and check one policy; any failure becomes the document's error entry."""
    from checker.engine import check_document
    from checker.reading import read_document

    if item.problem:
        return DocumentResult(path=item.path, error=item.problem)
    path = item.path
    try:
        doc = read_document(path, stdin_format=setup.stdin_format, **setup.read_options)
        return check_document(doc, setup.pack_set, setup.settings)
    except InputError as exc:
        return DocumentResult(path=path, error=exc.problem)
    except Exception as exc:  # a bug on one odd file must not lose the rest of the batch
        return DocumentResult(path=path, error=f"internal error: {type(exc).__name__}: {exc}")


_WORKER_SETUP: CheckSetup | None = None


def _start_worker(setup: CheckSetup) -> None:
    import gc
    import signal

    # Ctrl-C reaches the whole process group: the main process stops the pool and says so,
    # the workers must not each print a KeyboardInterrupt traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    global _WORKER_SETUP
    _WORKER_SETUP = setup
    gc.freeze()  # the packs live as long as the worker: keep the collector off them


def _check_in_worker(index: int, item: Input) -> tuple[int, DocumentResult]:
    assert _WORKER_SETUP is not None, "worker started without its setup"
    return index, check_path(item, _WORKER_SETUP)


def worker_start_method() -> str | None:
    """How worker processes are started: forked when this process runs a single thread (they
    inherit the imported modules and the setup instead of unpickling them); otherwise by a
    fork server, since forking a process whose other threads may hold locks can deadlock the
    child (a library user's web server, say). None: the platform's default (spawn)."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and _runs_one_thread():
        return "fork"
    return "forkserver" if "forkserver" in methods else None


def _runs_one_thread() -> bool:
    """True when this process has no other thread, counting threads started outside the
    `threading` module (by C extensions, or `_thread` as pytest-xdist's execnet does), which
    `threading.active_count()` does not see: on Linux, the kernel's own list of them."""
    import os
    import threading

    if threading.active_count() != 1:
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:  # not Linux: what `threading` knows is all there is to ask
        return True


def iter_checked(
    paths: Sequence[Input], setup: CheckSetup, jobs: int = 1, ordered: bool = False
) -> Iterator[tuple[int, DocumentResult]]:
    """(input index, result) for every path: as files finish, or in input order with `ordered`.

    At most IN_FLIGHT_PER_JOB files per worker are queued at a time, so memory
    does not grow with the number of files."""
    jobs = max(1, min(jobs, len(paths)))
    if jobs == 1 or any(item.path == STDIN for item in paths):  # standard input can only be read here
        for index, path in enumerate(paths):
            yield index, check_path(path, setup)
        return
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    context = multiprocessing.get_context(worker_start_method())
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(setup,))
    complete = False
    try:
        queue = iter(enumerate(paths))
        pending: set[Future] = set()
        finished: dict[int, DocumentResult] = {}
        next_out = 0

        def refill() -> None:
            for index, path in queue:
                pending.add(pool.submit(_check_in_worker, index, path))
                if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                    break

        refill()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            pending.difference_update(done)
            for future in done:
                index, result = future.result()
                if not ordered:
                    yield index, result
                else:
                    finished[index] = result
            while next_out in finished:
                yield next_out, finished.pop(next_out)
                next_out += 1
            # In order, a slow file holds back the ones after it: stop queueing while too many
            # wait (the slow one is still pending, so this never stalls).
            if not ordered or len(finished) < jobs * IN_FLIGHT_PER_JOB:
                refill()
        complete = True
    finally:
        if complete:
            pool.shutdown(wait=True)
        else:
            # The reader went away or Ctrl-C: the queued files will never be reported, so stop
            # the workers now instead of waiting for them (a worker can then never hold us up).
            global _POOL_ABANDONED
            _POOL_ABANDONED = True
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)


# Set when a run was cut short while workers were busy: the pool's threads may then never
# finish, and the interpreter would wait for them at exit (see `pool_abandoned`).
_POOL_ABANDONED = False


def pool_abandoned() -> bool:
    """Whether a worker pool was left behind by a run cut short: the process must then end
    without waiting for the pool's threads (`os._exit`), or it can hang at exit."""
    return _POOL_ABANDONED


def prepare(
    inputs: Sequence[str],
    packs: Sequence[str] | None = None,
    settings: dict[str, str] | None = None,
    stdin_format: str | None = None,
    config: Config | None = None,
    read_options: dict[str, Any] | None = None,
    outputs: Sequence[str | Path] = (),
    *,
    force_exclude: bool = False,
) -> tuple[list[Input], CheckSetup]:
    """(the files to check, the setup for checking them). Loads the packs and checks the
    configuration and the settings once, before any file is read; `outputs` are the files
    this run writes, never read as policies (`force_exclude`: see `resolve_inputs`)."""
    from checker.packs import load_packs
    from checker.settings import resolve_settings

    pack_set = load_packs(packs)
    if config is not None:
        config.validate_against(pack_set, rules_too=not packs or tuple(packs) == config.packs)
    resolved = resolve_settings(pack_set, settings, config)
    setup = CheckSetup(pack_set, resolved, stdin_format, dict(read_options or {}))
    return resolve_inputs(inputs, config, outputs, force_exclude=force_exclude), setup


def check_all(
    paths: Sequence[Input],
    setup: CheckSetup,
    jobs: int = 1,
    on_progress: Callable[[int, int], None] | None = None,
) -> list[DocumentResult]:
    """Every path's result, in input order."""
    results: list[DocumentResult | None] = [None] * len(paths)
    for done, (index, result) in enumerate(iter_checked(paths, setup, jobs), start=1):
        results[index] = result
        if on_progress:
            on_progress(done, len(paths))
    return [r for r in results if r is not None]


def build_report(
    paths: Sequence[Input],
    setup: CheckSetup,
    jobs: int = 1,
    on_progress: Callable[[int, int], None] | None = None,
) -> Report:
    """The whole report before the gate, documents in input order (what `check` renders for
    every format but jsonl, once `checker.gate` has applied the project's decisions)."""
    from datetime import UTC, datetime

    from checker import __version__

    return Report(
        tool="privacylint",
        version=__version__,
        generated_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
        documents=tuple(check_all(paths, setup, jobs, on_progress)),
    )


def stream_jsonl(
    paths: Sequence[Input],
    setup: CheckSetup,
    out: IO[str],
    fail_on: str,
    gate: Gate,
    jobs: int = 1,
    ordered: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> Tally:
    """Write one gated JSON document result per line as each file finishes; return the totals."""
    import json

    from checker.render.json_report import document_dict

    tally = Tally()
    for done, (_, checked) in enumerate(iter_checked(paths, setup, jobs, ordered), start=1):
        result = inert(gate.document(checked))
        write_whole(out, json.dumps(document_dict(result), ensure_ascii=False) + "\n")
        tally.add(result, fail_on)
        if on_progress:
            on_progress(done, len(paths))
    return tally


class ProgressBar:
    """`[#####     ] 120/240 policies` on one line of a terminal; silent elsewhere."""

    WIDTH = 30

    def __init__(self, stream: IO[str] | None = None, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self._drawn = -1

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 1:
            return
        filled = self.WIDTH * done // total
        if filled == self._drawn and done != total:
            return  # redraw only when the bar moves: a terminal write per file is slow on big batches
        self._drawn = filled
        self.stream.write(f"\r[{'#' * filled}{' ' * (self.WIDTH - filled)}] {done}/{total} policies")
        if done == total:
            self.stream.write("\r" + " " * (self.WIDTH + 30) + "\r")  # leave the line clean for the summary
        self.stream.flush()


def run_jsonl(
    paths: Sequence[Input],
    setup: CheckSetup,
    gate: Gate,
    *,
    fail_on: str,
    jobs: int,
    ordered: bool,
    quiet: bool,
    refused: Sequence[str] = (),
) -> ExitCode:
    """`check --format jsonl`: stream the gated results to standard output, the summary to
    standard error. `refused` names the options given that need the whole report (outputs)."""
    if refused:
        needs = "needs" if len(refused) == 1 else "need"
        raise UsageError(
            f"--format jsonl streams each result as its file finishes; {' and '.join(refused)} "
            f"{needs} the whole report: use --format json"
        )
    progress = ProgressBar(enabled=False if quiet else None)
    tally = stream_jsonl(paths, setup, sys.stdout, fail_on, gate, jobs, ordered, progress)
    for path, error in tally.errors:
        sys.stderr.write(f"privacylint: error: {path}: {error}\n")
    for note in gate.notes():
        sys.stderr.write(f"privacylint: warning: {one_line(note)}\n")
    if not quiet:
        sys.stderr.write(f"privacylint: {tally.summary_line()}\n")
    return tally.exit_code()
