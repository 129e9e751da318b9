"""The review panel's payload: the sampled tickets with their judgements, and in words what
the theme's failure fraction rests on (the label only, or n reviewed tickets).

Example:
    >>> from demandlens.labels.schema import ThemeLabel
    >>> failure_fraction_text(ThemeLabel(demand_type="failure"), 40).startswith("Rests on the label only")
    True
"""

from __future__ import annotations

from typing import Any

from ..measure.strata import theme_failure_fraction

__all__ = ["failure_fraction_text", "review_state", "OTHER_MEANS"]

#: What a judgement of "other" means, shown under the review sample.
OTHER_MEANS = ("“Other” (o): the ticket is neither failure nor value demand of this theme "
               "(wrong theme, spam, no reason given). It counts among the reviewed tickets but "
               "not as failure, so it lowers the theme's failure fraction.")


def failure_fraction_text(label: Any, theme_size: int) -> str:
    """What the theme's failure fraction rests on, in the words of every surface.

    The sentence of :func:`demandlens.measure.strata.theme_failure_fraction` (the report shows
    the same): "On 10 reviews (8 failure, 2 value): 80% failure; 95% range 52%–95% for its 120
    tickets.", "Rests on the label only (no review yet): counted as 100% failure. …" or why the
    theme counts as unknown.
    """
    return theme_failure_fraction(label, theme_size).sentence


def review_state(label: Any, theme_size: int, review_size: int,
                 ticket_text: Any) -> dict[str, Any]:
    """What the review panel shows for one theme.

    Args:
        label: the theme's ThemeLabel (or None).
        theme_size: tickets in the theme.
        review_size: how many tickets a sample draws.
        ticket_text: ``ticket_id -> (language, text)``.
    """
    review = getattr(label, "review", None)
    explain = failure_fraction_text(label, theme_size)
    if review is None or not review.sample:
        return {"sample": None, "current": None, "explain": explain, "other_means": OTHER_MEANS,
                "info": f"No sample yet: press r to draw {min(review_size, theme_size)} tickets, "
                        "stratified by language; then judge each with f / v / o."}
    current = next((t for t in review.sample if t not in review.judgements), None)
    sample = []
    for tid in review.sample:
        lang, text = ticket_text(tid)
        sample.append({"id": tid, "language": lang, "text": text[:160],
                       "judgement": (review.judgements.get(tid) or {}).get("demand_type"),
                       "current": tid == current})
    done = len(review.judgements)
    info = (f"{done} of {len(review.sample)} judged (seed {review.seed})."
            + (" Judge the highlighted ticket: f failure, v value, o other." if current else
               " All judged."))
    return {"sample": sample, "current": current, "info": info, "explain": explain,
            "other_means": OTHER_MEANS}
