from __future__ import annotations

import io
import os
import textwrap
import zipfile
from pathlib import Path

import pytest
from hypothesis import settings

from checker.engine import check_document
from checker.packs import load_packs
from checker.reading import parse_text
from checker.results import DocumentResult

settings.register_profile("default", max_examples=150)
settings.register_profile("stress", max_examples=3000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

FIXTURES = Path(__file__).parent / "fixtures"
DEMO_PACK = str(FIXTURES / "packs" / "demo")
DEV_POLICIES = sorted((FIXTURES / "dev" / "policies").glob("*.txt"))


@pytest.fixture(scope="session")
def demo_pack():
    return load_packs([DEMO_PACK])


def quotes_the_document(span: str, quote: str) -> bool:
    """Whether a quote is the document's text from its start to its end offset, apart from
    ellipses: at either end where a sentence was shortened, and between a list's lead-in and
    a later item where the items between are left out."""
    pieces = [piece.strip() for piece in quote.split("\u2026") if piece.strip()]
    if not pieces or not span.startswith(pieces[0]) or not span.endswith(pieces[-1]):
        return False
    at = 0
    for piece in pieces:
        at = span.find(piece, at)
        if at == -1:
            return False
        at += len(piece)
    return True


def check_with(pack_set, text: str, fmt: str = "text", settings: dict | None = None) -> DocumentResult:
    return check_document(parse_text(text, "<test>", fmt), pack_set, settings)


def status_of(result: DocumentResult, rule_id: str) -> str:
    return next(r.status for r in result.results if r.rule == rule_id)


def run_cli(*args, stdin: str | None = None):
    """`privacylint ARGS...` through click's CliRunner (arguments may be paths)."""
    from click.testing import CliRunner

    from checker.cli import cli

    return CliRunner().invoke(cli, [str(a) for a in args], input=stdin)


WORD_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_WORD_STYLES = (
    f'<?xml version="1.0"?><w:styles xmlns:w="{WORD_NAMESPACE}">'
    '<w:style w:styleId="Title"><w:name w:val="Title"/></w:style>'
    '<w:style w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
    '<w:style w:styleId="Kop2"><w:name w:val="heading 2"/></w:style></w:styles>'
)


def docx_bytes(body: str, *, styles: bool = True) -> bytes:
    """A minimal .docx package around a body of WordprocessingML (elements with the `w:`
    prefix); with `styles`, a styles part naming Title, Heading1 and a Dutch 'Kop2' heading."""
    document = f'<?xml version="1.0"?><w:document xmlns:w="{WORD_NAMESPACE}"><w:body>{body}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", document)
        if styles:
            archive.writestr("word/styles.xml", _WORD_STYLES)
    return buffer.getvalue()


def one_rule_pack(tmp_path, match_yaml: str, extra: str = ""):
    """A pack with a single rule `t.r` whose match is `match_yaml`."""
    body = textwrap.indent(textwrap.dedent(match_yaml).strip(), " " * 6)
    (tmp_path / "t.yaml").write_text(
        f"""pack: {{id: t, name: T, version: "1.0"}}
{textwrap.dedent(extra)}
rules:
  - id: t.r
    title: R
    severity: error
    citation: C
    description: D
    remediation: F
    match:
{body}
    examples: {{pass: ["x"], fail: ["y"]}}
"""
    )
    return load_packs([str(tmp_path / "t.yaml")])
