"""Carry labels across a re-run, and report what changed between two runs' themes.

:func:`carry_labels` and :func:`mapping_report` are pure; :func:`carry_labels_to_file` applies
the first to the project's labels file. :func:`carry_labels` only ever *adds* entries
(suggestions for split and merged themes): it never deletes an entry and never changes one,
not even its status, except to clear a stale ``vanished`` status older versions wrote on a
theme that is back. Themes that disappeared are reported (``report["vanished"]``) and shown
in the re-run mapping; their entries stay as the analyst left them.

Labels may be :class:`~demandlens.labels.schema.ThemeLabel` objects or plain dicts with the same
fields (as read from the YAML file).

Example:
    >>> import pandas as pd
    >>> mapping = pd.DataFrame({"current_key": [None], "previous_keys": [["th-a"]],
    ...     "status": ["vanished"], "size_previous": [4], "size_current": [0], "change": [-4]})
    >>> new, report = carry_labels(mapping, {"th-a": {"name": "Late parcel", "status": "active"}})
    >>> new["th-a"], report["vanished"]
    ({'name': 'Late parcel', 'status': 'active'}, ['th-a'])
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ..labels.store import LabelStore
from ..run import Run

__all__ = ["carry_labels", "mapping_report", "carry_labels_to_file"]

log = logging.getLogger(__name__)

#: Fields copied from a parent label into a suggestion for a split/merged theme.
_SUGGESTED = ("name", "demand_type", "failing_process", "sub_process", "failure_type", "root_cause")


def _get(label: Any, name: str, default: Any = None) -> Any:
    if isinstance(label, Mapping):
        return label.get(name, default)
    return getattr(label, name, default)


def _with(label: Any, **changes: Any) -> Any:
    if isinstance(label, Mapping):
        return {**label, **changes}
    return dataclasses.replace(label, **changes)


def _suggestion(parents: list[tuple[str, Any]], template: Any) -> Any:
    """A needs-review label copying the strongest labelled parent's fields."""
    _, first = parents[0]
    fields = {f: _get(first, f) for f in _SUGGESTED}
    fields["root_cause"] = fields["root_cause"] or ""
    fields["name"] = fields["name"] or ""
    kinds = {(_get(p, "demand_type"), _get(p, "failing_process")) for _, p in parents}
    notes = "Suggested from " + ", ".join(k for k, _ in parents) + " by a re-run; please review."
    if len(kinds) > 1:
        notes += " The parents' labels differ: " + "; ".join(
            f"{k}: {_get(p, 'name') or '?'} ({_get(p, 'demand_type')}, {_get(p, 'failing_process')})"
            for k, p in parents
        ) + "."
    extra = {
        "notes": notes,
        "labelled_by": None,
        "labelled_at": None,
        "status": "needs_review",
        "review": None,
    }
    if isinstance(template, Mapping):
        return {**fields, **extra, "suggested_from": [k for k, _ in parents]}
    return dataclasses.replace(
        type(template)(), **fields, **extra, suggested_from=tuple(k for k, _ in parents)
    )


def carry_labels(
    mapping: pd.DataFrame, labels: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Carry the analyst's labels to a re-run's themes.

    * ``matched``/``assigned`` themes kept their previous key: nothing to do.
    * ``split``/``merged`` themes get a new entry (if they have none) copying the labelled
      parents' fields as a suggestion: ``status: needs_review``, ``suggested_from`` = parents,
      no ``labelled_by``.
    * ``new`` themes get nothing (an absent entry means "needs label"); listed in the report.
    * ``vanished`` themes are listed in the report; their entries are left exactly as they are.
    * the one change ever made to an entry: a ``matched``/``assigned`` theme whose entry says
      ``vanished`` (written by a demandlens before re-runs stopped marking vanished themes) is
      back, so that stale status returns to ``active`` (reported under ``revived``).

    Args:
        mapping: The re-run's mapping (``current_key``, ``previous_keys``, ``status``).
        labels: Current labels keyed by theme key (not modified).

    Returns:
        ``(new_labels, report)``: all previous entries, unchanged but for ``revived``, plus the
        additions, and a report with the keys ``carried`` (matched themes with a label),
        ``suggested`` (entries added), ``needs_label`` (new themes and split/merged ones without
        a labelled parent), ``vanished`` (labelled themes of the previous run that are gone) and
        ``revived`` (entries whose stale ``vanished`` status went back to ``active``).
    """
    new_labels = dict(labels)
    report: dict[str, list[str]] = {
        "carried": [], "suggested": [], "needs_label": [], "vanished": [], "revived": [],
    }
    template = next(iter(labels.values()), {})
    for row in mapping.itertuples(index=False):
        status = str(row.status)
        key = None if pd.isna(row.current_key) else str(row.current_key)
        prevs = [str(k) for k in (row.previous_keys if row.previous_keys is not None else [])]
        if status == "vanished":  # reported, never written: labels only grow
            report["vanished"] += [k for k in prevs if k in new_labels]
        elif status in ("matched", "assigned"):
            if key in new_labels and _get(new_labels[key], "status") == "vanished":
                new_labels[key] = _with(new_labels[key], status="active")  # back again
                report["revived"].append(key)
            if key in labels and _get(labels[key], "demand_type"):
                report["carried"].append(key)
            else:
                report["needs_label"].append(key)
        elif status in ("split", "merged"):
            parents = [(k, labels[k]) for k in prevs if k in labels and _get(labels[k], "demand_type")]
            if key in new_labels:
                continue  # never overwrite an entry, e.g. the analyst already labelled it
            if parents:
                new_labels[key] = _suggestion(parents, template)
                report["suggested"].append(key)
            else:
                report["needs_label"].append(key)
        else:
            if not (key in labels and _get(labels[key], "demand_type")):
                report["needs_label"].append(key)
    log.info(
        "Labels: %d carried, %d suggested, %d need a label, %d of vanished themes (kept as they "
        "are), %d stale vanished status(es) back to active",
        len(report["carried"]), len(report["suggested"]), len(report["needs_label"]),
        len(report["vanished"]), len(report["revived"]),
    )
    return new_labels, report


def mapping_report(
    mapping: pd.DataFrame, themes: pd.DataFrame | None = None, grow: float = 0.25,
    labels: Any = None, previous_themes: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, str]:
    """A table and a short text of what changed between the previous run and this one.

    Themes are named as on every other surface (:func:`demandlens.labels.display.theme_names`:
    the analyst's name, else the merge name, else the top keywords); keys stay as columns.

    Args:
        mapping: The re-run's mapping.
        themes: The current themes table (names and keywords); optional.
        grow: Relative size change counted as "grew"/"shrank" (0.25 = 25%).
        labels: The labels (names of labelled themes); optional.
        previous_themes: The previous run's themes table (names of vanished themes); optional.

    Returns:
        ``(table, text)``: one row per mapping row with ``theme`` (this run's name),
        ``previous`` (the previous run's names, `` + ``-joined), ``change_pct`` and
        ``top_keywords`` first, then the mapping's columns; sorted new → split/merged →
        matched (by change) → vanished.
    """
    from ..labels.display import theme_names

    table = mapping.copy()
    prev = table["size_previous"].astype(float)
    table["change_pct"] = (table["size_current"] - prev) / prev.where(prev > 0)
    current = [None if pd.isna(k) else str(k) for k in table["current_key"]]
    previous = [[str(k) for k in (ks if ks is not None else [])] for ks in table["previous_keys"]]
    now_names = theme_names(themes, labels, keys=[k for k in current if k])
    before = theme_names(previous_themes, labels, keys=[k for ks in previous for k in ks])
    table["theme"] = [now_names[k] if k else "" for k in current]
    table["previous"] = [" + ".join(before[k] for k in ks) for ks in previous]
    kw = {}
    if themes is not None and "top_keywords" in themes.columns:
        kw = dict(zip(themes["theme_key"].astype(str), themes["top_keywords"], strict=False))
    table["top_keywords"] = [kw.get(k, "") if k else "" for k in current]
    order = {"new": 0, "split": 1, "merged": 2, "matched": 3, "assigned": 3, "vanished": 4}
    table["_o"] = table["status"].map(order).fillna(5)
    table = table.sort_values(["_o", "size_current"], ascending=[True, False]).drop(columns="_o")
    first = ["theme", "status", "previous", "size_previous", "size_current", "change_pct"]
    table = table[first + [c for c in table.columns if c not in first]].reset_index(drop=True)

    status = table["status"]
    kept = status.isin(["matched", "assigned"])
    new = table[status == "new"]
    parts = []
    if len(new):
        top = new.iloc[0]
        parts.append(
            f"{len(new)} new theme{'s' if len(new) != 1 else ''} "
            f"(largest: {top.theme!r}, {int(top.size_current)} tickets)"
        )
    else:
        parts.append("no new themes")
    parts.append(f"{int(kept.sum())} matched")
    parts.append(f"{int((kept & (table['change_pct'] > grow)).sum())} grew by >{grow:.0%}")
    parts.append(f"{int((kept & (table['change_pct'] < -grow)).sum())} shrank by >{grow:.0%}")
    for s in ("split", "merged"):
        if (status == s).any():
            parts.append(f"{int((status == s).sum())} {s} (labels suggested for review)")
    gone = table.loc[status == "vanished", "previous"].tolist()
    shown = "; ".join(repr(g) for g in gone[:3]) + ("; …" if len(gone) > 3 else "")
    parts.append(f"{len(gone)} vanished" + (f" ({shown})" if gone else ""))
    return table, ", ".join(parts) + "."


def carry_labels_to_file(run: Run, labels_path: str | Path) -> dict:
    """Carry labels to a re-run's themes in the labels file (only ever adds) and return them.

    Matched themes keep their keys, so their labels need nothing; split and merged themes get
    their parents' labels as suggestions flagged for review (new entries, logged by key);
    entries already in the file are never changed. The file is written only when an entry was
    added, or a stale ``vanished`` status cleared (both logged by key).
    """
    labels_path = Path(labels_path)
    store = LabelStore(labels_path)
    current = store.load() if labels_path.exists() else {}
    if run.mapping is None:
        return current
    carried, report = carry_labels(run.mapping, current)
    added = [k for k in carried if k not in current]
    if added or report["revived"]:
        store.save(carried)
    if added:
        log.info("Added %d suggestion(s) to %s for review: %s", len(added), labels_path,
                 ", ".join(added))
    if report["revived"]:
        log.info("Back again, status vanished -> active in %s: %s", labels_path,
                 ", ".join(report["revived"]))
    return carried
