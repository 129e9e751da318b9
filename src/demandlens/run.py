"""A run: one execution of the pipeline on one export, stored as a folder any notebook can reopen.

Layout of a run folder::

    config.yaml        the PipelineConfig used
    manifest.json      input file + hash, model id, seed, timings, row accounting, versions
    tickets.parquet    one row per accepted ticket (masked text, theme assignment)
    rejected.parquet   one row per rejected input row, with the reason
    themes.parquet     one row per theme (keywords, representatives, sizes)
    centroids.npy      theme centroids in embedding space, rows in themes order
    operations.json    analyst theme operations (merge/split/move) to replay on re-runs
    mapping.parquet    re-runs only: how this run's themes relate to the previous run's
    alerts.csv         spikes, new / vanished / growing / shrinking themes when the run was
                       made (demandlens.measure.alerts; formula prefixes neutralised)
    embeddings.npy     tiered runs only: the vectors the run used (most from its fast student)
    complete.json      written last: every file above with its size (see demandlens.runfolder)

Example:
    >>> import tempfile, pandas as pd, numpy as np
    >>> run = Run(tickets=pd.DataFrame({"ticket_id": ["a"], "text": ["hej"]}),
    ...           themes=pd.DataFrame({"theme_key": ["th-1"], "keywords": [{"sv": ["hej"]}]}),
    ...           centroids=np.ones((1, 2), dtype="float32"))
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = run.save(d)
    ...     Run.open(d).themes.loc[0, "keywords"]
    {'sv': ['hej']}
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .config import ConfigError, PipelineConfig
from .errors import InputError
from .fileio import csv_text
from .runfolder import (
    JSON_COLUMNS,
    REJECTED_COLUMNS,
    TICKET_COLUMNS,
    read_folder,
    saved_ticket_columns,
    write_folder,
)

__all__ = ["Run", "JSON_COLUMNS", "TICKET_COLUMNS"]

log = logging.getLogger(__name__)

#: Vectors of a tiered run (float32, rows in tickets order); other runs' vectors are in the cache.
EMBEDDINGS_FILE = "embeddings.npy"


@dataclass
class Run:
    """Everything one run produced. Attributes are plain pandas/numpy objects."""

    tickets: pd.DataFrame
    themes: pd.DataFrame
    centroids: np.ndarray
    rejected: pd.DataFrame = field(default_factory=pd.DataFrame)
    config: PipelineConfig = field(default_factory=PipelineConfig)
    manifest: dict[str, Any] = field(default_factory=dict)
    operations: list[dict[str, Any]] = field(default_factory=list)
    mapping: pd.DataFrame | None = None
    #: Alerts found when the run was made (:func:`demandlens.measure.find_alerts` table).
    alerts: pd.DataFrame | None = None
    #: Embeddings aligned with ``tickets`` (kept in memory only; the cache holds them on disk).
    embeddings: np.ndarray | None = None
    #: Folder the run was saved to or opened from.
    path: Path | None = None

    # -- convenience ------------------------------------------------------------------------
    @property
    def n_tickets(self) -> int:
        return len(self.tickets)

    def theme(self, key: str) -> pd.Series:
        """The themes-table row of one theme key."""
        hit = self.themes[self.themes["theme_key"] == key]
        if hit.empty:
            raise KeyError(f"No theme with key {key!r} in this run.")
        return hit.iloc[0]

    def load_embeddings(self, project_dir: str | Path | None = None) -> np.ndarray:
        """Embeddings of this run's tickets (from the embedding cache), set on ``embeddings``.

        A reopened run does not hold its vectors; the cache under the project folder does, so
        this is fast. ``project_dir`` defaults to the one the run was made in.
        """
        if self.embeddings is None or len(self.embeddings) != len(self.tickets):
            saved = self.path / EMBEDDINGS_FILE if self.path is not None else None
            if saved is not None and saved.exists():  # a tiered run keeps its vectors (#21)
                X = np.load(saved)
                if len(X) == len(self.tickets):
                    self.embeddings = X
                    return X
            from .embed.vectors import embeddings_for

            project = project_dir or self.manifest.get("project_dir") or "."
            self.embeddings = embeddings_for(self.tickets, self.config, project)
        return self.embeddings

    def centroid_map(self) -> dict[str, np.ndarray]:
        return dict(zip(self.themes["theme_key"], self.centroids, strict=True))

    # -- persistence ------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Write the run folder whole (see :mod:`demandlens.runfolder`). Returns the folder.

        The folder is built beside ``path`` and swapped in at once: a crash leaves the old
        folder or the new one. Only the allow-listed ticket columns are written. Saving a run
        over an earlier save of itself (theme edits in the workbench: same ``created_at`` and
        input in the manifest) keeps the exports and report made from it; saving another run
        into a folder replaces everything there.
        """
        path = Path(path)
        same = _same_run(path, self.manifest)
        kept = tuple(self.config.ingest.keep_columns or ()) + tuple(self.config.ingest.hash_columns)
        columns = saved_ticket_columns(self.tickets, kept)
        dropped = [c for c in self.tickets.columns if c not in columns and c != "raw_text"]
        if dropped:
            log.info("Not saved (not on the ticket column allow-list): %s", ", ".join(dropped))
        rejected = self.rejected[[c for c in REJECTED_COLUMNS if c in self.rejected.columns]]
        parts: dict[str, Any] = {
            "tickets.parquet": self.tickets[columns],
            "rejected.parquet": rejected,
            "themes.parquet": self.themes,
            "centroids.npy": np.asarray(self.centroids, dtype=np.float32),
            "config.yaml": self.config.to_yaml(),
            "manifest.json": json.dumps(self.manifest, indent=2, default=str),
            "operations.json": json.dumps(self.operations, indent=2, default=str),
        }
        if self.mapping is not None:
            parts["mapping.parquet"] = self.mapping
        if self.alerts is not None:  # as the export writes it: formula prefixes neutralised
            parts["alerts.csv"] = csv_text(self.alerts)
        if self.embeddings is not None and self.manifest.get("tiers", {}).get("path") == "tiered":
            # most vectors come from the run's own fast student, which no cache holds (#21)
            parts[EMBEDDINGS_FILE] = np.asarray(self.embeddings, dtype=np.float32)
        write_folder(path, parts, keep_outputs=same)
        self.path = path
        log.info("Saved run to %s", path)
        return path

    @classmethod
    def open(cls, path: str | Path) -> Run:
        """Reopen a run folder written by :meth:`save`.

        Raises:
            InputError: not a run folder, or an incomplete, damaged or mixed one (the message
                names the file and what is wrong).
        """
        path = Path(path)
        parts = read_folder(path)
        try:
            config = PipelineConfig.from_yaml(path / "config.yaml")
        except ConfigError as exc:
            raise InputError(f"The run's config cannot be read: {exc}", file=str(path)) from exc
        centroids = parts["centroids"]
        return cls(
            tickets=parts["tickets"],
            rejected=parts["rejected"] if parts["rejected"] is not None else pd.DataFrame(),
            themes=parts["themes"],
            centroids=centroids if centroids is not None else np.zeros((0, 0), dtype=np.float32),
            config=config,
            manifest=parts["manifest"],
            operations=parts["operations"],
            mapping=parts["mapping"],
            alerts=_read_alerts(path / "alerts.csv"),
            path=path,
        )


def _read_alerts(path: Path) -> pd.DataFrame | None:
    if not path.exists():
        return None
    return pd.read_csv(path, dtype={"theme_key": "string", "top_words": "string",
                                    "example_ids": "string", "period": "string"},
                       keep_default_na=False, na_values=[""])


def _same_run(folder: Path, manifest: dict[str, Any]) -> bool:
    """Does ``folder`` hold this run (an earlier save of it: same creation time and input)?"""
    keys = ("created_at", "input_sha256")
    if not manifest.get("created_at") or not (folder / "manifest.json").is_file():
        return False
    try:
        old = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(old, dict) and all(old.get(k) == manifest.get(k) for k in keys)
