"""Command line: the same calls the notebooks make, headless.

Exit codes scripts can trust: 0 success, 1 unexpected failure, 2 bad input or config,
3 finished but themes need labels (only with ``--strict``).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..config import ConfigError, PipelineConfig
from ..errors import DemandLensError

__all__ = ["app"]

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="demandlens: why do customers contact us, and how much of it is avoidable?",
)
console = Console(stderr=False)
err = Console(stderr=True)

EXIT_OK, EXIT_ERROR, EXIT_INPUT, EXIT_NEEDS_LABELS = 0, 1, 2, 3


def _load_config(path: Path | None, project: Path) -> PipelineConfig:
    if path is not None:
        return PipelineConfig.from_yaml(path)
    default = project / "demandlens.yaml"
    return PipelineConfig.from_yaml(default) if default.exists() else PipelineConfig()


def _check_labels(path: Path) -> None:
    """Raise LabelsFileError now if the labels file a run will carry labels into is broken."""
    if path.exists():
        from ..labels.store import LabelStore

        LabelStore(path).load()


def _fail(exc: BaseException) -> None:
    err.print(f"[bold red]error:[/] {exc}")
    raise typer.Exit(EXIT_INPUT)


@app.callback()
def _main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each stage.")] = False):
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )


@app.command()
def run(
    input: Annotated[Path, typer.Argument(help="Ticket export: CSV, XLSX, JSON/JSONL or Parquet.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Run folder to write.")],
    config: Annotated[Path | None, typer.Option("--config", "-c", help="YAML config.")] = None,
    previous: Annotated[
        Path | None, typer.Option("--previous", "-p", help="Previous run folder to match to.")
    ] = None,
    mode: Annotated[
        str | None, typer.Option("--mode", help="Re-run mode: rebuild or assign.")
    ] = None,
    labels: Annotated[
        Path | None,
        typer.Option("--labels", help="Labels file to carry labels into (default: ./labels.yaml)."),
    ] = None,
    project: Annotated[
        Path, typer.Option("--project", help="Project folder (cache, models/, labels).")
    ] = Path("."),
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 3 when themes need labels.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
) -> None:
    """Run the pipeline on an export and write a run folder."""
    from ..pipeline import run_pipeline

    if mode is not None and mode not in ("rebuild", "assign"):
        _fail(ConfigError(f"--mode must be 'rebuild' or 'assign', got {mode!r}."))
    labels_path = labels if labels is not None else project / "labels.yaml"
    try:
        cfg = _load_config(config, project)
        _check_labels(labels_path)  # before the long work, not after it
        result = run_pipeline(
            input, out, cfg, previous=previous, mode=mode, project_dir=project, progress=not quiet
        )
    except (DemandLensError, ConfigError, OSError) as exc:
        _fail(exc)
    needs_label = _summary(result, labels_path)
    if strict and needs_label:
        raise typer.Exit(EXIT_NEEDS_LABELS)


def _summary(result, labels_path: Path) -> int:
    """Print the run summary; carry labels on re-runs. Returns the number of unlabelled themes."""
    acc = result.manifest["accounting"]
    console.print(
        f"[bold]{acc['rows_read']}[/] rows read: {acc['accepted']} accepted, "
        f"{acc['rejected']} rejected {acc.get('by_reason', {})}; "
        f"{acc['assigned']} in themes ({acc['reassigned']} reassigned), {acc['outliers']} outliers."
    )
    for note in result.manifest.get("warnings") or ():
        console.print(f"[yellow]note:[/] {note}")
    table = Table(title=f"{len(result.themes)} themes (top 15 by size)")
    for col in ("key", "size", "share", "status", "top keywords"):
        table.add_column(col)
    for row in result.themes.sort_values("size", ascending=False).head(15).itertuples():
        table.add_row(
            row.theme_key, str(row.size), f"{row.share:.1%}", str(row.status), row.top_keywords
        )
    console.print(table)
    from ..rerun.carry import carry_labels_to_file, mapping_report

    labels = carry_labels_to_file(result, labels_path)
    if result.mapping is not None:
        console.print(mapping_report(result.mapping, result.themes)[1])
    if labels:
        from ..measure.shares import failure_share

        console.print(failure_share(result, labels).summary())
    labelled = set(labels or {})
    needs = [k for k in result.themes["theme_key"] if k not in labelled]
    console.print(f"Run folder: {result.path}  ({len(needs)} themes need a label)")
    return len(needs)


@app.command()
def export(
    run_dir: Annotated[Path, typer.Argument(help="Run folder.")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder.")] = None,
    labels: Annotated[Path, typer.Option("--labels", help="Labels file.")] = Path("labels.yaml"),
    bom: Annotated[bool, typer.Option("--bom", help="UTF-8 with BOM (for Excel).")] = False,
    sep: Annotated[str, typer.Option("--sep", help="Column separator; ';' for Nordic Excel.")] = ",",
    text: Annotated[bool, typer.Option("--text", help="Include masked ticket text.")] = False,
) -> None:
    """Write themes.csv and tickets.csv for a run."""
    from ..labels.edits import load_labels
    from ..run import Run
    from .report import export_tables

    try:
        result = Run.open(run_dir)
        current = load_labels(labels)
        paths = export_tables(
            result, current, out or run_dir / "export", bom=bom, sep=sep, include_text=text
        )
    except (DemandLensError, ConfigError, OSError) as exc:
        _fail(exc)
    for name, path in paths.items():
        console.print(f"{name}: {path}")


@app.command()
def report(
    run_dir: Annotated[Path, typer.Argument(help="Run folder.")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="HTML file to write.")] = None,
    labels: Annotated[Path, typer.Option("--labels", help="Labels file.")] = Path("labels.yaml"),
) -> None:
    """Write the self-contained HTML report for a run."""
    from ..labels.edits import load_labels
    from ..run import Run
    from .report_html import html_report

    try:
        result = Run.open(run_dir)
        current = load_labels(labels)
        path = html_report(result, current, out or run_dir / "report.html")
    except (DemandLensError, ConfigError, OSError) as exc:
        _fail(exc)
    console.print(f"report: {path}")


@app.command()
def init(
    project_dir: Annotated[Path, typer.Argument(help="Folder for the new analyst project.")],
) -> None:
    """Create an analyst project (never overwrites existing files)."""
    from .scaffold import init_project

    created, kept = init_project(project_dir)
    for path in created:
        console.print(f"created {path}")
    for path in kept:
        console.print(f"kept    {path} (already there)")


def main() -> None:  # pragma: no cover - console entry
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
