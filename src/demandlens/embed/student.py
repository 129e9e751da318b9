"""A fast student of the sentence model: character and word n-grams mapped into its space.

The default model (multilingual-e5-small) embeds some 30 tickets a second on two cores, so a
100,000-ticket export would spend an hour in it. The tiered path (:mod:`demandlens.scale.tiered`)
embeds a stratified sample with the model and lets this student place the rest: it learns,
from the sample, a linear map from a ticket's character 2-5-grams and word 1-2-grams
(hashed, TF-IDF weighted, so no vocabulary is stored and every language works) to the model's
vector of the same text. It embeds thousands of tickets a second and its vectors live in
the model's space, so themes, centroids, bars and the map treat them like the model's own.

The map is kernel ridge regression (exact, closed form, no randomness): with ``F`` the
L2-normalised TF-IDF rows of the sample and ``Y`` the model's vectors,
``W = F.T (F F.T + alpha I)^-1 (Y - mean)``, restricted to the n-gram buckets the sample
holds (others carry no weight anyway).

Example:
    >>> import numpy as np
    >>> texts = ["parcel late", "late parcel again", "refund missing", "missing my refund"]
    >>> Y = np.array([[1, 0], [1, 0.1], [0, 1], [0.1, 1]], dtype=np.float32)
    >>> student = TextStudent(n_features=2**10).fit(texts, Y)
    >>> V = student.transform(["my parcel is late", "where is my refund"])
    >>> (V[:, 0] > V[:, 1]).tolist()  # nearer the parcel tickets, then the refund tickets
    [True, False]
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import scipy.linalg as sla
import scipy.sparse as sp

from .precomputed import l2_normalise

__all__ = ["TextStudent"]


class TextStudent:
    """Hashed char + word n-gram TF-IDF, kernel ridge into the teacher's vector space.

    Args:
        n_features: Hash buckets per analyser (characters and words each get this many).
        alpha: Ridge penalty; measured on the sample and CLINC150 (see docs/scale.md).
        char_ngrams: Character n-gram range (within word boundaries).
        word_ngrams: Word n-gram range; None leaves words out.

    Attributes:
        idf_: Inverse document frequency per hash bucket, from the fit texts.
        columns_: The buckets the fit texts hold (the rows of ``coef_``).
        coef_: ``(len(columns_), d)`` map into the teacher's space.
        intercept_: ``(d,)`` mean teacher vector.
        model_id_: Stable id of the fitted student (its parameters and learned numbers).
    """

    def __init__(
        self,
        n_features: int = 2**18,
        alpha: float = 0.5,
        char_ngrams: tuple[int, int] = (2, 5),
        word_ngrams: tuple[int, int] | None = (1, 2),
    ) -> None:
        self.n_features = n_features
        self.alpha = alpha
        self.char_ngrams = char_ngrams
        self.word_ngrams = word_ngrams

    # -- features ---------------------------------------------------------------------------
    def _counts(self, texts: Sequence[str]) -> sp.csr_matrix:
        from sklearn.feature_extraction.text import HashingVectorizer

        common = dict(n_features=self.n_features, alternate_sign=False, norm=None,
                      lowercase=True, dtype=np.float32)
        parts = [HashingVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_ngrams),
                                   **common).transform(texts)]
        if self.word_ngrams is not None:
            parts.append(HashingVectorizer(analyzer="word", ngram_range=tuple(self.word_ngrams),
                                           token_pattern=r"(?u)\b\w+\b", **common
                                           ).transform(texts))
        return sp.hstack(parts, format="csr")

    def _features(self, texts: Sequence[str]) -> sp.csr_matrix:
        """TF-IDF rows (sublinear tf, smoothed idf) on the fitted buckets, L2-normalised over
        all of a text's n-grams: n-grams the fit texts never held count in the norm with the
        highest idf, so a text the student knows little of gets a vector near the mean."""
        counts = self._counts(list(texts))
        n = counts.shape[0]
        pos = self._pos[counts.indices]
        seen = pos >= 0
        tf = 1.0 + np.log(counts.data)
        w = tf * np.where(seen, self.idf_[np.maximum(pos, 0)], self.idf_unseen_)
        rows = np.repeat(np.arange(n), np.diff(counts.indptr))
        norms = np.sqrt(np.bincount(rows, weights=w.astype(np.float64) ** 2, minlength=n))
        F = sp.csr_matrix(
            ((w / np.maximum(norms[rows], 1e-12))[seen].astype(np.float32),
             (rows[seen], pos[seen])),
            shape=(n, len(self.columns_)),
        )
        return F

    # -- estimator --------------------------------------------------------------------------
    def fit(self, texts: Sequence[str], Y: np.ndarray) -> TextStudent:
        """Learn the map from ``texts`` to the teacher's vectors ``Y`` (one row per text)."""
        texts = [str(t) for t in texts]
        Y = np.asarray(Y, dtype=np.float32)
        if Y.ndim != 2 or len(Y) != len(texts):
            raise ValueError(f"Need one teacher vector per text, got {len(texts)} texts and "
                             f"vectors of shape {Y.shape}.")
        if len(texts) < 2:
            raise ValueError("The student needs at least 2 texts to learn from.")
        counts = self._counts(texts)
        counts.sum_duplicates()
        self.columns_, df = np.unique(counts.indices, return_counts=True)
        self._pos = np.full(counts.shape[1], -1, dtype=np.int64)
        self._pos[self.columns_] = np.arange(len(self.columns_))
        self.idf_ = (np.log((1 + len(texts)) / (1 + df)) + 1).astype(np.float32)
        self.idf_unseen_ = float(np.log(1 + len(texts)) + 1)
        F = self._features(texts)
        self.intercept_ = Y.mean(axis=0)
        K = (F @ F.T).toarray().astype(np.float64)
        K[np.diag_indices_from(K)] += self.alpha
        A = sla.solve(K, (Y - self.intercept_).astype(np.float64), assume_a="pos")
        self.coef_ = np.asarray(F.T @ A.astype(np.float32), dtype=np.float32)
        h = hashlib.sha1(repr((self.n_features, self.alpha, tuple(self.char_ngrams),
                               self.word_ngrams)).encode())
        for array in (self.columns_, self.idf_, self.coef_, self.intercept_):
            h.update(np.ascontiguousarray(array).tobytes())
        self.model_id_ = f"student:{h.hexdigest()[:16]}"
        return self

    def transform(self, texts: Sequence[str], batch_size: int = 20_000) -> np.ndarray:
        """The student's L2-normalised vectors of ``texts`` (float32, in the teacher's space)."""
        if not hasattr(self, "coef_"):
            raise RuntimeError("TextStudent is not fitted yet; call fit(texts, Y).")
        texts = [str(t) for t in texts]
        out = np.empty((len(texts), self.coef_.shape[1]), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            F = self._features(texts[start : start + batch_size])
            out[start : start + batch_size] = np.asarray(F @ self.coef_) + self.intercept_
        return l2_normalise(out)
