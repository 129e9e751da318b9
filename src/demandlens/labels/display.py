"""Names people read: a theme's display name and a process's name, the same on every surface.

A theme is shown by the name the analyst gave it (its label's ``name``), else the name given
when it was merged (the themes table's ``name`` column), else its first three keywords. Keys
(``th-52b766``) are for joining tables and stay a secondary column. Processes and failure types
are shown by the taxonomy's names (``Billing and payment``), not their ids.

Every table, chart, legend, CLI summary and re-run mapping calls :func:`theme_names` /
:func:`process_name`, so a theme has one name wherever it appears.

Example:
    >>> import pandas as pd
    >>> themes = pd.DataFrame({"theme_key": ["th-a", "th-b", "th-c"],
    ...     "top_keywords": ["paket, försenat, levering, spårning", "faktura, belopp", ""]})
    >>> from demandlens.labels.schema import ThemeLabel
    >>> theme_names(themes, {"th-b": ThemeLabel(name="Wrong invoice amount")})
    {'th-a': 'paket, försenat, levering', 'th-b': 'Wrong invoice amount', 'th-c': 'th-c'}
    >>> process_name("billing_payment"), process_name("unknown")
    ('Billing and payment', 'Not known yet (unlabelled or outlier)')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from .view import theme_labels

__all__ = [
    "theme_names",
    "display_name",
    "keyword_name",
    "process_name",
    "process_names",
    "failure_type_name",
    "OUTLIER_NAME",
]

#: How tickets in no theme are named on every surface.
OUTLIER_NAME = "(no theme: outliers)"
#: Keywords that make up a theme's name when nobody has named it.
_KEYWORDS_IN_NAME = 3
#: Names of the groups a by-process breakdown adds next to the taxonomy's processes.
_GROUP_NAMES = {
    "unknown": "Not known yet (unlabelled or outlier)",
    "none": "Not failure demand",
    "unspecified": "Failure, process not given",
}


def keyword_name(top_keywords: Any, n: int = _KEYWORDS_IN_NAME) -> str:
    """The first ``n`` of a theme's comma-separated top keywords (``""`` when it has none)."""
    if not isinstance(top_keywords, str):
        return ""
    words = [w.strip() for w in top_keywords.split(",") if w.strip()]
    return ", ".join(words[:n])


def theme_names(themes: pd.DataFrame | None, labels: Any = None,
                keys: Iterable[str] | None = None) -> dict[str, str]:
    """``{theme_key: display name}`` for every theme of ``themes`` (and any extra ``keys``).

    The analyst's name wins, then a merge name (``themes["name"]``), then the top keywords,
    then the key itself. Two themes that would show the same name get their key appended
    (``"Late parcel · th-a1b2c3"``), so a legend or a table never merges them.
    """
    lmap = theme_labels(labels)
    merged: dict[str, Any] = {}
    keywords: dict[str, Any] = {}
    if themes is not None and not themes.empty and "theme_key" in themes:
        theme_keys = themes["theme_key"].astype(str).tolist()
        if "name" in themes:
            merged = dict(zip(theme_keys, themes["name"], strict=True))
        if "top_keywords" in themes:
            keywords = dict(zip(theme_keys, themes["top_keywords"], strict=True))
    else:
        theme_keys = []
    extra = [] if keys is None else [str(k) for k in keys]  # any iterable, numpy arrays too
    order = list(dict.fromkeys([*theme_keys, *extra]))
    names = {}
    for key in order:
        merge_name = merged.get(key)
        merge_name = merge_name.strip() if isinstance(merge_name, str) else ""
        label = lmap.get(key)
        own = label.name.strip() if label is not None and label.name else ""
        names[key] = (own or merge_name
                      or keyword_name(keywords.get(key)) or key)
    counts = pd.Series(list(names.values()), dtype=object).value_counts()
    return {k: (f"{n} · {k}" if counts[n] > 1 and n != k else n) for k, n in names.items()}


def display_name(key: Any, themes: pd.DataFrame | None = None, labels: Any = None) -> str:
    """The display name of one theme key (:data:`OUTLIER_NAME` for a missing key)."""
    if key is None or (not isinstance(key, str) and pd.isna(key)):
        return OUTLIER_NAME
    return theme_names(themes, labels, keys=[str(key)])[str(key)]


@lru_cache(maxsize=1)
def _default_taxonomy() -> Any:
    from .taxonomy import load_taxonomy

    return load_taxonomy()


def _taxonomy_names(taxonomy: Any, section: str) -> dict[str, str]:
    """``{id: name}`` of one taxonomy section; a Taxonomy, its dict form, or None (default)."""
    if taxonomy is None:
        taxonomy = _default_taxonomy()
    elif isinstance(taxonomy, (str, Path)):
        from .taxonomy import load_taxonomy

        taxonomy = load_taxonomy(taxonomy)
    elif callable(getattr(taxonomy, "current", None)):  # a TaxonomyFile follows its file
        taxonomy = taxonomy.current()
    items = taxonomy.get(section, []) if isinstance(taxonomy, Mapping) else getattr(
        taxonomy, section, [])
    out = {}
    for item in items or []:
        ident = item.get("id") if isinstance(item, Mapping) else getattr(item, "id", None)
        name = item.get("name") if isinstance(item, Mapping) else getattr(item, "name", None)
        if ident:
            out[str(ident)] = str(name or ident)
    return out


def process_names(taxonomy: Any = None) -> dict[str, str]:
    """``{process id: name}`` of ``taxonomy`` (the default taxonomy when None), plus the
    ``unknown``/``none``/``unspecified`` groups of a by-process breakdown."""
    return {**_taxonomy_names(taxonomy, "processes"), **_GROUP_NAMES}


def process_name(process_id: Any, taxonomy: Any = None) -> str:
    """The taxonomy's name of a process id; an id the taxonomy does not know is shown as is."""
    if process_id is None or (not isinstance(process_id, str) and pd.isna(process_id)):
        return ""
    return process_names(taxonomy).get(str(process_id), str(process_id))


def failure_type_name(failure_type_id: Any, taxonomy: Any = None) -> str:
    """The taxonomy's name of a failure-type id (unknown ids shown as is)."""
    if failure_type_id is None or (not isinstance(failure_type_id, str)
                                   and pd.isna(failure_type_id)):
        return ""
    names = {**_taxonomy_names(taxonomy, "failure_types"), **_GROUP_NAMES}
    return names.get(str(failure_type_id), str(failure_type_id))
