"""The one shape in which the measure stage, the exports and the report read labels.

Labels are parsed once, by :func:`demandlens.labels.schema.parse_labels` (through
:func:`~demandlens.labels.edits.load_labels`, :class:`~demandlens.labels.store.LabelStore` or the
workbench), into ``{theme_key: ThemeLabel}``. Readers take exactly that: :func:`theme_labels`
checks it once at their door and says what to do when it gets something else (for example the
raw ``yaml.safe_load`` of a labels file, which has not been validated).

Example:
    >>> from demandlens.labels.schema import ThemeLabel
    >>> theme_labels({"th-1": ThemeLabel(demand_type="failure")})["th-1"].demand_type
    'failure'
    >>> theme_labels({"th-1": {"demand_type": "failure"}})
    Traceback (most recent call last):
    ...
    TypeError: labels['th-1'] is a dict, not a ThemeLabel. ...
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .schema import ThemeLabel

__all__ = ["theme_labels", "judgements"]

_HOW = ("Read labels with dl.load_labels('labels.yaml'), or parse text with "
        "demandlens.labels.parse_labels(text); readers take the parsed ThemeLabel objects.")


def theme_labels(labels: Mapping[str, ThemeLabel] | None) -> dict[str, ThemeLabel]:
    """``labels`` as ``{theme_key: ThemeLabel}`` (None gives ``{}``).

    Raises:
        TypeError: ``labels`` is not a mapping, or one of its values is not a ``ThemeLabel``;
            the message names the theme key and how to read labels instead.
    """
    if labels is None:
        return {}
    if not isinstance(labels, Mapping):
        raise TypeError(f"labels must map theme keys to ThemeLabel objects, got "
                        f"{type(labels).__name__}. {_HOW}")
    for key, label in labels.items():
        if not isinstance(label, ThemeLabel):
            raise TypeError(f"labels[{key!r}] is a {type(label).__name__}, not a ThemeLabel. "
                            f"{_HOW}")
    return {str(k): v for k, v in labels.items()}


def judgements(label: ThemeLabel | None, members: Any = None) -> dict[str, dict[str, str]]:
    """The label's review judgements ``{ticket_id: {"demand_type", "failing_process"?}}``.

    Args:
        label: A theme's label, or None.
        members: Only judgements of these ticket ids (e.g. the theme's current tickets, so a
            judgement of a ticket that moved to another theme does not count here); None: all.
    """
    if label is None or label.review is None:
        return {}
    judged = label.review.judgements
    if members is None:
        return dict(judged)
    return {t: j for t, j in judged.items() if t in members}
