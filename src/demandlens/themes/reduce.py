"""UMAP reduction of ticket embeddings before clustering, and the 2-D map for analysts.

UMAP is seeded (``random_state=seed``), which makes it deterministic but single-threaded:
umap-learn turns off its parallel code paths when a seed is given. That is the price of
"same input + seed gives the same themes"; on our 2-core machine the difference is small.

``n_neighbors`` adapts to the corpus size when the config leaves it ``None``:
``clip(round(sqrt(n)), 15, 50)`` where ``n`` is the number of tickets UMAP is fitted on.
15 is UMAP's (and BERTopic's) default, used for the smallest exports; a neighbourhood that grows
with the corpus keeps paraphrases and translations of one contact reason connected instead of
tearing big themes into fragments (on the xSID dev file, 600 texts: 20-30 neighbours gave NMI
0.80-0.82 / pair agreement 0.89-0.91 against 0.71-0.78 / 0.62-0.79 at 12); it is capped at 50
so the k-NN graph stays cheap (fits on more than 30,000 tickets use a sample anyway).

For large exports UMAP is fitted on a seeded random sample of ``fit_sample_size`` tickets and
the rest are transformed into the same space.

Example:
    >>> import numpy as np
    >>> from demandlens.config import ReduceConfig
    >>> X = np.random.default_rng(0).normal(size=(60, 16)).astype("float32")
    >>> Reducer(ReduceConfig(n_components=3), seed=1).fit_transform(X).shape
    (60, 3)
"""

from __future__ import annotations

import dataclasses
import logging
import warnings

import numpy as np

from ..config import ReduceConfig

__all__ = ["Reducer", "adaptive_n_neighbors", "reduce_2d"]

log = logging.getLogger(__name__)

_MIN_NEIGHBORS, _MAX_NEIGHBORS = 15, 50


def adaptive_n_neighbors(n: int) -> int:
    """UMAP ``n_neighbors`` for ``n`` fitted points: ``clip(round(sqrt(n)), 15, 50)``.

    Never more than ``n - 1`` (UMAP needs at least one non-neighbour).
    """
    if n < 2:
        raise ValueError(f"Need at least 2 tickets to reduce, got n={n}.")
    k = int(np.clip(round(np.sqrt(n)), _MIN_NEIGHBORS, _MAX_NEIGHBORS))
    return max(1, min(k, n - 1))


def _sample_indices(n: int, size: int | None, seed: int) -> np.ndarray | None:
    if size is None or n <= size:
        return None
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(n, size=size, replace=False))


def _make_umap(
    n_components: int, n_neighbors: int, min_dist: float, metric: str, seed: int, knn=None
):
    import umap  # imported lazily: numba compilation is slow and not needed by every caller

    return umap.UMAP(
        n_components=n_components,
        n_neighbors=n_neighbors,
        min_dist=min_dist,
        metric=metric,
        random_state=seed,
        transform_seed=seed,
        n_jobs=1,
        low_memory=True,
        precomputed_knn=knn if knn is not None else (None, None, None),
    )


class Reducer:
    """Seeded UMAP with corpus-size-aware defaults (sklearn-style estimator).

    Args:
        config: Reduction settings; ``n_neighbors=None`` adapts to the data size.
        seed: Random seed for UMAP and for the fit sample.

    Attributes:
        umap_: The fitted ``umap.UMAP``.
        n_neighbors_: The ``n_neighbors`` actually used.
        fit_indices_: Rows UMAP was fitted on (``None`` when fitted on all rows).
        embedding_: Reduced coordinates of the rows passed to ``fit``.
        knn_: The k-nearest-neighbour graph of the fitted rows, ``(indices, distances,
            search_index)``, or None for small inputs (UMAP computes those exactly); another
            ``Reducer`` with the same rows, metric and ``n_neighbors`` can reuse it (``knn=``)
            instead of searching again.
    """

    def __init__(self, config: ReduceConfig | None, seed: int, knn=None) -> None:
        self.config = config
        self.seed = seed
        self.knn = knn

    def fit(self, X: np.ndarray) -> Reducer:
        """Fit UMAP on ``X`` (or on a seeded sample of it for large inputs)."""
        cfg = self.config or ReduceConfig()
        X = np.asarray(X, dtype=np.float32)
        n = X.shape[0]
        if n <= cfg.n_components + 1:
            raise ValueError(
                f"Need more than n_components + 1 = {cfg.n_components + 1} tickets to reduce "
                f"to {cfg.n_components} dimensions, got {n}."
            )
        idx = _sample_indices(n, cfg.fit_sample_size, self.seed)
        X_fit = X if idx is None else X[idx]
        n_fit = X_fit.shape[0]
        k = cfg.n_neighbors if cfg.n_neighbors is not None else adaptive_n_neighbors(n_fit)
        self.n_neighbors_ = int(min(k, n_fit - 1))
        log.info(
            "UMAP: fitting %d of %d tickets, n_neighbors=%d, n_components=%d (seeded, 1 thread)",
            n_fit, n, self.n_neighbors_, cfg.n_components,
        )
        knn = self.knn
        if knn is not None and (len(knn[0]) != n_fit or knn[0].shape[1] < self.n_neighbors_):
            log.warning("Ignoring a k-NN graph of another shape (%s).", knn[0].shape)
            knn = None
        if knn is not None and knn[0].shape[1] > self.n_neighbors_:
            knn = (knn[0][:, : self.n_neighbors_], knn[1][:, : self.n_neighbors_], knn[2])
        model = _make_umap(
            cfg.n_components, self.n_neighbors_, cfg.min_dist, cfg.metric, self.seed, knn
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            model.fit(X_fit)
        self.umap_ = model
        # UMAP keeps its approximate graph only above ~4,096 rows (smaller inputs are exact).
        found = getattr(model, "_knn_indices", None)
        self.knn_ = (
            None if found is None
            else (found, model._knn_dists, getattr(model, "_knn_search_index", None))
        )
        self.fit_indices_ = idx
        if idx is None:
            self.embedding_ = np.asarray(model.embedding_, dtype=np.float32)
        else:
            self.embedding_ = self._fill(X, idx)
        return self

    def _fill(self, X: np.ndarray, idx: np.ndarray) -> np.ndarray:
        out = np.empty((X.shape[0], self.umap_.embedding_.shape[1]), dtype=np.float32)
        out[idx] = self.umap_.embedding_
        rest = np.setdiff1d(np.arange(X.shape[0]), idx)
        out[rest] = self.transform(X[rest])
        return out

    def transform(self, X: np.ndarray, batch_size: int = 20_000) -> np.ndarray:
        """Project new rows into the fitted space (batched to bound memory)."""
        if not hasattr(self, "umap_"):
            raise RuntimeError("This Reducer is not fitted yet; call fit(X) first.")
        X = np.asarray(X, dtype=np.float32)
        parts = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            for start in range(0, X.shape[0], batch_size):
                parts.append(self.umap_.transform(X[start : start + batch_size]))
        if not parts:
            return np.zeros((0, self.umap_.embedding_.shape[1]), dtype=np.float32)
        return np.asarray(np.vstack(parts), dtype=np.float32)

    def fit_transform(self, X: np.ndarray) -> np.ndarray:
        """Fit on ``X`` and return its reduced coordinates."""
        return self.fit(X).embedding_


def reduce_2d(X: np.ndarray, config: ReduceConfig | None, seed: int, knn=None) -> np.ndarray:
    """2-D UMAP coordinates for the analyst's theme map, shape ``(n, 2)``.

    The same settings as the clustering reduction ``config`` (neighbours, metric, fit sample),
    so its k-NN graph ``knn`` (a :class:`Reducer`'s ``knn_`` over the same rows) can be reused
    instead of searching for neighbours a second time; only the output differs: 2 dimensions
    and ``min_dist=0.1`` so points spread enough to read.
    """
    X = np.asarray(X, dtype=np.float32)
    if X.shape[0] <= 3:
        return np.zeros((X.shape[0], 2), dtype=np.float32)
    cfg = dataclasses.replace(config or ReduceConfig(), n_components=2, min_dist=0.1)
    return Reducer(cfg, seed, knn=knn).fit_transform(X)
