"""Plain words for alerts: one sentence per alert and a one-line summary of all of them.

Example:
    >>> spike_message("Parcel late", "2026-W28", 56, 6.2, peak=("2026-07-07", 24),
    ...               words=["lager", "warehouse"])
    'Parcel late: 56 tickets in week 28 (2026), about 6 expected — 9×; most on Tue 7 Jul (24). What is different: lager, warehouse.'
    >>> summary_line({"spike": 2, "new_theme": 1})
    '2 spikes, 1 new theme'
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

__all__ = [
    "fmt_ratio", "fmt_expected", "period_words", "spike_message", "growth_message",
    "new_theme_message", "vanished_message", "summary_line", "KIND_WORDS",
]

#: Alert kinds in the order they are listed, with their singular and plural words.
KIND_WORDS = {
    "spike": ("spike", "spikes"),
    "process_spike": ("process spike", "process spikes"),
    "new_theme": ("new theme", "new themes"),
    "growing": ("growing theme", "growing themes"),
    "shrinking": ("shrinking failure theme", "shrinking failure themes"),
    "vanished": ("vanished theme", "vanished themes"),
}


def fmt_ratio(ratio: float) -> str:
    """``9×`` from 3 up, ``2.4×`` below (``∞×`` when nothing was expected)."""
    if ratio is None or (isinstance(ratio, float) and math.isnan(ratio)):
        return "–"
    if math.isinf(ratio):
        return "∞×"
    return f"{ratio:.0f}×" if ratio >= 3 else f"{ratio:.1f}×"


def fmt_expected(expected: float) -> str:
    """``about 6 expected`` (``fewer than 1 expected`` below one)."""
    return "fewer than 1 expected" if expected < 1 else f"about {expected:.0f} expected"


def period_words(period: str) -> str:
    """``2026-W28`` -> ``week 28 (2026)``; ``2026-07-07`` -> ``Tue 7 Jul 2026``."""
    if "-W" in period:
        year, week = period.split("-W")
        return f"week {int(week)} ({year})"
    day = pd.Timestamp(period)
    return f"{day:%a} {day.day} {day:%b %Y}"


def _day_words(day: str) -> str:
    stamp = pd.Timestamp(day)
    return f"{stamp:%a} {stamp.day} {stamp:%b}"


def spike_message(
    name: str,
    period: str,
    observed: float,
    expected: float,
    peak: tuple[str, float] | None = None,
    words: Sequence[str] = (),
    unit_words: str = "tickets",
) -> str:
    """"Parcel late: 56 tickets in week 28 (2026), about 6 expected — 9×." (+ peak, words)."""
    when = period_words(period)
    when = f"in {when}" if "-W" in period else f"on {when}"
    ratio = observed / expected if expected > 0 else math.inf
    text = f"{name}: {observed:.0f} {unit_words} {when}, {fmt_expected(expected)} — {fmt_ratio(ratio)}"
    if peak is not None:
        text += f"; most on {_day_words(peak[0])} ({peak[1]:.0f})"
    text += "."
    if words:
        text += f" What is different: {', '.join(words)}."
    return text


def growth_message(name: str, kind: str, recent_weeks: int, observed: float, expected: float,
                   ratio: float, low: float, high: float, confidence: float = 0.95) -> str:
    """"Growing: Login problems — 2.1× the earlier rate in the last 4 weeks (95% CI 1.4–3.2) …"."""
    head = "Growing" if kind == "growing" else "Shrinking failure demand"
    tail = "" if kind == "growing" else " That is how a fix shows."
    return (
        f"{head}: {name} — {fmt_ratio(ratio)} the earlier rate in the last {recent_weeks} "
        f"weeks ({confidence:.0%} CI {low:.1f}–{high:.1f}): {observed:.0f} tickets, "
        f"{fmt_expected(expected)} at the earlier rate.{tail}"
    )


def new_theme_message(name: str, size: int, share: float) -> str:
    return (
        f"New theme: {name} — {size} tickets ({share:.1%} of all contacts), not matched to "
        f"any theme of the previous run; it needs a label."
    )


def vanished_message(name: str, size_previous: int, demand: str | None) -> str:
    what = f" ({demand} demand)" if demand in ("failure", "value") else ""
    return (
        f"Vanished: {name}{what} had {size_previous} tickets in the previous run and no "
        f"matching theme now."
    )


def summary_line(counts: Mapping[str, int]) -> str:
    """``2 spikes, 1 new theme`` in :data:`KIND_WORDS` order; ``no alerts`` when empty."""
    parts = []
    for kind, (one, many) in KIND_WORDS.items():
        n = int(counts.get(kind, 0))
        if n:
            parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts) if parts else "no alerts"
