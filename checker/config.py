"""The project configuration: `privacylint.yaml`, or `[tool.privacylint]` in pyproject.toml.

Discovered from the current directory upwards to the repository root (the
folder holding `.git`), or named with `--config`. Validated against
`checker/schemas/config.schema.json`; every problem is a `ConfigError` reading
`file:line: key: what is wrong` (exit 2). Paths in the file (packs, globs,
outputs, baseline) are relative to the file's folder, so the same file works
from any working directory. Command-line options override the file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker import reading, yamlfile
from checker.batch import files_under
from checker.errors import UsageError
from checker.model import PackSet
from checker.resources import data_dir
from checker.results import DocumentResult

if TYPE_CHECKING:  # jsonschema is imported when a file is validated, not at start-up
    from jsonschema import Draft202012Validator

CONFIG_NAMES = ("privacylint.yaml", "privacylint.yml")
PYPROJECT = "pyproject.toml"
MAX_CONFIG_BYTES = 1024 * 1024


class ConfigError(UsageError):
    """The configuration file is invalid: `file:line: key: what is wrong`, exit 2."""

    def __init__(self, path: str, line: int | None, key: str | None, problem: str) -> None:
        location = f"{path}:{line}" if line else path
        super().__init__(f"{location}: {key}: {problem}" if key else f"{location}: {problem}")
        self.path = path
        self.line = line
        self.key = key
        self.problem = problem


# -- rule patterns and globs ------------------------------------------------------


def rule_matches(rule_id: str, pattern: str) -> bool:
    """Does `pattern` name this rule? An id names itself; `gdpr` or `gdpr.` a whole pack;
    a pattern ending in `.`, `-` or `*` is a prefix (`gdpr.right-`). `gdpr.dpo` does not
    name `gdpr.dpo-contact`, so accepting one rule never silently accepts its neighbours."""
    if rule_id == pattern:
        return True
    if pattern.endswith("*"):
        return rule_id.startswith(pattern[:-1])
    if pattern.endswith((".", "-")):
        return rule_id.startswith(pattern)
    return "." not in pattern and rule_id.startswith(pattern + ".")


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob over '/'-separated relative paths: `*` within a folder, `**` across folders."""
    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif pattern.startswith("**", i):
            out += ".*"
            i += 2
        elif pattern[i] == "*":
            out += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            out += "[^/]"
            i += 1
        else:
            out += re.escape(pattern[i])
            i += 1
    return re.compile(out + r"\Z")


def matches_any(relative_path: str, globs: Iterable[str]) -> bool:
    return any(glob_regex(g.removeprefix("./")).match(relative_path) for g in globs)


def shown(path: Path) -> str:
    """How a path is shown: relative to the working directory when it is below it."""
    try:
        return Path(path).resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def relative_to(path: str, base: Path) -> str:
    """`path` (as given on the command line) relative to `base`, with '/' separators."""
    if path == "-":
        return "-"
    absolute = Path(path).resolve()
    try:
        return absolute.relative_to(base.resolve()).as_posix()
    except ValueError:
        return Path(os.path.relpath(absolute, base.resolve())).as_posix()


# -- the configuration ------------------------------------------------------------


@dataclass(frozen=True)
class CentralSuppression:
    """A `suppressions:` entry: failures of `rules` in `files` are accepted, for `reason`."""

    rules: tuple[str, ...]
    files: tuple[str, ...]  # globs relative to the config file's folder; empty: every policy
    reason: str
    expires: str  # ISO date; "" for never
    source: str  # "privacylint.yaml:30"

    def applies_to(self, path: str, base_dir: Path) -> bool:
        return not self.files or matches_any(relative_to(path, base_dir), self.files)

    def expired(self, today: dt.date) -> bool:
        return bool(self.expires) and dt.date.fromisoformat(self.expires) < today


def _nowhere(key_path: Sequence[Any]) -> int | None:
    return None


@dataclass(frozen=True)
class Config:
    path: Path | None = None  # the file it came from; None: no configuration file
    base_dir: Path = field(default_factory=Path.cwd)
    packs: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    fail_on: str | None = None
    settings: Mapping[str, str] = field(default_factory=dict)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()  # FORMAT:PATH, paths already made relative to the working directory
    suppressions: tuple[CentralSuppression, ...] = ()
    baseline: str | None = None  # made relative to the working directory
    # Where a key path (e.g. ("severity", "gdpr.x")) sits in the file, for later errors.
    locate: Callable[[Sequence[Any]], int | None] = field(default=_nowhere, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        # Sent to worker processes that are not forked. `locate` (a closure over the file's
        # parsed lines) only places errors found while loading and validating, in the parent.
        return {**self.__dict__, "locate": _nowhere}

    def error(self, key_path: Sequence[Any], problem: str) -> ConfigError:
        return ConfigError(str(self.path), self.locate(key_path), yamlfile.key_path(key_path), problem)

    # -- against the loaded packs --

    def validate_against(self, pack_set: PackSet, *, rules_too: bool = True) -> None:
        """Settings must mean something in the selected packs, and so must rule ids and patterns
        (`rules_too`; not when --pack chose other packs than the file's for one run)."""
        if self.path is None:
            return
        ids = [r.id for r in pack_set.rules] if rules_too else []
        for key in ("select", "ignore") if rules_too else ():
            for i, pattern in enumerate(getattr(self, key)):
                if not any(rule_matches(rule_id, pattern) for rule_id in ids):
                    raise self.error(
                        [key, i], f"{pattern!r} matches no rule of the selected packs{_hint(pattern, ids)}"
                    )
        for rule_id in self.severity if rules_too else ():
            if rule_id not in ids:
                raise self.error(
                    ["severity", rule_id], f"no rule {rule_id!r} in the selected packs{_hint(rule_id, ids)}"
                )
        declared = pack_set.settings
        for name, value in self.settings.items():
            if name not in declared:
                known = ", ".join(sorted(declared)) or "none"
                raise self.error(["settings", name], f"unknown setting (the selected packs declare: {known})")
            if value not in declared[name].values:
                choices = ", ".join(declared[name].values)
                raise self.error(["settings", name], f"{value!r} is not one of: {choices}")

    def selects(self, rule_id: str) -> bool:
        if self.select and not any(rule_matches(rule_id, p) for p in self.select):
            return False
        return not any(rule_matches(rule_id, p) for p in self.ignore)

    def adjust(self, result: DocumentResult) -> DocumentResult:
        """Drop the rules not selected and apply severity overrides (after the engine ran them all,
        so that rules other rules' applicability reads are still evaluated)."""
        if result.error or not (self.select or self.ignore or self.severity):
            return result
        kept = tuple(
            replace(r, severity=self.severity.get(r.rule, r.severity)) for r in result.results if self.selects(r.rule)
        )
        return replace(result, results=kept)

    # -- which files to check --

    def policy_paths(self, paths: Sequence[str]) -> list[str]:
        """Files as given; folders expand to the policies in them (filtered by include/exclude);
        no paths at all means every file the `include` globs match."""
        if not paths:
            if not self.include:
                where = f" and {self.path} has no `include`" if self.path else " and no privacylint.yaml was found"
                raise UsageError(f"no PATHS given{where}; name the policy files or folders to check")
            found = self._walk(self.base_dir)
            if not found:
                raise UsageError(f"{self.path}: include {list(self.include)} matches no file")
            return found
        expanded: list[str] = []
        for path in paths:
            if path != "-" and Path(path).is_dir():
                found = self._walk(Path(path))
                if not found:
                    raise UsageError(f"{path}: the folder holds no policy ({', '.join(reading.POLICY_SUFFIXES)})")
                expanded.extend(found)
            else:
                expanded.append(path)
        return expanded

    def _walk(self, folder: Path) -> list[str]:
        found = []
        for file in files_under(folder):
            relative = relative_to(str(file), self.base_dir)
            if self.include:
                if not matches_any(relative, self.include):
                    continue
            elif file.suffix.lower() not in reading.POLICY_SUFFIXES:
                continue
            if not matches_any(relative, self.exclude):
                found.append(shown(file))
        return sorted(found)

    # -- config show --

    def describe(self) -> str:
        """The resolved configuration as YAML, saying where it came from."""
        import yaml

        source = f"# from {self.path}" if self.path else "# no configuration file found: defaults"
        data: dict[str, Any] = {
            "packs": list(self.packs) or "all built-in packs",
            "select": list(self.select) or "all rules",
            "ignore": list(self.ignore),
            "severity": dict(self.severity),
            "fail-on": self.fail_on or "error",
            "settings": dict(self.settings),
            "include": list(self.include),
            "exclude": list(self.exclude),
            "outputs": list(self.outputs),
            "suppressions": [
                {
                    "rules": list(s.rules),
                    "files": list(s.files) or "every policy",
                    "reason": s.reason,
                    **({"expires": s.expires} if s.expires else {}),
                    "declared at": s.source,
                }
                for s in self.suppressions
            ],
            "baseline": self.baseline,
        }
        body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)
        return f"{source}\n# paths are shown relative to the working directory\n{body}"


def _hint(name: str, ids: Sequence[str]) -> str:
    tail = name.rstrip(".-*").split(".")[-1]
    close = [i for i in ids if tail and tail in i][:3]
    return f" (did you mean {', '.join(close)}?)" if close else ""


# -- finding and loading ------------------------------------------------------------


def find_config(start: Path | None = None) -> Path | None:
    """The nearest privacylint.yaml, or pyproject.toml with [tool.privacylint], from `start`
    up to the repository root; outside a repository only `start` itself is looked at."""
    start = (start or Path.cwd()).resolve()
    folders = [start, *start.parents]
    root = next((i for i, f in enumerate(folders) if (f / ".git").exists()), 0)
    for folder in folders[: root + 1]:
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and re.search(r"(?m)^\s*\[tool\.privacylint[\].]", _read_text(pyproject)):
            return pyproject
    return None


def load_config(explicit: str | Path | None = None, *, start: Path | None = None) -> Config:
    """The configuration named by --config, else the one discovered, else defaults."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise UsageError(f"--config {explicit}: no such file")
    else:
        found = find_config(start)
        if found is None:
            return Config()
        path = Path(shown(found))
    if path.name == PYPROJECT or path.suffix == ".toml":
        data, locate = _load_toml(path)
    else:
        data = yamlfile.load_yaml(path, ConfigError, MAX_CONFIG_BYTES)
        if data is None:
            data = {}

        def locate(key_path: Sequence[Any]) -> int | None:
            return yamlfile.line_of(data, key_path)

    return _build(path, data, locate)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), None, None, f"cannot be read ({exc})") from None


def _load_toml(path: Path) -> tuple[Any, Callable[[Sequence[Any]], int | None]]:
    import tomllib

    text = _read_text(path)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise ConfigError(str(path), int(line.group(1)) if line else None, None, f"invalid TOML: {exc}") from None
    data = document.get("tool", {}).get("privacylint")
    if data is None:
        raise ConfigError(str(path), None, None, "has no [tool.privacylint] table")
    lines = text.split("\n")

    def locate(key_path: Sequence[Any]) -> int | None:
        # Best effort: TOML keeps no positions, so find the key's line inside [tool.privacylint…].
        header = next((i for i, ln in enumerate(lines) if re.match(r"\s*\[tool\.privacylint\]", ln)), None)
        keys = [k for k in key_path if isinstance(k, str)]
        if not keys:
            return header + 1 if header is not None else None
        top = re.escape(keys[0])
        table = next(
            (i for i, ln in enumerate(lines) if re.match(rf"\s*\[\[?tool\.privacylint\.\"?{top}\"?\]", ln)), None
        )
        if table is not None:
            found = table
            if len(keys) > 1:
                inner = re.escape(keys[-1])
                found = next(
                    (i for i in range(table + 1, len(lines)) if re.match(rf"\s*\"?{inner}\"?\s*=", lines[i])), table
                )
            return found + 1
        if header is None:
            return None
        for i in range(header + 1, len(lines)):
            if re.match(r"\s*\[", lines[i]):
                break
            if re.match(rf"\s*\"?{top}\"?\s*=", lines[i]):
                return i + 1
        return header + 1

    return data, locate


_VALIDATOR: Draft202012Validator | None = None


def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    global _VALIDATOR
    if _VALIDATOR is None:
        schema = json.loads((data_dir("checker.schemas") / "config.schema.json").read_text("utf-8"))
        _VALIDATOR = Draft202012Validator(schema)
    return _VALIDATOR


def _normalise(data: Any) -> None:
    """YAML reads `expires: 2025-12-31` as a date and `eu-establishment: no` as False;
    people mean the text they wrote, so turn those back into strings (in place, keeping lines)."""
    settings = data.get("settings") if isinstance(data, dict) else None
    if isinstance(settings, dict):
        for name, value in settings.items():
            if isinstance(value, bool):
                settings[name] = "yes" if value else "no"
    for item in data.get("suppressions") or [] if isinstance(data, dict) else []:
        if isinstance(item, dict) and isinstance(item.get("expires"), dt.date):
            item["expires"] = item["expires"].isoformat()


def _build(path: Path, data: Any, locate: Callable[[Sequence[Any]], int | None]) -> Config:
    name = str(path)
    if not isinstance(data, dict):
        raise ConfigError(name, getattr(data, "line", None), None, "the configuration must be a mapping of keys")
    _normalise(data)
    problem = yamlfile.first_problem(_validator(), data)
    if problem is not None:
        key_path, sentence = problem
        raise ConfigError(name, locate(key_path), yamlfile.key_path(key_path), sentence)
    base = path.parent

    def here(relative: str) -> str:
        """A path relative to the config file → one relative to the working directory."""
        target = base / relative
        return os.path.relpath(target) if not Path(relative).is_absolute() else relative

    packs = []
    for i, spec in enumerate(data.get("packs") or []):
        # A path next to the config file wins over a built-in name, as with --pack.
        if (base / spec).exists():
            packs.append(here(spec))
        elif "/" in spec or spec.startswith("."):
            raise ConfigError(name, locate(["packs", i]), f"packs[{i}]", f"{spec!r}: no such file or folder")
        else:
            packs.append(spec)
    outputs = []
    for i, item in enumerate(data.get("outputs") or []):
        fmt, _, target = item.partition(":")
        from checker.render import FORMATS

        if fmt not in FORMATS:
            raise ConfigError(
                name,
                locate(["outputs", i]),
                f"outputs[{i}]",
                f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})",
            )
        outputs.append(f"{fmt}:{here(target)}")
    suppressions = []
    for i, item in enumerate(data.get("suppressions") or []):
        rules = item["rules"]
        files = item.get("files") or ()
        expires = item.get("expires", "")
        if expires:
            try:
                dt.date.fromisoformat(expires)
            except ValueError:
                raise ConfigError(
                    name,
                    locate(["suppressions", i, "expires"]),
                    f"suppressions[{i}].expires",
                    f"{expires!r} is not a date",
                ) from None
        suppressions.append(
            CentralSuppression(
                rules=(rules,) if isinstance(rules, str) else tuple(rules),
                files=(files,) if isinstance(files, str) else tuple(files),
                reason=" ".join(item["reason"].split()),
                expires=expires,
                source=f"{name}:{locate(['suppressions', i]) or 1}",
            )
        )
    return Config(
        path=path,
        base_dir=base,
        packs=tuple(packs),
        select=tuple(data.get("select") or ()),
        ignore=tuple(data.get("ignore") or ()),
        severity=dict(data.get("severity") or {}),
        fail_on=data.get("fail-on"),
        settings=dict(data.get("settings") or {}),
        include=tuple(data.get("include") or ()),
        exclude=tuple(data.get("exclude") or ()),
        outputs=tuple(outputs),
        suppressions=tuple(suppressions),
        baseline=here(data["baseline"]) if data.get("baseline") else None,
        locate=locate,
    )


def with_overrides(config: Config, **overrides: Any) -> Config:
    """The configuration with command-line values (those not None or empty) put over it."""
    given = {k: v for k, v in overrides.items() if v not in (None, (), [], {})}
    return replace(config, **given)


STARTER = """\
# privacylint configuration — https://github.com/privacylint/privacylint/blob/main/docs/configuration.md
# Paths below are relative to this file. Command-line options override these values.

# Rule packs: built-in names (gdpr, coppa, caloppa) or paths to your own packs.
# Default: all built-in packs.
packs: [gdpr, coppa, caloppa]

# Facts about the service that decide which requirements apply.
settings:
  audience: unknown            # COPPA: children | general | unknown
  eu-establishment: unknown    # GDPR Art. 27 representative: "yes" | "no" | unknown

# The policies `privacylint check` reads when run without paths (and the filter for folders).
include:
  - "**/*privacy*.md"
  - "**/*privacy*.html"
  - "**/*privacy*.txt"
exclude:
  - "**/drafts/**"

# Exit 1 when an unsuppressed failure of this severity or higher remains: error | warning | info | never
fail-on: error

# Only some rules (ids or prefixes such as gdpr.right-), or none of some:
# select: [gdpr., coppa.]
# ignore: [caloppa.do-not-track]

# Severity overrides per rule id:
# severity:
#   gdpr.dpo-contact: error

# Reports written on every check (FORMAT:PATH):
# outputs:
#   - sarif:reports/privacylint.sarif

# Accepted failures, each with a reason; `expires` (YYYY-MM-DD) makes them count again later.
# suppressions:
#   - rules: gdpr.representative
#     files: "legal/*.md"
#     reason: "Established in Ireland; no Art. 27 representative needed"
#     expires: "2026-06-30"

# Findings accepted with `privacylint baseline create`; check then fails only on new ones.
# baseline: .privacylint-baseline.json
"""
