"""Read theme labels whatever their shape: ``labels.ThemeLabel`` objects or plain dicts.

quantify, estimate and report only *read* labels. This adapter lets them accept the
``dict[str, ThemeLabel]`` from :mod:`demandlens.labels.edits` as well as the same structure as
plain dicts (e.g. ``yaml.safe_load`` of a labels file), so they never depend on how the
labels module stores its objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .schema import DEMAND_TYPES

__all__ = ["label_map", "attr", "demand_type", "review_judgements"]



def label_map(labels: Any) -> dict[str, Any]:
    """Normalise ``labels`` to ``{theme_key: label}``.

    Accepts ``None``, a mapping of theme key to label, a whole labels-file dict
    (``{"version": 1, "themes": {...}}``) or an object with a ``labels``/``themes`` mapping.
    """
    if labels is None:
        return {}
    if isinstance(labels, Mapping):
        if "themes" in labels and isinstance(labels.get("themes"), Mapping) and (
            "version" in labels or len(labels) <= 2
        ):
            return dict(labels["themes"])
        return dict(labels)
    for name in ("labels", "themes"):
        inner = getattr(labels, name, None)
        if isinstance(inner, Mapping):
            return dict(inner)
    raise TypeError(
        f"labels must be a dict of theme key -> label, got {type(labels).__name__}."
    )


def attr(label: Any, name: str, default: Any = None) -> Any:
    """An attribute of a label object or key of a label dict (``default`` when absent/empty)."""
    if label is None:
        return default
    value = label.get(name, default) if isinstance(label, Mapping) else getattr(label, name, default)
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    return value


def demand_type(label: Any) -> str | None:
    """The label's demand type (``failure``/``value``/``unclear``) or None if unlabelled."""
    value = attr(label, "demand_type")
    if value is None:
        return None
    value = str(value).strip().lower()
    return value if value in DEMAND_TYPES else None


def review_judgements(label: Any) -> dict[str, dict[str, Any]]:
    """``{ticket_id: {"demand_type": ..., ...}}`` from the label's review sample (may be empty).

    A judgement given as a bare string (``"failure"``) is read as its demand type.
    """
    review = attr(label, "review")
    if review is None:
        return {}
    judgements = attr(review, "judgements", {}) or {}
    out: dict[str, dict[str, Any]] = {}
    for ticket_id, judgement in dict(judgements).items():
        if isinstance(judgement, str):
            judgement = {"demand_type": judgement}
        elif not isinstance(judgement, Mapping):
            judgement = {
                "demand_type": getattr(judgement, "demand_type", None),
                "failing_process": getattr(judgement, "failing_process", None),
            }
        dt = judgement.get("demand_type")
        if dt is None:
            continue
        out[str(ticket_id)] = {**judgement, "demand_type": str(dt).strip().lower()}
    return out
