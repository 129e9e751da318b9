"""The whole pipeline as one call: export in, run folder out.

ingest (clean, mask, language) → embed (cached) → centre by language → reduce → cluster →
keys → 2-D map → describe → [match to a previous run] → save.

Example:
    >>> import demandlens as dl                                        # doctest: +SKIP
    >>> run = dl.run_pipeline("data/sample/tickets.csv", "runs/demo")   # doctest: +SKIP
    >>> run.themes[["theme_key", "size", "top_keywords"]].head()       # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import logging
import platform
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from . import __version__
from .config import PipelineConfig
from .run import Run

__all__ = ["run_pipeline", "build_themes", "embeddings_for", "carry_labels_to_file", "Timer"]

log = logging.getLogger(__name__)


class Timer:
    """Collects wall time per stage (seconds) for the run manifest."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        log.info("stage %s …", name)
        try:
            yield
        finally:
            self.timings[name] = round(time.perf_counter() - start, 3)
            log.info("stage %s done in %.1f s", name, self.timings[name])


def embeddings_for(
    tickets: pd.DataFrame, config: PipelineConfig, project_dir: str | Path = "."
) -> np.ndarray:
    """Embeddings of ``tickets`` (from the cache where possible), centred per language and
    channel when ``embed.language_centering`` is on (see :func:`demandlens.align.centering_groups`).
    With ``scale.dask_address`` set, texts the cache lacks are first embedded on that Dask
    cluster (:func:`demandlens.distributed.embed_uncached`).
    With ``clean.drop_boilerplate`` on, recurring filler sentences are left out of the embedded
    text (:func:`demandlens.boilerplate.without_boilerplate`), with ``clean.drop_names`` product
    and other names (:func:`demandlens.names.without_names`); ``tickets`` is not changed.
    """
    from .boilerplate import without_boilerplate
    from .embed import embed_tickets
    from .names import without_names

    def embed(frame: pd.DataFrame) -> np.ndarray:
        if config.scale.dask_address:  # texts the cache lacks are embedded on the cluster
            from .distributed import embed_uncached

            embed_uncached(frame, config, project_dir, config.scale.dask_address)
        X = embed_tickets(frame, config.embed, project_dir=project_dir)
        if config.embed.language_centering:
            from .align import center_by_language, centering_groups

            groups = centering_groups(frame, config.embed.centering_groups)
            X = center_by_language(X, groups, min_count=config.embed.centering_min_count)
        return X

    if config.embed.backend != "precomputed":  # precomputed vectors do not follow the text
        tickets = without_boilerplate(tickets, embed, config.clean, config.seed)
        tickets = without_names(tickets, config.clean)
    return embed(tickets)


def map_and_describe(
    tickets: pd.DataFrame, X: np.ndarray, config: PipelineConfig, timer: Timer, knn=None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add 2-D map coordinates to themed tickets and describe their themes (sorted by id).

    ``knn`` is the k-NN graph of the clustering reduction over the same rows, reused by the map.
    """
    from .describe import describe_themes
    from .reduce import reduce_2d

    with timer.stage("map"):
        xy = reduce_2d(X, config.seed, knn=knn)
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
    from .cluster import centroids as theme_centroids
    from .cluster import cluster_embeddings
    from .reduce import Reducer
    from .themes import theme_key

    timer = timer or Timer()
    seed = config.seed
    tickets = tickets.copy()
    with timer.stage("reduce"):
        reducer = Reducer(config.reduce, seed).fit(X)
        Z = reducer.embedding_
    with timer.stage("cluster"):
        result = cluster_embeddings(Z, X, config.cluster, seed)
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


def _build_themes_for_size(
    tickets: pd.DataFrame, X: np.ndarray, config: PipelineConfig, timer: Timer
) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """:func:`build_themes`, or, for exports larger than ``config.scale.fit_sample_size``,
    themes fitted on a stratified sample with every other ticket assigned (#11, see
    :mod:`demandlens.scale`)."""
    size = config.scale.fit_sample_size
    if size is not None and len(tickets) > size:
        from .scale import build_themes_on_sample

        return build_themes_on_sample(tickets, X, config, timer)
    return build_themes(tickets, X, config, timer)


def run_pipeline(
    input_path: str | Path,
    out_dir: str | Path | None,
    config: PipelineConfig | None = None,
    previous: Run | str | Path | None = None,
    mode: str | None = None,
    project_dir: str | Path = ".",
    progress: bool = True,
) -> Run:
    """Run every stage on one export and write the run folder.

    Args:
        input_path: The ticket export (CSV, XLSX, JSON/JSONL or Parquet).
        out_dir: Folder for the run (created); None keeps the run in memory only.
        config: Pipeline configuration; defaults everywhere when None.
        previous: A previous run (object or folder) to match themes to, so labels carry over.
        mode: ``"rebuild"`` or ``"assign"`` for re-runs; defaults to ``config.match.mode``.
        project_dir: The analyst's project folder (embedding cache, ``models/``).
        progress: Show progress bars.

    Returns:
        The :class:`~demandlens.run.Run`, also saved to ``out_dir``.
    """
    from .embed import cache_root
    from .ingest import load_tickets

    config = config or PipelineConfig()
    timer = Timer()
    started = dt.datetime.now(dt.UTC)
    cache_dir = cache_root(config.embed, project_dir)  # languages live beside the embeddings
    with timer.stage("ingest"):
        ingested = load_tickets(input_path, config, progress=progress, cache_dir=cache_dir)
    tickets = ingested.tickets
    with timer.stage("embed"):
        X = embeddings_for(tickets, config, project_dir)

    if previous is not None:
        from .match import rerun

        prev = previous if isinstance(previous, Run) else Run.open(previous)
        tickets, themes, cents, mapping, operations = rerun(
            prev, tickets, X, config, mode=mode or config.match.mode, timer=timer
        )
    else:
        tickets, themes, cents = _build_themes_for_size(tickets, X, config, timer)
        mapping, operations = None, []

    from .embed import get_embedder

    manifest = {
        "demandlens_version": __version__,
        "created_at": started.isoformat(),
        "input": str(Path(input_path)),
        "input_sha256": ingested.file_hash,
        "column_map": ingested.column_map,
        "model_id": get_embedder(config.embed, project_dir=project_dir).model_id,
        "seed": config.seed,
        "mode": (mode or config.match.mode) if previous is not None else "fresh",
        "project_dir": str(Path(project_dir).resolve()),
        "previous_run": str(getattr(previous, "path", previous)) if previous is not None else None,
        "accounting": {
            **ingested.accounting,
            "assigned": int((~tickets["is_outlier"]).sum()),
            "outliers": int(tickets["is_outlier"].sum()),
            "reassigned": int(tickets["reassigned"].sum()),
        },
        "n_themes": len(themes),
        "timings": timer.timings,
        "python": platform.python_version(),
    }
    run = Run(
        tickets=tickets,
        themes=themes,
        centroids=cents,
        rejected=ingested.rejected,
        config=config,
        manifest=manifest,
        operations=operations,
        mapping=mapping,
        embeddings=X,
    )
    if out_dir is not None:
        run.save(out_dir)
    return run


def carry_labels_to_file(run: Run, labels_path: str | Path) -> dict:
    """Carry labels to a re-run's themes in the labels file (only ever adds) and return them.

    Matched themes keep their keys, so their labels need nothing; split and merged themes get
    their parents' labels as suggestions flagged for review; vanished themes are marked.
    """
    from .labels import LabelStore

    labels_path = Path(labels_path)
    store = LabelStore(labels_path)
    current = store.load() if labels_path.exists() else {}
    if run.mapping is None:
        return current
    from .match import carry_labels

    carried, _ = carry_labels(run.mapping, current)
    if carried != current:
        store.save(carried)
    return carried
