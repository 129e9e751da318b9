"""Frequent sentences embedded once: a ticket's vector mixes its own text and its frequent ones.

Tickets repeat whole sentences: filler ("Escalated to 2nd line.", "Look forward to hearing
from you."), web-form and call-note lines, and common reason sentences ("Where is my
parcel?"). Embedding every ticket whole embeds each such sentence once per ticket that holds
it, and deciding which of them are boilerplate used to need a second pass over the changed
tickets. Here each *frequent* sentence (held by at least ``min_tickets`` tickets, compared by
:func:`~demandlens.embed.boilerplate.sentence_key`) is embedded once, each ticket's *rest* (its
other sentences) once, and a ticket's vector is the weighted mean of its parts:

* the rest weighs its length in characters;
* a frequent sentence weighs its length times its specificity ``log(n / k) / log(n)`` (held
  by ``k`` of ``n`` tickets): a sentence most tickets share says little about any of them.

Boilerplate is then a matter of leaving parts out of the mean (no new embedding), and a
ticket whose parts would all be left out keeps them all. Measured on the shipped sample (see
docs/embeddings.md): the model reads 65% of the characters a whole-ticket pass reads.

Example:
    >>> found = frequent_sentences(["Hi. Parcel late.", "Hi. Refund missing.", "Hi."], 2)
    >>> found.keys, found.forms
    (('hi.',), ('Hi.',))
    >>> split_parts(["Hi. Parcel late.", "Refund missing."], found).rest
    ['Parcel late.', 'Refund missing.']
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .boilerplate import sentence_key, split_sentences
from .precomputed import l2_normalise

__all__ = ["FrequentSentences", "SentenceParts", "frequent_sentences", "split_parts",
           "mix_parts", "host_similarity_of_parts"]


@dataclass(frozen=True)
class FrequentSentences:
    """Sentences held by at least ``min_tickets`` of ``n_texts`` texts.

    Attributes:
        keys: Sentence keys, sorted.
        forms: The text embedded for each key: its most common spelling (ties: the first in
            sort order), so the choice does not depend on ticket order.
        tickets: How many texts hold each key.
        n_texts: How many texts they were counted in.
    """

    keys: tuple[str, ...]
    forms: tuple[str, ...]
    tickets: np.ndarray
    n_texts: int

    def weights(self) -> np.ndarray:
        """Characters x specificity ``log(n / k) / log(n)`` per key (see the module docstring)."""
        n = max(self.n_texts, 2)
        k = np.maximum(np.asarray(self.tickets, dtype=np.float64), 1.0)
        lengths = np.array([len(f) for f in self.forms], dtype=np.float64)
        return lengths * np.clip(np.log(n / k) / np.log(n), 0.0, 1.0)


@dataclass(frozen=True)
class SentenceParts:
    """Texts split into their frequent sentences and the rest.

    Attributes:
        rest: Per text, its other sentences joined with spaces (``""`` when it has none).
        holds: ``(texts x keys)`` 0/1 matrix: which frequent sentences each text holds.
    """

    rest: list[str]
    holds: sp.csr_matrix


def frequent_sentences(texts: Sequence[str], min_tickets: int = 5) -> FrequentSentences:
    """The sentences held by at least ``min_tickets`` of ``texts`` (see :class:`FrequentSentences`)."""
    holders: dict[str, set[int]] = defaultdict(set)
    spelling: dict[str, Counter] = defaultdict(Counter)
    for i, text in enumerate(texts):
        for s in split_sentences(str(text)):
            key = sentence_key(s)
            holders[key].add(i)
            spelling[key][s] += 1
    keys = sorted(k for k, h in holders.items() if len(h) >= max(min_tickets, 2))
    forms = tuple(min(spelling[k].items(), key=lambda kv: (-kv[1], kv[0]))[0] for k in keys)
    return FrequentSentences(
        keys=tuple(keys), forms=forms,
        tickets=np.array([len(holders[k]) for k in keys], dtype=np.int64), n_texts=len(texts),
    )


def split_parts(texts: Sequence[str], frequent: FrequentSentences) -> SentenceParts:
    """Each text's frequent sentences (as a 0/1 row) and its rest."""
    col = {k: j for j, k in enumerate(frequent.keys)}
    rest, rows, cols = [], [], []
    for i, text in enumerate(texts):
        own = []
        for s in split_sentences(str(text)):
            j = col.get(sentence_key(s))
            if j is None:
                own.append(s)
            else:
                rows.append(i)
                cols.append(j)
        rest.append(" ".join(own))
    holds = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                          shape=(len(rest), len(frequent.keys)))
    holds.sum_duplicates()
    holds.data[:] = 1.0  # a sentence twice in one text counts once
    return SentenceParts(rest=rest, holds=holds)


def mix_parts(
    parts: SentenceParts,
    frequent: FrequentSentences,
    rest_vectors: np.ndarray,
    key_vectors: np.ndarray,
    drop: np.ndarray | None = None,
) -> np.ndarray:
    """Each text's vector: the weighted mean of its rest and its frequent sentences.

    Args:
        parts: From :func:`split_parts`.
        frequent: The frequent sentences (their weights).
        rest_vectors: ``(texts, d)`` vectors of ``parts.rest`` (rows of empty rests ignored).
        key_vectors: ``(keys, d)`` vectors of ``frequent.forms``.
        drop: Boolean per key: leave these sentences out (boilerplate). A text left with
            nothing keeps all its sentences.

    Returns:
        float32 ``(texts, d)`` L2-normalised rows.
    """
    rest_w = np.array([len(r) for r in parts.rest], dtype=np.float64)
    key_w = frequent.weights()
    kept_w = key_w if drop is None else np.where(np.asarray(drop, dtype=bool), 0.0, key_w)
    R = np.asarray(rest_vectors, dtype=np.float64)
    K = np.asarray(key_vectors, dtype=np.float64)
    if not len(key_w):
        K = np.zeros((0, R.shape[1] if R.ndim == 2 else 0))
    U = rest_w[:, None] * R
    weighted = parts.holds @ sp.diags(kept_w)
    if K.shape[0]:
        U = U + weighted @ K
    empty = (rest_w == 0) & (np.asarray(weighted.sum(axis=1)).ravel() == 0)
    if empty.any() and K.shape[0]:  # nothing left: the text keeps all its sentences
        U[empty] = (parts.holds[empty] @ sp.diags(np.maximum(key_w, 1e-6))) @ K
    return l2_normalise(U)


def host_similarity_of_parts(holds: sp.csr_matrix, X: np.ndarray) -> np.ndarray:
    """Mean pairwise cosine similarity of the texts holding each key (``nan`` below 2 holders).

    Same statistic as :func:`~demandlens.embed.boilerplate.host_similarity`, from the
    incidence of :func:`split_parts`: ``(|sum|^2 - k) / (k (k - 1))`` over the ``k`` unit rows.
    """
    Xn = l2_normalise(X)
    k = np.asarray(holds.sum(axis=0)).ravel()
    sums = np.asarray(holds.T @ Xn)
    with np.errstate(invalid="ignore", divide="ignore"):
        sim = ((sums**2).sum(axis=1) - k) / (k * (k - 1))
    return np.where(k >= 2, sim, np.nan)
