"""Persistent cache of vectors keyed by (model id, content hash of the masked text).

The embeddings of :mod:`demandlens.embed` and the languages of
:mod:`demandlens.ingest.language_cache` are kept in it; :func:`content_hash` is the ticket
table's ``content_hash`` and the key of both.

Layout: ``root/<sanitised model id>-<8 hex of its sha1>/shard-*.npz``. Each shard holds the
model id, the content hashes and the float32 vectors of one write (never any text). Shards are
written to a temporary name in the same folder and moved into place with :func:`os.replace`,
so a reader sees a whole shard or none: a run killed halfway leaves only finished shards (plus
an ignored temp file) and the next run resumes from them. Shard names are unique per write, so
two runs can write at once; a :class:`filelock.FileLock` serialises writes and compaction and
lets a writer remove temp files left by killed runs. Every shard records its model id, checked
on read: a model switch can never return another model's vectors.

Example:
    >>> import numpy as np, tempfile
    >>> cache = EmbeddingCache(tempfile.mkdtemp(), "demo:model")
    >>> cache.put_many(["h1"], np.ones((1, 3), dtype=np.float32))
    >>> found, vectors = cache.get_many(["h1", "h2"])
    >>> found.tolist(), vectors.shape
    ([True, False], (2, 3))
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import uuid
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from filelock import FileLock

__all__ = ["EmbeddingCache", "cache_dir_name", "content_hash"]

log = logging.getLogger(__name__)

_SHARD_GLOB = "shard-*.npz"
_TMP_PREFIX = ".tmp-"


def content_hash(text: str) -> str:
    """sha256 hex of a (cleaned, masked) text, as in the ticket table's ``content_hash``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cache_dir_name(model_id: str) -> str:
    """Folder name of a model's cache: readable part plus a hash that keeps ids apart."""
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", model_id).strip("_")[:80] or "model"
    return f"{readable}-{hashlib.sha1(model_id.encode('utf-8')).hexdigest()[:8]}"


class EmbeddingCache:
    """Append-only, shard-per-write vector store for one model.

    Args:
        root: Cache root, e.g. ``<project>/data/interim/embeddings``.
        model_id: Stable id of the embedding model; part of the key.
    """

    def __init__(self, root: str | os.PathLike[str], model_id: str) -> None:
        if not model_id:
            raise ValueError("model_id must be a non-empty string.")
        self.root = Path(root)
        self.model_id = model_id
        self.path = self.root / cache_dir_name(model_id)
        self._index: dict[str, tuple[int, int]] = {}
        self._blocks: list[np.ndarray] = []
        self._seen: set[str] = set()
        self.dim: int | None = None

    # -- reading ---------------------------------------------------------------------------
    def _lock(self) -> FileLock:
        self.path.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.path / ".lock"), timeout=600)

    def _shards(self, skip: set[str] | frozenset[str] = frozenset()):
        """Yield ``(name, hashes, vectors)`` of each readable shard of this model, in name
        order; damaged shards, other models' and other dimensions' are skipped with a warning
        (their names are still yielded with ``None`` so callers can remember them)."""
        if not self.path.is_dir():
            return
        for shard in sorted(self.path.glob(_SHARD_GLOB)):
            if shard.name in skip:
                continue
            try:
                with np.load(shard, allow_pickle=False) as data:
                    model_id = str(data["model_id"])
                    hashes = data["hashes"].astype(str).tolist()
                    vectors = np.ascontiguousarray(data["vectors"], dtype=np.float32)
            except FileNotFoundError:  # compacted away meanwhile; its rows live elsewhere
                continue
            except Exception as exc:  # noqa: BLE001 - a damaged shard must not stop a run
                log.warning("Ignoring unreadable cache shard %s: %s", shard, exc)
                yield shard.name, None, None
                continue
            if model_id != self.model_id:
                log.warning(
                    "Ignoring cache shard %s: written by model %r, not %r.",
                    shard, model_id, self.model_id,
                )
            elif vectors.ndim != 2 or len(hashes) != len(vectors):
                log.warning("Ignoring malformed cache shard %s.", shard)
            elif self.dim is not None and vectors.shape[1] != self.dim:
                log.warning("Ignoring cache shard %s: dimension %d, expected %d.",
                            shard, vectors.shape[1], self.dim)
            else:
                if self.dim is None:
                    self.dim = int(vectors.shape[1])
                yield shard.name, hashes, vectors
                continue
            yield shard.name, None, None

    def refresh(self) -> None:
        """Load shards written since the last look (by this or another process)."""
        for name, hashes, vectors in self._shards(self._seen):
            self._seen.add(name)
            if hashes is None:
                continue
            block = len(self._blocks)
            self._blocks.append(vectors)
            for row, h in enumerate(hashes):
                self._index.setdefault(h, (block, row))

    def __len__(self) -> int:
        self.refresh()
        return len(self._index)

    def __contains__(self, content_hash: str) -> bool:
        self.refresh()
        return content_hash in self._index

    def get_many(self, hashes: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Look up vectors, reading the shards one at a time (only the rows asked for are
        kept, so memory is one ``(n, d)`` array whatever the cache holds).

        Returns:
            ``(found, vectors)``: a boolean mask and a float32 ``(n, d)`` array whose rows are
            filled where ``found`` (zeros elsewhere; ``d`` is 0 when the cache is empty).
        """
        wanted: dict[str, list[int]] = {}
        for i, h in enumerate(hashes):
            wanted.setdefault(h, []).append(i)
        found = np.zeros(len(hashes), dtype=bool)
        out: np.ndarray | None = None
        for _, shard_hashes, vectors in self._shards():
            if shard_hashes is None:
                continue
            if out is None:
                out = np.zeros((len(hashes), vectors.shape[1]), dtype=np.float32)
            for row, h in enumerate(shard_hashes):
                rows = wanted.get(h)
                if rows is not None and not found[rows[0]]:  # the first shard wins
                    out[rows] = vectors[row]
                    found[rows] = True
        if out is None:
            out = np.zeros((len(hashes), self.dim or 0), dtype=np.float32)
        return found, out

    # -- writing ---------------------------------------------------------------------------
    def put_many(self, hashes: Sequence[str], vectors: np.ndarray) -> None:
        """Store vectors as one new shard, atomically. Existing hashes keep their vectors."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or len(hashes) != vectors.shape[0]:
            raise ValueError(
                f"Need one vector row per hash, got {len(hashes)} hashes and array of shape "
                f"{vectors.shape}."
            )
        if len(hashes) == 0:
            return
        with self._lock():
            self._remove_stale_temp_files()
            self._write_shard(np.asarray(hashes, dtype=str), vectors)

    def _write_shard(self, hashes: np.ndarray, vectors: np.ndarray) -> Path:
        name = f"shard-{os.getpid()}-{uuid.uuid4().hex[:12]}.npz"
        tmp = self.path / f"{_TMP_PREFIX}{name}"
        with open(tmp, "wb") as fh:
            np.savez(fh, model_id=np.array(self.model_id), hashes=hashes, vectors=vectors)
            fh.flush()
            os.fsync(fh.fileno())
        final = self.path / name
        os.replace(tmp, final)
        return final

    def _remove_stale_temp_files(self) -> None:
        # Writers hold the lock while a temp file exists, so under the lock any temp file
        # is left over from a run that was killed mid-write.
        for tmp in self.path.glob(f"{_TMP_PREFIX}*"):
            try:
                tmp.unlink()
            except FileNotFoundError:
                pass

    def compact(self) -> None:
        """Merge all shards of this model into one (fewer files for big projects)."""
        with self._lock():
            self._remove_stale_temp_files()
            shards = sorted(self.path.glob(_SHARD_GLOB))
            if len(shards) < 2:
                return
            fresh = EmbeddingCache(self.root, self.model_id)
            fresh.refresh()
            if not fresh._index:
                return
            keys = list(fresh._index)
            _, vectors = fresh.get_many(keys)
            self._write_shard(np.asarray(keys, dtype=str), vectors)
            for shard in shards:
                if shard.name in fresh._seen:
                    shard.unlink(missing_ok=True)
