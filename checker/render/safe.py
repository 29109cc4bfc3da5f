"""Making untrusted policy text inert before any renderer shows it.

Policy text comes from whoever wrote the policy. Escaping for the target format
(HTML, Markdown, XML) is each renderer's job; this module removes what no
escaping can make harmless: characters XML 1.0 forbids, control characters, and
invisible formatting characters (bidi overrides, zero-width characters) that can
make a quote read differently from what the policy says.
"""

from __future__ import annotations

import re

# C0/C1 controls except tab and newline; XML 1.0 forbids most of C0 outright.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
# Bidi embeddings, overrides and isolates; marks that reorder neighbouring text.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Zero-width and invisible characters that hide text or split words unseen.
_INVISIBLE = "\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff"
# Lone surrogates (from surrogateescape decoding) and the two XML non-characters.
_NOT_XML = "\ud800-\udfff\ufffe\uffff"

_UNSAFE = re.compile(f"[{_CONTROLS}{_BIDI}{_INVISIBLE}{_NOT_XML}]")


def clean_text(text: object) -> str:
    """`text` as a string without control, bidi-override, zero-width or XML-illegal characters."""
    if text is None:
        return ""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE.sub("", text)


def one_line(text: object) -> str:
    """`clean_text` with every run of whitespace (newlines included) collapsed to one space."""
    return " ".join(clean_text(text).split())


def clip(text: object, limit: int) -> str:
    """`one_line`, shortened to at most `limit` characters with an ellipsis."""
    flat = one_line(text)
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
