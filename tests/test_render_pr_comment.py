"""The pull-request comment: failures only, worst first, folded, sticky, and never over GitHub's limit."""

from __future__ import annotations

import re

from checker.render import pr_comment
from checker.results import DocumentResult, PackInfo, Report, Suppression
from tests.test_render_html import crafted_result

PACKS = (PackInfo("demo", "Demo", "1"),)


def doc(path: str, *results) -> DocumentResult:
    return DocumentResult(path=path, packs=PACKS, results=tuple(results))


def report(*docs) -> Report:
    return Report("privacylint", "1.2.3", "2026-01-02T03:04:05+00:00", tuple(docs))


def many_failures(path: str, n: int) -> DocumentResult:
    return doc(path, *(crafted_result(rule=f"demo.r{i}", title=f"Requirement {i} " + "x" * 80) for i in range(n)))


def test_starts_with_the_hidden_marker_and_lists_only_policies_with_open_gaps():
    passing = doc("ok.md", crafted_result(status="pass"))
    failing = doc("gaps.md", crafted_result(rule="demo.a"), crafted_result(rule="demo.b", status="pass"))
    text = pr_comment.render(report(passing, failing))
    assert text.startswith("<!-- privacylint -->\n")
    assert "gaps.md" in text and "ok.md" not in text
    assert "1 policy meets every applicable requirement" in text
    assert "demo.b" not in text  # passes are not listed
    assert text.count("<details>") == 1 and text.count("</details>") == 1


def test_worst_policy_first_with_errors_warnings_and_accepted_apart():
    warnings_only = doc("w.md", crafted_result(rule="demo.w", severity="warning"))
    errors = doc("e.md", crafted_result(rule="demo.e1"), crafted_result(rule="demo.e2"))
    one_error = doc(
        "one.md",
        crafted_result(rule="demo.e"),
        crafted_result(rule="demo.s", suppression=Suppression("reviewed by legal", "one.md:4", "baseline")),
    )
    text = pr_comment.render(report(warnings_only, one_error, errors))
    rows = re.findall(r"^\| (\S+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|", text, re.MULTILINE)
    assert rows == [("e.md", "2", "0", "0", "0"), ("one.md", "1", "0", "0", "1"), ("w.md", "0", "1", "0", "0")]
    assert "missing: 3 errors, 1 warning" in text
    assert "1 accepted (suppressed or baselined, not counted as missing)" in text
    assert "demo.s" not in text  # accepted findings are counted, not listed


def test_a_large_run_stays_under_githubs_limit_and_says_how_many_findings_were_left_out():
    docs = [many_failures(f"legal/policy-{i:02}.md", 40) for i in range(60)]
    text = pr_comment.render(report(*docs))
    assert len(text) < pr_comment.GITHUB_COMMENT_LIMIT
    listed = len(re.findall(r"^- .*`demo\.r\d+`", text, re.MULTILINE))
    more = re.search(r"\*\*(\d+) more findings — see the artifact\*\*", text)
    assert more and int(more.group(1)) == 60 * 40 - listed
    assert text.count("<details>") == text.count("</details>")  # every fold is closed
    assert text.rstrip().endswith("</sub>")


def test_a_small_budget_is_respected_exactly():
    text = pr_comment.render(report(many_failures("p.md", 30)), budget=4000)
    assert len(text) <= 4000 and "more findings — see the artifact" in text


def test_unreadable_policies_come_first_and_say_why():
    text = pr_comment.render(report(doc("gaps.md", crafted_result()), DocumentResult(path="x.pdf", error="no text")))
    assert text.index("x.pdf") < text.index("gaps.md")
    assert "could not be read: no text" in text


def test_no_open_gap_says_so():
    text = pr_comment.render(report(doc("ok.md", crafted_result(status="pass"))))
    assert "No open gaps" in text and "<details>" not in text


def test_policy_text_cannot_ping_people_or_inject_markup():
    hostile = crafted_result(title="@octocat <img src=x> | broken", citation="[x](javascript:alert(1))")
    text = pr_comment.render(report(doc("p.md", hostile)))
    assert "@octocat" not in text and "<img" not in text
    assert "\\[x\\](javascript:" in text  # a literal, escaped: not a link


def test_a_portfolio_of_thousands_still_fits_with_its_table_cut_short():
    docs = [doc(f"legal/{'deep/' * 10}policy-{i:04}.md", crafted_result()) for i in range(3000)]
    text = pr_comment.render(report(*docs))
    assert len(text) < pr_comment.GITHUB_COMMENT_LIMIT
    more = re.search(r"^\| … (\d+) more policies \|", text, re.MULTILINE)
    rows = re.findall(r"^\| legal/", text, re.MULTILINE)
    assert more and int(more.group(1)) + len(rows) == 3000
    assert "more findings — see the artifact" in text
