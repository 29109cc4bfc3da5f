"""Settings: the facts about a service that the packs' applicability reads (`audience=children`).

They come from the packs' defaults, the configuration's `settings:` and
`--set`, in that order of precedence, and are checked once per run against
what the selected packs declare — a configuration value with its file and line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from checker.errors import UsageError
from checker.model import PackSet

if TYPE_CHECKING:
    from checker.config import Config


class ResolvedSettings(dict[str, str]):
    """Settings already checked against a pack set: the engine takes them as they are."""


def resolve_settings(
    pack_set: PackSet, given: Mapping[str, str] | None, config: Config | None = None
) -> ResolvedSettings:
    """The packs' defaults overlaid with the configuration's settings and then `given`
    (the command line's `--set`), each checked against the settings the packs declare."""
    if isinstance(given, ResolvedSettings) and config is None:
        return given
    declared = pack_set.settings
    resolved = ResolvedSettings({name: s.default for name, s in declared.items() if s.default is not None})
    given = dict(given or {})
    for name, value in (config.settings if config else {}).items():
        if name in given:
            continue  # --set overrides it for this run
        problem = _config_problem(pack_set, name, value)
        if problem:
            raise config.error(["settings", name], problem)
        resolved[name] = value
    for name, value in given.items():
        declared = pack_set.settings
        if name not in declared:
            known = ", ".join(sorted(declared)) or "none"
            raise UsageError(f"unknown setting {name!r} (the selected packs declare: {known})")
        if value not in declared[name].values:
            raise UsageError(f"setting {name}={value!r}: choose one of {', '.join(declared[name].values)}")
        resolved[name] = value
    return resolved


def _config_problem(pack_set: PackSet, name: str, value: str) -> str | None:
    declared = pack_set.settings
    if name not in declared:
        return f"unknown setting (the selected packs declare: {', '.join(sorted(declared)) or 'none'})"
    if value not in declared[name].values:
        return f"{value!r} is not one of: {', '.join(declared[name].values)}"
    return None
