"""Making untrusted policy text inert before any renderer shows it.

Policy text comes from whoever wrote the policy. Escaping for the target format
(HTML, Markdown, XML) is each renderer's job; this module removes what no
escaping can make harmless: characters XML 1.0 forbids, control characters, and
invisible formatting characters (bidi overrides, zero-width characters) that can
make a quote read differently from what the policy says.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TypeVar

T = TypeVar("T")

# C0/C1 controls except tab and newline; XML 1.0 forbids most of C0 outright.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
# Bidi embeddings, overrides and isolates; marks that reorder neighbouring text.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Zero-width and invisible characters that hide text or split words unseen.
_INVISIBLE = "\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff"
# Lone surrogates (from surrogateescape decoding) and the two XML non-characters.
_NOT_XML = "\ud800-\udfff\ufffe\uffff"

_UNSAFE = re.compile(f"[{_CONTROLS}{_BIDI}{_INVISIBLE}{_NOT_XML}]")
# Terminal escape sequences, removed whole (their parameters would otherwise stay behind as
# text, like `[2J`), also when a quote ends inside one: CSI (ESC [ or C1 CSI) with its
# parameters and final byte; OSC, DCS, SOS, PM and APC strings up to their terminator (BEL,
# ESC \ or ST) or the end; any other two-character ESC sequence.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
_STARTS_ESCAPE = re.compile(r"[\x1b\x90\x98\x9b\x9d-\x9f]")


def clean_text(text: object) -> str:
    """`text` as a string without terminal escape sequences, control, bidi-override, zero-width
    or XML-illegal characters."""
    if text is None:
        return ""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    if _STARTS_ESCAPE.search(text):
        text = _ESCAPE_SEQUENCE.sub("", text)
    return _UNSAFE.sub("", text)


def inert(value: T) -> T:
    """`value` (a report, a document result, any of their parts) with `clean_text` applied to
    every string in it, keys included: what reaches a terminal, a browser or a CI log is inert
    whichever format or template renders it."""
    if isinstance(value, str):
        return clean_text(value)  # type: ignore[return-value]
    if isinstance(value, tuple):
        cleaned = [inert(v) for v in value]
        if hasattr(value, "_fields"):  # a named tuple
            return type(value)(*cleaned)  # type: ignore[return-value]
        return tuple(cleaned)  # type: ignore[return-value]
    if isinstance(value, list):
        return [inert(v) for v in value]  # type: ignore[return-value]
    if isinstance(value, dict):
        return {inert(k): inert(v) for k, v in value.items()}  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: inert(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    return value


def one_line(text: object) -> str:
    """`clean_text` with every run of whitespace (newlines included) collapsed to one space."""
    return " ".join(clean_text(text).split())


def clip(text: object, limit: int) -> str:
    """`one_line`, shortened to at most `limit` characters with an ellipsis."""
    flat = one_line(text)
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
