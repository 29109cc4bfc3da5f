"""The Markdown report: summary first, failures with fixes, passes collapsed, under GitHub's 1 MiB."""

from __future__ import annotations

from pathlib import Path

from checker.api import check_paths as build_report
from checker.engine import check_document
from checker.packs import load_packs
from checker.reading import parse_text
from checker.render import markdown
from checker.render.template import markdown_escape
from checker.results import Evidence, PackInfo, Report, RuleResult
from tests.test_render_html import crafted_result

FIXTURES = Path(__file__).parent / "fixtures"
DEV_POLICIES = sorted(str(p) for p in (FIXTURES / "dev" / "policies").glob("*.txt"))
HOSTILE = (FIXTURES / "reports" / "hostile-policy.txt").read_text(encoding="utf-8")


def table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("| ")]


def cells(row: str) -> list[str]:
    """Split a GFM table row on unescaped pipes, as GitHub does."""
    out, current, escaped = [], "", False
    for ch in row.strip()[1:-1]:
        if ch == "|" and not escaped:
            out.append(current)
            current = ""
        else:
            current += ch
        escaped = ch == "\\" and not escaped
    return [*out, current]


def test_layout_summary_then_failures_then_collapsed_passes():
    report = build_report([*DEV_POLICIES[:2], str(FIXTURES / "reports" / "missing.txt")])
    text = markdown.render(report)
    first_table = text.index("| Policy |")
    assert first_table < text.index("How to fix") < text.index("<details>")
    assert len(table_rows(text)) == 2 + len(report.documents)
    assert "Could not be read" in text and "missing.txt" in text
    for doc in report.documents[:2]:
        assert doc.sha256 in text
        for r in doc.results:
            if r.status == "fail":
                assert markdown_escape(r.remediation) in text
    assert "Not legal advice" in text
    assert "shortened" not in text


def test_hostile_text_stays_literal_and_cannot_break_the_table():
    text_in = HOSTILE + "\u202e\u200b\x00 | more | pipes\n"
    doc = check_document(parse_text(text_in, "evil|name<script>.txt"), load_packs())
    text = markdown.render(Report("privacylint", "1", "2026-01-02T03:04:05+00:00", (doc,)))
    assert "<script" not in text and "<b>" not in text and "<img" not in text and "</textarea" not in text
    assert "@octocat" not in text, "a policy cannot mention people in a PR comment"
    assert not any(ch in text for ch in "\u202e\u200b\x00")
    header, _, row = table_rows(text)
    assert len(cells(row)) == len(cells(header)), "pipes in the path are escaped"
    assert "{{ 7\\*7 }}" in text, "template syntax shown literally"


def test_evidence_with_newlines_stays_in_one_list_item():
    result = crafted_result(status="pass", evidence=(Evidence("line one\n\n# Heading\n- item | x", 4, 0, 10),))
    doc = crafted_doc(result)
    text = markdown.render(Report("privacylint", "1", "2026-01-02T03:04:05+00:00", (doc,)))
    line = next(line for line in text.splitlines() if "line one" in line)
    assert "line one &#35; Heading - item \\| x" in line


def crafted_doc(*results: RuleResult, path: str = "policy.txt"):
    from checker.results import DocumentResult

    return DocumentResult(path=path, sha256="a" * 64, packs=(PackInfo("demo", "Demo", "1"),), results=results)


def test_large_run_is_truncated_under_the_github_limit_with_a_note():
    long_quote = "We collect your e-mail address and use it for the newsletter. " * 30
    results = tuple(
        crafted_result(
            rule=f"demo.rule-{i}",
            status="fail" if i % 3 else "pass",
            evidence=() if i % 3 else (Evidence(long_quote, i, 0, 10),),
            remediation="Add a sentence that says what the policy must say. " * 4,
        )
        for i in range(40)
    )
    docs = tuple(crafted_doc(*results, path=f"policies/site-{n:04d}.md") for n in range(600))
    report = Report("privacylint", "1", "2026-01-02T03:04:05+00:00", docs)
    text = markdown.render(report)
    assert len(text.encode("utf-8")) <= markdown.GITHUB_SUMMARY_LIMIT
    assert "shortened to stay under GitHub's 1 MiB limit" in text
    assert text.index("| Policy |") < text.index("shortened")
    assert len(table_rows(text)) == 2 + 600, "every policy still in the summary table"


def test_huge_run_keeps_a_partial_summary_and_says_so():
    docs = tuple(crafted_doc(crafted_result(), path="p/" + "x" * 200 + f"{n}.md") for n in range(2000))
    text = markdown.render(Report("privacylint", "1", "2026-01-02T03:04:05+00:00", docs), budget=100_000)
    assert len(text.encode("utf-8")) <= 100_000
    assert "only the first" in text and "of 2000 policies are listed" in text
