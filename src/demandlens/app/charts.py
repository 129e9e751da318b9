"""altair charts for the quantify notebook and the report.

Each builder takes a run (anything with ``tickets`` and ``themes``) and the labels, and
returns an ``alt.Chart`` that renders in JupyterLab; :func:`save_chart` writes it as HTML
(offline, JS inlined), PNG and SVG via vl-convert for slides.

Example:
    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> run = SimpleNamespace(tickets=pd.DataFrame({"ticket_id": ["a", "b"],
    ...     "theme_key": ["t1", "t1"], "language": ["sv", "en"]}), themes=None)
    >>> from demandlens.labels.schema import ThemeLabel
    >>> pareto(run, {"t1": ThemeLabel(demand_type="failure")}).to_dict()["layer"][0]["mark"]["type"]
    'bar'
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd

from ..labels.display import OUTLIER_NAME
from ..measure.headline import DENOMINATOR, fmt_share
from ..measure.shares import failure_share, weekly_failure
from .offline import use_offline_charts
from .tables import run_parts, theme_summary

use_offline_charts()  # the notebook's first chart from the package renders with no network

__all__ = ["pareto", "failure_by_process", "weekly_trend", "month_over_month", "language_mix",
           "save_chart", "DEMAND_COLOURS"]

log = logging.getLogger(__name__)

#: Fixed colours per demand type, the same in every chart.
DEMAND_COLOURS = {"failure": "#d62728", "value": "#1f77b4", "unclear": "#ff7f0e",
                  "unknown": "#9e9e9e"}
_DEMAND_SCALE = alt.Scale(domain=list(DEMAND_COLOURS), range=list(DEMAND_COLOURS.values()))


def _short(name: str, width: int = 40) -> str:
    name = str(name)
    return name if len(name) <= width else name[: width - 1] + "…"


def _display(names: Sequence[str], keys: Sequence[str]) -> list[str]:
    """Theme display names for an axis; the key is added only where two names are the same."""
    short = [_short(n) for n in names]
    seen = pd.Series(short).duplicated(keep=False).tolist()
    return [f"{n} ({k})" if dup else n for n, k, dup in zip(short, keys, seen, strict=True)]


def pareto(run: Any, labels: Any, top_n: int = 30) -> alt.LayerChart:
    """Themes by size (largest first) coloured by demand type, with the cumulative share.

    Outliers appear as a last grey bar so the unknown part is always visible.
    """
    tickets, themes = run_parts(run)
    summary = theme_summary(tickets, themes, labels).head(top_n)
    data = pd.DataFrame({
        "theme": _display(summary["name"], summary["theme_key"]),
        "tickets": summary["size"], "demand_type": summary["demand_type"],
        "share": summary["share"],
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


def _process_data(run: Any, labels: Any, config: Any, taxonomy: Any,
                  table: pd.DataFrame | None) -> pd.DataFrame:
    if table is None:
        table = failure_share(run, labels, by="failing_process", config=config,
                              taxonomy=taxonomy)
    return table


def failure_by_process(run: Any, labels: Any, *, config: Any = None, taxonomy: Any = None,
                       table: pd.DataFrame | None = None) -> alt.LayerChart:
    """Failure demand per failing process as a share of labelled tickets, with intervals.

    The figures of :func:`demandlens.measure.failure_share` (``by="failing_process"``; pass
    ``table`` to reuse one). Processes without failure demand are left out; the subtitle
    says how many tickets are unknown and so in no bar.
    """
    table = _process_data(run, labels, config, taxonomy, table)
    shown = table[table["failure"] > 0].sort_values("failure", ascending=False)
    data = shown.assign(share=shown["failure_share"], label=[fmt_share(x) for x in shown["failure_share"]])
    data = data[["group", "name", "failure", "failure_low", "failure_high", "per_week", "share",
                 "ci_low", "ci_high", "label"]]
    n_known = int(table["n_known"].iloc[0]) if len(table) else 0
    n_all = int(table["n"].iloc[0]) if len(table) else 0
    base = alt.Chart(data).encode(y=alt.Y("name:N", sort=data["name"].tolist(),
                                          title="Failing process"))
    bars = base.mark_bar(color=DEMAND_COLOURS["failure"]).encode(
        x=alt.X("share:Q", title=f"Failure demand, share {DENOMINATOR}",
                axis=alt.Axis(format="%")),
        tooltip=["name", alt.Tooltip("share:Q", format=".1%", title=f"share {DENOMINATOR}"),
                 alt.Tooltip("ci_low:Q", format=".1%"), alt.Tooltip("ci_high:Q", format=".1%"),
                 alt.Tooltip("failure:Q", format=",.0f", title="failure tickets"),
                 alt.Tooltip("per_week:Q", format=",.1f", title="per week")],
    )
    rules = base.mark_rule(color="black").encode(x="ci_low:Q", x2="ci_high:Q")
    subtitle = (f"Share of the {n_known:,} labelled tickets; the {n_all - n_known:,} unknown "
                f"tickets (outliers, unlabelled themes) of {n_all:,} are in no bar.")
    return alt.layer(bars, rules).properties(
        title=alt.Title("Failure demand by failing process", subtitle=subtitle),
        width=600, height=max(120, 28 * len(data)),
    )


def weekly_trend(run: Any, labels: Any, processes: Sequence[str] | None = None, *,
                 config: Any = None, taxonomy: Any = None,
                 weekly: pd.DataFrame | None = None) -> alt.LayerChart:
    """Failure tickets per week and failing process (a rate: partial weeks scaled to 7 days).

    The figures of :func:`demandlens.measure.weekly_failure` (pass ``weekly`` to reuse one);
    only processes with failure demand are drawn, or ``processes`` (ids) if given.
    """
    if weekly is None:
        weekly = weekly_failure(run, labels, config=config, taxonomy=taxonomy)
    keep = (list(processes) if processes is not None
            else weekly.groupby("group")["failure"].sum().loc[lambda s: s > 0].index.tolist())
    data = weekly[weekly["group"].isin(keep)][
        ["week", "group", "name", "days", "n", "failure", "per_week", "per_week_low",
         "per_week_high"]]
    base = alt.Chart(data).encode(
        x=alt.X("week:O", title="ISO week", sort=sorted(data["week"].unique())),
        color=alt.Color("name:N", title="Failing process"),
    )
    band = base.mark_area(opacity=0.15).encode(y="per_week_low:Q", y2="per_week_high:Q")
    line = base.mark_line(point=True).encode(
        y=alt.Y("per_week:Q", title="Failure tickets per week"),
        tooltip=["week", "name", alt.Tooltip("per_week:Q", format=",.1f", title="per week"),
                 alt.Tooltip("failure:Q", format=",.1f", title="failure tickets"),
                 alt.Tooltip("days:Q", title="days of the week in the period")],
    )
    return alt.layer(band, line).properties(
        title=alt.Title("Failure demand per week and process",
                        subtitle="Tickets per week; first and last week scaled to 7 days."),
        width=700, height=300,
    )


def month_over_month(compare: pd.DataFrame) -> alt.Chart:
    """Failure tickets per week, previous run vs this run, per process (:func:`compare_runs`)."""
    rows = compare[compare["group"] != "all"]
    rows = rows[(rows["failure_previous"] > 0) | (rows["failure_current"] > 0)]
    data = pd.concat([
        pd.DataFrame({"name": rows["name"], "run": "previous run",
                      "per_week": rows["per_week_previous"]}),
        pd.DataFrame({"name": rows["name"], "run": "this run",
                      "per_week": rows["per_week_current"]}),
    ], ignore_index=True)
    order = rows.sort_values("per_week_current", ascending=False)["name"].tolist()
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("name:N", sort=order, title="Failing process"),
        yOffset=alt.YOffset("run:N", sort=["previous run", "this run"]),
        x=alt.X("per_week:Q", title="Failure tickets per week"),
        color=alt.Color("run:N", scale=alt.Scale(domain=["previous run", "this run"],
                                                 range=["#bdbdbd", DEMAND_COLOURS["failure"]]),
                        title=None),
        tooltip=["name", "run", alt.Tooltip("per_week:Q", format=",.1f")],
    ).properties(title="Failure demand per week: previous run and this run", width=600,
                 height=max(120, 40 * len(order)))


def language_mix(run: Any, labels: Any, top_n: int = 20) -> alt.Chart:
    """Language share within each of the ``top_n`` largest themes (stacked to 100%)."""
    tickets, themes = run_parts(run)
    summary = theme_summary(tickets, themes, labels).head(top_n)
    order = _display(summary["name"], summary["theme_key"])
    rows = [
        {"theme": shown, "language": lang, "tickets": n}
        for shown, (_, r) in zip(order, summary.iterrows(), strict=True)
        for lang, n in r["languages"].items()
    ]
    data = pd.DataFrame(rows, columns=["theme", "language", "tickets"])
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
