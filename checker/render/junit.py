"""JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure, CircleCI).

One <testsuite> per policy and one <testcase> per requirement: classname and
`file` are the policy's path (relative to the repository root), name is the rule
id. GitLab keys a test by classname and name and keeps only the first of a key,
so the policy must be part of it or a portfolio collapses into one policy. A
missing requirement is a <failure>, one that does not apply is <skipped>, an
unreadable policy is a suite holding one <error>. ElementTree does the escaping;
`clean_text` removes the characters XML 1.0 cannot carry at all.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from checker.paths import repository_path, shown_source
from checker.render.context import safe_url
from checker.render.safe import clean_text, one_line
from checker.results import DocumentResult, Report, RuleResult


def _suite(doc: DocumentResult, generated_at: str) -> ET.Element:
    path = clean_text(repository_path(doc.path))
    suite = ET.Element("testsuite", name=path, timestamp=clean_text(generated_at), time="0")
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", name="sha256", value=clean_text(doc.sha256))
    for pack in doc.packs:
        ET.SubElement(properties, "property", name=f"pack.{clean_text(pack.id)}", value=clean_text(pack.version))
    for name, value in doc.settings:
        ET.SubElement(properties, "property", name=f"setting.{clean_text(name)}", value=clean_text(value))
    if doc.error:
        case = ET.SubElement(suite, "testcase", classname=path, name="read policy", file=path, time="0")
        error = ET.SubElement(case, "error", message=one_line(doc.error), type="UnreadablePolicy")
        error.text = f"{path} could not be read, so it was not checked: {clean_text(doc.error)}"
        suite.set("tests", "1")
        suite.set("failures", "0")
        suite.set("errors", "1")
        suite.set("skipped", "0")
        return suite
    for r in doc.results:
        suite.append(_case(r, path))
    suite.set("tests", str(len(doc.results)))
    failures = sum(1 for r in doc.results if r.is_finding)
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(len(doc.results) - failures - doc.count("pass")))
    if doc.warnings:  # after the test cases, where the JUnit schema puts a suite's output
        ET.SubElement(suite, "system-err").text = "\n".join(f"warning: {one_line(w)}" for w in doc.warnings)
    return suite


def _case(r: RuleResult, path: str) -> ET.Element:
    case = ET.Element("testcase", classname=path, name=clean_text(r.rule), file=path, time="0")
    suppression = getattr(r, "suppression", None)
    if r.status == "fail" and suppression is not None:
        # Accepted findings do not fail the build (--fail-on ignores them), so no red test either.
        where = f" ({clean_text(shown_source(suppression.source))})" if suppression.source else ""
        ET.SubElement(case, "skipped", message=one_line(f"Accepted: {suppression.reason}{where}"))
    elif r.status == "fail":
        failure = ET.SubElement(case, "failure", message=one_line(r.message), type=r.severity)
        lines = [
            f"{clean_text(r.title)} ({r.severity})",
            f"Required by: {clean_text(r.citation)}",
            f"Pack: {clean_text(r.pack)}",
            f"Line: {r.location_line}",
            f"How to fix: {clean_text(r.remediation)}",
        ]
        if safe_url(r.url):
            lines.append(f"More: {safe_url(r.url)}")
        failure.text = "\n".join(lines)
    elif r.status == "not_applicable":
        reason = r.applicability.reason if r.applicability else "the rule does not apply"
        ET.SubElement(case, "skipped", message=one_line(reason))
    else:
        quotes = [f"line {e.line}: {one_line(e.text)}" for e in r.evidence]
        if quotes:
            ET.SubElement(case, "system-out").text = "\n".join(quotes)
    return case


def render(report: Report) -> str:
    root = ET.Element("testsuites", name=clean_text(report.tool))
    suites = [_suite(d, report.generated_at) for d in report.documents]
    root.extend(suites)
    for total in ("tests", "failures", "errors", "skipped"):
        root.set(total, str(sum(int(s.get(total, "0")) for s in suites)))
    root.set("time", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
