"""The engine as a library: one pure function from a policy's text to its results.

    from checker import check_text
    result = check_text(open("policy.md").read(), input_format="markdown")
    failed = [r.rule for r in result.results if r.status == "fail"]

Built-in packs are compiled once per process (and cached on disk between
processes), so calling `check_text` in a loop, a worker pool or a Dask task
costs only the check itself. A compiled `PackSet` pickles, so it can also be
loaded once and shipped to workers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checker.config import Config
    from checker.model import PackSet
    from checker.results import DocumentResult, Report


def check_text(
    text: str,
    packs: PackSet | Sequence[str] | None = None,
    input_format: str = "text",
    *,
    settings: Mapping[str, str] | None = None,
    path: str = "<text>",
) -> DocumentResult:
    """Check one policy given as text; `packs` is a loaded PackSet, pack names or paths
    (default: all built-in packs); `input_format` is text, markdown or html.

    Raises checker.errors.InputError for an unknown format and UsageError for a bad setting."""
    from checker.engine import check_document
    from checker.model import PackSet
    from checker.packs import load_packs
    from checker.reading import parse_text

    pack_set = packs if isinstance(packs, PackSet) else load_packs(packs)
    sha256 = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    doc = parse_text(text, path, input_format, sha256=sha256)
    return check_document(doc, pack_set, settings)


def check_paths(
    paths: Sequence[str],
    packs: Sequence[str] | None = None,
    settings: Mapping[str, str] | None = None,
    *,
    config: Config | None = None,
    baseline: str | Path | None = None,
    use_baseline: bool = True,
    stdin_format: str | None = None,
    read_options: Mapping[str, Any] | None = None,
    jobs: int = 1,
) -> Report:
    """Read and check policy files, folders or glob patterns, and apply the gate, exactly as
    `privacylint check` does: the configuration's selection, severities and suppressions,
    inline suppressions, and `baseline` (a file path; default: the one `check` would use;
    `use_baseline=False`: none).
    `settings` override the configuration's. Run-wide notes are in `Report.warnings`;
    an unreadable file becomes an error entry of the report, never a gap."""
    from checker import baseline as baselines
    from checker import batch
    from checker.config import Config
    from checker.gate import gate

    config = config or Config()
    files, setup = batch.prepare(paths, packs, dict(settings or {}), stdin_format, config, dict(read_options or {}))
    checked = batch.build_report(files, setup, jobs)
    in_force = baselines.in_force(str(baseline) if baseline else None, config) if use_baseline else None
    return gate(checked, config, baselines.load(in_force) if in_force else None)
