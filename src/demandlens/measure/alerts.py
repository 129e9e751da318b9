"""Alerts found without being asked: spikes per theme and failing process, new and vanished
themes, growing themes and shrinking failure themes, each in plain words.

``find_alerts(run, labels)`` composes :mod:`~demandlens.measure.spikes` (weekly and daily spike
tests), :mod:`~demandlens.measure.spike_words` (what is different about a spike, 3 examples)
and :mod:`~demandlens.measure.emerging` (rate ratios), over the run's tickets, with the
previous run's tickets as extra history when one is given. Theme names come from the labels
(the first keywords where a theme has no name); process spikes need labels (a process is the
union of the themes labelled failure demand with that failing process).

One row per alert (:data:`ALERT_COLUMNS`): ``kind`` (spike, process_spike, new_theme, growing,
shrinking, vanished), ``theme_key``, ``theme_name``, ``failing_process``, ``period`` (ISO week
``2026-W28``, a date ``2026-07-07``, or the recent window ``2026-W31..2026-W34``),
``observed``, ``expected``, ``ratio`` with ``ci_low``/``ci_high`` (growth only),
``q_value``, ``top_words``, ``example_ids`` and ``message``.

Example:
    >>> alerts = find_alerts(run, labels)         # doctest: +SKIP
    >>> alerts.summary()                          # doctest: +SKIP
    '2 spikes, 1 new theme'
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..config import AlertsConfig, PipelineConfig
from ..errors import InputError
from ..labels.taxonomy import load_taxonomy
from ..labels.view import theme_labels
from ..run import Run
from . import alert_text as txt
from .demand import demand_table
from .emerging import growth_tests
from .spike_words import distinctive_words, example_tickets, tokens_by_language
from .spikes import SpikeTests, daily_counts, spike_tests

__all__ = ["Alerts", "find_alerts", "resolve_previous", "ALERT_COLUMNS"]

log = logging.getLogger(__name__)

ALERT_COLUMNS = ["kind", "theme_key", "theme_name", "failing_process", "period", "observed",
                 "expected", "ratio", "ci_low", "ci_high", "q_value", "top_words",
                 "example_ids", "message"]
_ORDER = {k: i for i, k in enumerate(txt.KIND_WORDS)}


@dataclass
class Alerts:
    """The alerts of one run; ``table`` has one row per alert (:data:`ALERT_COLUMNS`)."""

    table: pd.DataFrame
    #: Example tickets (``ticket_id``, ``language``, ``text``) per row of ``table``.
    examples: dict[int, pd.DataFrame] = field(default_factory=dict)
    #: What could not be tested and why (e.g. too few weeks for growth).
    notes: list[str] = field(default_factory=list)
    tests: SpikeTests | None = None
    growth: pd.DataFrame | None = None

    def counts(self) -> dict[str, int]:
        return {str(k): int(v) for k, v in self.table["kind"].value_counts().items()}

    def summary(self) -> str:
        """``2 spikes, 1 new theme`` (``no alerts``)."""
        return txt.summary_line(self.counts())

    def __len__(self) -> int:
        return len(self.table)

    def _repr_html_(self) -> str:
        from html import escape

        items = []
        for i, message in enumerate(self.table["message"]):
            ex = self.examples.get(i)
            detail = ""
            if ex is not None and len(ex):
                rows = "".join(f"<li><small>{escape(str(r.ticket_id))} · {escape(str(r.language))}"
                               f"</small> {escape(str(r.text))}</li>" for r in ex.itertuples())
                detail = f"<details><summary>{len(ex)} example tickets</summary><ul>{rows}</ul></details>"
            items.append(f"<li>{escape(message)}{detail}</li>")
        notes = "".join(f"<li><em>{escape(n)}</em></li>" for n in self.notes)
        return (f"<p><strong>Alerts: {escape(self.summary())}</strong></p>"
                f"<ul>{''.join(items)}{notes}</ul>")


def resolve_previous(run: Any, previous: Any = None, notes: list[str] | None = None) -> Any:
    """The previous run to use as history: ``previous`` itself (a run or its folder), the one
    named in ``run.manifest["previous_run"]`` when ``previous`` is None, or none for False."""
    if previous is False:
        return None
    if previous is None:
        previous = (getattr(run, "manifest", None) or {}).get("previous_run")
        if not previous:
            return None
    if hasattr(previous, "tickets"):
        return previous
    try:
        return Run.open(previous)
    except (InputError, OSError) as exc:
        if notes is not None:
            notes.append(f"The previous run ({previous}) could not be opened, so its tickets "
                         f"are not used as history: {exc}")
        return None


def _history(run: Any, previous: Any) -> pd.DataFrame | None:
    """The previous run's tickets under this run's keys (matched / merged themes only)."""
    if previous is None:
        return None
    prev = previous.tickets
    keys = prev["theme_key"].astype("string").where(~prev.get("is_outlier", False), pd.NA)
    mapping = getattr(run, "mapping", None)
    if mapping is not None and len(mapping):
        to_current = {}
        for r in mapping.itertuples():
            if r.status in ("matched", "merged") and isinstance(r.current_key, str):
                for p in r.previous_keys:
                    to_current[str(p)] = r.current_key
        keys = keys.map(to_current).astype("string")
    seen = set(run.tickets["ticket_id"].astype(str))
    out = pd.DataFrame({"ticket_id": prev["ticket_id"].astype(str),
                        "created_at": pd.to_datetime(prev["created_at"]), "unit": keys})
    return out[~out["ticket_id"].isin(seen)]


def _units(table: pd.DataFrame) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Theme names, and failing process -> its failure-demand theme keys."""
    themed = table.dropna(subset=["theme_key"]).drop_duplicates("theme_key")
    names = dict(zip(themed["theme_key"].astype(str), themed["theme_name"].astype(str),
                     strict=True))
    fail = themed[(themed["demand_type"] == "failure") & themed["failing_process"].notna()]
    groups = {str(p): sorted(g["theme_key"].astype(str)) for p, g in
              fail.groupby("failing_process")}
    return names, groups


def _process_names(groups: dict[str, list[str]], taxonomy: Any) -> dict[str, str]:
    """Failing process id -> "Delivery (failing process)", names from the taxonomy."""
    if taxonomy is None:
        try:
            taxonomy = load_taxonomy()
        except Exception:  # noqa: BLE001 - names are cosmetic; the id will do
            taxonomy = None
    out = {}
    for pid in groups:
        try:
            name = taxonomy.process(pid).name if taxonomy is not None else pid
        except Exception:  # noqa: BLE001 - a process the taxonomy does not know
            name = pid
        out[pid] = f"{name} (failing process)"
    return out


def _spike_rows(tests: SpikeTests, names, groups, table, config) -> list[dict]:
    weekly, daily = tests.weekly, tests.daily
    rows = []
    hit_weeks = set(zip(weekly.loc[weekly["alert"], "unit"], weekly.loc[weekly["alert"], "week"]))
    day_alerts = daily[daily["alert"]] if len(daily) else daily
    for r in weekly[weekly["alert"]].itertuples():
        days = day_alerts[(day_alerts["unit"] == r.unit) & (day_alerts["week"] == r.week)]
        peak = None
        if len(days):
            top = days.sort_values(["observed", "period"], ascending=[False, True]).iloc[0]
            peak = (top["period"], top["observed"])
        rows.append((r, peak))
    for r in day_alerts.itertuples():
        if (r.unit, r.week) not in hit_weeks:
            rows.append((r, None))
    out = []
    for r, peak in rows:
        is_process = r.unit in groups
        out.append({
            "kind": "process_spike" if is_process else "spike",
            "theme_key": pd.NA if is_process else r.unit,
            "theme_name": names.get(r.unit, r.unit),
            "failing_process": r.unit if is_process else _process_of(r.unit, table),
            "period": r.period, "observed": r.observed, "expected": r.expected,
            "ratio": r.ratio, "ci_low": np.nan, "ci_high": np.nan, "q_value": r.q,
            "_peak": peak, "_members": groups[r.unit] if is_process else [r.unit],
        })
    return out


def _process_of(key: str, table: pd.DataFrame) -> Any:
    hit = table.loc[table["theme_key"] == key, "failing_process"].dropna()
    return hit.iloc[0] if len(hit) else pd.NA


def _explain(rows: list[dict], table: pd.DataFrame, tickets: pd.DataFrame, tests: SpikeTests,
             config: AlertsConfig) -> dict[int, pd.DataFrame]:
    """Top words and example tickets of each spike row (in place); returns the examples.

    A spike's tickets are compared with the same unit's tickets outside the period and
    outside its other alert weeks.
    """
    if "text" not in tickets or "language" not in tickets:
        for row in rows:
            row["top_words"], row["example_ids"] = "", ""
        return {}
    day = pd.to_datetime(table["created_at"]).dt.normalize()
    week = table["week"].astype("string")
    alert_weeks = tests.weekly.loc[tests.weekly["alert"], ["unit", "week"]]
    masks = []
    for row in rows:
        members = table["theme_key"].isin(row["_members"]).to_numpy()
        if "-W" in row["period"]:
            in_period = (week == row["period"]).fillna(False).to_numpy(dtype=bool)
        else:
            in_period = (day == pd.Timestamp(row["period"])).to_numpy()
        unit = row["failing_process"] if row["kind"] == "process_spike" else row["theme_key"]
        others = set(alert_weeks.loc[alert_weeks["unit"] == unit, "week"])
        elsewhere = ~week.isin(others).fillna(False).to_numpy(dtype=bool)
        masks.append((members & in_period, members & ~in_period & elsewhere))
    needed = sorted(set().union(*[np.flatnonzero(s | r) for s, r in masks])) if masks else []
    tokens = dict(zip(needed, tokens_by_language(tickets["text"].iloc[needed],
                                                 tickets["language"].iloc[needed]),
                      strict=True))
    examples: dict[int, pd.DataFrame] = {}
    for i, (row, (spike, reference)) in enumerate(zip(rows, masks, strict=True)):
        at = np.flatnonzero(spike | reference)
        words = distinctive_words(tickets["text"].iloc[at], tickets["language"].iloc[at],
                                  spike[at], top_n=config.top_words, fdr=config.fdr,
                                  tokens=[tokens[j] for j in at])["all"]
        in_spike = np.flatnonzero(spike)
        examples[i] = example_tickets(tickets.iloc[in_spike][["ticket_id", "language", "text"]],
                                      words, n=config.n_examples,
                                      tokens=[tokens[j] for j in in_spike])
        row["top_words"] = ", ".join(words)
        row["example_ids"] = ";".join(examples[i]["ticket_id"].astype(str))
    return examples


def find_alerts(
    run: Any,
    labels: Any = None,
    config: AlertsConfig | PipelineConfig | None = None,
    previous: Any = None,
    confidence: float = 0.95,
    taxonomy: Any = None,
) -> Alerts:
    """Spikes, new / vanished themes and growing / shrinking themes of a run.

    Args:
        run: A :class:`~demandlens.run.Run` (or anything with ``tickets``, ``themes`` and
            optionally ``mapping``).
        labels: ``{theme_key: ThemeLabel or dict}``; names and failing processes.
        config: :class:`~demandlens.config.AlertsConfig` (or a pipeline config holding it);
            defaults to the run's.
        previous: The previous run (object or folder); its tickets are extra history for the
            baselines. None uses the one named in the run's manifest, False none.
        confidence: Level of the growth intervals.
        taxonomy: Taxonomy for process names (the default one when None).

    Returns:
        :class:`Alerts`.
    """
    if isinstance(config, PipelineConfig):
        config = config.alerts
    config = config or getattr(getattr(run, "config", None), "alerts", None) or AlertsConfig()
    tickets = run.tickets.reset_index(drop=True)
    themes = getattr(run, "themes", None)
    table = demand_table(tickets, themes, labels)
    names, groups = _units(table)
    names.update(_process_names(groups, taxonomy))
    notes: list[str] = []
    previous = resolve_previous(run, previous, notes)
    history = _history(run, previous)
    dates, units = table["created_at"], table["theme_key"]
    test_from = None
    if history is not None and len(history):
        test_from = pd.to_datetime(dates).min().normalize()
        dates = pd.concat([history["created_at"], dates], ignore_index=True)
        units = pd.concat([history["unit"], units], ignore_index=True)
    counts, total = daily_counts(dates, units)
    tests = spike_tests(counts, total, config, groups=groups, test_from=test_from)
    if not len(counts):
        notes.append("Spikes and growth need ticket dates (the created_at column); no ticket "
                     "in this run has one.")
    elif tests.weekly.empty:
        n_weeks = pd.Series(counts.index).dt.to_period("W-SUN").nunique()
        notes.append(f"Spikes are not tested: the data span {n_weeks} ISO weeks, and a week is "
                     f"tested against at least {config.min_baseline_weeks} other weeks with "
                     "tickets (a re-run adds the previous run's weeks).")
    rows = _spike_rows(tests, names, groups, table, config)
    examples = _explain(rows, table, tickets, tests, config)
    for row in rows:
        row["message"] = txt.spike_message(
            row["theme_name"], row["period"], row["observed"], row["expected"],
            peak=row["_peak"], words=[w for w in row["top_words"].split(", ") if w],
            unit_words="failure tickets" if row["kind"] == "process_spike" else "tickets",
        )
    rows += _new_and_vanished(run, table, names, labels, previous)
    growth_rows, growth = _growth(counts, total, names, groups, table, config, confidence, notes)
    rows += growth_rows
    frame = pd.DataFrame(rows).reindex(columns=ALERT_COLUMNS) if rows else pd.DataFrame(
        columns=ALERT_COLUMNS)
    order = frame["kind"].map(_ORDER).to_numpy() if len(frame) else np.array([], int)
    frame = frame.assign(_o=order, _q=frame["q_value"].fillna(1.0)).sort_values(
        ["_o", "_q", "period"], kind="stable")
    examples = {new: examples[old] for new, old in enumerate(frame.index) if old in examples}
    frame = frame.drop(columns=["_o", "_q"]).reset_index(drop=True)
    frame[["top_words", "example_ids"]] = frame[["top_words", "example_ids"]].fillna("")
    log.info("Alerts: %s", txt.summary_line(frame["kind"].value_counts().to_dict()))
    return Alerts(frame, examples, notes, tests, growth)


def _new_and_vanished(run, table, names, labels, previous) -> list[dict]:
    mapping = getattr(run, "mapping", None)
    if mapping is None or not len(mapping):
        return []
    rows = []
    total = max(len(table), 1)
    sizes = table["theme_key"].value_counts()
    for r in mapping[mapping["status"] == "new"].itertuples():
        key = str(r.current_key)
        size = int(sizes.get(key, r.size_current))
        rows.append({"kind": "new_theme", "theme_key": key, "theme_name": names.get(key, key),
                     "failing_process": _process_of(key, table), "period": "",
                     "observed": size, "expected": np.nan, "ratio": np.nan,
                     "message": txt.new_theme_message(names.get(key, key), size, size / total)})
    lmap = theme_labels(labels)
    prev_names = {}
    if previous is not None and getattr(previous, "themes", None) is not None:
        prev_names = dict(zip(previous.themes["theme_key"].astype(str),
                              previous.themes.get("top_keywords", previous.themes["theme_key"]),
                              strict=True))
    for r in mapping[mapping["status"] == "vanished"].itertuples():
        for key in r.previous_keys:
            label = lmap.get(str(key))
            name = (label.name if label is not None and label.name else None) or prev_names.get(
                str(key)) or str(key)
            rows.append({"kind": "vanished", "theme_key": str(key), "theme_name": name,
                         "failing_process": (label.failing_process if label is not None
                                             and label.failing_process else pd.NA),
                         "period": "", "observed": 0, "expected": float(r.size_previous),
                         "ratio": 0.0,
                         "message": txt.vanished_message(name, int(r.size_previous),
                                                         label.demand_type if label is not None
                                                         else None)})
    return rows


def _growth(counts, total, names, groups, table, config, confidence, notes):
    weeks = pd.Series(counts.index).dt.to_period("W-SUN")
    n_weeks = weeks.nunique()
    if n_weeks == 0:
        return [], None
    if n_weeks < config.recent_weeks + 2:
        notes.append(f"Growing and shrinking themes are not tested: the data span {n_weeks} "
                     f"weeks, and a {config.recent_weeks}-week recent window needs at least "
                     f"{config.recent_weeks + 2}.")
        return [], None
    weekly = counts.groupby(weeks.to_numpy()).sum()
    for g, members in groups.items():
        weekly[g] = weekly[[m for m in members if m in weekly]].sum(axis=1)
    week_total = total.groupby(weeks.to_numpy()).sum()
    y = weekly.to_numpy().T
    growth = growth_tests(y, week_total.to_numpy()[None, :] - y, config.recent_weeks, confidence)
    growth.insert(0, "unit", list(weekly.columns))
    window = (_iso(weekly.index[-config.recent_weeks].start_time) + ".."
              + _iso(weekly.index[-1].start_time))
    fail = set(table.loc[table["demand_type"] == "failure", "theme_key"].dropna().astype(str))
    rows = []
    for r in growth.itertuples():
        if not (r.q <= config.fdr):
            continue
        is_process = r.unit in groups
        grows = r.ratio >= config.min_ratio and r.observed >= config.min_count
        shrinks = r.ratio <= 1 / config.min_ratio and (is_process or r.unit in fail)
        if not (grows or shrinks):
            continue
        kind = "growing" if grows else "shrinking"
        name = names.get(r.unit, r.unit)
        rows.append({
            "kind": kind, "theme_key": pd.NA if is_process else r.unit, "theme_name": name,
            "failing_process": r.unit if is_process else _process_of(r.unit, table),
            "period": window, "observed": r.observed, "expected": r.expected, "ratio": r.ratio,
            "ci_low": r.ci_low, "ci_high": r.ci_high, "q_value": r.q,
            "message": txt.growth_message(name, kind, config.recent_weeks, r.observed,
                                          r.expected, r.ratio, r.ci_low, r.ci_high, confidence),
        })
    return rows, growth


def _iso(day: pd.Timestamp) -> str:
    iso = day.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"
