"""Load, validate and compile rule packs.

A pack is one YAML file, or a folder with `pack.yaml` and further `*.yaml`
files. Loading keeps the line of every key, so that any problem — a schema
violation, an unknown reference, a regular expression RE2 rejects — is
reported as `file:line: key: what is wrong`.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ahocorasick

from checker import matchers as matchers_module
from checker import yamlfile
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
from checker.errors import PackError, UsageError
from checker.matchers import (
    NEGATION_MODES,
    AllMatcher,
    AnyMatcher,
    ExtractMatcher,
    Matcher,
    NearMatcher,
    PhraseIndex,
    PhraseMatcher,
    RefMatcher,
    RegexMatcher,
    compile_regex,
    parse_phrase,
)
from checker.model import Example, Pack, PackSet, Rule, Setting
from checker.resources import data_dir
from checker.yamlfile import YamlList, YamlMap, line_of

if TYPE_CHECKING:  # jsonschema is imported when a file is validated, not at start-up
    from jsonschema import Draft202012Validator

MATCHER_TYPES = ("phrases", "regex", "extract", "all", "any", "near", "ref", "heading")
MAX_PACK_FILES = 200
MAX_PACK_FILE_BYTES = 4 * 1024 * 1024


# -- YAML with line numbers (shared with the configuration file) ------------


def load_yaml(path: Path) -> Any:
    """Parse one YAML file safely, turning any problem into a PackError."""
    return yamlfile.load_yaml(path, PackError, MAX_PACK_FILE_BYTES)


# -- schema validation ----------------------------------------------------------


def _schema() -> dict[str, Any]:
    text = (data_dir("checker.schemas") / "rule-pack.schema.json").read_text("utf-8")
    return json.loads(text)


_VALIDATOR: Draft202012Validator | None = None


def validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    global _VALIDATOR
    if _VALIDATOR is None:
        _VALIDATOR = Draft202012Validator(_schema())
    return _VALIDATOR


def validate_document(data: Any, source: str) -> None:
    if not isinstance(data, dict):
        raise PackError(source, getattr(data, "line", None), None, "a pack file must be a mapping of keys")
    problem = yamlfile.first_problem(validator(), data)
    if problem is not None:
        path, sentence = problem
        raise PackError(source, line_of(data, path), yamlfile.key_path(path), sentence)


# -- compiling ------------------------------------------------------------------


class _Compiler:
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
            return RegexMatcher(pattern=pattern, **common)
        if kind == "extract":
            return ExtractMatcher(kind=value, **common)
        if kind == "ref":
            ref = RefMatcher(name=value, **common)
            self.refs.append((ref, source, node.key_lines[kind]))
            return ref
        if kind == "heading":
            inner = self.matcher(value, source, here)
            if negation != "ignore" or "under" in common:
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
                cases.append(Case(None, item["otherwise"] == "applicable", item.get("reason", "")))
            else:
                when = self.predicate(item["when"], source, f"{key}[{i}].when")
                cases.append(Case(when, item["then"] == "applicable", item.get("reason", "")))
        return cases


def _example_items(examples: YamlMap, source: str) -> list[Example]:
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


# -- packs ------------------------------------------------------------------------


def _pack_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    header = path / "pack.yaml"
    if not header.is_file():
        raise PackError(str(path), None, None, "a pack folder needs a pack.yaml")
    root = path.resolve()
    others = []
    for file in sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml")):
        if file.name == "pack.yaml":
            continue
        if not file.resolve().is_relative_to(root):
            raise PackError(
                str(file),
                None,
                None,
                "links outside its pack folder; copy the file into the pack instead",
            )
        others.append(file)
    if len(others) >= MAX_PACK_FILES:
        raise PackError(str(path), None, None, f"has more than {MAX_PACK_FILES} files")
    return [header, *others]


def load_pack(path: Path, phrase_index: PhraseIndex, *, builtin: bool = False) -> Pack:
    files = _pack_files(path)
    documents = []
    for file in files:
        data = load_yaml(file)
        if data is None:
            raise PackError(str(file), None, None, "the file is empty")
        validate_document(data, str(file))
        documents.append((str(file), data))
    header_source, header_doc = documents[0]
    if "pack" not in header_doc:
        raise PackError(header_source, 1, "pack", "missing the pack header (pack: {id, name, version})")
    for source, doc in documents[1:]:
        if "pack" in doc:
            raise PackError(source, doc.key_lines["pack"], "pack", "only pack.yaml may hold the pack header")
    header = header_doc["pack"]
    compiler = _Compiler(header["id"], phrase_index)

    for _source, doc in documents:
        for name, spec in (doc.get("settings") or {}).items():
            compiler.settings[name] = Setting(name, spec["description"], tuple(spec["values"]), spec.get("default"))
    for source, doc in documents:
        defs = doc.get("definitions") or {}
        for name, node in defs.items():
            if name in compiler.definitions:
                raise PackError(source, defs.key_lines[name], f"definitions.{name}", "is defined twice")
            compiler.definitions[name] = compiler.matcher(node, source, f"definitions.{name}")
    for source, doc in documents:
        conds = doc.get("conditions") or {}
        for name, node in conds.items():
            if name in compiler.conditions:
                raise PackError(source, conds.key_lines[name], f"conditions.{name}", "is defined twice")
            cases = compiler.cases(node["decide"], source, f"conditions.{name}.decide")
            compiler.conditions[name] = Condition(name, node["description"], cases)

    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for source, doc in documents:
        items = doc.get("rules") or []
        for i, node in enumerate(items):
            where = f"{source}:{items.item_lines[i]}"
            rule_id = node["id"]
            if not rule_id.startswith(header["id"] + "."):
                raise PackError(
                    source,
                    node.key_lines["id"],
                    "id",
                    f"{rule_id!r} must start with the pack id '{header['id']}.'",
                )
            if rule_id in seen:
                raise PackError(
                    source,
                    node.key_lines["id"],
                    "id",
                    f"{rule_id!r} is already defined at {seen[rule_id]}",
                )
            seen[rule_id] = where
            key = f"rules[{i}]"
            match = compiler.matcher(node["match"], source, f"{key}.match")
            applicability = None
            if "applicability" in node:
                spec = node["applicability"]
                if isinstance(spec, str):
                    if spec not in compiler.conditions:
                        known = ", ".join(sorted(compiler.conditions)) or "none"
                        raise PackError(
                            source,
                            node.key_lines["applicability"],
                            f"{key}.applicability",
                            f"no condition named {spec!r} (defined: {known})",
                        )
                    applicability = compiler.conditions[spec]
                else:
                    cases = compiler.cases(spec, source, f"{key}.applicability")
                    applicability = Condition(rule_id, f"when {rule_id} applies", cases)
            evidence = node.get("evidence") or {}
            rules.append(
                Rule(
                    id=rule_id,
                    pack=header["id"],
                    title=node["title"],
                    severity=node["severity"],
                    citation=node["citation"],
                    description=" ".join(node["description"].split()),
                    remediation=" ".join(node["remediation"].split()),
                    match=match,
                    examples=_example_items(node["examples"], source),
                    applicability=applicability,
                    url=node.get("url", ""),
                    applies_from=node.get("applies_from", ""),
                    tags=tuple(node.get("tags") or ()),
                    evidence_max=evidence.get("max", 3),
                    evidence_value=evidence.get("value", ""),
                    source=where,
                )
            )
    compiler.resolve_refs()
    for name, source, values, line in compiler.setting_uses:
        if name not in compiler.settings:
            raise PackError(source, line, "setting", f"no setting named {name!r} is declared under `settings`")
        unknown = [v for v in values if v not in compiler.settings[name].values]
        if unknown:
            allowed = ", ".join(compiler.settings[name].values)
            raise PackError(source, line, "setting", f"{unknown[0]!r} is not a value of {name} ({allowed})")
    return Pack(
        id=header["id"],
        name=header["name"],
        version=header["version"],
        description=" ".join(header.get("description", "").split()),
        path=str(path),
        rules=rules,
        settings=compiler.settings,
        builtin=builtin,
        jurisdiction=header.get("jurisdiction", ""),
        url=header.get("url", ""),
    )


# The built-in packs in the order reports list them: the EU law first, then the US
# federal law, then California's two laws, older first. Any other built-in pack follows
# in name order.
BUILTIN_ORDER = ("gdpr", "coppa", "caloppa", "ccpa")


def builtin_pack_paths() -> dict[str, Path]:
    """Built-in pack name → its file or folder inside the installed package, in BUILTIN_ORDER."""
    found: dict[str, Path] = {}
    for path in sorted(data_dir("checker.rules").iterdir()):
        if path.is_dir() and (path / "pack.yaml").is_file():
            found[path.name] = path
        elif path.suffix in (".yaml", ".yml") and path.is_file():
            found[path.stem] = path
    rank = {name: index for index, name in enumerate(BUILTIN_ORDER)}
    return dict(sorted(found.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0])))


def resolve_pack(spec: str) -> tuple[Path, bool]:
    """A --pack value → (path, is built in). A path wins over a built-in name."""
    candidate = Path(spec)
    if candidate.exists():
        return candidate, False
    builtin = builtin_pack_paths()
    if spec in builtin:
        return builtin[spec], True
    names = ", ".join(builtin) or "none"
    raise UsageError(f"--pack {spec}: no such file or folder, and not a built-in pack (built-in: {names})")


_CACHE: dict[tuple[str, ...], PackSet] = {}


def load_packs(specs: Iterable[str] | None = None) -> PackSet:
    """Load the packs named (built-in names or paths); all built-in packs by default.

    Built-in packs are cached per process (they cannot change while it runs),
    so library callers that check many documents compile them once.
    """
    builtin = builtin_pack_paths()
    specs = tuple(specs or builtin)
    cacheable = all(spec in builtin and not Path(spec).exists() for spec in specs)
    if cacheable and specs in _CACHE:
        return _CACHE[specs]
    compiled_file = _compiled_cache_file([builtin[spec] for spec in specs]) if cacheable else None
    pack_set = _read_compiled(compiled_file) if compiled_file else None
    if pack_set is None:
        with _gc_paused():  # compiling allocates ~100k small containers: the collector would rescan them
            phrase_index = PhraseIndex()
            packs: list[Pack] = []
            for spec in specs:
                path, is_builtin = resolve_pack(spec)
                pack = load_pack(path, phrase_index, builtin=is_builtin)
                if any(p.id == pack.id for p in packs):
                    raise UsageError(f"--pack {spec}: pack '{pack.id}' is selected twice")
                packs.append(pack)
            pack_set = PackSet(packs, phrase_index, _evaluation_order(packs))
            phrase_index.compile()
        if compiled_file:
            _write_compiled(compiled_file, pack_set)
    if cacheable:
        _CACHE[specs] = pack_set
    return pack_set


# -- compiled built-in packs, cached on disk ------------------------------------
#
# Compiling the built-in packs (YAML, schema, ~70k expanded phrase patterns) takes
# about half a second; unpickling the result takes a tenth of that. That is the
# difference between a snappy and a sluggish `privacylint check one-file.md`.
# Only built-in packs are cached (a user's own pack is compiled each time, so
# its errors are always reported). The key covers every pack file's path and
# bytes and the source of the modules whose objects are pickled, so an edited
# pack or a new privacylint version never reads a stale entry.
# PRIVACYLINT_CACHE_DIR moves the cache; set it empty to turn it off.

_COMPILED_FORMAT = "1"
_COMPILED_BY = ("matchers.py", "packs.py", "model.py", "conditions.py", "tokens.py", "yamlfile.py")
_COMPILED_KEEP = 4  # entries kept: a pack author's edits would otherwise pile up


def _cache_dir() -> Path | None:
    configured = os.environ.get("PRIVACYLINT_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "privacylint"


def _compiled_cache_file(pack_paths: list[Path]) -> Path | None:
    root = _cache_dir()
    if root is None:
        return None
    digest = hashlib.sha256(f"{_COMPILED_FORMAT} {sys.version_info[:2]}".encode())
    here = Path(__file__).parent
    try:
        for name in _COMPILED_BY:
            digest.update((here / name).read_bytes())
        digest.update((data_dir("checker.schemas") / "rule-pack.schema.json").read_bytes())
        # Compiled (mypyc) and Python classes of the same name pickle differently: a key each.
        digest.update(str(matchers_module.__file__).encode())
        automaton_module = os.stat(ahocorasick.__file__)  # its pickles are its own format: a new build, a new key
        digest.update(f"{ahocorasick.__file__} {automaton_module.st_size} {automaton_module.st_mtime_ns}".encode())
        for pack_path in pack_paths:
            for file in _pack_files(pack_path):
                digest.update(f"\0{file.resolve()}\0".encode())
                digest.update(file.read_bytes())
    except (OSError, PackError):  # let the real load report it
        return None
    return root / f"packs-{digest.hexdigest()[:40]}.pickle"


def _read_compiled(file: Path) -> PackSet | None:
    try:
        data = file.read_bytes()
    except OSError:
        return None
    try:
        with _gc_paused():
            pack_set = pickle.loads(data)
    except Exception:  # a corrupt or foreign entry: compile instead
        return None
    return pack_set if isinstance(pack_set, PackSet) else None


def _write_compiled(file: Path, pack_set: PackSet) -> None:
    try:
        file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # pickles are code: keep the folder private
        with tempfile.NamedTemporaryFile(dir=file.parent, prefix=".packs-", delete=False) as out:
            out.write(pickle.dumps(pack_set, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(out.name, file)  # atomic: parallel workers never read half a file
        entries = sorted(file.parent.glob("packs-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in entries[_COMPILED_KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home or a full disk only costs speed


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Build long-lived objects without the cyclic collector rescanning them as they grow.

    On the way out they are frozen (moved out of the collector's sight, as
    `gc.freeze` does before a fork): compiled packs live as long as the process,
    and otherwise the next collections would walk all ~200k of them again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _evaluation_order(packs: list[Pack]) -> list[Rule]:
    """Rules in pack order, moved after the rules their applicability reads."""
    rules = [r for p in packs for r in p.rules]
    by_id: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in by_id:
            raise PackError(rule.source, None, "id", f"{rule.id!r} is also defined at {by_id[rule.id].source}")
        by_id[rule.id] = rule
    for rule in rules:
        for dependency in rule.depends_on():
            if dependency not in by_id:
                file, _, line = rule.source.rpartition(":")
                raise PackError(
                    file,
                    int(line),
                    "applicability",
                    f"refers to rule {dependency!r}, which is not loaded",
                )
    ordered: list[Rule] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(rule: Rule, trail: list[str]) -> None:
        if state.get(rule.id) == 2:
            return
        if state.get(rule.id) == 1:
            file, _, line = rule.source.rpartition(":")
            cycle = " → ".join([*trail, rule.id])
            raise PackError(file, int(line), "applicability", f"rules depend on each other in a cycle: {cycle}")
        state[rule.id] = 1
        for dependency in sorted(rule.depends_on()):
            visit(by_id[dependency], [*trail, rule.id])
        state[rule.id] = 2
        ordered.append(rule)

    for rule in rules:
        visit(rule, [])
    return ordered


def validate_path(path: Path) -> Pack:
    """Load one pack on its own, for `rules validate`."""
    return load_pack(path, PhraseIndex())
