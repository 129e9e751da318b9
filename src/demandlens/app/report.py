"""Exports for Excel: ``themes.csv``, ``tickets.csv`` and ``failure_demand.csv`` (the HTML report
is :mod:`.report_html`).

Example:
    >>> import pandas as pd, tempfile
    >>> from types import SimpleNamespace
    >>> from demandlens.labels.schema import ThemeLabel
    >>> run = SimpleNamespace(tickets=pd.DataFrame({"ticket_id": ["a", "b"],
    ...     "theme_key": ["t1", None], "channel": "email", "language": "sv",
    ...     "created_at": pd.to_datetime(["2026-06-01", "2026-06-02"])}), themes=None)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     paths = export_tables(run, {"t1": ThemeLabel(demand_type="failure")}, d, sep=";")
    ...     pd.read_csv(paths["tickets"], sep=";")["demand_type"].tolist()
    ['failure', 'unknown']
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError
from ..fileio import write_csv
from ..measure.demand import demand_table
from ..measure.shares import Measure
from .tables import THEME_COLUMNS, run_parts, theme_summary

__all__ = ["export_tables", "TICKET_COLUMNS"]

log = logging.getLogger(__name__)

#: Columns of ``tickets.csv`` (``text`` is added only with ``include_text=True``).
TICKET_COLUMNS = ["ticket_id", "created_at", "channel", "language", "theme_key", "theme_name",
                  "demand_type", "failing_process", "is_outlier"]


def _to_csv(df: pd.DataFrame, target: Path, bom: bool, sep: str, decimal: str) -> Path:
    return write_csv(df, target, sep=sep, bom=bom, decimal=decimal)


def export_tables(
    run: Any,
    labels: Any,
    out_dir: str | Path,
    bom: bool = False,
    sep: str = ",",
    include_text: bool = False,
    decimal: str | None = None,
) -> dict[str, Path]:
    """Write ``themes.csv``, ``tickets.csv`` and ``failure_demand.csv`` for a run.

    Args:
        run: A :class:`~demandlens.run.Run` (or anything with ``tickets`` and ``themes``).
        labels: ``{theme_key: ThemeLabel}``.
        out_dir: Folder to write into (created).
        bom: Start the files with a UTF-8 byte-order mark so Excel reads å, æ, ø right.
        sep: Column separator; ``";"`` for Nordic Excel.
        include_text: Add the masked ticket text to ``tickets.csv`` and example texts (instead
            of example ids) to ``themes.csv``. Off by default.
        decimal: Decimal mark; defaults to ``","`` when ``sep == ";"`` (Nordic Excel), else ``"."``.

    Returns:
        ``{"themes": path, "tickets": path, "failure_demand": path}``. Columns:
        :data:`THEME_COLUMNS` (``languages`` as ``sv:12; da:3``), :data:`TICKET_COLUMNS`
        (+ ``text``) and, in ``failure_demand.csv``, the headline (``group`` ``all``) and one row
        per failing process with :data:`~demandlens.measure.headline.SHARE_COLUMNS`: the same
        figures as the notebook and the report (``failure_share`` is of labelled tickets).
    """
    out = Path(out_dir)
    decimal = decimal or ("," if sep == ";" else ".")
    if out.exists() and not out.is_dir():
        raise InputError("This is a file; the exports are written into a folder.",
                         file=str(out), hint="Pass a folder to --out, e.g. runs/2026-06/export.")
    if len(sep) != 1 or sep in "\"\r\n" or sep == decimal:
        raise InputError(f"The column separator must be one character other than a quote, a "
                         f"line break or the decimal mark {decimal!r}; got {sep!r}.",
                         hint="Use ',' or ';' (Nordic Excel).")
    tickets, themes = run_parts(run)
    summary = theme_summary(tickets, themes, labels, include_text=include_text)
    summary["languages"] = [
        "; ".join(f"{k}:{v}" for k, v in sorted(d.items(), key=lambda kv: -kv[1]))
        for d in summary["languages"]
    ]
    table = demand_table(tickets, themes, labels)[TICKET_COLUMNS]
    if include_text:
        table = table.assign(text=tickets["text"].to_numpy() if "text" in tickets else "")
    measure = Measure(run, labels)
    figures = pd.concat([measure.failure_share().to_frame(),
                         measure.failure_share("failing_process")], ignore_index=True)
    paths = {
        "themes": _to_csv(summary[THEME_COLUMNS], out / "themes.csv", bom, sep, decimal),
        "tickets": _to_csv(table, out / "tickets.csv", bom, sep, decimal),
        "failure_demand": _to_csv(figures, out / "failure_demand.csv", bom, sep, decimal),
    }
    log.info("Exported %d themes and %d tickets to %s", len(summary), len(table), out)
    return paths
