"""Find, read and validate rule packs, and order their rules for the engine.

A pack is one YAML file, or a folder with `pack.yaml` and further `*.yaml`
files. Loading keeps the line of every key, so that any problem — a schema
violation, an unknown reference, a regular expression RE2 rejects — is
reported as `file:line: key: what is wrong`. `checker.pack_compiler` turns the
validated YAML into matchers; `checker.pack_cache` keeps compiled built-in packs
on disk between runs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker import pack_cache, yamlfile
from checker.conditions import Condition
from checker.errors import PackError, UsageError
from checker.extractors import SCREENABLE_PATTERNS
from checker.matchers import Matcher, RegexMatcher, set_phrase_needs
from checker.model import Pack, PackSet, Rule, Setting
from checker.pack_compiler import PackCompiler, example_items
from checker.phrases import PhraseIndex
from checker.re2text import PatternScreen
from checker.resources import data_dir
from checker.yamlfile import line_of

if TYPE_CHECKING:  # jsonschema is imported when a file is validated, not at start-up
    from jsonschema import Draft202012Validator

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


# -- packs ------------------------------------------------------------------------


def _pack_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise PackError(
            str(path),
            None,
            None,
            "is not a regular file or a folder (a FIFO, socket or device?); "
            "a pack is a YAML file, or a folder with a pack.yaml",
        )
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


_EUROPEAN_JURISDICTION = re.compile(r"\b(?:EU|EEA|UK|European|Europe)\b")


def home_of(jurisdiction: str) -> str:
    """Where a pack's `jurisdiction` is: "europe" ("EU / UK"), whose rules read a right offered
    under a US state's or Canada's law as telling the reader nothing; "california" ("US
    (California)"), whose rules read a right offered only under European law so; else ""."""
    if _EUROPEAN_JURISDICTION.search(jurisdiction):
        return "europe"
    return "california" if "California" in jurisdiction else ""


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
    compiler = PackCompiler(header["id"], phrase_index)

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
            parts = evidence.get("parts") or []
            evidence_parts = tuple(
                compiler.matcher(part, source, f"{key}.evidence.parts[{j}]") for j, part in enumerate(parts)
            )
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
                    examples=example_items(node["examples"], source),
                    applicability=applicability,
                    url=node.get("url") or (rule_docs_url(rule_id) if builtin else ""),
                    applies_from=node.get("applies_from", ""),
                    tags=tuple(node.get("tags") or ()),
                    evidence_max=evidence.get("max", 3),
                    evidence_value=evidence.get("value", ""),
                    evidence_parts=evidence_parts,
                    evidence_practice=bool(evidence.get("practice", False)),
                    home=home_of(header.get("jurisdiction", "")),
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


# Where each built-in rule's page (docs/rules/<id>.md, generated by
# `privacylint rules docs`) is published: a rule's `url` unless its YAML gives one.
RULE_DOCS_URL = "https://github.com/privacylint/privacylint/blob/main/docs/rules/{id}.md"


def rule_docs_url(rule_id: str) -> str:
    return RULE_DOCS_URL.format(id=rule_id)


# The order built-in packs run and appear in every report when no --pack or
# config names them: the EU law first, then the US federal and state ones.
# Packs not listed here follow in name order.
BUILTIN_ORDER = ("gdpr", "coppa", "caloppa", "ccpa")


def builtin_pack_paths() -> dict[str, Path]:
    """Built-in pack name → its file or folder inside the installed package, in `BUILTIN_ORDER`."""
    found: dict[str, Path] = {}
    for path in sorted(data_dir("checker.rules").iterdir()):
        if path.is_dir() and (path / "pack.yaml").is_file():
            found[path.name] = path
        elif path.suffix in (".yaml", ".yml") and path.is_file():
            found[path.stem] = path
    rank = {name: i for i, name in enumerate(BUILTIN_ORDER)}
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
    raise UsageError(
        f"--pack {spec}: no such file or folder, and not a built-in pack{did_you_mean(spec, builtin)} "
        f"(built-in: {names})"
    )


def did_you_mean(given: str, known: Iterable[str]) -> str:
    """` (did you mean X?)` for the known name closest to a misspelt one, or ``."""
    import difflib

    known = list(known)
    close = difflib.get_close_matches(given, known, n=1, cutoff=0.6)
    if not close and "." in given:  # `gdpr.erasure`: match the part after the pack on its own
        tails = {k.rsplit(".", 1)[-1]: k for k in known}
        close = [tails[t] for t in difflib.get_close_matches(given.rsplit(".", 1)[1], tails, n=1, cutoff=0.6)]
    if not close:  # `erasure` for `gdpr.right-erasure`
        close = [k for k in known if given.lower() in k.lower()][:1]
    return f" (did you mean {close[0]}?)" if close else ""


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
    compiled_file = pack_cache.cache_file([_pack_files(builtin[spec]) for spec in specs]) if cacheable else None
    pack_set = pack_cache.read(compiled_file) if compiled_file else None
    if pack_set is None:
        with pack_cache.gc_paused():  # compiling allocates ~100k small containers: the collector would rescan them
            phrase_index = PhraseIndex()
            packs: list[Pack] = []
            for spec in specs:
                path, is_builtin = resolve_pack(spec)
                pack = load_pack(path, phrase_index, builtin=is_builtin)
                if any(p.id == pack.id for p in packs):
                    raise UsageError(f"--pack {spec}: pack '{pack.id}' is selected twice")
                packs.append(pack)
            ordered = _evaluation_order(packs)
            screen = PatternScreen([*regex_patterns(ordered), *SCREENABLE_PATTERNS])
            pack_set = PackSet(packs, phrase_index, ordered, screen)
            set_phrase_needs(_all_matchers(ordered))
            phrase_index.compile()
        if compiled_file:
            pack_cache.write(compiled_file, pack_set)
    if cacheable:
        _CACHE[specs] = pack_set
    return pack_set


def _evaluation_order(packs: list[Pack], *, others_loaded: bool = True) -> list[Rule]:
    """Rules in pack order, moved after the rules their applicability reads.

    `others_loaded=False` (a pack validated on its own): a rule of another pack may be
    read; only the rules at hand are ordered and checked for cycles."""
    rules = [r for p in packs for r in p.rules]
    by_id: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in by_id:
            raise PackError(rule.source, None, "id", f"{rule.id!r} is also defined at {by_id[rule.id].source}")
        by_id[rule.id] = rule
    for rule in rules:
        for dependency in rule.depends_on():
            if dependency not in by_id and others_loaded:
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
        for dependency in sorted(rule.depends_on() & by_id.keys()):
            visit(by_id[dependency], [*trail, rule.id])
        state[rule.id] = 2
        ordered.append(rule)

    for rule in rules:
        visit(rule, [])
    return ordered


def _all_matchers(rules: list[Rule]) -> list[Matcher]:
    """The rules' matches, their applicability's matchers and their evidence parts (the parts
    of matchers are reached from them)."""
    return [m for rule in rules for m in rule.matchers()]


def regex_patterns(rules: list[Rule]) -> list[str]:
    """The regular expressions the rules search for, their applicability's included."""
    found: list[str] = []
    seen: set[int] = set()

    def walk(matcher: Matcher) -> None:
        if id(matcher) in seen:
            return
        seen.add(id(matcher))
        if isinstance(matcher, RegexMatcher):
            found.append(matcher.pattern.pattern)
        for child in matcher.children():
            walk(child)

    for matcher in _all_matchers(rules):
        walk(matcher)
    return found


def validate_path(path: Path) -> Pack:
    """Load one pack on its own, for `rules validate`: everything `check` would refuse in it,
    the order of its rules (no applicability cycle) included."""
    pack = load_pack(path, PhraseIndex())
    _evaluation_order([pack], others_loaded=False)
    return pack
