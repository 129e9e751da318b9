"""Per-theme summary shared by the charts, ``themes.csv`` and the HTML report.

Example:
    >>> import pandas as pd
    >>> tickets = pd.DataFrame({"ticket_id": ["a", "b", "c"], "theme_key": ["t1", "t1", None],
    ...                         "language": ["sv", "da", "en"]})
    >>> from demandlens.labels.schema import ThemeLabel
    >>> summary = theme_summary(tickets, None, {"t1": ThemeLabel(name="Late", demand_type="failure")})
    >>> summary[["theme_key", "name", "size", "demand_type"]].values.tolist()
    [['t1', 'Late', 2, 'failure']]
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..labels.view import theme_labels
from ..measure.demand import demand_table
from ..measure.stats import wilson_interval
from ..measure.strata import theme_fractions

__all__ = ["theme_summary", "THEME_COLUMNS", "run_parts"]

#: Columns of :func:`theme_summary` (and of ``themes.csv``), in order.
THEME_COLUMNS = [
    "theme_key", "name", "demand_type", "failing_process", "sub_process", "failure_type",
    "root_cause", "notes", "label_status", "labelled_by", "labelled_at", "size", "share",
    "share_ci_low", "share_ci_high", "failure_fraction", "failure_fraction_low",
    "failure_fraction_high", "failure_fraction_source", "n_reviewed", "languages",
    "keywords", "examples",
]
_LABEL_FIELDS = ("failing_process", "sub_process", "failure_type", "root_cause", "notes",
                 "labelled_by", "labelled_at")


def run_parts(run: Any) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """``(tickets, themes)`` of a Run-like object (anything with ``tickets``/``themes``)."""
    return run.tickets, getattr(run, "themes", None)


def theme_summary(
    tickets: pd.DataFrame,
    themes: pd.DataFrame | None,
    labels: Any,
    confidence: float = 0.95,
    include_text: bool = False,
) -> pd.DataFrame:
    """One row per theme, largest first, with its label, size, share and failure fraction.

    Args:
        tickets: Ticket table.
        themes: Theme table (keywords, representative ids); may be None.
        labels: ``{theme_key: ThemeLabel}``.
        confidence: Level of the share and failure-fraction intervals.
        include_text: Put the (masked) text of the representative tickets in ``examples``
            instead of their ids.

    Returns:
        DataFrame with :data:`THEME_COLUMNS`. ``share`` is the theme's size over *all*
        tickets (outliers included) with a Wilson interval; ``demand_type`` is ``unknown``
        for unlabelled themes; ``failure_fraction*`` are
        :func:`~demandlens.measure.strata.theme_failure_fraction`'s (the review's measure, or
        flagged ``label``: the label, 1 or 0, with the interval of a possibly mixed theme).
    """
    lmap = theme_labels(labels)
    table = demand_table(tickets, themes, lmap)
    fractions = theme_fractions(table, lmap, confidence).set_index("theme_key")
    total = len(table)
    info = (themes.set_index(themes["theme_key"].astype(str))
            if themes is not None and not themes.empty and "theme_key" in themes else None)
    texts = dict(zip(tickets["ticket_id"].astype(str), tickets.get("text", pd.Series(
        [""] * len(tickets))).astype(str), strict=True))
    langs_by_theme = table.dropna(subset=["theme_key"]).groupby("theme_key")["language"]
    rows = []
    for key, group in table.dropna(subset=["theme_key"]).groupby("theme_key"):
        label = lmap.get(key)
        size = len(group)
        lo, hi = wilson_interval(size, total, confidence)
        fr = fractions.loc[key]
        extra = info.loc[key] if info is not None and key in info.index else None
        reps = list(extra["representative_ids"]) if extra is not None and isinstance(
            extra.get("representative_ids"), (list, tuple)) else []
        examples = " | ".join(texts.get(str(r), "")[:200] for r in reps) if include_text \
            else " | ".join(map(str, reps))
        rows.append({
            "theme_key": key, "name": group["theme_name"].iloc[0],
            "demand_type": group["demand_type"].iloc[0],
            **{f: (getattr(label, f) or None) if label is not None else None
               for f in _LABEL_FIELDS},
            "label_status": label.status if label is not None else None,
            "size": size, "share": size / total, "share_ci_low": lo, "share_ci_high": hi,
            "failure_fraction": fr["p"], "failure_fraction_low": fr["ci_low"],
            "failure_fraction_high": fr["ci_high"], "failure_fraction_source": fr["source"],
            "n_reviewed": int(fr["n_reviewed"]),
            "languages": langs_by_theme.get_group(key).value_counts().to_dict(),
            "keywords": _keywords(extra),
            "examples": examples,
        })
    out = pd.DataFrame(rows, columns=THEME_COLUMNS)
    return out.sort_values(["size", "theme_key"], ascending=[False, True]).reset_index(drop=True)


def _keywords(extra: pd.Series | None) -> str:
    if extra is None:
        return ""
    top = extra.get("top_keywords")
    if isinstance(top, str) and top:
        return top
    kw = extra.get("keywords")
    if isinstance(kw, dict):
        return "; ".join(f"{lang}: {', '.join(words[:5])}" for lang, words in kw.items())
    return ""
