"""The whole pipeline as one call: export in, run folder out.

ingest (clean, mask, language) → embed (cached) → centre by language → reduce → cluster →
keys → 2-D map → describe → [match to a previous run] → save.

This module only composes the stages (:mod:`demandlens.ingest`, :mod:`demandlens.embed`,
:mod:`demandlens.themes`) and the strategies that choose between them
(:mod:`demandlens.scale` for large exports, :mod:`demandlens.rerun` for re-runs).

Example:
    >>> import demandlens as dl                                        # doctest: +SKIP
    >>> run = dl.run_pipeline("data/sample/tickets.csv", "runs/demo")   # doctest: +SKIP
    >>> run.themes[["theme_key", "size", "top_keywords"]].head()       # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import logging
import platform
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import __version__
from .config import PipelineConfig
from .embed.backends import cache_root, get_embedder
from .embed.vectors import embeddings_for
from .errors import InputError
from .ingest.customers import project_salt
from .ingest.load import load_tickets
from .ingest.readers import check_input
from .labels.edits import load_labels
from .measure.alerts import find_alerts
from .rerun.carry import carry_labels
from .rerun.modes import rerun
from .run import Run
from .runfolder import check_target, is_run_folder
from .scale.sampling import build_themes_on_sample
from .scale.tiered import build_themes_tiered, is_tiered
from .themes.build import build_themes
from .timing import Timer

__all__ = ["run_pipeline", "check_run_inputs", "min_tickets"]

log = logging.getLogger(__name__)


def _build_themes_for_size(
    tickets: pd.DataFrame, X: np.ndarray, config: PipelineConfig, timer: Timer
) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """:func:`build_themes`, or, for exports larger than ``config.scale.fit_sample_size``,
    themes fitted on a stratified sample with every other ticket assigned (#11, see
    :mod:`demandlens.scale.sampling`)."""
    size = config.scale.fit_sample_size
    if size is not None and len(tickets) > size:
        return build_themes_on_sample(tickets, X, config, timer)
    return build_themes(tickets, X, config, timer)


def min_tickets(config: PipelineConfig) -> int:
    """Fewest accepted tickets a run needs: UMAP reduces to ``reduce.n_components`` dimensions
    only with more than ``n_components + 1`` points (7 with the defaults)."""
    return config.reduce.n_components + 2


def _reasons(accounting: dict) -> str:
    rejected = accounting.get("by_reason") or {}
    return ", ".join(f"{n} rejected: {r}" for r, n in sorted(rejected.items())) or "none rejected"


def check_run_inputs(
    input_path: str | Path, out_dir: str | Path | None, previous: Run | str | Path | None
) -> Run | None:
    """Check the export, the run folder and the previous run before any work is done.

    Returns the previous run, opened (and checked) when given as a folder.

    Raises:
        InputError: the export is missing, empty or not a supported format; ``out_dir`` is a
            file, a folder of other files, the previous run itself, or a run holding theme
            edits made in the workbench; the previous run folder is incomplete or damaged.
    """
    check_input(input_path)
    prev_path = getattr(previous, "path", previous) if previous is not None else None
    if out_dir is not None:
        check_target(out_dir)
        if prev_path is not None and Path(out_dir).resolve() == Path(prev_path).resolve():
            raise InputError(
                "--out is the previous run's folder; the new run would overwrite last month's.",
                file=str(out_dir), hint="Write the new run to a new folder, e.g. runs/2026-07.",
            )
        if is_run_folder(out_dir) and (Path(out_dir) / "operations.json").exists():
            edits = _edits_in(Path(out_dir))
            if edits:
                raise InputError(
                    f"This run folder holds {edits} theme edit(s) made in the workbench, which "
                    "a new run written here would throw away.",
                    file=str(out_dir),
                    hint=f"Write to a new folder and pass --previous {out_dir} to carry them.",
                )
    if previous is None or isinstance(previous, Run):
        return previous
    return Run.open(previous)


def _edits_in(folder: Path) -> int:
    import json

    try:
        ops = json.loads((folder / "operations.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    return len(ops) if isinstance(ops, list) else 0


def run_pipeline(
    input_path: str | Path,
    out_dir: str | Path | None,
    config: PipelineConfig | None = None,
    previous: Run | str | Path | None = None,
    mode: str | None = None,
    project_dir: str | Path = ".",
    progress: bool = True,
    labels: Any = None,
) -> Run:
    """Run every stage on one export and write the run folder.

    Args:
        input_path: The ticket export (CSV, XLSX, JSON/JSONL or Parquet).
        out_dir: Folder for the run (created); None keeps the run in memory only.
        config: Pipeline configuration; defaults everywhere when None.
        previous: A previous run (object or folder) to match themes to, so labels carry over.
        mode: ``"rebuild"`` or ``"assign"`` for re-runs; defaults to ``config.match.mode``.
        project_dir: The analyst's project folder (embedding cache, ``models/``).
        progress: Show progress bars.
        labels: The analyst's labels (dict or labels-file path), used only to name themes and
            failing processes in the run's alerts (carried to the re-run's themes in memory;
            the labels file is not touched). None: alerts name themes by their keywords.

    Returns:
        The :class:`~demandlens.run.Run`, also saved to ``out_dir``.
    """
    config = config or PipelineConfig()
    previous = check_run_inputs(input_path, out_dir, previous)
    timer = Timer(progress=progress)
    started = dt.datetime.now(dt.UTC)
    cache_dir = cache_root(config.embed, project_dir)  # languages live beside the embeddings
    with timer.stage("ingest"):
        ingested = load_tickets(
            input_path, config, progress=progress, cache_dir=cache_dir, project_dir=project_dir,
            customer_salt=lambda: project_salt(project_dir, config.repeats),
        )
    tickets = ingested.tickets
    needed = min_tickets(config)
    if len(tickets) < needed:
        raise InputError(
            f"Only {len(tickets)} of {ingested.accounting['rows_read']} rows are usable tickets "
            f"({_reasons(ingested.accounting)}); finding themes needs at least {needed}.",
            file=str(input_path),
            hint="Check that the export holds the ticket texts (see the column mapping with -v).",
        )
    embedder = get_embedder(config.embed, str(project_dir))  # one model per run
    tiers: dict = {"path": "model"}
    if previous is None and config.embed.backend != "precomputed" and is_tiered(
        len(tickets), config.scale
    ):  # large export: the model reads a sample, a fast student the rest (#21)
        tiered = build_themes_tiered(tickets, config, project_dir, timer, embedder)
        tickets, themes, cents, X = tiered.tickets, tiered.themes, tiered.centroids, tiered.vectors
        tiers = tiered.counts
        mapping, operations = None, []
    else:
        with timer.stage("embed"):
            X = embeddings_for(tickets, config, project_dir, embedder=embedder)
        if previous is not None:
            tickets, themes, cents, mapping, operations = rerun(
                previous, tickets, X, config, mode=mode or config.match.mode, timer=timer
            )
        else:
            tickets, themes, cents = _build_themes_for_size(tickets, X, config, timer)
            mapping, operations = None, []
        tickets["placed_by"] = pd.Series("model", index=tickets.index, dtype="string")
        tiers["placed_by_model"] = len(tickets)

    manifest = {
        "demandlens_version": __version__,
        "created_at": started.isoformat(),
        "input": str(Path(input_path)),
        "input_sha256": ingested.file_hash,
        "column_map": ingested.column_map,
        "model_id": embedder.model_id,
        "seed": config.seed,
        "mode": (mode or config.match.mode) if previous is not None else "fresh",
        "project_dir": str(Path(project_dir).resolve()),
        "previous_run": str(getattr(previous, "path", previous)) if previous is not None else None,
        "accounting": {
            **ingested.accounting,
            "assigned": int((~tickets["is_outlier"]).sum()),
            "outliers": int(tickets["is_outlier"].sum()),
            "reassigned": int(tickets["reassigned"].sum()),
        },
        "warnings": list(ingested.warnings),
        "n_themes": len(themes),
        "tiers": tiers,
        "timings": timer.timings,
        "python": platform.python_version(),
    }
    run = Run(
        tickets=tickets,
        themes=themes,
        centroids=cents,
        rejected=ingested.rejected,
        config=config,
        manifest=manifest,
        operations=operations,
        mapping=mapping,
        embeddings=X,
    )
    with timer.stage("alerts"):
        named = load_labels(labels) if isinstance(labels, (str, Path)) else dict(labels or {})
        if mapping is not None and named:
            named, _ = carry_labels(mapping, named)
        run.alerts = find_alerts(run, named, config.alerts,
                                 previous=previous if previous is not None else False).table
    if out_dir is not None:
        run.save(out_dir)
    return run


