"""Exports people open in Excel: ``themes.csv``, ``tickets.csv``, ``failure_demand.csv`` and
one workbook (the HTML report is :mod:`.report_html`).

Themes and processes are shown by name (:mod:`demandlens.labels.display`), keys and process
ids as secondary columns. ``tickets.csv`` carries each ticket's subject and cleaned, masked
text by default (``include_text=False`` leaves both out), whether it is an outlier or was
reassigned to its theme from the outliers, which tier placed it (``placed_by``), and the
review judgement when it was in a theme's review sample. ``failure_demand.csv`` holds the headline (``group`` ``all``) and one row per
failing process: the same figures as the notebook and the report
(:func:`~demandlens.measure.shares.failure_share`, of labelled tickets). The workbook
(``<run name>.xlsx``) has the sheets *Themes*, *Tickets* and *By process*. All go through
:mod:`demandlens.fileio` (``write_csv`` neutralises formula prefixes; ``write_xlsx`` stores
every string as text, never as a formula).

Example:
    >>> import pandas as pd, tempfile
    >>> from types import SimpleNamespace
    >>> from demandlens.labels.schema import ThemeLabel
    >>> run = SimpleNamespace(tickets=pd.DataFrame({"ticket_id": ["a", "b"],
    ...     "theme_key": ["t1", None], "channel": "email", "language": "sv", "text": ["x", "y"],
    ...     "created_at": pd.to_datetime(["2026-06-01", "2026-06-02"])}), themes=None)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     paths = export_tables(run, {"t1": ThemeLabel(demand_type="failure")}, d, sep=";")
    ...     pd.read_csv(paths["tickets"], sep=";")[["theme", "demand_type"]].values.tolist()
    [['t1', 'failure'], ['(no theme: outliers)', 'unknown']]
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError
from ..fileio import write_csv, write_xlsx
from ..labels.view import judgements, theme_labels
from ..labels.display import OUTLIER_NAME, failure_type_name, process_name
from ..measure.alerts import find_alerts
from ..measure.demand import demand_table
from ..measure.shares import Measure
from .tables import THEME_COLUMNS, run_parts, theme_summary

__all__ = ["export_tables", "ticket_table", "theme_export", "failure_table", "process_table",
           "TICKET_COLUMNS", "TEXT_COLUMNS"]

log = logging.getLogger(__name__)

#: Columns of ``tickets.csv``, in order (then :data:`TEXT_COLUMNS` unless left out).
TICKET_COLUMNS = [
    "ticket_id", "created_at", "channel", "language", "theme", "theme_key", "demand_type",
    "failing_process", "failing_process_id", "failure_type", "is_outlier", "reassigned",
    "placed_by", "review_demand_type", "review_failing_process",
]
#: The ticket's own words: cleaned and masked, as every other surface shows them.
TEXT_COLUMNS = ["subject", "text"]


def ticket_table(run: Any, labels: Any, include_text: bool = True,
                 taxonomy: Any = None) -> pd.DataFrame:
    """One row per ticket of the run: :data:`TICKET_COLUMNS` (+ :data:`TEXT_COLUMNS`).

    ``theme`` is the display name (:data:`OUTLIER_NAME` for outliers), ``failing_process`` and
    ``failure_type`` the taxonomy's names; ``reassigned`` marks tickets the clusterer left out
    that were put into their nearest theme; ``placed_by`` says whose vector placed the ticket
    (``model``: the embedding model; ``fast``: the tiered path's fast student, see
    :mod:`demandlens.scale.tiered`); ``review_*`` hold the analyst's judgement of a
    ticket drawn into its theme's review sample (empty otherwise).
    """
    tickets, themes = run_parts(run)
    table = demand_table(tickets, themes, labels)
    n = len(tickets)
    lmap = theme_labels(labels)
    judged: dict[str, dict[str, Any]] = {}
    for label in lmap.values():
        judged.update(judgements(label))
    ids = table["ticket_id"].astype(str)
    out = pd.DataFrame({
        "ticket_id": ids.to_numpy(),
        "created_at": table["created_at"].to_numpy(),
        "channel": table["channel"].to_numpy(),
        "language": table["language"].to_numpy(),
        "theme": table["theme_name"].fillna(OUTLIER_NAME).to_numpy(),
        "theme_key": table["theme_key"].to_numpy(),
        "demand_type": table["demand_type"].to_numpy(),
        "failing_process": [process_name(p, taxonomy) for p in table["failing_process"]],
        "failing_process_id": table["failing_process"].to_numpy(),
        "failure_type": [failure_type_name(f, taxonomy) for f in table["failure_type"]],
        "is_outlier": table["is_outlier"].to_numpy(dtype=bool),
        "reassigned": (tickets["reassigned"].fillna(False).astype(bool).to_numpy()
                       if "reassigned" in tickets else [False] * n),
        "placed_by": (tickets["placed_by"].fillna("model").astype(str).to_numpy()
                      if "placed_by" in tickets else ["model"] * n),
        "review_demand_type": [judged.get(i, {}).get("demand_type") for i in ids],
        "review_failing_process": [process_name(judged.get(i, {}).get("failing_process"),
                                                taxonomy) for i in ids],
    }, columns=TICKET_COLUMNS)
    if include_text:
        for col in TEXT_COLUMNS:
            out[col] = tickets[col].to_numpy() if col in tickets else ""
    return out


def theme_export(run: Any, labels: Any, include_text: bool = True,
                 taxonomy: Any = None) -> pd.DataFrame:
    """The themes table of ``themes.csv``: :data:`~demandlens.app.tables.THEME_COLUMNS` with
    the name first, process and failure type by name (ids beside them), languages as
    ``sv:12; da:3``; ``examples`` hold representative texts (ids without text)."""
    tickets, themes = run_parts(run)
    summary = theme_summary(tickets, themes, labels, include_text=include_text)
    summary["languages"] = [
        "; ".join(f"{k}:{v}" for k, v in sorted(d.items(), key=lambda kv: -kv[1]))
        for d in summary["languages"]
    ]
    summary["failing_process_id"] = summary["failing_process"]
    summary["failing_process"] = [process_name(p, taxonomy) for p in summary["failing_process"]]
    summary["failure_type_id"] = summary["failure_type"]
    summary["failure_type"] = [failure_type_name(f, taxonomy) for f in summary["failure_type"]]
    first = ["name", "theme_key"]
    rest = [c for c in THEME_COLUMNS if c not in first]
    at = rest.index("failure_type") + 1
    rest = rest[:at] + ["failing_process_id", "failure_type_id"] + rest[at:]
    return summary[first + rest]


def failure_table(run: Any, labels: Any, taxonomy: Any = None,
                  measure: Measure | None = None) -> pd.DataFrame:
    """``failure_demand.csv``: the headline (``group`` ``all``) then one row per failing
    process (``name`` by the taxonomy), with
    :data:`~demandlens.measure.headline.SHARE_COLUMNS`."""
    measure = measure or Measure(run, labels, taxonomy=taxonomy)
    return pd.concat([measure.failure_share().to_frame(),
                      measure.failure_share("failing_process")], ignore_index=True)


def process_table(run: Any, labels: Any, taxonomy: Any = None,
                  measure: Measure | None = None) -> pd.DataFrame:
    """Failure demand by failing process, by name: the *By process* sheet (the process rows
    of ``failure_demand.csv``)."""
    measure = measure or Measure(run, labels, taxonomy=taxonomy)
    table = measure.failure_share("failing_process")
    table = table.rename(columns={"group": "process_id", "name": "process"})
    return table[["process", *[c for c in table.columns if c != "process"]]]


def export_tables(
    run: Any,
    labels: Any,
    out_dir: str | Path,
    bom: bool = False,
    sep: str = ",",
    include_text: bool = True,
    decimal: str | None = None,
    excel: bool = False,
    taxonomy: Any = None,
) -> dict[str, Path]:
    """Write ``themes.csv``, ``tickets.csv``, ``failure_demand.csv``, ``alerts.csv`` (and, with
    ``excel``, the workbook) for a run.

    Args:
        run: A :class:`~demandlens.run.Run` (or anything with ``tickets`` and ``themes``).
        labels: ``{theme_key: ThemeLabel or dict}``.
        out_dir: Folder to write into (created).
        bom: Start the files with a UTF-8 byte-order mark so Excel reads å, æ, ø right.
        sep: Column separator; ``";"`` for Nordic Excel.
        include_text: Each ticket's subject and cleaned, masked text in ``tickets.csv``, and
            representative texts (instead of ids) in ``themes.csv``; on by default.
        decimal: Decimal mark; defaults to ``","`` when ``sep == ";"`` (Nordic Excel), else ``"."``.
        excel: Also write ``<out_dir name>.xlsx`` with the sheets Themes, Tickets, By process.
        taxonomy: The taxonomy whose names processes are shown by (None: the default).

    Returns:
        ``{"themes": path, "tickets": path, "failure_demand": path, "alerts": path}``
        (+ ``"workbook"``); ``alerts.csv`` has
        :data:`~demandlens.measure.alerts.ALERT_COLUMNS`, one row per alert with the current
        labels' names (:func:`demandlens.find_alerts`).
    """
    out = Path(out_dir)
    decimal = decimal or ("," if sep == ";" else ".")
    if out.exists() and not out.is_dir():
        raise InputError("This is a file; the exports are written into a folder.",
                         file=str(out), hint="Pass a folder to --out, e.g. reports/2026-06.")
    if len(sep) != 1 or sep in "\"\r\n" or sep == decimal:
        raise InputError(f"The column separator must be one character other than a quote, a "
                         f"line break or the decimal mark {decimal!r}; got {sep!r}.",
                         hint="Use ',' or ';' (Nordic Excel).")
    themes = theme_export(run, labels, include_text=include_text, taxonomy=taxonomy)
    tickets = ticket_table(run, labels, include_text=include_text, taxonomy=taxonomy)
    measure = Measure(run, labels, taxonomy=taxonomy)
    figures = failure_table(run, labels, taxonomy, measure)
    paths = {
        "themes": write_csv(themes, out / "themes.csv", sep=sep, bom=bom, decimal=decimal),
        "tickets": write_csv(tickets, out / "tickets.csv", sep=sep, bom=bom, decimal=decimal),
        "failure_demand": write_csv(figures, out / "failure_demand.csv", sep=sep, bom=bom,
                                    decimal=decimal),
        "alerts": write_csv(find_alerts(run, labels).table, out / "alerts.csv", sep=sep,
                            bom=bom, decimal=decimal),
    }
    if excel:
        sheets = {"Themes": themes, "Tickets": tickets,
                  "By process": process_table(run, labels, taxonomy, measure)}
        paths["workbook"] = write_xlsx(sheets, out / f"{out.resolve().name}.xlsx")
    log.info("Exported %d themes and %d tickets to %s", len(themes), len(tickets), out)
    return paths
