"""Labelling logic as pure functions over ``dict[str, ThemeLabel]`` (keyed by theme key).

Every edit returns a *new* dict; nothing here touches files or widgets. The file lives in
:class:`LabelStore` (re-exported from :mod:`demandlens.labels.store`); the workbench
(:mod:`demandlens.app.widget`) is a thin view that calls these functions.

Example:
    >>> from demandlens.labels.taxonomy import load_taxonomy
    >>> tax = load_taxonomy()
    >>> labels = set_label({}, "th-1", taxonomy=tax, name="Late parcel",
    ...                    demand_type="failure", failing_process="delivery")
    >>> labels["th-1"].failing_process
    'delivery'
    >>> set_label(labels, "th-1", taxonomy=tax, failing_process="shipping")
    Traceback (most recent call last):
    ...
    demandlens.labels.taxonomy.TaxonomyError: Unknown process 'shipping'. ...
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .schema import (
    DEMAND_TYPES,
    JUDGEMENT_TYPES,
    STATUSES,
    Review,
    ThemeLabel,
)
from .store import LabelStore
from .taxonomy import Taxonomy

__all__ = [
    "load_labels",
    "set_label",
    "mark_merged",
    "start_review",
    "record_judgement",
    "draw_review_sample",
    "review_seed",
    "progress",
    "restore_label",
    "remove_judgement",
]

_EDITABLE = {"name", "demand_type", "failing_process", "sub_process", "failure_type",
             "root_cause", "notes", "status", "suggested_from", "merged_into"}


def set_label(
    labels: dict[str, ThemeLabel],
    key: str,
    *,
    taxonomy: Taxonomy | None = None,
    by: str | None = None,
    now: datetime | None = None,
    **fields: Any,
) -> dict[str, ThemeLabel]:
    """Return new labels with ``fields`` set on theme ``key`` (created if absent).

    Empty strings for ids mean "not set". ``labelled_at``/``labelled_by`` are stamped when
    anything changes.

    Raises:
        ValueError: an unknown field, demand type or status (the message lists valid ones).
        TaxonomyError: a process, sub-process or failure type not in ``taxonomy``.
    """
    unknown = sorted(set(fields) - _EDITABLE)
    if unknown:
        raise ValueError(f"Unknown label field(s) {', '.join(unknown)}; editable: {', '.join(sorted(_EDITABLE))}.")
    for name in ("demand_type", "failing_process", "sub_process", "failure_type", "merged_into"):
        if name in fields and fields[name] == "":
            fields[name] = None
    if fields.get("demand_type") not in (None, *DEMAND_TYPES):
        raise ValueError(f"demand_type must be one of {', '.join(DEMAND_TYPES)} (got {fields['demand_type']!r}).")
    if "status" in fields and fields["status"] not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)} (got {fields['status']!r}).")
    if "suggested_from" in fields:
        fields["suggested_from"] = tuple(fields["suggested_from"])
    old = labels.get(key, ThemeLabel())
    if "failing_process" in fields and fields["failing_process"] != old.failing_process:
        fields.setdefault("sub_process", None)  # a sub-process belongs to its process
    new = dataclasses.replace(old, **fields)
    if taxonomy is not None:
        if new.failing_process:
            taxonomy.validate_process(new.failing_process, new.sub_process)
        elif new.sub_process:
            raise ValueError("Pick a failing process before a sub-process.")
        if new.failure_type:
            taxonomy.validate_failure_type(new.failure_type)
    if new == old and key in labels:
        return dict(labels)
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    new = dataclasses.replace(new, labelled_at=stamp, labelled_by=by or old.labelled_by)
    return {**labels, key: new}


def mark_merged(labels: dict[str, ThemeLabel], absorbed: list[str], into: str) -> dict[str, ThemeLabel]:
    """Record that themes ``absorbed`` were merged into ``into``; their labels are kept."""
    out = dict(labels)
    for key in absorbed:
        if key in out and key != into:
            out[key] = dataclasses.replace(out[key], merged_into=into)
    return out


def review_seed(seed: int, key: str) -> int:
    """A per-theme sampling seed derived from the run seed (recorded in the labels file)."""
    return int(hashlib.sha1(f"{seed}:{key}".encode()).hexdigest()[:8], 16)


def draw_review_sample(tickets_of_theme: pd.DataFrame, size: int, seed: int) -> list[str]:
    """Draw ``size`` ticket ids, stratified by ``language`` (proportional, each language ≥ 1).

    Deterministic for a seed whatever the row order of ``tickets_of_theme`` (columns
    ``ticket_id`` and optionally ``language``).
    """
    df = tickets_of_theme.sort_values("ticket_id")
    ids = df["ticket_id"].astype(str).to_numpy()
    if size >= len(ids):
        return list(np.random.default_rng(seed).permutation(ids))
    langs = df["language"].astype(str).to_numpy() if "language" in df else np.array(["-"] * len(ids))
    groups = {lang: ids[langs == lang] for lang in sorted(set(langs))}
    quota = _allocate(size, {lang: len(g) for lang, g in groups.items()})
    rng = np.random.default_rng(seed)
    picked = [pid for lang, g in groups.items() for pid in rng.choice(g, quota[lang], replace=False)]
    return [str(p) for p in rng.permutation(np.array(picked, dtype=object))]


def _allocate(size: int, counts: dict[str, int]) -> dict[str, int]:
    """Largest-remainder proportional allocation, then each language gets one if possible."""
    total = sum(counts.values())
    exact = {k: size * c / total for k, c in counts.items()}
    quota = {k: math.floor(v) for k, v in exact.items()}
    for k in sorted(counts, key=lambda k: (-(exact[k] - quota[k]), k))[: size - sum(quota.values())]:
        quota[k] += 1
    if size >= len(counts):
        for k in [k for k in counts if quota[k] == 0]:
            donor = max(quota, key=lambda d: (quota[d], d))
            quota[donor] -= 1
            quota[k] += 1
    return quota


def start_review(labels: dict[str, ThemeLabel], key: str, sample: list[str], seed: int) -> dict[str, ThemeLabel]:
    """Attach a review sample to theme ``key``, keeping judgements of tickets still sampled."""
    old = labels.get(key, ThemeLabel())
    kept = {t: j for t, j in (old.review.judgements if old.review else {}).items() if t in sample}
    review = Review(seed=seed, sample=tuple(sample), judgements=kept)
    return {**labels, key: dataclasses.replace(old, review=review)}


def record_judgement(
    labels: dict[str, ThemeLabel],
    key: str,
    ticket_id: str,
    demand_type: str,
    failing_process: str | None = None,
    taxonomy: Taxonomy | None = None,
) -> dict[str, ThemeLabel]:
    """Record the analyst's judgement of one sampled ticket (failure / value / other).

    Raises:
        ValueError: no review sample for the theme, ticket not in it, or a bad demand type.
        TaxonomyError: ``failing_process`` not in ``taxonomy``.
    """
    if demand_type not in JUDGEMENT_TYPES:
        raise ValueError(f"A review judgement must be one of {', '.join(JUDGEMENT_TYPES)} (got {demand_type!r}).")
    old = labels.get(key)
    if old is None or old.review is None or ticket_id not in old.review.sample:
        raise ValueError(f"Ticket {ticket_id} is not in the review sample of theme {key}; draw a sample first.")
    if failing_process and taxonomy is not None:
        taxonomy.validate_process(failing_process)
    judgement = {"demand_type": demand_type}
    if failing_process:
        judgement["failing_process"] = failing_process
    review = dataclasses.replace(old.review, judgements={**old.review.judgements, ticket_id: judgement})
    return {**labels, key: dataclasses.replace(old, review=review)}


def progress(labels: dict[str, ThemeLabel], themes: pd.DataFrame, n_tickets: int | None = None) -> dict[str, Any]:
    """How far labelling is: themes labelled, and the share of tickets they cover.

    Args:
        labels: current labels.
        themes: theme table (``theme_key``, ``size``).
        n_tickets: denominator for coverage (all accepted tickets, outliers included);
            defaults to the sum of theme sizes.

    Returns:
        ``{"labelled", "total", "ticket_coverage", "text"}``, text like
        "23 of 61 themes labelled, covering 78% of tickets".
    """
    done = themes["theme_key"].map(lambda k: k in labels and labels[k].is_labelled).astype(bool)
    sizes = themes["size"].astype(float) if "size" in themes else pd.Series(1.0, index=themes.index)
    denom = float(n_tickets) if n_tickets else float(sizes.sum())
    coverage = float(sizes[done].sum() / denom) if denom else 0.0
    labelled, total = int(done.sum()), len(themes)
    text = f"{labelled} of {total} themes labelled, covering {coverage:.0%} of tickets"
    return {"labelled": labelled, "total": total, "ticket_coverage": coverage, "text": text}


def load_labels(path: str | Path) -> dict[str, ThemeLabel]:
    """The labels in ``path`` (validated, see :class:`LabelStore`); ``{}`` if it does not exist."""
    path = Path(path)
    return LabelStore(path).load() if path.exists() else {}


def restore_label(labels: dict[str, ThemeLabel], key: str,
                  label: ThemeLabel | None) -> dict[str, ThemeLabel]:
    """Return new labels with theme ``key``'s label put back to ``label`` (undo / redo).

    ``None`` (the theme had no label before) restores an empty label: the entry stays in the
    file, so an undo never deletes what the file holds about a theme.

    Example:
        >>> before = {"th-1": ThemeLabel(name="Late parcel")}
        >>> edited = set_label(before, "th-1", name="Parcel late")
        >>> restore_label(edited, "th-1", before["th-1"])["th-1"].name
        'Late parcel'
    """
    return {**labels, key: label if label is not None else ThemeLabel()}


def remove_judgement(labels: dict[str, ThemeLabel], key: str,
                     ticket_id: str) -> dict[str, ThemeLabel]:
    """Return new labels without the review judgement of ``ticket_id`` in theme ``key``.

    The ticket stays in the review sample, so it is judged again next.

    Raises:
        ValueError: the theme has no review or the ticket has no judgement in it.
    """
    old = labels.get(key)
    if old is None or old.review is None or ticket_id not in old.review.judgements:
        raise ValueError(f"Ticket {ticket_id} has no judgement in the review of theme {key}.")
    kept = {t: j for t, j in old.review.judgements.items() if t != ticket_id}
    review = dataclasses.replace(old.review, judgements=kept)
    return {**labels, key: dataclasses.replace(old, review=review)}
