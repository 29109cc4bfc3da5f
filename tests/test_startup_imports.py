"""What every run holds before it reads a policy: `privacylint check policy.md` imports no
module it does not use (importlib.metadata and the email package, tempfile, PyYAML, the
PDF and Word readers, the report templates), and the version is still the package's."""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
from pathlib import Path

import checker

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "privacy-policy.md"

# Modules a check of a Markdown policy with a JSON report never needs.
NOT_NEEDED = (
    "importlib.metadata",
    "importlib.resources",
    "email",
    "tempfile",
    "zipfile",
    "yaml",
    "jsonschema",
    "jinja2",
    "pypdf",
    "checker.parsers.pdf",
    "checker.parsers.docx",
    "checker.render.sarif",
    "checker.render.html",
)

_PROBE = """
import io, json, sys, contextlib
from checker import cli
sys.argv = ["privacylint", "check", sys.argv[1], "--format", "json", "--fail-on", "never"]
with contextlib.redirect_stdout(io.StringIO()):
    try:
        cli.main()
    except SystemExit:
        pass
print(json.dumps(sorted(sys.modules)))
"""


def _modules_imported(folder: Path) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(EXAMPLE)],
        capture_output=True,
        text=True,
        check=True,
        cwd=folder,  # no configuration file of the repository's
        env={**os.environ, "PRIVACYLINT_CACHE_DIR": str(folder / "cache")},
    )
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_checking_a_markdown_policy_imports_nothing_it_does_not_use(tmp_path):
    _modules_imported(tmp_path)  # compiles the packs (YAML, schema) into the cache
    imported = _modules_imported(tmp_path)  # reads them from it, as nearly every run does
    assert "checker.engine" in imported  # the probe did check the policy
    assert sorted(imported.intersection(NOT_NEEDED)) == []


def test_the_version_is_the_installed_packages():
    assert checker.__version__ == importlib.metadata.version("privacylint")
