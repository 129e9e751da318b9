"""Alerts and repeat contacts on the surfaces: the report's section, the export's alerts.csv
and the workbench's per-theme badge all come from here, so they say the same thing.

Example:
    >>> context = alerts_context(run, labels)       # doctest: +SKIP
    >>> context["alerts_summary"]                   # doctest: +SKIP
    '2 spikes, 1 new theme'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..measure.alert_text import fmt_ratio
from ..measure.alerts import find_alerts
from ..measure.repeats import find_repeats

__all__ = ["alerts_context", "alert_badges", "AlertBadge"]


def alerts_context(run: Any, labels: Any = None) -> dict[str, Any]:
    """What the report's alerts section and repeat line show (template variables)."""
    alerts = find_alerts(run, labels)
    items = []
    for i, row in enumerate(alerts.table.itertuples()):
        examples = alerts.examples.get(i, pd.DataFrame(columns=["ticket_id", "language", "text"]))
        items.append({
            "kind": row.kind,
            "message": row.message,
            "examples": examples[["ticket_id", "language", "text"]].to_dict("records"),
        })
    repeats = find_repeats(run, labels)
    rows = repeats.top_themes().to_dict("records") if repeats.available else []
    return {
        "alerts": items,
        "alerts_summary": alerts.summary(),
        "alert_notes": alerts.notes,
        "repeats_text": repeats.summary(),
        "repeat_rows": rows,
        "repeat_window": repeats.window_days,
    }


@dataclass(frozen=True)
class AlertBadge:
    """A workbench status badge (the shape of :class:`demandlens.app.widget_views.Badge`)."""

    id: str
    text: str
    title: str = ""


def alert_badges(run: Any, labels: Any = None) -> dict[str, list[AlertBadge]]:
    """Badges for the workbench's theme list from the run's alerts (``run.alerts``, the table
    saved with the run folder; nothing to compute when the workbench opens): ``spike W28 9×``,
    ``growing 2.1×``, ``shrinking 0.4×``. "new" is already a status badge."""
    table = getattr(run, "alerts", None)
    if table is None or not len(table):
        return {}
    badges: dict[str, list[AlertBadge]] = {}
    for row in table.itertuples():
        if not isinstance(row.theme_key, str) or row.kind not in ("spike", "growing",
                                                                   "shrinking"):
            continue
        if row.kind == "spike":
            period = f"W{row.period.split('-W')[1]}" if "-W" in row.period else row.period[5:]
            text = f"spike {period} {fmt_ratio(row.ratio)}"
        else:
            text = f"{row.kind} {fmt_ratio(row.ratio)}"
        badges.setdefault(row.theme_key, []).append(AlertBadge(row.kind, text, row.message))
    return badges
