"""Embeddings computed elsewhere, aligned to tickets by ticket id.

Accepted files:

* ``.parquet`` with a ``ticket_id`` column and either one list column (``vector``,
  ``embedding`` or ``embeddings``) or one numeric column per dimension.
* ``.npz`` with arrays ``ids`` (or ``ticket_id``) and ``vectors`` (or ``embeddings``).

Vectors are L2-normalised on load. The ``model_id`` is the file name plus a hash of its
content, so replacing the file is a model switch.

Example:
    >>> import numpy as np, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "vec.npz")
    >>> np.savez(path, ids=np.array(["t1", "t2"]), vectors=np.eye(2, dtype=np.float32))
    >>> PrecomputedEmbeddings(path).lookup(["t2"]).tolist()
    [[0.0, 1.0]]
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError

__all__ = ["PrecomputedEmbeddings", "l2_normalise"]

_LIST_COLUMNS = ("vector", "embedding", "embeddings")


def l2_normalise(X: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    X = np.asarray(X, dtype=np.float32)
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    return np.ascontiguousarray(X / np.maximum(norms, 1e-12), dtype=np.float32)


def _file_hash(path: Path) -> str:
    h = hashlib.sha1()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:10]


class PrecomputedEmbeddings:
    """Vectors from a file, looked up by ticket id.

    Args:
        path: ``.parquet`` or ``.npz`` file (see the module docstring for the layout).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise InputError(
                "Precomputed embeddings file not found.", file=str(self.path),
                hint="Set embed.path to a .parquet (ticket_id + vector) or .npz (ids, vectors).",
            )
        ids, vectors = self._read()
        if vectors.ndim != 2 or len(ids) != len(vectors):
            raise InputError(
                f"Expected one vector per id, got {len(ids)} ids and vectors of shape "
                f"{vectors.shape}.", file=str(self.path),
            )
        if not np.isfinite(vectors).all():
            raise InputError("Vectors contain NaN or infinite values.", file=str(self.path))
        self.ids = [str(i) for i in ids]
        self.vectors = l2_normalise(vectors)
        self._pos = {tid: i for i, tid in enumerate(self.ids)}
        if len(self._pos) != len(self.ids):
            raise InputError("Ticket ids are not unique.", file=str(self.path),
                             column="ticket_id")
        self.model_id = f"precomputed:{self.path.name}:{_file_hash(self.path)}"

    def _read(self) -> tuple[list, np.ndarray]:
        suffix = self.path.suffix.lower()
        if suffix == ".npz":
            with np.load(self.path, allow_pickle=False) as data:
                id_key = next((k for k in ("ids", "ticket_id") if k in data), None)
                vec_key = next((k for k in ("vectors", "embeddings") if k in data), None)
                if id_key is None or vec_key is None:
                    raise InputError(
                        f"The .npz file holds {sorted(data.keys())}; it needs 'ids' and "
                        "'vectors' arrays.", file=str(self.path),
                    )
                return data[id_key].astype(str).tolist(), np.asarray(data[vec_key], np.float32)
        if suffix == ".parquet":
            df = pd.read_parquet(self.path)
            if "ticket_id" not in df.columns:
                raise InputError("No 'ticket_id' column.", file=str(self.path),
                                 hint=f"Columns found: {', '.join(map(str, df.columns))}.")
            ids = df["ticket_id"].astype(str).tolist()
            list_col = next((c for c in _LIST_COLUMNS if c in df.columns), None)
            if list_col is not None:
                return ids, np.asarray(np.stack(df[list_col].to_numpy()), dtype=np.float32)
            num = df.drop(columns="ticket_id").select_dtypes("number")
            if num.shape[1] == 0:
                raise InputError(
                    "No vector columns: expected a list column 'vector' or numeric columns.",
                    file=str(self.path),
                )
            return ids, num.to_numpy(dtype=np.float32)
        raise InputError(f"Unsupported file type '{suffix}'.", file=str(self.path),
                         hint="Use .parquet or .npz.")

    def lookup(self, ticket_ids: list[str]) -> np.ndarray:
        """Vectors for ``ticket_ids`` in that order; missing ids raise :class:`InputError`."""
        missing = [t for t in ticket_ids if str(t) not in self._pos]
        if missing:
            shown = ", ".join(repr(t) for t in missing[:5])
            more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            raise InputError(
                f"{len(missing)} ticket id(s) have no precomputed vector: {shown}{more}.",
                file=str(self.path), column="ticket_id",
                hint="Re-export the vectors for all tickets, or filter the tickets first.",
            )
        return self.vectors[[self._pos[str(t)] for t in ticket_ids]]

    def encode(self, texts: list[str]) -> np.ndarray:
        """Not available: precomputed vectors are looked up by ticket id, not text."""
        raise InputError(
            "Precomputed embeddings are looked up by ticket id; use lookup(ticket_ids) or "
            "embed_tickets(...).", file=str(self.path),
        )
