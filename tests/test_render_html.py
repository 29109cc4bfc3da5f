"""The HTML report: self-contained, complete for each policy, and inert whatever a policy says."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from checker.api import check_paths
from checker.engine import check_document
from checker.packs import load_packs
from checker.reading import parse_text
from checker.render import html
from checker.results import Applicability, DocumentResult, Evidence, PackInfo, Report, RuleResult, Suppression

FIXTURES = Path(__file__).parent / "fixtures"
DEV_POLICIES = sorted(str(p) for p in (FIXTURES / "dev" / "policies").glob("*.txt"))
HOSTILE_FILE = FIXTURES / "reports" / "hostile-policy.txt"
# What a file cannot carry past the reader (NUL) but parse_text can: controls, bidi overrides, zero-width.
INVISIBLES = "\x00\x07\x1b\u202e\u2066\u200b\u200d\ufeff"


def hostile_report() -> Report:
    text = HOSTILE_FILE.read_text(encoding="utf-8").replace("#12", "#12 " + "exe.\u202egnp" + INVISIBLES)
    doc = check_document(parse_text(text, '<img src=x onerror="alert(2)">.txt'), load_packs())
    return Report("privacylint", "9.9.9", "2026-01-02T03:04:05+00:00", (doc,))


def crafted_result(**changes) -> RuleResult:
    values = dict(
        rule="demo.rule",
        pack="demo",
        title="A requirement",
        severity="error",
        citation="Art. 1",
        status="fail",
        message="Missing: A requirement.",
        description="What the policy must say.",
        remediation="Say it.",
        location_line=1,
    )
    values.update(changes)
    return RuleResult(**values)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_text.append(data)


def parse(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    return parser


@pytest.fixture(scope="module")
def dev_page() -> str:
    return html.render(check_paths([*DEV_POLICIES, str(FIXTURES / "reports" / "no-such-policy.txt")]))


def test_hostile_policy_text_renders_inert():
    page = html.render(hostile_report())
    elements = parse(page)
    assert [t for t, _ in elements.tags].count("script") == 1, "only our own filter script"
    assert not [t for t, attrs in elements.tags if t == "img"], "no element from the policy becomes markup"
    assert not any(name.startswith("on") for _, attrs in elements.tags for name in attrs)
    assert "alert(" not in "".join(elements.script_text)
    assert "&lt;/textarea&gt;&lt;script&gt;alert(&#34;evidence&#34;)&lt;/script&gt;" in page
    assert "&lt;/textarea&gt;" in page
    assert "{{ 7*7 }}" in page and "{% if true %}templated{% endif %}" in page, "template syntax shown, not run"
    assert not any(ch in page for ch in INVISIBLES), "controls, bidi overrides and zero-width characters removed"
    # The reader drops text drawn reversed by a right-to-left override; what precedes it stays.
    assert "exe." in page and "gnp" not in page


def test_every_field_from_a_pack_is_escaped_and_only_web_links_are_links():
    evil = "<script>alert(1)</script>"
    result = crafted_result(title=evil, citation=evil, remediation=evil, url="javascript:alert(1)")
    skipped = crafted_result(
        rule="demo.other",
        status="not_applicable",
        applicability=Applicability(False, "text", evil, (Evidence(evil, 3, 0, 5, evil),)),
    )
    doc = DocumentResult(path=evil, sha256="ab" * 32, packs=(PackInfo("demo", evil, "1"),), results=(result, skipped))
    page = html.render(Report("privacylint", "1.0", "2026-01-02T03:04:05+00:00", (doc,)))
    assert [t for t, _ in parse(page).tags].count("script") == 1
    assert "javascript:" not in page


def test_content_security_policy_allows_exactly_our_script_and_no_fetches():
    page = html.render(hostile_report())
    elements = parse(page)
    csp = next(
        a["content"] for t, a in elements.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    script = "".join(elements.script_text)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp


def test_report_is_self_contained(dev_page):
    elements = parse(dev_page)
    assert not [a for t, a in elements.tags if "src" in a], "nothing loaded from anywhere"
    assert not [t for t, _ in elements.tags if t in ("link", "iframe", "img", "object", "embed")]
    assert "@import" not in dev_page and "url(http" not in dev_page and "@font-face" not in dev_page


def test_each_policy_has_verdict_scores_bars_and_requirements(dev_page):
    for index, path in enumerate(DEV_POLICIES, start=1):
        section = dev_page.split(f'id="policy-{index}"')[1].split('<section class="card policy"')[0]
        assert str(Path(path).relative_to(Path.cwd())) in section  # relative: no runner folder in the report
        assert re.search(r'class="verdict verdict-(pass|fail|none)"', section)
        assert "<svg" in section, "a bar per pack"
        assert re.search(r"<strong>\d+ / \d+</strong> met", section), "score per pack"
        assert 'data-status="' in section
    assert "How to fix" in dev_page and "Not found." in dev_page
    assert re.search(r"Line \d+", dev_page), "evidence carries its line number"


def test_not_applicable_requirements_show_reason_and_who_decided():
    doc = check_paths([DEV_POLICIES[0]]).documents[0]
    skipped = [r for r in doc.results if r.status == "not_applicable"]
    if not skipped:
        pytest.skip("the current packs find every requirement applicable to this policy")
    page = html.render(Report("privacylint", "1", "2026-01-02T03:04:05+00:00", (doc,)))
    import html as html_lib

    for r in skipped:
        assert html_lib.escape(r.applicability.reason, quote=True) in page
        assert f"decided by {r.applicability.decided_by}" in page


def test_portfolio_matrix_only_for_several_policies(dev_page):
    assert 'id="portfolio"' in dev_page
    matrix = dev_page.split('<table class="matrix">')[1].split("</table>")[0]
    assert "cell-pass" in matrix and "cell-fail" in matrix
    assert matrix.count('<th scope="col" class="doc') == len(DEV_POLICIES) + 1
    single = html.render(check_paths([DEV_POLICIES[0]]))
    assert 'id="portfolio"' not in single


def test_unreadable_policy_is_shown_as_an_error(dev_page):
    assert "no-such-policy.txt" in dev_page
    assert "This policy could not be read, so it was not checked." in dev_page
    assert "cell-error" in dev_page


def test_provenance_and_disclaimer_on_the_report(dev_page):
    report = check_paths(DEV_POLICIES[:1])
    page = html.render(report)
    doc = report.documents[0]
    assert doc.sha256 in page
    assert f"privacylint {report.version}" in page
    for pack in doc.packs:
        assert f"{pack.id} {pack.version}" in page
    assert report.generated_at in page
    assert "Not legal advice." in page


def test_accepted_failure_is_marked_with_its_reason():
    accepted = crafted_result(suppression=Suppression("DPO named in the imprint", "privacylint.yaml:3", "config"))
    doc = DocumentResult(path="p.txt", sha256="0" * 64, packs=(PackInfo("demo", "Demo", "1"),), results=(accepted,))
    page = html.render(Report("privacylint", "1", "2026-01-02T03:04:05+00:00", (doc,)))
    assert "Accepted" in page and "DPO named in the imprint" in page
    assert "No open gaps" in page


def test_print_stylesheet_breaks_page_per_policy():
    page = html.render(check_paths(DEV_POLICIES[:2]))
    print_css = page.split("@media print")[1]
    assert ".policy { break-before: page; }" in print_css
    assert ".filters { display: none !important; }" in print_css
