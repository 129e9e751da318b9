"""Recurring filler sentences ("boilerplate") found by how little their tickets share.

Tickets repeat sentences that say nothing about why the customer got in touch: call-note
status lines ("Escalated to 2nd line.", "Kunden er misfornøyd."), e-mail filler ("Ellers har
alt fungeret fint.", "Look forward to hearing from you.", "Jeg har vedhæftet et
skærmbillede."), order-number lines. They pull tickets of different reasons together, so
themes form around the filler instead of the reason. A frequent sentence can also *be* the
reason ("Where is my parcel?"), so frequency alone cannot tell them apart; what does is how
alike the tickets holding the sentence are:

1. Sentences are compared after normalising case, digits (``0``) and whitespace.
2. A sentence held by at least ``min_tickets`` tickets is a candidate.
3. Its *host similarity* is the mean pairwise cosine similarity of its tickets' (language-
   centred) embeddings, computed without pairs: ``(|sum|^2 - k) / (k (k - 1))`` over the
   ``k`` unit vectors. Tickets sharing a reason sentence are alike (about 0.2-0.7 on the
   sample); filler sits in tickets of every reason, near the ~0 of random centred pairs.
4. Candidates whose host similarity is below ``max_similarity`` are boilerplate and are left
   out of the text that is embedded; a ticket made of nothing else keeps its whole text.

Everything is one sparse (sentence x ticket) product, linear in the number of sentences.
The run measures it on the vectors it clusters anyway, with every frequent sentence embedded
once (:mod:`demandlens.embed.sentences`, :class:`demandlens.embed.vectors.TextVectors`), so
deciding boilerplate embeds nothing twice.

Example:
    >>> import numpy as np
    >>> texts = [("Parcel late.", "Refund missing.")[i % 2] + " Thanks in advance." for i in range(8)]
    >>> X = np.array([[1.0, 0.0] if i % 2 else [-1.0, 0.0] for i in range(8)])
    >>> X[:, 1] = np.linspace(-.1, .1, 8)
    >>> sorted(find_boilerplate(texts, X, min_tickets=4, max_similarity=0.1))
    ['thanks in advance.']
    >>> strip_boilerplate(["Parcel late. Thanks in advance.", "Thanks in advance."],
    ...                   {"thanks in advance."})
    ['Parcel late.', 'Thanks in advance.']
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

__all__ = ["split_sentences", "sentence_key", "host_similarity", "find_boilerplate",
           "strip_boilerplate"]

log = logging.getLogger(__name__)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s+")


def split_sentences(text: str) -> list[str]:
    """Split a one-line cleaned text after ``.``, ``!`` or ``?`` followed by whitespace."""
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def sentence_key(sentence: str) -> str:
    """The form sentences are compared in: lower case, digits as ``0``, single spaces."""
    return _SPACE.sub(" ", _DIGIT.sub("0", sentence.casefold())).strip()


def _incidence(texts: Sequence[str]) -> tuple[sp.csr_matrix, pd.Index]:
    """Binary (sentence key x ticket) matrix and the keys of its rows."""
    rows = [(i, sentence_key(s)) for i, t in enumerate(texts) for s in split_sentences(t)]
    if not rows:
        return sp.csr_matrix((0, len(texts))), pd.Index([], dtype=object)
    tickets, keys = zip(*rows, strict=True)
    codes, uniques = pd.factorize(pd.Series(keys, dtype=object))
    m = sp.csr_matrix(
        (np.ones(len(codes), dtype=np.float32), (codes, np.asarray(tickets))),
        shape=(len(uniques), len(texts)),
    )
    m.sum_duplicates()
    m.data[:] = 1.0  # a sentence twice in one ticket counts once
    return m, pd.Index(uniques)


def host_similarity(texts: Sequence[str], X: np.ndarray, min_tickets: int = 5) -> pd.DataFrame:
    """Candidate sentences with their ticket count and host similarity.

    Args:
        texts: Cleaned ticket texts.
        X: Their embeddings, shape ``(len(texts), d)``, best language-centred.
        min_tickets: Sentences held by fewer tickets are not candidates.

    Returns:
        A frame indexed by sentence key with ``tickets`` and ``similarity`` columns.
    """
    X = np.asarray(X, dtype=np.float32)
    if X.shape[0] != len(texts):
        raise ValueError(f"X has {X.shape[0]} rows but there are {len(texts)} texts.")
    m, keys = _incidence(texts)
    counts = np.asarray(m.sum(axis=1)).ravel()
    cand = np.flatnonzero(counts >= max(min_tickets, 2))
    if not len(cand):
        return pd.DataFrame({"tickets": [], "similarity": []}, index=pd.Index([], dtype=object))
    Xn = X / np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-12)
    sums = np.asarray(m[cand] @ Xn)
    k = counts[cand]
    sim = ((sums**2).sum(axis=1) - k) / (k * (k - 1))
    return pd.DataFrame({"tickets": k.astype(int), "similarity": sim}, index=keys[cand])


def find_boilerplate(
    texts: Sequence[str], X: np.ndarray, min_tickets: int = 5, max_similarity: float = 0.10
) -> set[str]:
    """Keys of the sentences held by ``min_tickets`` or more tickets that are less alike than
    ``max_similarity`` (see the module docstring)."""
    stats = host_similarity(texts, X, min_tickets)
    return set(stats.index[stats["similarity"] < max_similarity])


def strip_boilerplate(texts: Iterable[str], boilerplate: set[str]) -> list[str]:
    """Texts without their boilerplate sentences; a text of nothing else stays whole."""
    out = []
    for text in texts:
        sentences = split_sentences(text)
        kept = [s for s in sentences if sentence_key(s) not in boilerplate]
        out.append(" ".join(kept) if kept and len(kept) < len(sentences) else text)
    return out
