"""The headline figure and how every surface prints a share.

:class:`Estimate` is what :func:`~demandlens.measure.shares.failure_share` returns without
``by``: failure demand as a share of labelled tickets, its interval, the count and the rate per
week, the bounds over all tickets and what it rests on; :func:`fmt_share` is the one format
of a share (``51.3%``) on every surface.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

__all__ = ["Estimate", "fmt_share", "DENOMINATOR", "ALL_DENOMINATOR", "SHARE_COLUMNS"]

#: The denominator of every share, in words.
DENOMINATOR = "of labelled tickets"
ALL_DENOMINATOR = "of all tickets"
#: Columns of every :func:`~demandlens.measure.shares.failure_share` table.
SHARE_COLUMNS = [
    "group", "name", "n", "n_known", "n_unknown", "coverage", "failure", "failure_low",
    "failure_high", "failure_share", "ci_low", "ci_high", "bound_low", "bound_high", "per_week",
    "cost", "cost_low", "cost_high", "unpriced",
]


def fmt_share(x: float) -> str:
    """A share as every surface prints it: ``51.3%`` (``–`` when there is none)."""
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.1%}"


@dataclass
class Estimate:
    """The headline: failure demand as a share of labelled tickets, and what it rests on."""

    failure_share: float
    ci_low: float
    ci_high: float
    failure: float
    failure_low: float
    failure_high: float
    per_week: float
    weeks: float
    bound_low: float
    bound_high: float
    confidence: float
    n_tickets: int
    n_known: int
    n_unknown: int
    themes_total: int
    themes_labelled: int
    themes_reviewed: int
    themes_label_only: int
    tickets_reviewed: int
    cost: float = math.nan
    cost_low: float = math.nan
    cost_high: float = math.nan
    unpriced: float = math.nan
    currency: str = "EUR"
    per_theme: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    @property
    def coverage(self) -> float:
        """Share of all tickets that are labelled (in a theme with a usable label or review)."""
        return self.n_known / self.n_tickets if self.n_tickets else math.nan

    def summary(self) -> str:
        """The estimate in one plain-language paragraph, denominators in words."""
        if not self.n_known:
            return f"No labelled tickets yet among {self.n_tickets}: no estimate."
        pct = f"{self.confidence:.0%}"
        text = (f"Failure demand is {fmt_share(self.failure_share)} {DENOMINATOR} ({pct} interval "
                f"{fmt_share(self.ci_low)}–{fmt_share(self.ci_high)}): about "
                f"{self.failure:,.0f} tickets")
        text += (f", {self.per_week:,.1f} per week." if not math.isnan(self.per_week) else ".")
        text += (f" Labelled tickets are {self.coverage:.0%} of all {self.n_tickets:,} tickets; "
                 f"{self.themes_labelled} of {self.themes_total} themes are labelled, "
                 f"{self.themes_reviewed} of them reviewed ({self.tickets_reviewed} tickets).")
        if self.themes_label_only:
            text += (f" {self.themes_label_only} labelled themes rest on the label only: they "
                     "count as their label, and the interval allows for them being mixed.")
        if self.n_unknown:
            text += (f" Counting the {self.n_unknown:,} unknown tickets (outliers, unlabelled "
                     f"themes) as all value or all failure, failure demand is between "
                     f"{fmt_share(self.bound_low)} and {fmt_share(self.bound_high)} "
                     f"{ALL_DENOMINATOR}.")
        return text

    def to_frame(self) -> pd.DataFrame:
        """One-row table with :data:`SHARE_COLUMNS` (group ``all``)."""
        row = {c: getattr(self, c, math.nan) for c in SHARE_COLUMNS}
        row.update(group="all", name="All tickets", n=self.n_tickets,
                   coverage=self.coverage)
        return pd.DataFrame([row], columns=SHARE_COLUMNS)

    def _repr_html_(self) -> str:
        cols = ["name", "size", "source", "p", "ci_low", "ci_high", "sentence"]
        return f"<p>{self.summary()}</p>" + self.per_theme[cols].to_html(index=False, max_rows=30)
