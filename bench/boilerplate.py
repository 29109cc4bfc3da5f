"""How well saved web pages are reduced to the policy text.

Wraps policy texts (the development corpora in ../shared/corpus when present,
otherwise a generated policy) in realistic page chrome — site header and menu,
cookie-consent banner, sidebar, footer, scripts — in three common layouts, then
measures, over word tokens, how much of the extracted text is the policy
(precision) and how much of the policy survives (recall), for privacylint's own
extraction, for no removal, and for trafilatura when it is installed.

    python bench/boilerplate.py [--limit N]
"""

from __future__ import annotations

import argparse
import html
import re
import time
from collections import Counter
from pathlib import Path

from checker.reading import parse_text

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
WORD = re.compile(r"\w+")

CHROME_TOP = """<header class="site-header"><div class="logo">Example Co</div>
<nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/products">Products and services</a></li>
<li><a href="/contact">Contact us</a></li><li><a href="/privacy">Privacy</a></li>
<li><a href="/careers">Careers</a></li></ul></nav></header>
<div id="onetrust-banner-sdk" class="otFlat" role="dialog"><p>We use cookies and similar technologies to personalise
content and ads and to analyse our traffic. By clicking Accept you consent to our use of cookies.</p>
<button>Accept all cookies</button><button>Cookie settings</button></div>"""
CHROME_SIDE = """<aside class="sidebar"><h3>Popular articles</h3><ul><li>How to choose a plan</li>
<li>Ten tips for a safer account</li></ul><p>Subscribe to our newsletter for offers.</p></aside>"""
CHROME_BOTTOM = """<footer class="site-footer"><p>Copyright 2024 Example Co. All rights reserved.</p>
<ul><li>Terms of use</li><li>Accessibility</li><li>Sitemap</li></ul>
<div class="social-links">Follow us on Twitter Facebook Instagram</div></footer>
<script>window.analytics && analytics.page();</script>"""


def policy_html(text: str) -> str:
    parts = []
    for block in (b.strip() for b in text.split("\n")):
        if not block:
            continue
        body = html.escape(block.lstrip("#-* "))
        if block.startswith("#"):
            parts.append(f"<h2>{body}</h2>")
        elif block.startswith(("- ", "* ")):
            parts.append(f"<ul><li>{body}</li></ul>")
        else:
            parts.append(f"<p>{body}</p>")
    return "\n".join(parts)


def pages(text: str) -> dict[str, str]:
    body = policy_html(text)
    head = "<!DOCTYPE html><html><head><title>Privacy</title><style>body{font:14px sans-serif}</style></head><body>"
    return {
        "main element": f"{head}{CHROME_TOP}<main><article>{body}</article>{CHROME_SIDE}</main>"
        f"{CHROME_BOTTOM}</body></html>",
        "divs with class names": f"{head}{CHROME_TOP.replace('<header', '<div').replace('</header>', '</div>')}"
        f"<div class='content'>{body}</div>{CHROME_SIDE}{CHROME_BOTTOM}</body></html>",
        "bare divs, no hints": f"{head}<div>Home | Products | Contact us</div><div>{body}</div>"
        "<div>Copyright 2024 Example Co. All rights reserved.</div></body></html>",
    }


def tokens(text: str) -> Counter[str]:
    return Counter(w.lower() for w in WORD.findall(text))


def score(extracted: str, truth: Counter[str]) -> tuple[float, float]:
    got = tokens(extracted)
    common = sum((got & truth).values())
    return common / max(sum(got.values()), 1), common / max(sum(truth.values()), 1)


def extractors() -> dict[str, object]:
    found = {
        "privacylint": lambda page: parse_text(page, "p.html", "html").text,
        "no removal": lambda page: parse_text(page, "p.html", "html", remove_boilerplate=False).text,
    }
    try:
        import trafilatura

        found["trafilatura"] = lambda page: trafilatura.extract(page, include_tables=True, favor_recall=True) or ""
    except ImportError:  # optional: pip install trafilatura lxml_html_clean
        pass
    return found


def policy_texts(limit: int) -> list[str]:
    files = sorted(CORPUS.glob("*/policies/*.md"))[:limit] + sorted(CORPUS.glob("*/policies/*.txt"))[:limit]
    if files:
        return [f.read_text(encoding="utf-8", errors="replace") for f in files]
    return ["# Privacy\n\nWe collect your name and e-mail address.\n\n- You may ask us to delete your data.\n" * 20]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=40, help="policies per corpus file type")
    args = parser.parse_args()
    texts = policy_texts(args.limit)
    runs = extractors()
    print(f"{len(texts)} policies x 3 layouts; token precision / recall of the policy text (mean), time")
    for layout in pages("x"):
        for name, extract in runs.items():
            precision = recall = 0.0
            started = time.perf_counter()
            for text in texts:
                truth = tokens(parse_text(policy_html(text), "t.html", "html", remove_boilerplate=False).text)
                p, r = score(extract(pages(text)[layout]), truth)
                precision += p
                recall += r
            elapsed = time.perf_counter() - started
            n = len(texts)
            print(f"  {layout:24} {name:12} P {precision / n:.3f}  R {recall / n:.3f}  {elapsed:6.2f}s")


if __name__ == "__main__":
    main()
