"""`check --format/--output/--template` from the command line, and the documented template context."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from checker.cli import cli
from checker.render import FORMATS
from checker.render.context import build_context
from tests.test_render_html import hostile_report

ROOT = Path(__file__).parent.parent
DEV_POLICIES = sorted(str(p) for p in (ROOT / "tests" / "fixtures" / "dev" / "policies").glob("*.txt"))
DOCS = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")


def run(*args: str):
    return CliRunner().invoke(cli, ["check", *args, "-q"], catch_exceptions=False)


def test_every_format_on_stdout_and_as_output_files(tmp_path):
    outputs = [f"--output={fmt}:{tmp_path / ('out.' + fmt)}" for fmt in FORMATS]
    result = run(*DEV_POLICIES[:2], "--format", "html", *outputs)
    assert result.exit_code in (0, 1)
    assert result.output.startswith("<!DOCTYPE html>")
    written = {fmt: (tmp_path / f"out.{fmt}").read_text(encoding="utf-8") for fmt in FORMATS}
    assert written["html"].startswith("<!DOCTYPE html>")
    assert written["markdown"].startswith("## privacylint")
    assert json.loads(written["sarif"])["version"] == "2.1.0"
    assert ET.fromstring(written["junit"]).tag == "testsuites"
    for fmt in ("markdown", "sarif", "junit"):
        assert run(DEV_POLICIES[0], "--format", fmt).exit_code in (0, 1)


def test_unknown_output_format_is_a_usage_error():
    result = run(DEV_POLICIES[0], "--output", "pdf:x.pdf")
    assert result.exit_code == 2 and "unknown format 'pdf'" in result.output


def test_user_template_to_stdout_and_to_a_file(tmp_path):
    template = tmp_path / "list.txt.j2"
    template.write_text(
        "{% for d in documents %}{{ d.path }}: {{ d.met }}/{{ d.applicable }} {{ d.verdict }}\n{% endfor %}"
    )
    result = run(*DEV_POLICIES[:2], "--template", str(template), "--output", f"template:{tmp_path / 'copy.txt'}")
    lines = result.output.splitlines()
    assert [line.split(":")[0] for line in lines] == [str(Path(p).relative_to(Path.cwd())) for p in DEV_POLICIES[:2]]
    assert re.fullmatch(r".+: \d+/\d+ (pass|fail|none)", lines[0])
    assert (tmp_path / "copy.txt").read_text() == result.output


def test_user_html_template_is_autoescaped(tmp_path):
    template = tmp_path / "mine.html"
    template.write_text(
        "{% for d in documents %}{% for r in d.passed_results %}{{ r.evidence[0].text }}{% endfor %}{% endfor %}"
    )
    from checker.render.template import render_user_template

    out = render_user_template(hostile_report(), template)
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_template_errors_name_the_file_and_line(tmp_path):
    broken = tmp_path / "broken.md.j2"
    broken.write_text("line one\n{% for d in documents %}\n")
    result = run(DEV_POLICIES[0], "--template", str(broken))
    assert result.exit_code == 2 and f"{broken}:" in result.output
    typo = tmp_path / "typo.md.j2"
    typo.write_text("{{ documents[0].nmae }}")
    result = run(DEV_POLICIES[0], "--template", str(typo))
    assert result.exit_code == 2 and "nmae" in result.output
    result = run(DEV_POLICIES[0], "--template", str(tmp_path / "absent.j2"))
    assert result.exit_code == 2 and "no such file" in result.output


def test_the_example_template_in_the_docs_renders(tmp_path):
    example = re.search(r"```jinja\n(.*?)```", DOCS, re.DOTALL).group(1)
    template = tmp_path / "gaps.md.j2"
    template.write_text(example)
    result = run(
        *DEV_POLICIES[:2], str(ROOT / "tests" / "fixtures" / "reports" / "missing.txt"), "--template", str(template)
    )
    assert result.exit_code == 4, "the unreadable policy still sets the exit code"
    assert "# Privacy policy gaps" in result.output and "- [ ] **" in result.output
    assert "Could not be read" in result.output


def test_docs_describe_every_context_variable_and_field():
    context = build_context(hostile_report())
    documented = set(re.findall(r"`([a-z0-9_]+)`", DOCS))
    missing = [name for name in context if name not in documented]
    doc = context["documents"][0]
    for view in (doc, doc.packs[0], doc.results[0], doc.results[0].evidence[0] if doc.results[0].evidence else None):
        if view is not None:
            missing += [f for f in view.__slots__ if f not in documented]
    missing += [f for f in context["totals"].__slots__ if f not in documented]
    missing += [f for f in context["matrix"][0].__slots__ if f not in documented]
    assert not missing, f"document these in docs/reports.md: {missing}"


def test_text_and_machine_formats_do_not_import_jinja():
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from checker.cli import cli\n"
        f"for fmt in ('text', 'json', 'sarif', 'junit'):\n"
        f"    CliRunner().invoke(cli, ['check', {DEV_POLICIES[0]!r}, '--format', fmt, '-q'])\n"
        "print('jinja2' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
