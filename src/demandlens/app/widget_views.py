"""What the workbench sends to the browser: small JSON payloads built by pure functions.

Only what the view needs crosses to the browser: one row per theme for the list, one page of
tickets of the selected theme, at most :data:`SEARCH_LIMIT` search hits. A 30,000-ticket run
never sends 30,000 rows.

Extension points (one line each, on the Python side):

* a **status badge**: append a function ``(run, labels) -> {theme_key: [Badge, ...]}`` to
  :data:`BADGE_SOURCES`, e.g. ``BADGE_SOURCES.append(spike_badges)``; the list shows it and the
  status filter offers it;
* a **ticket column**: append ``(column, header)`` to :data:`TICKET_COLUMNS`, e.g.
  ``TICKET_COLUMNS.append(("tier", "placed by"))``; runs without that column just skip it.

Example:
    >>> badges = status_badges(_demo_run(), {})
    >>> [b.id for b in badges["th-1"]]
    ['unlabelled', 'new']
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from .alerts_view import alert_badges

__all__ = [
    "Badge",
    "BADGE_SOURCES",
    "TICKET_COLUMNS",
    "OUTLIERS",
    "status_badges",
    "theme_rows",
    "theme_title",
    "ticket_page",
    "search_hits",
    "weekly_volume_svg",
]

log = logging.getLogger(__name__)

#: Pseudo theme key under which the list shows the run's outliers (tickets in no theme).
OUTLIERS = "__outliers__"
SEARCH_LIMIT = 30
TEXT_CHARS = 600


@dataclass(frozen=True)
class Badge:
    """A status badge of a theme: ``id`` (filter value, CSS class), ``text`` shown, hover ``title``."""

    id: str
    text: str
    title: str = ""


_THEME_STATUS = {
    "new": ("new", "new", "Not matched to a theme of the previous run"),
    "matched": ("matched", "matched", "Matched to a theme of the previous run; its label carried"),
    "assigned": ("matched", "matched", "Tickets assigned to a theme of the previous run"),
    "merged": ("merged", "merged", "Made by merging themes"),
    "split": ("split", "split", "Made by splitting a theme"),
}


def status_badges(run: Any, labels: dict[str, Any]) -> dict[str, list[Badge]]:
    """unlabelled / needs label, new / matched / merged / split, and reviewed, per theme."""
    out: dict[str, list[Badge]] = {}
    statuses = run.themes["status"] if "status" in run.themes else pd.Series("", index=run.themes.index)
    for key, status in zip(run.themes["theme_key"], statuses, strict=True):
        lab = labels.get(key)
        badges = []
        if lab is not None and getattr(lab, "status", "") == "needs_review":
            badges.append(Badge("needs_label", "needs label", "Carried from last month: check it"))
        elif lab is None or not lab.is_labelled:
            badges.append(Badge("unlabelled", "unlabelled", "No demand type yet"))
        if isinstance(status, str) and status in _THEME_STATUS:
            badges.append(Badge(*_THEME_STATUS[status]))
        review = getattr(lab, "review", None)
        if review is not None and review.sample and len(review.judgements) >= len(review.sample):
            badges.append(Badge("reviewed", "reviewed", f"All {len(review.sample)} sampled tickets judged"))
        out[str(key)] = badges
    return out


#: Functions ``(run, labels) -> {theme_key: [Badge, ...]}`` whose badges the list shows.
BADGE_SOURCES: list[Callable[[Any, dict[str, Any]], dict[str, list[Badge]]]] = [
    status_badges, alert_badges,  # alert_badges: spikes, growing / shrinking themes (#20)
]

#: Ticket columns the ticket table shows when the run has them: ``(column, header)``.
TICKET_COLUMNS: list[tuple[str, str]] = [
    ("channel", "channel"),
    ("created_at", "date"),
    ("reassigned", "reassigned"),
]


def theme_title(row: Any, label: Any | None) -> str:
    """The analyst's name for the theme, else its top keywords, else its key."""
    if label is not None and getattr(label, "name", ""):
        return str(label.name)
    top = row.get("top_keywords") if hasattr(row, "get") else None
    if isinstance(top, str) and top:
        return top
    kw = row.get("keywords") if hasattr(row, "get") else None
    if isinstance(kw, dict) and kw:
        return ", ".join(w for words in kw.values() for w in list(words)[:2])
    return str(row["theme_key"])


def _counts(run: Any, column: str) -> dict[str, dict[str, int]]:
    t = run.tickets
    if column not in t or "theme_key" not in t:
        return {}
    grouped = t.groupby([t["theme_key"].fillna(OUTLIERS).astype(str), t[column].astype(str)]).size()
    out: dict[str, dict[str, int]] = {}
    for (key, value), n in grouped.items():
        out.setdefault(key, {})[value] = int(n)
    return out


def theme_rows(run: Any, labels: dict[str, Any]) -> list[dict[str, Any]]:
    """One small dict per theme for the list (largest first), plus the outliers when any."""
    badges: dict[str, list[Badge]] = {}
    for source in BADGE_SOURCES:
        try:
            for key, items in source(run, labels).items():
                badges.setdefault(key, []).extend(items)
        except Exception:  # a badge must never break labelling
            log.exception("Badge source %r failed", source)
    langs, chans = _counts(run, "language"), _counts(run, "channel")
    n = max(len(run.tickets), 1)
    rows = []
    for _, row in run.themes.sort_values(["size", "theme_key"], ascending=[False, True]).iterrows():
        key = str(row["theme_key"])
        lab = labels.get(key)
        rows.append({
            "key": key, "size": int(row["size"]), "share": float(row["size"]) / n,
            "title": theme_title(row, lab), "labelled": bool(lab is not None and lab.is_labelled),
            "badges": [asdict(b) for b in badges.get(key, [])],
            "languages": langs.get(key, {}), "channels": chans.get(key, {}),
        })
    outliers = int(run.tickets["theme_key"].isna().sum()) if "theme_key" in run.tickets else 0
    if outliers:
        rows.append({"key": OUTLIERS, "size": outliers, "share": outliers / n,
                     "title": "(outliers: in no theme)", "labelled": False,
                     "badges": [asdict(Badge("outliers", "outliers", "Tickets no theme took"))],
                     "languages": langs.get(OUTLIERS, {}), "channels": chans.get(OUTLIERS, {})})
    return rows


def _cell(value: Any) -> str:
    if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (bool,)) or type(value).__name__ == "bool_":
        return "yes" if value else ""
    return str(value)


def ticket_page(run: Any, key: str, page: int, page_size: int = 20,
                focus: str | None = None) -> dict[str, Any]:
    """One page of the tickets of theme ``key`` (representatives first, then by id)."""
    t = run.tickets
    members = t[t["theme_key"].isna()] if key == OUTLIERS else t[t["theme_key"] == key]
    ids = members["ticket_id"].astype(str)
    reps: list[str] = []
    if key != OUTLIERS:
        hit = run.themes.loc[run.themes["theme_key"] == key, "representative_ids"] \
            if "representative_ids" in run.themes else []
        reps = [str(i) for i in (hit.iloc[0] if len(hit) and isinstance(hit.iloc[0], list) else [])]
    rank = pd.Series(range(len(reps)), index=reps, dtype="float64")
    order = members.assign(_r=ids.map(rank).fillna(len(reps)).to_numpy(), _id=ids.to_numpy())
    order = order.sort_values(["_r", "_id"], kind="stable")
    if focus is not None and focus in set(order["_id"]):
        page = int(list(order["_id"]).index(focus)) // page_size
    pages = max(1, -(-len(order) // page_size))
    page = max(0, min(int(page), pages - 1))
    chunk = order.iloc[page * page_size:(page + 1) * page_size]
    cols = [(c, title) for c, title in TICKET_COLUMNS if c in t.columns]
    tickets = []
    for _, r in chunk.iterrows():
        text = str(r.get("text", ""))
        tickets.append({
            "id": r["_id"], "language": str(r.get("language", "?")),
            "text": text if len(text) <= TEXT_CHARS else text[:TEXT_CHARS] + "…",
            "cols": {c: _cell(r.get(c)) for c, _ in cols}, "focus": r["_id"] == focus,
        })
    return {"tickets": tickets, "page": page, "first": page * page_size + (1 if len(chunk) else 0),
            "last": page * page_size + len(chunk), "n_tickets": len(order),
            "columns": [{"name": c, "title": title} for c, title in cols]}


def search_hits(run: Any, labels: dict[str, Any], q: str, limit: int = SEARCH_LIMIT) -> dict[str, Any]:
    """Tickets whose id or text contains ``q`` (case-insensitive), with their theme."""
    q = (q or "").strip()
    if not q:
        return {"q": "", "hits": [], "text": ""}
    t = run.tickets
    ids = t["ticket_id"].astype(str)
    text = t["text"].astype(str) if "text" in t else pd.Series("", index=t.index)
    hit = ids.str.contains(q, case=False, regex=False) | text.str.contains(q, case=False, regex=False)
    rows = t[hit.to_numpy()]
    titles = {str(r["theme_key"]): theme_title(r, labels.get(str(r["theme_key"])))
              for _, r in run.themes.iterrows()}
    hits = []
    for _, r in rows.head(limit).iterrows():
        body = str(r.get("text", ""))
        at = body.lower().find(q.lower())
        start = max(0, at - 30) if at >= 0 else 0
        key = None if pd.isna(r["theme_key"]) else str(r["theme_key"])
        hits.append({"ticket_id": str(r["ticket_id"]), "theme_key": key,
                     "theme_title": titles.get(key, "(outlier)") if key else "(outlier)",
                     "snippet": ("…" if start else "") + body[start:start + 90], "text": body[:300]})
    total = int(hit.sum())
    shown = f"first {limit} of " if total > limit else ""
    return {"q": q, "hits": hits, "text": f"{shown}{total} ticket(s) match “{q}” — click one to jump to its theme"}


def weekly_volume_svg(created_at: pd.Series, width: int = 240, height: int = 60) -> str:
    """A small altair bar chart of tickets per ISO week, rendered to SVG offline (vl-convert).

    Returns an empty string when there are no dates or rendering fails (logged).
    """
    dates = pd.to_datetime(created_at, errors="coerce", utc=True).dropna()
    if dates.empty:
        return ""
    try:
        import altair as alt
        import vl_convert as vlc

        weeks = dates.dt.tz_localize(None).dt.to_period("W-SUN").dt.start_time
        data = weeks.value_counts().sort_index().rename_axis("week").reset_index(name="tickets")
        data["week"] = data["week"].dt.strftime("%Y-%m-%d")
        chart = (
            alt.Chart(data, title="Tickets per week")
            .mark_bar(color="#4c78a8")
            .encode(x=alt.X("week:T", title=None), y=alt.Y("tickets:Q", title=None))
            .properties(width=width, height=height)
        )
        return vlc.vegalite_to_svg(chart.to_dict())
    except Exception as exc:  # a chart must never break labelling
        log.warning("Weekly chart not rendered: %s", exc)
        return ""


def _demo_run() -> Any:
    from types import SimpleNamespace

    themes = pd.DataFrame({"theme_key": ["th-1"], "size": [1], "status": ["new"]})
    tickets = pd.DataFrame({"ticket_id": ["a"], "theme_key": ["th-1"], "text": ["hej"]})
    return SimpleNamespace(themes=themes, tickets=tickets)
