"""A policy's own sections keep their text even when their id names a page widget."""

from pathlib import Path

from checker.reading import read_document


def _read(tmp_path: Path, html: str) -> str:
    path = tmp_path / "policy.html"
    path.write_text(html, encoding="utf-8")
    return read_document(str(path)).text


def test_section_named_share_is_the_policys_own_section(tmp_path: Path) -> None:
    text = _read(
        tmp_path,
        "<html><body><article><h1>Privacy</h1>"
        '<section id="share"><h2>Who we share it with</h2>'
        "<p>Our support tool may access your details from the United States.</p></section>"
        "</article></body></html>",
    )
    assert "Who we share it with" in text
    assert "from the United States" in text


def test_share_buttons_are_still_page_chrome(tmp_path: Path) -> None:
    text = _read(
        tmp_path,
        "<html><body><article><h1>Privacy</h1><p>We keep your data for one year.</p>"
        '<div class="share-bar"><a href="#">Share on social media</a></div>'
        "</article></body></html>",
    )
    assert "one year" in text
    assert "Share on social media" not in text
