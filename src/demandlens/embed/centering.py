"""Cross-lingual alignment: remove each language's mean direction before reduction.

Multilingual sentence embeddings carry a language-identity component: every Swedish ticket is
shifted by roughly the same vector relative to its English translation. Clustering raw vectors
therefore partly groups by language. Subtracting each language's mean vector (computed over
that language's tickets) removes this first-order language signal while keeping what varies
within a language, i.e. the topic; rows are then re-normalised for cosine geometry. Languages
with fewer than ``min_count`` tickets would get a noisy mean, so they use the global mean.

Optionally ``n_directions`` > 0 also projects out the top principal directions spanned by the
language means (the "language subspace", after Xie et al. 2022, *Discovering low-rank
subspaces for language-agnostic multilingual representations*), which removes the second-order
language signal that survives in the spread of each language's tickets along those axes.

Example:
    >>> import numpy as np
    >>> X = np.array([[1, 0, 1], [1, 0, -1], [0, 1, 1], [0, 1, -1]], dtype=np.float32)
    >>> Z = center_by_language(X, ["sv", "sv", "en", "en"], min_count=1)
    >>> np.round(Z, 2).tolist()
    [[0.0, 0.0, 1.0], [0.0, 0.0, -1.0], [0.0, 0.0, 1.0], [0.0, 0.0, -1.0]]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["LanguageCenterer", "center_by_language", "centering_groups"]

_CHUNK = 20_000


class LanguageCenterer:
    """Subtract per-language means (sklearn-style, so a re-run reuses the fitted means).

    Args:
        min_count: Languages with fewer rows at fit time are centred with the global mean.
        n_directions: Language-subspace directions to project out as well (0 = centering only).
        renormalise: Scale rows back to unit length after centering.

    Attributes:
        means_: Fitted mean vector per language with at least ``min_count`` rows.
        global_mean_: Mean over all rows, used for rare and unseen languages.
        directions_: ``(n_directions, d)`` orthonormal language directions removed.
    """

    def __init__(self, min_count: int = 20, n_directions: int = 0, renormalise: bool = True):
        self.min_count = min_count
        self.n_directions = n_directions
        self.renormalise = renormalise

    def fit(self, X: np.ndarray, languages: Sequence[str]) -> LanguageCenterer:
        X, langs = _check(X, languages)
        self.global_mean_ = X.mean(axis=0) if len(X) else np.zeros(X.shape[1], np.float32)
        self.means_: dict[str, np.ndarray] = {}
        for lang in sorted(set(langs.tolist())):
            rows = langs == lang
            if rows.sum() >= self.min_count:
                self.means_[lang] = X[rows].mean(axis=0)
        self.directions_ = np.zeros((0, X.shape[1]), dtype=np.float32)
        if self.n_directions > 0 and len(self.means_) >= 2:
            M = np.stack(list(self.means_.values()))
            M = M - M.mean(axis=0)
            _, s, vt = np.linalg.svd(M, full_matrices=False)
            k = min(self.n_directions, int((s > 1e-6 * max(s[0], 1e-12)).sum()))
            self.directions_ = vt[:k].astype(np.float32)
        return self

    def transform(self, X: np.ndarray, languages: Sequence[str], copy: bool = True) -> np.ndarray:
        """Centred (and re-normalised) rows; with ``copy=False`` the float32 ``X`` itself is
        changed and returned, so a million rows need no second ``(n, d)`` array."""
        if not hasattr(self, "means_"):
            raise RuntimeError("LanguageCenterer is not fitted yet; call fit(X, languages).")
        out, langs = _check(X, languages)
        if copy and out is X:
            out = out.copy()
        covered = np.isin(langs, list(self.means_))
        if not covered.all():
            out[~covered] -= self.global_mean_
        for lang, mean in self.means_.items():
            rows = langs == lang
            if rows.any():
                out[rows] -= mean
        for start in range(0, len(out), _CHUNK):  # row by row: no (n, d) temporaries
            part = out[start : start + _CHUNK]
            if len(self.directions_):
                part -= (part @ self.directions_.T) @ self.directions_
            if self.renormalise:
                part /= np.maximum(np.linalg.norm(part, axis=1, keepdims=True), 1e-12)
        return out

    def fit_transform(self, X: np.ndarray, languages: Sequence[str], copy: bool = True) -> np.ndarray:
        return self.fit(X, languages).transform(X, languages, copy=copy)


def center_by_language(
    X: np.ndarray, languages: Sequence[str], min_count: int = 20, n_directions: int = 0,
    copy: bool = True,
) -> np.ndarray:
    """Subtract each language's mean vector and re-normalise (see :class:`LanguageCenterer`);
    ``copy=False`` centres the float32 ``X`` in place."""
    return LanguageCenterer(min_count=min_count, n_directions=n_directions).fit_transform(
        X, languages, copy=copy
    )


def _check(X: np.ndarray, languages: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=np.float32)
    langs = np.asarray([str(v) for v in languages])
    if X.ndim != 2 or len(langs) != len(X):
        raise ValueError(
            f"X must be (n, d) with one language per row, got shape {X.shape} and "
            f"{len(langs)} languages."
        )
    return X, langs


def centering_groups(columns, by: Sequence[str] = ("language",)) -> np.ndarray:
    """Group label per row for centring: the values of the ``by`` columns joined with ``|``.

    Centring by language removes the language signal; centring by language *and* channel also
    removes the format signal of a channel (call-note shorthand, chat transcripts, web-form
    templates), so themes split by neither. Columns missing from ``columns`` are ignored.

    Example:
        >>> centering_groups({"language": ["sv", "da"], "channel": ["chat", "email"]},
        ...                  ("language", "channel")).tolist()
        ['sv|chat', 'da|email']
    """
    present = [c for c in by if c in columns]
    if not present:
        raise ValueError(f"None of the centring columns {list(by)} is present.")
    parts = [np.asarray(columns[c]).astype(str) for c in present]
    out = parts[0].astype(object)
    for extra in parts[1:]:
        out = out + "|" + extra.astype(object)
    return out.astype(str)
