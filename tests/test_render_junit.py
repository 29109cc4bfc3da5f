"""JUnit XML: a suite per policy, a case per requirement, parseable whatever the policy contains."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from checker.api import check_paths as build_report
from checker.render import junit
from checker.results import Applicability, DocumentResult, PackInfo, Report, Suppression
from tests.test_render_html import INVISIBLES, crafted_result, hostile_report

HERE = Path(__file__).parent
DEV_POLICIES = sorted(str(p) for p in (HERE / "fixtures" / "dev" / "policies").glob("*.txt"))


def test_suite_per_policy_case_per_requirement():
    report = build_report([*DEV_POLICIES[:2], str(HERE / "fixtures" / "reports" / "no-such-policy.txt")])
    root = ET.fromstring(junit.render(report))
    suites = root.findall("testsuite")
    relative = [str(Path(d.path).relative_to(HERE.parent)) for d in report.documents]
    assert [s.get("name") for s in suites] == relative
    for suite, doc, path in zip(suites[:2], report.documents[:2], relative, strict=False):
        cases = suite.findall("testcase")
        assert [(c.get("classname"), c.get("file"), c.get("name")) for c in cases] == [
            (path, path, r.rule) for r in doc.results
        ]
        assert int(suite.get("failures")) == len(suite.findall("testcase/failure")) == doc.count("fail")
        assert int(suite.get("skipped")) == len(suite.findall("testcase/skipped")) == doc.count("not_applicable")
        failed = next(r for r in doc.results if r.status == "fail")
        failure = suite.find(f"testcase[@name='{failed.rule}']/failure")
        assert failure.get("message") == failed.message
        assert " ".join(failed.remediation.split()) in " ".join(failure.text.split())
    unreadable = suites[2]
    assert unreadable.get("errors") == "1" and "no such file" in unreadable.find("testcase/error").get("message")
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites)


def test_not_applicable_is_skipped_with_the_reason():
    skipped = crafted_result(status="not_applicable", applicability=Applicability(False, "setting", "no children"))
    doc = DocumentResult(path="p.txt", packs=(PackInfo("demo", "Demo", "1"),), results=(skipped,))
    root = ET.fromstring(junit.render(Report("privacylint", "1", "2026-01-02T03:04:05+00:00", (doc,))))
    assert root.find("testsuite/testcase/skipped").get("message") == "no children"


def test_accepted_failure_does_not_fail_the_suite():
    accepted = crafted_result(suppression=Suppression("Reviewed by legal", "policy.md:3"))
    doc = DocumentResult(path="p.txt", packs=(PackInfo("demo", "Demo", "1"),), results=(accepted,))
    root = ET.fromstring(junit.render(Report("privacylint", "1", "2026-01-02T03:04:05+00:00", (doc,))))
    assert root.find("testsuite").get("failures") == "0"
    assert "Reviewed by legal" in root.find("testsuite/testcase/skipped").get("message")


def test_hostile_policy_parses_and_keeps_its_text_literal():
    xml = junit.render(hostile_report())
    root = ET.fromstring(xml)  # raises if escaping or illegal characters went wrong
    assert not any(ch in xml for ch in INVISIBLES)
    assert "<script>" not in xml
    outputs = " ".join(e.text or "" for e in root.iter("system-out"))
    assert '<script>alert("evidence")</script>' in outputs, "the quote survives, as text"
    assert root.find("testsuite").get("name") == '<img src=x onerror="alert(2)">.txt'
