"""altair charts for the quantify notebook and the report.

Each builder takes a run (anything with ``tickets`` and ``themes``) and the labels, and
returns an ``alt.Chart`` that renders in JupyterLab; :func:`save_chart` writes it as HTML
(offline, JS inlined), PNG and SVG via vl-convert for slides.

Example:
    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> run = SimpleNamespace(tickets=pd.DataFrame({"ticket_id": ["a", "b"],
    ...     "theme_key": ["t1", "t1"], "language": ["sv", "en"]}), themes=None)
    >>> pareto(run, {"t1": {"demand_type": "failure"}}).to_dict()["layer"][0]["mark"]["type"]
    'bar'
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd

from ..labels.display import OUTLIER_NAME, process_names
from ..measure.shares import failure_share, weekly_by_process
from .offline import use_offline_charts
from .tables import run_parts, theme_summary

use_offline_charts()  # the notebook's first chart from the package renders with no network

__all__ = ["pareto", "failure_by_process", "weekly_trend", "language_mix", "save_chart",
           "DEMAND_COLOURS"]

log = logging.getLogger(__name__)

#: Fixed colours per demand type, the same in every chart.
DEMAND_COLOURS = {"failure": "#d62728", "value": "#1f77b4", "unclear": "#ff7f0e",
                  "unknown": "#9e9e9e"}
_DEMAND_SCALE = alt.Scale(domain=list(DEMAND_COLOURS), range=list(DEMAND_COLOURS.values()))


def pareto(run: Any, labels: Any, top_n: int = 30) -> alt.LayerChart:
    """Themes by size (largest first) coloured by demand type, with the cumulative share.

    Outliers appear as a last grey bar so the unknown part is always visible.
    """
    tickets, themes = run_parts(run)
    summary = theme_summary(tickets, themes, labels).head(top_n)
    data = pd.DataFrame({
        "theme": summary["name"], "tickets": summary["size"],
        "demand_type": summary["demand_type"], "share": summary["share"],
        "key": summary["theme_key"],
    })
    outliers = int(tickets["theme_key"].isna().sum()) if "theme_key" in tickets else 0
    if outliers:
        data.loc[len(data)] = [OUTLIER_NAME, outliers, "unknown", outliers / max(len(tickets), 1),
                               ""]
    data["cumulative_share"] = data["share"].cumsum()
    order = data["theme"].tolist()
    base = alt.Chart(data).encode(x=alt.X("theme:N", sort=order, title=None,
                                          axis=alt.Axis(labelAngle=-45, labelLimit=220)))
    bars = base.mark_bar().encode(
        y=alt.Y("tickets:Q", title="Tickets"),
        color=alt.Color("demand_type:N", scale=_DEMAND_SCALE, title="Demand type"),
        tooltip=["theme", "tickets", "demand_type", alt.Tooltip("share:Q", format=".1%"), "key"],
    )
    line = base.mark_line(point=True, color="#333333").encode(
        y=alt.Y("cumulative_share:Q", title="Cumulative share of all tickets",
                axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        tooltip=[alt.Tooltip("cumulative_share:Q", format=".1%")],
    )
    return alt.layer(bars, line).resolve_scale(y="independent").properties(
        title="Themes by volume (Pareto), coloured by demand type", width=700, height=320
    )


def failure_by_process(run: Any, labels: Any, confidence: float = 0.95,
                       taxonomy: Any = None) -> alt.LayerChart:
    """Failure demand per failing process as a share of all tickets, with Wilson intervals.

    The ``unknown`` bar shows the tickets whose demand type is not known yet.
    """
    tickets, themes = run_parts(run)
    table = failure_share(tickets, themes, labels, by="failing_process",
                          confidence=confidence, taxonomy=taxonomy)
    table = table[table["group"] != "none"].copy()
    is_unknown = table["group"] == "unknown"
    table["share"] = table["failure_share"].where(~is_unknown, table["n"] / table["denominator"])
    table["kind"] = ["unknown" if u else "failure" for u in is_unknown]
    names = process_names(taxonomy)
    table["process"] = [names.get(str(g), str(g)) for g in table["group"]]
    for col in ("ci_low", "ci_high"):
        table[col] = table[col].where(~is_unknown)
    base = alt.Chart(table).encode(y=alt.Y("process:N", sort=table["process"].tolist(),
                                           title="Failing process",
                                           axis=alt.Axis(labelLimit=260)))
    bars = base.mark_bar().encode(
        x=alt.X("share:Q", title="Share of all tickets", axis=alt.Axis(format="%")),
        color=alt.Color("kind:N", scale=_DEMAND_SCALE, title=None),
        tooltip=["process", "n", "failure", alt.Tooltip("share:Q", format=".1%"),
                 alt.Tooltip("ci_low:Q", format=".1%"), alt.Tooltip("ci_high:Q", format=".1%")],
    )
    rules = base.mark_rule(color="black").encode(x="ci_low:Q", x2="ci_high:Q")
    return alt.layer(bars, rules).properties(
        title=f"Failure demand by failing process ({confidence:.0%} intervals)",
        width=600, height=max(120, 28 * len(table)),
    )


def weekly_trend(run: Any, labels: Any, processes: Sequence[str] | None = None,
                 confidence: float = 0.95, taxonomy: Any = None) -> alt.LayerChart:
    """Weekly failure demand per process (share of the week's tickets) with interval bands;
    processes by the taxonomy's names."""
    tickets, themes = run_parts(run)
    data = weekly_by_process(tickets, themes, labels, processes=processes,
                             confidence=confidence)
    names = process_names(taxonomy)
    data["process"] = [names.get(str(p), str(p)) for p in data["failing_process"]]
    base = alt.Chart(data).encode(
        x=alt.X("week:O", title="ISO week", sort=sorted(data["week"].unique())),
        color=alt.Color("process:N", title="Failing process"),
    )
    band = base.mark_area(opacity=0.15).encode(y="ci_low:Q", y2="ci_high:Q")
    line = base.mark_line(point=True).encode(
        y=alt.Y("share:Q", title="Failure demand, share of the week's tickets",
                axis=alt.Axis(format="%")),
        tooltip=["week:O", "process:N", "failure:Q", "n_week:Q",
                 alt.Tooltip("share:Q", format=".1%")],
    )
    return alt.layer(band, line).properties(
        title="Weekly failure demand per process", width=700, height=300
    )


def language_mix(run: Any, labels: Any, top_n: int = 20) -> alt.Chart:
    """Language share within each of the ``top_n`` largest themes (stacked to 100%)."""
    tickets, themes = run_parts(run)
    summary = theme_summary(tickets, themes, labels).head(top_n)
    rows = [
        {"theme": r["name"], "language": lang, "tickets": n}
        for _, r in summary.iterrows() for lang, n in r["languages"].items()
    ]
    data = pd.DataFrame(rows, columns=["theme", "language", "tickets"])
    order = summary["name"].tolist()
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("theme:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("tickets:Q", stack="normalize", title="Share of the theme's tickets",
                axis=alt.Axis(format="%")),
        color=alt.Color("language:N", title="Language"),
        tooltip=["theme", "language", "tickets"],
    ).properties(title="Language mix per theme", width=500, height=max(120, 22 * len(order)))


def save_chart(chart: alt.TopLevelMixin, path_without_ext: str | Path,
               formats: Sequence[str] = ("html", "png", "svg")) -> dict[str, Path]:
    """Save ``chart`` as HTML (JS inlined: opens offline), PNG and/or SVG via vl-convert.

    Returns:
        ``{format: path}`` of the files written.
    """
    base = Path(path_without_ext)
    base.parent.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for fmt in formats:
        target = base.with_suffix(f".{fmt}")
        if fmt == "html":
            chart.save(str(target), format="html", inline=True)
        elif fmt == "png":
            chart.save(str(target), format="png", scale_factor=2)
        elif fmt in ("svg", "pdf"):
            chart.save(str(target), format=fmt)
        else:
            raise ValueError(f"Unknown chart format {fmt!r}; use html, png, svg or pdf.")
        paths[fmt] = target
        log.info("Saved chart %s", target)
    return paths
