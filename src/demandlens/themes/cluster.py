"""HDBSCAN themes on the UMAP-reduced embeddings, with explicit outlier handling.

1. HDBSCAN (euclidean) on the reduced coordinates ``Z``; ``min_cluster_size`` and
   ``min_samples`` adapt to the corpus size and ``cluster.granularity`` (coarser / finer)
   through :func:`auto_params` unless set in :class:`~demandlens.config.ClusterConfig`.
2. Noise is never hidden: every noise ticket is flagged ``is_outlier``. When
   ``reassign_outliers`` is on, a noise ticket joins its nearest theme (cosine to the centroid
   in the *original* embedding space ``X``) when it is at least as typical as the theme's own
   members mostly are: its similarity reaches the theme's bar, the ``reassign_quantile``
   (default 5%) of the members' similarities, capped at ``reassign_threshold``
   (:func:`demandlens.themes.assign.theme_bars`). It is then flagged ``reassigned``. An absolute
   cosine threshold does not transfer between models and centring (language-centred e5
   vectors sit far below 0.8; the old fixed 0.80 reassigned nothing); the per-theme bar
   does. On the sample it brings the unassigned share from 15.7% to about 12%, with
   reassigned tickets less pure than core members (0.65 vs 0.80 majority-reason purity),
   which is why they stay flagged.
3. Themes are renumbered by descending size (ties: the theme holding the smallest row index
   first), so theme 0 is the biggest and the numbering does not depend on HDBSCAN internals.

Example:
    >>> import numpy as np
    >>> from demandlens.config import ClusterConfig
    >>> rng = np.random.default_rng(0)
    >>> Z = np.vstack([rng.normal(0, .1, (30, 2)), rng.normal(5, .1, (50, 2))])
    >>> res = cluster_embeddings(Z, Z, ClusterConfig(min_cluster_size=10), seed=0)
    >>> np.bincount(res.labels[res.labels >= 0]).tolist()
    [50, 30]
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..config import ClusterConfig
from .assign import assign_to_centroids, centroids, theme_bars

__all__ = ["GRANULARITY_STEPS", "ClusterResult", "auto_params", "cluster_embeddings"]

log = logging.getLogger(__name__)


#: Steps of the granularity control: the adaptive ``min_cluster_size`` is multiplied by
#: ``GRAIN_STEP ** step`` (coarser themes are bigger, finer ones smaller).
GRAIN_STEP = 1.5
GRANULARITY_STEPS = {"coarsest": 2, "coarser": 1, "default": 0, "finer": -1, "finest": -2}


def auto_params(n: int, granularity: str = "default") -> dict[str, int]:
    """HDBSCAN sizes for a corpus of ``n`` tickets at a granularity.

    ``min_cluster_size = max(3, round(0.1 * n ** 0.66 * 1.5 ** step))`` with ``step`` from
    :data:`GRANULARITY_STEPS` (0 for ``"default"``, +1 ``"coarser"``, -1 ``"finer"``, ...),
    and ``min_samples = 2``.

    The smallest theme grows with the export but more slowly than it (3 tickets at 200, 5 at
    400, 8 at 800, 13 at 1,600, 20 at 3,000, 38 at 8,000, 410 at 300,000), so the number of
    themes possible grows too: a small export's contact reasons each hold only a handful of
    tickets (a 200-ticket month with 20 reasons has ~10 per reason) while a large export has
    both more reasons and more tickets per reason. The old ``max(10, sqrt(n) / 4)`` with
    ``min_samples >= 5`` collapsed small exports into a few broad themes (4-6 themes for 22
    reasons at 200 tickets). The exponent and factor were read off a grid of sizes on the
    sample subsampled to 200-2,400 tickets and the dev files (``benchmarks/bench_themes.py``
    and the closing note of #19); they are a compromise, not a fit to one file: the best size
    depends on tickets per reason, which no rule in ``n`` alone knows, hence
    ``cluster.granularity``. A small ``min_samples`` keeps HDBSCAN's density estimate local,
    so a small theme of a few similar tickets is not called noise. Both sizes are monotone
    non-decreasing in ``n``.
    """
    if n < 0:
        raise ValueError(f"n must be non-negative, got {n}.")
    if granularity not in GRANULARITY_STEPS:
        raise ValueError(
            f"cluster.granularity must be one of {', '.join(GRANULARITY_STEPS)}, "
            f"got {granularity!r}."
        )
    step = GRANULARITY_STEPS[granularity]
    mcs = max(3, round(0.1 * n**0.66 * GRAIN_STEP**step))
    return {"min_cluster_size": int(mcs), "min_samples": 2}


@dataclass
class ClusterResult:
    """Theme assignment of each ticket.

    Attributes:
        labels: Theme number per ticket (0 = biggest), ``-1`` for tickets left unassigned.
        is_outlier: HDBSCAN noise that was not reassigned (``labels == -1``).
        reassigned: HDBSCAN noise put into its nearest theme by the outlier step.
        probabilities: HDBSCAN membership strength (0 for noise, including reassigned rows).
        similarity: Cosine similarity of each ticket to its theme's centroid (``nan`` for
            outliers).
        params: The HDBSCAN and reassignment parameters actually used.
    """

    labels: np.ndarray
    is_outlier: np.ndarray
    reassigned: np.ndarray
    probabilities: np.ndarray
    similarity: np.ndarray
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def n_themes(self) -> int:
        return int(self.labels.max()) + 1 if self.labels.size and self.labels.max() >= 0 else 0


def _resolve_params(n: int, config: ClusterConfig) -> dict[str, Any]:
    auto = auto_params(n, config.granularity)
    mcs = config.min_cluster_size if config.min_cluster_size is not None else auto["min_cluster_size"]
    ms = config.min_samples if config.min_samples is not None else auto["min_samples"]
    mcs = int(max(2, min(mcs, n))) if n >= 2 else 2
    ms = int(max(1, min(ms, max(n - 1, 1))))
    return {
        "min_cluster_size": mcs,
        "min_samples": ms,
        "granularity": config.granularity,
        "cluster_selection_method": config.cluster_selection_method,
        "cluster_selection_epsilon": float(config.cluster_selection_epsilon),
        "reassign_outliers": bool(config.reassign_outliers),
        "reassign_threshold": float(config.reassign_threshold),
        "reassign_quantile": float(config.reassign_quantile),
    }


def _renumber(labels: np.ndarray) -> np.ndarray:
    """Renumber themes by descending size, ties broken by the smallest member index."""
    present = [t for t in np.unique(labels) if t >= 0]
    if not present:
        return labels.copy()
    sizes = {t: int((labels == t).sum()) for t in present}
    first = {t: int(np.flatnonzero(labels == t)[0]) for t in present}
    order = sorted(present, key=lambda t: (-sizes[t], first[t]))
    mapping = np.full(int(labels.max()) + 2, -1, dtype=int)
    for new, old in enumerate(order):
        mapping[old] = new
    return mapping[labels]  # index -1 hits the last slot, which stays -1


def cluster_embeddings(
    Z: np.ndarray, X: np.ndarray, config: ClusterConfig | None, seed: int
) -> ClusterResult:
    """Cluster tickets into themes.

    Args:
        Z: Reduced coordinates ``(n, k)`` (UMAP output) that HDBSCAN clusters.
        X: Original (language-centred) embeddings ``(n, d)``, used for the centroids and the
            outlier reassignment by cosine similarity.
        config: Clustering settings; ``None`` sizes adapt to ``n``.
        seed: The run's seed (``config.seed``), recorded in ``params``; HDBSCAN itself is
            deterministic.

    Returns:
        A :class:`ClusterResult`.
    """
    import hdbscan  # lazy: slow import

    config = config or ClusterConfig()
    Z = np.asarray(Z, dtype=np.float64)
    X = np.asarray(X, dtype=np.float32)
    n = Z.shape[0]
    if X.shape[0] != n:
        raise ValueError(f"Z has {n} rows but X has {X.shape[0]}; they must be aligned.")
    params = _resolve_params(n, config)
    params["seed"] = seed
    if n < max(2, params["min_cluster_size"]):
        log.warning("Only %d tickets: fewer than min_cluster_size, everything is noise.", n)
        raw = np.full(n, -1, dtype=int)
        prob = np.zeros(n, dtype=np.float32)
    else:
        model = hdbscan.HDBSCAN(
            min_cluster_size=params["min_cluster_size"],
            min_samples=params["min_samples"],
            metric="euclidean",
            cluster_selection_method=params["cluster_selection_method"],
            cluster_selection_epsilon=params["cluster_selection_epsilon"],
            core_dist_n_jobs=1,
        )
        raw = np.asarray(model.fit_predict(Z), dtype=int)
        prob = np.asarray(model.probabilities_, dtype=np.float32)
    noise = raw == -1
    log.info(
        "HDBSCAN: %d themes, %d of %d tickets noise (min_cluster_size=%d, min_samples=%d)",
        len(set(raw[~noise].tolist())), int(noise.sum()), n,
        params["min_cluster_size"], params["min_samples"],
    )
    labels = raw.copy()
    reassigned = np.zeros(n, dtype=bool)
    if params["reassign_outliers"] and noise.any() and (~noise).any():
        cents = centroids(X, raw)
        bars = theme_bars(X, raw, cents, params["reassign_quantile"], params["reassign_threshold"])
        near, sim = assign_to_centroids(X[noise], cents, bars)
        idx = np.flatnonzero(noise)
        hit = near >= 0
        labels[idx[hit]] = near[hit]
        reassigned[idx[hit]] = True
        log.info(
            "Outlier step: %d of %d noise tickets reassigned (per-theme bar, quantile %.2f)",
            int(hit.sum()), int(noise.sum()), params["reassign_quantile"],
        )
    labels = _renumber(labels)
    similarity = np.full(n, np.nan, dtype=np.float32)
    if labels.size and labels.max() >= 0:
        cents = centroids(X, labels)
        Xn = X / np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-12)
        rows = np.flatnonzero(labels >= 0)
        similarity[rows] = np.einsum("ij,ij->i", Xn[rows], cents[labels[rows]])
    return ClusterResult(
        labels=labels,
        is_outlier=labels == -1,
        reassigned=reassigned,
        probabilities=prob,
        similarity=similarity,
        params=params,
    )
