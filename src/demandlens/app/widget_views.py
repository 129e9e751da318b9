"""HTML and chart rendering for the labelling workbench (pure functions returning strings).

Example:
    >>> import pandas as pd
    >>> row = pd.Series({"theme_key": "th-1", "size": 3, "share": 0.3,
    ...                  "keywords": {"sv": ["leverans"]}, "representative_ids": ["a"]})
    >>> "leverans" in theme_details_html(row, [("a", "sv", "Var är mitt paket?")])
    True
"""

from __future__ import annotations

import html
import logging
from typing import Any

import pandas as pd

__all__ = ["theme_details_html", "weekly_volume_svg", "ticket_html", "option_label"]

log = logging.getLogger(__name__)

_LANG_COLOURS = {"sv": "#1f6feb", "da": "#c2410c", "nb": "#15803d", "en": "#6b21a8"}


def _tag(lang: str) -> str:
    colour = _LANG_COLOURS.get(lang, "#555")
    return (f"<span style='background:{colour};color:white;border-radius:3px;padding:0 4px;"
            f"font-size:11px;margin-right:4px'>{html.escape(str(lang))}</span>")


def option_label(row: pd.Series, label: Any | None) -> str:
    """One line of the theme list: size, share, name or top keywords, ✓ when labelled."""
    done = label is not None and getattr(label, "is_labelled", False)
    title = (label.name if label is not None and label.name else "") or _top_keywords(row)
    share = float(row.get("share", 0.0) or 0.0)
    return f"{int(row['size']):>5}  {share:6.1%}  {title[:48]}{'  ✓' if done else ''}"


def _top_keywords(row: pd.Series) -> str:
    top = row.get("top_keywords")
    if isinstance(top, str) and top:
        return top
    kw = row.get("keywords")
    if isinstance(kw, dict):
        return ", ".join(w for words in kw.values() for w in list(words)[:2])
    return str(row["theme_key"])


def ticket_html(ticket_id: str, lang: str, text: str, max_chars: int = 400) -> str:
    """One ticket: language tag, id and (truncated) text."""
    body = text if len(text) <= max_chars else text[:max_chars] + "…"
    return (f"<div style='margin:3px 0'>{_tag(lang)}<code style='font-size:11px'>"
            f"{html.escape(str(ticket_id))}</code> {html.escape(body)}</div>")


def theme_details_html(row: pd.Series, tickets: list[tuple[str, str, str]]) -> str:
    """Size, share, language mix, keywords per language and the given tickets of a theme.

    Args:
        row: the theme's row of the themes table.
        tickets: ``(ticket_id, language, text)`` to show (representatives first).
    """
    share = float(row.get("share", 0.0) or 0.0)
    parts = [
        f"<div class='dl-theme-details'><b>{html.escape(str(row['theme_key']))}</b> — "
        f"{int(row['size'])} tickets, {share:.1%} of all"
    ]
    status = row.get("status")
    if isinstance(status, str) and status:
        parts.append(f" <i>({html.escape(status)})</i>")
    langs = row.get("languages")
    if isinstance(langs, dict) and langs:
        mix = " ".join(f"{_tag(k)}{v}" for k, v in sorted(langs.items(), key=lambda kv: -kv[1]))
        parts.append(f"<div style='margin-top:4px'>{mix}</div>")
    kw = row.get("keywords")
    if isinstance(kw, dict) and kw:
        rows = "".join(
            f"<tr><td style='padding-right:6px'>{_tag(lang)}</td>"
            f"<td>{html.escape(', '.join(map(str, words)))}</td></tr>"
            for lang, words in kw.items()
        )
        parts.append(f"<table style='margin:4px 0'>{rows}</table>")
    elif isinstance(row.get("top_keywords"), str):
        parts.append(f"<div>{html.escape(row['top_keywords'])}</div>")
    parts.append("<div style='margin-top:4px'><b>Representative tickets</b></div>")
    parts.extend(ticket_html(tid, lang, text) for tid, lang, text in tickets)
    parts.append("</div>")
    return "".join(parts)


def weekly_volume_svg(created_at: pd.Series, width: int = 260, height: int = 70) -> str:
    """A small altair bar chart of tickets per ISO week, rendered to SVG offline (vl-convert).

    Returns an empty string when there are no dates or rendering fails (logged).
    """
    dates = pd.to_datetime(created_at, errors="coerce").dropna()
    if dates.empty:
        return ""
    try:
        import altair as alt
        import vl_convert as vlc

        weeks = dates.dt.to_period("W-SUN").dt.start_time
        data = weeks.value_counts().sort_index().rename_axis("week").reset_index(name="tickets")
        data["week"] = data["week"].dt.strftime("%Y-%m-%d")
        chart = (
            alt.Chart(data, title="Tickets per week")
            .mark_bar(color="#4c78a8")
            .encode(x=alt.X("week:T", title=None), y=alt.Y("tickets:Q", title=None),
                    tooltip=["week:T", "tickets:Q"])
            .properties(width=width, height=height)
        )
        return vlc.vegalite_to_svg(chart.to_dict())
    except Exception as exc:  # a chart must never break labelling
        log.warning("Weekly chart not rendered: %s", exc)
        return ""
