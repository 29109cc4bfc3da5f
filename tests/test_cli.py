"""The command line, through click's CliRunner, as users and CI call it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import DEMO_PACK, DEV_POLICIES, FIXTURES
from conftest import run_cli as run

REPORT_SCHEMA = json.loads((FIXTURES.parent / "data" / "report.schema.json").read_text())
POLICY = (
    "# Policy\n\nLast updated: 17 May 2018\n\nYou may ask us to delete your personal data. Email privacy@example.com.\n"
)


@pytest.fixture
def policy(tmp_path):
    path = tmp_path / "policy.md"
    path.write_text(POLICY)
    return path


def test_text_output_groups_by_document_with_a_summary(policy):
    result = run("check", "--pack", DEMO_PACK, policy)
    assert result.exit_code == 0  # only warnings and infos fail; the default --fail-on is error
    assert str(policy) in result.stdout
    assert "✓ demo.erasure" in result.stdout
    assert "line 5: “You may ask us to delete your personal data.”" in result.stdout
    assert f"{policy}:1: warning demo.dpo Missing:" in result.stdout  # path:line: severity rule-id message
    assert "– demo.parental-consent" in result.stdout
    assert result.stdout.count("1 policy checked:") == 1
    assert "policy checked" not in result.stderr  # the summary is said once
    assert "\x1b[" not in result.stdout  # no colour when not a terminal


def test_fail_on_decides_the_exit_code(policy):
    assert run("check", "--pack", DEMO_PACK, policy, "--fail-on", "never").exit_code == 0
    assert run("check", "--pack", DEMO_PACK, policy, "--fail-on", "info").exit_code == 1
    complete = policy.parent / "complete.md"
    complete.write_text(POLICY + "\nWe collect your name and email address. Our DPO is Jane Roe. Ref AB-1234.\n")
    assert run("check", "--pack", DEMO_PACK, complete, "--fail-on", "warning").exit_code == 0
    assert run("check", "--pack", DEMO_PACK, complete, "--fail-on", "info").exit_code == 1  # demo.no-sale


def test_json_output_conforms_to_the_report_schema():
    result = run("check", *DEV_POLICIES, "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    jsonschema.validate(report, REPORT_SCHEMA)
    assert [d["path"] for d in report["documents"]] == [str(p.relative_to(Path.cwd())) for p in DEV_POLICIES]
    first = report["documents"][0]
    assert first["sha256"] and first["packs"]
    assert all(r["evidence"] for r in first["results"] if r["status"] == "pass")


def test_output_writes_further_formats_in_the_same_run(policy, tmp_path):
    target = tmp_path / "out" / "report.json"
    result = run("check", "--pack", DEMO_PACK, policy, "--output", f"json:{target}", "--fail-on", "never")
    assert result.exit_code == 0
    assert "✓ demo.erasure" in result.stdout
    jsonschema.validate(json.loads(target.read_text()), REPORT_SCHEMA)


def test_stdin_with_declared_format():
    result = run("check", "--pack", DEMO_PACK, "-", "--stdin-format", "markdown", "--format", "json", stdin=POLICY)
    doc = json.loads(result.stdout)["documents"][0]
    assert doc["path"] == "-" and doc["format"] == "markdown"


def test_usage_errors_exit_2(policy):
    assert run("check", "--pack", DEMO_PACK, policy, "--format", "pdf").exit_code == 2
    bad_set = run("check", "--pack", DEMO_PACK, policy, "--set", "audience=kids")
    assert bad_set.exit_code == 2
    assert bad_set.stderr.strip().splitlines() == [
        "privacylint: error: setting audience='kids': choose one of children, general, unknown"
    ]
    assert run("check", "--pack", "no-such-pack", policy).exit_code == 2
    assert run("check", "--pack", DEMO_PACK, policy, "--output", "json").exit_code == 2


def test_invalid_pack_exits_3_with_one_line(policy, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text('pack: {id: bad, name: B, version: "1.0"}\nrules:\n  - id: bad.x\n    title: 3\n')
    result = run("check", "--pack", bad, policy)
    assert result.exit_code == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"privacylint: error: {bad}:3: rules[0]: ")
    assert "Traceback" not in result.output


def test_unreadable_input_exits_4_but_other_files_are_still_checked(policy, tmp_path):
    missing = tmp_path / "missing.md"
    result = run("check", "--pack", DEMO_PACK, policy, missing, "--format", "json")
    assert result.exit_code == 4  # errors outrank findings
    documents = json.loads(result.stdout)["documents"]
    assert [d["path"] for d in documents] == [str(policy), str(missing)]
    assert documents[1]["error"] == "no such file" and documents[1]["results"] == []
    assert f"privacylint: error: {missing}: no such file" in result.stderr


def test_folders_expand_to_the_policies_inside(tmp_path, policy):
    (tmp_path / "notes.bin").write_bytes(b"\x00")
    result = run("check", "--pack", DEMO_PACK, tmp_path, "--format", "json", "--fail-on", "never")
    assert [d["path"] for d in json.loads(result.stdout)["documents"]] == [str(policy)]


def test_rules_list_show_validate_and_test():
    listed = run("rules", "list", "--pack", DEMO_PACK)
    assert listed.exit_code == 0 and "demo.erasure" in listed.stdout and "Demo Art. 1" in listed.stdout
    shown = run("rules", "show", "demo.parental-consent", "--pack", DEMO_PACK)
    assert shown.exit_code == 0
    for part in ("citation:    Demo Art. 7", "applies when: The service is directed to children.", "How to fix:"):
        assert part in shown.stdout
    assert "Examples that pass" in shown.stdout and "are not applicable" in shown.stdout
    assert run("rules", "show", "demo.nope", "--pack", DEMO_PACK).exit_code == 2
    validated = run("rules", "validate", DEMO_PACK)
    assert validated.exit_code == 0 and "ok — pack demo 1.0, 8 rules" in validated.stdout
    schema = json.loads(run("rules", "schema").stdout)
    assert schema["title"] == "privacylint rule pack" and "rule" in schema["$defs"]
    tested = run("rules", "test", "--pack", DEMO_PACK)
    assert tested.exit_code == 0 and tested.stdout.strip().endswith("0 failed")


def test_rules_test_reports_a_wrong_example(tmp_path):
    pack = tmp_path / "p.yaml"
    pack.write_text(
        'pack: {id: p, name: P, version: "1.0"}\nrules:\n  - id: p.r\n    title: R\n    severity: info\n'
        "    citation: C\n    description: D\n    remediation: F\n    match: {phrases: [cookie]}\n"
        '    examples:\n      pass: ["We use cookies."]\n      fail: ["No cookies here."]\n'
    )
    result = run("rules", "test", "--pack", pack)
    assert result.exit_code == 1
    assert f"{pack}:12: p.r: expected fail, got pass" in result.stdout


def test_eval_prints_scores_and_json(tmp_path):
    labels = FIXTURES / "dev" / "labels.yaml"
    text = run("eval", labels)
    assert text.exit_code == 0 and "macro-F1" in text.stdout and "missing-disclosure P" in text.stdout
    data = json.loads(run("eval", labels, "--format", "json").stdout)
    assert data["corpora"][0]["policies"] == 5
    assert {"macro_f1", "missing_precision", "missing_recall"} <= set(data["overall"])


def test_python_dash_m_checker_works():
    out = subprocess.run([sys.executable, "-m", "checker", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("privacylint 0.")
