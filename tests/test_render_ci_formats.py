"""The CI formats in daily use: JUnit in GitLab, SARIF in code scanning, GitHub
annotations and GitLab Code Quality, all naming a policy one way however its path was typed."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from checker.api import check_paths
from checker.render import github, gitlab, junit, sarif
from checker.results import DocumentResult, PackInfo, Report, Suppression
from tests.test_render_html import crafted_result

from conftest import DEMO_PACK, run_cli

HERE = Path(__file__).parent
SCHEMA = json.loads((HERE / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
# Open gaps for the demo pack: no contact channel, no DPO, no categories; erasure is met.
POLICY = "# Privacy policy\n\n## Your rights\n\nYou may ask us to delete your personal data.\n"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository with two policies in legal/, the run started in legal/."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    legal = root / "legal"
    legal.mkdir()
    (legal / "privacy.md").write_text(POLICY, encoding="utf-8")
    (legal / "cookies.md").write_text(POLICY.replace("Privacy policy", "Cookie notice"), encoding="utf-8")
    monkeypatch.chdir(legal)
    return root


def report_of(*paths: str) -> Report:
    return check_paths(list(paths), [DEMO_PACK])


# -- JUnit ---------------------------------------------------------------------------


def test_junit_keys_each_test_by_policy_so_gitlab_keeps_every_policy(repo):
    root = ET.fromstring(junit.render(report_of("privacy.md", "cookies.md")))
    keys = [(case.get("classname"), case.get("name")) for case in root.iter("testcase")]
    assert len(keys) == len(set(keys)), "GitLab keeps only the first test of a (classname, name)"
    privacy = root.find("testsuite[@name='legal/privacy.md']")
    assert privacy is not None
    cases = privacy.findall("testcase")
    assert {c.get("classname") for c in cases} == {c.get("file") for c in cases} == {"legal/privacy.md"}
    assert [c.get("name") for c in cases][:2] == ["demo.erasure", "demo.contact"]


# -- SARIF ---------------------------------------------------------------------------


def _sarif(report: Report) -> dict:
    log = json.loads(sarif.render(report))
    errors = sorted(Draft7Validator(SCHEMA).iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    return log


def test_sarif_names_a_policy_one_way_however_its_path_was_typed(repo, monkeypatch):
    spellings = ["privacy.md", "./privacy.md", str(repo / "legal" / "privacy.md"), "../legal/privacy.md"]
    seen = set()
    for path in spellings:
        result = _sarif(report_of(path))["runs"][0]["results"][0]
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        seen.add((json.dumps(location), json.dumps(result["partialFingerprints"])))
    monkeypatch.chdir(repo)  # and from the repository root
    result = _sarif(report_of("legal/privacy.md"))["runs"][0]["results"][0]
    seen.add((json.dumps(result["locations"][0]["physicalLocation"]["artifactLocation"]),
              json.dumps(result["partialFingerprints"])))  # fmt: skip
    assert len(seen) == 1
    location = json.loads(seen.pop()[0])
    assert location == {"uri": "legal/privacy.md", "uriBaseId": "%SRCROOT%"}


def test_sarif_run_declares_its_base_and_category_without_leaking_the_runner_folder(repo):
    run = _sarif(report_of(str(repo / "legal" / "privacy.md")))["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["description"]["text"]
    assert "uri" not in run["originalUriBaseIds"]["%SRCROOT%"]
    assert run["automationDetails"]["id"] == "privacylint/"
    assert str(repo) not in json.dumps(run)


def test_sarif_help_uri_is_the_rule_page_and_only_ever_http(repo):
    driver = _sarif(check_paths(["privacy.md"], ["gdpr"]))["runs"][0]["tool"]["driver"]
    complaint = next(r for r in driver["rules"] if r["id"] == "gdpr.right-complaint")
    assert complaint["helpUri"].endswith("/docs/rules/gdpr.right-complaint.md")
    assert complaint["helpUri"].startswith("https://")
    for url in ("javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", " JAVASCRIPT:x"):
        doc = DocumentResult(path="p.md", results=(crafted_result(url=url),))
        rules = _sarif(Report("privacylint", "1", "2026-01-02T03:04:05+00:00", (doc,)))["runs"][0]["tool"]["driver"]
        assert "helpUri" not in rules["rules"][0]


# -- GitHub annotations -----------------------------------------------------------------


def test_github_annotations_one_per_open_gap_with_file_line_and_title(repo):
    out = github.render(report_of("./privacy.md"))
    lines = out.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    contact = next(line for line in lines if "demo.contact" in line)
    assert contact.startswith("::error file=legal/privacy.md,line=1,title=demo.contact (error)::Missing: ")
    assert not any("demo.erasure" in line for line in lines)  # met


def test_github_escapes_what_would_end_a_property_or_the_command():
    result = crafted_result(title="Line1\nLine2 100%", rule="demo.a,b:c", remediation="x\r\ny")
    doc = DocumentResult(path="p.md", results=(result,))
    line = github.render(Report("privacylint", "1", "t", (doc,)))
    assert line.count("\n") == 1 and "\r" not in line
    properties, message = line[len("::error ") :].split("::", 1)
    assert "title=demo.a%2Cb%3Ac (error)" in properties
    assert "100%25" in message
    assert properties.split(",") == ["file=p.md", "line=1", "title=demo.a%2Cb%3Ac (error)"]


def test_github_leaves_out_accepted_findings_and_reports_unreadable_policies():
    accepted = crafted_result(suppression=Suppression("reviewed", "p.md:3"))
    docs = (DocumentResult(path="p.md", results=(accepted,)), DocumentResult(path="gone.md", error="no such file"))
    out = github.render(Report("privacylint", "1", "t", docs))
    assert out.splitlines() == ["::error file=gone.md,title=privacylint%3A unreadable policy::"
                                "Could not be read, so it was not checked: no such file"]  # fmt: skip


# -- GitLab Code Quality -----------------------------------------------------------------


def test_gitlab_code_quality_issues_carry_the_fields_gitlab_reads(repo):
    issues = json.loads(gitlab.render(report_of("privacy.md", "cookies.md")))
    assert issues
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["location"]["path"].startswith("legal/") and issue["location"]["lines"]["begin"] >= 1
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(fingerprints) == len(set(fingerprints))
    by_check = {(i["location"]["path"], i["check_name"]): i for i in issues}
    assert by_check[("legal/privacy.md", "demo.contact")]["severity"] == "major"
    assert by_check[("legal/privacy.md", "demo.dpo")]["severity"] == "minor"


def test_gitlab_fingerprint_matches_sarif_and_ignores_how_the_path_was_typed(repo):
    first = json.loads(gitlab.render(report_of("privacy.md")))
    second = json.loads(gitlab.render(report_of(str(repo / "legal" / "privacy.md"))))
    assert [i["fingerprint"] for i in first] == [i["fingerprint"] for i in second]
    log = json.loads(sarif.render(report_of("privacy.md")))
    assert {i["fingerprint"] for i in first} == {
        r["partialFingerprints"][sarif.FINGERPRINT_KEY] for r in log["runs"][0]["results"]
    }


# -- through the command line -------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["github", "gitlab", "pr-comment"])
def test_new_formats_on_the_command_line(repo, fmt):
    result = run_cli("check", "--pack", DEMO_PACK, "privacy.md", "--format", fmt, "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert "legal/privacy.md" in result.stdout or "privacy.md" in result.stdout
    assert str(repo) not in result.stdout


def test_no_format_leaks_the_absolute_path_of_a_policy_inside_the_project(repo):
    absolute = str(repo / "legal" / "privacy.md")
    report = report_of(absolute)
    for fmt in ("text", "json", "html", "markdown", "pr-comment", "sarif", "junit", "github", "gitlab"):
        from checker.render import renderer

        assert str(repo) not in renderer(fmt)(report), fmt


def test_packs_listed_in_a_single_document_keep_their_order():
    doc = DocumentResult(path="p.md", packs=(PackInfo("gdpr", "GDPR", "1"), PackInfo("coppa", "COPPA", "1")))
    assert json.loads(sarif.render(Report("privacylint", "1", "t", (doc,))))["runs"][0]["properties"]["packs"] == {
        "gdpr": "1",
        "coppa": "1",
    }
