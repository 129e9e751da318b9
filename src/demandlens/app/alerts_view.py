"""Alerts and repeat contacts on the surfaces: the report's section, the export's alerts.csv
and the workbench's per-theme badge all come from here, so they say the same thing.

Example:
    >>> context = alerts_context(run, labels)       # doctest: +SKIP
    >>> context["alerts_summary"]                   # doctest: +SKIP
    '2 spikes, 1 new theme'
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..measure.alert_text import fmt_ratio
from ..measure.alerts import Alerts, find_alerts
from ..measure.repeats import find_repeats

__all__ = ["alerts_context", "theme_badges"]


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
    return {
        "alerts": items,
        "alerts_summary": alerts.summary(),
        "alert_notes": alerts.notes,
        "repeats_text": repeats.summary(),
    }


def theme_badges(alerts: Alerts | pd.DataFrame) -> dict[str, str]:
    """Short badge per theme key with an alert: ``spike W28 9×``, ``new``, ``growing 2.1×``."""
    table = alerts.table if isinstance(alerts, Alerts) else alerts
    badges: dict[str, list[str]] = {}
    for row in table.itertuples():
        if not isinstance(row.theme_key, str) or row.kind == "vanished":
            continue
        if row.kind == "spike":
            period = f"W{row.period.split('-W')[1]}" if "-W" in row.period else row.period[5:]
            text = f"spike {period} {fmt_ratio(row.ratio)}"
        elif row.kind == "new_theme":
            text = "new"
        else:
            text = f"{row.kind} {fmt_ratio(row.ratio)}"
        badges.setdefault(row.theme_key, []).append(text)
    return {key: "; ".join(texts) for key, texts in badges.items()}
