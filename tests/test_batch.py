"""Batch mode: `check --jobs N`, `--format jsonl`, `--sorted`, globs, and errors that stay local."""

from __future__ import annotations

import json
import os
import shutil
import threading

import pytest
from click.testing import CliRunner

from checker.batch import ProgressBar, worker_start_method
from checker.cli import cli
from checker.errors import UsageError
from checker.inputs import resolve_inputs

from conftest import DEV_POLICIES, FIXTURES

EXAMPLES = FIXTURES.parent.parent / "examples"
EXAMPLE_FILES = ("privacy-policy.md", "incomplete-policy.txt")
# Relative, as reports show paths inside the working directory (tests run from the repository root).
POLICIES = [os.path.relpath(p) for p in DEV_POLICIES] + [os.path.relpath(EXAMPLES / name) for name in EXAMPLE_FILES]


def run(*args):
    return CliRunner().invoke(cli, ["check", *map(str, args)])


def without_timestamp(report_json: str) -> dict:
    report = json.loads(report_json)
    report.pop("generated_at")
    return report


def jsonl_documents(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_one_and_two_jobs_give_identical_reports():
    one = run(*POLICIES, "--format", "json", "--jobs", "1", "--fail-on", "never")
    two = run(*POLICIES, "--format", "json", "--jobs", "2", "--fail-on", "never")
    assert one.exit_code == two.exit_code == 0, one.output + two.output
    assert without_timestamp(one.stdout) == without_timestamp(two.stdout)
    assert [d["path"] for d in json.loads(two.stdout)["documents"]] == POLICIES  # input order, whatever finished first


def test_workers_are_not_forked_from_a_process_running_other_threads(tmp_path):
    # A library user's multi-threaded program: forking it can deadlock the workers, so they
    # come from a fork server instead, and get the packs and the configuration pickled;
    # the results are the same as in one process.
    from checker.api import check_paths
    from checker.config import load_config

    config_file = tmp_path / "privacylint.yaml"
    config_file.write_text("severity:\n  gdpr.dpo-contact: info\n")
    config = load_config(config_file)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        assert worker_start_method() in ("forkserver", None)
        two = check_paths(POLICIES[:3], jobs=2, config=config)
    finally:
        stop.set()
        other.join()
    one = check_paths(POLICIES[:3], jobs=1, config=config)
    assert [d.results for d in two.documents] == [d.results for d in one.documents]
    assert {r.severity for d in two.documents for r in d.results if r.rule == "gdpr.dpo-contact"} == {"info"}


def test_jsonl_has_one_parseable_line_per_input_and_matches_json():
    streamed = run(*POLICIES, "--format", "jsonl", "--jobs", "2", "--fail-on", "never")
    assert streamed.exit_code == 0, streamed.output
    documents = jsonl_documents(streamed.stdout)
    assert sorted(d["path"] for d in documents) == sorted(POLICIES)
    whole = json.loads(run(*POLICIES, "--format", "json", "--jobs", "1", "--fail-on", "never").stdout)
    by_path = {d["path"]: d for d in documents}
    assert [by_path[d["path"]] for d in whole["documents"]] == whole["documents"]
    assert "7 policies checked" in streamed.stderr


def test_sorted_jsonl_keeps_input_order():
    reversed_inputs = list(reversed(POLICIES))
    streamed = run(*reversed_inputs, "--format", "jsonl", "--jobs", "2", "--sorted", "--fail-on", "never")
    assert [d["path"] for d in jsonl_documents(streamed.stdout)] == reversed_inputs


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_an_unreadable_file_does_not_stop_the_others(tmp_path, fmt):
    binary = tmp_path / "broken.txt"
    binary.write_bytes(b"\x00\x01\x02 not a policy")
    missing = tmp_path / "missing.md"
    inputs = [POLICIES[0], str(binary), str(missing), POLICIES[1]]
    result = run(*inputs, "--format", fmt, "--jobs", "2", "--fail-on", "never", "--sorted")
    assert result.exit_code == 4
    documents = jsonl_documents(result.stdout) if fmt == "jsonl" else json.loads(result.stdout)["documents"]
    assert [d["path"] for d in documents] == inputs
    errors = {d["path"]: d.get("error") for d in documents}
    assert errors[str(binary)] and errors[str(missing)]
    assert not errors[POLICIES[0]] and not errors[POLICIES[1]]
    assert all(d["results"] for d in documents if not d.get("error"))
    assert f"{missing}: no such file" in result.stderr


def test_exit_code_reports_findings_in_jsonl():
    result = run(EXAMPLES / "incomplete-policy.txt", "--format", "jsonl", "--fail-on", "error")
    assert result.exit_code == 1
    assert jsonl_documents(result.stdout)[0]["summary"]["fail"] > 0


def _paths(inputs):
    return [i.path for i in resolve_inputs(inputs)]


def test_glob_patterns_are_expanded_here(tmp_path, monkeypatch):
    (tmp_path / "policies" / "eu").mkdir(parents=True)
    shutil.copy(DEV_POLICIES[0], tmp_path / "policies" / "a.txt")
    shutil.copy(DEV_POLICIES[1], tmp_path / "policies" / "eu" / "b.txt")
    (tmp_path / "policies" / "eu" / "notes.md").write_text("# Notes\n\nWe collect data.\n")
    monkeypatch.chdir(tmp_path)
    assert _paths(["policies/**/*.txt"]) == ["policies/a.txt", "policies/eu/b.txt"]
    assert _paths(["policies/*.txt", "policies/eu"]) == [
        "policies/a.txt",
        "policies/eu/b.txt",
        "policies/eu/notes.md",
    ]
    result = run("policies/**/*.txt", "--format", "jsonl", "--sorted", "--fail-on", "never")
    assert [d["path"] for d in jsonl_documents(result.stdout)] == ["policies/a.txt", "policies/eu/b.txt"]
    with pytest.raises(UsageError, match="matches no file"):
        resolve_inputs(["policies/**/*.html"])


def test_folders_are_walked_without_version_control_or_dependency_folders(tmp_path, monkeypatch):
    # The library (`checker.check_paths`) and the CLI walk folders the same way.
    from checker.api import check_paths

    for folder in ("site", "site/.git", "site/node_modules/pkg", "site/legal"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    for name in ("site/.git/notes.md", "site/node_modules/pkg/README.md", "site/legal/privacy.md"):
        shutil.copy(DEV_POLICIES[0], tmp_path / name)
    monkeypatch.chdir(tmp_path)
    assert _paths(["site"]) == ["site/legal/privacy.md"]
    assert [d.path for d in check_paths(["site"]).documents] == ["site/legal/privacy.md"]
    result = run("site", "--format", "jsonl", "--fail-on", "never")
    assert [d["path"] for d in jsonl_documents(result.stdout)] == ["site/legal/privacy.md"]


def test_jsonl_refuses_options_that_need_the_whole_report(tmp_path):
    result = run(POLICIES[0], "--format", "jsonl", "--output", f"json:{tmp_path / 'r.json'}")
    assert result.exit_code == 2
    assert "--format json" in result.stderr


def test_progress_bar_only_on_a_terminal(tmp_path):
    class Terminal:
        def __init__(self, tty: bool) -> None:
            self.tty, self.written = tty, ""

        def isatty(self) -> bool:
            return self.tty

        def write(self, text: str) -> None:
            self.written += text

        def flush(self) -> None:
            pass

    for tty in (True, False):
        stream = Terminal(tty)
        bar = ProgressBar(stream)
        for done in range(1, 11):
            bar(done, 10)
        assert ("10/10 policies" in stream.written) is tty
    quiet = Terminal(True)
    ProgressBar(quiet, enabled=False)(5, 10)
    assert quiet.written == ""


def test_workers_are_not_forked_from_a_thread_the_threading_module_does_not_know() -> None:
    # A thread started with _thread (C extensions, pytest-xdist's execnet) may hold locks a
    # forked child would inherit locked; threading.active_count() does not count it.
    import _thread

    if not os.path.isdir("/proc/self/task"):
        pytest.skip("needs Linux's /proc to count every thread")
    started, stop = _thread.allocate_lock(), _thread.allocate_lock()
    started.acquire()
    stop.acquire()

    def wait() -> None:
        started.release()
        stop.acquire()

    _thread.start_new_thread(wait, ())
    started.acquire()
    try:
        assert worker_start_method() in ("forkserver", None)
    finally:
        stop.release()
