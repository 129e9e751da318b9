"""The self-contained HTML report a process owner acts on (opens offline: no CDN, no network).

First screen: the headline (failure demand as a share of labelled tickets, per week, avoidable
cost, what it rests on) and the failing processes at a glance. Then one section per failing
process (its themes with root causes and failure types, masked example tickets, its weekly
trend as a rate), the comparison with the previous run when there is one (change per process
with the change test; new / vanished / split / merged themes, rates per week), breakdowns by
channel, language and week, all themes, and the method in plain words.

Example:
    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> from demandlens.labels.schema import ThemeLabel
    >>> run = SimpleNamespace(tickets=pd.DataFrame({"ticket_id": ["a", "b", "c"],
    ...     "theme_key": ["t1", "t1", "t2"], "channel": "email", "language": "sv",
    ...     "text": ["Var är paketet?", "Paketet är sent", "Öppettider?"],
    ...     "created_at": pd.to_datetime(["2026-06-01", "2026-06-02", "2026-06-03"])}),
    ...     themes=None)
    >>> labels = {"t1": ThemeLabel(name="Late parcel", demand_type="failure",
    ...     failing_process="delivery"), "t2": ThemeLabel(demand_type="value")}
    >>> html = render_report(report_model(run, labels), run, labels, bundle="/* vega */")
    >>> "Late parcel" in html and "of labelled tickets" in html
    True
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from ..config import PipelineConfig, QuantifyConfig
from ..errors import InputError
from ..fileio import atomic_write_text
from ..measure.headline import fmt_share
from .alerts_view import alerts_context
from .charts import failure_by_process, language_mix, month_over_month, pareto, weekly_trend
from .report_model import ReportModel, report_model
from .tables import run_parts, theme_summary

__all__ = ["html_report", "render_report", "script_json"]

log = logging.getLogger(__name__)


def _bundle() -> str | None:
    try:
        import vl_convert as vlc

        return vlc.javascript_bundle()
    except Exception as exc:  # noqa: BLE001 - fall back to static SVG charts
        log.warning("Could not inline the Vega JavaScript (%s); charts embedded as SVG.", exc)
        return None


class _Charts:
    """Numbers the charts of one report and turns each into a spec (or SVG without the JS)."""

    def __init__(self, interactive: bool):
        self.interactive, self.all = interactive, []

    def add(self, chart: Any) -> dict[str, str]:
        entry = {"id": f"chart-{len(self.all)}"}
        if self.interactive:
            entry["spec"] = script_json(chart.to_dict())
        else:
            import vl_convert as vlc

            entry["svg"] = vlc.vegalite_to_svg(chart.to_dict())
        self.all.append(entry)
        return entry


def script_json(value: Any) -> str:
    """JSON safe to place inside ``<script>``: ``<``, ``>`` and ``&`` are written as ``\\u003c``
    escapes, so no label (``</script>``, ``<!--<script>``) can end or confuse the script."""
    text = json.dumps(value)  # ensure_ascii: U+2028/U+2029 come out escaped too
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _missing(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _filters() -> dict[str, Any]:
    return {
        "fmt_share": fmt_share,
        "num0": lambda x: "–" if _missing(x) else f"{x:,.0f}",
        "num1": lambda x: "–" if _missing(x) else f"{x:,.1f}",
        "money": lambda x: "–" if _missing(x) else f"{x:,.0f}",
        "signed_pct": lambda x: "–" if _missing(x) else f"{x:+.0%}",
        "points": lambda x: "–" if _missing(x) else f"{x * 100:+.1f}",
    }


def render_report(model: ReportModel, run: Any, labels: Any, bundle: str | None) -> str:
    """The report's HTML for a computed :class:`ReportModel`."""
    charts = _Charts(interactive=bundle is not None)
    top = [charts.add(failure_by_process(run, labels, table=model.by_process))]
    for section in model.processes:
        section.chart = charts.add(weekly_trend(run, labels, processes=[section.id],
                                                weekly=model.weekly).properties(height=160))
    for section in model.processes:
        section.top_names = list(dict.fromkeys(t["name"] for t in section.themes))[:2]
    mom, previous_rate, compare_rows, theme_rows, coverage_note = [], {}, [], [], None
    if model.compare is not None:
        before, now = (float(model.compare[c].iloc[0]) for c in ("coverage_previous",
                                                                 "coverage_current"))
        if abs(before - now) >= 0.05:
            coverage_note = (f"labelled tickets were {before:.0%} of all tickets in the previous "
                             f"run and are {now:.0%} now; counts per week are of labelled "
                             "tickets and move with that, the shares do not. Label the new "
                             "themes to compare counts.")
        mom = [charts.add(month_over_month(model.compare))]
        previous_rate = dict(zip(model.compare["group"], model.compare["per_week_previous"],
                                 strict=True))
        shown = model.compare[(model.compare["failure_previous"] > 0)
                              | (model.compare["failure_current"] > 0)]
        compare_rows = shown.to_dict("records")
    if model.theme_changes is not None:
        changes = model.theme_changes
        theme_rows = changes[~changes["status"].isin(["matched", "assigned"])
                             | (changes["rate_change"].abs() > 0.25)].to_dict("records")
    more = [charts.add(pareto(run, labels)),
            charts.add(weekly_trend(run, labels, weekly=model.weekly)),
            charts.add(language_mix(run, labels))]
    tickets, themes = run_parts(run)
    summary = theme_summary(tickets, themes, labels, confidence=model.confidence).head(60)
    sentences = dict(zip(model.headline.per_theme["theme_key"],
                         model.headline.per_theme["sentence"], strict=True))
    theme_rows_all = [{
        "name": r.name, "demand_type": r.demand_type,
        "process": model.process_names.get(r.failing_process, r.failing_process)
        if isinstance(r.failing_process, str) else "",
        "size": r.size, "share": r.share, "failure_fraction": r.failure_fraction,
        "sentence": sentences.get(r.theme_key, ""),
        "keywords": r.keywords if len(r.keywords) <= 80 else r.keywords[:79] + "…",
    } for r in summary.itertuples()]
    env = Environment(loader=PackageLoader("demandlens", "resources"),
                      autoescape=select_autoescape(["html", "j2"]))
    env.filters["basename"] = lambda p: Path(str(p)).name
    est = model.headline
    return env.get_template("report.html.j2").render(
        est=est, period=model.period, confidence=model.confidence, currency=model.currency,
        has_cost=not _missing(est.cost), manifest=model.manifest, processes=model.processes,
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        alerts_html=model.alerts_html, compare=model.compare, compare_rows=compare_rows,
        previous_rate=previous_rate, previous_period=model.previous_period,
        changes_text=model.changes_text, theme_rows=theme_rows, coverage_note=coverage_note,
        breakdowns=[(title, model.breakdowns[by].to_dict("records"))
                    for title, by in (("Channel", "channel"), ("Language", "language"),
                                      ("ISO week", "week"))],
        themes_rows=theme_rows_all, charts_top=top, charts_mom=mom, charts_more=more,
        all_charts=charts.all, bundle=bundle, **alerts_context(run, labels), **_filters(),
    )


def html_report(
    run: Any, labels: Any, path: str | Path, config: PipelineConfig | QuantifyConfig | None = None,
    *, taxonomy: Any = None, previous: Any = "auto", alerts_html: str | None = None,
) -> Path:
    """Write the self-contained HTML report for ``run`` (see the module docstring).

    Args:
        run: The run.
        labels: ``{theme_key: ThemeLabel}``.
        path: HTML file to write (atomically).
        config: Defaults to the run's own config (a QuantifyConfig replaces its quantify part).
        taxonomy: Process and failure-type names (None: the default taxonomy).
        previous: The previous run for the month-over-month section; ``"auto"`` opens the
            run's ``manifest["previous_run"]`` when it still exists; None leaves it out.
        alerts_html: HTML shown at the top, above the headline (the alerts section).

    Returns:
        The path written.
    """
    if Path(path).is_dir():
        raise InputError("This is a folder; the report is one HTML file.", file=str(path),
                         hint=f"Pass a file name, e.g. {Path(path) / 'report.html'}.")
    base = getattr(run, "config", None) or PipelineConfig()
    if isinstance(config, QuantifyConfig):
        import dataclasses

        config = dataclasses.replace(base, quantify=config)
    model = report_model(run, labels, config=config or base, taxonomy=taxonomy,
                         previous=previous)
    model.alerts_html = alerts_html
    target = atomic_write_text(Path(path), render_report(model, run, labels, _bundle()))
    log.info("Wrote report %s", target)
    return target
