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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker import yamlfile
from checker.errors import UsageError
from checker.inputs import matches_any, relative_to, shown
from checker.model import PackSet
from checker.resources import data_dir

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


# -- rule patterns ------------------------------------------------------


RULE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*[*]?$")  # as config.schema.json's rulePattern


def rule_pattern_problem(pattern: str) -> str | None:
    """Why `pattern` cannot name rules (None when it can): the same rule for inline directives
    as for the configuration, so that neither can accept every rule at once."""
    if RULE_PATTERN.match(pattern):
        return None
    return f"{pattern!r} is not a rule id or prefix (name the rules, e.g. gdpr.dpo-contact or gdpr.right-)"


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
        """Rule ids and patterns must mean something in the selected packs (`rules_too`; not when
        --pack chose other packs than the file's for one run). Settings: `checker.settings`."""
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

    def selects(self, rule_id: str) -> bool:
        if self.select and not any(rule_matches(rule_id, p) for p in self.select):
            return False
        return not any(rule_matches(rule_id, p) for p in self.ignore)

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


def starter_text() -> str:
    """The commented starter configuration `privacylint init` writes."""
    return (data_dir("checker.schemas") / "privacylint.starter.yaml").read_text(encoding="utf-8")
