"""Renderers: each turns a `Report` into one output format, never re-running rules."""

from __future__ import annotations

from collections.abc import Callable

from checker.results import Report

Renderer = Callable[[Report], str]


def renderers() -> dict[str, Renderer]:
    """Output format name → renderer (imported lazily to keep start-up fast)."""
    from checker.render import json_report, text

    return {"text": text.render, "json": json_report.render}


FORMATS = ("text", "json")
