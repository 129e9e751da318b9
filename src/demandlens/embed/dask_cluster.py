"""Embedding on a Dask cluster, partition by partition, through Parquet.

Embedding is embarrassingly parallel: each Parquet partition of tickets is embedded by one task
and written as a vector partition (:mod:`demandlens.embed.vector_files`). Centring needs the
mean vector of each centring group (``embed.centering_groups``, e.g. language x channel) over
*all* tickets, so the tasks also return per-group sums and counts, which the client adds up
(:func:`language_centerer`). Results equal the single-process path
(:func:`demandlens.embed.vectors.embeddings_for`) up to float rounding of the means. Assigning
vector partitions to themes on the cluster is :mod:`demandlens.scale.distributed`.

``address`` is a scheduler address (``"tcp://host:8786"``, e.g. ``config.scale.dask_address``)
or ``"local"`` for a ``LocalCluster(n_workers=2, threads_per_worker=1)`` on this machine. Every
worker must see the same paths (a shared file system) and, for the embedding cache, the same
project folder. Dask is an optional extra: ``pip install 'demandlens[scale]'``.

Example:
    >>> vec_dirs = embed_partitions("parts/", cfg, "local", out_dir="vectors/")  # doctest: +SKIP
    >>> centerer = language_centerer("vectors/", cfg)  # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..cache import EmbeddingCache, content_hash
from ..config import EmbedConfig, PipelineConfig
from ..errors import DemandLensError
from .backends import cache_root, embed_tickets, get_embedder
from .centering import LanguageCenterer, centering_groups
from .vector_files import vector_array

__all__ = [
    "dask_client",
    "write_partitions",
    "embed_partitions",
    "language_centerer",
    "embed_uncached",
]

log = logging.getLogger(__name__)

_TICKET_COLUMNS = ["ticket_id", "text", "content_hash", "language", "channel"]


@contextmanager
def dask_client(address: Any) -> Iterator[Any]:
    """A ``distributed.Client``: to ``address``, or to a 2-worker LocalCluster for "local".

    An existing ``Client`` passed as ``address`` is used as is (and left open).
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise DemandLensError(
            "scale.dask_address is set, but Dask is not installed. Install the optional extra: "
            "pip install 'demandlens[scale]' (or set scale.dask_address to null)."
        ) from exc

    if isinstance(address, Client):
        yield address
    elif address in (None, "", "local"):
        cluster = LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
            env={"OMP_NUM_THREADS": "1"},
        )
        client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
            cluster.close()
    else:
        client = Client(address)
        try:
            yield client
        finally:
            client.close()


def write_partitions(tickets: pd.DataFrame, out_dir: str | Path, rows: int = 10_000) -> list[Path]:
    """Write the columns embedding needs as ``part-00000.parquet`` … of ``rows`` tickets."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cols = [c for c in _TICKET_COLUMNS if c in tickets.columns]
    paths = []
    for k, start in enumerate(range(0, max(len(tickets), 1), rows)):
        path = out_dir / f"part-{k:05d}.parquet"
        tickets.iloc[start : start + rows][cols].to_parquet(path, index=False)
        paths.append(path)
    return paths


def _embed_one(
    src: str, dst: str, embed: dict[str, Any], project_dir: str, embedder: Any
) -> dict[str, Any]:
    """Task: embed one ticket partition, write its vectors, return language sums/counts."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    part = pd.read_parquet(src)
    if embedder is None:
        cfg = EmbedConfig(**{**embed, "progress": False})
        X = embed_tickets(part, cfg, project_dir=project_dir)
    else:
        X = np.asarray(embedder.encode(part["text"].astype(str).tolist()), dtype=np.float32)
    present = [c for c in embed["centering_groups"] if c in part.columns]
    # texts without tickets (sentences, rests: embed_uncached) have no group and no id
    groups = centering_groups(part, present) if present else np.full(len(part), "all")
    ids = part["ticket_id"] if "ticket_id" in part.columns else part["content_hash"]
    tmp = f"{dst}.tmp-{os.getpid()}"
    pq.write_table(
        pa.table({"ticket_id": ids.astype(str).to_numpy(),
                  "group": groups, "vector": vector_array(X)}),
        tmp,
    )
    os.replace(tmp, dst)
    return _language_sums(X, groups)


def _language_sums(X: np.ndarray, langs: np.ndarray) -> dict[str, Any]:
    sums = {g: X[langs == g].astype(np.float64).sum(axis=0) for g in np.unique(langs)}
    counts = {g: int((langs == g).sum()) for g in sums}
    return {"sums": sums, "counts": counts, "dim": X.shape[1]}


def embed_partitions(
    parquet_dir: str | Path,
    config: PipelineConfig,
    address: Any = None,
    out_dir: str | Path | None = None,
    project_dir: str | Path = ".",
    embedder: Any = None,
) -> list[Path]:
    """Embed each ticket partition on the cluster and write vector partitions.

    Args:
        parquet_dir: Folder of ticket partitions (``ticket_id``, ``text``, ``content_hash``,
            ``language``, ``channel``), e.g. from :func:`write_partitions`.
        config: Pipeline config; ``config.embed`` picks the model and cache, as in the
            single-process path (the cache is shared by all workers and safe for concurrent
            writes).
        address: Scheduler address, ``"local"``, or an open ``Client``; None uses
            ``config.scale.dask_address``.
        out_dir: Where vector partitions go (default ``<parquet_dir>/../vectors``).
        project_dir: Project folder (cache, ``models/``); must be visible to every worker.
        embedder: An object with ``encode(texts)`` to use instead of ``config.embed`` (tests).

    Returns:
        The vector partition paths, in the order of the ticket partitions. Each holds
        ``ticket_id``, the centring ``group`` and the raw (not yet centred) ``vector``.
    """
    parquet_dir = Path(parquet_dir)
    out = Path(out_dir) if out_dir is not None else parquet_dir.parent / "vectors"
    out.mkdir(parents=True, exist_ok=True)
    files = sorted(parquet_dir.glob("*.parquet"))
    dsts = [out / f.name for f in files]
    embed = dataclasses.asdict(config.embed)
    address = address if address is not None else config.scale.dask_address
    with dask_client(address) as client:
        if embedder is not None:  # ship a (possibly large) model object once, not per task
            embedder = client.scatter(embedder, broadcast=True)
        futures = [
            client.submit(_embed_one, str(f), str(d), embed, str(Path(project_dir).resolve()),
                          embedder, key=f"embed-{f.name}-{i}", pure=False)
            for i, (f, d) in enumerate(zip(files, dsts, strict=True))
        ]
        stats = client.gather(futures)
    _write_stats(out, stats)
    log.info("Embedded %d partitions into %s.", len(files), out)
    return dsts


def embed_uncached(
    tickets: pd.DataFrame,
    config: PipelineConfig,
    project_dir: str | Path = ".",
    address: Any = None,
    rows: int = 2_000,
    model_id: str | None = None,
) -> int:
    """Embed the texts the cache lacks on a Dask cluster, so the pipeline then reads every
    vector from the cache (``scale.dask_address`` in :func:`demandlens.embed.vectors.embeddings_for`).

    Each unseen text (by ``content_hash``) is embedded once by a worker, which writes it to the
    shared cache exactly as the single-process path would. The partitions (masked text only)
    live in a temporary folder beside the cache (on the shared file system) and are removed
    afterwards.

    ``model_id`` is the run's embedder's (:func:`~demandlens.embed.backends.get_embedder`);
    without it the embedder is built here to read it.

    Returns:
        How many texts were embedded on the cluster (0 when everything was cached).
    """
    import shutil
    import tempfile

    cfg = config.embed
    if not cfg.cache_dir or cfg.backend == "precomputed":
        raise ValueError("Embedding on Dask needs embed.cache_dir (workers share the cache) and "
                         "a model backend, not precomputed vectors.")
    root = cache_root(cfg, project_dir)
    model_id = model_id or get_embedder(cfg, str(project_dir)).model_id
    part = tickets[[c for c in _TICKET_COLUMNS if c in tickets.columns]].copy()
    if "content_hash" not in part.columns:
        part["content_hash"] = [content_hash(t) for t in part["text"].astype(str)]
    part = part.drop_duplicates("content_hash")
    found, _ = EmbeddingCache(root, model_id).get_many(part["content_hash"].tolist())
    missing = part[~np.asarray(found, dtype=bool)]
    if missing.empty:
        return 0
    root.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="dask-embed-", dir=root.parent))
    try:
        write_partitions(missing, work / "tickets", rows=rows)
        embed_partitions(work / "tickets", config, address, out_dir=work / "vectors",
                         project_dir=project_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log.info("Embedded %d uncached texts on Dask (%s).", len(missing), address or "local")
    return len(missing)


def _write_stats(out: Path, stats: list[dict[str, Any]]) -> None:
    sums: dict[str, np.ndarray] = {}
    counts: dict[str, int] = {}
    for s in stats:
        for g, v in s["sums"].items():
            sums[g] = sums.get(g, 0) + v
            counts[g] = counts.get(g, 0) + s["counts"][g]
    np.savez(out / "_language_sums.npz", langs=np.array(sorted(sums), dtype=str),
             sums=np.stack([sums[g] for g in sorted(sums)]) if sums else np.zeros((0, 0)),
             counts=np.array([counts[g] for g in sorted(sums)], dtype=np.int64))


def language_centerer(vectors_dir: str | Path, config: PipelineConfig) -> LanguageCenterer | None:
    """The :class:`LanguageCenterer` over all tickets' centring groups, from the sums the
    embedding tasks saved (the same centring as :func:`demandlens.embed.vectors.embeddings_for`).

    None when ``config.embed.language_centering`` is off.
    """
    if not config.embed.language_centering:
        return None
    with np.load(Path(vectors_dir) / "_language_sums.npz") as data:
        langs, sums, counts = data["langs"].tolist(), data["sums"], data["counts"]
    c = LanguageCenterer(min_count=config.embed.centering_min_count)
    c.global_mean_ = (sums.sum(axis=0) / max(int(counts.sum()), 1)).astype(np.float32)
    c.means_ = {
        g: (sums[k] / counts[k]).astype(np.float32)
        for k, g in enumerate(langs) if counts[k] >= c.min_count
    }
    c.directions_ = np.zeros((0, sums.shape[1]), dtype=np.float32)
    return c
