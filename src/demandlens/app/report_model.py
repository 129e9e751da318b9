"""What the HTML report says, as plain data: the headline, one section per failing process,
the month-over-month comparison and the breakdowns (rendered by :mod:`.report_html`).

Every figure is the measure stage's (:func:`demandlens.measure.failure_share` and friends),
computed once here, so the report shows the same number as the notebook and the exports.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..config import PipelineConfig
from ..labels.taxonomy import load_taxonomy
from ..labels.view import judgements, theme_labels
from ..measure.demand import period_weeks, taxonomy_names
from ..measure.headline import Estimate
from ..measure.shares import Measure
from ..measure.trend import compare_runs, theme_changes

__all__ = ["ReportModel", "ProcessSection", "report_model", "previous_run_of"]

log = logging.getLogger(__name__)
_EXAMPLE_CHARS = 280


@dataclass
class ProcessSection:
    """One failing process: its figures, themes, example tickets and weekly trend."""

    id: str
    name: str
    figures: dict[str, Any]
    themes: list[dict[str, Any]]
    examples: list[dict[str, str]]
    weekly: pd.DataFrame = field(repr=False)
    #: The chart entry of its weekly trend (set when the report is rendered).
    chart: dict[str, str] | None = None
    #: Its largest themes' names, without repeats (set when the report is rendered).
    top_names: list[str] = field(default_factory=list)


@dataclass
class ReportModel:
    """Everything the report shows; see :func:`report_model`."""

    headline: Estimate
    period: dict[str, Any]
    processes: list[ProcessSection]
    by_process: pd.DataFrame
    breakdowns: dict[str, pd.DataFrame]
    weekly: pd.DataFrame
    currency: str
    confidence: float
    manifest: dict[str, Any]
    compare: pd.DataFrame | None = None
    theme_changes: pd.DataFrame | None = None
    changes_text: str | None = None
    previous_period: dict[str, Any] | None = None
    #: ``{process id: name}`` of the taxonomy.
    process_names: dict[str, str] = field(default_factory=dict)
    #: Filled by the alerts stage when it runs (HTML shown at the top); None: no section.
    alerts_html: str | None = None


def _period(run: Any) -> dict[str, Any]:
    dates = pd.to_datetime(run.tickets.get("created_at", pd.Series(dtype="datetime64[ns]")))
    dates = dates.dropna()
    weeks = period_weeks(dates)
    if dates.empty:
        return {"first": None, "last": None, "weeks": weeks, "text": "no dates"}
    first, last = dates.min().date(), dates.max().date()
    return {"first": first, "last": last, "weeks": weeks,
            "text": f"{first:%d %b %Y} – {last:%d %b %Y} ({weeks:.1f} weeks)"}


def previous_run_of(run: Any) -> Any | None:
    """The run a re-run was matched to (``manifest["previous_run"]``), if its folder exists."""
    from ..run import Run

    where = (getattr(run, "manifest", None) or {}).get("previous_run")
    if not where:
        return None
    path = Path(where)
    if not path.is_absolute() and getattr(run, "path", None) is not None:
        candidates = [path, Path(run.path).parent / path.name]
    else:
        candidates = [path]
    for candidate in candidates:
        if (candidate / "manifest.json").exists():
            return Run.open(candidate)
    log.warning("The previous run %s is not there any more; the report leaves out the "
                "month-over-month section.", where)
    return None


def _examples(run: Any, labels: dict, rows: pd.DataFrame, process: str, n: int = 3
              ) -> list[dict[str, str]]:
    """Masked example tickets: judged failures of this process first, then representatives."""
    tickets = run.tickets.set_index(run.tickets["ticket_id"].astype(str))
    themes = getattr(run, "themes", None)
    reps = ({} if themes is None or "representative_ids" not in themes else
            dict(zip(themes["theme_key"].astype(str), themes["representative_ids"], strict=True)))
    picked: list[dict[str, str]] = []
    seen: set[str] = set()

    def add(ticket_id: str, theme_name: str, why: str) -> None:
        if ticket_id in seen or ticket_id not in tickets.index or len(picked) >= n:
            return
        row = tickets.loc[ticket_id]
        text = str(row.get("text", "") or "")
        text = text if len(text) <= _EXAMPLE_CHARS else text[: _EXAMPLE_CHARS - 1] + "…"
        picked.append({"ticket_id": ticket_id, "theme": theme_name, "why": why, "text": text,
                       "language": str(row.get("language", "")), "channel":
                       str(row.get("channel", ""))})
        seen.add(ticket_id)

    for r in rows.itertuples():  # one judged failure per theme first
        label = labels.get(r.theme_key)
        default = label.failing_process if label is not None else None
        for tid, j in judgements(label).items():
            if j.get("demand_type") == "failure" and (j.get("failing_process") or default) == process:
                add(str(tid), r.theme_name, "reviewed: failure")
                break
    for r in rows.itertuples():
        for tid in list(reps.get(r.theme_key, []) or [])[:1]:
            add(str(tid), r.theme_name, "typical of the theme")
    return picked


def _themes(rows: pd.DataFrame, labels: dict, taxonomy: Any) -> list[dict[str, Any]]:
    ftypes = taxonomy_names(taxonomy, "failure_type")
    out = []
    for r in rows.itertuples():
        label = labels.get(r.theme_key)
        out.append({
            "key": r.theme_key, "name": r.theme_name, "size": r.size, "failure": r.failure,
            "p": r.p, "ci_low": r.ci_low, "ci_high": r.ci_high, "sentence": r.sentence,
            "root_cause": (label.root_cause if label is not None else "") or "",
            "failure_type": ftypes.get(label.failure_type, label.failure_type)
            if label is not None and label.failure_type else "",
            "sub_process": (label.sub_process or "") if label is not None else "",
        })
    return out


def report_model(run: Any, labels: Any, *, config: PipelineConfig | None = None,
                 taxonomy: Any = None, previous: Any = "auto") -> ReportModel:
    """Compute everything the report shows.

    Args:
        run: The run to report on.
        labels: ``{theme_key: ThemeLabel}``.
        config: Defaults to the run's config (confidence, draws, costs, seed).
        taxonomy: Process and failure-type names (None: the default taxonomy).
        previous: The previous run for the month-over-month section: a Run, ``"auto"`` (the
            run's ``manifest["previous_run"]`` when that folder still exists) or None.
    """
    labels = theme_labels(labels)
    config = config or getattr(run, "config", None) or PipelineConfig()
    taxonomy = taxonomy if taxonomy is not None else load_taxonomy()
    kw = {"config": config, "taxonomy": taxonomy}
    m = Measure(run, labels, **kw)
    headline = m.failure_share()
    by_process = m.failure_share("failing_process")
    weekly = m.weekly()
    contributions = m.by_theme()
    sections = []
    failing = by_process[by_process["failure"] > 0].sort_values("failure", ascending=False)
    for row in failing.to_dict("records"):
        rows = contributions[contributions["group"] == row["group"]]
        sections.append(ProcessSection(
            id=row["group"], name=row["name"], figures=row,
            themes=_themes(rows, labels, taxonomy),
            examples=_examples(run, labels, rows, row["group"]),
            weekly=weekly[weekly["group"] == row["group"]],
        ))
    breakdowns = {by: m.failure_share(by) for by in ("channel", "language", "week")}
    model = ReportModel(
        headline=headline, period=_period(run), processes=sections, by_process=by_process,
        breakdowns=breakdowns, weekly=weekly, currency=config.quantify.currency,
        confidence=config.quantify.confidence, manifest=getattr(run, "manifest", {}) or {},
        process_names=taxonomy_names(taxonomy, "failing_process"),
    )
    prev = previous_run_of(run) if isinstance(previous, str) and previous == "auto" else previous
    if prev is not None and getattr(run, "mapping", None) is not None:
        model.compare = compare_runs(prev, run, labels, **kw)
        model.theme_changes, model.changes_text = theme_changes(prev, run, labels)
        model.previous_period = _period(prev)
    elif prev is not None:
        model.compare = compare_runs(prev, run, labels, **kw)
        model.previous_period = _period(prev)
    return model

