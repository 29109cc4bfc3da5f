"""Renderers: each turns a `Report` into one output format, never re-running rules.

The registry maps a format name to the module that renders it; modules are
imported only when their format is asked for, so `privacylint check` starts fast
and Jinja is loaded only for HTML, Markdown and `--template`.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from checker.results import Report

Renderer = Callable[[Report], str]

_MODULES = {
    "text": "checker.render.text",
    "json": "checker.render.json_report",
    "html": "checker.render.html",
    "markdown": "checker.render.markdown",
    "sarif": "checker.render.sarif",
    "junit": "checker.render.junit",
    "github": "checker.render.github",
    "gitlab": "checker.render.gitlab",
    "pr-comment": "checker.render.pr_comment",
}
FORMATS = tuple(_MODULES)


def renderer(fmt: str) -> Renderer:
    """The render function of one format (its module imported now, not before)."""
    return import_module(_MODULES[fmt]).render


def renderers() -> dict[str, Renderer]:
    """Output format name → renderer. Each entry imports its module on first call."""

    def lazy(fmt: str) -> Renderer:
        return lambda report: renderer(fmt)(report)

    return {fmt: lazy(fmt) for fmt in FORMATS}
