"""Failure-demand share from impure themes: themes as strata, review samples as measurements.

A theme labelled "failure" is rarely 100% failure demand. Each labelled theme is a stratum;
its failure fraction comes from the analyst's review sample (``review`` in the labels file)
when there is one, otherwise from the label, taken as an *assumption* of 85% purity with a
wide interval. The overall share (and the share per process, channel, language or week)
weights each theme's fraction by its ticket count.

Uncertainty: each reviewed theme's fraction gets a Beta posterior from the Jeffreys prior and
its k failures among n reviewed tickets (reviews weighted by :func:`review_weight` so the
spread matches the classical variance), and its unreviewed tickets are drawn from it
(finite-population: reviewed tickets are known). Monte-Carlo draws of all themes at once give
the interval of the combined share. Tickets that are outliers or in themes without a demand
type (or only "unclear" and unreviewed) are *unknown*: the "labelled only" interval is about
the labelled tickets; the bounds count unknown tickets as all value (low) or all failure
(high). See ``docs/quantify.md``.

Example:
    >>> import pandas as pd
    >>> tickets = pd.DataFrame({"ticket_id": [f"t{i}" for i in range(20)],
    ...                         "theme_key": ["a"] * 10 + ["b"] * 10})
    >>> labels = {"a": {"demand_type": "failure", "review": {"judgements":
    ...     {f"t{i}": {"demand_type": "failure" if i < 5 else "value"} for i in range(10)}}},
    ...           "b": {"demand_type": "value", "review": {"judgements":
    ...     {f"t{i}": {"demand_type": "value"} for i in range(10, 20)}}}}
    >>> est = estimate_failure_share(tickets, None, labels, seed=0)
    >>> est.estimate, est.ci_low, est.ci_high   # every ticket reviewed: no uncertainty left
    (0.25, 0.25, 0.25)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..labels import view as lv
from .shares import BY_OPTIONS, demand_table, taxonomy_order, week_range
from .strata import (
    fractions_from_table,
    review_weight,
)

__all__ = ["Estimate", "estimate_failure_share", "ESTIMATE_COLUMNS"]

ESTIMATE_COLUMNS = [
    "group", "n", "n_known", "n_unknown", "coverage", "estimate",
    "ci_low", "ci_high", "bound_low", "bound_high",
]


@dataclass
class Estimate:
    """The headline failure-demand share and what it rests on."""

    estimate: float
    ci_low: float
    ci_high: float
    bound_low: float
    bound_high: float
    confidence: float
    n_tickets: int
    n_known: int
    n_unknown: int
    themes_total: int
    themes_labelled: int
    themes_reviewed: int
    themes_label_only: int
    tickets_reviewed: int
    per_theme: pd.DataFrame = field(repr=False)

    @property
    def coverage(self) -> float:
        """Share of tickets whose theme has a usable label or review."""
        return self.n_known / self.n_tickets if self.n_tickets else math.nan

    def summary(self) -> str:
        """The estimate in one plain-language paragraph."""
        if not self.n_known:
            return f"No labelled tickets yet among {self.n_tickets}: no estimate."
        pct = f"{self.confidence:.0%}"
        text = (
            f"Failure demand is {self.estimate:.1%} of the labelled tickets ({pct} interval "
            f"{self.ci_low:.1%}–{self.ci_high:.1%}). It rests on {self.themes_labelled} of "
            f"{self.themes_total} themes labelled ({self.coverage:.0%} of {self.n_tickets} "
            f"tickets) and {self.tickets_reviewed} reviewed tickets in {self.themes_reviewed} "
            f"themes."
        )
        if self.themes_label_only:
            text += (f" {self.themes_label_only} labelled themes are not reviewed; their "
                     "purity is assumed, not measured.")
        if self.n_unknown:
            text += (f" Counting the {self.n_unknown} unknown tickets as all value or all "
                     f"failure, the share of all tickets lies between {self.bound_low:.1%} "
                     f"and {self.bound_high:.1%}.")
        return text

    def to_frame(self) -> pd.DataFrame:
        """One-row table with :data:`ESTIMATE_COLUMNS`."""
        return pd.DataFrame([{
            "group": "all", "n": self.n_tickets, "n_known": self.n_known,
            "n_unknown": self.n_unknown, "coverage": self.coverage, "estimate": self.estimate,
            "ci_low": self.ci_low, "ci_high": self.ci_high,
            "bound_low": self.bound_low, "bound_high": self.bound_high,
        }], columns=ESTIMATE_COLUMNS)

    def _repr_html_(self) -> str:
        return f"<p>{self.summary()}</p>" + self.per_theme.to_html(index=False, max_rows=30)


def _draw(strata: pd.DataFrame, draws: int, seed: int) -> np.ndarray:
    """Population failure fraction draws, shape (themes, draws)."""
    rng = np.random.default_rng(seed)
    out = np.empty((len(strata), draws))
    for i, s in enumerate(strata.itertuples(index=False)):
        rest = s.size - s.n_reviewed
        p = rng.beta(s.a, s.b, size=draws)
        out[i] = (s.k_failure + rng.binomial(rest, p)) / s.size if rest > 0 else s.p
    return out


def _by_process(table, labels, known, sim, taxonomy, seed):
    """Failure tickets per process: each theme's failure fraction split over processes.

    The split of a theme's failures is Dirichlet: weighted counts of the processes judged in
    its review plus ½ (the label's process when no failure was judged), and a small prior
    mass (½ shared) on every other process, since the unreviewed tickets may hold failures of
    a process the sample missed. The point estimate uses the judged counts only.
    """
    lmap = lv.label_map(labels)
    rng = np.random.default_rng(seed + 1)
    ids = table.dropna(subset=["theme_key"]).groupby("theme_key")["ticket_id"]
    judged_by_theme = []
    for key in known["theme_key"]:
        label = lmap.get(key)
        default = lv.attr(label, "failing_process") or "unspecified"
        members = set(ids.get_group(key).astype(str))
        judged = [j.get("failing_process") or default
                  for t, j in lv.review_judgements(label).items()
                  if t in members and j["demand_type"] == "failure"]
        judged_by_theme.append((default, judged))
    found = sorted({p for d, j in judged_by_theme for p in [d, *j]} - {"unspecified"})
    order = list(dict.fromkeys(taxonomy_order(taxonomy, "failing_process") + found))
    if any("unspecified" in [d, *j] for d, j in judged_by_theme):
        order.append("unspecified")
    row = {p: i for i, p in enumerate(order)}
    s_draws, s_point = np.zeros((len(order), sim.shape[1])), np.zeros(len(order))
    for i, (default, judged) in enumerate(judged_by_theme):
        k = np.array([judged.count(p) for p in order], dtype=float)
        point = k / k.sum() if k.sum() else (np.arange(len(order)) == row[default]).astype(float)
        seen = k > 0 if k.sum() else point > 0
        alpha = review_weight(len(judged)) * k + np.where(seen, 0.5, 0.5 / len(order))
        draws = rng.dirichlet(alpha, size=sim.shape[1]).T if len(order) > 1 else np.ones((1, sim.shape[1]))
        size, p_hat = known.loc[i, "size"], known.loc[i, "p"]
        s_draws += size * sim[i] * draws
        s_point += size * p_hat * point
    return order, s_draws, s_point


def estimate_failure_share(
    tickets: pd.DataFrame,
    themes: pd.DataFrame | None,
    labels: Any,
    by: str | None = None,
    confidence: float = 0.95,
    draws: int = 10_000,
    *,
    seed: int,
    taxonomy: Any = None,
) -> Estimate | pd.DataFrame:
    """Stratified failure-demand share with intervals for sampling and unknown tickets.

    Args:
        tickets, themes, labels: as for :func:`demandlens.measure.shares.failure_share`.
        by: None for the headline :class:`Estimate`; ``"failing_process"``, ``"channel"``,
            ``"language"`` or ``"week"`` for a table with :data:`ESTIMATE_COLUMNS`.
        confidence: Interval level.
        draws: Monte-Carlo draws (the result is deterministic for a given ``seed``).
        seed: Random seed of the draws: the run's ``config.seed``.
        taxonomy: For ``by="failing_process"``: processes always listed (default taxonomy).

    Returns:
        :class:`Estimate` (by=None) or a DataFrame. For channel/language/week, ``estimate``
        and ``ci_*`` are the failure share among the group's labelled tickets and
        ``bound_*`` the share among all its tickets with unknown as all value / all
        failure. For failing_process the shares are of all labelled (resp. all) tickets;
        a theme's failures go to the processes judged in its review (the label's process
        for judgements without one, and for unreviewed themes).
    """
    if by not in BY_OPTIONS or by == "failure_type":
        raise ValueError(f"by must be None, 'failing_process', 'channel', 'language' or "
                         f"'week', got {by!r}.")
    table = demand_table(tickets, themes, labels)
    per_theme = fractions_from_table(table, labels, confidence)
    known = per_theme[per_theme["source"] != "unknown"].reset_index(drop=True)
    keys = known["theme_key"].tolist()
    sim = _draw(known, draws, seed)
    point = known["p"].to_numpy(dtype=float)
    alpha = 1 - confidence
    is_known = table["theme_key"].isin(keys).to_numpy()

    if by == "failing_process":
        order, s_draws, s_point = _by_process(table, labels, known, sim, taxonomy, seed)
        n_all = np.full(len(order), len(table), dtype=float)
        n_known = np.full(len(order), is_known.sum(), dtype=float)
    else:
        groups = (pd.Series(["all"] * len(table)) if by is None
                  else table[by].astype(object).fillna("no date"))
        order = (["all"] if by is None else week_range(table["week"]) if by == "week"
                 else sorted(groups.unique()))
        if by == "week" and (groups == "no date").any():
            order.append("no date")
        ct = pd.crosstab(groups[is_known], table["theme_key"][is_known])
        counts = ct.reindex(index=order, columns=keys, fill_value=0).fillna(0).to_numpy(float)
        n_all = groups.value_counts().reindex(order, fill_value=0).to_numpy(dtype=float)
        n_known = counts.sum(axis=1)

        s_draws = counts @ sim  # (groups, draws) failure tickets among labelled tickets
        s_point = counts @ point
    q_lo, q_hi = np.quantile(s_draws, [alpha / 2, 1 - alpha / 2], axis=1)
    # the draws give the spread; the unbiased point estimate gives the location (the priors
    # pull the draws of near-pure themes towards the middle)
    shift = s_point - s_draws.mean(axis=1)
    q_lo = np.clip(q_lo + shift, 0, None)
    q_hi = np.minimum(q_hi + shift, n_known)
    n_unknown = n_all - n_known
    with np.errstate(invalid="ignore", divide="ignore"):
        frame = pd.DataFrame({
            "group": order, "n": n_all.astype(int), "n_known": n_known.astype(int),
            "n_unknown": n_unknown.astype(int),
            "coverage": np.where(n_all > 0, n_known / n_all, np.nan),
            "estimate": np.where(n_known > 0, s_point / n_known, np.nan),
            "ci_low": np.where(n_known > 0, q_lo / n_known, np.nan),
            "ci_high": np.where(n_known > 0, q_hi / n_known, np.nan),
            "bound_low": np.where(n_all > 0, q_lo / n_all, np.nan),
            "bound_high": np.where(n_all > 0, (q_hi + n_unknown) / n_all, np.nan),
        }, columns=ESTIMATE_COLUMNS)
    # an interval always contains its point estimate (Monte-Carlo noise aside)
    frame["ci_low"] = np.fmin(frame["ci_low"], frame["estimate"])
    frame["ci_high"] = np.fmax(frame["ci_high"], frame["estimate"])
    if by is not None:
        return frame
    row = frame.iloc[0]
    return Estimate(
        estimate=float(row.estimate), ci_low=float(row.ci_low), ci_high=float(row.ci_high),
        bound_low=float(row.bound_low), bound_high=float(row.bound_high),
        confidence=confidence, n_tickets=int(row.n), n_known=int(row.n_known),
        n_unknown=int(row.n_unknown), themes_total=int(len(per_theme)),
        themes_labelled=int(len(known)),
        themes_reviewed=int((per_theme["source"] == "review").sum()),
        themes_label_only=int((per_theme["source"] == "label").sum()),
        tickets_reviewed=int(per_theme["n_reviewed"].sum()),
        per_theme=per_theme.drop(columns=["a", "b"]),
    )
