"""Terminal escape sequences, C1 controls and bidi overrides from a policy, a file name, a pack or a
suppression reason never reach a terminal or a report raw, in any format."""

from __future__ import annotations

import json
import re

import pytest

from checker.render.safe import clean_text

from conftest import FIXTURES, run_cli

TITLE = "\x1b]0;PWNED\x07"
CLEAR = "\x1b[2J"
HOSTILE = (
    f"# Privacy {TITLE}policy\n\n"
    f"We are Example Ltd{CLEAR}, the controller. Contact privacy@example.com.\n\n"
    f"We keep your data for 30 days{CLEAR} after you close your account.\u202e esrever \u202c\x9b31m red\n\n"
    "<!-- privacylint-disable gdpr.dpo-contact: ok\x1b[31m because -->\n"
)
RAW = ("\x1b", "\x9b", "\u202e", "[2J", "]0;PWNED")


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "policy\x1b[2J.md"
    (tmp_path / name).write_text(HOSTILE)
    return name


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html", "sarif", "junit", "jsonl"])
def test_no_format_passes_escape_sequences_through(hostile, fmt):
    result = run_cli("check", hostile, "--format", fmt, "--fail-on", "never", "--no-color")
    assert result.exit_code == 0, result.output
    for raw in RAW:
        assert raw not in result.stdout, (fmt, raw)
        assert raw not in result.stderr, (fmt, raw)
    if fmt == "json":
        quotes = [e["text"] for r in json.loads(result.stdout)["documents"][0]["results"] for e in r["evidence"]]
        assert any(q.startswith("We keep your data for 30 days after you close your account.") for q in quotes)


def test_error_lines_name_hostile_files_inertly(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "missing\x1b]0;PWNED\x07.md")
    assert result.exit_code == 4
    assert "\x1b" not in result.stderr and "PWNED" not in result.stderr


def test_a_hostile_pack_title_is_shown_inertly(tmp_path):
    pack = (FIXTURES / "packs" / "demo" / "pack.yaml").read_text()
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "pack.yaml").write_text(
        re.sub(r"(?m)^(\s+)name: .*$", r'\1name: "Demo \\e]0;PWNED\\a\\e[2J pack"', pack, count=1)
    )
    (folder / "rules.yaml").write_text((FIXTURES / "packs" / "demo" / "rules.yaml").read_text())
    listed = run_cli("rules", "list", "--pack", folder)
    assert listed.exit_code == 0, listed.output
    assert "Demo  pack" in listed.stdout
    assert "\x1b" not in listed.stdout and "PWNED" not in listed.stdout


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\x1b]0;title\x07b", "ab"),
        ("a\x1b]8;;https://x.example\x1b\\link", "alink"),
        ("x\x1b[1;31my", "xy"),
        ("quote cut inside \x1b[3", "quote cut inside "),
        ("c1\x9b2Jz", "c1z"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
    ],
)
def test_escape_sequences_are_removed_whole(raw, shown):
    assert clean_text(raw) == shown
