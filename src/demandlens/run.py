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

import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .config import PipelineConfig
from .errors import InputError
from .fileio import atomic_write_bytes, atomic_write_text, atomic_write_with, write_csv

__all__ = ["Run", "JSON_COLUMNS"]

log = logging.getLogger(__name__)

#: Columns holding lists/dicts; stored as JSON strings in Parquet, objects in memory.
JSON_COLUMNS = (
    "keywords",
    "representative_ids",
    "languages",
    "previous_keys",
    "current_keys",
    "channels",
)
_NEVER_SAVED = ("raw_text",)


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
            from .embed.vectors import embeddings_for

            project = project_dir or self.manifest.get("project_dir") or "."
            self.embeddings = embeddings_for(self.tickets, self.config, project)
        return self.embeddings

    def centroid_map(self) -> dict[str, np.ndarray]:
        return dict(zip(self.themes["theme_key"], self.centroids, strict=True))

    # -- persistence ------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Write the run folder (each file written atomically). Returns the folder."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        tickets = self.tickets.drop(columns=[c for c in _NEVER_SAVED if c in self.tickets])
        _write_parquet(tickets, path / "tickets.parquet")
        _write_parquet(self.rejected, path / "rejected.parquet")
        _write_parquet(self.themes, path / "themes.parquet")
        if self.mapping is not None:
            _write_parquet(self.mapping, path / "mapping.parquet")
        if self.alerts is not None:
            write_csv(self.alerts, path / "alerts.csv")
        atomic_write_bytes(path / "centroids.npy", _npy_bytes(self.centroids))
        atomic_write_text(path / "config.yaml", self.config.to_yaml())
        atomic_write_text(path / "manifest.json", json.dumps(self.manifest, indent=2, default=str))
        atomic_write_text(
            path / "operations.json", json.dumps(self.operations, indent=2, default=str)
        )
        self.path = path
        log.info("Saved run to %s", path)
        return path

    @classmethod
    def open(cls, path: str | Path) -> Run:
        """Reopen a run folder written by :meth:`save`."""
        path = Path(path)
        if not (path / "manifest.json").exists() or not (path / "tickets.parquet").exists():
            raise InputError(
                "This is not a demandlens run folder (no manifest.json / tickets.parquet).",
                file=str(path),
                hint="Pass the folder given to `demandlens run --out`.",
            )
        mapping_file = path / "mapping.parquet"
        centroids_file = path / "centroids.npy"
        return cls(
            tickets=_read_parquet(path / "tickets.parquet"),
            rejected=_read_parquet(path / "rejected.parquet"),
            themes=_read_parquet(path / "themes.parquet"),
            centroids=np.load(centroids_file) if centroids_file.exists() else np.zeros((0, 0)),
            config=PipelineConfig.from_yaml(path / "config.yaml"),
            manifest=json.loads((path / "manifest.json").read_text(encoding="utf-8")),
            operations=json.loads((path / "operations.json").read_text(encoding="utf-8"))
            if (path / "operations.json").exists()
            else [],
            mapping=_read_parquet(mapping_file) if mapping_file.exists() else None,
            alerts=_read_alerts(path / "alerts.csv"),
            path=path,
        )


def _read_alerts(path: Path) -> pd.DataFrame | None:
    if not path.exists():
        return None
    return pd.read_csv(path, dtype={"theme_key": "string", "top_words": "string",
                                    "example_ids": "string", "period": "string"},
                       keep_default_na=False, na_values=[""])


def _write_parquet(df: pd.DataFrame, target: Path) -> None:
    out = df.copy()
    for col in JSON_COLUMNS:
        if col in out.columns:
            out[col] = [json.dumps(v, ensure_ascii=False, default=_json_default) for v in out[col]]
    atomic_write_with(target, lambda tmp: out.to_parquet(tmp, index=False))


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return str(value)


def _read_parquet(path: Path) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame()
    df = pd.read_parquet(path)
    for col in JSON_COLUMNS:
        if col in df.columns:
            df[col] = [json.loads(v) if isinstance(v, str) else v for v in df[col]]
    return df


def _npy_bytes(array: np.ndarray) -> bytes:
    buf = io.BytesIO()
    np.save(buf, np.asarray(array, dtype=np.float32))
    return buf.getvalue()
