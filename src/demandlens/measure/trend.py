"""Did it change? The change test, avoidable cost, and this run against the previous one.

Every figure here is :func:`~demandlens.measure.shares.failure_share`'s: the estimated failure
tickets and the labelled tickets they are a share of. Counts become rates per week
(:func:`~demandlens.measure.demand.period_weeks`), so a 6-week export compares with a 12-week one.

Example:
    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> from demandlens.labels.schema import ThemeLabel
    >>> t = pd.DataFrame({"ticket_id": [f"t{i}" for i in range(8)],
    ...     "theme_key": ["A", "A", "A", "B"] + ["A", "B", "B", "B"],
    ...     "created_at": pd.to_datetime(["2026-03-02"] * 4 + ["2026-04-06"] * 4)})
    >>> labels = {"A": ThemeLabel(demand_type="failure"), "B": ThemeLabel(demand_type="value")}
    >>> res = change_test(SimpleNamespace(tickets=t, themes=None), labels,
    ...                   ("2026-03-01", "2026-03-31"), ("2026-04-01", "2026-04-30"))
    >>> res.share_before, res.share_after
    (0.75, 0.25)
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..config import PipelineConfig
from ..labels.schema import ThemeLabel
from .demand import period_weeks, theme_names
from .estimate import aggregate
from .headline import DENOMINATOR, fmt_share
from .shares import Measure
from .stats import newcombe_interval, two_proportion_p_value

__all__ = ["ChangeTest", "change_test", "compare_shares", "avoidable_cost", "compare_runs",
           "theme_changes", "COMPARE_COLUMNS", "THEME_CHANGE_COLUMNS"]

log = logging.getLogger(__name__)

#: Columns of :func:`compare_runs`.
COMPARE_COLUMNS = [
    "group", "name", "failure_previous", "per_week_previous", "failure_current",
    "per_week_current", "rate_change", "n_known_previous", "n_known_current",
    "coverage_previous", "coverage_current",
    "share_previous", "share_current", "difference", "ci_low", "ci_high", "p_value", "verdict",
]
#: Columns of :func:`theme_changes`.
THEME_CHANGE_COLUMNS = ["status", "current_key", "name", "previous_keys", "previous_names",
                        "size_previous", "size_current", "per_week_previous",
                        "per_week_current", "rate_change"]


@dataclass(frozen=True)
class ChangeTest:
    """Result of :func:`compare_shares`: failure tickets among labelled tickets, two periods."""

    process: str | None
    before: tuple[str, str]
    after: tuple[str, str]
    n_before: int
    failure_before: float
    n_after: int
    failure_after: float
    share_before: float
    share_after: float
    difference: float
    ci_low: float
    ci_high: float
    p_value: float
    confidence: float
    verdict: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def compare_shares(k1: float, n1: int, k2: float, n2: int, *, process: str | None = None,
                   before: tuple[Any, Any] = ("", ""), after: tuple[Any, Any] = ("", ""),
                   confidence: float = 0.95, what: str | None = None) -> ChangeTest:
    """The change test on two shares ``k / n`` (after − before): Newcombe interval, z-test.

    ``k`` may be an estimated (fractional) count; the test then treats the themes' failure
    fractions as known, the same in both periods, and covers the chance of which tickets
    arrived.
    """
    d, lo, hi = newcombe_interval(k1, n1, k2, n2, confidence)
    p = two_proportion_p_value(k1, n1, k2, n2)
    s1 = k1 / n1 if n1 else math.nan
    s2 = k2 / n2 if n2 else math.nan
    verdict = _verdict(what or (f"Failure demand from {process}" if process else "Failure demand"),
                       s1, s2, d, lo, hi, p, n1, n2, confidence)
    return ChangeTest(process, tuple(map(str, before)), tuple(map(str, after)), int(n1), k1,
                      int(n2), k2, s1, s2, d, lo, hi, p, confidence, verdict)


def _window(dates: pd.Series, period: tuple[Any, Any]) -> pd.Series:
    start, end = (pd.Timestamp(p) for p in period)
    if end < start:
        raise ValueError(f"Period {period} ends before it starts.")
    end_excl = end.normalize() + pd.Timedelta(days=1) if end == end.normalize() else end
    return (dates >= start) & (dates < end_excl)


def change_test(run: Any, labels: Mapping[str, ThemeLabel] | None, before: tuple[Any, Any],
                after: tuple[Any, Any], process: str | None = None, *,
                config: PipelineConfig | None = None) -> ChangeTest:
    """Did failure demand (of ``process``, if given) change between two periods of a run?

    Compares failure tickets as a share of labelled tickets in ``before`` vs ``after``
    (``(start, end)`` dates, both days included), as :func:`failure_share` counts them.
    """
    m = Measure(run, labels, config=config)
    inside = [_window(m.table["created_at"], p).to_numpy() for p in (before, after)]
    groups = pd.Series(np.select(inside, ["before", "after"], "-"), dtype=object)
    W = m.weights(groups, ["before", "after"])
    confidence = m.config.quantify.confidence
    if process is None:
        point, _, _ = aggregate(W, m.strata, confidence, m.split_rng(), interval=False)
    else:
        values, sp, alphas = m.split("failing_process")
        full, _, _ = aggregate(W, m.strata, confidence, m.split_rng(), (sp, alphas),
                               interval=False)
        point = full[:, values.index(process)] if process in values else np.zeros(2)
    n = W.sum(axis=1)
    return compare_shares(float(point[0]), int(n[0]), float(point[1]), int(n[1]),
                          process=process, before=before, after=after, confidence=confidence)


def _verdict(what, s1, s2, d, lo, hi, p, n1, n2, confidence) -> str:
    if n1 == 0 or n2 == 0:
        empty = "before" if n1 == 0 else "after"
        return f"No labelled tickets in the {empty} period, so no comparison is possible."
    pct = f"{confidence:.0%}"
    head = (f"{what} went from {fmt_share(s1)} to {fmt_share(s2)} {DENOMINATOR} "
            f"({d * 100:+.1f} points, {pct} CI {lo * 100:+.1f} to {hi * 100:+.1f}; p = {p:.3g}).")
    if hi < 0:
        return head + " The drop is larger than chance alone explains: the fix likely worked."
    if lo > 0:
        return head + " The rise is larger than chance alone explains: it got worse."
    return head + (" The interval includes no change, so these data cannot tell a real change "
                   "from chance.")


def avoidable_cost(run: Any, labels: Mapping[str, ThemeLabel] | None, by: str | None = "week",
                   *, config: PipelineConfig | None = None, taxonomy: Any = None) -> pd.DataFrame:
    """Cost of failure-demand contacts (failure tickets × cost per contact of their channel).

    The cost columns of :func:`failure_share` (prices from ``quantify.cost_per_contact``;
    ``"*"`` prices every other channel; failure tickets of an unpriced channel are counted in
    ``unpriced`` and left out of ``cost``, never guessed).

    Returns:
        Columns ``group, name, failure, cost, cost_low, cost_high, unpriced, currency``.
    """
    cfg = config or getattr(run, "config", None) or PipelineConfig()
    if not cfg.quantify.cost_per_contact:
        raise ValueError("No cost per contact configured: set quantify.cost_per_contact in "
                         "demandlens.yaml, e.g. {email: 6.5, phone: 9.0, '*': 6.0}.")
    m = Measure(run, labels, config=cfg, taxonomy=taxonomy)
    table = m.failure_share().to_frame() if by is None else m.failure_share(by)
    if table["unpriced"].sum() > 0:
        log.warning("%.0f failure tickets have a channel without a cost per contact; add the "
                    "channel or a '*' default to quantify.cost_per_contact.",
                    table["unpriced"].sum())
    out = table[["group", "name", "failure", "cost", "cost_low", "cost_high", "unpriced"]]
    return out.assign(currency=cfg.quantify.currency)


def compare_runs(previous: Any, current: Any, labels: Mapping[str, ThemeLabel] | None, *,
                 config: PipelineConfig | None = None, taxonomy: Any = None) -> pd.DataFrame:
    """This run against the previous one, overall and per failing process.

    Each run's failure tickets are :func:`failure_share`'s (same labels, same config); rates
    are per week of each run's own period, so runs of different length compare. The change
    test (:func:`compare_shares`) is on the share of labelled tickets.

    Counts and rates are of labelled tickets, like every figure: when the share of tickets
    that is labelled (``coverage_*``) differs between the runs, the rates move with it; the
    shares of labelled tickets do not.

    Returns:
        One row per process (``all`` first) with :data:`COMPARE_COLUMNS`; ``rate_change`` is
        the relative change of failure tickets per week (0.25 = 25% more).
    """
    cfg = config or getattr(current, "config", None) or PipelineConfig()
    tables = []
    for run in (previous, current):
        m = Measure(run, labels, config=cfg, taxonomy=taxonomy)
        tables.append(pd.concat([m.failure_share().to_frame(),
                                 m.failure_share("failing_process")]))
    prev, cur = (t.set_index("group") for t in tables)
    order = list(dict.fromkeys([*cur.index, *prev.index]))
    rows = []
    for group in order:
        p = prev.loc[group] if group in prev.index else None
        c = cur.loc[group] if group in cur.index else None
        k1, n1, w1 = _get(p, "failure"), _n(prev), _get(p, "per_week")
        k2, n2, w2 = _get(c, "failure"), _n(cur), _get(c, "per_week")
        name = (c if c is not None else p)["name"]
        test = compare_shares(k1, n1, k2, n2, process=None if group == "all" else group,
                              confidence=cfg.quantify.confidence,
                              what="Failure demand" if group == "all"
                              else f"Failure demand from {name}")
        rows.append({"group": group, "name": name,
                     "failure_previous": k1, "per_week_previous": w1,
                     "failure_current": k2, "per_week_current": w2,
                     "rate_change": (w2 - w1) / w1 if w1 else math.nan,
                     "n_known_previous": n1, "n_known_current": n2,
                     "coverage_previous": float(prev.loc["all", "coverage"]),
                     "coverage_current": float(cur.loc["all", "coverage"]),
                     "share_previous": test.share_before, "share_current": test.share_after,
                     "difference": test.difference, "ci_low": test.ci_low,
                     "ci_high": test.ci_high, "p_value": test.p_value, "verdict": test.verdict})
    return pd.DataFrame(rows, columns=COMPARE_COLUMNS)


def _get(row: pd.Series | None, column: str) -> float:
    return float(row[column]) if row is not None else 0.0


def _n(table: pd.DataFrame) -> int:
    return int(table.loc["all", "n_known"])


def theme_changes(previous: Any, current: Any, labels: Mapping[str, ThemeLabel] | None = None,
                  grow: float = 0.25) -> tuple[pd.DataFrame, str]:
    """What happened to each theme between the previous run and this one, as rates per week.

    Args:
        previous, current: The two runs; ``current.mapping`` says how their themes relate.
        labels: For theme names (the analyst's name, else top keywords).
        grow: Relative change of tickets per week counted as "grew"/"shrank".

    Returns:
        ``(table, text)``: :data:`THEME_CHANGE_COLUMNS`, new → split → merged → matched (by
        change) → vanished; and a sentence such as "2 new themes (…), 40 matched: 3 grew by
        >25% per week, …".
    """
    mapping = getattr(current, "mapping", None)
    if mapping is None:
        raise ValueError("This run has no previous run to compare with (no mapping).")
    w_prev = period_weeks(previous.tickets.get("created_at", pd.Series(dtype="datetime64[ns]")))
    w_cur = period_weeks(current.tickets.get("created_at", pd.Series(dtype="datetime64[ns]")))
    cur_names = theme_names(current.themes, labels)
    prev_names = theme_names(previous.themes, labels)
    rows = []
    for r in mapping.itertuples(index=False):
        key = None if pd.isna(r.current_key) else str(r.current_key)
        prevs = [str(k) for k in r.previous_keys]
        wp = r.size_previous / w_prev if w_prev else math.nan
        wc = r.size_current / w_cur if w_cur else math.nan
        rows.append({
            "status": r.status, "current_key": key,
            "name": cur_names.get(key, key) if key else prev_names.get(prevs[0], prevs[0]),
            "previous_keys": prevs, "previous_names": [prev_names.get(k, k) for k in prevs],
            "size_previous": int(r.size_previous), "size_current": int(r.size_current),
            "per_week_previous": wp, "per_week_current": wc,
            "rate_change": (wc - wp) / wp if wp else math.nan,
        })
    table = pd.DataFrame(rows, columns=THEME_CHANGE_COLUMNS)
    order = {"new": 0, "split": 1, "merged": 2, "matched": 3, "assigned": 3, "vanished": 4}
    table = table.assign(_o=table["status"].map(order).fillna(5), _c=-table["per_week_current"])
    table = table.sort_values(["_o", "_c"]).drop(columns=["_o", "_c"]).reset_index(drop=True)
    return table, _changes_text(table, grow)


def _changes_text(table: pd.DataFrame, grow: float) -> str:
    status = table["status"]
    kept = status.isin(["matched", "assigned"])
    new = table[status == "new"]
    parts = []
    if len(new):
        top = new.sort_values("per_week_current", ascending=False).iloc[0]
        parts.append(f"{len(new)} new theme{'s' if len(new) != 1 else ''} (largest: "
                     f"{top['name']}, {top.per_week_current:.1f} tickets per week)")
    else:
        parts.append("no new themes")
    parts.append(f"{int(kept.sum())} matched: {int((kept & (table['rate_change'] > grow)).sum())}"
                 f" grew by >{grow:.0%} per week, "
                 f"{int((kept & (table['rate_change'] < -grow)).sum())} shrank by >{grow:.0%}")
    for s in ("split", "merged"):
        if (status == s).any():
            parts.append(f"{int((status == s).sum())} {s} (labels suggested for review)")
    parts.append(f"{int((status == 'vanished').sum())} vanished")
    return ", ".join(parts) + "."
