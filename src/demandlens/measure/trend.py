"""Before/after change test and avoidable cost (re-exported by :mod:`demandlens.measure.shares`)."""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .shares import demand_table, week_range
from .stats import newcombe_interval, two_proportion_p_value

__all__ = ["ChangeTest", "change_test", "avoidable_cost"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChangeTest:
    """Result of :func:`change_test`. Proportions are failure tickets over all tickets."""

    process: str | None
    before: tuple[str, str]
    after: tuple[str, str]
    n_before: int
    failure_before: int
    n_after: int
    failure_after: int
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


def _window(dates: pd.Series, period: tuple[Any, Any]) -> pd.Series:
    start, end = (pd.Timestamp(p) for p in period)
    if end < start:
        raise ValueError(f"Period {period} ends before it starts.")
    end_excl = end.normalize() + pd.Timedelta(days=1) if end == end.normalize() else end
    return (dates >= start) & (dates < end_excl)


def change_test(
    tickets: pd.DataFrame,
    themes: pd.DataFrame | None,
    labels: Any,
    before: tuple[Any, Any],
    after: tuple[Any, Any],
    process: str | None = None,
    confidence: float = 0.95,
) -> ChangeTest:
    """Did failure demand change between two periods (e.g. before and after a fix)?

    Compares the share of all contacts that are failure demand (of ``process`` if given) in
    ``before`` vs ``after``. Periods are ``(start, end)`` dates, both days included.

    Returns:
        :class:`ChangeTest` with the difference (after − before) in proportion, its Newcombe
        hybrid score interval, the two-proportion z-test p-value and a plain-language verdict.
    """
    table = demand_table(tickets, themes, labels)
    is_fail = table["demand_type"] == "failure"
    if process is not None:
        is_fail &= table["failing_process"] == process
    is_fail = is_fail.fillna(False)
    counts = []
    for period in (before, after):
        inside = _window(table["created_at"], period)
        counts.append((int((is_fail & inside).sum()), int(inside.sum())))
    (k1, n1), (k2, n2) = counts
    d, lo, hi = newcombe_interval(k1, n1, k2, n2, confidence)
    p = two_proportion_p_value(k1, n1, k2, n2)
    s1 = k1 / n1 if n1 else math.nan
    s2 = k2 / n2 if n2 else math.nan
    verdict = _verdict(process, s1, s2, d, lo, hi, p, n1, n2, confidence)
    return ChangeTest(
        process, tuple(map(str, before)), tuple(map(str, after)), n1, k1, n2, k2,
        s1, s2, d, lo, hi, p, confidence, verdict,
    )


def _verdict(process, s1, s2, d, lo, hi, p, n1, n2, confidence) -> str:
    what = f"Failure demand from {process}" if process else "Failure demand"
    if n1 == 0 or n2 == 0:
        empty = "before" if n1 == 0 else "after"
        return f"No tickets in the {empty} period, so no comparison is possible."
    pct = f"{confidence:.0%}"
    head = (
        f"{what} went from {s1:.1%} to {s2:.1%} of contacts "
        f"({d * 100:+.1f} points, {pct} CI {lo * 100:+.1f} to {hi * 100:+.1f}; p = {p:.3g})."
    )
    if hi < 0:
        return head + " The drop is larger than chance alone explains: the fix likely worked."
    if lo > 0:
        return head + " The rise is larger than chance alone explains: it got worse."
    return head + (
        " The interval includes no change, so these data cannot tell a real change from chance."
    )


def avoidable_cost(
    tickets: pd.DataFrame,
    themes: pd.DataFrame | None,
    labels: Any,
    cost_per_contact: Mapping[str, float],
    by: str | None = "week",
    currency: str = "EUR",
) -> pd.DataFrame:
    """Cost of failure-demand contacts: failure tickets × cost per contact of their channel.

    Args:
        cost_per_contact: ``{channel: cost}``; ``"*"`` prices every channel not listed.
            Failure tickets of a channel with no price are counted in ``unpriced`` and left
            out of ``cost`` (never guessed).
        by: ``"week"`` (empty weeks included), ``"failing_process"``, ``"channel"`` or None.

    Returns:
        Columns ``group, failure, priced, unpriced, cost, currency``.
    """
    if by not in (None, "week", "failing_process", "channel"):
        raise ValueError(f"by must be None, 'week', 'failing_process' or 'channel', got {by!r}.")
    table = demand_table(tickets, themes, labels)
    prices = {str(k).lower(): float(v) for k, v in dict(cost_per_contact or {}).items()}
    default = prices.get("*")
    price = table["channel"].str.lower().map(lambda c: prices.get(c, default)).astype(float)
    fail = table["demand_type"] == "failure"
    frame = pd.DataFrame({
        "group": "all" if by is None else table[by].fillna("unspecified"),
        "failure": fail.astype(int),
        "priced": (fail & price.notna()).astype(int),
        "cost": price.where(fail, 0.0).fillna(0.0),
    })
    frame["unpriced"] = frame["failure"] - frame["priced"]
    out = frame.groupby("group", sort=True)[["failure", "priced", "unpriced", "cost"]].sum()
    if by == "week":
        out = out.reindex(week_range(table["week"]), fill_value=0)
    elif by == "failing_process":
        out = out[out["failure"] > 0]
    out = out.reset_index(names="group")
    out["currency"] = currency
    if out["unpriced"].sum():
        log.warning(
            "%d failure tickets have a channel without a cost per contact; add the channel "
            "or a '*' default to quantify.cost_per_contact.", int(out["unpriced"].sum())
        )
    return out[["group", "failure", "priced", "unpriced", "cost", "currency"]]
