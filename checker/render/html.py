"""HTML report: one self-contained file a compliance team can archive, print or e-mail.

Everything is inline (CSS, the filter script, SVG bars), and a Content-Security-
Policy forbids fetching anything and running any script but ours: even if a
policy's text slipped past escaping it could not execute or phone home.
"""

from __future__ import annotations

import base64
import hashlib

from markupsafe import Markup

from checker.render.template import environment, render_named
from checker.resources import data_dir
from checker.results import Report

TEMPLATE = "report.html.j2"


def content_security_policy(script: str) -> str:
    """Allow inline styles and exactly this script; forbid every fetch, form and frame."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (
        f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def render(report: Report, *, source_url: str = "") -> str:
    """The report; with `source_url` (see `context.check_source_url`) evidence lines link to the repository."""
    env = environment()
    script = env.get_template("report.js.j2").render()
    css = (data_dir("checker.reports") / "report.css").read_text(encoding="utf-8")
    extra = {
        "css": Markup(css),
        "script": Markup(script),
        "content_security_policy": content_security_policy(script),
    }
    return render_named(TEMPLATE, report, extra, env, source_url=source_url)
