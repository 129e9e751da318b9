"""Next month's tickets to last month's themes by their nearest neighbours, or abstain.

Last month's tickets, in the themes the analyst reviewed (merges, splits and moves already
applied), are the best evidence of what each theme means. A new ticket looks at its ``k``
nearest tickets of last month (cosine similarity of the language-centred embeddings) and
joins the theme that holds most of them, weighted by similarity, when both

* the **vote** is clear: the winning theme's share of the weighted votes (last month's outliers
  vote for "no theme") reaches the *vote bar*, and
* the ticket is **like last month's**: its mean similarity to those neighbours reaches the
  *similarity bar*;

otherwise it abstains (and is clustered with the other leftovers into candidate new themes).

Both bars are calibrated on last month's own tickets, leave-one-out (each ticket votes with
its neighbours but not itself): the vote bar is the lowest at which the tickets it would carry
agree with their own theme at least ``precision`` of the time (default 0.98); the similarity
bar is the ``quantile`` (default 5%) of the in-theme tickets' own neighbour similarity, so a new
ticket is kept only when it is at least as typical as nearly all of last month's were. No
absolute cosine threshold is involved, so the rule carries over between models and centring.

Example:
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> e = np.eye(8)
    >>> R = np.vstack([e[0] + rng.normal(0, .05, (20, 8)), e[1] + rng.normal(0, .05, (20, 8))])
    >>> y = np.repeat([0, 1], 20)
    >>> Q = np.vstack([e[0] + rng.normal(0, .05, (3, 8)), e[5]])
    >>> fit = NeighbourAssigner(k=5, precision=0.95, quantile=0.05, seed=0).fit(R, y)
    >>> fit.predict(Q)[0].tolist()
    [0, 0, 0, -1]
"""

from __future__ import annotations

import logging

import numpy as np

__all__ = ["NeighbourAssigner"]

log = logging.getLogger(__name__)

_BATCH = 512
#: Last month's tickets the bars are calibrated on, at most (a seeded sample beyond that).
CALIBRATION_SIZE = 5000


def _unit(X: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=np.float32)
    return X / np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-12)


def _votes(
    Q: np.ndarray, R: np.ndarray, y: np.ndarray, k: int, self_rows: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Winning theme, its weighted vote share and the mean neighbour similarity per row of Q.

    ``self_rows[i]`` is the row of R that Q's row i is (left out of its own vote), if any.
    """
    leave_one_out = self_rows is not None
    n_themes = int(y.max()) + 1 if y.size and y.max() >= 0 else 0
    k = max(1, min(k, len(R) - (1 if leave_one_out else 0)))
    win = np.full(len(Q), -1, dtype=int)
    share = np.zeros(len(Q), dtype=np.float32)
    mean_sim = np.zeros(len(Q), dtype=np.float32)
    slot = np.where(y >= 0, y, n_themes)  # outliers vote for an extra "no theme" slot
    for start in range(0, len(Q), _BATCH):
        S = Q[start:start + _BATCH] @ R.T
        if leave_one_out:
            S[np.arange(S.shape[0]), self_rows[start:start + _BATCH]] = -np.inf
        nn = np.argpartition(-S, k - 1, axis=1)[:, :k]
        sims = np.take_along_axis(S, nn, axis=1)
        w = np.clip(sims, 1e-6, None)
        tally = np.zeros((S.shape[0], n_themes + 1), dtype=np.float64)
        np.add.at(tally, (np.repeat(np.arange(S.shape[0]), k), slot[nn].ravel()), w.ravel())
        themes_only = tally[:, :n_themes]
        best = themes_only.argmax(axis=1) if n_themes else np.zeros(S.shape[0], dtype=int)
        total = tally.sum(axis=1)
        got = themes_only[np.arange(S.shape[0]), best] if n_themes else np.zeros(S.shape[0])
        sl = slice(start, start + S.shape[0])
        win[sl] = np.where(got > 0, best, -1)
        share[sl] = got / np.maximum(total, 1e-12)
        mean_sim[sl] = sims.mean(axis=1)
    return win, share, mean_sim


class NeighbourAssigner:
    """k-nearest-neighbour theme assignment with an abstain bar fitted on last month.

    Args:
        k: Neighbours that vote.
        precision: Agreement with their own theme that last month's tickets must reach, left
            one out, at the vote bar.
        quantile: Quantile of last month's in-theme neighbour similarity used as the
            similarity bar.
        seed: Seed of the calibration sample of a large month (the run's ``config.seed``).

    Attributes:
        vote_bar_: Lowest winning vote share that carries a theme.
        similarity_bar_: Lowest mean neighbour similarity that carries a theme.
        calibration_: Leave-one-out figures on last month: ``agreement`` (at the bar),
            ``coverage`` (share of in-theme tickets carried at the bars), ``tickets``.
    """

    def __init__(self, k: int, precision: float, quantile: float, seed: int) -> None:
        self.k = k
        self.precision = precision
        self.quantile = quantile
        self.seed = seed

    def fit(self, X: np.ndarray, themes: np.ndarray) -> NeighbourAssigner:
        """Remember last month's vectors ``X`` and theme rows ``themes`` (-1: outlier); calibrate.

        The bars are calibrated on all of last month's tickets, or on a sample of
        :data:`CALIBRATION_SIZE` of them (seeded with ``seed``) for a large month.
        """
        if self.k < 1:
            raise ValueError(f"match.neighbours must be at least 1, got {self.k}.")
        if not 0 < self.precision <= 1:
            raise ValueError(f"match.assign_precision must be in (0, 1], got {self.precision}.")
        self.R_ = _unit(X)
        self.y_ = np.asarray(themes, dtype=int)
        if len(self.R_) != len(self.y_):
            raise ValueError(f"{len(self.R_)} vectors but {len(self.y_)} theme rows.")
        inside = self.y_ >= 0
        if len(self.R_) < 2 or not inside.any():
            self.vote_bar_, self.similarity_bar_ = np.inf, np.inf
            self.calibration_ = {"agreement": float("nan"), "coverage": 0.0, "tickets": 0}
            return self
        rows = np.arange(len(self.R_))
        if len(rows) > CALIBRATION_SIZE:
            rows = np.sort(np.random.default_rng(self.seed).choice(
                rows, CALIBRATION_SIZE, replace=False))
        win, share, sim = _votes(self.R_[rows], self.R_, self.y_, self.k, self_rows=rows)
        y, inside = self.y_[rows], inside[rows]
        self.similarity_bar_ = float(np.quantile(sim[inside], self.quantile))
        cand = inside & (sim >= self.similarity_bar_)
        ok = (win == y)[cand]
        conf = share[cand]
        order = np.argsort(-conf, kind="stable")
        agree = np.cumsum(ok[order]) / np.arange(1, len(order) + 1)
        good = np.flatnonzero(agree >= self.precision)
        self.vote_bar_ = float(conf[order][good.max()]) if len(good) else np.inf
        carried = cand & (share >= self.vote_bar_)
        self.calibration_ = {
            "agreement": float(np.mean((win == y)[carried])) if carried.any() else float("nan"),
            "coverage": float(carried[inside].mean()),
            "tickets": int(inside.sum()),
        }
        log.info(
            "Neighbour assignment calibrated on %d of last month's tickets: vote bar %.2f, "
            "similarity bar %.3f, leave-one-out agreement %.3f at coverage %.3f",
            self.calibration_["tickets"], self.vote_bar_, self.similarity_bar_,
            self.calibration_["agreement"], self.calibration_["coverage"],
        )
        return self

    def predict(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Theme row per ticket of ``X`` (-1: abstain) and its winning vote share."""
        win, share, sim = _votes(_unit(X), self.R_, self.y_, self.k)
        keep = (win >= 0) & (share >= self.vote_bar_) & (sim >= self.similarity_bar_)
        return np.where(keep, win, -1), share
