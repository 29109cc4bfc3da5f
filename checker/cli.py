"""The `privacylint` command line. Each command is thin: parse options, call the
library, render, return an exit code (see checker.errors.ExitCode)."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from checker import __version__
from checker import baseline as baselines
from checker.errors import ExitCode, InputError, PrivacylintError, UsageError
from checker.model import SEVERITIES
from checker.render.safe import clean_text, inert, one_line
from checker.results import Report

if TYPE_CHECKING:
    from checker.config import Config

FAIL_ON = (*SEVERITIES, "never")


def _parse_settings(values: Sequence[str]) -> dict[str, str]:
    settings = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--set {item}: expected NAME=VALUE, e.g. --set audience=children")
        settings[name.strip()] = value.strip()
    return settings


def _parse_outputs(values: Sequence[str], known: Sequence[str]) -> list[tuple[str, Path]]:
    outputs = []
    for item in values:
        fmt, sep, path = item.partition(":")
        if not sep or not path:
            raise UsageError(f"--output {item}: expected FORMAT:PATH, e.g. --output json:report.json")
        if fmt not in known:
            from checker.packs import did_you_mean

            raise UsageError(
                f"--output {item}: unknown format {fmt!r}{did_you_mean(fmt, known)} (choose from {', '.join(known)})"
            )
        outputs.append((fmt, Path(path)))
    return outputs


def _merge_outputs(configured: list[tuple[str, Path]], given: list[tuple[str, Path]]) -> list[tuple[str, Path]]:
    """`--output` adds to the configuration's `outputs:` (a CI step that asks for SARIF must not
    silently drop the team's HTML report); for the same file, the command line wins."""
    chosen = {path.resolve(): (fmt, path) for fmt, path in configured}
    chosen.update({path.resolve(): (fmt, path) for fmt, path in given})
    return list(chosen.values())


def _exit_code(report: Report, fail_on: str) -> ExitCode:
    if report.errors:
        return ExitCode.UNREADABLE_INPUT
    if report.failures(fail_on):
        return ExitCode.FINDINGS
    return ExitCode.OK


# CI logs are not terminals but show colour; these variables say we run in one.
_COLOUR_CI = ("GITHUB_ACTIONS", "GITLAB_CI")


def _colour_wanted(choice: bool | None) -> bool:
    """--color/--no-color decide; else NO_COLOR turns colour off, a CI log or a terminal on."""
    if choice is not None:
        return choice
    if os.environ.get("NO_COLOR"):
        return False
    return any(os.environ.get(name) for name in _COLOUR_CI) or sys.stdout.isatty()


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from checker.native import build_kind

    click.echo(f"privacylint {__version__} ({build_kind()}, Python {sys.version.split()[0]})")
    ctx.exit()


def _emit(text: str) -> None:
    """Write a report to standard output, all of it or an error (a closed pipe exits 141)."""
    from checker.files import write_whole

    try:
        write_whole(sys.stdout, text)
    except BrokenPipeError:
        raise
    except OSError as exc:  # `> /dev/full`, a full disk, a quota
        raise _output_error(exc) from None


def _output_error(exc: OSError) -> UsageError:
    _discard_standard_output()  # what is still buffered would fail again at exit
    return UsageError(
        f"standard output: cannot write ({exc.strerror or exc}); free some space, "
        "or write the report to a file with --output FORMAT:PATH"
    )


# Errors of writing to standard output that are not the reader going away.
_WRITE_FAILURES = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}


def _discard_standard_output() -> None:
    """Point standard output at the null device, so that flushing what is still buffered at
    exit does not fail a second time on the closed pipe."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):  # no real descriptor (e.g. captured in tests): nothing to flush
        pass


def _exit_now_if_workers_were_abandoned(code: int) -> None:
    """End at once when a run cut short left its worker pool behind: waiting for the pool's
    threads at interpreter exit can hang (a queue feeder blocked on a pipe no one reads)."""
    from checker.batch import pool_abandoned

    if pool_abandoned():
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.flush()
        os._exit(int(code))


class _Cli(click.Group):
    """Turns our errors into one line on standard error and their exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PrivacylintError as exc:
            click.echo(f"privacylint: error: {one_line(exc)}", err=True)
            ctx.exit(int(exc.exit_code))
        except BrokenPipeError:
            # The reader went away (`| head`): the output is incomplete, which is never a pass.
            _discard_standard_output()
            with contextlib.suppress(OSError):  # standard error may have gone the same way (`2>&1 | head`)
                click.echo("privacylint: error: output closed before the report was complete", err=True)
            _exit_now_if_workers_were_abandoned(ExitCode.BROKEN_PIPE)
            ctx.exit(int(ExitCode.BROKEN_PIPE))
        except OSError as exc:
            if exc.filename is not None or exc.errno not in _WRITE_FAILURES:
                raise
            failure = _output_error(exc)  # any other command's output to a full device
            click.echo(f"privacylint: error: {failure}", err=True)
            ctx.exit(int(failure.exit_code))
        except KeyboardInterrupt:
            click.echo("\nprivacylint: interrupted", err=True)
            _exit_now_if_workers_were_abandoned(ExitCode.INTERRUPTED)
            ctx.exit(int(ExitCode.INTERRUPTED))
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # a bug of ours: one line for the user, the traceback on request
            if os.environ.get("PRIVACYLINT_DEBUG"):
                raise
            click.echo(
                f"privacylint: internal error: {type(exc).__name__}: {one_line(exc)} "
                "(set PRIVACYLINT_DEBUG=1 for the traceback, and please report it)",
                err=True,
            )
            ctx.exit(int(ExitCode.INTERNAL))


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version, and whether the engine is compiled, and exit.",
)
def cli() -> None:
    """Check privacy policies against GDPR, COPPA, CalOPPA and CCPA disclosure requirements."""


@cli.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--pack",
    "packs",
    multiple=True,
    metavar="NAME|PATH",
    help="Built-in pack name or path to a pack file/folder (repeatable). Default: all built-in packs.",
)
@click.option(
    "--format",
    "fmt",
    default="text",
    show_default=True,
    metavar="FORMAT",
    help="Format for standard output: text, json, html, markdown, pr-comment, sarif, junit, github or gitlab.",
)
@click.option(
    "--output",
    "outputs",
    multiple=True,
    metavar="FORMAT:PATH",
    help="Also write FORMAT to PATH (repeatable; added to the configuration's `outputs`; "
    "FORMAT 'template' writes the --template render).",
)
@click.option(
    "--template",
    "template_path",
    default=None,
    metavar="PATH",
    help="Render your own Jinja template (see docs/reports.md) to standard output instead of --format.",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default=None,
    help="Exit 1 when an unsuppressed requirement of this severity or higher fails. [default: error]",
)
@click.option(
    "--set",
    "set_values",
    multiple=True,
    metavar="NAME=VALUE",
    help="A fact the packs' applicability reads, e.g. audience=children.",
)
@click.option(
    "--config",
    "config_path",
    metavar="PATH",
    help="Configuration file (default: privacylint.yaml or pyproject.toml, found upwards to the repository root).",
)
@click.option("--baseline", "baseline_path", metavar="FILE", help="Fail only on findings this baseline does not hold.")
@click.option(
    "--stdin-format",
    type=click.Choice(["text", "markdown", "html", "pdf", "docx"]),
    default=None,
    help="Format of standard input when PATH is '-' (default: sniffed).",
)
@click.option(
    "--max-input-size",
    "max_input_mib",
    type=click.FloatRange(min=0.001),
    default=16,
    show_default=True,
    metavar="MIB",
    help="Refuse policy files larger than this many MiB (keeps time and memory bounded).",
)
@click.option(
    "--no-boilerplate-removal",
    "keep_boilerplate",
    is_flag=True,
    help="HTML: keep navigation, headers, footers and cookie banners of saved web pages.",
)
@click.option(
    "--color/--no-color",
    "colour",
    default=None,
    help="Colour the text output, also when piped (default: on a terminal or in GitHub/GitLab CI, off with NO_COLOR).",
)
@click.option(
    "--source-url",
    metavar="TEMPLATE",
    default=None,
    help="HTML: link evidence lines to the repository, e.g. https://github.com/ORG/REPO/blob/SHA/{path}#L{line}.",
)
@click.option("-v", "--verbose", is_flag=True, help="Text output: show the remediation under each failure.")
@click.option(
    "--show-passes/--hide-passes",
    default=True,
    help="Text output: also list met, not-applicable and suppressed requirements (--hide-passes: "
    "only what needs attention, as the pre-commit hook and the GitHub Action print it). [default: show]",
)
@click.option(
    "--force-exclude",
    is_flag=True,
    help="Apply the configuration's `exclude` to files named on the command line too (for pre-commit).",
)
@click.option("-q", "--quiet", is_flag=True, help="No summary line or progress bar on standard error.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Check files in N parallel processes. [default: the number of cores]",
)
@click.option(
    "--sorted", "sorted_output", is_flag=True, help="--format jsonl: write results in input order, not as they finish."
)
def check(
    paths,
    packs,
    fmt,
    outputs,
    template_path,
    fail_on,
    set_values,
    config_path,
    baseline_path,
    stdin_format,
    max_input_mib,
    keep_boilerplate,
    colour,
    source_url,
    verbose,
    show_passes,
    force_exclude,
    quiet,
    jobs,
    sorted_output,
) -> None:
    """Check the policies at PATHS (files, folders, glob patterns, or '-' for standard input).

    Without PATHS, checks the policies the configuration's `include` globs name."""
    from checker import batch
    from checker.config import load_config
    from checker.files import write_text_atomically
    from checker.gate import Gate
    from checker.paths import shown_path
    from checker.render import FORMATS, renderers
    from checker.render import text as text_renderer

    if fmt not in (*FORMATS, "jsonl"):
        from checker.packs import did_you_mean

        hint = did_you_mean(fmt, (*FORMATS, "jsonl"))
        raise UsageError(f"--format {fmt}: unknown format{hint}; choose from {', '.join(FORMATS)}, jsonl")
    if source_url:  # before the run, not after it
        from checker.render.context import check_source_url

        check_source_url(source_url)
    config = load_config(config_path)
    fail_on = fail_on or config.fail_on or "error"
    known = (*FORMATS, "template") if template_path else FORMATS
    written = _merge_outputs(_parse_outputs(config.outputs, known), _parse_outputs(outputs, known))
    if template_path and not Path(template_path).is_file():
        raise UsageError(f"--template {template_path}: no such file")
    read_options = {"max_bytes": int(max_input_mib * 2**20), "remove_boilerplate": not keep_boilerplate}
    files, setup = batch.prepare(
        paths,
        packs or config.packs or None,
        _parse_settings(set_values),
        stdin_format,
        config,
        read_options,
        outputs=[out_path for _, out_path in written],
        force_exclude=force_exclude,
    )
    if force_exclude and not files:  # as ruff does: say so, and pass
        click.echo(
            "privacylint: warning: every file named is excluded by the configuration (--force-exclude)", err=True
        )
        sys.exit(int(ExitCode.OK))
    run_gate = Gate(config, _baseline_in_force(baseline_path, config, quiet))
    jobs = jobs or batch.default_jobs()
    if fmt == "jsonl":
        refused = ["--output"] if written else []
        sys.exit(
            int(
                batch.run_jsonl(
                    files,
                    setup,
                    run_gate,
                    fail_on=fail_on,
                    jobs=jobs,
                    ordered=sorted_output,
                    quiet=quiet,
                    refused=refused,
                )
            )
        )
    checked = batch.build_report(files, setup, jobs, batch.ProgressBar(enabled=False if quiet else None))
    # The gate's notes go in the machine formats too, not only on standard error; every string is
    # made inert once, here, for every format and the lines below.
    report = inert(run_gate.report(checked))
    gate_notes = list(report.warnings)
    render = renderers()
    if source_url:
        from checker.render import html as html_renderer

        render["html"] = lambda report: html_renderer.render(report, source_url=source_url)
    if template_path:
        from checker.render.template import render_user_template

        render["template"] = lambda report: render_user_template(report, template_path)
    for out_fmt, out_path in written:
        try:
            write_text_atomically(out_path, render[out_fmt](report))
        except OSError as exc:
            raise UsageError(f"--output {out_fmt}:{out_path}: cannot write ({exc.strerror or exc})") from None
    if template_path:
        _emit(render["template"](report))
    elif fmt == "text":
        colour_on = _colour_wanted(colour)
        _emit(text_renderer.render(report, colour=colour_on, verbose=verbose, summary=not quiet, passes=show_passes))
    else:
        _emit(render[fmt](report))
    code = _exit_code(report, fail_on)
    for doc in report.errors:
        click.echo(f"privacylint: error: {shown_path(doc.path)}: {doc.error}", err=True)
    for note in gate_notes:
        click.echo(f"privacylint: warning: {note}", err=True)
    if not quiet and (fmt != "text" or template_path):  # the text format ends with it already: say it once
        click.echo(f"privacylint: {text_renderer.summary_line(report)}", err=True)
    sys.exit(int(code))


def _baseline_in_force(explicit: str | None, config: Config, quiet: bool) -> baselines.Baseline | None:
    """The baseline `check` applies (--baseline, else the configuration's, else the default file
    if it exists), said on standard error so that nobody wonders whether one is in force."""
    path = baselines.in_force(explicit, config)
    if path is None:
        return None
    loaded = baselines.load(path)
    if not quiet:
        click.echo(
            f"privacylint: baseline in force: {one_line(path)} ({len(loaded.entries)} accepted finding(s))", err=True
        )
    return loaded


@cli.command("eval")
@click.argument("labels", nargs=-1, required=True)
@click.option("--pack", "packs", multiple=True, metavar="NAME|PATH")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--show-errors", is_flag=True, help="List each wrong call with the policy and the evidence.")
@click.option("--set", "set_values", multiple=True, metavar="NAME=VALUE")
def eval_command(labels, packs, fmt, show_errors, set_values) -> None:
    """Measure the rules against labelled policies (LABELS.yaml files)."""
    import json

    from checker.evaluate import as_dict, evaluate, render_text
    from checker.packs import load_packs

    scores = evaluate(labels, load_packs(packs or None), _parse_settings(set_values))
    if fmt == "json":
        click.echo(json.dumps(as_dict(scores, show_errors), indent=2))
    else:
        click.echo(render_text(scores, show_errors), nl=False)


@cli.group()
def rules() -> None:
    """List, show, validate and test rules."""


@rules.command("list")
@click.option("--pack", "packs", multiple=True, metavar="NAME|PATH")
def rules_list(packs) -> None:
    """List the rules of the selected packs (default: all built-in)."""
    from checker.packs import load_packs

    pack_set = load_packs(packs or None)
    for pack in pack_set.packs:
        click.echo(clean_text(f"{pack.id} {pack.version} — {pack.name} ({len(pack.rules)} rules)"))
        width = max((len(r.id) for r in pack.rules), default=0)
        for rule in pack.rules:
            click.echo(clean_text(f"  {rule.id.ljust(width)}  {rule.severity:<7}  {rule.title}  [{rule.citation}]"))


@rules.command("show")
@click.argument("rule_id")
@click.option("--pack", "packs", multiple=True, metavar="NAME|PATH")
def rules_show(rule_id, packs) -> None:
    """Show one rule: citation, description, remediation, examples."""
    from checker.packs import load_packs

    pack_set = load_packs(packs or None)
    rule = pack_set.rule(rule_id)
    if rule is None:
        from checker.packs import did_you_mean

        hint = did_you_mean(rule_id, [r.id for r in pack_set.rules])
        raise UsageError(f"no rule {rule_id!r} in the selected packs{hint}")
    click.echo(clean_text(f"{rule.id} — {rule.title}"))
    click.echo(clean_text(f"severity:    {rule.severity}"))
    click.echo(clean_text(f"citation:    {rule.citation}"))
    if rule.applies_from:
        click.echo(clean_text(f"applies from: {rule.applies_from}"))
    if rule.applicability:
        click.echo(clean_text(f"applies when: {rule.applicability.description}"))
    click.echo(clean_text(f"defined at:  {rule.source}"))
    if rule.url:
        click.echo(clean_text(f"page:        {rule.url}"))
    click.echo("")
    click.echo(clean_text(click.wrap_text(rule.description, initial_indent="", subsequent_indent="")))
    click.echo("")
    click.echo(clean_text("How to fix: " + rule.remediation))
    for expect in ("pass", "fail", "not_applicable"):
        examples = [e for e in rule.examples if e.expect == expect]
        if examples:
            click.echo(
                f"\nExamples that {expect.replace('_', ' ') if expect != 'not_applicable' else 'are not applicable'}:"
            )
            for e in examples:
                click.echo(clean_text(f"  - {' '.join(e.text.split())}"))


@rules.command("docs")
@click.argument("outdir", default="docs/rules")
@click.option("--pack", "packs", multiple=True, metavar="NAME|PATH")
def rules_docs(outdir, packs) -> None:
    """Write a Markdown page per rule, and an index, into OUTDIR (default: docs/rules)."""
    from checker.packs import load_packs
    from checker.render.rule_docs import write_pages

    try:
        written = write_pages(load_packs(packs or None), Path(outdir))
    except OSError as exc:
        raise UsageError(f"{outdir}: cannot write ({exc.strerror or exc})") from None
    click.echo(f"{outdir}: {len(written) - 1} rule pages and an index")


@rules.command("schema")
def rules_schema() -> None:
    """Print the rule-pack JSON Schema (point your editor's YAML plugin at it)."""
    from checker.resources import data_dir

    click.echo((data_dir("checker.schemas") / "rule-pack.schema.json").read_text(encoding="utf-8"), nl=False)


@rules.command("validate")
@click.argument("paths", nargs=-1)
def rules_validate(paths) -> None:
    """Validate rule packs (default: the built-in ones)."""
    from checker.packs import builtin_pack_paths, validate_path

    targets = [Path(p) for p in paths] or list(builtin_pack_paths().values())
    for path in targets:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        pack = validate_path(path)
        click.echo(clean_text(f"{path}: ok — pack {pack.id} {pack.version}, {len(pack.rules)} rules"))


@rules.command("test")
@click.option("--pack", "packs", multiple=True, metavar="NAME|PATH")
@click.option("--rule", "rule_ids", multiple=True, metavar="ID", help="Only these rules.")
def rules_test(packs, rule_ids) -> None:
    """Run every rule's passing and failing examples."""
    from checker.packs import did_you_mean, load_packs
    from checker.ruletest import run_examples

    pack_set = load_packs(packs or None)
    known = [r.id for r in pack_set.rules]
    for rule_id in rule_ids:
        if rule_id not in known:
            raise UsageError(f"--rule {rule_id}: no such rule in the selected packs{did_you_mean(rule_id, known)}")
    outcomes = run_examples(pack_set, set(rule_ids) or None)
    failed = [o for o in outcomes if not o.ok]
    for outcome in failed:
        click.echo(outcome.describe())
    click.echo(f"{len(outcomes) - len(failed)} passed, {len(failed)} failed")
    sys.exit(ExitCode.FINDINGS if failed else ExitCode.OK)


@cli.group("config")
def config_group() -> None:
    """Show the project configuration."""


@config_group.command("show")
@click.option("--config", "config_path", metavar="PATH", help="Configuration file (default: found upwards).")
def config_show(config_path) -> None:
    """Print the resolved configuration and the file it came from (and validate it)."""
    from checker.config import load_config
    from checker.packs import load_packs
    from checker.settings import resolve_settings

    config = load_config(config_path)
    pack_set = load_packs(config.packs or None)
    config.validate_against(pack_set)
    resolve_settings(pack_set, {}, config)
    click.echo(config.describe(), nl=False)


@cli.command()
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.option("--path", "target", default="privacylint.yaml", show_default=True, metavar="PATH")
def init(force, target) -> None:
    """Write a commented starter privacylint.yaml."""
    from checker.config import starter_text
    from checker.files import write_text_atomically

    path = Path(target)
    if path.exists() and not force:
        raise UsageError(f"{path} already exists (use --force to overwrite it)")
    try:
        write_text_atomically(path, starter_text())
    except OSError as exc:
        raise UsageError(f"{path}: cannot write ({exc.strerror or exc})") from None
    click.echo(f"wrote {path}: edit packs, settings and include, then run `privacylint check`")


@cli.group("baseline")
def baseline_group() -> None:
    """Accept today's findings so that check fails only on new ones."""


def _baseline_options(command):
    for decorator in reversed(
        [
            click.argument("paths", nargs=-1),
            click.option(
                "--baseline",
                "baseline_path",
                metavar="FILE",
                help=f"Default: the configuration's `baseline`, else {baselines.DEFAULT_FILE} beside it.",
            ),
            click.option(
                "--config", "config_path", metavar="PATH", help="Configuration file (default: found upwards)."
            ),
            click.option("--pack", "packs", multiple=True, metavar="NAME|PATH"),
            click.option("--set", "set_values", multiple=True, metavar="NAME=VALUE"),
        ]
    ):
        command = decorator(command)
    return command


def _baseline_report(paths, packs, set_values, config_path, baseline_path) -> tuple[Report, Path, Config]:
    from checker.api import check_paths
    from checker.config import load_config

    config = load_config(config_path)
    report = check_paths(
        paths, packs or config.packs or None, _parse_settings(set_values), config=config, use_baseline=False
    )
    if report.errors:  # a baseline of a policy that could not be read would accept nothing
        raise InputError(report.errors[0].path, report.errors[0].error or "cannot be read")
    return report, baselines.target(baseline_path, config), config


def _say_where_check_finds(target: Path, config: Config) -> str:
    if baselines.in_force(None, config) == target:
        return "`privacylint check` applies it from now on"
    return f"`privacylint check` applies it with --baseline {target}, or add `baseline: {target}` to the configuration"


@baseline_group.command("create")
@_baseline_options
@click.option("--force", is_flag=True, help="Replace an existing baseline.")
def baseline_create(paths, baseline_path, config_path, packs, set_values, force) -> None:
    """Record every current (unsuppressed) failure of PATHS as accepted."""
    report, target, config = _baseline_report(paths, packs, set_values, config_path, baseline_path)
    if target.exists() and not force:
        raise UsageError(f"{target} already exists (use `privacylint baseline update`, or --force to replace it)")
    created = baselines.create(report, target)
    policies = f"{len(report.documents)} polic{'y' if len(report.documents) == 1 else 'ies'}"
    click.echo(
        f"{target}: {len(created.entries)} finding(s) of {policies} accepted; {_say_where_check_finds(target, config)}"
    )


@baseline_group.command("update")
@_baseline_options
def baseline_update(paths, baseline_path, config_path, packs, set_values) -> None:
    """Drop entries that no longer fail and add the new findings of PATHS."""
    report, target, config = _baseline_report(paths, packs, set_values, config_path, baseline_path)
    outcome = baselines.update(report, baselines.load(target))
    click.echo(f"{target}: {len(outcome.stale)} stale entries dropped, {len(outcome.new)} new finding(s) added")
    for entry in outcome.stale:
        click.echo(f"  - {entry.rule} in {entry.path}")
    for entry in outcome.new:
        click.echo(f"  + {entry.rule} in {entry.path}")
    click.echo(_say_where_check_finds(target, config))


@cli.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--pack", "packs", multiple=True, metavar="NAME|PATH")
@click.option("--set", "set_values", multiple=True, metavar="NAME=VALUE")
@click.option("--config", "config_path", metavar="PATH", help="Configuration file (default: found upwards).")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default=None,
    help="Exit 1 when a requirement of this severity or higher regressed. [default: error]",
)
@click.option(
    "--fail-on-evidence-loss",
    "evidence_loss",
    is_flag=True,
    help="Also exit 1 when a requirement (of --fail-on severity or higher) is still met, but no longer "
    "in a section that met it before (evidence moved or lost).",
)
@click.option("-q", "--quiet", is_flag=True, help="No summary line on standard error.")
def diff_command(old, new, packs, set_values, config_path, fmt, fail_on, evidence_loss, quiet) -> None:
    """Compare two versions of a policy: OLD and NEW are files or git:REV:path."""
    from checker import diff
    from checker.config import load_config

    config = load_config(config_path)
    fail_on = fail_on or config.fail_on or "error"
    chosen = packs or config.packs or None
    settings = _parse_settings(set_values)
    old_doc, new_doc = diff.read_version(old), diff.read_version(new)
    results = [inert(diff.check_version(doc, chosen, settings, config)) for doc in (old_doc, new_doc)]
    # The quotes were made inert: the text they are looked up in is too.
    compared = diff.compare(*results, new_text=clean_text(new_doc.text))
    _emit(diff.RENDERERS[fmt](compared, fail_on))
    if not quiet:
        click.echo(f"privacylint: {diff.summary_line(compared, fail_on, evidence_loss)}", err=True)
    failing = compared.failing(fail_on, evidence_loss=evidence_loss)
    sys.exit(int(ExitCode.FINDINGS if failing else ExitCode.OK))


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point."""
    cli.main(args=argv, prog_name="privacylint")
