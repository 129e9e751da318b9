"""The failure-demand share: one function, one definition, every breakdown.

:func:`failure_share` is the figure every surface shows (notebook, report, CSV, workbench).

* **What it is**: the estimated failure-demand tickets **of labelled tickets** (tickets whose
  theme has a failure or value label, or a review). Each theme counts with its failure
  fraction (:func:`~demandlens.measure.strata.theme_failure_fraction`): measured by its review
  when it has one, else its label (100% or 0%) with a wider interval.
* **Label counts are the special case** with no reviews yet: the point is then exactly the
  tickets of failure-labelled themes over the labelled tickets.
* **Unknown tickets** (outliers, unlabelled or unclear themes) are in no share; every table
  says how many there are (``n_unknown``, ``coverage``), and ``bound_low``/``bound_high`` give
  the share **of all tickets** with every unknown ticket counted as value / as failure.
* **Per process / failure type** the share is still of *all labelled tickets*, so the groups
  add up to the headline; ``failure`` is the count, ``per_week`` the count per week.

:class:`Measure` computes the demand table and the themes' draws once for several figures
(the report uses one); every figure is the same whichever order it is asked in.

Example:
    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> from demandlens.labels.schema import ThemeLabel
    >>> tickets = pd.DataFrame({"ticket_id": list("abcde"), "theme_key": ["t1"] * 2 + ["t2"] * 2
    ...     + [None], "created_at": pd.to_datetime(["2026-06-01"] * 5)})
    >>> labels = {"t1": ThemeLabel(demand_type="failure", failing_process="delivery"),
    ...           "t2": ThemeLabel(demand_type="value")}
    >>> est = failure_share(SimpleNamespace(tickets=tickets, themes=None), labels)
    >>> est.failure_share, est.n_known, est.n_unknown   # 2 failure of 4 labelled tickets
    (0.5, 4, 1)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..config import PipelineConfig
from ..labels.schema import ThemeLabel
from ..labels.view import theme_labels
from .demand import (
    demand_table,
    period_weeks,
    taxonomy_names,
    taxonomy_order,
    week_days,
    week_range,
)
from .estimate import UNSPECIFIED, aggregate, build_split, build_strata
from .headline import SHARE_COLUMNS, Estimate

__all__ = ["Measure", "failure_share", "weekly_failure", "failure_by_theme", "BY_OPTIONS",
           "WEEKLY_COLUMNS", "THEME_SHARE_COLUMNS"]

#: Breakdowns :func:`failure_share` understands.
BY_OPTIONS = (None, "failing_process", "failure_type", "channel", "language", "week")
#: Columns of :func:`weekly_failure`.
WEEKLY_COLUMNS = ["week", "group", "name", "days", "n", "n_known", "failure", "failure_low",
                  "failure_high", "per_week", "per_week_low", "per_week_high", "failure_share",
                  "ci_low", "ci_high"]
#: Columns of :func:`failure_by_theme`.
THEME_SHARE_COLUMNS = ["group", "name", "theme_key", "theme_name", "size", "source", "p",
                       "ci_low", "ci_high", "failure", "sentence"]
_NONE_NAMED = {"failing_process": "No process named", "failure_type": "No failure type named"}


def _prices(table: pd.DataFrame, cost_per_contact: Mapping[str, float]) -> pd.Series:
    prices = {str(k).lower(): float(v) for k, v in dict(cost_per_contact or {}).items()}
    default = prices.get("*")
    return table["channel"].str.lower().map(lambda c: prices.get(c, default)).astype(float)


class Measure:
    """A run's demand table and its themes' draws under one config: every figure's source.

    Args:
        run: A :class:`~demandlens.run.Run` (anything with ``tickets``, ``themes`` and
            optionally ``config``).
        labels: ``{theme_key: ThemeLabel}`` (:func:`dl.load_labels`).
        config: Confidence, draws, costs and the seed; defaults to the run's own config.
        taxonomy: Processes / failure types always listed, with their names (None: the
            default taxonomy).
    """

    def __init__(self, run: Any, labels: Mapping[str, ThemeLabel] | None, *,
                 config: PipelineConfig | None = None, taxonomy: Any = None) -> None:
        self.config = config or getattr(run, "config", None) or PipelineConfig()
        self.labels = theme_labels(labels)
        self.taxonomy = taxonomy
        self.table = demand_table(run.tickets, getattr(run, "themes", None), self.labels)
        q = self.config.quantify
        self.strata = build_strata(self.table, self.labels, q.confidence, q.draws,
                                   np.random.default_rng([self.config.seed, 0]))
        self.known = self.table["theme_key"].isin(self.strata.keys).to_numpy()
        self.price = _prices(self.table, q.cost_per_contact)
        self.weeks = period_weeks(self.table["created_at"])
        self.week_days = week_days(self.table["created_at"])

    # -- building blocks -------------------------------------------------------------------
    def split_rng(self) -> np.random.Generator:
        """A fresh generator for the process split: the same draws for every figure."""
        return np.random.default_rng([self.config.seed, 1])

    def weights(self, groups: pd.Series, order: list[str], costs: bool = False) -> np.ndarray:
        """(G, T) tickets per group and known theme; with ``costs`` (3G, T): tickets, priced
        cost and unpriced tickets."""
        keys, known = self.table["theme_key"], self.known
        priced = self.price.notna().to_numpy()
        parts = [(None, known)]
        if costs:
            parts += [(self.price, known & priced), (None, known & ~priced)]
        out = []
        for weight, mask in parts:
            values = None if weight is None else weight[mask]
            ct = pd.crosstab(groups[mask], keys[mask], values=values,
                             aggfunc="sum" if values is not None else None)
            out.append(ct.reindex(index=order, columns=self.strata.keys).fillna(0).to_numpy(float))
        return np.vstack(out)

    def split(self, dim: str) -> tuple[list[str], np.ndarray, list[np.ndarray | None]]:
        """:func:`~demandlens.measure.estimate.build_split` with the taxonomy's order."""
        return build_split(self.strata, self.table, self.labels, dim,
                           taxonomy_order(self.taxonomy, dim))

    def names(self, dim: str | None, order: list[str]) -> list[str]:
        """Display names of groups: the taxonomy's names for processes and failure types."""
        if dim not in _NONE_NAMED:
            return list(order)
        names = {**taxonomy_names(self.taxonomy, dim), UNSPECIFIED: _NONE_NAMED[dim]}
        return [names.get(g, g) for g in order]

    def groups(self, by: str | None) -> tuple[pd.Series, list[str]]:
        """Each ticket's group and the groups' order (weeks gap-filled)."""
        table = self.table
        if by in (None, *_NONE_NAMED):
            return pd.Series(["all"] * len(table)), ["all"]
        if by == "week":
            order = week_range(table["week"])
            if table["week"].isna().any():
                order.append("no date")
            return table["week"].astype(object).fillna("no date"), order
        return table[by].astype(object), sorted(table[by].astype(object).unique())

    def frame(self, groups: pd.Series, order: list[str], dim: str | None) -> pd.DataFrame:
        """One row per group (× value of ``dim``) with :data:`SHARE_COLUMNS` and ``_group``."""
        q = self.config.quantify
        costs = bool(q.cost_per_contact)
        W = self.weights(groups, order, costs=costs)
        split, values = None, [None]
        if dim is not None:
            values, sp, alphas = self.split(dim)
            split = (sp, alphas)
        point, low, high = aggregate(W, self.strata, q.confidence, self.split_rng(), split)
        G = len(order)
        n_all = groups.value_counts().reindex(order, fill_value=0).to_numpy(float)
        n_known = W[:G].sum(axis=1)
        rows = []
        for g, group in enumerate(order):
            for v, value in enumerate(values):
                def at(a: np.ndarray, r: int = g, v: int = v) -> float:
                    return float(a[r] if dim is None else a[r, v])

                f, lo, hi, nk, na = at(point), at(low), at(high), n_known[g], n_all[g]
                rows.append({
                    "_group": group, "group": group if dim is None else value, "n": int(na),
                    "n_known": int(nk), "n_unknown": int(na - nk),
                    "coverage": nk / na if na else math.nan,
                    "failure": f, "failure_low": lo, "failure_high": hi,
                    "failure_share": f / nk if nk else math.nan,
                    "ci_low": lo / nk if nk else math.nan, "ci_high": hi / nk if nk else math.nan,
                    "bound_low": lo / na if na else math.nan,
                    "bound_high": (hi + na - nk) / na if na else math.nan,
                    "cost": at(point, G + g) if costs else math.nan,
                    "cost_low": at(low, G + g) if costs else math.nan,
                    "cost_high": at(high, G + g) if costs else math.nan,
                    "unpriced": at(point, 2 * G + g) if costs else math.nan,
                })
        out = pd.DataFrame(rows, columns=["_group", *SHARE_COLUMNS])
        out["name"] = self.names(dim, out["group"].tolist())
        return out

    # -- the figures -----------------------------------------------------------------------
    def failure_share(self, by: str | None = None) -> Estimate | pd.DataFrame:
        """See :func:`failure_share`."""
        if by not in BY_OPTIONS:
            raise ValueError(f"by must be one of {BY_OPTIONS}, got {by!r}.")
        dim = by if by in _NONE_NAMED else None
        frame = self.frame(*self.groups(by), dim)
        if by == "week":
            frame["per_week"] = frame["failure"] * 7 / frame["_group"].map(self.week_days)
        else:
            frame["per_week"] = frame["failure"] / self.weeks if self.weeks else math.nan
        frame = frame[SHARE_COLUMNS]
        return frame if by is not None else self._estimate(frame.iloc[0])

    def _estimate(self, row: pd.Series) -> Estimate:
        fr = self.strata.fractions
        names = self.table.dropna(subset=["theme_key"]).groupby("theme_key")["theme_name"].first()
        q = self.config.quantify
        return Estimate(
            failure_share=float(row.failure_share), ci_low=float(row.ci_low),
            ci_high=float(row.ci_high), failure=float(row.failure),
            failure_low=float(row.failure_low), failure_high=float(row.failure_high),
            per_week=float(row.per_week), weeks=self.weeks, bound_low=float(row.bound_low),
            bound_high=float(row.bound_high), confidence=q.confidence, n_tickets=int(row.n),
            n_known=int(row.n_known), n_unknown=int(row.n_unknown), themes_total=len(fr),
            themes_labelled=len(self.strata.keys),
            themes_reviewed=int((fr["source"] == "review").sum()),
            themes_label_only=int((fr["source"] == "label").sum()),
            tickets_reviewed=int(fr["n_reviewed"].sum()), cost=float(row.cost),
            cost_low=float(row.cost_low), cost_high=float(row.cost_high),
            unpriced=float(row.unpriced), currency=q.currency,
            per_theme=fr.assign(name=fr["theme_key"].map(names)),
        )

    def weekly(self, by: str | None = "failing_process") -> pd.DataFrame:
        """See :func:`weekly_failure`."""
        if by not in (None, *_NONE_NAMED):
            raise ValueError(f"by must be None, 'failing_process' or 'failure_type', got {by!r}.")
        groups, order = self.groups("week")
        frame = self.frame(groups, [w for w in order if w != "no date"], by)
        frame["week"] = frame["_group"]
        if by is None:
            frame["group"], frame["name"] = "all", "All processes"
        frame["days"] = frame["week"].map(self.week_days).astype(float)
        for rate, count in (("per_week", "failure"), ("per_week_low", "failure_low"),
                            ("per_week_high", "failure_high")):
            frame[rate] = frame[count] * 7 / frame["days"]
        return frame[WEEKLY_COLUMNS].reset_index(drop=True)

    def by_theme(self, by: str = "failing_process") -> pd.DataFrame:
        """See :func:`failure_by_theme`."""
        if by not in _NONE_NAMED:
            raise ValueError(f"by must be 'failing_process' or 'failure_type', got {by!r}.")
        values, point, _ = self.split(by)
        st = self.strata
        fr = st.fractions.set_index("theme_key")
        names = self.table.dropna(subset=["theme_key"]).groupby("theme_key")["theme_name"].first()
        group_names = dict(zip(values, self.names(by, values), strict=True))
        rows = []
        for i, key in enumerate(st.keys):
            f = fr.loc[key]
            for j, value in enumerate(values):
                failure = float(f["size"] * st.p[i] * point[i, j])
                if failure > 0:
                    rows.append({"group": value, "name": group_names[value], "theme_key": key,
                                 "theme_name": names.get(key, key), "size": int(f["size"]),
                                 "source": f["source"], "p": f["p"], "ci_low": f["ci_low"],
                                 "ci_high": f["ci_high"], "failure": failure,
                                 "sentence": f["sentence"]})
        out = pd.DataFrame(rows, columns=THEME_SHARE_COLUMNS)
        rank = out["group"].map({v: i for i, v in enumerate(values)})
        out = out.assign(_g=rank).sort_values(["_g", "failure"], ascending=[True, False])
        return out.drop(columns="_g").reset_index(drop=True)


def failure_share(run: Any, labels: Mapping[str, ThemeLabel] | None, by: str | None = None, *,
                  config: PipelineConfig | None = None, taxonomy: Any = None
                  ) -> Estimate | pd.DataFrame:
    """Failure demand as a share of labelled tickets, overall or by one dimension.

    Args:
        run, labels, config, taxonomy: as for :class:`Measure`.
        by: None for the headline :class:`~demandlens.measure.headline.Estimate`;
            ``"failing_process"``, ``"failure_type"``, ``"channel"``, ``"language"`` or
            ``"week"`` for a table.

    Returns:
        :class:`~demandlens.measure.headline.Estimate` (by=None) or a DataFrame with
        :data:`~demandlens.measure.headline.SHARE_COLUMNS`: ``failure`` (estimated failure
        tickets) with its interval, ``failure_share`` = failure / ``n_known`` (of labelled
        tickets) with ``ci_low``/``ci_high``, ``bound_*`` of all ``n`` tickets, ``per_week``
        (failure tickets per week; for weeks, scaled to a full week) and the avoidable
        ``cost`` when ``quantify.cost_per_contact`` is set (``unpriced``: failure tickets of
        channels without a price, left out of the cost). Weeks without tickets are listed
        with n = 0; processes of the taxonomy without failures with 0.
    """
    return Measure(run, labels, config=config, taxonomy=taxonomy).failure_share(by)


def weekly_failure(run: Any, labels: Mapping[str, ThemeLabel] | None,
                   by: str | None = "failing_process", *, config: PipelineConfig | None = None,
                   taxonomy: Any = None) -> pd.DataFrame:
    """Failure tickets per ISO week (× process or failure type), as rates per week.

    The first and last week of a period are usually partial: ``per_week`` scales each week's
    count to 7 days (``days`` says how many of the week's days are in the period), so the
    trend compares with any other period. ``failure_share`` is of the week's labelled tickets.

    Returns:
        Long table with :data:`WEEKLY_COLUMNS`; ``group`` is the process (``"all"`` for
        ``by=None``), weeks without tickets included.
    """
    return Measure(run, labels, config=config, taxonomy=taxonomy).weekly(by)


def failure_by_theme(run: Any, labels: Mapping[str, ThemeLabel] | None,
                     by: str = "failing_process", *, config: PipelineConfig | None = None,
                     taxonomy: Any = None) -> pd.DataFrame:
    """Which themes a process's (or failure type's) failure tickets come from.

    ``failure`` is the theme's tickets × its failure fraction × the share of its failures
    that belong to the group, so a group's rows add up to its ``failure`` in
    :func:`failure_share`. Themes contributing nothing are left out; largest first.

    Returns:
        Long table with :data:`THEME_SHARE_COLUMNS` (``p``/``ci_*``/``sentence``: the theme's
        :func:`~demandlens.measure.strata.theme_failure_fraction`).
    """
    return Measure(run, labels, config=config, taxonomy=taxonomy).by_theme(by)
