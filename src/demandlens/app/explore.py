"""Browse a run in JupyterLab: a theme card and the interactive 2-D map of tickets."""

from __future__ import annotations

import html
from typing import Any

import altair as alt
import pandas as pd

from ..errors import DemandLensError
from ..labels.display import OUTLIER_NAME, display_name, theme_names
from ..run import Run
from .offline import use_offline_charts

use_offline_charts()  # the map renders with no network (vega bundled, not from a CDN)

__all__ = ["theme_card", "theme_map"]

_MAP_MAX_POINTS = 20_000


def theme_card(run: Run, key: str | None = None, n_examples: int | None = None,
               labels: Any = None) -> ThemeCard:
    """An HTML card of one theme (default: the largest): its name, size, keywords per
    language and representative tickets."""
    if key is None:
        if run.themes.empty:
            raise DemandLensError("This run has no themes to show.")
        key = str(run.themes.sort_values(["size", "theme_key"], ascending=[False, True])
                  ["theme_key"].iloc[0])
    return ThemeCard(run, key, n_examples, labels)


class ThemeCard:
    """Rich display of one theme (renders as HTML in a notebook, as text elsewhere)."""

    def __init__(self, run: Run, key: str, n_examples: int | None = None,
                 labels: Any = None) -> None:
        self.row = run.theme(key)
        self.name = display_name(key, run.themes, labels)
        ids = list(self.row["representative_ids"])[: n_examples or None]
        by_id = run.tickets.set_index("ticket_id")
        self.examples = by_id.loc[[i for i in ids if i in by_id.index], ["language", "text"]]

    def _repr_html_(self) -> str:
        row = self.row
        kw = "".join(
            f"<li><b>{html.escape(lang)}</b>: {html.escape(', '.join(words))}</li>"
            for lang, words in row["keywords"].items()
        )
        ex = "".join(
            f"<li><code>{html.escape(lang)}</code> {html.escape(text[:400])}</li>"
            for lang, text in self.examples.itertuples(index=False)
        )
        return (
            f"<h4>{html.escape(self.name)} · {row['size']} tickets "
            f"({row['share']:.1%} of all tickets)</h4>"
            f"<p><small>key {html.escape(str(row['theme_key']))}</small></p>"
            f"<p>Keywords per language:</p><ul>{kw}</ul>"
            f"<p>Representative tickets:</p><ol>{ex}</ol>"
        )

    def __repr__(self) -> str:
        lines = [f"{self.name} ({self.row['theme_key']}): {self.row['size']} tickets, "
                 f"{self.row['top_keywords']}"]
        lines += [f"  [{lang}] {text[:120]}" for lang, text in self.examples.itertuples(index=False)]
        return "\n".join(lines)


def theme_map(run: Run, labels: Any = None, max_points: int = _MAP_MAX_POINTS) -> alt.Chart:
    """Interactive scatter of tickets on the 2-D map, coloured by theme name, text in tooltips.

    Themes are named as everywhere else (the analyst's name, else the top keywords); outliers
    are grey. Click a theme in the legend to highlight it; scroll to zoom, hover a dot for the
    ticket. Above ``max_points`` tickets a sample drawn with the run's seed is shown.
    """
    t = run.tickets
    if len(t) > max_points:
        t = t.sample(max_points, random_state=run.config.seed)
    names = theme_names(run.themes, labels)
    keywords = dict(zip(run.themes["theme_key"], run.themes["top_keywords"], strict=False))
    data = pd.DataFrame(
        {
            "x": t["x"].to_numpy(),
            "y": t["y"].to_numpy(),
            "theme": t["theme_key"].map(names).fillna(OUTLIER_NAME).astype(str).to_numpy(),
            "key": t["theme_key"].fillna("").astype(str).to_numpy(),
            "keywords": t["theme_key"].map(keywords).fillna("").to_numpy(),
            "language": t["language"].to_numpy(),
            "text": t["text"].str.slice(0, 160).to_numpy(),
        }
    )
    base = alt.Chart(data).mark_circle(size=18).encode(
        x=alt.X("x:Q", axis=None),
        y=alt.Y("y:Q", axis=None),
        tooltip=["theme", "keywords", "language", "text", "key"],
    )
    outliers = base.transform_filter(alt.datum.key == "").encode(
        color=alt.value("#d0d0d0")
    )
    pick = alt.selection_point(fields=["theme"], bind="legend")
    themed = (
        base.transform_filter(alt.datum.key != "")
        .encode(
            color=alt.Color("theme:N", title="Theme",
                            legend=alt.Legend(columns=2, symbolLimit=80, labelLimit=260)),
            opacity=alt.condition(pick, alt.value(0.85), alt.value(0.08)),
        )
        .add_params(pick)
    )
    return (
        alt.layer(outliers, themed, title=f"{len(run.tickets)} tickets, {len(run.themes)} themes "
                  "(outliers grey)")
        .properties(width=640, height=480)
        .interactive()
    )
