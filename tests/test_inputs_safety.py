"""Untrusted inputs cannot lose, expose or hang anything: outputs never overwrite or get read as
policies, links do not leave the scanned folder, only regular files are read, reads are bounded."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from checker.inputs import resolve_inputs

from conftest import DEV_POLICIES, run_cli

SECRET = "AKIA-SECRET-TOKEN-4242"


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A repository with a policy folder; the working directory is its root."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "policies").mkdir()
    shutil.copy(DEV_POLICIES[0], tmp_path / "policies" / "privacy.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def documents(result) -> list[dict]:
    return json.loads(result.stdout)["documents"]


def test_an_output_that_is_an_input_is_refused_and_the_policy_is_untouched(site):
    policy = site / "policies" / "privacy.txt"
    before = policy.read_bytes()
    result = run_cli("check", "policies/privacy.txt", "--output", "json:policies/privacy.txt")
    assert result.exit_code == 2
    assert "both a policy to check and an output of this run" in result.stderr
    assert policy.read_bytes() == before
    # Another name for the same file is the same file.
    result = run_cli("check", "policies/privacy.txt", "--output", f"json:{site}/policies/../policies/privacy.txt")
    assert result.exit_code == 2
    assert policy.read_bytes() == before


def test_a_report_written_into_the_scanned_folder_is_not_read_as_a_policy(site):
    first = run_cli("check", "policies", "--output", "html:policies/report.html", "--format", "json")
    assert (site / "policies" / "report.html").is_file()
    second = run_cli("check", "policies", "--output", "html:policies/report.html", "--format", "json")
    assert [d["path"] for d in documents(first)] == [d["path"] for d in documents(second)] == ["policies/privacy.txt"]


def test_two_runs_writing_the_same_output_leave_one_whole_report(site):
    command = [sys.executable, "-m", "checker", "check", "policies", "--fail-on", "never", "-q"]
    for _ in range(3):
        runs = [
            subprocess.Popen([*command, "--output", "json:out/report.json"], stdout=subprocess.DEVNULL)
            for _ in range(2)
        ]
        assert [p.wait(timeout=120) for p in runs] == [0, 0]
        json.loads((site / "out" / "report.json").read_text())  # whole, valid JSON
    assert not [p for p in (site / "out").iterdir() if p.name != "report.json"]  # no temporary left behind


def test_a_link_leaving_the_scanned_folder_is_refused_and_never_quoted(site):
    (site.parent / "secrets.txt").write_text(f"Our privacy policy. Contact: {SECRET}\n")
    os.symlink(site.parent / "secrets.txt", site / "policies" / "leak.txt")
    result = run_cli("check", "policies", "--format", "json")
    assert result.exit_code == 4  # an unreadable input outranks findings
    by_path = {d["path"]: d for d in documents(result)}
    assert "outside policies" in by_path["policies/leak.txt"]["error"]
    assert by_path["policies/privacy.txt"]["results"]  # the others are still checked
    assert SECRET not in result.stdout + result.stderr
    # Named on the command line, a link must stay inside the repository.
    named = run_cli("check", "policies/leak.txt", "--format", "json")
    assert named.exit_code == 4 and SECRET not in named.stdout + named.stderr


def test_links_inside_the_folder_are_checked_once_and_directory_loops_do_not_hang(site):
    os.symlink("privacy.txt", site / "policies" / "alias.txt")
    (site / "policies" / "eu").mkdir()
    os.symlink("..", site / "policies" / "eu" / "up")  # a loop for any walker that follows folder links
    os.symlink("self.txt", site / "policies" / "self.txt")  # points at itself
    found = resolve_inputs(["policies/**/*.txt"])
    assert [(i.path, bool(i.problem)) for i in found] == [
        ("policies/alias.txt", False),
        ("policies/self.txt", True),
    ]
    assert "loops" in found[1].problem
    result = run_cli("check", "policies", "--format", "json")
    assert result.exit_code == 4
    assert [d["path"] for d in documents(result)] == ["policies/alias.txt", "policies/self.txt"]
    assert "internal error" not in result.stdout + result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_refused_named_and_skipped_in_folders(site):
    os.mkfifo(site / "policies" / "pipe.md")
    result = run_cli("check", "policies/pipe.md")
    assert result.exit_code == 4
    assert "named pipe (FIFO), not a regular file" in result.stderr
    walked = run_cli("check", "policies", "--format", "json")
    assert [d["path"] for d in documents(walked)] == ["policies/privacy.txt"]


def test_devices_are_refused_and_standard_input_stops_at_the_limit(site):
    if os.path.exists("/dev/zero"):
        result = run_cli("check", "/dev/zero")
        assert result.exit_code == 4 and "is a device" in result.stderr
    flood = "We collect your name. " * 100_000  # 2.2 MB
    result = run_cli("check", "-", "--max-input-size", "1", stdin=flood)
    assert result.exit_code == 4
    assert "larger than the limit of 1 MiB" in result.stderr


def test_a_symlinked_config_baseline_or_pack_cannot_hang_a_run(site):
    os.mkfifo(site / "baseline.json")
    result = run_cli("check", "policies", "--baseline", "baseline.json")
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr
