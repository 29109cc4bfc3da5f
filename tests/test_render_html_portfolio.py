"""The HTML portfolio as a DPO reads a many-policy report: ranked, full-width, folded, filterable, linked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.api import check_paths
from checker.render import html
from checker.results import DocumentResult, PackInfo, Report, Suppression
from tests.test_render_html import crafted_result, parse

from conftest import run_cli

PORTFOLIO = sorted(str(p) for p in (Path(__file__).parent / "fixtures" / "reports" / "portfolio").glob("*.md"))
CSS = (Path(__file__).parent.parent / "reports" / "report.css").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def report() -> Report:
    return check_paths(PORTFOLIO)


@pytest.fixture(scope="module")
def page(report) -> str:
    return html.render(report)


def ranking_rows(page: str) -> list[str]:
    table = page.split('<table class="ranking"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<th scope="row" data-value="([^"]+)"', table)


def test_policy_table_lists_every_policy_worst_first_with_errors_warnings_and_accepted(report, page):
    rows = ranking_rows(page)
    assert sorted(rows) == sorted(str(Path(p).relative_to(Path.cwd())) for p in PORTFOLIO)
    open_errors = {
        str(Path(d.path).relative_to(Path.cwd())): sum(r.is_finding and r.severity == "error" for r in d.results)
        for d in report.documents
    }
    assert [open_errors[path] for path in rows] == sorted(open_errors.values(), reverse=True)
    head = page.split('<table class="ranking"', 1)[1].split("</thead>", 1)[0]
    for column in ("Policy", "Verdict", "Met", "Errors", "Warnings", "Accepted"):
        assert f">{column}</button>" in head
    assert "data-sortable" in page


def test_matrix_cells_tell_errors_from_warnings_and_accepted_from_missing():
    doc = DocumentResult(
        path="p.md",
        packs=(PackInfo("demo", "Demo", "1"),),
        results=(
            crafted_result(rule="demo.a", severity="error"),
            crafted_result(rule="demo.b", severity="warning"),
            crafted_result(rule="demo.c", suppression=Suppression("reviewed", "p.md:2")),
            crafted_result(rule="demo.d", status="pass"),
        ),
    )
    page = html.render(Report("privacylint", "1", "t", (doc, doc)))
    matrix = page.split('<table class="matrix">', 1)[1].split("</table>", 1)[0]
    rows = dict(re.findall(r"<code>(demo\.\w)</code></th>\s*<td><span class=\"cell ([^\"]+)\"", matrix))
    assert rows == {
        "demo.a": "cell-fail-error",
        "demo.b": "cell-fail-warning",
        "demo.c": "cell-accepted",
        "demo.d": "cell-pass",
    }


def test_met_requirements_never_carry_a_severity_label(page):
    for item in re.findall(r'<li class="req req-pass.*?</li>', page, re.DOTALL):
        assert 'class="sev' not in item
    assert re.search(r'<li class="req req-fail.*?class="sev sev-error">error</span>', page, re.DOTALL)


def test_met_and_not_applicable_are_folded_and_gaps_are_open(page):
    folds = re.findall(r'<details class="fold" data-fold="(\w+)">(.*?)</details>', page, re.DOTALL)
    assert {kind for kind, _ in folds} == {"pass", "not_applicable"}
    for kind, body in folds:
        assert set(re.findall(r'data-status="(\w+)"', body)) == {kind}
    outside = re.sub(r"<details.*?</details>", "", page, flags=re.DOTALL)
    assert set(re.findall(r'<li class="req [^"]*" id="[^"]*" data-status="(\w+)"', outside)) == {"fail"}


def test_filters_for_status_severity_pack_and_text_in_pack_order(page):
    elements = parse(page)
    assert {a.get("data-filter") for tag, a in elements.tags if tag == "button" and "data-filter" in a} == {
        "all",
        "fail",
        "pass",
        "not_applicable",
    }
    pack_select = page.split("data-filter-pack>", 1)[1].split("</select>", 1)[0]
    assert re.findall(r"<option value=\"(\w*)\"", pack_select) == ["", "gdpr", "coppa", "caloppa", "ccpa"]
    assert "data-filter-severity" in page and 'type="search" data-filter-text' in page
    assert all(
        "data-severity" in a and "data-pack" in a and "data-search" in a
        for tag, a in elements.tags
        if tag == "li" and "data-status" in a
    )


def test_matrix_is_full_width_with_sticky_header_and_requirement_column_and_prints_landscape():
    assert re.search(r"\.matrix thead th \{ position: sticky; top: 0", CSS)
    assert re.search(r'\.matrix tbody th\[scope="row"\][^{]*\{ position: sticky; left: 0', CSS)
    assert "@page portfolio { size: A4 landscape" in CSS and ".wide, .on-portfolio-page { page: portfolio" in CSS
    assert "max-width: 1040px" not in CSS.split(".wide", 1)[1].split("}", 1)[0]


def test_each_citation_links_to_the_rule_page(page):
    links = re.findall(r'<p class="citation"><a href="([^"]+)"', page)
    assert links and all(re.match(r"https://[^\"]+/docs/rules/[a-z]+\.[a-z-]+\.md$", link) for link in links)


def test_source_url_turns_evidence_lines_into_links(tmp_path, monkeypatch):
    monkeypatch.chdir(Path(PORTFOLIO[0]).parent)
    template = "https://git.example/policies/blob/abc123/{path}#L{line}"
    result = run_cli("check", Path(PORTFOLIO[-1]).name, "--format", "html", "--source-url", template)
    assert result.exit_code in (0, 1), result.output
    links = re.findall(r'<span class="where"><a href="([^"]+)"[^>]*>Line (\d+)</a>', result.stdout)
    assert links
    for url, line in links:
        assert (
            url
            == f"https://git.example/policies/blob/abc123/tests/fixtures/reports/portfolio/webshop-privacy.md#L{line}"
        )


@pytest.mark.parametrize(
    "template",
    ["javascript:alert(1)//{path}", "https://x.example/{path}#L{lines}", "https://x.example/blob", "https://x/{"],
)
def test_a_bad_source_url_is_a_usage_error_before_the_run(template):
    result = run_cli("check", PORTFOLIO[0], "--format", "html", "--source-url", template)
    assert result.exit_code == 2
    assert result.stderr.startswith("privacylint: error: --source-url") and "Traceback" not in result.output
