"""Jinja machinery shared by the HTML and Markdown reports and `--template PATH`.

Imported only when one of those formats is rendered: Jinja is not needed for
text, JSON, SARIF or JUnit output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from checker.errors import UsageError
from checker.render.context import STATUS_LABELS, STATUS_MARKS, build_context
from checker.render.safe import clip, one_line
from checker.resources import data_dir
from checker.results import Report

# Template names ending in these (before an optional .j2) are rendered without
# HTML autoescaping; everything else, including unknown extensions, is escaped.
PLAIN_TEXT_SUFFIXES = (".md", ".markdown", ".txt", ".text", ".csv")

# Characters that mean something in GitHub-flavoured Markdown inside a line of
# text (table cells, list items, quotes). `&`, `<`, `>` become entities so no
# HTML tag or entity in a policy reaches GitHub's renderer; `@` and `#` so a
# policy cannot mention people or link issues from a PR comment.
_MARKDOWN_ESCAPES = {
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
    "|": "\\|",
    "~": "\\~",
    "!": "\\!",
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "@": "&#64;",
    "#": "&#35;",
}
_MARKDOWN_TABLE = str.maketrans(_MARKDOWN_ESCAPES)


def markdown_escape(text: object) -> str:
    """One line of literal text for GitHub Markdown: safe in a table cell, list item or quote."""
    return one_line(text).translate(_MARKDOWN_TABLE)


def _percent(value: int | None) -> str:
    return "–" if value is None else f"{value}%"


def _autoescape(name: str | None) -> bool:
    if name is None:
        return True
    base = name[:-3] if name.endswith(".j2") else name
    return not base.lower().endswith(PLAIN_TEXT_SUFFIXES)


def environment(search_path: Path | None = None) -> jinja2.Environment:
    """A Jinja environment over our `reports/` folder (and `search_path` first, for user templates)."""
    folders = [str(search_path)] if search_path else []
    folders.append(str(data_dir("checker.reports")))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=_autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=markdown_escape,
        clip=lambda text, limit=200: clip(text, limit),
        one_line=one_line,
        percent=_percent,
        status_label=lambda status: STATUS_LABELS.get(status, status),
        status_mark=lambda status: STATUS_MARKS.get(status, "?"),
    )
    return env


def render_named(
    name: str,
    report: Report,
    extra: dict[str, Any] | None = None,
    env: jinja2.Environment | None = None,
    *,
    source_url: str = "",
) -> str:
    """Render one of our templates in `reports/` against the results context."""
    env = env or environment()
    context = build_context(report, source_url=source_url)
    context.update(extra or {})
    return env.get_template(name).render(context)


def render_user_template(report: Report, path: str | Path) -> str:
    """Render the user's own template file; problems become one-line usage errors."""
    template_path = Path(path)
    if not template_path.is_file():
        raise UsageError(f"--template {path}: no such file")
    env = environment(template_path.resolve().parent)
    try:
        template = env.get_template(template_path.name)
        return template.render(build_context(report))
    except jinja2.TemplateSyntaxError as exc:
        where = f"{exc.filename or path}:{exc.lineno}"
        raise UsageError(f"--template {path}: {where}: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise UsageError(f"--template {path}: {exc.message or exc}") from None
