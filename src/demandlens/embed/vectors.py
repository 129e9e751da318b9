"""The vectors a run clusters: cached embeddings of each ticket's text, centred per group.

What is embedded is the ticket text with recurring filler sentences
(:mod:`demandlens.embed.boilerplate`) and product names (:mod:`demandlens.embed.names`) left
out, so themes form by contact reason; the ticket table itself is not changed.

Example:
    >>> import demandlens as dl                                              # doctest: +SKIP
    >>> X = embeddings_for(run.tickets, run.config, project_dir=".")         # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..config import PipelineConfig
from .backends import Embedder, embed_tickets, get_embedder
from .boilerplate import without_boilerplate
from .centering import center_by_language, centering_groups
from .dask_cluster import embed_uncached
from .names import without_names

__all__ = ["embeddings_for"]


def embeddings_for(
    tickets: pd.DataFrame,
    config: PipelineConfig,
    project_dir: str | Path = ".",
    embedder: Embedder | None = None,
) -> np.ndarray:
    """Embeddings of ``tickets`` (from the cache where possible), centred per language and
    channel when ``embed.language_centering`` is on (see :func:`demandlens.embed.centering.centering_groups`).
    With ``scale.dask_address`` set, texts the cache lacks are first embedded on that Dask
    cluster (:func:`demandlens.embed.dask_cluster.embed_uncached`).
    With ``clean.drop_boilerplate`` on, recurring filler sentences are left out of the embedded
    text (:func:`demandlens.embed.boilerplate.without_boilerplate`), with ``clean.drop_names`` product
    and other names (:func:`demandlens.embed.names.without_names`); ``tickets`` is not changed.
    ``embedder`` is the run's embedder (:func:`~demandlens.embed.backends.get_embedder`), built
    from ``config.embed`` when None.
    """
    if embedder is None:
        embedder = get_embedder(config.embed, str(project_dir))

    def embed(frame: pd.DataFrame) -> np.ndarray:
        if config.scale.dask_address:  # texts the cache lacks are embedded on the cluster
            embed_uncached(frame, config, project_dir, config.scale.dask_address,
                           model_id=embedder.model_id)
        X = embed_tickets(frame, config.embed, project_dir=project_dir, embedder=embedder)
        if config.embed.language_centering:
            groups = centering_groups(frame, config.embed.centering_groups)
            X = center_by_language(X, groups, min_count=config.embed.centering_min_count,
                                   copy=False)  # X is this call's own array
        return X

    if config.embed.backend != "precomputed":  # precomputed vectors do not follow the text
        tickets = without_boilerplate(tickets, embed, config.clean, config.seed)
        tickets = without_names(tickets, config.clean)
    return embed(tickets)
