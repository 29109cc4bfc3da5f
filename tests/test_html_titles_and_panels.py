"""Two HTML readings: an accordion's title over an empty panel is the sibling of the next
title (not the heading of the parts after it), and a page's title block in a <header>
before <main> is the policy's own (its date is the policy's date)."""

from __future__ import annotations

from checker.reading import parse_text


def _sections(html: str) -> list[tuple[str, ...]]:
    doc = parse_text(html, "<test>", "html")
    return [section.path for section in doc.sections]


def test_accordion_titles_after_an_empty_panel_are_siblings():
    html = (
        "<h1>Privacy</h1><h2>Your rights</h2>"
        "<details><summary>Right to data portability</summary><p><!-- to be supplied --></p></details>"
        "<details><summary>Right to complain</summary><p>You can complain to the ICO.</p></details>"
    )
    paths = _sections(html)
    assert ("Privacy", "Your rights", "Right to complain") in paths
    assert ("Privacy", "Your rights", "Right to data portability", "Right to complain") not in paths


def test_a_title_block_before_main_is_read_with_the_policy():
    html = (
        "<html><body><header class='site'><nav><a href='/'>Home</a></nav></header>"
        "<header class='legal-header'><h1>Privacy Policy</h1><p>Effective Date: March 1, 2026</p></header>"
        "<main><p>We collect your name and e-mail address.</p></main>"
        "<footer>Copyright 2026</footer></body></html>"
    )
    text = parse_text(html, "<test>", "html").text
    assert "Effective Date: March 1, 2026" in text
    assert "Home" not in text and "Copyright" not in text


def test_a_site_header_without_the_title_stays_out_before_main():
    html = (
        "<html><body><header><a href='/'>Home</a> <a href='/shop'>Shop</a></header>"
        "<main><h1>Privacy</h1><p>We collect your name.</p></main></body></html>"
    )
    text = parse_text(html, "<test>", "html").text
    assert "Shop" not in text and "We collect your name." in text
