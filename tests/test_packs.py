"""Loading rule packs: every problem is one sentence `file:line: key: what is wrong`."""

from __future__ import annotations

import json
import textwrap

import pytest
from jsonschema import Draft202012Validator

from checker.errors import PackError
from checker.packs import builtin_pack_paths, load_packs
from checker.resources import data_dir

GOOD_RULE = """
  - id: t.one
    title: One
    severity: error
    citation: C 1
    description: D
    remediation: F
    match: {phrases: [one]}
    examples: {pass: ["one"], fail: ["two"]}
"""


def write_pack(tmp_path, body: str, name: str = "t.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body).lstrip("\n"))
    return path


def load_error(path) -> PackError:
    with pytest.raises(PackError) as info:
        load_packs([str(path)])
    return info.value


def header(extra: str = "") -> str:
    return 'pack: {id: t, name: T, version: "1.0"}\n' + extra


def test_the_schema_itself_is_valid_json_schema():
    schema = json.loads((data_dir("checker.schemas") / "rule-pack.schema.json").read_text())
    Draft202012Validator.check_schema(schema)


def test_builtin_packs_are_found_and_load():
    assert "gdpr" in builtin_pack_paths()
    assert load_packs().rules


def test_invalid_yaml_names_file_and_line(tmp_path):
    path = write_pack(tmp_path, header("rules:\n  - id: t.one\n    title: [unclosed\n"))
    error = load_error(path)
    assert str(error).startswith(f"{path}:5: invalid YAML: ")
    assert "started at line 4" in str(error)


def test_unknown_key_is_reported_at_its_line(tmp_path):
    path = write_pack(
        tmp_path,
        header("rules:" + GOOD_RULE.replace("    severity: error", "    severity: error\n    sevrity: warning")),
    )
    error = load_error(path)
    assert error.line == 6
    assert "unknown key 'sevrity'" in error.problem
    assert str(error).startswith(f"{path}:6: rules[0].sevrity: ")


def test_wrong_type_and_bad_enum(tmp_path):
    path = write_pack(tmp_path, header("rules:" + GOOD_RULE.replace("severity: error", "severity: fatal")))
    error = load_error(path)
    assert error.line == 5 and error.key == "rules[0].severity" and "'fatal' is not one of" in error.problem
    path = write_pack(tmp_path, header("rules:" + GOOD_RULE.replace("title: One", "title: [One]")))
    error = load_error(path)
    assert error.line == 4 and "expected a string, got a list" in error.problem


def test_missing_required_key(tmp_path):
    path = write_pack(tmp_path, header("rules:" + GOOD_RULE.replace("    citation: C 1\n", "")))
    error = load_error(path)
    assert "missing required key 'citation'" in error.problem and error.line == 3


def test_duplicate_rule_ids_and_duplicate_keys(tmp_path):
    path = write_pack(tmp_path, header("rules:" + GOOD_RULE + GOOD_RULE))
    error = load_error(path)
    assert error.line == 12 and f"already defined at {path}:3" in error.problem
    path = write_pack(tmp_path, header("rules:" + GOOD_RULE.replace("title: One", "title: One\n    title: Two")))
    error = load_error(path)
    assert "duplicate key 'title'" in str(error) and error.line == 5


def test_rule_id_must_belong_to_its_pack(tmp_path):
    path = write_pack(tmp_path, header("rules:" + GOOD_RULE.replace("id: t.one", "id: other.one")))
    assert "must start with the pack id" in load_error(path).problem


def test_invalid_regex_is_reported_with_its_line(tmp_path):
    path = write_pack(tmp_path, header("rules:" + GOOD_RULE.replace("{phrases: [one]}", "\n      regex: '(unclosed'")))
    error = load_error(path)
    assert error.line == 10 and "invalid regular expression" in error.problem


def test_a_regex_matching_at_every_character_is_refused_with_its_line(tmp_path):
    # `heading: {regex: '.'}` for "under any heading" made a hit of every character of every
    # policy: two thirds of a check's time before it was found
    for loose in ("'.'", "'\\w'", "'[a-z]+'"):
        rule = GOOD_RULE.replace("{phrases: [one]}", "{heading: {regex: " + loose + "}}")
        path = write_pack(tmp_path, header("rules:" + rule))
        error = load_error(path)
        assert error.line == 9 and "anchor it" in error.problem, loose
    for anchored in ("'(?m)^.'", "'(?m)^[^\\w\\n]*\\w'", "'\\bprivacy\\b'"):
        rule = GOOD_RULE.replace("{phrases: [one]}", "{heading: {regex: " + anchored + "}}")
        path = write_pack(tmp_path, header("rules:" + rule))
        load_packs([str(path)])


def test_unsupported_backtracking_constructs_are_rejected(tmp_path):
    path = write_pack(tmp_path, header("rules:" + GOOD_RULE.replace("{phrases: [one]}", "\n      regex: '(a)\\1'")))
    assert "invalid regular expression" in load_error(path).problem


def test_matcher_shape_errors(tmp_path):
    both = GOOD_RULE.replace("{phrases: [one]}", "{phrases: [one], regex: one}")
    assert "exactly one of" in load_error(write_pack(tmp_path, header("rules:" + both))).problem
    bare_not = GOOD_RULE.replace("{phrases: [one]}", "{not: {phrases: [one]}}")
    assert "only allowed as an item of `all`" in load_error(write_pack(tmp_path, header("rules:" + bare_not))).problem
    misplaced = GOOD_RULE.replace("{phrases: [one]}", "{phrases: [one], within: 3}")
    assert "only applies to near" in load_error(write_pack(tmp_path, header("rules:" + misplaced))).problem
    bad_phrase = GOOD_RULE.replace("{phrases: [one]}", '{phrases: ["* one"]}')
    assert "cannot start or end" in load_error(write_pack(tmp_path, header("rules:" + bad_phrase))).problem


def test_regex_syntax_in_a_phrase_is_rejected_with_its_line(tmp_path):
    # Punctuation in a phrase is ignored, so a character class would silently split the word.
    bracketed = GOOD_RULE.replace("{phrases: [one]}", '{phrases: ["personali[sz]e"]}')
    path = write_pack(tmp_path, header("rules:" + bracketed))
    error = load_error(path)
    assert error.line == 9 and "phrases are not regular expressions" in error.problem and "(s|z)" in error.problem


def test_unknown_and_cyclic_references(tmp_path):
    unknown = GOOD_RULE.replace("{phrases: [one]}", "{ref: nowhere}")
    assert "no definition named 'nowhere'" in load_error(write_pack(tmp_path, header("rules:" + unknown))).problem
    cyclic = header(
        "definitions:\n  a: {any: [{ref: b}]}\n  b: {any: [{ref: a}]}\nrules:"
        + GOOD_RULE.replace("{phrases: [one]}", "{ref: a}")
    )
    assert "refers to itself" in load_error(write_pack(tmp_path, cyclic)).problem


def test_rules_depending_on_each_other_in_a_cycle(tmp_path):
    one = GOOD_RULE.replace("    match:", "    applicability: [{when: {rule: t.two}, then: applicable}]\n    match:")
    two = one.replace("id: t.one", "id: t.two").replace("rule: t.two", "rule: t.one")
    error = load_error(write_pack(tmp_path, header("rules:" + one + two)))
    assert "cycle" in error.problem


def test_unknown_setting_and_value(tmp_path):
    rule = GOOD_RULE.replace(
        "    match:", "    applicability: [{when: {setting: audience, equals: kids}, then: applicable}]\n    match:"
    )
    assert "no setting named 'audience'" in load_error(write_pack(tmp_path, header("rules:" + rule))).problem
    settings = "settings:\n  audience: {description: A, values: [children, general]}\n"
    assert "'kids' is not a value" in load_error(write_pack(tmp_path, header(settings + "rules:" + rule))).problem


def test_yaml_is_loaded_safely(tmp_path):
    path = write_pack(tmp_path, header("rules: !!python/object/apply:os.system ['echo hacked']\n"))
    assert "invalid YAML" in load_error(path).problem


def test_folder_pack_collects_its_files_and_rejects_links_outside(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    write_pack(folder, header(), "pack.yaml")
    write_pack(folder, "rules:" + GOOD_RULE, "one.yaml")
    assert [r.id for r in load_packs([str(folder)]).rules] == ["t.one"]
    outside = write_pack(tmp_path, "rules:" + GOOD_RULE.replace("t.one", "t.two"), "outside.yaml")
    (folder / "two.yaml").symlink_to(outside)
    assert "outside its pack folder" in load_error(folder).problem


def test_a_folder_without_pack_yaml(tmp_path):
    (tmp_path / "empty").mkdir()
    assert "needs a pack.yaml" in load_error(tmp_path / "empty").problem


def test_yaml_alias_bombs_are_refused(tmp_path):
    levels = ["  a: &a {phrases: [x, x, x, x, x, x, x, x, x]}"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=False):
        levels.append(f"  {name}: &{name} {{any: [{', '.join(['*' + previous] * 9)}]}}")
    path = write_pack(tmp_path, header("definitions:\n" + "\n".join(levels) + "\n"))
    error = load_error(path)
    assert error.line == 4 and "aliases" in error.problem


def test_every_builtin_pack_folder_ships_in_the_wheel():
    import tomllib
    from pathlib import Path

    project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    shipped = set(project["tool"]["setuptools"]["packages"])
    for name, path in builtin_pack_paths().items():
        if path.is_dir():
            assert f"checker.rules.{name}" in shipped, f"add checker.rules.{name} to pyproject.toml packages"


def test_evidence_parts_are_matchers_and_are_compiled_with_the_rule(tmp_path):
    rule = GOOD_RULE.replace(
        "    examples:", "    evidence:\n      parts:\n        - phrases: [one]\n        - ref: two\n    examples:"
    )
    path = write_pack(tmp_path, header("definitions:\n  two: {phrases: [two]}\nrules:" + rule))
    (loaded,) = load_packs([str(path)]).rules
    assert len(loaded.evidence_parts) == 2
    bad = write_pack(tmp_path, header("rules:" + rule.replace("- phrases: [one]", "- sentences: [one]")), "bad.yaml")
    error = load_error(bad)
    assert error.key.startswith("rules[0].evidence.parts[0]")


def test_a_pack_naming_a_european_jurisdiction_marks_its_rules_european(tmp_path):
    # for such rules a right offered under a US state's law is a weak quote (evidence ranking)
    european = write_pack(
        tmp_path, 'pack: {id: t, name: T, version: "1.0", jurisdiction: "EU / UK"}\nrules:' + GOOD_RULE, "eu.yaml"
    )
    american = write_pack(
        tmp_path,
        'pack: {id: u, name: U, version: "1.0", jurisdiction: "US (California)"}\nrules:'
        + GOOD_RULE.replace("t.one", "u.one"),
        "us.yaml",
    )
    rules = {rule.id: rule for rule in load_packs([str(european), str(american)]).rules}
    assert rules["t.one"].european and not rules["u.one"].european
