"""The self-contained HTML report: headline, breakdowns, charts and method note, offline.

The CSV and Excel exports are in :mod:`demandlens.app.exports`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from ..config import PipelineConfig, QuantifyConfig
from ..errors import InputError
from ..fileio import atomic_write_text
from ..labels.display import process_names
from ..measure.estimate import estimate_failure_share
from ..measure.shares import failure_share
from ..measure.trend import avoidable_cost
from .charts import failure_by_process, language_mix, pareto, weekly_trend
from .tables import run_parts, theme_summary

__all__ = ["html_report", "script_json"]

log = logging.getLogger(__name__)


def _bundle() -> str | None:
    try:
        import vl_convert as vlc

        return vlc.javascript_bundle()
    except Exception as exc:  # noqa: BLE001 - fall back to static SVG charts
        log.warning("Could not inline the Vega JavaScript (%s); charts embedded as SVG.", exc)
        return None


def _chart_entries(charts: dict[str, Any], interactive: bool) -> list[dict[str, str]]:
    entries = []
    for i, (title, chart) in enumerate(charts.items()):
        entry = {"id": f"chart-{i}", "title": title}
        if interactive:
            entry["spec"] = script_json(chart.to_dict())
        else:
            import vl_convert as vlc

            entry["svg"] = vlc.vegalite_to_svg(chart.to_dict())
        entries.append(entry)
    return entries


def script_json(value: Any) -> str:
    """JSON safe to place inside ``<script>``: ``<``, ``>`` and ``&`` are written as ``\\u003c``
    escapes, so no label (``</script>``, ``<!--<script>``) can end or confuse the script."""
    text = json.dumps(value)  # ensure_ascii: U+2028/U+2029 come out escaped too
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _fmt_table(df: pd.DataFrame) -> str:
    shown = df.copy()
    for col in shown.columns:
        if col in ("n", "n_known", "n_unknown", "denominator") or not pd.api.types.is_float_dtype(
            shown[col]
        ):
            continue
        fmt = "{:,.2f}".format if col == "cost" else "{:.1%}".format
        shown[col] = [("–" if pd.isna(v) else fmt(v)) for v in shown[col]]
    return shown.to_html(index=False, border=0, classes="tbl", na_rep="–")


def _by_name(table: pd.DataFrame, taxonomy: Any, column: str | None = "group") -> pd.DataFrame:
    """``table`` with the process ids in ``column`` replaced by the taxonomy's names (as it
    is when ``column`` is None or absent)."""
    if column is None or column not in table.columns:
        return table
    names = process_names(taxonomy)
    return table.assign(**{column: [names.get(str(v), v) if isinstance(v, str) else v
                                    for v in table[column]]})


def html_report(
    run: Any, labels: Any, path: str | Path, config: PipelineConfig | QuantifyConfig | None = None,
    taxonomy: Any = None,
) -> Path:
    """Write a self-contained HTML report (charts, tables, method note) that opens offline.

    The headline is the stratified estimate (:mod:`demandlens.measure.estimate`) with its interval and
    what it rests on; tables break failure demand down by process, channel, language and
    week; charts are interactive (Vega JavaScript inlined, no network needed).

    Processes are shown by the names of ``taxonomy`` (the default taxonomy when None), themes
    by their display names.

    Returns:
        The path written.
    """
    if Path(path).is_dir():
        raise InputError("This is a folder; the report is one HTML file.", file=str(path),
                         hint=f"Pass a file name, e.g. {Path(path) / 'report.html'}.")
    if isinstance(config, PipelineConfig):
        config = config.quantify
    config = config or getattr(getattr(run, "config", None), "quantify", None) or QuantifyConfig()
    conf = config.confidence
    tickets, themes = run_parts(run)
    seed = run.config.seed
    est = estimate_failure_share(tickets, themes, labels, confidence=conf, seed=seed)
    breakdowns = {
        dim: _fmt_table(_by_name(
            estimate_failure_share(tickets, themes, labels, by=dim, confidence=conf, seed=seed),
            taxonomy, "group" if dim == "failing_process" else None))
        for dim in ("failing_process", "channel", "language", "week")
    }
    label_counts = _fmt_table(_by_name(failure_share(
        tickets, themes, labels, by="failing_process", confidence=conf), taxonomy))
    costs = None
    if config.cost_per_contact:
        costs = {by: _fmt_table(_by_name(avoidable_cost(
            tickets, themes, labels, config.cost_per_contact, by=by, currency=config.currency),
            taxonomy, "group" if by == "failing_process" else None))
                 for by in ("failing_process", "week")}
    summary = theme_summary(tickets, themes, labels, confidence=conf).head(40)
    summary["keywords"] = [k if len(k) <= 80 else k[:79] + "…" for k in summary["keywords"]]
    summary = _by_name(summary, taxonomy, "failing_process")
    theme_cols = ["name", "theme_key", "demand_type", "failing_process", "size", "share",
                  "failure_fraction", "failure_fraction_low", "failure_fraction_high",
                  "failure_fraction_source", "n_reviewed", "keywords"]
    charts = {
        "Themes by volume": pareto(run, labels),
        "Failure demand by process": failure_by_process(run, labels, confidence=conf,
                                                        taxonomy=taxonomy),
        "Weekly failure demand per process": weekly_trend(run, labels, confidence=conf,
                                                          taxonomy=taxonomy),
        "Language mix per theme": language_mix(run, labels),
    }
    bundle = _bundle()
    env = Environment(loader=PackageLoader("demandlens", "resources"),
                      autoescape=select_autoescape(["html", "j2"]))
    html = env.get_template("report.html.j2").render(
        est=est, summary_text=est.summary(), confidence=conf,
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        manifest=getattr(run, "manifest", {}) or {},
        breakdowns=breakdowns, label_counts=label_counts, costs=costs,
        currency=config.currency, themes_table=_fmt_table(summary[theme_cols]),
        charts=_chart_entries(charts, interactive=bundle is not None), bundle=bundle,
    )
    target = atomic_write_text(Path(path), html)
    log.info("Wrote report %s", target)
    return target
