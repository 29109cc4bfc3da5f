"""Reading bytes into text: encodings, formats, and clear errors for bad input."""

from __future__ import annotations

import pytest

from checker.errors import InputError
from checker.reading import decode, read_document, sniff_format

POLICY = "Privacy Policy\n\nWe collect your name and e-mail address.\n"


def test_utf8_with_and_without_bom_decode_to_the_same_text():
    plain, enc_plain, _ = decode(POLICY.encode("utf-8"), "p.txt")
    bom, enc_bom, _ = decode(b"\xef\xbb\xbf" + POLICY.encode("utf-8"), "p.txt")
    assert plain == bom == POLICY
    assert (enc_plain, enc_bom) == ("utf-8", "utf-8-sig")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec):
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    text, encoding, warnings = decode(bom + POLICY.encode(codec), "p.txt")
    assert text == POLICY and encoding == "utf-16" and not warnings


def test_invalid_utf8_falls_back_to_cp1252_with_a_warning():
    data = "We don\u2019t sell data to caf\u00e9s.".encode("cp1252")
    text, encoding, warnings = decode(data, "legacy.txt")
    assert text == "We don\u2019t sell data to caf\u00e9s."
    assert encoding == "cp1252"
    assert len(warnings) == 1 and "legacy.txt" in warnings[0] and "Windows-1252" in warnings[0]


def test_binary_file_is_an_input_error(tmp_path):
    path = tmp_path / "policy.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary"):
        read_document(str(path))


def test_empty_and_missing_files_are_input_errors(tmp_path):
    empty = tmp_path / "empty.md"
    empty.write_text("  \n\n")
    with pytest.raises(InputError, match="empty"):
        read_document(str(empty))
    with pytest.raises(InputError, match="no such file"):
        read_document(str(tmp_path / "missing.md"))


def test_format_follows_the_extension_and_is_sniffed_otherwise(tmp_path):
    for name, expected in [("a.md", "markdown"), ("a.markdown", "markdown"), ("a.htm", "html"), ("a.txt", "text")]:
        path = tmp_path / name
        path.write_text("<p>Hi</p>" if expected == "html" else "# Hi\n\nText.")
        assert read_document(str(path)).format == expected
    assert sniff_format("<!DOCTYPE html><html><body><p>x</p></body></html>") == "html"
    assert sniff_format("# Privacy\n\nSome text") == "markdown"
    assert sniff_format("Privacy\n\nSome text") == "text"


def test_document_records_sha256_of_the_original_bytes(tmp_path):
    import hashlib

    path = tmp_path / "p.txt"
    path.write_bytes(POLICY.encode())
    assert read_document(str(path)).sha256 == hashlib.sha256(POLICY.encode()).hexdigest()
