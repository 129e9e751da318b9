"""Large exports: fit themes on a stratified sample, then assign every ticket in batches.

Clustering cost (UMAP k-NN graph, HDBSCAN, keywords) grows faster than linearly with the
number of tickets, but assigning a ticket to its nearest theme centroid is one small matrix
product. For exports larger than ``config.scale.fit_sample_size`` the pipeline therefore

1. draws a stratified sample (language x ISO week of ``created_at``; language x channel when
   there are no dates) with proportional allocation, seeded, so every language and every
   week is represented as in the export;
2. builds themes on the sample only (:func:`demandlens.pipeline.build_themes`);
3. assigns all other tickets to the nearest theme centroid by cosine similarity, in batches
   of ``config.scale.assign_batch_size``; a ticket joins when its similarity reaches the
   theme's bar (:func:`demandlens.assign.theme_bars`: the ``cluster.reassign_quantile`` of
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
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from .assign import assign_to_centroids, theme_bars
from .config import PipelineConfig

__all__ = [
    "stratified_sample",
    "strata",
    "build_themes_on_sample",
    "assign_parquet",
    "iter_vector_batches",
    "write_vectors",
]

log = logging.getLogger(__name__)

#: Tickets of the sample used as anchors for map positions of assigned tickets.
MAP_ANCHORS = 2_000


def strata(tickets: pd.DataFrame) -> pd.Series:
    """Stratum label per ticket: ``language|ISO week``, or ``language|channel`` without dates."""
    lang = tickets.get("language", pd.Series("other", index=tickets.index)).astype(str)
    created = tickets.get("created_at")
    if created is not None and pd.to_datetime(created, errors="coerce").notna().any():
        when = pd.to_datetime(created, errors="coerce")
        iso = when.dt.isocalendar()
        second = (iso["year"].astype(str) + "-W" + iso["week"].astype(str)).where(
            when.notna(), "no-date"
        )
    else:
        second = tickets.get("channel", pd.Series("unknown", index=tickets.index)).astype(str)
    return lang + "|" + second.astype(str)


def stratified_sample(tickets: pd.DataFrame, size: int, seed: int = 42) -> np.ndarray:
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


def build_themes_on_sample(
    tickets: pd.DataFrame, X: np.ndarray, config: PipelineConfig, timer=None
) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """Themes fitted on a stratified sample; every other ticket assigned to its nearest theme.

    Same return values as :func:`demandlens.pipeline.build_themes`. Tickets outside the
    sample get ``reassigned=False``, ``is_outlier`` when their best cosine similarity is below
    the theme's bar (:func:`demandlens.assign.theme_bars`), and the map position of their most similar anchor
    ticket from the sample. ``in_fit_sample`` marks the sample. Theme sizes, shares and
    language counts cover all tickets; keywords and representatives come from the sample.
    """
    from .pipeline import Timer, build_themes

    timer = timer or Timer()
    size = config.scale.fit_sample_size
    if size is None or size >= len(tickets):
        out, themes, cents = build_themes(tickets, X, config, timer)
        out["in_fit_sample"] = True
        return out, themes, cents
    X = np.asarray(X, dtype=np.float32)
    with timer.stage("sample"):
        idx = stratified_sample(tickets, size, config.seed)
    log.info("Fitting themes on a stratified sample of %d of %d tickets.", len(idx), len(tickets))
    fitted, themes, cents = build_themes(tickets.iloc[idx], X[idx], config, timer)
    rest = np.setdiff1d(np.arange(len(tickets)), idx)
    with timer.stage("assign"):
        theme_ids = themes["theme_id"].to_numpy(dtype=int)  # sorted; row r of cents
        fit_ids = fitted["theme_id"].to_numpy(dtype=int)
        rows = np.where(fit_ids >= 0, np.searchsorted(theme_ids, fit_ids), -1)
        bars = theme_bars(X[idx], rows, cents, config.cluster.reassign_quantile,
                          config.cluster.reassign_threshold)
        near, _ = assign_to_centroids(X[rest], cents, bars, config.scale.assign_batch_size)
        keys = themes["theme_key"].astype(object).to_numpy()
        xy = _anchor_positions(X[rest], X[idx], fitted[["x", "y"]].to_numpy(), config)
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
    themes = _recount(themes, out)
    return out, themes, cents


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


# -- vectors on disk ------------------------------------------------------------------------
def write_vectors(
    ticket_ids: np.ndarray | list[str],
    X: np.ndarray,
    out_dir: str | Path,
    rows_per_file: int = 20_000,
    languages: np.ndarray | list[str] | None = None,
) -> list[Path]:
    """Write ``(ticket_id[, language], vector)`` Parquet partitions ``part-00000.parquet`` ….

    ``vector`` is a fixed-size list of float32, readable in batches by
    :func:`iter_vector_batches`.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    X = np.ascontiguousarray(X, dtype=np.float32)
    ids = np.asarray(ticket_ids, dtype=object).astype(str)
    paths = []
    for part, start in enumerate(range(0, max(len(ids), 1), rows_per_file)):
        stop = start + rows_per_file
        columns = {"ticket_id": pa.array(ids[start:stop], pa.string())}
        if languages is not None:
            columns["language"] = pa.array(np.asarray(languages)[start:stop].astype(str))
        columns["vector"] = _vector_array(X[start:stop])
        path = out_dir / f"part-{part:05d}.parquet"
        pq.write_table(pa.table(columns), path)
        paths.append(path)
    return paths


def _vector_array(X: np.ndarray):
    import pyarrow as pa

    X = np.ascontiguousarray(X, dtype=np.float32)
    return pa.FixedSizeListArray.from_arrays(pa.array(X.reshape(-1)), X.shape[1])


def _vectors_of(column) -> np.ndarray:
    import pyarrow as pa

    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    d = column.type.list_size
    return column.flatten().to_numpy(zero_copy_only=False).reshape(-1, d).astype(np.float32)


def iter_vector_batches(
    path: str | Path, batch_size: int = 20_000
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(ticket_ids, vectors)`` batches from a Parquet file or folder, in file order."""
    import pyarrow.parquet as pq

    path = Path(path)
    files = sorted(path.glob("*.parquet")) if path.is_dir() else [path]
    for f in files:
        for batch in pq.ParquetFile(f).iter_batches(batch_size=batch_size,
                                                    columns=["ticket_id", "vector"]):
            ids = batch.column(0).to_numpy(zero_copy_only=False).astype(str)
            yield ids, _vectors_of(batch.column(1))


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
