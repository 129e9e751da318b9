"""The stratified estimator behind every failure-demand figure (themes as strata).

Each labelled theme is a stratum with a failure fraction from :func:`.strata.theme_failure_fraction`.
A group's failure tickets (a week, a channel, a process) are the sum over themes of the
group's tickets in the theme times the theme's fraction (times the share of the theme's
failures that belong to the process). Monte-Carlo draws of every theme at once give the
interval:

* a reviewed theme's unreviewed tickets are drawn from its review posterior (finite
  population: reviewed tickets are known); the draws of reviewed themes are centred on the
  point estimate (the Jeffreys prior pulls near-pure themes towards the middle);
* an unreviewed labelled theme's tickets against its label are drawn from
  :data:`.strata.IMPURITY_PRIOR`, not centred: its point is the label (100% or 0%), and the
  draws say how far a mixed theme could be from it;
* the interval is the central range of the draws, widened where needed to hold the point.

A theme's failures go to the processes judged in its review (Dirichlet over the judged
counts plus a small mass on every process, since the unreviewed tickets may hold others);
unreviewed themes' failures go to their label's process. Failure types come from labels only.
The public entry is :func:`demandlens.measure.shares.failure_share`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..labels.schema import ThemeLabel
from ..labels.view import judgements, theme_labels
from .strata import IMPURITY_PRIOR, draw_parameters, review_weight, theme_fractions

__all__ = ["Strata", "build_strata", "build_split", "aggregate", "UNSPECIFIED"]

#: Group of failures whose label or judgement names no process (or failure type).
UNSPECIFIED = "unspecified"
#: A label-only theme's failures are split over processes with a Dirichlet that gives its
#: label's process, on average, the share of tickets IMPURITY_PRIOR keeps with the label
#: (85%): the label's process is as much an assumption as its demand type.
_LABEL_KEEPS = IMPURITY_PRIOR[1] / IMPURITY_PRIOR[0]


@dataclass
class Strata:
    """The labelled themes of a demand table: fractions, points and Monte-Carlo draws."""

    fractions: pd.DataFrame  # theme_fractions of every theme with tickets
    keys: list[str]  # known themes (source review or label), in fractions order
    p: np.ndarray  # (T,) point failure fraction
    reviewed: np.ndarray  # (T,) bool
    draws: np.ndarray  # (T, D) failure fraction draws
    p_min: np.ndarray  # (T,) lowest possible fraction (reviewed failures, nothing else)
    p_max: np.ndarray  # (T,) highest possible fraction


def build_strata(table: pd.DataFrame, labels: dict[str, ThemeLabel], confidence: float,
                 draws: int, rng: np.random.Generator) -> Strata:
    """Fractions of every theme of ``table`` and ``draws`` joint draws of the known ones."""
    fractions = theme_fractions(table, labels, confidence)
    known = fractions[fractions["source"] != "unknown"].reset_index(drop=True)
    sim = np.empty((len(known), draws))
    for i, s in enumerate(known.itertuples(index=False)):
        a, b = draw_parameters(s.source, s.n_reviewed, s.k_failure)
        if s.source == "review":
            rest = s.size - s.n_reviewed
            sim[i] = ((s.k_failure + rng.binomial(rest, rng.beta(a, b, size=draws))) / s.size
                      if rest > 0 else s.p)
        else:
            against = rng.binomial(s.size, rng.beta(a, b, size=draws)) / s.size
            sim[i] = 1.0 - against if s.demand_type == "failure" else against
    reviewed = (known["source"] == "review").to_numpy()
    size = known["size"].to_numpy(float)
    k, n = known["k_failure"].to_numpy(float), known["n_reviewed"].to_numpy(float)
    p_min = np.where(reviewed, k / np.maximum(size, 1), 0.0)
    p_max = np.where(reviewed, (k + size - n) / np.maximum(size, 1), 1.0)
    return Strata(fractions, known["theme_key"].tolist(), known["p"].to_numpy(float),
                  reviewed, sim, p_min, p_max)


def build_split(st: Strata, table: pd.DataFrame, labels: dict[str, ThemeLabel], dim: str,
                first: list[str]) -> tuple[list[str], np.ndarray, list[np.ndarray | None]]:
    """How each known theme's failures split over the values of ``dim``.

    Args:
        dim: ``"failing_process"`` (reviews' judged processes, else the label's) or
            ``"failure_type"`` (the label's).
        first: Values always listed first (the taxonomy's ids), even with no failures.

    Returns:
        ``(order, point, alphas)``: the values, the (T, P) point split and per theme the
        Dirichlet parameters of its random split (None: the split is fixed).
    """
    lmap = theme_labels(labels)
    members = table.dropna(subset=["theme_key"]).groupby("theme_key")["ticket_id"]
    per_theme = []
    for key, reviewed in zip(st.keys, st.reviewed, strict=True):
        label = lmap.get(key)
        default = (getattr(label, dim, None) if label is not None else None) or UNSPECIFIED
        judged = []
        if dim == "failing_process" and reviewed:
            ids = set(members.get_group(key).astype(str))
            judged = [j.get("failing_process") or default
                      for j in judgements(label, ids).values() if j.get("demand_type") == "failure"]
        per_theme.append((default, judged, bool(reviewed)))
    found = sorted({v for d, j, _ in per_theme for v in (d, *j)} - {UNSPECIFIED})
    order = list(dict.fromkeys([*first, *found]))
    if any(UNSPECIFIED in (d, *j) for d, j, _ in per_theme):
        order.append(UNSPECIFIED)
    index = {v: i for i, v in enumerate(order)}
    point = np.zeros((len(st.keys), len(order)))
    alphas: list[np.ndarray | None] = []
    for i, (default, judged, reviewed) in enumerate(per_theme):
        k = np.array([judged.count(v) for v in order], dtype=float)
        if k.sum():
            point[i] = k / k.sum()
        else:
            point[i, index[default]] = 1.0
        if dim != "failing_process" or len(order) == 1:
            alphas.append(None)
        elif reviewed:
            seen = k > 0 if k.sum() else point[i] > 0
            alphas.append(review_weight(len(judged)) * k + np.where(seen, 0.5, 0.5 / len(order)))
        else:  # label only: its failures are its process's, but for the mixing of a theme
            others = 0.5 / len(order)
            alphas.append(np.where(point[i] > 0, others * (len(order) - 1) * _LABEL_KEEPS,
                                   others))
    return order, point, alphas


def aggregate(
    W: np.ndarray, st: Strata, confidence: float, rng: np.random.Generator,
    split: tuple[np.ndarray, list[np.ndarray | None]] | None = None, interval: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Failure tickets (or any per-ticket weight, e.g. cost) per group, with its interval.

    Args:
        W: (G, T) weight of each group's tickets in each known theme (ticket counts, costs).
        split: ``(point, alphas)`` from :func:`build_split` for a (G, P) result; None for (G,).
        interval: False skips the draws (the interval is then NaN).

    Returns:
        ``(point, low, high)``, each (G,) or (G, P).
    """
    W = np.asarray(W, dtype=float)
    if split is None:
        point = W @ st.p
        if not interval:
            return point, np.full_like(point, np.nan), np.full_like(point, np.nan)
        Wr = W * st.reviewed
        reviewed = Wr @ st.draws
        reviewed += (Wr @ st.p - reviewed.mean(axis=-1))[:, None]
        reviewed = np.clip(reviewed, (Wr @ st.p_min)[:, None], (Wr @ st.p_max)[:, None])
        draws = reviewed + (W * ~st.reviewed) @ st.draws
    else:
        sp, alphas = split
        point = np.einsum("gt,t,tp->gp", W, st.p, sp)
        if not interval:
            return point, np.full_like(point, np.nan), np.full_like(point, np.nan)
        D = st.draws.shape[1]
        parts = {True: np.zeros((*point.shape, D)), False: np.zeros((*point.shape, D))}
        for i in range(len(st.keys)):
            if not W[:, i].any():
                continue
            if alphas[i] is None:
                theme = st.draws[i][None, :] * sp[i][:, None]
            else:
                theme = st.draws[i][None, :] * rng.dirichlet(alphas[i], size=D).T
            parts[bool(st.reviewed[i])] += W[:, i, None, None] * theme[None, :, :]
        rev_point = np.einsum("gt,t,tp->gp", W * st.reviewed, st.p, sp)
        parts[True] += (rev_point - parts[True].mean(axis=-1))[..., None]
        ceiling = ((W * st.reviewed) @ st.p_max)[:, None, None]
        parts[True] = np.clip(parts[True], 0, ceiling)
        draws = parts[True] + parts[False]
    alpha = 1 - confidence
    low, high = np.quantile(draws, [alpha / 2, 1 - alpha / 2], axis=-1) if draws.shape[-1] else (
        point.copy(), point.copy())
    total = W.sum(axis=1).reshape((-1,) + (1,) * (point.ndim - 1))
    low = np.clip(np.fmin(low, point), 0, None)
    high = np.minimum(np.fmax(high, point), total)
    return point, low, high
