"""Large exports: fit themes on a stratified sample, then assign every ticket in batches.

Clustering cost (UMAP k-NN graph, HDBSCAN, keywords) grows faster than linearly with the
number of tickets, but assigning a ticket to its nearest theme centroid is one small matrix
product. For exports larger than ``config.scale.fit_sample_size`` the pipeline therefore

1. draws a stratified sample (language x ISO week of ``created_at`` x channel) with
   proportional allocation, seeded, so every language, week and channel is represented as
   in the export;
2. builds themes on the sample only (:func:`demandlens.themes.build.build_themes`);
3. assigns all other tickets to the nearest theme centroid by cosine similarity, in batches
   of ``config.scale.assign_batch_size``; a ticket joins when its similarity reaches the
   theme's bar (:func:`demandlens.themes.assign.theme_bars`: the ``cluster.reassign_quantile`` of
   the theme's own sample members' similarity, at most ``cluster.reassign_threshold``), else
   it is an outlier.

:func:`assign_parquet` does step 3 from vectors on disk (a Parquet file or folder of
partitions with ``ticket_id`` and a fixed-size ``vector`` column), one record batch at a time,
so memory stays flat however large the export grows.

Example:
    >>> import pandas as pd
    >>> t = pd.DataFrame({"language": ["sv"] * 6 + ["en"] * 4,
    ...                   "created_at": pd.to_datetime(["2026-06-01"] * 10)})
    >>> sorted(t.iloc[stratified_sample(t, 5, seed=1)]["language"].tolist())
    ['en', 'en', 'sv', 'sv', 'sv']
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import PipelineConfig
from ..embed.vector_files import iter_vector_batches
from ..themes.assign import assign_to_centroids, theme_bars
from ..themes.build import build_themes
from ..timing import Timer

__all__ = [
    "stratified_sample",
    "strata",
    "build_themes_on_sample",
    "FittedSample",
    "fit_sample",
    "place_rest",
    "assign_parquet",
]

log = logging.getLogger(__name__)

#: Tickets of the sample used as anchors for map positions of assigned tickets.
MAP_ANCHORS = 2_000


def strata(tickets: pd.DataFrame) -> pd.Series:
    """Stratum label per ticket: ``language|ISO week|channel`` (the week is left out without
    dates, the channel without a channel column)."""
    lang = tickets.get("language", pd.Series("other", index=tickets.index)).astype(str)
    label = lang
    created = tickets.get("created_at")
    if created is not None and pd.to_datetime(created, errors="coerce").notna().any():
        when = pd.to_datetime(created, errors="coerce")
        iso = when.dt.isocalendar()
        week = (iso["year"].astype(str) + "-W" + iso["week"].astype(str)).where(
            when.notna(), "no-date"
        )
        label = label + "|" + week.astype(str)
    if "channel" in tickets.columns:
        label = label + "|" + tickets["channel"].astype(str)
    return label


def stratified_sample(tickets: pd.DataFrame, size: int, seed: int) -> np.ndarray:
    """Row positions of a proportional stratified sample, sorted ascending.

    Each stratum (see :func:`strata`) gets ``size * share`` rows rounded by largest
    remainder, so the sample has exactly ``size`` rows; rows inside a stratum are drawn with
    a seeded generator. Returns all positions when ``size >= len(tickets)``.
    """
    n = len(tickets)
    if size <= 0:
        raise ValueError(f"size must be positive, got {size}.")
    if size >= n:
        return np.arange(n)
    codes, labels = pd.factorize(strata(tickets).to_numpy(), sort=True)
    counts = np.bincount(codes, minlength=len(labels))
    quota = counts * size / n
    take = np.floor(quota).astype(int)
    short = size - int(take.sum())
    if short:  # largest remainder, ties to the bigger then the earlier stratum
        order = np.lexsort((np.arange(len(counts)), -counts, -(quota - take)))
        take[order[:short]] += 1
    rng = np.random.default_rng(seed)
    picked = []
    members = pd.Series(np.arange(n)).groupby(codes).indices
    for code in range(len(labels)):
        rows = members[code]
        if take[code]:
            picked.append(rng.choice(rows, size=int(take[code]), replace=False))
    return np.sort(np.concatenate(picked)) if picked else np.zeros(0, dtype=int)


@dataclass(frozen=True)
class FittedSample:
    """Themes built on a sample, with what placing the other tickets needs.

    Attributes:
        idx: Row positions of the sample.
        fitted: The sample's tickets with theme columns (from ``build_themes``).
        themes: The themes table (sorted by ``theme_id``; row ``r`` is centroid ``r``).
        centroids: ``(themes, d)`` centroids.
        bars: Per theme, the similarity a ticket from outside needs to join it
            (:func:`demandlens.themes.assign.theme_bars`).
    """

    idx: np.ndarray
    fitted: pd.DataFrame
    themes: pd.DataFrame
    centroids: np.ndarray
    bars: np.ndarray


def fit_sample(
    tickets: pd.DataFrame, X: np.ndarray, idx: np.ndarray, config: PipelineConfig, timer=None
) -> FittedSample:
    """Build themes on the rows ``idx`` of ``tickets`` / ``X`` and compute their bars."""
    timer = timer or Timer()
    log.info("Fitting themes on a stratified sample of %d of %d tickets.", len(idx), len(tickets))
    fitted, themes, cents = build_themes(tickets.iloc[idx], X[idx], config, timer)
    theme_ids = themes["theme_id"].to_numpy(dtype=int)  # sorted; row r of cents
    fit_ids = fitted["theme_id"].to_numpy(dtype=int)
    rows = np.where(fit_ids >= 0, np.searchsorted(theme_ids, fit_ids), -1)
    bars = theme_bars(X[idx], rows, cents, config.cluster.reassign_quantile,
                      config.cluster.reassign_threshold)
    return FittedSample(np.asarray(idx), fitted, themes, cents, bars)


def place_rest(
    tickets: pd.DataFrame, X: np.ndarray, fit: FittedSample, config: PipelineConfig, timer=None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every ticket outside the sample joins its nearest theme when it reaches the theme's bar.

    Returns all tickets with theme columns, map positions (that of the most similar of
    :data:`MAP_ANCHORS` sample tickets) and ``in_fit_sample``, and the themes recounted over
    all tickets (keywords and representatives stay those of the sample).
    """
    timer = timer or Timer()
    idx, fitted, themes = fit.idx, fit.fitted, fit.themes
    rest = np.setdiff1d(np.arange(len(tickets)), idx)
    with timer.stage("assign"):
        theme_ids = themes["theme_id"].to_numpy(dtype=int)
        keys = themes["theme_key"].astype(object).to_numpy()
        near = np.empty(len(rest), dtype=int)
        xy = np.empty((len(rest), 2), dtype=float)
        step = config.scale.assign_batch_size
        for start in range(0, len(rest), step):  # a batch at a time: no copy of all of X
            X_part = X[rest[start : start + step]]
            near[start : start + step], _ = assign_to_centroids(X_part, fit.centroids, fit.bars,
                                                                step)
            xy[start : start + step] = _anchor_positions(
                X_part, X[idx], fitted[["x", "y"]].to_numpy(), config)
    out = tickets.copy()
    theme_id = np.full(len(out), -1, dtype=int)
    theme_id[idx] = fitted["theme_id"].to_numpy(dtype=int)
    hit = near >= 0
    theme_id[rest[hit]] = theme_ids[near[hit]]
    key = np.full(len(out), None, dtype=object)
    key[idx] = fitted["theme_key"].astype(object).to_numpy()
    key[rest[hit]] = keys[near[hit]]
    out["theme_id"] = theme_id
    out["theme_key"] = pd.Series(key, index=out.index, dtype="string")
    out["is_outlier"] = theme_id == -1
    reassigned = np.zeros(len(out), dtype=bool)
    reassigned[idx] = fitted["reassigned"].to_numpy(dtype=bool)
    out["reassigned"] = reassigned
    pos = np.empty((len(out), 2), dtype=float)
    pos[idx] = fitted[["x", "y"]].to_numpy(dtype=float)
    pos[rest] = xy
    out["x"], out["y"] = pos[:, 0], pos[:, 1]
    in_sample = np.zeros(len(out), dtype=bool)
    in_sample[idx] = True
    out["in_fit_sample"] = in_sample
    return out, _recount(themes, out)


def build_themes_on_sample(
    tickets: pd.DataFrame, X: np.ndarray, config: PipelineConfig, timer=None
) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """Themes fitted on a stratified sample; every other ticket assigned to its nearest theme.

    Same return values as :func:`demandlens.themes.build.build_themes`. Tickets outside the
    sample get ``reassigned=False``, ``is_outlier`` when their best cosine similarity is below
    the theme's bar (:func:`demandlens.themes.assign.theme_bars`), and the map position of
    their most similar anchor ticket from the sample. ``in_fit_sample`` marks the sample.
    Theme sizes, shares and language counts cover all tickets; keywords and representatives
    come from the sample.
    """
    timer = timer or Timer()
    size = config.scale.fit_sample_size
    if size is None or size >= len(tickets):
        out, themes, cents = build_themes(tickets, X, config, timer)
        out["in_fit_sample"] = True
        return out, themes, cents
    X = np.asarray(X, dtype=np.float32)
    with timer.stage("sample"):
        idx = stratified_sample(tickets, size, config.seed)
    fit = fit_sample(tickets, X, idx, config, timer)
    out, themes = place_rest(tickets, X, fit, config, timer)
    return out, themes, fit.centroids


def _anchor_positions(
    X_rest: np.ndarray, X_sample: np.ndarray, xy_sample: np.ndarray, config: PipelineConfig
) -> np.ndarray:
    """Map position of each row = that of its most similar anchor (seeded sample subset)."""
    rng = np.random.default_rng(config.seed)
    k = min(MAP_ANCHORS, len(X_sample))
    anchors = np.sort(rng.choice(len(X_sample), size=k, replace=False))
    A = X_sample[anchors]
    out = np.empty((len(X_rest), 2), dtype=float)
    step = config.scale.assign_batch_size
    for start in range(0, len(X_rest), step):
        best = (X_rest[start : start + step] @ A.T).argmax(axis=1)
        out[start : start + step] = xy_sample[anchors[best]]
    return out


def _recount(themes: pd.DataFrame, tickets: pd.DataFrame) -> pd.DataFrame:
    """Sizes, shares and language counts of the themes over all tickets."""
    themes = themes.copy()
    members = tickets[tickets["theme_id"] >= 0]
    sizes = members.groupby("theme_id").size()
    langs = members.groupby(["theme_id", "language"]).size()
    themes["size"] = themes["theme_id"].map(sizes).fillna(0).astype(int)
    themes["share"] = themes["size"] / max(len(tickets), 1)
    themes["languages"] = [
        {
            str(g): int(c)
            for g, c in sorted(langs.loc[t].items(), key=lambda kv: (-kv[1], kv[0]))
        }
        if t in sizes.index
        else {}
        for t in themes["theme_id"]
    ]
    return themes


def assign_parquet(
    vectors_path: str | Path,
    centroids: np.ndarray,
    threshold: float,
    out_dir: str | Path,
    batch_size: int = 20_000,
) -> list[Path]:
    """Assign tickets whose vectors are on disk to their nearest centroid, batch by batch.

    Writes one ``assign-00000.parquet`` … per batch with ``ticket_id``, ``centroid``
    (row of ``centroids``, -1 below ``threshold``) and ``similarity``; only one batch is in
    memory at a time.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, (ids, X) in enumerate(iter_vector_batches(vectors_path, batch_size)):
        near, sims = assign_to_centroids(X, centroids, threshold, batch_size)
        path = out_dir / f"assign-{k:05d}.parquet"
        pq.write_table(
            pa.table({"ticket_id": ids, "centroid": near.astype(np.int32), "similarity": sims}),
            path,
        )
        paths.append(path)
    return paths
