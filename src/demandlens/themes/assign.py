"""Theme centroids and nearest-centroid assignment by cosine similarity.

Used by the outlier reassignment step of :mod:`demandlens.themes.cluster`, by re-runs that assign new
tickets to existing themes, and when themes are fitted on a sample and the rest assigned.

Example:
    >>> import numpy as np
    >>> X = np.array([[1, 0], [0.9, 0.1], [0, 1]], dtype="float32")
    >>> C = centroids(X, np.array([0, 0, 1]))
    >>> assign_to_centroids(np.array([[1, 0.05], [-1, 0]]), C, threshold=0.5)[0].tolist()
    [0, -1]
"""

from __future__ import annotations

import numpy as np

__all__ = ["centroids", "assign_to_centroids", "theme_bars"]


def _normalise(A: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(A, axis=1, keepdims=True)
    return A / np.where(norms == 0, 1.0, norms)


def centroids(X: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """L2-normalised mean embedding per theme.

    Args:
        X: Embeddings ``(n, d)``.
        labels: Theme number per row, ``-1`` for outliers (ignored).

    Returns:
        float32 ``(k, d)`` with ``k = labels.max() + 1``; row ``t`` is theme ``t`` (a theme
        number with no members gets a zero row).
    """
    X = np.asarray(X, dtype=np.float32)
    labels = np.asarray(labels, dtype=int)
    if X.shape[0] != labels.shape[0]:
        raise ValueError(f"X has {X.shape[0]} rows but labels has {labels.shape[0]}.")
    k = int(labels.max()) + 1 if labels.size and labels.max() >= 0 else 0
    sums = np.zeros((k, X.shape[1]), dtype=np.float64)
    keep = labels >= 0
    np.add.at(sums, labels[keep], X[keep])
    return _normalise(sums).astype(np.float32)


def theme_bars(
    X: np.ndarray,
    labels: np.ndarray,
    cents: np.ndarray,
    quantile: float = 0.05,
    cap: float | None = None,
) -> np.ndarray:
    """Per-theme minimum similarity for a ticket to join a theme from outside.

    A theme's bar is the ``quantile`` of its own members' cosine similarity to its centroid:
    a newcomer joins when it is at least as typical as all but the least typical
    ``quantile`` of the members. Tight themes get high bars, loose themes lower ones, and
    the bar scales with whatever model and centring produced ``X`` (an absolute cosine
    threshold does not: language-centred e5 vectors sit far lower than raw ones). ``cap``
    bounds every bar from above.

    Args:
        X: Embeddings ``(n, d)``.
        labels: Theme row in ``cents`` per ticket, ``-1`` for outliers.
        cents: ``(k, d)`` L2-normalised centroids.
        quantile: Share of the least typical members allowed below the bar.
        cap: Upper bound of every bar (None: no bound).

    Returns:
        float32 ``(k,)`` bars (``cap`` or 1.0 for a theme with no members).
    """
    labels = np.asarray(labels, dtype=int)
    k = np.asarray(cents).shape[0]
    bars = np.full(k, 1.0 if cap is None else float(cap), dtype=np.float32)
    keep = labels >= 0
    if not keep.any() or k == 0:
        return bars
    Xn = _normalise(np.asarray(X, dtype=np.float32)[keep])
    lab = labels[keep]
    sims = np.einsum("ij,ij->i", Xn, _normalise(np.asarray(cents, dtype=np.float32))[lab])
    for t in np.unique(lab):
        bar = float(np.quantile(sims[lab == t], quantile))
        bars[t] = bar if cap is None else min(bar, float(cap))
    return bars


def assign_to_centroids(
    X: np.ndarray,
    centroids: np.ndarray,
    threshold: float | np.ndarray,
    batch_size: int = 20_000,
) -> tuple[np.ndarray, np.ndarray]:
    """Nearest centroid by cosine similarity, ``-1`` when the best is below ``threshold``.

    Args:
        X: Embeddings ``(n, d)`` (normalised or not; rows are normalised here).
        centroids: ``(k, d)`` theme centroids.
        threshold: Minimum cosine similarity to be assigned: one number, or one per centroid
            (e.g. :func:`theme_bars`).
        batch_size: Rows per matrix product, to bound memory on large exports.

    Returns:
        ``(labels, similarity)``: the centroid row index (or ``-1``) and the best cosine
        similarity per row (``nan`` when there are no centroids).
    """
    X = np.asarray(X, dtype=np.float32)
    n = X.shape[0]
    labels = np.full(n, -1, dtype=int)
    sims = np.full(n, np.nan, dtype=np.float32)
    C = np.asarray(centroids, dtype=np.float32)
    if C.shape[0] == 0 or n == 0:
        return labels, sims
    if C.shape[1] != X.shape[1]:
        raise ValueError(f"X has dimension {X.shape[1]} but centroids have {C.shape[1]}.")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}.")
    C = _normalise(C)
    for start in range(0, n, batch_size):
        block = _normalise(X[start : start + batch_size]) @ C.T
        best = block.argmax(axis=1)
        sims[start : start + batch_size] = block[np.arange(block.shape[0]), best]
        labels[start : start + batch_size] = best
    bar = np.broadcast_to(np.asarray(threshold, dtype=np.float32), (C.shape[0],))
    labels[~(sims >= bar[np.maximum(labels, 0)])] = -1
    return labels, sims
