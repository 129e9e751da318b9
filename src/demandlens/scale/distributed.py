"""Assigning tickets to themes on a Dask cluster, one vector partition per task.

Each vector partition written by :func:`demandlens.embed.dask_cluster.embed_partitions` is
centred with the global group means (:func:`demandlens.embed.dask_cluster.language_centerer`)
and assigned to the theme centroids by :func:`demandlens.themes.assign.assign_to_centroids`,
the one assignment function every path uses, so results equal the single-process path.

Example:
    >>> assign_partitions("vectors/", cents, 0.8, "assigned/", "local",
    ...                   centerer=language_centerer("vectors/", cfg))  # doctest: +SKIP
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..embed.centering import LanguageCenterer
from ..embed.dask_cluster import dask_client
from ..embed.vector_files import vector_array, vectors_of
from ..themes.assign import assign_to_centroids

__all__ = ["assign_partitions", "read_assignments"]

log = logging.getLogger(__name__)


def _assign_one(
    src: str, dst: str, cents: np.ndarray, threshold: float, centerer: Any, batch: int
) -> int:
    """Task: centre and assign one vector partition; write ticket_id, centroid, similarity."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(src)
    X = vectors_of(table.column("vector"))
    if centerer is not None:
        X = centerer.transform(X, table.column("group").to_numpy(zero_copy_only=False))
    near, sims = assign_to_centroids(X, cents, threshold, batch)
    tmp = f"{dst}.tmp-{os.getpid()}"
    pq.write_table(pa.table({"ticket_id": table.column("ticket_id"),
                             "centroid": near.astype(np.int32), "similarity": sims,
                             "vector": vector_array(X)}), tmp)
    os.replace(tmp, dst)
    return len(near)


def assign_partitions(
    vectors_dir: str | Path,
    centroids: np.ndarray,
    threshold: float,
    out_dir: str | Path,
    address: Any = "local",
    centerer: LanguageCenterer | None = None,
    batch_size: int = 20_000,
) -> list[Path]:
    """Assign every vector partition to its nearest centroid on the cluster.

    Each output partition holds ``ticket_id``, ``centroid`` (row of ``centroids``, -1 when
    the cosine similarity is below ``threshold``), ``similarity`` and the centred ``vector``.
    """
    files = sorted(Path(vectors_dir).glob("part-*.parquet"))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    dsts = [out / f.name for f in files]
    cents = np.asarray(centroids, dtype=np.float32)
    with dask_client(address) as client:
        cents_f = client.scatter(cents, broadcast=True)
        futures = [
            client.submit(_assign_one, str(f), str(d), cents_f, float(threshold), centerer,
                          batch_size, key=f"assign-{f.name}-{i}", pure=False)
            for i, (f, d) in enumerate(zip(files, dsts, strict=True))
        ]
        n = sum(client.gather(futures))
    log.info("Assigned %d tickets in %d partitions.", n, len(files))
    return dsts


def read_assignments(out_dir: str | Path) -> pd.DataFrame:
    """``ticket_id``, ``centroid``, ``similarity`` of all assigned partitions, in order."""
    files = sorted(Path(out_dir).glob("part-*.parquet"))
    return pd.concat(
        [pd.read_parquet(f, columns=["ticket_id", "centroid", "similarity"]) for f in files],
        ignore_index=True,
    )
