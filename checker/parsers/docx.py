"""Word (.docx) policies: paragraphs, headings from the document's styles, tables.

A .docx is a zip of XML parts; the standard library reads it, so no heavy
dependency is needed and the limits against zip bombs are ours. Evidence
locations are paragraph numbers (every paragraph of the body, table
paragraphs included, counted from 1).
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from typing import IO
from xml.etree import ElementTree

from checker.document import Document, DocumentBuilder, table_cell_pieces
from checker.errors import InputError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_UNPACKED_BYTES = 64 * 1024 * 1024  # a policy's XML is a few hundred KB
MAX_COMPRESSION_RATIO = 200
_HEADING_NAME = re.compile(r"^(?:heading|titre|überschrift|berschrift|título|titolo|kop)\s*(\d)$", re.I)


def _read_part(archive: zipfile.ZipFile, name: str, path: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    with archive.open(info) as stream:
        data = stream.read(MAX_UNPACKED_BYTES + 1)
    if len(data) > MAX_UNPACKED_BYTES:
        raise InputError(path, f"{name} unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MiB; refusing (zip bomb?)")
    return data


def _check_archive(archive: zipfile.ZipFile, path: str) -> None:
    total = sum(i.file_size for i in archive.infolist())
    packed = sum(i.compress_size for i in archive.infolist()) or 1
    if total > MAX_UNPACKED_BYTES * 4 or (total > 10 * 2**20 and total / packed > MAX_COMPRESSION_RATIO):
        raise InputError(path, f"unpacks to {total // 2**20} MiB from {packed // 1024} KiB; refusing (zip bomb?)")


def _heading_levels(styles_xml: bytes | None) -> dict[str, int]:
    """Style id → heading level, from the style names and outline levels."""
    levels: dict[str, int] = {}
    if not styles_xml:
        return levels
    root = ElementTree.fromstring(styles_xml)
    for style in root.iter(f"{W}style"):
        style_id = style.get(f"{W}styleId") or ""
        name_el = style.find(f"{W}name")
        name = (name_el.get(f"{W}val") if name_el is not None else "") or ""
        outline = style.find(f"{W}pPr/{W}outlineLvl")
        m = _HEADING_NAME.match(name.strip()) or _HEADING_NAME.match(style_id)
        if m:
            levels[style_id] = int(m.group(1)) + 1  # "Title" is level 1, "Heading 1" below it
        elif name.strip().lower() == "title":
            levels[style_id] = 1
        elif outline is not None and (outline.get(f"{W}val") or "").isdigit():
            levels[style_id] = int(outline.get(f"{W}val")) + 2
    return levels


def _paragraph_text(paragraph: ElementTree.Element) -> str:
    parts = []
    for el in paragraph.iter():
        if el.tag == f"{W}t":
            parts.append(el.text or "")
        elif el.tag in (f"{W}tab", f"{W}br", f"{W}cr"):
            parts.append(" ")
    return "".join(parts)


def _cell_headings(root: ElementTree.Element) -> dict[int, str]:
    """The column heading of each table cell's first paragraph (by id): the text of the
    cell above it in the table's first row, when the table has more rows."""
    headings: dict[int, str] = {}
    for table in root.iter(f"{W}tbl"):
        rows = table.findall(f"{W}tr")
        if len(rows) < 2:
            continue
        heading_row = [
            " ".join(_paragraph_text(p) for p in cell.findall(f"{W}p")) for cell in rows[0].findall(f"{W}tc")
        ]
        for row in rows[1:]:
            for column, cell in enumerate(row.findall(f"{W}tc")):
                first = cell.find(f"{W}p")
                if first is not None and column < len(heading_row):
                    headings[id(first)] = " ".join(heading_row[column].split())
    return headings


def _cell_rows(root: ElementTree.Element, builder: DocumentBuilder) -> dict[int, int]:
    """The table row (`DocumentBuilder.new_row`) of each table paragraph (by id); a paragraph
    of a nested table belongs to the inner table's row."""
    rows: dict[int, int] = {}
    for table in root.iter(f"{W}tbl"):  # outer tables first: an inner table's rows overwrite
        for tr in table.findall(f"{W}tr"):
            row = builder.new_row()
            for paragraph in tr.iter(f"{W}p"):
                rows[id(paragraph)] = row
    return rows


def _first_in_cells(root: ElementTree.Element) -> set[int]:
    """The first paragraph of each table cell (by id)."""
    return {id(first) for cell in root.iter(f"{W}tc") if (first := cell.find(f"{W}p")) is not None}


def parse_bytes(data: bytes, path: str, **meta) -> Document:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(path, "not a valid .docx file (the zip container is corrupt)") from None
    builder = DocumentBuilder(path, "docx")
    with archive:
        _check_archive(archive, path)
        try:
            styles = _heading_levels(_read_part(archive, "word/styles.xml", path))
            try:
                body = archive.getinfo("word/document.xml")
            except KeyError:
                raise InputError(path, "not a Word document (no word/document.xml inside)") from None
            with archive.open(body) as stream:
                number = _read_body(stream, path, styles, builder)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise InputError(path, f"not a valid .docx file ({exc})") from None
        except ElementTree.ParseError as exc:
            raise InputError(path, f"not a valid .docx file (styles: {exc})") from None
    return builder.build(source_lines=max(number, 1), location_unit="paragraph", **meta)


# The outermost of these elements are read one at a time (with every paragraph inside
# them, in document order), then dropped: the body's XML is never held whole, nor its tree.
_UNITS = frozenset([f"{W}p", f"{W}tbl", f"{W}tc"])
_READ_AT_ONCE = 1 << 16  # bytes of XML


def _read_body(stream: IO[bytes], path: str, styles: dict[str, int], builder: DocumentBuilder) -> int:
    """Feed the body's paragraphs to `builder`, streaming its XML; how many paragraphs it has."""
    parser = ElementTree.XMLPullParser(events=("start", "end"))
    open_units = 0
    number = 0
    read = 0
    while True:
        chunk = stream.read(_READ_AT_ONCE)
        read += len(chunk)
        if read > MAX_UNPACKED_BYTES:
            raise InputError(
                path, f"word/document.xml unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MiB; refusing (zip bomb?)"
            )
        try:
            if chunk:
                parser.feed(chunk)
            else:
                parser.close()
            for event, element in parser.read_events():  # raises the parser's errors
                if element.tag in _UNITS:
                    if event == "start":
                        open_units += 1
                        continue
                    open_units -= 1
                    if open_units == 0:
                        number = _add_paragraphs(builder, element, styles, number)
                        element.clear()
        except ElementTree.ParseError as exc:
            raise InputError(path, f"not a valid .docx file (document.xml: {exc})") from None
        if not chunk:
            return number


def _add_paragraphs(builder: DocumentBuilder, unit: ElementTree.Element, styles: dict[str, int], number: int) -> int:
    """Add the paragraphs of one outermost paragraph, table or cell; the number of the last."""
    in_tables = {id(p) for cell in unit.iter(f"{W}tc") for p in cell.iter(f"{W}p")}
    cell_headings = _cell_headings(unit)
    cell_rows = _cell_rows(unit, builder) if in_tables else {}
    cell_firsts = _first_in_cells(unit) if in_tables else set()
    for paragraph in unit.iter(f"{W}p"):
        number += 1
        text = _paragraph_text(paragraph)
        if not text.strip():
            continue
        properties = paragraph.find(f"{W}pPr")
        style_el = properties.find(f"{W}pStyle") if properties is not None else None
        style = style_el.get(f"{W}val") if style_el is not None else ""
        outline = properties.find(f"{W}outlineLvl") if properties is not None else None
        if style in styles:
            builder.add_block("heading", [(text, number)], styles[style])
        elif outline is not None and (outline.get(f"{W}val") or "").isdigit():
            builder.add_block("heading", [(text, number)], int(outline.get(f"{W}val")) + 2)
        elif id(paragraph) in in_tables:
            builder.add_block(
                "table_cell",
                table_cell_pieces(cell_headings.get(id(paragraph), ""), [(text, number)]),
                row=cell_rows.get(id(paragraph), -1),
                continues_cell=id(paragraph) not in cell_firsts,
            )
        elif properties is not None and properties.find(f"{W}numPr") is not None:
            builder.add_block("list_item", [(text, number)])
        else:
            builder.add_block("paragraph", [(text, number)])
    return number
