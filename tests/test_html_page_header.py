"""A page's <header> is the site's chrome, unless it holds the policy's own title."""

from checker.engine import check_document
from checker.packs import load_packs
from checker.reading import parse_text

TITLE_IN_HEADER = """<!DOCTYPE html>
<html><head><title>Privacy</title></head>
<body>
<header><div class="inner"><span>Acme Games</span><h1>Acme Games Privacy Policy</h1>
<nav><a href="/">Home</a> | <a href="/help">Help</a></nav>
<p class="updated">Updated January 20, 2026</p></div></header>
<p>This policy explains what we collect from players in California.</p>
<footer>Copyright Acme Games</footer>
</body></html>
"""

SITE_HEADER = """<html><body>
<header><div class="logo">Acme Games</div><p>Free shipping on orders over $50</p></header>
<h1>Privacy Policy</h1>
<p>This policy explains what we collect from players in California.</p>
</body></html>
"""


def test_a_header_holding_the_title_keeps_the_title_and_the_date_under_it():
    doc = parse_text(TITLE_IN_HEADER, "policy.html", "html")
    assert doc.text.splitlines()[:2] == ["Acme Games Privacy Policy", "Updated January 20, 2026"]
    # what comes before the title, the menu inside the header and the footer are still chrome
    for chrome in ("Acme Games\n", "Home", "Copyright"):
        assert chrome not in doc.text, chrome
    results = {r.rule: r for r in check_document(doc, load_packs()).results}
    assert results["ccpa.last-updated"].status == "pass"
    assert results["ccpa.last-updated"].evidence[0].text == "Updated January 20, 2026"
    assert results["caloppa.effective-date"].status == "pass"


def test_a_site_header_without_the_title_is_still_dropped():
    doc = parse_text(SITE_HEADER, "policy.html", "html")
    assert doc.text.splitlines()[0] == "Privacy Policy"
    assert "Free shipping" not in doc.text and "Acme Games" not in doc.text


TITLE_IN_HEADER_BEFORE_MAIN = """<!DOCTYPE html>
<html><head><title>Privacy</title></head>
<body>
<nav><a href="/">Home</a></nav>
<header class="legal-header"><h1>Example Privacy Policy</h1>
<p class="meta">Last Updated: February 12, 2026</p></header>
<main><p>This policy explains what we collect from customers in California.</p></main>
<footer>Copyright Example</footer>
</body></html>
"""

SITE_HEADER_BEFORE_MAIN = """<html><body>
<header><div class="logo">Example</div><p>Free shipping on orders over $50</p></header>
<main><h1>Privacy Policy</h1>
<p>This policy explains what we collect from customers in California.</p></main>
</body></html>
"""


def test_a_title_header_before_main_is_read_with_the_main_content():
    doc = parse_text(TITLE_IN_HEADER_BEFORE_MAIN, "policy.html", "html")
    assert doc.text.splitlines()[:2] == ["Example Privacy Policy", "Last Updated: February 12, 2026"]
    for chrome in ("Home", "Copyright"):
        assert chrome not in doc.text, chrome
    results = {r.rule: r for r in check_document(doc, load_packs()).results}
    assert results["ccpa.last-updated"].status == "pass"


def test_a_site_header_before_main_without_the_title_is_still_dropped():
    doc = parse_text(SITE_HEADER_BEFORE_MAIN, "policy.html", "html")
    assert doc.text.splitlines()[0] == "Privacy Policy"
    assert "Free shipping" not in doc.text
