"""Failure-demand shares with confidence intervals, by process, channel, language and week.

Every ticket counts. A ticket's demand type comes from the label of its theme: ``failure``,
``value`` or ``unclear``; tickets left as outliers or sitting in a theme without a demand
type are ``unknown``. Unknown tickets stay in every denominator, so a share is "failure
demand as a share of *all* contacts"; the ``coverage`` column says how much of that rests on
labels. Intervals are Wilson score intervals over tickets (see ``docs/quantify.md`` for what
they do and do not cover; :mod:`demandlens.measure.estimate` accounts for impure themes).

Example:
    >>> import pandas as pd
    >>> tickets = pd.DataFrame({"ticket_id": ["a", "b", "c", "d"],
    ...     "created_at": pd.to_datetime(["2026-06-01"] * 4), "channel": "email",
    ...     "language": "sv", "theme_key": ["t1", "t1", "t2", None],
    ...     "is_outlier": [False, False, False, True]})
    >>> labels = {"t1": {"demand_type": "failure", "failing_process": "delivery"},
    ...           "t2": {"demand_type": "value"}}
    >>> row = failure_share(tickets, None, labels).iloc[0]
    >>> int(row.n), int(row.failure), int(row.unknown), round(float(row.failure_share), 2)
    (4, 2, 1, 0.5)
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..labels import view as lv
from ..labels.display import theme_names
from ..labels.taxonomy import load_taxonomy
from .stats import wilson_interval

__all__ = [
    "iso_week",
    "week_range",
    "demand_table",
    "failure_share",
    "weekly_by_process",
    "SHARE_COLUMNS",
    "BY_OPTIONS",
    "taxonomy_order",
]

log = logging.getLogger(__name__)

#: Columns of every :func:`failure_share` table.
SHARE_COLUMNS = [
    "group", "n", "failure", "value", "unclear", "unknown",
    "failure_share", "ci_low", "ci_high", "share_unknown", "coverage", "denominator",
]
#: Breakdowns :func:`failure_share` understands.
BY_OPTIONS = (None, "failing_process", "failure_type", "channel", "language", "week")
_DEMAND = ("failure", "value", "unclear", "unknown")


def iso_week(created_at: pd.Series) -> pd.Series:
    """ISO week labels such as ``"2026-W23"`` (NA where the date is missing)."""
    dates = pd.to_datetime(created_at)
    iso = dates.dt.isocalendar()
    out = iso["year"].astype("string") + "-W" + iso["week"].astype("string").str.zfill(2)
    return out.where(dates.notna(), pd.NA)


def week_range(weeks: pd.Series) -> list[str]:
    """Every ISO week from the first to the last present in ``weeks`` (gaps filled)."""
    present = sorted(w for w in pd.Series(weeks).dropna().unique())
    if not present:
        return []
    start = pd.Timestamp.fromisocalendar(int(present[0][:4]), int(present[0][6:]), 1)
    end = pd.Timestamp.fromisocalendar(int(present[-1][:4]), int(present[-1][6:]), 1)
    mondays = pd.Series(pd.date_range(start, end, freq="7D"))
    return list(iso_week(mondays))


def demand_table(tickets: pd.DataFrame, themes: pd.DataFrame | None, labels: Any) -> pd.DataFrame:
    """One row per ticket with its theme's label attached.

    Args:
        tickets: Ticket table (``ticket_id``, ``theme_key``, optional ``created_at``,
            ``channel``, ``language``, ``is_outlier``).
        themes: Theme table (used for theme names when a label has none); may be None.
        labels: ``{theme_key: ThemeLabel or dict}``.

    Returns:
        Columns ``ticket_id, created_at, week, channel, language, theme_key, theme_name,
        demand_type, failing_process, failure_type, is_outlier``; ``demand_type`` is one of
        failure/value/unclear/unknown (unknown = outlier or theme without a demand type).
    """
    lmap = lv.label_map(labels)
    n = len(tickets)
    out = pd.DataFrame({"ticket_id": tickets["ticket_id"].astype("string").to_numpy()})
    created = tickets["created_at"] if "created_at" in tickets else pd.Series([pd.NaT] * n)
    out["created_at"] = pd.to_datetime(created).to_numpy()
    out["week"] = iso_week(out["created_at"]).to_numpy()
    for col in ("channel", "language"):
        values = tickets[col] if col in tickets else pd.Series(["unknown"] * n)
        out[col] = pd.Series(values).astype("string").fillna("unknown").to_numpy()
    keys = pd.Series(tickets["theme_key"] if "theme_key" in tickets else [pd.NA] * n)
    outlier = pd.Series(tickets["is_outlier"] if "is_outlier" in tickets else [False] * n)
    outlier = outlier.fillna(False).astype(bool).to_numpy() | keys.isna().to_numpy()
    out["theme_key"] = keys.astype("string").where(~outlier, pd.NA).to_numpy()
    out["is_outlier"] = outlier

    present = out["theme_key"].dropna().unique()
    names = theme_names(themes, lmap, keys=present)  # the one display name of every surface
    rows = {}
    for key in present:
        label = lmap.get(key)
        rows[key] = (
            names[key],
            lv.demand_type(label) or "unknown",
            lv.attr(label, "failing_process"),
            lv.attr(label, "failure_type"),
        )
    for i, col in enumerate(("theme_name", "demand_type", "failing_process", "failure_type")):
        mapping = {k: v[i] for k, v in rows.items()}
        out[col] = out["theme_key"].map(mapping).astype("string").to_numpy()
    out["demand_type"] = out["demand_type"].fillna("unknown")
    return out


def taxonomy_order(taxonomy: Any, by: str) -> list[str]:
    """Process or failure-type ids from a taxonomy object/dict (the default one if None)."""
    if taxonomy is None:
        taxonomy = load_taxonomy()
    field = "processes" if by == "failing_process" else "failure_types"
    items = taxonomy.get(field, []) if isinstance(taxonomy, dict) else getattr(taxonomy, field, [])
    ids = []
    for item in items or []:
        ident = item.get("id") if isinstance(item, dict) else getattr(item, "id", item)
        if ident:
            ids.append(str(ident))
    return ids


def failure_share(
    tickets: pd.DataFrame,
    themes: pd.DataFrame | None,
    labels: Any,
    by: str | None = None,
    confidence: float = 0.95,
    taxonomy: Any = None,
) -> pd.DataFrame:
    """Failure-demand share with Wilson intervals, overall or by one dimension.

    Args:
        tickets: Ticket table of a run.
        themes: Theme table of the run (names only; may be None).
        labels: ``{theme_key: ThemeLabel or dict}``.
        by: None (one row ``all``), ``"failing_process"``, ``"failure_type"``,
            ``"channel"``, ``"language"`` or ``"week"`` (ISO weeks, gaps filled with n=0 rows).
        confidence: Confidence level of the intervals.
        taxonomy: Taxonomy whose process / failure-type ids always get a row (n=0 if
            unused); None loads the default taxonomy when available.

    Returns:
        DataFrame with :data:`SHARE_COLUMNS`. For channel/language/week the share is of the
        group's own tickets (``denominator == n``). For failing_process/failure_type the
        share is of *all* tickets (``denominator`` = total): "failure demand caused by this
        process as a share of all contacts"; tickets that are not failure demand form the
        ``none`` row and unknown tickets the ``unknown`` row. Empty groups have NaN CIs.
    """
    if by not in BY_OPTIONS:
        raise ValueError(f"by must be one of {BY_OPTIONS}, got {by!r}.")
    table = demand_table(tickets, themes, labels)
    total = len(table)
    if by is None:
        groups = pd.Series(["all"] * total, dtype="string")
        order = ["all"]
    elif by in ("failing_process", "failure_type"):
        groups = table[by].where(table["demand_type"] == "failure", "none")
        groups = groups.fillna("unspecified").where(table["demand_type"] != "unknown", "unknown")
        found = [g for g in groups.unique() if g not in ("none", "unknown", "unspecified")]
        extra = ["unspecified"] if (groups == "unspecified").any() else []
        order = list(dict.fromkeys(taxonomy_order(taxonomy, by) + sorted(found))) + extra
        order += ["none", "unknown"]
    elif by == "week":
        groups = table["week"].fillna("no date")
        order = week_range(table["week"]) + (["no date"] if table["week"].isna().any() else [])
    else:
        groups = table[by]
        order = sorted(groups.unique())
    counts = pd.crosstab(groups, table["demand_type"]).reindex(index=order, columns=_DEMAND)
    counts = counts.fillna(0).astype(int)
    rows = []
    for group, c in counts.iterrows():
        n = int(c.sum())
        denom = total if by in ("failing_process", "failure_type") else n
        lo, hi = wilson_interval(int(c["failure"]), denom, confidence)
        rows.append({
            "group": group, "n": n, **{d: int(c[d]) for d in _DEMAND},
            "failure_share": c["failure"] / denom if denom else math.nan,
            "ci_low": lo, "ci_high": hi,
            "share_unknown": c["unknown"] / n if n else math.nan,
            "coverage": 1 - c["unknown"] / n if n else math.nan,
            "denominator": denom,
        })
    return pd.DataFrame(rows, columns=SHARE_COLUMNS)


def weekly_by_process(
    tickets: pd.DataFrame,
    themes: pd.DataFrame | None,
    labels: Any,
    processes: Sequence[str] | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Failure tickets per ISO week and failing process (long format, empty weeks included).

    Returns:
        Columns ``week, failing_process, failure, n_week, share, ci_low, ci_high`` where
        ``share`` is the process's failure tickets over all tickets of the week.
    """
    table = demand_table(tickets, themes, labels)
    weeks = week_range(table["week"])
    fail = table[table["demand_type"] == "failure"]
    procs = list(processes) if processes is not None else sorted(
        fail["failing_process"].fillna("unspecified").unique()
    )
    n_week = table.groupby("week").size().reindex(weeks, fill_value=0)
    counts = pd.crosstab(fail["week"], fail["failing_process"].fillna("unspecified"))
    counts = counts.reindex(index=weeks, columns=procs, fill_value=0).fillna(0).astype(int)
    rows = []
    for week in weeks:
        for proc in procs:
            k, n = int(counts.loc[week, proc]), int(n_week[week])
            lo, hi = wilson_interval(k, n, confidence)
            share = k / n if n else np.nan
            rows.append((week, proc, k, n, share, lo, hi))
    return pd.DataFrame(
        rows, columns=["week", "failing_process", "failure", "n_week", "share", "ci_low", "ci_high"]
    )
