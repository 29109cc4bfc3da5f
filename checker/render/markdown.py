"""Markdown report for a PR comment or `$GITHUB_STEP_SUMMARY`.

GitHub refuses a job summary (and a comment body) over 1 MiB, so a large run is
shortened in steps until it fits, always with a note saying what was left out:
first the collapsed passes, then the per-policy details, then summary rows.
"""

from __future__ import annotations

from typing import Any

from checker.render.context import build_context
from checker.render.template import environment
from checker.results import Report

TEMPLATE = "report.md.j2"
# GitHub's limit is 1 MiB; stay a little under so a runner's own additions still fit.
GITHUB_SUMMARY_LIMIT = 1024 * 1024
DEFAULT_BUDGET = GITHUB_SUMMARY_LIMIT - 16 * 1024


def render(report: Report, *, budget: int = DEFAULT_BUDGET) -> str:
    """The Markdown report, at most `budget` bytes of UTF-8."""
    template = environment().get_template(TEMPLATE)
    context = build_context(report)
    count = len(report.documents)

    def attempt(summary_limit: int, detail_limit: int, show_passes: bool, truncated: str) -> str:
        limits: dict[str, Any] = {
            "summary_limit": summary_limit,
            "detail_limit": detail_limit,
            "show_passes": show_passes,
            "truncated": truncated,
        }
        return template.render({**context, **limits})

    def fits(text: str) -> bool:
        return len(text.encode("utf-8")) <= budget

    text = attempt(count, count, True, "")
    if fits(text):
        return text
    text = attempt(count, count, False, "met and not-applicable requirements are left out")
    if fits(text):
        return text

    def details_note(shown: int) -> str:
        return (
            f"met and not-applicable requirements are left out, and details are shown for {shown} of {count} policies"
        )

    shown = _largest(lambda n: fits(attempt(count, n, False, details_note(n))), count)
    if shown is not None:
        return attempt(count, shown, False, details_note(shown))

    def summary_note(rows: int) -> str:
        return f"only the first {rows} of {count} policies are listed, without details"

    rows = _largest(lambda n: fits(attempt(n, 0, False, summary_note(n))), count) or 0
    return attempt(rows, 0, False, summary_note(rows))


def _largest(ok, upper: int) -> int | None:
    """The largest n in 0..upper with ok(n), assuming ok holds for all smaller n; None if not even 0."""
    if not ok(0):
        return None
    low, high = 0, upper
    while low < high:
        middle = (low + high + 1) // 2
        if ok(middle):
            low = middle
        else:
            high = middle - 1
    return low
