"""Build theme labels for the quantify/estimate/report tests through the labels package."""

from __future__ import annotations

try:  # the public module named in docs/architecture.md
    from demandlens.labels.edits import Review, ThemeLabel
except ImportError:  # pragma: no cover - until demandlens.labels.edits exists
    from demandlens.labels.schema import Review, ThemeLabel


def make_label(demand_type=None, process=None, failure_type=None, name="", judgements=None,
               seed=1):
    """A ThemeLabel; ``judgements`` maps ticket id -> demand type (failure/value/other) or
    a ``(demand_type, failing_process)`` tuple."""
    review = None
    if judgements is not None:
        judged = {t: ({"demand_type": d[0], "failing_process": d[1]} if isinstance(d, tuple)
                      else {"demand_type": d}) for t, d in judgements.items()}
        review = Review(seed=seed, sample=tuple(judgements), judgements=judged)
    return ThemeLabel(name=name, demand_type=demand_type, failing_process=process,
                      failure_type=failure_type, review=review)
