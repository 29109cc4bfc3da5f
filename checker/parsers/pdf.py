"""PDF policies (text layer): lines per page, headings from larger type.

pypdf is pure Python and well kept; it is imported only when a PDF is read.
Evidence locations are page numbers. A PDF without a text layer (a scan) is
an error that suggests OCR, never an empty report.
"""

from __future__ import annotations

import logging
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO

from checker.document import Document, DocumentBuilder, LineBlock
from checker.errors import InputError
from checker.parsers.text import _LIST_ITEM, _SENTENCE_FINAL, looks_like_heading

MAX_PAGES = 2000
MIN_TEXT_CHARS = 40  # fewer visible characters than this across the file: no text layer
HEADING_SIZE_RATIO = 1.15


def _page_lines(page) -> list[tuple[str, float]]:
    """The page's text lines with the largest font size used on each."""
    lines: list[tuple[str, float]] = []
    current: list[str] = []
    size = 0.0

    def visitor(text, cm, tm, font_dict, font_size):
        nonlocal size
        scale = abs(tm[3]) if tm and tm[3] else 1.0
        scale *= abs(cm[3]) if cm and cm[3] else 1.0
        effective = float(font_size or 0) * scale
        for i, piece in enumerate(text.split("\n")):
            if i > 0:
                lines.append(("".join(current), size))
                current.clear()
                size = 0.0
            if piece.strip():
                current.append(piece)
                size = max(size, effective)
            elif piece:
                current.append(piece)

    try:
        page.extract_text(visitor_text=visitor)
    except Exception:  # pypdf raises many types on damaged content streams; skip that page's layout
        return [(line, 0.0) for line in (page.extract_text() or "").split("\n")]
    lines.append(("".join(current), size))
    return [(text, s) for text, s in lines if text.strip()]


class _ReaderLog(logging.Handler):
    """Collects what pypdf logs while it reads (repairs of a damaged file): said once, as a
    warning of the document, instead of pypdf's bare lines on standard error."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = " ".join(record.getMessage().split())
        if message and message not in self.messages:
            self.messages.append(message)


@contextmanager
def _reader_log() -> Iterator[_ReaderLog]:
    logger = logging.getLogger("pypdf")
    handler = _ReaderLog()
    saved = logger.handlers[:], logger.propagate
    logger.handlers, logger.propagate = [handler], False
    try:
        with warnings.catch_warnings():  # pypdf's PdfReadWarning would print to stderr too
            warnings.simplefilter("ignore")
            yield handler
    finally:
        logger.handlers, logger.propagate = saved


def parse_bytes(data: bytes, path: str, **meta) -> Document:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:  # pragma: no cover - pypdf is a dependency
        raise InputError(path, "reading PDF needs the pypdf package (pip install pypdf)") from None
    with _reader_log() as log:
        try:
            reader = PdfReader(BytesIO(data))
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except Exception:
                    opened = 0
                if not opened:
                    raise InputError(path, "the PDF is encrypted with a password; export an unprotected copy")
            pages = reader.pages
            if len(pages) > MAX_PAGES:
                raise InputError(path, f"has {len(pages)} pages; the limit is {MAX_PAGES}")
            page_lines = [_page_lines(page) for page in pages]
        except InputError:
            raise
        except PyPdfError as exc:
            if type(exc).__name__ == "LimitReachedError":  # pypdf's guard against hostile files
                raise InputError(
                    path,
                    f"the PDF goes beyond a safety limit of the PDF reader ({_one_line(exc)}); "
                    "it is malformed or built to exhaust readers: export it again from the source document",
                ) from None
            raise InputError(path, f"not a readable PDF ({_one_line(exc)})") from None
        except (ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
            raise InputError(path, f"not a readable PDF ({type(exc).__name__}: {_one_line(exc)})") from None
    visible = sum(len(t.strip()) for lines in page_lines for t, _ in lines)
    if visible < MIN_TEXT_CHARS:
        raise InputError(
            path, "the PDF has no text layer (a scanned document?); run OCR first, e.g. `ocrmypdf in.pdf out.pdf`"
        )
    if log.messages:
        shown = "; ".join(log.messages[:3]) + ("; …" if len(log.messages) > 3 else "")
        repaired = f"{path}: the PDF is damaged and was repaired while reading ({shown}); check that no text is missing"
        meta["warnings"] = [*meta.get("warnings", []), repaired]
    return _build(page_lines, path, **meta)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _build(page_lines: list[list[tuple[str, float]]], path: str, **meta) -> Document:
    weights: Counter[float] = Counter()
    for lines in page_lines:
        for text, size in lines:
            weights[round(size, 1)] += len(text)
    body = weights.most_common(1)[0][0] if weights else 0.0
    larger = sorted({s for s in weights if body and s >= body * HEADING_SIZE_RATIO}, reverse=True)
    level_of = {s: min(i + 1, 6) for i, s in enumerate(larger)}

    builder = DocumentBuilder(path, "pdf")
    block = LineBlock(builder)
    for page_number, lines in enumerate(page_lines, start=1):
        for index, (text, size) in enumerate(lines):
            stripped = text.strip()
            next_text = lines[index + 1][0] if index + 1 < len(lines) else None
            bigger = round(size, 1) in level_of and len(stripped) <= 120
            if bigger or (not larger and not block and looks_like_heading(stripped, next_text)):
                block.flush()
                builder.add_block("heading", [(stripped, page_number)], level_of.get(round(size, 1), 2))
                continue
            if _LIST_ITEM.match(text):
                block.flush("list_item")
                text = _LIST_ITEM.sub("", text, count=1)
            elif block and block.last_line.rstrip().endswith(_SENTENCE_FINAL) and stripped[:1].isupper():
                block.flush()
            block.add(text + "\n", page_number)
        # a paragraph may run on to the next page; only a finished sentence ends it
        if block.last_line.rstrip().endswith(_SENTENCE_FINAL):
            block.flush()
    block.flush()
    return builder.build(source_lines=max(len(page_lines), 1), location_unit="page", **meta)
