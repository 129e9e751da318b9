"""Command line: the same calls the notebooks make, headless.

Every command opens the project as the notebooks do (:func:`demandlens.app.project.open_project`:
``demandlens.yaml`` in ``--project`` or a folder above it), so the CLI and the notebooks always
resolve the same config, export, labels, taxonomy, cache, runs and reports.

Exit codes scripts can trust: 0 success, 1 unexpected failure, 2 bad input or config,
3 finished but themes need labels (only with ``--strict``), 4 finished with alerts (only with
``--fail-on-alert``; checked before ``--strict``).
"""

from __future__ import annotations

import dataclasses
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..config import ConfigError
from ..errors import DemandLensError

__all__ = ["app"]

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="demandlens: why do customers contact us, and how much of it is avoidable?",
)
console = Console(stderr=False)
err = Console(stderr=True)

EXIT_OK, EXIT_ERROR, EXIT_INPUT, EXIT_NEEDS_LABELS, EXIT_ALERTS = 0, 1, 2, 3, 4

ProjectOption = Annotated[Path, typer.Option(
    "--project", help="Project folder, or a folder inside it (default: here).")]
ConfigOption = Annotated[Path | None, typer.Option(
    "--config", "-c", help="YAML config instead of the project's demandlens.yaml.")]
LabelsOption = Annotated[Path | None, typer.Option(
    "--labels", help="Labels file (default: project.labels of the config, labels.yaml).")]


def _fail(exc: BaseException) -> None:
    err.print(f"[bold red]error:[/] {exc}")
    raise typer.Exit(EXIT_INPUT)


def _open(project: Path, config: Path | None = None, labels: Path | None = None):  # noqa: ANN202
    """The project as the notebooks open it; ``--labels`` points it at another labels file."""
    from .project import open_project

    opened = open_project(project, config=config)
    if labels is not None:
        opened = dataclasses.replace(opened, config=opened.config.replace(
            project={"labels": str(labels.expanduser().resolve())}))
    return opened


@app.callback()
def _main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each stage.")] = False):
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )


@app.command()
def run(
    input: Annotated[Path | None, typer.Argument(
        help="Ticket export (CSV, XLSX, JSON/JSONL, Parquet); default: project.export of the "
             "config, else the newest file in data/raw/.")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Run folder to write (default: runs/<export name>).")] = None,
    config: ConfigOption = None,
    previous: Annotated[Path | None, typer.Option(
        "--previous", "-p", help="Previous run folder to match to (default: the newest run).")
    ] = None,
    fresh: Annotated[bool, typer.Option(
        "--fresh", help="Build themes afresh, matched to no previous run.")] = False,
    mode: Annotated[str | None, typer.Option(
        "--mode", help="Re-run mode: rebuild or assign (default: match.mode).")] = None,
    labels: LabelsOption = None,
    project: ProjectOption = Path("."),
    strict: Annotated[bool, typer.Option("--strict", help="Exit 3 when themes need labels.")
                      ] = False,
    fail_on_alert: Annotated[bool, typer.Option(
        "--fail-on-alert", help="Exit 4 when the run raised an alert (spike, new, growing, "
        "shrinking or vanished theme): for scheduled runs.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
) -> None:
    """Themes for an export: reuse the identical run, or write a new run folder."""
    if mode is not None and mode not in ("rebuild", "assign"):
        _fail(ConfigError(f"--mode must be 'rebuild' or 'assign', got {mode!r}."))
    if fresh and previous is not None:
        _fail(ConfigError("--fresh and --previous exclude each other; give one."))
    try:
        proj = _open(project, config, labels)
        result = proj.run(input, out=out, previous=None if fresh else (previous or "auto"),
                          mode=mode, progress=not quiet)
        summary = proj.summary(result)
    except (DemandLensError, ConfigError, OSError) as exc:
        _fail(exc)
    _print_summary(summary)
    if proj.labels():
        from ..measure.shares import failure_share

        console.print(failure_share(result, proj.labels(), config=proj.config,
                                    taxonomy=proj.taxonomy()).summary(), highlight=False)
    _alerts_summary(result, proj.labels())
    if fail_on_alert and result.alerts is not None and len(result.alerts):
        raise typer.Exit(EXIT_ALERTS)
    if strict and summary.needs_label:
        raise typer.Exit(EXIT_NEEDS_LABELS)


def _print_summary(summary) -> None:  # noqa: ANN001 - summary.RunSummary
    """The run summary's lines, then its largest themes by name (key last, status on re-runs)."""
    from rich import box

    for line in summary.lines[:-1]:
        console.print(line, highlight=False, soft_wrap=True)
    themes = summary.themes
    rerun = bool((themes["status"] != "new").any())
    table = Table(title=f"The {len(themes)} largest themes", box=box.SIMPLE_HEAD)
    table.add_column("theme", no_wrap=True, overflow="ellipsis", max_width=30)
    table.add_column("tickets", justify="right", no_wrap=True)
    table.add_column("of all", justify="right", no_wrap=True)
    table.add_column("label", no_wrap=True)
    if rerun:
        table.add_column("status", no_wrap=True)
    table.add_column("key", no_wrap=True, min_width=9)
    for row in themes.itertuples(index=False):
        cells = [row.theme, str(row.tickets), f"{row[2]:.1%}", row.label]
        table.add_row(*cells, *([row.status] if rerun else []), row.theme_key)
    console.print(table)
    console.print(summary.lines[-1], highlight=False, soft_wrap=True)


@app.command()
def status(project: ProjectOption = Path("."), config: ConfigOption = None) -> None:
    """Show what the project resolves: config, export, labels, taxonomy, cache, runs."""
    try:
        proj = _open(project, config)
    except (DemandLensError, ConfigError, OSError) as exc:
        _fail(exc)
    console.print(str(proj), highlight=False, soft_wrap=True)


def _run_of(proj, run_dir: Path | None):  # noqa: ANN001, ANN202
    from ..run import Run

    return Run.open(run_dir) if run_dir is not None else proj.current_run()


def _alerts_summary(result, labels) -> None:
    """Repeat contacts (beside the failure share), then "Alerts: 2 spikes, 1 new theme" with
    each alert's sentence."""
    from ..measure.alert_text import summary_line
    from ..measure.repeats import find_repeats

    console.print(find_repeats(result, labels).summary(), markup=False, highlight=False)
    alerts = result.alerts
    if alerts is None:
        return
    console.print(f"[bold]Alerts:[/] {summary_line(alerts['kind'].value_counts().to_dict())}")
    for message in alerts["message"].head(10):
        console.print(f"  • {message}", markup=False, highlight=False)
    if len(alerts) > 10:
        console.print(f"  … {len(alerts) - 10} more in {result.path}/alerts.csv")


@app.command()
def export(
    run_dir: Annotated[Path | None, typer.Argument(
        help="Run folder (default: the run of the project's current export).")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Output folder (default: reports/<run name>/).")] = None,
    labels: LabelsOption = None,
    bom: Annotated[bool, typer.Option("--bom", help="UTF-8 with BOM (for Excel).")] = False,
    sep: Annotated[str, typer.Option("--sep", help="Column separator; ';' for Nordic Excel.")] = ",",
    text: Annotated[bool, typer.Option(
        "--text/--no-text", help="Ticket subject and cleaned, masked text in tickets.csv.")] = True,
    excel: Annotated[bool, typer.Option(
        "--excel/--no-excel", help="Also write the Excel workbook.")] = True,
    project: ProjectOption = Path("."),
) -> None:
    """Write themes.csv, tickets.csv and the Excel workbook for a run."""
    from .exports import export_tables

    try:
        proj = _open(project, labels=labels)
        result = _run_of(proj, run_dir)
        paths = export_tables(result, proj.labels(), out or proj.reports_for(result), bom=bom,
                              sep=sep, include_text=text, excel=excel, taxonomy=proj.taxonomy())
    except (DemandLensError, ConfigError, OSError) as exc:
        _fail(exc)
    for name, path in paths.items():
        console.print(f"{name}: {path}", highlight=False)


@app.command()
def report(
    run_dir: Annotated[Path | None, typer.Argument(
        help="Run folder (default: the run of the project's current export).")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="HTML file to write (default: reports/<run name>/report.html).")
    ] = None,
    labels: LabelsOption = None,
    project: ProjectOption = Path("."),
) -> None:
    """Write the self-contained HTML report for a run."""
    from .report_html import html_report

    try:
        proj = _open(project, labels=labels)
        result = _run_of(proj, run_dir)
        path = html_report(result, proj.labels(), out or proj.reports_for(result) / "report.html",
                           config=proj.config, taxonomy=proj.taxonomy())
    except (DemandLensError, ConfigError, OSError) as exc:
        _fail(exc)
    console.print(f"report: {path}", highlight=False)


@app.command()
def init(
    project_dir: Annotated[Path, typer.Argument(help="Folder for the new analyst project.")],
) -> None:
    """Create an analyst project (never overwrites existing files) and say what to do next."""
    from .scaffold import init_project, next_steps

    created, kept = init_project(project_dir)
    for path in created:
        console.print(f"created {path}", highlight=False, soft_wrap=True)
    for path in kept:
        console.print(f"kept    {path} (already there)", highlight=False, soft_wrap=True)
    console.print(next_steps(project_dir), highlight=False, soft_wrap=True)


def main() -> None:  # pragma: no cover - console entry
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
