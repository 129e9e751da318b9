"""Repeat contacts: the same customer again within ``repeats.window_days`` days.

Needs the export's customer / requester id (ingest keeps only its salted hash,
``customer_key``; see :mod:`demandlens.ingest.customers`). For every contact with a customer
id, the customer's previous contact (in this export, or in the previous run's when it is
given) is looked up:

* **repeat contact**: the previous contact is at most ``window_days`` days earlier;
* **about the same matter** (progress chasing): a repeat contact in the same theme as the
  previous one, or where both contacts are failure demand by their themes' labels. Chasing
  is failure demand: the first contact did not settle the matter. Those in themes not
  labelled failure are failure demand the labels alone do not count.

Per theme: how often its contacts are themselves repeats (``repeat_rate``), how often the
customer comes back within the window afterwards (``comeback_rate``, with a Wilson interval),
the median days until they do, and the themes they come back with.

Example:
    >>> import pandas as pd
    >>> t = pd.DataFrame({"ticket_id": ["a", "b", "c"], "customer_key": ["cu-1", "cu-1", "cu-2"],
    ...     "created_at": pd.to_datetime(["2026-06-01", "2026-06-05", "2026-06-02"]),
    ...     "theme_key": ["th-late", "th-late", "th-late"]})
    >>> r = repeat_contacts(t)
    >>> r.repeats, r.same_matter, r.n_with_id
    (1, 1, 3)

``find_repeats(run, labels)`` does the same for a run (the previous run's contacts included).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..config import PipelineConfig, RepeatsConfig
from .alerts import resolve_previous
from .shares import demand_table
from .stats import wilson_interval

__all__ = ["RepeatContacts", "repeat_contacts", "find_repeats", "NEEDS_COLUMN",
           "THEME_REPEAT_COLUMNS"]

KEY = "customer_key"
_OUTLIER = "(outlier)"
#: What the repeat section says when the export has no customer ids.
NEEDS_COLUMN = (
    "Repeat contacts need a customer or requester id column in the export (e.g. "
    "'Requester ID', 'Kundnummer'); this export has none. Map yours with "
    "ingest.columns: {customer: \"<column>\"}; only a salted hash of it is kept."
)
THEME_REPEAT_COLUMNS = ["theme_key", "theme_name", "contacts", "repeats", "repeat_rate",
                        "comebacks", "comeback_rate", "comeback_ci_low", "comeback_ci_high",
                        "median_gap_days", "back_with"]


@dataclass
class RepeatContacts:
    """Repeat contacts of a run; ``available`` is False when there are no customer ids."""

    available: bool
    window_days: int
    n_total: int
    n_with_id: int = 0
    repeats: int = 0
    same_matter: int = 0
    #: Same-matter repeats in themes not labelled failure (failure demand labels miss).
    same_matter_not_failure: int = 0
    by_theme: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=THEME_REPEAT_COLUMNS))
    #: One row per (theme, theme it is followed by) with contacts and median gap.
    transitions: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: One row per repeat contact: ``ticket_id``, ``previous_ticket_id``, ``gap_days``,
    #: ``same_matter``.
    pairs: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def repeat_share(self) -> float:
        return self.repeats / self.n_with_id if self.n_with_id else float("nan")

    @property
    def same_matter_share(self) -> float:
        return self.same_matter / self.n_with_id if self.n_with_id else float("nan")

    def summary(self) -> str:
        """The headline, with its denominator in words."""
        if not self.available:
            return NEEDS_COLUMN
        if not self.n_with_id:
            return "Repeat contacts: no contact in this export has a customer id."
        head = (
            f"Repeat contacts: {self.repeats:,} of {self.n_with_id:,} contacts with a customer "
            f"id ({self.repeat_share:.1%}) came within {self.window_days} days of the same "
            f"customer's previous contact; {self.same_matter:,} ({self.same_matter_share:.1%} "
            "of contacts with a customer id) about the same matter (same theme, or both "
            "failure demand) — progress chasing, which is failure demand"
        )
        if self.same_matter_not_failure:
            head += (f"; {self.same_matter_not_failure:,} of them sit in themes not labelled "
                     "failure")
        if self.n_with_id < self.n_total:
            head += f". {self.n_total - self.n_with_id:,} contacts have no customer id"
        return head + "."

    def top_themes(self, n: int = 10) -> pd.DataFrame:
        """The themes customers most often come back after (at least one comeback)."""
        shown = self.by_theme[self.by_theme["comebacks"] > 0].head(n)
        return shown[["theme_name", "contacts", "repeat_rate", "comeback_rate",
                      "comeback_ci_low", "comeback_ci_high", "median_gap_days", "back_with"]]

    def _repr_html_(self) -> str:
        from html import escape

        head = f"<p>{escape(self.summary())}</p>"
        if not self.available or self.by_theme.empty:
            return head
        table = self.top_themes().to_html(index=False, border=0, float_format="{:.2f}".format)
        return f"{head}<p>Themes customers come back after:</p>{table}"


def _previous(frame: pd.DataFrame) -> pd.DataFrame:
    """Each contact's previous contact by the same customer (NaN where none)."""
    frame = frame.sort_values([KEY, "created_at", "_order"], kind="stable")
    prev = frame.groupby(KEY, sort=False)[["ticket_id", "created_at", "theme_key",
                                           "demand_type"]].shift(1)
    frame["previous_ticket_id"] = prev["ticket_id"]
    frame["gap_days"] = (frame["created_at"] - prev["created_at"]).dt.total_seconds() / 86400
    frame["previous_theme"] = prev["theme_key"]
    frame["previous_demand"] = prev["demand_type"]
    return frame


def repeat_contacts(
    tickets: pd.DataFrame,
    themes: pd.DataFrame | None = None,
    labels: Any = None,
    config: RepeatsConfig | PipelineConfig | None = None,
    previous: pd.DataFrame | None = None,
    confidence: float = 0.95,
) -> RepeatContacts:
    """Repeat contacts of a run's tickets; see the module docstring.

    Args:
        tickets: The run's tickets (``customer_key`` from ingest, ``created_at``,
            ``theme_key``).
        themes: Theme table (names where a label has none).
        labels: ``{theme_key: label}`` (names; demand types for "about the same matter").
        config: :class:`~demandlens.config.RepeatsConfig` (or a pipeline config).
        previous: The previous run's tickets: earlier contacts that count as "previous".
        confidence: Level of the comeback-rate intervals.
    """
    if isinstance(config, PipelineConfig):
        config = config.repeats
    config = config or RepeatsConfig()
    window = config.window_days
    if KEY not in tickets or not tickets[KEY].notna().any():
        return RepeatContacts(available=KEY in tickets, window_days=window,
                              n_total=len(tickets))
    table = demand_table(tickets, themes, labels)
    table[KEY] = tickets[KEY].to_numpy()
    table["_current"] = True
    table["_order"] = np.arange(len(table))
    frames = [table]
    if previous is not None and KEY in previous and len(previous):
        prev = demand_table(previous, None, labels)
        prev[KEY] = previous[KEY].to_numpy()
        prev = prev[~prev["ticket_id"].isin(set(table["ticket_id"]))]
        frames.append(prev.assign(_current=False, _order=-1))
    frame = pd.concat(frames, ignore_index=True)
    frame = _previous(frame[frame[KEY].notna() & frame["created_at"].notna()])
    frame["is_repeat"] = frame["gap_days"].le(window).fillna(False)
    same_theme = frame["theme_key"].notna() & (frame["theme_key"] == frame["previous_theme"])
    both_failure = (frame["demand_type"] == "failure") & (frame["previous_demand"] == "failure")
    frame["same_matter"] = frame["is_repeat"] & (same_theme | both_failure).fillna(False)
    current = frame[frame["_current"]]
    pairs = current.loc[current["is_repeat"], ["ticket_id", "previous_ticket_id", "gap_days",
                                               "same_matter"]].reset_index(drop=True)
    themed = table.dropna(subset=["theme_key"])
    names = dict(zip(themed["theme_key"], themed["theme_name"].astype(str), strict=True))
    by_theme, transitions = _by_theme(frame, names, window, confidence)
    return RepeatContacts(
        available=True, window_days=window, n_total=len(tickets), n_with_id=len(current),
        repeats=int(current["is_repeat"].sum()), same_matter=int(current["same_matter"].sum()),
        same_matter_not_failure=int((current["same_matter"]
                                     & (current["demand_type"] != "failure")).sum()),
        by_theme=by_theme, transitions=transitions, pairs=pairs,
    )


def find_repeats(run: Any, labels: Any = None, previous: Any = None) -> RepeatContacts:
    """:func:`repeat_contacts` of a run, with its config and, as earlier contacts, the previous
    run's (``previous``: a run or folder; None uses the run's manifest, False none). Every
    surface (notebook, report, CLI) calls this, so they show the same figure."""
    previous = resolve_previous(run, previous)
    return repeat_contacts(run.tickets, getattr(run, "themes", None), labels,
                           getattr(run, "config", None),
                           previous=previous.tickets if previous is not None else None)


def _by_theme(frame: pd.DataFrame, names: dict, window: int, confidence: float):
    """Per theme of the current contacts: repeats, comebacks, gaps and next themes."""
    def name(key: Any) -> str:
        return names.get(key, key) if isinstance(key, str) and key != _OUTLIER else "(outlier)"

    key = frame["theme_key"].astype(object).where(frame["theme_key"].notna(), _OUTLIER)
    frame = frame.assign(theme=key)
    repeats = frame[frame["is_repeat"]]  # each repeat's previous contact "came back" with it
    nxt = pd.DataFrame({"ticket_id": repeats["previous_ticket_id"].to_numpy(),
                        "next_theme": repeats["theme"].to_numpy(),
                        "gap_next": repeats["gap_days"].to_numpy()})
    current = frame[frame["_current"]].merge(nxt, on="ticket_id", how="left")
    current["came_back"] = current["next_theme"].notna()
    grouped = current.groupby("theme", sort=False)
    by_theme = grouped.agg(contacts=("ticket_id", "size"), repeats=("is_repeat", "sum"),
                           comebacks=("came_back", "sum"),
                           median_gap_days=("gap_next", "median")).reset_index()
    back = (current[current["came_back"]].groupby(["theme", "next_theme"]).size()
            .rename("n").reset_index().sort_values(["theme", "n", "next_theme"],
                                                   ascending=[True, False, True]))
    back_with = {t: "; ".join(f"{name(k)} ({c})" for k, c in zip(g["next_theme"].head(3),
                                                                 g["n"].head(3), strict=True))
                 for t, g in back.groupby("theme", sort=False)}
    intervals = [wilson_interval(int(c), int(n), confidence)
                 for c, n in zip(by_theme["comebacks"], by_theme["contacts"], strict=True)]
    by_theme = by_theme.assign(
        theme_key=by_theme["theme"], theme_name=by_theme["theme"].map(name),
        repeat_rate=by_theme["repeats"] / by_theme["contacts"],
        comeback_rate=by_theme["comebacks"] / by_theme["contacts"],
        comeback_ci_low=[lo for lo, _ in intervals], comeback_ci_high=[hi for _, hi in intervals],
        back_with=by_theme["theme"].map(back_with).fillna(""),
    )[THEME_REPEAT_COLUMNS]
    by_theme[["repeats", "comebacks"]] = by_theme[["repeats", "comebacks"]].astype(int)
    by_theme = by_theme.sort_values(["comebacks", "contacts"], ascending=False,
                                    kind="stable").reset_index(drop=True)
    pairs = repeats[repeats["_current"]]
    transitions = (
        pd.DataFrame({"from_theme": pairs["previous_theme"].map(name).to_numpy(),
                      "to_theme": pairs["theme"].map(name).to_numpy(),
                      "gap_days": pairs["gap_days"].to_numpy()})
        .groupby(["from_theme", "to_theme"])
        .agg(contacts=("gap_days", "size"), median_gap_days=("gap_days", "median"))
        .reset_index().sort_values(["contacts", "from_theme", "to_theme"],
                                   ascending=[False, True, True], kind="stable")
        .reset_index(drop=True)
    )
    return by_theme, transitions
