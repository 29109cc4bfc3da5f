"""The HTML report as a person sees it: loaded in headless Chromium, filters exercised, screenshot taken.

Needs Chromium (`apt-get install -y chromium`); skipped with a reason without it.
The screenshot goes to $PRIVACYLINT_ARTIFACTS (for CI to upload) or pytest's
temporary folder; the test prints where.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from checker.api import check_paths
from checker.render import html

HERE = Path(__file__).parent
DEV_POLICIES = sorted(str(p) for p in (HERE / "fixtures" / "dev" / "policies").glob("*.txt"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install -y chromium) — browser checks skipped"
)


def chromium(tmp_path: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *args,
        url,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def console_messages(stderr: str) -> list[str]:
    """Everything the page wrote to the console (errors, CSP violations, uncaught exceptions)."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("html-report")
    report = check_paths([*DEV_POLICIES, str(HERE / "fixtures" / "reports" / "no-such-policy.txt")])
    path = folder / "privacy-report.html"
    path.write_text(html.render(report), encoding="utf-8")
    return path


def requirement_items(dom: str) -> list[tuple[str, bool]]:
    """(status, hidden) of every requirement row in the dumped DOM."""
    items = re.findall(r"<li class=\"req [^\"]*\"([^>]*)>", dom)
    out = []
    for attrs in items:
        status = re.search(r'data-status="([a-z_]+)"', attrs).group(1)
        out.append((status, re.search(r"\bhidden\b", attrs) is not None))
    return out


@pytest.mark.parametrize("chosen", ["fail", "pass", "not_applicable"])
def test_filter_from_the_address_hides_the_other_rows(tmp_path, report_file, chosen):
    result = chromium(tmp_path, f"{report_file.as_uri()}#filter={chosen}", "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert 'data-script="ready"' in dom, "the filter script ran"
    assert f'data-filter="{chosen}"' in dom
    assert not console_messages(result.stderr), console_messages(result.stderr)
    items = requirement_items(dom)
    assert {status for status, _ in items} >= {"fail", "pass"}
    for status, hidden in items:
        assert hidden == (status != chosen), f"{status} row {'hidden' if hidden else 'shown'} under {chosen}"
    assert re.search(r'<button type="button" data-filter="' + chosen + r'" aria-pressed="true"', dom)


def test_without_a_filter_everything_shows_and_the_console_stays_quiet(tmp_path, report_file):
    result = chromium(tmp_path, report_file.as_uri(), "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    assert 'data-script="ready"' in result.stdout and 'data-filter="all"' in result.stdout
    assert not any(hidden for _, hidden in requirement_items(result.stdout))
    assert '<nav class="filters" aria-label="Filter requirements">' in result.stdout, "filter bar shown"
    assert not console_messages(result.stderr), console_messages(result.stderr)


def test_screenshot(tmp_path, report_file):
    folder = Path(os.environ.get("PRIVACYLINT_ARTIFACTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / "html-report.png"
    result = chromium(tmp_path, report_file.as_uri(), f"--screenshot={shot}", "--window-size=1280,2600")
    assert shot.exists(), result.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 50_000, "a rendered page, not a blank one"
    assert not console_messages(result.stderr), console_messages(result.stderr)
    print(f"screenshot: {shot}")


def test_severity_pack_and_text_filters_from_the_address(tmp_path, report_file):
    result = chromium(tmp_path, f"{report_file.as_uri()}#filter=all&severity=warning&pack=gdpr", "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert not console_messages(result.stderr), console_messages(result.stderr)
    items = re.findall(r'<li class="req [^"]*"([^>]*)>', dom)
    assert items
    for attrs in items:
        wanted = 'data-severity="warning"' in attrs and 'data-pack="gdpr"' in attrs
        assert (re.search(r"\bhidden\b", attrs) is None) == wanted, attrs
    rows = re.findall(r'<tr (data-pack="[^"]+" data-severity="[^"]+"[^>]*)>', dom)
    assert rows and all(("hidden" not in r) == ('"gdpr"' in r and '"warning"' in r) for r in rows)
    searched = chromium(tmp_path, f"{report_file.as_uri()}#q=erasure", "--dump-dom").stdout
    shown = [a for a in re.findall(r'<li class="req [^"]*"([^>]*)>', searched) if not re.search(r"\bhidden\b", a)]
    assert shown and all("erasure" in a for a in shown)
    assert re.search(r'<details class="fold" data-fold="pass" open', searched), "a fold holding a match opens"
