"""Scores for themes against gold labels and across translations.

Used by the embedding benchmarks (cross-lingual agreement) and the theme-quality benchmark.

Example:
    >>> from demandlens.themes.evaluate import translation_pair_agreement
    >>> translation_pair_agreement(["a", "a", "b", "b"], [3, 3, 1, -1])
    0.5
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

__all__ = ["translation_pair_agreement", "clustering_scores"]


def translation_pair_agreement(group_ids: Sequence[Any], labels: Sequence[int]) -> float:
    """Share of translation pairs placed in the same theme.

    Over all pairs of different rows that share a group id (e.g. a sentence and its
    translations), the share where both rows have the same label and that label is not the
    outlier label ``-1``. Outliers therefore count as disagreement: a pair where both rows
    are noise was not put in a common theme.

    Args:
        group_ids: One id per row; rows sharing an id are translations of each other.
        labels: Theme label per row, ``-1`` for outliers.

    Returns:
        Agreement in [0, 1]; ``nan`` when no group has two or more rows.
    """
    if len(group_ids) != len(labels):
        raise ValueError(
            f"group_ids and labels must have the same length, got {len(group_ids)} and "
            f"{len(labels)}."
        )
    groups: dict[Any, list[int]] = defaultdict(list)
    for gid, label in zip(group_ids, labels, strict=True):
        groups[gid].append(int(label))
    total = agree = 0
    for members in groups.values():
        k = len(members)
        total += k * (k - 1) // 2
        counts = Counter(label for label in members if label != -1)
        agree += sum(c * (c - 1) // 2 for c in counts.values())
    return agree / total if total else float("nan")


def clustering_scores(gold: Sequence[Any], labels: Sequence[int]) -> dict[str, float]:
    """Agreement of theme labels with gold categories.

    Returns:
        ``nmi`` and ``ari`` over all rows (outliers ``-1`` form one group of their own),
        ``nmi_assigned`` over rows not labelled ``-1`` only, ``share_unassigned`` (share of
        ``-1``), ``n_themes`` (distinct labels other than ``-1``) and ``n_gold`` (distinct
        gold categories).
    """
    gold_arr = np.asarray(gold)
    lab = np.asarray(labels, dtype=int)
    if gold_arr.shape[0] != lab.shape[0]:
        raise ValueError(
            f"gold and labels must have the same length, got {gold_arr.shape[0]} and "
            f"{lab.shape[0]}."
        )
    assigned = lab != -1
    nmi_assigned = (
        float(normalized_mutual_info_score(gold_arr[assigned], lab[assigned]))
        if assigned.any()
        else float("nan")
    )
    return {
        "nmi": float(normalized_mutual_info_score(gold_arr, lab)),
        "ari": float(adjusted_rand_score(gold_arr, lab)),
        "nmi_assigned": nmi_assigned,
        "share_unassigned": float(1.0 - assigned.mean()) if lab.size else float("nan"),
        "n_themes": int(len(set(lab[assigned].tolist()))),
        "n_gold": int(len(set(gold_arr.tolist()))),
    }
