"""The vectors a run clusters: ticket texts embedded once, boilerplate and names left out, centred.

What the model sees is each ticket's text without product names
(:mod:`demandlens.embed.names`), split into its frequent sentences, embedded once each, and
its rest, embedded once per ticket (:mod:`demandlens.embed.sentences`). Recurring filler
sentences (:mod:`demandlens.embed.boilerplate`) are found on those same vectors and left out
of each ticket's mean, so no ticket is embedded twice. The vectors are then centred per
language x channel (:mod:`demandlens.embed.centering`). The ticket table is not changed.

:class:`TextVectors` holds what one run decided (names, frequent sentences, boilerplate,
centring means), so the tiered path (:mod:`demandlens.scale.tiered`) can fit it on a sample
and give any other ticket the same treatment.

Example:
    >>> import demandlens as dl                                              # doctest: +SKIP
    >>> X = embeddings_for(run.tickets, run.config, project_dir=".")         # doctest: +SKIP
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import PipelineConfig
from .backends import Embedder, embed_tickets, get_embedder
from .boilerplate import strip_boilerplate
from .centering import LanguageCenterer, centering_groups
from .dask_cluster import embed_uncached
from .names import find_names, mask_names
from .precomputed import l2_normalise
from .sentences import (
    FrequentSentences,
    frequent_sentences,
    host_similarity_of_parts,
    mix_parts,
    split_parts,
)

__all__ = ["embeddings_for", "TextVectors"]

log = logging.getLogger(__name__)


class TextVectors:
    """How one run turns ticket texts into vectors, fitted on the tickets it embeds.

    Args:
        config: The pipeline config (``clean`` names and boilerplate, ``embed`` centring,
            ``scale.dask_address``).
        project_dir: Project folder (embedding cache, ``models/``).
        embedder: The run's embedder; built from ``config.embed`` when None.

    Attributes (after :meth:`fit`):
        names_: Words left out as names.
        frequent_: Sentences embedded once (:class:`~demandlens.embed.sentences.FrequentSentences`).
        boilerplate_: Per frequent sentence, whether it is left out of the vectors.
        centerer_: The fitted per-group means (None with centring off).
        texts_embedded_: Texts sent to the model during fit (rests and sentences).
    """

    def __init__(
        self, config: PipelineConfig, project_dir: str | Path = ".", embedder: Embedder | None = None
    ) -> None:
        self.config = config
        self.project_dir = project_dir
        self.embedder = embedder if embedder is not None else get_embedder(
            config.embed, str(project_dir))

    # -- pieces ---------------------------------------------------------------------------
    def _encode(self, texts: list[str]) -> np.ndarray:
        """Raw model vectors of ``texts`` (cache first; Dask for the misses when configured)."""
        frame = pd.DataFrame({"text": texts})
        if self.config.scale.dask_address and texts:
            embed_uncached(frame, self.config, self.project_dir, self.config.scale.dask_address,
                           model_id=self.embedder.model_id)
        return embed_tickets(frame, self.config.embed, project_dir=str(self.project_dir),
                             embedder=self.embedder)

    def without_names(self, texts: list[str]) -> list[str]:
        """``texts`` with the fitted names left out."""
        return mask_names(texts, self.names_) if self.names_ else list(texts)

    def texts(self, tickets: pd.DataFrame) -> list[str]:
        """The text each ticket is embedded as: names and boilerplate sentences left out."""
        bp = {k for k, d in zip(self.frequent_.keys, self.boilerplate_, strict=True) if d}
        return strip_boilerplate(self.without_names(tickets["text"].astype(str).tolist()), bp)

    def _parts(self, texts: list[str], with_keys: bool) -> tuple[object, np.ndarray, np.ndarray]:
        """Split ``texts`` into frequent sentences and rests; embed each distinct rest (and,
        ``with_keys``, every frequent sentence) once. Returns the parts, the rest vectors and
        the sentence vectors (those fitted when not ``with_keys``)."""
        parts = split_parts(texts, self.frequent_)
        todo = sorted({r for r in parts.rest if r})
        forms = list(self.frequent_.forms) if with_keys else []
        vectors = self._encode(todo + forms)
        self.texts_embedded_ = getattr(self, "texts_embedded_", 0) + len(todo) + len(forms)
        row = {t: i for i, t in enumerate(todo)}
        dim = vectors.shape[1] if vectors.shape[1] else self.key_vectors_.shape[1]
        R = np.zeros((len(texts), dim), dtype=np.float32)
        for i, r in enumerate(parts.rest):
            if r:
                R[i] = vectors[row[r]]
        K = vectors[len(todo):] if with_keys else self.key_vectors_
        return parts, R, K

    def raw(self, tickets: pd.DataFrame) -> np.ndarray:
        """The model's (uncentred) vectors of any tickets, treated as the fitted ones were."""
        texts = self.without_names(tickets["text"].astype(str).tolist())
        parts, R, K = self._parts(texts, with_keys=False)
        return mix_parts(parts, self.frequent_, R, K, self.boilerplate_)

    def centre(self, X: np.ndarray, tickets: pd.DataFrame) -> np.ndarray:
        """``X`` centred with the fitted group means (unchanged, normalised, with centring off)."""
        if self.centerer_ is None:
            return l2_normalise(X)
        groups = centering_groups(tickets, self.config.embed.centering_groups)
        return self.centerer_.transform(X, groups)

    # -- fit ------------------------------------------------------------------------------
    def fit(self, tickets: pd.DataFrame) -> np.ndarray:
        """Decide names and boilerplate on ``tickets``, embed them once and return their
        centred vectors (also kept as ``raw_`` before centring)."""
        cfg, clean = self.config, self.config.clean
        texts = tickets["text"].astype(str).tolist()
        self.names_: set[str] = set()
        if clean.drop_names and "language" in tickets.columns:
            self.names_ = find_names(texts, tickets["language"].astype(str).tolist(),
                                     clean.names_min_tickets, clean.names_min_capitalised,
                                     clean.names_min_languages)
        texts = self.without_names(texts)
        found_in = np.arange(len(texts))
        size = clean.boilerplate_sample_size
        if size is not None and len(texts) > size:
            found_in = np.sort(np.random.default_rng(cfg.seed).choice(len(texts), size, replace=False))
        if clean.drop_boilerplate and len(texts) >= clean.boilerplate_min_tickets:
            self.frequent_ = frequent_sentences([texts[i] for i in found_in],
                                                clean.boilerplate_min_tickets)
        else:
            self.frequent_ = FrequentSentences((), (), np.zeros(0, dtype=np.int64), len(texts))
        self.boilerplate_ = np.zeros(len(self.frequent_.keys), dtype=bool)
        self.texts_embedded_ = 0
        parts, R, K = self._parts(texts, with_keys=True)
        self.key_vectors_ = K
        U = mix_parts(parts, self.frequent_, R, K)
        groups = centering_groups(tickets, cfg.embed.centering_groups) \
            if cfg.embed.language_centering else None
        self.centerer_ = None
        if groups is not None:
            self.centerer_ = LanguageCenterer(min_count=cfg.embed.centering_min_count)
        if len(self.frequent_.keys):  # boilerplate: frequent sentences whose tickets are unlike
            Uc = self.centerer_.fit_transform(U, groups) if groups is not None else U
            sim = host_similarity_of_parts(parts.holds[found_in], Uc[found_in])
            self.boilerplate_ = np.nan_to_num(sim, nan=1.0) < clean.boilerplate_max_similarity
            if self.boilerplate_.any():
                U = mix_parts(parts, self.frequent_, R, K, self.boilerplate_)
        log.info(
            "Embedded %d texts for %d tickets: %d frequent sentences once each, %d of them "
            "boilerplate left out; %d names left out.", self.texts_embedded_, len(texts),
            len(self.frequent_.keys), int(self.boilerplate_.sum()), len(self.names_),
        )
        self.raw_ = U
        if groups is not None:
            self.centerer_.fit(U, groups)
        return self.centre(U, tickets)


def embeddings_for(
    tickets: pd.DataFrame,
    config: PipelineConfig,
    project_dir: str | Path = ".",
    embedder: Embedder | None = None,
) -> np.ndarray:
    """Embeddings of ``tickets`` (from the cache where possible), centred per language and
    channel when ``embed.language_centering`` is on (see
    :func:`demandlens.embed.centering.centering_groups`).

    With ``clean.drop_names`` product and other names are left out of what is embedded, with
    ``clean.drop_boilerplate`` recurring filler sentences (:class:`TextVectors`); frequent
    sentences are embedded once each. With ``scale.dask_address`` set, texts the cache lacks
    are embedded on that Dask cluster (:func:`demandlens.embed.dask_cluster.embed_uncached`).
    ``embedder`` is the run's embedder (:func:`~demandlens.embed.backends.get_embedder`),
    built from ``config.embed`` when None. ``tickets`` is not changed.
    """
    if embedder is None:
        embedder = get_embedder(config.embed, str(project_dir))
    if config.embed.backend == "precomputed":  # precomputed vectors do not follow the text
        X = embed_tickets(tickets, config.embed, project_dir=str(project_dir), embedder=embedder)
        if config.embed.language_centering:
            groups = centering_groups(tickets, config.embed.centering_groups)
            X = LanguageCenterer(config.embed.centering_min_count).fit_transform(
                X, groups, copy=False)  # X is this call's own array
        return X
    return TextVectors(config, project_dir, embedder).fit(tickets)
