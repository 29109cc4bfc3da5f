"""SARIF 2.1.0: valid against the official schema, and shaped the way GitHub code scanning accepts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from checker.api import check_paths as build_report
from checker.engine import check_document
from checker.packs import load_packs
from checker.reading import parse_text
from checker.render import sarif
from checker.results import DocumentResult, PackInfo, Report, Suppression
from tests.test_render_html import INVISIBLES, crafted_result, hostile_report

HERE = Path(__file__).parent
SCHEMA = json.loads((HERE / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
DEV_POLICIES = sorted(str(p) for p in (HERE / "fixtures" / "dev" / "policies").glob("*.txt"))


def validate(log: dict) -> None:
    errors = sorted(Draft7Validator(SCHEMA).iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


@pytest.fixture(scope="module")
def dev_log() -> dict:
    report = build_report([*DEV_POLICIES, str(HERE / "fixtures" / "reports" / "no-such-policy.txt")])
    return json.loads(sarif.render(report))


def test_valid_against_the_official_schema(dev_log):
    validate(dev_log)
    validate(json.loads(sarif.render(hostile_report())))


def test_one_run_with_a_complete_driver(dev_log):
    assert dev_log["version"] == "2.1.0" and len(dev_log["runs"]) == 1
    driver = dev_log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "privacylint" and driver["version"] and driver["informationUri"].startswith("https://")


def test_rules_are_deduplicated_and_results_point_at_them(dev_log):
    run = dev_log["runs"][0]
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert len(ids) == len(set(ids)), "GitHub rejects duplicate rule ids"
    assert run["results"], "the dev policies have failures"
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1
        assert result["message"]["text"]


def test_each_failure_is_a_result_with_level_from_severity_and_line_from_the_engine():
    report = build_report(DEV_POLICIES)
    run = json.loads(sarif.render(report))["runs"][0]
    failures = [(d, r) for d in report.documents for r in d.results if r.status == "fail"]
    assert len(run["results"]) == len(failures)
    for (doc, r), result in zip(failures, run["results"], strict=True):
        assert result["ruleId"] == r.rule
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[r.severity]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {
            "uri": str(Path(doc.path).relative_to(HERE.parent)),
            "uriBaseId": "%SRCROOT%",
        }
        assert location["region"]["startLine"] == r.location_line
    rule = next(rule for rule in run["tool"]["driver"]["rules"] if rule["id"] == failures[0][1].rule)
    assert rule["help"]["text"] and rule["fullDescription"]["text"] and rule["properties"]["citation"]
    assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")


def test_rule_url_becomes_help_uri():
    doc = DocumentResult(
        path="p.txt", results=(crafted_result(url="https://example.org/rule"), crafted_result(rule="b"))
    )
    rules = json.loads(sarif.render(Report("privacylint", "1", "2026-01-02T03:04:05+00:00", (doc,))))["runs"][0]
    by_id = {r["id"]: r for r in rules["tool"]["driver"]["rules"]}
    assert by_id["demo.rule"]["helpUri"] == "https://example.org/rule"
    assert "helpUri" not in by_id["b"]


def test_fingerprints_survive_edits_above_the_finding():
    pack_set = load_packs()
    policy = "Privacy policy\n\nWe are Example Ltd.\n\nYour rights\nYou may ask for a copy of your data.\n"
    before = check_document(parse_text(policy, "site/privacy.md"), pack_set)
    after = check_document(parse_text("Intro.\n\n\n" + policy, "site/privacy.md"), pack_set)

    def prints(doc):
        log = json.loads(sarif.render(Report("privacylint", "1", "2026-01-02T03:04:05+00:00", (doc,))))
        return {r["ruleId"]: r["partialFingerprints"] for r in log["runs"][0]["results"]}

    assert prints(before) and prints(before) == prints(after)


def test_unreadable_policy_is_a_notification_and_hashes_are_recorded(dev_log):
    run = dev_log["runs"][0]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "no-such-policy.txt" in invocation["toolExecutionNotifications"][0]["message"]["text"]
    hashes = [a.get("hashes", {}).get("sha-256") for a in run["artifacts"]]
    assert all(len(h) == 64 for h in hashes[:-1])


def test_hostile_text_is_clean_json():
    text = sarif.render(hostile_report())
    assert not any(ch in text for ch in INVISIBLES)
    json.loads(text)


def test_accepted_failure_is_a_suppressed_result():
    accepted = crafted_result(suppression=Suppression("Reviewed by legal", "policy.md:3", "inline"))
    doc = DocumentResult(path="p.txt", packs=(PackInfo("demo", "Demo", "1"),), results=(accepted,))
    log = json.loads(sarif.render(Report("privacylint", "1", "2026-01-02T03:04:05+00:00", (doc,))))
    validate(log)
    suppression = log["runs"][0]["results"][0]["suppressions"][0]
    assert suppression["kind"] == "inSource" and suppression["justification"] == "Reviewed by legal"
