"""A pull-request comment: the open gaps only, short enough for GitHub and GitLab.

GitHub refuses a comment over 65,536 characters, and a reviewer reads the top
of it. So: failures only (policies that meet every applicable requirement are
one line), worst policy first, each policy's findings folded in `<details>`,
errors and warnings counted apart, accepted (suppressed or baselined) findings
counted apart from the missing ones and not listed. When the findings do not fit
`budget` characters the list stops with "N more findings — see the artifact".
The first line is a hidden `<!-- privacylint -->` marker, so a CI step can find
its previous comment and edit it instead of adding another (a "sticky" comment).

The full Markdown report (`--format markdown`) is for the job summary, whose
limit is 1 MiB.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from checker.model import SEVERITIES, severity_rank
from checker.paths import shown_path
from checker.render.context import DISCLAIMER, safe_url
from checker.render.safe import one_line
from checker.render.template import markdown_escape as md
from checker.results import DocumentResult, Report, RuleResult

MARKER = "<!-- privacylint -->"
GITHUB_COMMENT_LIMIT = 65_536  # characters
DEFAULT_BUDGET = GITHUB_COMMENT_LIMIT - 1_536  # room for what a CI step adds around it
# Characters a URL keeps as they are inside a Markdown link; `(`, `)`, `<`, `>` and spaces are encoded.
_URL_SAFE = "/:@!$&'*+,;=-._~?#%"
_MARKS = {"error": "🔴", "warning": "🟠", "info": "🔵"}


@dataclass(frozen=True)
class _Policy:
    doc: DocumentResult
    path: str
    open: tuple[RuleResult, ...]  # most severe first
    accepted: int
    met: int
    applicable: int

    @property
    def count(self) -> dict[str, int]:
        return {s: sum(r.severity == s for r in self.open) for s in SEVERITIES}

    @property
    def percent(self) -> int | None:
        return self.met * 100 // self.applicable if self.applicable else None

    def worst_first(self) -> tuple[int, ...]:
        unreadable = 0 if self.doc.error else 1
        count = self.count
        return (unreadable, *(-count[s] for s in SEVERITIES), self.percent if self.percent is not None else 100)


def _policy(doc: DocumentResult) -> _Policy:
    failures = [r for r in doc.results if r.status == "fail"]
    open_ = sorted((r for r in failures if r.is_finding), key=lambda r: -severity_rank(r.severity))
    met = doc.count("pass")
    return _Policy(doc, shown_path(doc.path), tuple(open_), len(failures) - len(open_), met, met + len(failures))


def _counts(count: dict[str, int]) -> str:
    parts = [f"{count[s]} {s}{'s' if count[s] != 1 and s != 'info' else ''}" for s in SEVERITIES if count[s]]
    return ", ".join(parts) or "none"


def render(report: Report, *, budget: int = DEFAULT_BUDGET) -> str:
    """The comment, at most `budget` characters long."""
    policies = [_policy(d) for d in report.documents]
    failing = sorted((p for p in policies if p.open or p.doc.error), key=_Policy.worst_first)
    total = {s: sum(p.count[s] for p in policies) for s in SEVERITIES}
    accepted = sum(p.accepted for p in policies)
    clean = len(policies) - len(failing)

    head = [MARKER, "## privacylint — privacy policy check", ""]
    summary = f"**{len(failing)} of {len(policies)} polic{'y' if len(policies) == 1 else 'ies'} with open gaps**"
    summary += f" · missing: {_counts(total)}"
    if accepted:
        summary += f" · {accepted} accepted (suppressed or baselined, not counted as missing)"
    head.append(summary + ".")
    if clean:
        head.append(f"{clean} polic{'y meets' if clean == 1 else 'ies meet'} every applicable requirement.")
    if not failing:
        head += ["", "✅ No open gaps."]
        return "\n".join([*head, "", _footer(report)]) + "\n"

    head += ["", "| Policy | Errors | Warnings | Info | Accepted | Met |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    table_budget = budget // 2  # a portfolio of thousands still leaves room for the findings
    for shown, p in enumerate(failing):
        if p.doc.error:
            row = f"| ❗ {md(p.path)} | could not be read | | | | |"
        else:
            c = p.count
            percent = "–" if p.percent is None else f"{p.percent}%"
            row = (
                f"| {md(p.path)} | {c['error']} | {c['warning']} | {c['info']} | {p.accepted} "
                f"| {p.met} / {p.applicable} ({percent}) |"
            )
        if sum(map(len, head)) + len(row) > table_budget:
            head.append(f"| … {len(failing) - shown} more policies | | | | | |")
            break
        head.append(row)
    footer = _footer(report)
    out = "\n".join(head) + "\n"
    listed = 0
    reserve = len(footer) + 200  # the closing note and footer must fit, however the list ends
    close = "\n</details>\n"
    for p in failing:
        what = f"could not be read: {md(p.doc.error)}" if p.doc.error else _counts(p.count) + " missing"
        start = f"\n<details><summary><b>{md(p.path)}</b> — {what}</summary>\n\n"
        if len(out) + len(start) + len(close) + reserve > budget:
            break
        out += start
        full = False
        for r in p.open:
            item = _item(r, p.doc.location_unit == "line")
            if len(out) + len(item) + len(close) + reserve > budget:
                full = True
                break
            out += item
            listed += 1
        if p.accepted and not full:
            out += f"\n{p.accepted} accepted finding{'s' if p.accepted != 1 else ''} (not listed).\n"
        out += close
        if full:
            break
    remaining = sum(len(p.open) for p in failing) - listed
    if remaining:
        out += f"\n**{remaining} more finding{'s' if remaining != 1 else ''} — see the artifact** "
        out += "(the full HTML or SARIF report of this run).\n"
    return out + "\n" + footer + "\n"


def _item(r: RuleResult, has_lines: bool) -> str:
    """One finding on one line; the remediation is on the rule's page (linked) and in the artifact."""
    where = f" (line {r.location_line})" if has_lines and r.location_line > 1 else ""
    rule = "`" + one_line(r.rule).replace("`", "") + "`"  # a code span shows its text literally
    url = safe_url(r.url)
    if url:
        rule = f"[{rule}]({quote(url, safe=_URL_SAFE)})"
    return f"- {_MARKS.get(r.severity, '')} **{r.severity}** {rule} {md(r.title)} — {md(r.citation)}{where}\n"


def _footer(report: Report) -> str:
    return f"<sub>{md(report.tool)} {md(report.version)}. Not legal advice: {md(DISCLAIMER)}</sub>"
