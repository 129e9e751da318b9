"""Themes from embedded tickets: reduce (UMAP) → cluster (HDBSCAN) → keys → 2-D map → describe.

Example:
    >>> tickets, themes, cents = build_themes(tickets, X, config)          # doctest: +SKIP
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import PipelineConfig
from ..timing import Timer
from .assign import centroids as theme_centroids
from .cluster import ClusterResult, cluster_embeddings
from .describe import describe_themes
from .edits import theme_key
from .reduce import Reducer, reduce_2d

__all__ = ["build_themes", "cluster_tickets", "map_and_describe"]


def cluster_tickets(
    X: np.ndarray, config: PipelineConfig, timer: Timer | None = None
) -> tuple[ClusterResult, Reducer]:
    """Theme number per ticket: UMAP (:class:`Reducer`) then :func:`cluster_embeddings`.

    The two steps every fresh run (and the theme benchmark) takes, with ``config.seed``.
    Returns the clustering and the fitted reducer (its ``embedding_`` and ``knn_``).
    """
    timer = timer or Timer()
    with timer.stage("reduce"):
        reducer = Reducer(config.reduce, config.seed).fit(X)
    with timer.stage("cluster"):
        result = cluster_embeddings(reducer.embedding_, X, config.cluster, config.seed)
    return result, reducer


def map_and_describe(
    tickets: pd.DataFrame, X: np.ndarray, config: PipelineConfig, timer: Timer, knn=None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add 2-D map coordinates to themed tickets and describe their themes (sorted by id).

    ``knn`` is the k-NN graph of the clustering reduction over the same rows, reused by the map.
    """
    with timer.stage("map"):
        xy = reduce_2d(X, config.reduce, config.seed, knn=knn)
    tickets["x"], tickets["y"] = xy[:, 0].astype(float), xy[:, 1].astype(float)
    with timer.stage("describe"):
        themes = describe_themes(tickets, X, config.describe)
    themes = themes.sort_values("theme_id").reset_index(drop=True)
    themes["share"] = themes["size"] / max(len(tickets), 1)
    return tickets, themes


def build_themes(
    tickets: pd.DataFrame, X: np.ndarray, config: PipelineConfig, timer: Timer | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """Cluster embedded tickets into themes.

    Returns the tickets with theme columns added, the themes table and the centroids.
    """
    timer = timer or Timer()
    seed = config.seed
    tickets = tickets.copy()
    result, reducer = cluster_tickets(X, config, timer)
    labels = np.asarray(result.labels)
    ids = tickets["ticket_id"].astype(str).to_numpy()
    keys = {
        int(t): theme_key(seed, ids[labels == t].tolist()) for t in np.unique(labels) if t >= 0
    }
    tickets["theme_id"] = labels.astype(int)
    tickets["theme_key"] = pd.Series(
        [keys.get(int(t)) for t in labels], index=tickets.index, dtype="string"
    )
    tickets["is_outlier"] = np.asarray(result.is_outlier, dtype=bool)
    tickets["reassigned"] = np.asarray(result.reassigned, dtype=bool)
    knn = reducer.knn_ if reducer.fit_indices_ is None else None  # same rows as the map's fit
    tickets, themes = map_and_describe(tickets, X, config, timer, knn)
    themes["status"] = "new"
    themes["previous_keys"] = [[] for _ in range(len(themes))]
    order = themes["theme_id"].to_numpy()
    cents = theme_centroids(X, labels)
    cents = cents[order] if len(order) else np.zeros((0, X.shape[1]), dtype=np.float32)
    return tickets, themes, cents.astype(np.float32)
