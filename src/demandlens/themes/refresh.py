"""Recompute theme-table rows and centroids after a theme operation (used by ``themes``)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..run import Run
from .describe import describe_themes

__all__ = ["refresh_themes"]

log = logging.getLogger(__name__)

_DESCRIBED = ("keywords", "top_keywords", "representative_ids", "languages")


def _normalise(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else v


def refresh_themes(run: Run, keys: Sequence[str], old: Run) -> None:
    """Update ``run`` in place for the themes ``keys`` whose membership changed.

    Recomputes sizes and shares, drops themes left empty, recomputes the centroids of ``keys``
    (from ``run.embeddings`` when present, else as the size-weighted mean of the centroids in
    ``old`` the tickets came from) and refreshes the describe columns through
    ``demandlens.themes.describe.describe_themes``.
    """
    t, th = run.tickets, run.themes
    counts = t["theme_key"].dropna().astype(str).value_counts()
    sizes = th["theme_key"].map(counts).fillna(0).astype(int)
    keep = (sizes > 0).to_numpy()
    if not keep.all():
        log.info("Removing empty theme(s) %s.", th.loc[~keep, "theme_key"].tolist())
    run.themes = th[keep].reset_index(drop=True)
    run.centroids = np.asarray(run.centroids)[keep] if len(run.centroids) == len(th) else run.centroids
    run.themes["size"] = sizes[keep].to_numpy()
    run.themes["share"] = run.themes["size"] / max(len(t), 1)
    keys = [k for k in keys if k in set(run.themes["theme_key"])]
    _refresh_centroids(run, keys, old)
    _refresh_languages(run, keys)
    _refresh_description(run, keys)


def _refresh_centroids(run: Run, keys: Sequence[str], old: Run) -> None:
    cents = np.array(run.centroids, dtype=np.float32, copy=True)
    pos = {k: i for i, k in enumerate(run.themes["theme_key"])}
    key_col = run.tickets["theme_key"]
    if run.embeddings is not None and len(run.embeddings) == len(run.tickets):
        X = np.asarray(run.embeddings, dtype=np.float32)
        for k in keys:
            rows = (key_col == k).fillna(False).to_numpy(dtype=bool)
            cents[pos[k]] = _normalise(X[rows].astype(np.float64).mean(axis=0))
    else:
        old_pos = {k: i for i, k in enumerate(old.themes["theme_key"])}
        old_keys = old.tickets["theme_key"]
        for k in keys:
            rows = (key_col == k).fillna(False).to_numpy(dtype=bool)
            src = old_keys[rows].dropna().astype(str).value_counts()
            acc = np.zeros(cents.shape[1], dtype=np.float64)
            for ok, c in src.items():
                if ok in old_pos:
                    acc += c * np.asarray(old.centroids[old_pos[ok]], dtype=np.float64)
            if acc.any():
                cents[pos[k]] = _normalise(acc)
        log.info("No embeddings on the run: centroids of %s approximated from old centroids.", keys)
    run.centroids = cents.astype(np.float32)


def _refresh_languages(run: Run, keys: Sequence[str]) -> None:
    if "languages" not in run.themes.columns or "language" not in run.tickets.columns:
        return
    for k in keys:
        langs = run.tickets.loc[(run.tickets["theme_key"] == k).fillna(False), "language"]
        counts = {str(a): int(b) for a, b in langs.astype(str).value_counts().items()}
        for i in run.themes.index[run.themes["theme_key"] == k]:
            run.themes.at[i, "languages"] = counts


def _refresh_description(run: Run, keys: Sequence[str]) -> None:
    if not keys:
        return
    if run.embeddings is None or len(run.embeddings) != len(run.tickets):
        log.info("No embeddings on the run: keywords of %s left as they were.", keys)
        return
    described = describe_themes(run.tickets, np.asarray(run.embeddings), run.config.describe)
    described = described[described["theme_key"].isin(keys)].set_index("theme_key")
    for col in _DESCRIBED:
        if col not in described.columns:
            continue
        if col not in run.themes.columns:
            run.themes[col] = pd.Series([None] * len(run.themes), dtype=object)
        for i in run.themes.index[run.themes["theme_key"].isin(described.index)]:
            run.themes.at[i, col] = described.at[run.themes.at[i, "theme_key"], col]
