"""Read a policy from a file or standard input into a `Document`.

Reading is: bytes → decoded text (with the encoding recorded) → the parser for
its format. Formats come from the file extension; an unknown extension is
sniffed from the content.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from checker.document import Document
from checker.errors import InputError
from checker.files import read_regular_file, size_text
from checker.memory import return_large_blocks
from checker.parsers import html as html_parser
from checker.parsers import markdown as markdown_parser
from checker.parsers import text as text_parser

FORMATS = ("text", "markdown", "html", "pdf", "docx")
BINARY_FORMATS = ("pdf", "docx")
EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
# What a folder given on the command line is searched for.
POLICY_SUFFIXES = tuple(EXTENSIONS)
MAX_INPUT_BYTES = 16 * 1024 * 1024  # the longest real policies are well under 1 MiB

_PARSERS = {
    "text": text_parser.parse,
    "markdown": markdown_parser.parse,
    "html": html_parser.parse,
}


def decode(data: bytes, path: str) -> tuple[str, str, list[str]]:
    """Decode policy bytes: (text, encoding name, warnings).

    UTF-8 (with or without BOM), UTF-16 and UTF-32 with a BOM are read as such;
    other bytes fall back to Windows-1252 with a warning, since that is what
    legacy exports from Word and old CMSs are.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", path), "utf-8-sig", []
    # Before UTF-16: the UTF-32 little-endian BOM starts with the UTF-16 one.
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return _strict(data, "utf-32", path), "utf-32", []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", path), "utf-16", []
    if b"\x00" in data[:8192]:
        utf16 = _utf16_without_bom(data)
        if utf16:
            text = _strict(data, utf16, path)
            note = f"{path}: no byte-order mark; read as {utf16.upper()} — save it as UTF-8 to be sure"
            return text, utf16, [note]
        raise InputError(path, "looks like a binary file (NUL bytes), not a text, Markdown or HTML policy")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        text = data.decode("cp1252", errors="replace")
        warning = (
            f"{path}: not valid UTF-8 (byte {exc.start}); read as Windows-1252 — "
            "check that quotes and accents look right"
        )
        return text, "cp1252", [warning]


def _utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" when the NUL bytes fall where UTF-16 puts them for Latin
    text (every other byte), as Windows tools write it without a byte-order mark."""
    sample = data[: 8192 - 8192 % 2]
    if len(data) % 2 or len(sample) < 16:
        return None
    half = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= half * 0.3 and even <= half * 0.02:
        encoding = "utf-16-le"
    elif even >= half * 0.3 and odd <= half * 0.02:
        encoding = "utf-16-be"
    else:
        return None
    # Binary data can put its NULs there too: UTF-16 text reads as letters, not control codes.
    head = sample.decode(encoding, errors="replace")
    controls = sum(1 for c in head if c < " " and c not in "\n\r\t\f")
    return encoding if controls <= len(head) * 0.01 else None


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"invalid {encoding.upper()} at byte {exc.start}") from None


def sniff_format(text: str) -> str:
    head = text[:4096].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or (
        head.startswith("<") and any(tag in head for tag in ("<body", "<p", "<div", "<h1", "<h2"))
    ):
        return "html"
    if any(line.startswith(("# ", "## ")) for line in text[:20000].splitlines()):
        return "markdown"
    return "text"


def format_for(path: str, declared: str | None = None) -> str | None:
    """The format named by `declared` or the extension; None means sniff it."""
    if declared:
        return declared
    return EXTENSIONS.get(Path(path).suffix.lower())


def parse_text(
    text: str, path: str = "<text>", fmt: str = "text", *, remove_boilerplate: bool = True, **meta
) -> Document:
    """Parse already-decoded text of the given format into a Document.

    `remove_boilerplate` applies to HTML: a saved web page is reduced to the policy."""
    if fmt not in _PARSERS:
        raise InputError(path, f"unknown format {fmt!r} (choose from {', '.join(_PARSERS)})")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if fmt == "html":
        return html_parser.parse(text, path, remove_boilerplate=remove_boilerplate, **meta)
    return _PARSERS[fmt](text, path, **meta)


# Inputs longer than this (real policies are under a tenth of it) are read and checked with
# the C allocator handing large freed blocks back at once (`memory.return_large_blocks`).
LONG_INPUT_BYTES = 1 << 20


def read_document(
    path: str,
    *,
    stdin_format: str | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
    remove_boilerplate: bool = True,
) -> Document:
    """Read and parse one policy; `-` reads standard input. Larger inputs than
    `max_bytes` are refused, so time and memory stay bounded."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        declared = stdin_format
        if len(data) > max_bytes:
            raise InputError(path, f"is larger than the limit of {size_text(max_bytes)}")
    else:
        data = read_regular_file(path, max_bytes, limit_hint=" (see --max-input-size)")
        declared = None
    if len(data) > LONG_INPUT_BYTES:
        return_large_blocks()
    sha256 = hashlib.sha256(data).hexdigest()
    # The bytes decide over the name: a PDF saved as .txt is still read as a PDF.
    binary = sniff_binary(data) or format_for(path, declared)
    if binary in BINARY_FORMATS:
        if not data:
            raise InputError(path, "the file is empty: there is no policy text to check")
        return _parse_binary(binary, data, path, sha256)
    text, encoding, warnings = decode(data, path)
    data = b""  # the text holds the policy now; the bytes of a long one are megabytes more
    if not text or text.isspace():  # not text.strip(): that copies the whole text
        raise InputError(path, "the file is empty: there is no policy text to check")
    fmt = format_for(path, declared) or sniff_format(text)
    return parse_text(
        text,
        path,
        fmt,
        remove_boilerplate=remove_boilerplate,
        encoding=encoding,
        sha256=sha256,
        warnings=warnings,
    )


def sniff_binary(data: bytes) -> str | None:
    """ "pdf" or "docx" when the bytes are one, whatever the file is called."""
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:4] == b"PK\x03\x04" and b"word/" in data[:65536]:
        return "docx"
    return None


def _parse_binary(fmt: str, data: bytes, path: str, sha256: str) -> Document:
    # Imported here: PDF support pulls in pypdf, which `check policy.md` never needs.
    if fmt == "pdf":
        from checker.parsers import pdf

        return pdf.parse_bytes(data, path, sha256=sha256)
    from checker.parsers import docx

    return docx.parse_bytes(data, path, sha256=sha256)
