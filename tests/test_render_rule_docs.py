"""Rule pages: one per rule, generated from its YAML, committed, and never stale."""

from __future__ import annotations

from pathlib import Path

from checker.packs import load_packs, rule_docs_url
from checker.render.rule_docs import GENERATED_NOTE, INDEX, pages, write_pages

from conftest import DEMO_PACK, run_cli

DOCS = Path(__file__).parent.parent / "docs" / "rules"


def test_committed_rule_pages_match_the_rules():
    wanted = pages(load_packs())
    committed = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}
    stale = sorted(name for name in wanted.keys() | committed.keys() if wanted.get(name) != committed.get(name))
    assert not stale, f"docs/rules is stale ({', '.join(stale[:5])}): run `privacylint rules docs docs/rules`"


def test_every_builtin_rule_links_to_its_page():
    for rule in load_packs().rules:
        assert rule.url == rule_docs_url(rule.id)
        assert (DOCS / f"{rule.id}.md").is_file()


def test_a_page_carries_citation_description_fix_and_every_example():
    pack_set = load_packs([DEMO_PACK])
    rule = pack_set.rule("demo.erasure")
    page = pages(pack_set)["demo.erasure.md"]
    assert page.startswith(GENERATED_NOTE)
    for part in (rule.title, rule.citation, rule.description, rule.remediation):
        assert part in page
    for example in rule.examples:
        assert example.text.strip() in page
    assert "## Passing examples" in page and "## Failing examples" in page
    assert rule.url == ""  # a user's pack without `url` gets no link to our site


def test_examples_with_backticks_cannot_break_out_of_their_block(tmp_path):
    from checker.model import Example, Pack, Rule
    from checker.render.rule_docs import rule_page

    rule = Rule("x.y", "x", "T", "error", "C", "D", "R", None, [Example("a ``` b ```` c", "pass")])  # type: ignore[arg-type]
    page = rule_page(Pack("x", "X", "1", "", "", [rule]), rule)
    assert "`````text\na ``` b ```` c\n`````" in page


def test_rules_docs_command_writes_pages_and_removes_pages_of_dropped_rules(tmp_path):
    (tmp_path / "demo.gone.md").write_text(GENERATED_NOTE + "\n# old\n")
    (tmp_path / "notes.md").write_text("# hand-written, kept\n")
    result = run_cli("rules", "docs", tmp_path, "--pack", DEMO_PACK)
    assert result.exit_code == 0, result.output
    names = {p.name for p in tmp_path.glob("*.md")}
    assert "demo.erasure.md" in names and INDEX in names and "notes.md" in names
    assert "demo.gone.md" not in names
    assert write_pages(load_packs([DEMO_PACK]), tmp_path)  # idempotent


def test_a_hand_written_file_of_the_same_name_is_never_overwritten(tmp_path):
    mine = tmp_path / INDEX
    mine.write_text("# my notes\n")
    result = run_cli("rules", "docs", tmp_path, "--pack", DEMO_PACK)
    assert result.exit_code == 2 and "not overwritten" in result.stderr
    assert mine.read_text() == "# my notes\n"
    assert not (tmp_path / "demo.erasure.md").exists()  # nothing written: all or nothing
