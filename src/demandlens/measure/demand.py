"""Each ticket with its theme's label, ISO weeks and the length of the period a run covers.

The ground every figure of the measure stage stands on: :func:`demand_table` gives one row per
ticket (outliers and tickets of unlabelled themes are ``unknown``), :func:`period_weeks` the
length of the period in weeks, so counts become rates per week that compare across periods of
different length.

Example:
    >>> import pandas as pd
    >>> from demandlens.labels.schema import ThemeLabel
    >>> tickets = pd.DataFrame({"ticket_id": ["a", "b", "c"], "theme_key": ["t1", "t1", None],
    ...     "created_at": pd.to_datetime(["2026-06-01", "2026-06-03", "2026-06-14"])})
    >>> demand_table(tickets, None, {"t1": ThemeLabel(demand_type="failure")})[
    ...     "demand_type"].tolist()
    ['failure', 'failure', 'unknown']
    >>> period_weeks(tickets["created_at"])   # 1 June to 14 June, both days included
    2.0
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..labels.display import theme_names as display_theme_names
from ..labels.schema import ThemeLabel
from ..labels.taxonomy import load_taxonomy
from ..labels.view import theme_labels

__all__ = ["iso_week", "week_range", "week_days", "period_weeks", "demand_table",
           "theme_names", "taxonomy_order", "taxonomy_names", "DEMAND_TYPES"]

#: Demand types of a ticket in :func:`demand_table` (``unknown``: outlier or not labelled).
DEMAND_TYPES = ("failure", "value", "unclear", "unknown")


def iso_week(created_at: pd.Series) -> pd.Series:
    """ISO week labels such as ``"2026-W23"`` (NA where the date is missing)."""
    dates = pd.to_datetime(pd.Series(created_at))
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


def _days(created_at: pd.Series) -> pd.Series:
    return pd.to_datetime(pd.Series(created_at)).dropna().dt.normalize()


def period_weeks(created_at: pd.Series) -> float:
    """Weeks from the first to the last ticket's day, both days included (NaN: no dates).

    A count divided by this is a rate per week: a 6-week export and a 12-week export compare.
    """
    days = _days(created_at)
    if days.empty:
        return math.nan
    return ((days.max() - days.min()).days + 1) / 7


def week_days(created_at: pd.Series) -> pd.Series:
    """Days of each ISO week that lie inside the period (7 except at its two ends).

    The first and last week of an export are usually partial; a weekly count times
    ``7 / days`` is then a rate per week like the others.
    """
    days = _days(created_at)
    if days.empty:
        return pd.Series(dtype=float)
    every = pd.Series(pd.date_range(days.min(), days.max(), freq="D"))
    return iso_week(every).value_counts().sort_index().astype(float)


def theme_names(themes: pd.DataFrame | None, labels: Mapping[str, ThemeLabel] | None = None,
                keys: Any = None) -> dict[str, str]:
    """A theme's display name, the one of every surface (the analyst's name, else a merge name,
    else its top three keywords, else its key): :func:`demandlens.labels.display.theme_names`."""
    return display_theme_names(themes, labels, keys=keys)


def demand_table(tickets: pd.DataFrame, themes: pd.DataFrame | None,
                 labels: Mapping[str, ThemeLabel] | None) -> pd.DataFrame:
    """One row per ticket with its theme's label attached.

    Args:
        tickets: Ticket table (``ticket_id``, ``theme_key``, optional ``created_at``,
            ``channel``, ``language``, ``is_outlier``).
        themes: Theme table (theme names when a label has none); may be None.
        labels: ``{theme_key: ThemeLabel}``.

    Returns:
        Columns ``ticket_id, created_at, week, channel, language, theme_key, theme_name,
        demand_type, failing_process, failure_type, is_outlier``; ``demand_type`` is one of
        failure/value/unclear/unknown (unknown = outlier or theme without a demand type).
    """
    lmap = theme_labels(labels)
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
    names = theme_names(themes, lmap, keys=present)
    columns = {
        "theme_name": {k: names.get(k, k) for k in present},
        "demand_type": {k: lmap[k].demand_type for k in present if k in lmap},
        "failing_process": {k: lmap[k].failing_process for k in present if k in lmap},
        "failure_type": {k: lmap[k].failure_type for k in present if k in lmap},
    }
    for col, mapping in columns.items():
        out[col] = out["theme_key"].map(mapping).astype("string").to_numpy()
    out["demand_type"] = out["demand_type"].where(out["demand_type"].isin(DEMAND_TYPES[:3]),
                                                  "unknown")
    return out


def _items(taxonomy: Any, by: str) -> list[Any]:
    if taxonomy is None:
        taxonomy = load_taxonomy()
    field = "processes" if by == "failing_process" else "failure_types"
    items = taxonomy.get(field, []) if isinstance(taxonomy, dict) else getattr(taxonomy, field, [])
    return list(items or [])


def _get(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def taxonomy_order(taxonomy: Any, by: str) -> list[str]:
    """Process (``by="failing_process"``) or failure-type ids in taxonomy order.

    ``taxonomy`` is a :class:`~demandlens.labels.taxonomy.Taxonomy` (None: the default one) or
    a dict with ``processes`` / ``failure_types`` lists of ``{"id": …, "name": …}``.
    """
    return [str(_get(i, "id")) for i in _items(taxonomy, by) if _get(i, "id")]


def taxonomy_names(taxonomy: Any, by: str) -> dict[str, str]:
    """``{id: name}`` of the taxonomy's processes or failure types (the id when unnamed)."""
    return {str(_get(i, "id")): str(_get(i, "name") or _get(i, "id"))
            for i in _items(taxonomy, by) if _get(i, "id")}
