"""Each problem is one line on standard error saying what is wrong and what to do — never an
`internal error`, a Python repr, or a third-party library's own log lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DEMO_PACK, FIXTURES
from conftest import run_cli as run

PROJECT = Path(__file__).resolve().parent.parent
POLICY = (FIXTURES / "gate" / "policy.md").read_text()


def privacylint(*args: object, stdout=subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    """A real process: what reaches the terminal, including what libraries print themselves."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    command = [sys.executable, "-m", "checker", *map(str, args)]
    return subprocess.run(command, stdout=stdout, stderr=subprocess.PIPE, text=True, env=env, timeout=120)


def one_error_line(stderr: str) -> str:
    errors = [line for line in stderr.splitlines() if line.startswith("privacylint: error:")]
    assert len(errors) == 1, stderr
    assert "internal error" not in stderr and "Traceback" not in stderr
    return errors[0]


# -- PDF ---------------------------------------------------------------------------------------


def pdf(objects: list[bytes]) -> bytes:
    """A PDF with a correct cross-reference table."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def one_page_pdf(sentence: bytes) -> bytes:
    content = b"BT /F1 12 Tf 72 720 Td (" + sentence + b") Tj ET"
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def test_a_pdf_beyond_the_readers_safety_limits_is_a_clear_input_error(tmp_path):
    # Page-tree nodes nested 150 deep: the PDF reader stops at its limit (a hostile file's trick).
    depth = 150
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        parent = b" /Parent %d 0 R" % (level + 1) if level else b""
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1%s >>" % (level + 3, parent))
    objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] >>" % (depth + 1))
    deep = tmp_path / "deep.pdf"
    deep.write_bytes(pdf(objects))
    done = privacylint("check", deep, "--pack", DEMO_PACK)
    assert done.returncode == 4
    line = one_error_line(done.stderr)
    assert line.startswith(f"privacylint: error: {deep}: ")
    assert "LimitReachedError" not in line
    if "safety limit" not in line:  # an older pypdf may call it damaged instead
        assert "not a readable PDF" in line


def test_the_pdf_readers_own_log_lines_do_not_reach_stderr(tmp_path):
    policy = one_page_pdf(b"You may ask us to delete your personal data. Email privacy@example.com.")
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(policy.replace(b"%PDF-1.4\n", b"%PDF-1.4\n%shifted\n", 1))  # every offset now wrong
    done = privacylint("check", damaged, "--pack", DEMO_PACK, "--format", "json", "-q")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # pypdf's "incorrect startxref pointer" is not printed bare
    document = json.loads(done.stdout)["documents"][0]
    assert any("damaged and was repaired" in w for w in document["warnings"]), document["warnings"]
    assert any(r["rule"] == "demo.contact" and r["status"] == "pass" for r in document["results"])


# -- standard output ---------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize(
    "command",
    [
        ("check", FIXTURES / "gate" / "policy.md", "--pack", DEMO_PACK),
        ("check", FIXTURES / "gate" / "policy.md", "--pack", DEMO_PACK, "--format", "jsonl"),
        ("rules", "list"),
    ],
)
def test_a_full_device_is_a_write_error_not_an_internal_error(command):
    with open("/dev/full", "w") as full:
        done = privacylint(*command, stdout=full)
    assert done.returncode == 2
    line = one_error_line(done.stderr)
    assert line.startswith("privacylint: error: standard output: cannot write (No space left on device)")
    assert "--output" in line
    assert "Exception ignored" not in done.stderr


# -- text encodings ----------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_with_a_warning(tmp_path, encoding):
    policy = tmp_path / "privacy.md"
    policy.write_bytes(POLICY.replace("privacy@", "données@").encode(encoding))
    result = run("check", policy, "--pack", DEMO_PACK, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)["documents"][0]
    assert document["encoding"] == encoding
    assert any(f"read as {encoding.upper()}" in w for w in document["warnings"])
    assert any("données@example.com" in e["text"] for r in document["results"] for e in r.get("evidence", []))


def test_binary_data_with_nul_bytes_is_still_called_binary(tmp_path):
    blob = tmp_path / "blob.md"
    blob.write_bytes(bytes(range(256)) * 20)
    result = run("check", blob, "--pack", DEMO_PACK)
    assert result.exit_code == 4
    assert "looks like a binary file" in result.stderr


# -- rule packs ------------------------------------------------------------------------------


def _rule(rule_id: str, reads: str) -> str:
    return f"""\
  - id: {rule_id}
    title: Rule {rule_id}
    severity: warning
    citation: Cycle Art. 1
    description: A rule whose applicability reads another rule.
    remediation: Say it, e.g. "We keep your data for one year."
    applicability:
      - when: {{rule: {reads}, status: fail}}
        then: not_applicable
        reason: the other rule fails
      - otherwise: applicable
    match:
      phrases: ["one year"]
    examples:
      pass: ["We keep your data for one year."]
      fail: ["We keep your data for a while."]
"""


def test_rules_validate_refuses_the_applicability_cycle_that_check_refuses(tmp_path):
    pack = tmp_path / "cycle.yaml"
    pack.write_text(
        "pack:\n  id: cycle\n  name: Cycle\n  version: '1.0'\nrules:\n"
        + _rule("cycle.first", "cycle.second")
        + _rule("cycle.second", "cycle.first")
    )
    checked = run("check", FIXTURES / "gate" / "policy.md", "--pack", pack)
    validated = run("rules", "validate", pack)
    assert checked.exit_code == validated.exit_code == 3
    assert "rules depend on each other in a cycle: cycle.first → cycle.second → cycle.first" in validated.stderr
    assert validated.stderr == checked.stderr
    assert " ok " not in validated.stdout


def test_rules_validate_still_accepts_a_pack_reading_another_packs_rule(tmp_path):
    pack = tmp_path / "reader.yaml"
    pack.write_text("pack:\n  id: reader\n  name: Reader\n  version: '1.0'\nrules:\n" + _rule("reader.one", "demo.dpo"))
    validated = run("rules", "validate", pack)
    assert validated.exit_code == 0, validated.output
    assert run("rules", "validate").exit_code == 0  # the built-in packs


def _pack_with(tmp_path: Path, rule_lines: str, name: str = "pack.yaml") -> Path:
    pack = tmp_path / name
    pack.write_text(
        "pack:\n  id: msg\n  name: Messages\n  version: '1.0'\nrules:\n"
        "  - id: msg.one\n    title: One\n    severity: warning\n    citation: Msg Art. 1\n"
        '    description: A rule.\n    remediation: Say "We keep your data for one year."\n'
        + rule_lines
        + "    examples:\n      pass: ['We keep your data for one year.']\n      fail: ['We hold nothing.']\n"
    )
    return pack


@pytest.mark.parametrize(
    ("pattern", "said"),
    [
        ("(?<!not )keep", "`(?<!` is a look-behind: look-arounds and back-references are not supported"),
        ("keep(?= your)", "`(?=` is a look-ahead: look-arounds and back-references are not supported"),
        ("(keep) \\\\1", "`\\1` is a back-reference: look-arounds and back-references are not supported"),
        ("keep{1001}", "repetition `{1001}` is too large for RE2"),
        ("[keep", "missing ]: [keep"),
    ],
)
def test_re2_errors_are_sentences_with_file_and_line(tmp_path, pattern, said):
    pack = _pack_with(tmp_path, f'    match:\n      regex: "{pattern}"\n')
    result = run("rules", "validate", pack)
    assert result.exit_code == 3
    line = one_error_line(result.stderr)
    assert line.startswith(f"privacylint: error: {pack}:13: rules[0].match.regex: invalid regular expression")
    assert said in line
    assert "b'" not in line and 'b"' not in line  # not a Python bytes repr


@pytest.mark.parametrize("character", ["\x07", "\x1b", "\x7f"])
def test_control_characters_in_a_pack_are_reported_with_file_and_line(tmp_path, character):
    pack = _pack_with(tmp_path, "    match:\n      phrases: ['one year']\n")
    pack.write_text(pack.read_text().replace("title: One", f"title: On{character}e"))
    result = run("rules", "validate", pack)
    assert result.exit_code == 3
    line = one_error_line(result.stderr)
    code = f"U+{ord(character):04X}"
    assert line.startswith(f"privacylint: error: {pack}:7: invalid YAML: control character {code} is not allowed")
    assert character not in line
    assert "position" not in result.stderr and "<unicode string>" not in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_given_as_a_pack_is_named_as_such(tmp_path):
    fifo = tmp_path / "pack.yaml"
    os.mkfifo(fifo)
    for command in (("rules", "validate", fifo), ("check", FIXTURES / "gate" / "policy.md", "--pack", fifo)):
        done = privacylint(*command)
        assert done.returncode == 3
        line = one_error_line(done.stderr)
        assert line == (
            f"privacylint: error: {fifo}: is not a regular file or a folder (a FIFO, socket or device?); "
            "a pack is a YAML file, or a folder with a pack.yaml"
        )
