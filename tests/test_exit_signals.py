"""An incomplete run never exits 0: the reader of standard output going away (`| head`)
exits 141, Ctrl-C exits 130. Real processes, real pipes, real signals."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DEMO_PACK, FIXTURES

PROJECT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(os.name != "posix", reason="pipes and signals as on POSIX")


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    """Enough policies that the output overflows a pipe's buffer and checking takes a while."""
    folder = tmp_path_factory.mktemp("many")
    for i in range(300):
        shutil.copy(FIXTURES / "gate" / "policy.md", folder / f"policy-{i:03}.md")
    return folder


def _interruptible() -> None:
    # A command run in the background by a non-interactive shell (`… &`, as CI may start
    # us) inherits SIGINT ignored, and Python then never installs its Ctrl-C handler.
    # A terminal's Ctrl-C reaches a process that does not ignore it: start as one.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(*args: object) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "checker", "check", *map(str, args), "--pack", DEMO_PACK]
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, preexec_fn=_interruptible)


def test_jsonl_into_head_exits_141_not_0(many):
    # --fail-on never: a complete run would exit 0, so only the broken pipe can make it non-zero.
    process = start(many, "--format", "jsonl", "--fail-on", "never", "-j", "2")
    first = process.stdout.readline()  # `| head -1`
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert first.startswith(b'{"path": ')
    assert "output closed before the report was complete" in stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_report_cut_short_exits_141(many, fmt):
    process = start(many, "--format", fmt, "--fail-on", "never", "-j", "1")
    process.stdout.read(100)  # `| head -c 100`
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_exits_130_without_tracebacks(many, jobs):
    process = start(many, "--format", "jsonl", "--fail-on", "never", "-j", jobs)
    assert process.stdout.readline()  # checking has begun
    os.kill(process.pid, signal.SIGINT)  # what the terminal sends on Ctrl-C (the workers ignore it)
    process.stdout.read()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 130
    assert "privacylint: interrupted" in stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr


def test_a_complete_run_into_a_pipe_keeps_its_exit_code(many):
    process = start(many / "policy-000.md", "--format", "json", "--fail-on", "warning")
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 1
    assert output.rstrip().endswith(b"}")
