"""Ticket vectors on disk: Parquet files of ``ticket_id`` and a fixed-size ``vector`` column.

Large exports and Dask workers pass vectors through such files instead of memory: written in
partitions by :func:`write_vectors` (or the Dask embedding tasks), read back batch by batch by
:func:`iter_vector_batches`, whole by :func:`read_vectors` (small data).

Example:
    >>> import tempfile, numpy as np
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = write_vectors(["a", "b"], np.eye(2, dtype="float32"), d)
    ...     ids, X = read_vectors(d)
    >>> ids.tolist(), X.shape
    (['a', 'b'], (2, 2))
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

__all__ = ["write_vectors", "iter_vector_batches", "read_vectors", "vector_array", "vectors_of"]


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
        columns["vector"] = vector_array(X[start:stop])
        path = out_dir / f"part-{part:05d}.parquet"
        pq.write_table(pa.table(columns), path)
        paths.append(path)
    return paths


def vector_array(X: np.ndarray):
    import pyarrow as pa

    X = np.ascontiguousarray(X, dtype=np.float32)
    return pa.FixedSizeListArray.from_arrays(pa.array(X.reshape(-1)), X.shape[1])


def vectors_of(column) -> np.ndarray:
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
            yield ids, vectors_of(batch.column(1))


def read_vectors(path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """All ``(ticket_ids, vectors)`` of a vector partition folder, in order (small data)."""
    import pyarrow.parquet as pq

    files = sorted(Path(path).glob("part-*.parquet"))
    ids, parts = [], []
    for f in files:
        t = pq.read_table(f, columns=["ticket_id", "vector"])
        ids.append(t.column("ticket_id").to_numpy(zero_copy_only=False).astype(str))
        parts.append(vectors_of(t.column("vector")))
    return np.concatenate(ids), np.vstack(parts)
