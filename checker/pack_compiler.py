"""Compile one rule pack's validated YAML into matchers, applicability conditions and examples.

`checker.packs` finds, reads and validates the files; this module turns their
nodes into the objects the engine runs, and reports what the schema cannot see
(unknown references, bad phrases, regular expressions RE2 rejects, misplaced
options) as `file:line: key: what is wrong`.
"""

from __future__ import annotations

from typing import Any

from checker.conditions import (
    AllPredicate,
    AnyPredicate,
    Case,
    Condition,
    NotPredicate,
    Predicate,
    RulePredicate,
    SettingPredicate,
    TextPredicate,
)
from checker.errors import PackError
from checker.matchers import (
    NEGATION_MODES,
    AllMatcher,
    AnyMatcher,
    ExtractMatcher,
    Matcher,
    NearMatcher,
    PhraseMatcher,
    RefMatcher,
    RegexMatcher,
    compile_regex,
)
from checker.model import Example, Setting
from checker.phrases import PhraseIndex, parse_phrase
from checker.yamlfile import YamlList, YamlMap

# A rule's regular expression runs over every policy: one that matches at nearly every word
# or character of ordinary text (`.`, `\w`) makes millions of hits in a corpus, each then
# filtered (a heading regex of `.` once cost two thirds of a check). Packs are refused one.
_ORDINARY_PROSE = (
    "we collect your name, e-mail address and payment details when you create an account.\n"
    "we use this information to provide the service, to answer your questions and to improve our website.\n"
    "you have the right to access, correct or delete your personal data at any time; write to privacy@example.com.\n"
    "our offices are at 12 example street, springfield, il 62701. call us on (555) 010-2000.\n"
    "3. how long we keep your data\n"
    "we keep account data for as long as your account is open and for two years afterwards."
)
_ORDINARY_PROSE_WORDS = len(_ORDINARY_PROSE.split())

MATCHER_TYPES = ("phrases", "regex", "extract", "all", "any", "near", "ref", "heading")


class PackCompiler:
    """Turns one pack's validated YAML into matcher objects and rules."""

    def __init__(self, pack_id: str, phrase_index: PhraseIndex) -> None:
        self.pack_id = pack_id
        self.phrase_index = phrase_index
        self.definitions: dict[str, Matcher] = {}
        self.refs: list[tuple[RefMatcher, str, int]] = []
        self.conditions: dict[str, Condition] = {}
        self.settings: dict[str, Setting] = {}
        self.setting_uses: list[tuple[str, str, list[str], int]] = []

    def fail(self, source: str, line: int | None, key: str, problem: str) -> PackError:
        return PackError(source, line, key, problem)

    def matcher(self, node: YamlMap, source: str, key: str) -> Matcher:
        line = node.line
        types = [t for t in MATCHER_TYPES if t in node]
        if "not" in node and not types:
            raise self.fail(source, line, key, "`not` is only allowed as an item of `all`")
        if len(types) != 1:
            found = ", ".join(types) if types else "none"
            raise self.fail(
                source,
                line,
                key,
                f"a matcher needs exactly one of {', '.join(MATCHER_TYPES)} (found: {found})",
            )
        kind = types[0]
        for option, allowed in (
            ("within", ("near",)),
            ("min", ("any",)),
            ("scope", ("all", "any", "near")),
        ):
            if option in node and kind not in allowed:
                raise self.fail(
                    source,
                    node.key_lines[option],
                    f"{key}.{option}",
                    f"only applies to {' or '.join(allowed)}",
                )
        if "not" in node:
            raise self.fail(
                source,
                node.key_lines["not"],
                f"{key}.not",
                "`not` is only allowed as an item of `all`",
            )
        negation = node.get("negation", "ignore")
        assert negation in NEGATION_MODES
        common: dict[str, Any] = {"negation": negation, "line": line}
        if "under" in node:
            common["under"] = self.matcher(node["under"], source, f"{key}.under")
        if "not_under" in node:
            common["not_under"] = self.matcher(node["not_under"], source, f"{key}.not_under")
        if "not_after" in node:
            common["not_after"] = self.matcher(node["not_after"], source, f"{key}.not_after")
        value = node[kind]
        here = f"{key}.{kind}"
        if kind == "phrases":
            phrases = [value] if isinstance(value, str) else value
            ids = []
            for i, phrase in enumerate(phrases):
                try:
                    patterns = parse_phrase(phrase)
                except ValueError as exc:
                    item_line = value.item_lines[i] if isinstance(value, YamlList) else node.key_lines[kind]
                    raise self.fail(source, item_line, here, str(exc)) from None
                ids.extend(self.phrase_index.add(p) for p in patterns)
            return PhraseMatcher(group=self.phrase_index.add_group(ids), **common)
        if kind == "regex":
            try:
                pattern = compile_regex(value)
            except Exception as exc:  # re2 raises its own error type
                raise self.fail(
                    source, node.key_lines[kind], here, f"invalid regular expression for RE2: {exc}"
                ) from None
            hits = sum(1 for _ in pattern.finditer(_ORDINARY_PROSE))
            if hits > _ORDINARY_PROSE_WORDS // 4:
                raise self.fail(
                    source,
                    node.key_lines[kind],
                    here,
                    f"the regular expression matches {hits} times in {_ORDINARY_PROSE_WORDS} words of ordinary"
                    " policy text: a hit at nearly every word or character makes every check slow; anchor it"
                    " (a line's start is '(?m)^.', a heading's first word '(?m)^[^\\w\\n]*\\w')",
                )
            return RegexMatcher(pattern=pattern, **common)
        if kind == "extract":
            return ExtractMatcher(kind=value, **common)
        if kind == "ref":
            ref = RefMatcher(name=value, **common)
            self.refs.append((ref, source, node.key_lines[kind]))
            return ref
        if kind == "heading":
            inner = self.matcher(value, source, here)
            if negation != "ignore" or any(k in common for k in ("under", "not_under", "not_after")):
                return AllMatcher(required=[inner], scope="sentence", headings_only=True, **common)
            inner.headings_only = True
            return inner
        if kind == "near":
            parts = [self.matcher(item, source, f"{here}[{i}]") for i, item in enumerate(value)]
            return NearMatcher(
                parts=parts,
                within=node.get("within", 10),
                scope=node.get("scope", "sentence"),
                **common,
            )
        if kind == "any":
            parts = [self.matcher(item, source, f"{here}[{i}]") for i, item in enumerate(value)]
            minimum = node.get("min", 1)
            if minimum > len(parts):
                raise self.fail(
                    source,
                    node.key_lines["min"],
                    f"{key}.min",
                    f"is {minimum} but `any` has {len(parts)} item(s)",
                )
            return AnyMatcher(parts=parts, minimum=minimum, scope=node.get("scope", "document"), **common)
        # all
        required, forbidden = [], []
        for i, item in enumerate(value):
            if isinstance(item, dict) and set(item) == {"not"}:
                forbidden.append(self.matcher(item["not"], source, f"{here}[{i}].not"))
            else:
                required.append(self.matcher(item, source, f"{here}[{i}]"))
        if not required:
            raise self.fail(source, node.key_lines[kind], here, "needs at least one item that is not `not`")
        return AllMatcher(required=required, forbidden=forbidden, scope=node.get("scope", "sentence"), **common)

    def resolve_refs(self) -> None:
        for ref, source, line in self.refs:
            if ref.name not in self.definitions:
                known = ", ".join(sorted(self.definitions)) or "none"
                raise self.fail(source, line, "ref", f"no definition named {ref.name!r} (defined: {known})")
            ref.target = self.definitions[ref.name]
            ref.plain = (
                ref.negation == "ignore"
                and not ref.headings_only
                and ref.under is None
                and ref.not_under is None
                and ref.not_after is None
            )
        for name, matcher in self.definitions.items():
            self._check_cycle(matcher, [name])

    def _check_cycle(self, matcher: Matcher, trail: list[str]) -> None:
        for child in matcher.children():
            if isinstance(child, RefMatcher):
                if child.name in trail:
                    ref = next(r for r in self.refs if r[0] is child)
                    raise self.fail(
                        ref[1],
                        ref[2],
                        "ref",
                        f"definition {trail[0]!r} refers to itself through {child.name!r}",
                    )
                if child.target is not None:
                    self._check_cycle(child.target, [*trail, child.name])
            else:
                self._check_cycle(child, trail)

    def predicate(self, node: YamlMap, source: str, key: str) -> Predicate:
        kinds = [k for k in ("setting", "text", "rule", "all", "any", "not") if k in node]
        if len(kinds) != 1:
            raise self.fail(
                source,
                node.line,
                key,
                "a `when` needs exactly one of setting, text, rule, all, any, not",
            )
        kind = kinds[0]
        if kind == "setting":
            if ("equals" in node) == ("in" in node):
                raise self.fail(source, node.line, key, "a setting test needs `equals: VALUE` or `in: [VALUES]`")
            values = [node["equals"]] if "equals" in node else list(node["in"])
            self.setting_uses.append((node["setting"], source, values, node.line))
            return SettingPredicate(name=node["setting"], values=tuple(values))
        if kind == "text":
            return TextPredicate(matcher=self.matcher(node["text"], source, f"{key}.text"))
        if kind == "rule":
            status = node.get("status", "pass")
            statuses = (status,) if isinstance(status, str) else tuple(status)
            return RulePredicate(rule=node["rule"], statuses=statuses)
        if kind == "not":
            return NotPredicate(part=self.predicate(node["not"], source, f"{key}.not"))
        parts = [self.predicate(item, source, f"{key}.{kind}[{i}]") for i, item in enumerate(node[kind])]
        return AllPredicate(parts=parts) if kind == "all" else AnyPredicate(parts=parts)

    def cases(self, items: YamlList, source: str, key: str) -> list[Case]:
        cases = []
        for i, item in enumerate(items):
            if "otherwise" in item:
                if i != len(items) - 1:
                    raise self.fail(source, item.line, f"{key}[{i}]", "`otherwise` must be the last case")
                cases.append(
                    Case(None, item["otherwise"] == "applicable", item.get("reason", ""), item.get("missing", ""))
                )
            else:
                when = self.predicate(item["when"], source, f"{key}[{i}].when")
                cases.append(Case(when, item["then"] == "applicable", item.get("reason", ""), item.get("missing", "")))
        return cases


def example_items(examples: YamlMap, source: str) -> list[Example]:
    out = []
    for expect in ("pass", "fail", "not_applicable"):
        items = examples.get(expect) or []
        for i, item in enumerate(items):
            line = items.item_lines[i] if isinstance(items, YamlList) else 0
            if isinstance(item, str):
                out.append(Example(item, expect, line=line))
            else:
                settings = tuple(sorted((item.get("settings") or {}).items()))
                out.append(
                    Example(
                        item["text"],
                        expect,
                        item.get("format", "text"),
                        settings,
                        item.get("note", ""),
                        line,
                    )
                )
    return out
