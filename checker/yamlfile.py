"""YAML that remembers where things are, and schema errors as one sentence.

Rule packs and the configuration file share this: every mapping and list
loaded keeps the line of each key and item, so that a problem found later — a
schema violation, an unknown rule id — can be reported as
`file:line: key: what is wrong`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # jsonschema is imported when a file is validated, not at start-up
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

# Builds the error to raise from (file, line or None, key or None, problem).
ErrorFactory = Callable[[str, "int | None", "str | None", str], Exception]


class YamlMap(dict):
    line: int = 0
    key_lines: dict[Any, int]


class YamlList(list):
    line: int = 0
    item_lines: list[int]


@cache
def _line_loader() -> type:
    """SafeLoader (no object construction) that records where each key and item is.

    Made on first use: PyYAML is imported when a pack is compiled or a configuration read,
    not by every run (built-in packs come compiled from the cache)."""
    import yaml

    class _LineLoader(yaml.SafeLoader):
        def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
            # Aliases let a few lines expand exponentially ("billion laughs"); rule packs
            # and configuration never need them.
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark
                raise yaml.MarkedYAMLError(None, None, "YAML aliases (*name) are not allowed here", mark)
            return super().compose_node(parent, index)

    _LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
    _LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_list)
    return _LineLoader


def _construct_map(loader: Any, node: Any) -> YamlMap:
    import yaml

    loader.flatten_mapping(node)
    result = YamlMap()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise yaml.MarkedYAMLError(None, None, "a key must be a plain value", key_node.start_mark)
        if key in result:
            raise yaml.MarkedYAMLError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_list(loader: Any, node: Any) -> YamlList:
    result = YamlList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def load_yaml(path: Path, error: ErrorFactory, max_bytes: int) -> Any:
    """Parse one YAML file safely; any problem is raised as `error(file, line, key, problem)`."""
    from checker.errors import InputError
    from checker.files import read_regular_file

    name = str(path)
    try:
        text = read_regular_file(path, max_bytes).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(name, None, None, f"not valid UTF-8 (byte {exc.start})") from None
    except InputError as exc:
        raise error(name, None, None, exc.problem) from None
    return parse_yaml(text, name, error)


def parse_yaml(text: str, name: str, error: ErrorFactory) -> Any:
    """Parse YAML text with line marks; `name` is the file the errors name."""
    import yaml

    try:
        return yaml.load(text, Loader=_line_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark and exc.problem:
            problem += f" ({exc.context} started at line {exc.context_mark.line + 1})"
        raise error(name, line, None, f"invalid YAML: {problem}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: no mark, only a position
        line = text.count("\n", 0, exc.position) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        kind = "control character" if code < 0x20 or 0x7F <= code <= 0x9F else "character"
        escape = f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
        raise error(
            name,
            line,
            None,
            f"invalid YAML: {kind} U+{code:04X} is not allowed; delete it "
            f'(inside double quotes, "{escape}" writes it, if it is really wanted)',
        ) from None
    except yaml.YAMLError as exc:
        raise error(name, None, None, f"invalid YAML: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise error(name, None, None, "invalid YAML: nested too deeply") from None


def line_of(data: Any, path: Iterable[Any]) -> int | None:
    """The line of the deepest key or item along `path` that we know."""
    line = getattr(data, "line", None)
    node = data
    for step in path:
        if isinstance(node, YamlMap) and step in node:
            line = node.key_lines.get(step, line)
            node = node[step]
        elif isinstance(node, YamlList) and isinstance(step, int) and step < len(node):
            line = node.item_lines[step]
            node = node[step]
        else:
            break
    return line


# -- schema errors as sentences ---------------------------------------------------


def key_path(path: Iterable[Any]) -> str:
    """`rules[2].match.phrases`: the dotted path people read in an error."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "(top level)"


def sentence(error: ValidationError) -> tuple[list[Any], str]:
    """(path to blame, one sentence) for one schema error."""
    path = list(error.absolute_path)
    validator_name = error.validator
    if validator_name == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed]
        if extra:
            hint = ", ".join(sorted(allowed))
            return [*path, extra[0]], f"unknown key {extra[0]!r} (allowed here: {hint})"
    if validator_name == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return path, f"missing required key {missing!r}"
    if validator_name == "enum":
        options = ", ".join(map(str, error.validator_value))
        return path, f"{error.instance!r} is not one of: {options}"
    if validator_name == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return path, f"expected {_article(expected)}, got {_type_name(error.instance)}"
    if validator_name == "pattern":
        return path, f"{error.instance!r} does not have the required form ({error.validator_value})"
    if validator_name == "minItems":
        return path, f"needs at least {error.validator_value} item(s)"
    if validator_name in ("minLength", "minProperties"):
        return path, "must not be empty"
    if validator_name == "oneOf" and isinstance(error.instance, dict) and "otherwise" in error.instance:
        return path, "a case has either `when` with `then`, or `otherwise`"
    if validator_name == "oneOf":
        return path, "has the wrong shape: " + (error.context[0].message if error.context else error.message)
    return path, error.message


def _article(kind: str) -> str:
    return {
        "object": "a mapping",
        "array": "a list",
        "string": "a string",
        "integer": "a whole number",
    }.get(kind, kind)


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    return f"{type(value).__name__} {value!r}"


def _relevance(error: ValidationError) -> tuple[int, int]:
    # Prefer deep errors and those that say something concrete over "oneOf failed".
    return (-len(error.absolute_path), error.validator in ("oneOf", "anyOf"))


def first_problem(validator: Draft202012Validator, data: Any) -> tuple[list[Any], str] | None:
    """The most relevant schema violation as (path to blame, sentence), or None when valid."""
    errors = list(validator.iter_errors(data))
    if not errors:
        return None
    from jsonschema.exceptions import best_match

    return sentence(best_match(errors, key=_relevance))
