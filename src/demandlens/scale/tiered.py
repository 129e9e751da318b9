"""The tiered path for large exports (#21): the model reads a sample, a fast student the rest.

The embedding model is most of a large run's time (about 30 tickets a second on two cores),
so above ``scale.tiered_above`` tickets:

1. a stratified sample (language x ISO week x channel, :func:`~demandlens.scale.sampling.stratified_sample`)
   of ``tier_sample_share`` of the export (at least ``tiered_above``, at most
   ``tier_sample_max`` tickets) is embedded with the model, in one pass
   (:class:`~demandlens.embed.vectors.TextVectors`: names and boilerplate decided there);
2. themes are built on the sample (:func:`~demandlens.scale.sampling.fit_sample`);
3. a :class:`~demandlens.embed.student.TextStudent` learns the model's vectors of the sample
   from their character and word n-grams and gives every other ticket a vector in the same
   space, in milliseconds per thousand;
4. the ``tier_unsure_share`` of those tickets the student is least sure of (the smallest
   margin between their two nearest themes, or between their nearest theme and its bar) are
   embedded with the model after all;
5. every ticket outside the sample joins its nearest theme when it reaches the theme's bar
   (:func:`~demandlens.scale.sampling.place_rest`), as on the single-fit path.

``placed_by`` on each ticket says whose vector placed it (``model`` or ``fast``); the run
manifest counts both. Everything is seeded from ``config.seed`` and deterministic.

Example:
    >>> from demandlens.config import ScaleConfig
    >>> [is_tiered(n, ScaleConfig()) for n in (12_000, 30_000, 100_000)]
    [False, False, True]
    >>> tier_sample_size(100_000, ScaleConfig())   # capped by scale.tier_sample_max
    20000
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..config import PipelineConfig, ScaleConfig
from ..embed.backends import Embedder
from ..embed.student import TextStudent
from ..embed.vectors import TextVectors
from ..timing import Timer
from .sampling import fit_sample, place_rest, stratified_sample

__all__ = ["TieredVectors", "TieredResult", "build_themes_tiered", "tier_sample_size",
           "least_sure", "is_tiered", "STUDENT_MAX_ROWS"]

log = logging.getLogger(__name__)

#: The student learns from at most this many sample tickets (its kernel is rows x rows).
STUDENT_MAX_ROWS = 8_000


def is_tiered(n: int, scale: ScaleConfig) -> bool:
    """Whether an export of ``n`` accepted tickets takes the tiered path."""
    return scale.tiered_above is not None and n > scale.tiered_above


def tier_sample_size(n: int, scale: ScaleConfig) -> int:
    """Tickets the model reads on the tiered path: ``tier_sample_share`` of ``n``, at least
    ``tiered_above`` and at most ``tier_sample_max`` (never more than ``n``)."""
    floor = scale.tiered_above or 0
    return int(min(n, max(round(scale.tier_sample_share * n), floor), scale.tier_sample_max))


def least_sure(
    X: np.ndarray, centroids: np.ndarray, bars: np.ndarray, share: float, batch: int = 20_000
) -> np.ndarray:
    """Row positions (sorted) of the ``share`` of ``X`` with the smallest margin: between the
    similarities to their two nearest centroids, or between the nearest one and its bar."""
    n, k = len(X), int(round(share * len(X)))
    if k <= 0 or len(centroids) == 0:
        return np.zeros(0, dtype=int)
    C = centroids / np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
    margin = np.empty(n, dtype=np.float64)
    for start in range(0, n, batch):
        S = X[start : start + batch] @ C.T
        best = S.argmax(axis=1)
        top = S[np.arange(len(S)), best]
        second = np.partition(S, -2, axis=1)[:, -2] if S.shape[1] > 1 else np.full(len(S), -1.0)
        margin[start : start + batch] = np.minimum(top - second, np.abs(top - bars[best]))
    return np.sort(np.argsort(margin, kind="stable")[:k])


class TieredVectors:
    """Vectors of every ticket with the model reading only a sample (steps 1, 3 and 4).

    Args:
        config: Pipeline config.
        project_dir: Project folder (embedding cache, ``models/``).
        embedder: The run's embedding model; built from ``config.embed`` when None.

    Attributes (after :meth:`fit`):
        idx_: Row positions of the model's sample.
        text_vectors_: The fitted :class:`~demandlens.embed.vectors.TextVectors`.
        student_: The fitted :class:`~demandlens.embed.student.TextStudent`.
        placed_by_: ``"model"`` or ``"fast"`` per ticket.
    """

    def __init__(
        self, config: PipelineConfig, project_dir: str | Path = ".", embedder: Embedder | None = None
    ) -> None:
        self.config = config
        self.project_dir = project_dir
        self.embedder = embedder

    def fit(self, tickets: pd.DataFrame, timer: Timer | None = None) -> np.ndarray:
        """The model's vectors of a stratified sample and the student's of everything else."""
        timer = timer or Timer()
        config, n = self.config, len(tickets)
        with timer.stage("sample"):
            self.idx_ = stratified_sample(tickets, tier_sample_size(n, config.scale), config.seed)
        rest = np.setdiff1d(np.arange(n), self.idx_)
        sample, others = tickets.iloc[self.idx_], tickets.iloc[rest]
        log.info("Tiered path: the model reads a stratified sample of %d of %d tickets.",
                 len(self.idx_), n)
        with timer.stage("embed"):
            texts = TextVectors(config, self.project_dir, self.embedder)
            X_sample = texts.fit(sample)
            self.sample_texts_embedded_ = texts.texts_embedded_
        with timer.stage("fast tier"):
            learn = np.arange(len(self.idx_))
            if len(learn) > STUDENT_MAX_ROWS:
                rng = np.random.default_rng(config.seed)
                learn = np.sort(rng.choice(len(learn), STUDENT_MAX_ROWS, replace=False))
            sample_texts = texts.texts(sample)
            self.student_ = TextStudent().fit([sample_texts[i] for i in learn], texts.raw_[learn])
            X = np.empty((n, X_sample.shape[1]), dtype=np.float32)
            X[self.idx_] = X_sample
            if len(rest):
                X[rest] = texts.centre(self.student_.transform(texts.texts(others)), others)
        self.text_vectors_, self.student_rows_ = texts, len(learn)
        self.placed_by_ = np.full(n, "fast", dtype=object)
        self.placed_by_[self.idx_] = "model"
        self.unsure_ = np.zeros(0, dtype=int)
        return X

    def refine(
        self, tickets: pd.DataFrame, X: np.ndarray, centroids: np.ndarray, bars: np.ndarray,
        timer: Timer | None = None,
    ) -> np.ndarray:
        """``X`` with the student's least sure tickets (against these themes) read by the model."""
        timer = timer or Timer()
        rest = np.flatnonzero(self.placed_by_ == "fast")
        with timer.stage("embed unsure"):
            unsure = least_sure(X[rest], centroids, bars, self.config.scale.tier_unsure_share)
            if len(unsure):
                again = tickets.iloc[rest[unsure]]
                X = X.copy()
                X[rest[unsure]] = self.text_vectors_.centre(self.text_vectors_.raw(again), again)
        self.placed_by_[rest[unsure]] = "model"
        self.unsure_ = np.sort(np.concatenate([self.unsure_, rest[unsure]]))
        return X

    def counts(self, is_outlier: np.ndarray | None = None) -> dict[str, Any]:
        """What the run manifest records under ``tiers``."""
        fast = self.placed_by_ == "fast"
        out = {
            "path": "tiered",
            "model_sample": int(len(self.idx_)),
            "model_unsure": int(len(self.unsure_)),
            "placed_by_model": int((~fast).sum()),
            "placed_by_fast": int(fast.sum()),
            "texts_sent_to_model": int(self.text_vectors_.texts_embedded_),
            "texts_sent_to_model_for_sample": int(self.sample_texts_embedded_),
            "student": self.student_.model_id_,
            "student_rows": int(self.student_rows_),
        }
        if is_outlier is not None:
            out["fast_outliers"] = int((fast & np.asarray(is_outlier, dtype=bool)).sum())
        return out


@dataclass
class TieredResult:
    """What the tiered path returns: the same tables as the single-fit path, plus vectors."""

    tickets: pd.DataFrame
    themes: pd.DataFrame
    centroids: np.ndarray
    #: Every ticket's (centred) vector: the model's where it read the ticket, else the student's.
    vectors: np.ndarray
    #: Counts for the run manifest (``tiers``).
    counts: dict[str, Any] = field(default_factory=dict)


def build_themes_tiered(
    tickets: pd.DataFrame,
    config: PipelineConfig,
    project_dir: str | Path = ".",
    timer: Timer | None = None,
    embedder: Embedder | None = None,
) -> TieredResult:
    """Themes for a large export with the model reading only a sample (see the module docstring).

    Args:
        tickets: Ingested tickets (``text``, ``language``, ``channel``, ``created_at``).
        config: Pipeline config (``scale.tier_*``, ``seed`` and every stage's settings).
        project_dir: Project folder (embedding cache, ``models/``).
        timer: Collects stage times (``sample``, ``embed``, ``fast tier``, the theme stages,
            ``embed unsure``, ``assign``).
        embedder: The run's embedding model; built from ``config.embed`` when None.

    Returns:
        A :class:`TieredResult`; its tickets carry ``in_fit_sample`` and ``placed_by``.
    """
    timer = timer or Timer()
    tiers = TieredVectors(config, project_dir, embedder)
    X = tiers.fit(tickets, timer)
    fit = fit_sample(tickets, X, tiers.idx_, config, timer)
    X = tiers.refine(tickets, X, fit.centroids, fit.bars, timer)
    out, themes = place_rest(tickets, X, fit, config, timer)
    out["placed_by"] = pd.Series(tiers.placed_by_, index=out.index, dtype="string")
    counts = tiers.counts(out["is_outlier"].to_numpy())
    log.info("Tiered path: %d tickets placed by the model (%d sample + %d unsure), %d by the "
             "fast tier; %d texts sent to the model.", counts["placed_by_model"],
             counts["model_sample"], counts["model_unsure"], counts["placed_by_fast"],
             counts["texts_sent_to_model"])
    return TieredResult(out, themes, fit.centroids, X, counts)
