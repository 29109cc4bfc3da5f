"""Terminal output: open gaps first in the form editors jump to, 80 columns, one summary, colour on request."""

from __future__ import annotations

import json
import re

import pytest

from checker.render import text
from checker.results import DocumentResult, PackInfo, Report, Suppression, Tally
from tests.test_render_html import crafted_result

from conftest import DEMO_PACK, run_cli

POLICY = "# Policy\n\nLast updated: 17 May 2018\n\n## Your rights\n\nYou may ask us to delete your personal data.\n"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def policy(tmp_path, monkeypatch):
    (tmp_path / "legal").mkdir()
    (tmp_path / "legal" / "privacy.md").write_text(POLICY)
    monkeypatch.chdir(tmp_path)
    return "legal/privacy.md"


def test_failures_first_as_path_line_severity_rule_message(policy):
    result = run_cli("check", "--pack", DEMO_PACK, "./legal/privacy.md", "--fail-on", "never")
    lines = result.stdout.splitlines()
    block = lines[: lines.index("")]
    first = [line for line in block if re.match(r"^\S+:\d+: (error|warning|info) \S+ ", line)]
    assert first and all(line in first or line.startswith("    ") for line in block), "open gaps come first"
    assert all(line.startswith(f"{policy}:") for line in first)  # ./ dropped: one spelling per file
    severities = [line.split()[1] for line in first]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    assert any(line.startswith(f"{policy}:1: error demo.contact Missing: ") for line in first)


def test_every_line_fits_80_columns_except_unbreakable_words(policy):
    result = run_cli("check", "--pack", DEMO_PACK, policy, "--fail-on", "never")
    for line in result.stdout.splitlines():
        assert len(line) <= 80 or " " not in line[len(policy) + 40 :], line


def test_the_summary_line_is_printed_once(policy):
    result = run_cli("check", "--pack", DEMO_PACK, policy, "--fail-on", "never")
    both = result.stdout + result.stderr
    assert both.count("1 policy checked:") == 1
    assert result.stdout.split("\n\n")[-1].startswith("1 policy checked:")


def test_the_summary_for_a_machine_format_goes_to_stderr(policy):
    result = run_cli("check", "--pack", DEMO_PACK, policy, "--format", "json", "--fail-on", "never")
    json.loads(result.stdout)
    assert "privacylint: 1 policy checked:" in result.stderr


def test_severity_breakdown_has_a_fixed_order_and_plurals():
    docs = (
        DocumentResult(
            path="p.md",
            packs=(PackInfo("demo", "Demo", "1"),),
            results=(
                crafted_result(rule="demo.i", severity="info"),
                crafted_result(rule="demo.w", severity="warning"),
                crafted_result(rule="demo.e", severity="error"),
                crafted_result(rule="demo.w2", severity="warning"),
            ),
        ),
    )
    line = Tally.of(docs).summary_line()
    assert "4 failed (1 error, 2 warnings, 1 info)" in line
    more = DocumentResult(path="q.md", results=(crafted_result(severity="info"), crafted_result(severity="info")))
    assert "(2 info)" in Tally.of((more,)).summary_line()


def test_a_title_ending_in_not_reads_as_english():
    result = crafted_result(title="Whether providing data is required and what happens if not")
    out = text.render(Report("privacylint", "1", "t", (DocumentResult(path="p.md", results=(result,)),)))
    assert "not not" not in out
    assert "Missing: Whether providing data is required and what happens if not" in " ".join(out.split())


def test_accepted_findings_are_not_in_the_failure_block_and_show_their_reason():
    accepted = crafted_result(suppression=Suppression("Sole trader, no DPO needed", "p.md:3", "inline"))
    out = text.render(Report("privacylint", "1", "t", (DocumentResult(path="p.md", results=(accepted,)),)))
    assert not re.search(r"^p\.md:\d+: error", out, re.MULTILINE)
    assert "⊘" in out and "Sole trader, no DPO needed" in out


def test_color_forced_when_piped_and_by_ci_variables_and_off_with_no_color(policy, monkeypatch):
    for name in ("GITHUB_ACTIONS", "GITLAB_CI", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    args = ("check", "--pack", DEMO_PACK, policy, "--fail-on", "never")
    assert not ANSI.search(run_cli(*args).stdout)
    assert ANSI.search(run_cli(*args, "--color").stdout)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert ANSI.search(run_cli(*args).stdout)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not ANSI.search(run_cli(*args).stdout)
    assert ANSI.search(run_cli(*args, "--color").stdout)  # the flag outranks the environment
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.delenv("GITHUB_ACTIONS")
    monkeypatch.setenv("GITLAB_CI", "true")
    coloured = run_cli(*args).stdout
    assert ANSI.search(coloured)
    assert ANSI.sub("", coloured) == run_cli(*args, "--no-color").stdout


def test_did_you_mean_for_a_misspelt_pack_or_rule():
    pack = run_cli("check", "--pack", "gdrp", "x.md")
    assert pack.exit_code == 2 and "did you mean gdpr?" in pack.stderr
    rule = run_cli("rules", "show", "gdpr.right-to-erasure")
    assert rule.exit_code == 2 and "did you mean gdpr.right-erasure?" in rule.stderr
    tested = run_cli("rules", "test", "--rule", "gdpr.rigth-access")
    assert tested.exit_code == 2 and "did you mean gdpr.right-access?" in tested.stderr


def test_packs_appear_in_the_stable_default_order_and_in_the_order_given(policy):
    default = json.loads(run_cli("check", policy, "--format", "json", "--fail-on", "never").stdout)
    assert default["documents"][0]["packs"] == ["gdpr", "coppa", "caloppa", "ccpa"]
    rules = [r["pack"] for r in default["documents"][0]["results"]]
    assert rules == sorted(rules, key=["gdpr", "coppa", "caloppa", "ccpa"].index)
    chosen = json.loads(
        run_cli("check", policy, "--pack", "caloppa", "--pack", "gdpr", "--format", "json", "--fail-on", "never").stdout
    )
    assert chosen["documents"][0]["packs"] == ["caloppa", "gdpr"]
    html = run_cli("check", policy, "--format", "html", "--fail-on", "never").stdout
    meta = html.split('<p class="meta">', 1)[1].split("</p>", 1)[0]
    assert meta.index("GDPR") < meta.index("COPPA") < meta.index("California")
    listed = run_cli("rules", "list").stdout
    assert listed.index("gdpr ") < listed.index("coppa ") < listed.index("caloppa ")


def test_without_passes_only_open_gaps_and_the_summary_remain():
    results = (
        crafted_result(rule="demo.gap"),
        crafted_result(rule="demo.met", status="pass", evidence=()),
        crafted_result(rule="demo.ok", suppression=Suppression("reviewed", "p.md:2")),
    )
    report = Report("privacylint", "1", "t", (DocumentResult(path="p.md", results=results),))
    out = text.render(report, passes=False)
    assert "p.md:1: error demo.gap" in out
    assert "demo.ok" not in out and "demo.met" not in out  # accepted and met: nothing to do
    assert out.rstrip().splitlines()[-1].startswith("1 policy checked")


def test_did_you_mean_for_a_misspelt_format():
    fmt = run_cli("check", "x.md", "--format", "gitlb")
    assert fmt.exit_code == 2 and "did you mean gitlab?" in fmt.stderr
    out = run_cli("check", "x.md", "--output", "sraif:x.sarif")
    assert out.exit_code == 2 and "did you mean sarif?" in out.stderr
