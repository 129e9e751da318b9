"""The review-sample panel of the labelling workbench (issue 12): one sampled ticket at a time."""

from __future__ import annotations

import html
import math
from typing import Any

import ipywidgets as w

from ..labels.edits import review_failure_fraction
from .widget_views import ticket_html

__all__ = ["ReviewPanel", "failure_fraction_text"]


def failure_fraction_text(label, theme_size: int) -> str:  # noqa: ANN001 - ThemeLabel | None
    """"Estimated failure fraction 0.70 [0.40, 0.89] from 10 reviewed tickets" (or why not).

    Uses ``demandlens.measure.estimate.theme_failure_fraction`` (finite-population interval) when
    available, else a Wilson interval over the judgements (:func:`labels.review_failure_fraction`).
    """
    est = review_failure_fraction(label)
    try:
        from ..measure.strata import theme_failure_fraction

        p, lo, hi, source = theme_failure_fraction(label, theme_size)
    except ImportError:
        return str(est)
    if source == "review":
        return (f"Estimated failure fraction {p:.2f} [{lo:.2f}, {hi:.2f}] "
                f"from {est.reviewed} reviewed tickets")
    if source == "label" and not math.isnan(p):
        return (f"Assumed from the label only: {p:.2f} [{lo:.2f}, {hi:.2f}]; "
                "review tickets to measure it")
    return "No estimate yet: label the theme or review its sample"


class ReviewPanel:
    """Widgets for the review sample; edits go through the workbench (pure label functions)."""

    def __init__(self, wb: Any) -> None:  # the LabelWorkbench that owns this panel
        self.wb = wb
        self.info = w.HTML()
        self.ticket = w.HTML()
        self.estimate = w.HTML()
        self.draw = w.Button(description="Draw sample (r)", tooltip="Draw a review sample")
        self.buttons = {
            dt: w.Button(description=f"{dt.capitalize()} ({dt[0]})", tooltip=f"Judge as {dt}")
            for dt in ("failure", "value", "other")
        }
        self.override = w.Dropdown(description="Process", layout=w.Layout(width="260px"))
        self.draw.on_click(lambda _: wb.draw_sample())
        for dt, b in self.buttons.items():
            b.on_click(lambda _, dt=dt: wb.judge(dt))
            b.add_class(f"dl-judge-{dt}")
        self.box = w.VBox(
            [w.HTML("<b>Review sample</b>"), self.info, self.ticket,
             w.HBox([*self.buttons.values(), self.override]), self.draw, self.estimate],
            layout=w.Layout(border="1px solid #ddd", padding="4px", margin="6px 0 0 0"),
        )

    def current_ticket(self) -> str | None:
        """The first sampled ticket without a judgement (None when done or no sample)."""
        label = self.wb.labels.get(self.wb.key) if self.wb.key else None
        if label is None or label.review is None:
            return None
        return next((t for t in label.review.sample if t not in label.review.judgements), None)

    def refresh(self, process_options: list[tuple[str, str]]) -> None:
        wb = self.wb
        label = wb.labels.get(wb.key) if wb.key else None
        review = label.review if label is not None else None
        size = int(wb.run.theme(wb.key)["size"]) if wb.key else 0
        self.override.options = [("same as theme", "")] + process_options[1:]
        self.override.value = ""
        current = self.current_ticket()
        if review is None:
            self.info.value = (f"No sample yet: press <b>r</b> (or the button) to draw "
                               f"{wb.review_size} tickets, stratified by language.")
            self.ticket.value = ""
        else:
            done = len(review.judgements)
            self.info.value = f"{done} of {len(review.sample)} judged (seed {review.seed})."
            if current is None:
                self.ticket.value = "<i>All sampled tickets judged.</i>"
            else:
                lang, text = wb.ticket_text(current)
                self.ticket.value = ticket_html(current, lang, text, max_chars=800)
        for b in self.buttons.values():
            b.disabled = current is None
        self.draw.disabled = review is not None
        self.estimate.value = html.escape(failure_fraction_text(label, size))
