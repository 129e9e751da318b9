"""Match a re-run's themes to the previous run's, so labels carry over.

Evidence for "same theme" is centroid cosine similarity and, where ticket ids repeat between the
two runs, ticket overlap (Jaccard over the repeated ids). One-to-one pairs come from an optimal
(Hungarian) assignment; where the evidence says one theme became several (``split``), several
became one (``merged``), a theme has no partner (``new``) or a previous theme has none
(``vanished``), the mapping says so explicitly.

Rules (thresholds in :class:`~demandlens.config.MatchConfig`):

* *pair score* = similarity + Jaccard (Jaccard only when both themes have at least
  ``min_shared_tickets`` repeated ids). A pair may be matched one-to-one when its similarity is
  at least ``match_threshold`` (and, with ids, its Jaccard at least ``overlap_threshold``), or,
  with ids, its Jaccard is at least ``match_overlap``.
* *link* (evidence of a flow for split/merge): with ids, at least ``overlap_threshold`` of the
  previous theme's repeated tickets go to the current theme *and* make up at least that share of
  the current theme's; without ids, similarity at least ``group_threshold``.
* ``split``: a previous theme is the strongest parent of two or more linked current themes;
  ``merged``: a current theme is the strongest child of two or more linked previous themes.
  Without ids a group must also look like a split/merge: the single theme's centroid is closer
  to the size-weighted mean of the group than to any one member.

Example:
    >>> import numpy as np, pandas as pd
    >>> from demandlens.config import MatchConfig
    >>> th = pd.DataFrame({"theme_key": ["th-a", "th-b"], "size": [10, 5]})
    >>> C = np.eye(2, dtype="float32")
    >>> m = match_themes(th, C, None, th.assign(theme_key=["th-x", "th-y"]), C, None)
    >>> m[["current_key", "previous_keys", "status"]].values.tolist()
    [['th-x', ['th-a'], 'matched'], ['th-y', ['th-b'], 'matched']]
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from ..config import MatchConfig

__all__ = ["match_themes", "MAPPING_COLUMNS", "typed_mapping"]

log = logging.getLogger(__name__)

MAPPING_COLUMNS = [
    "current_key",
    "previous_keys",
    "status",
    "similarity",
    "overlap",
    "size_previous",
    "size_current",
    "change",
]


def _normalise(A: np.ndarray) -> np.ndarray:
    A = np.asarray(A, dtype=np.float64)
    norms = np.linalg.norm(A, axis=1, keepdims=True)
    return A / np.where(norms == 0, 1.0, norms)


def _overlap_counts(prev_tickets, cur_tickets, prev_keys, cur_keys):
    """Contingency of repeated ticket ids and per-theme repeated-ticket counts."""
    kp, kc = len(prev_keys), len(cur_keys)
    counts = np.zeros((kp, kc), dtype=float)
    n_prev, n_cur = np.zeros(kp), np.zeros(kc)
    if prev_tickets is None or cur_tickets is None or not len(prev_tickets) or not len(cur_tickets):
        return counts, n_prev, n_cur
    p = prev_tickets[["ticket_id", "theme_key"]].astype({"ticket_id": str})
    c = cur_tickets[["ticket_id", "theme_key"]].astype({"ticket_id": str})
    both = p.merge(c, on="ticket_id", suffixes=("_p", "_c"))
    if both.empty:
        return counts, n_prev, n_cur
    pi = both["theme_key_p"].map({k: i for i, k in enumerate(prev_keys)})
    ci = both["theme_key_c"].map({k: j for j, k in enumerate(cur_keys)})
    pi_ok, ci_ok = pi.notna().to_numpy(), ci.notna().to_numpy()
    np.add.at(n_prev, pi[pi_ok].astype(int).to_numpy(), 1)
    np.add.at(n_cur, ci[ci_ok].astype(int).to_numpy(), 1)
    ok = pi_ok & ci_ok
    np.add.at(counts, (pi[ok].astype(int).to_numpy(), ci[ok].astype(int).to_numpy()), 1)
    return counts, n_prev, n_cur


def _combination_ok(single: np.ndarray, members: np.ndarray, weights: np.ndarray) -> bool:
    """Is ``single`` closer to the weighted mean of ``members`` than to any one of them?"""
    mean = _normalise((members * weights[:, None]).sum(axis=0, keepdims=True))[0]
    return float(single @ mean) > float((members @ single).max())


def match_themes(
    prev_themes: pd.DataFrame,
    prev_centroids: np.ndarray,
    prev_tickets: pd.DataFrame | None,
    cur_themes: pd.DataFrame,
    cur_centroids: np.ndarray,
    cur_tickets: pd.DataFrame | None,
    config: MatchConfig | None = None,
) -> pd.DataFrame:
    """Relate the current run's themes to the previous run's.

    Args:
        prev_themes: Previous themes table (``theme_key``, ``size``).
        prev_centroids: Previous centroids, rows in ``prev_themes`` order.
        prev_tickets: Previous tickets (``ticket_id``, ``theme_key``) or None (no id overlap).
        cur_themes: Current themes table (``theme_key``, ``size``) with fresh keys.
        cur_centroids: Current centroids, rows in ``cur_themes`` order.
        cur_tickets: Current tickets (``ticket_id``, ``theme_key``) or None.
        config: Thresholds; defaults when None.

    Returns:
        One row per current theme (``matched``/``split``/``merged``/``new``) and one per
        vanished previous theme, columns :data:`MAPPING_COLUMNS`. ``previous_keys`` is ordered
        strongest parent first; ``overlap`` is the Jaccard overlap of repeated ticket ids
        between the current theme and its previous themes (NaN when ids do not repeat).
    """
    config = config or MatchConfig()
    pk = prev_themes["theme_key"].astype(str).tolist()
    ck = cur_themes["theme_key"].astype(str).tolist()
    psize = prev_themes["size"].to_numpy(dtype=int) if len(pk) else np.zeros(0, int)
    csize = cur_themes["size"].to_numpy(dtype=int) if len(ck) else np.zeros(0, int)
    d = max(np.shape(prev_centroids)[-1], np.shape(cur_centroids)[-1])
    P = _normalise(np.reshape(prev_centroids, (len(pk), d)))
    C = _normalise(np.reshape(cur_centroids, (len(ck), d)))
    S = P @ C.T if len(pk) and len(ck) else np.zeros((len(pk), len(ck)))

    counts, n_prev, n_cur = _overlap_counts(prev_tickets, cur_tickets, pk, ck)
    m = config.min_shared_tickets
    ids = (n_prev[:, None] >= m) & (n_cur[None, :] >= m)
    with np.errstate(divide="ignore", invalid="ignore"):
        jac = np.nan_to_num(counts / (n_prev[:, None] + n_cur[None, :] - counts))
        out_share = np.nan_to_num(counts / n_prev[:, None])
        in_share = np.nan_to_num(counts / n_cur[None, :])
    J = np.where(ids, jac, 0.0)
    score = S + J
    eligible = np.where(
        ids,
        (J >= config.match_overlap) | ((S >= config.match_threshold) & (J >= config.overlap_threshold)),
        S >= config.match_threshold,
    )
    link = np.where(
        ids,
        (out_share >= config.overlap_threshold) & (in_share >= config.overlap_threshold),
        S >= config.group_threshold,
    )
    link |= eligible

    # One-to-one: Hungarian on the score, only eligible pairs kept.
    pair: dict[int, int] = {}
    if len(pk) and len(ck):
        cost = np.where(eligible, -score, 1e6)
        rows, cols = linear_sum_assignment(cost)
        pair = {int(j): int(i) for i, j in zip(rows, cols, strict=True) if eligible[i, j]}

    strength = np.where(link, score, -np.inf)
    parent = {j: int(np.argmax(strength[:, j])) for j in range(len(ck)) if link[:, j].any()}
    child = {i: int(np.argmax(strength[i, :])) for i in range(len(pk)) if link[i, :].any()}
    merges: dict[int, list[int]] = {}
    for j in range(len(ck)):
        parents = [i for i in range(len(pk)) if link[i, j] and child.get(i) == j]
        if len(parents) < 2:
            continue
        parents.sort(key=lambda i: -strength[i, j])
        if not ids[parents, j].all() and not _combination_ok(C[j], P[parents], psize[parents]):
            continue
        merges[j] = parents
    splits: dict[int, list[int]] = {}
    for i in range(len(pk)):
        kids = [j for j in range(len(ck)) if link[i, j] and parent.get(j) == i and j not in merges]
        if len(kids) < 2:
            continue
        if not ids[i, kids].all() and not _combination_ok(P[i], C[kids], csize[kids]):
            continue
        splits[i] = kids
    in_groups = {i for ps in merges.values() for i in ps} | set(splits)

    rows_out = []
    for j in range(len(ck)):
        if j in merges:
            status, prevs = "merged", merges[j]
        elif j in parent and j in splits.get(parent[j], []):
            status, prevs = "split", [parent[j]]
        elif j in pair and pair[j] not in in_groups:
            status, prevs = "matched", [pair[j]]
        else:
            status, prevs = "new", []
        rows_out.append(_row(ck[j], prevs, status, j, S, counts, n_prev, n_cur, ids, pk, psize, csize))
    used = {i for r in rows_out for i in r.pop("_prev_idx")}
    for i in range(len(pk)):
        if i not in used:
            rows_out.append(_vanished_row(pk[i], psize[i]))
            rows_out[-1].pop("_prev_idx")
    mapping = pd.DataFrame(rows_out, columns=MAPPING_COLUMNS)
    return typed_mapping(mapping)


def _row(key, prevs, status, j, S, counts, n_prev, n_cur, ids, pk, psize, csize) -> dict:
    sim = float(S[prevs, j].max()) if prevs else np.nan
    overlap = np.nan
    if prevs and ids[prevs, j].any():
        inter = counts[prevs, j].sum()
        union = n_prev[prevs].sum() + n_cur[j] - inter
        overlap = float(inter / union) if union else np.nan
    size_prev = int(psize[prevs].sum()) if prevs else 0
    return {
        "current_key": key,
        "previous_keys": [pk[i] for i in prevs],
        "status": status,
        "similarity": sim,
        "overlap": overlap,
        "size_previous": size_prev,
        "size_current": int(csize[j]),
        "change": int(csize[j]) - size_prev,
        "_prev_idx": prevs,
    }


def _vanished_row(key: str, size: int) -> dict:
    return {
        "current_key": None,
        "previous_keys": [key],
        "status": "vanished",
        "similarity": np.nan,
        "overlap": np.nan,
        "size_previous": int(size),
        "size_current": 0,
        "change": -int(size),
        "_prev_idx": [],
    }


def typed_mapping(mapping: pd.DataFrame) -> pd.DataFrame:
    """The mapping table with the column types of :data:`MAPPING_COLUMNS` (in place; returned)."""
    mapping["current_key"] = mapping["current_key"].astype("string")
    mapping["status"] = mapping["status"].astype(str)
    for col in ("similarity", "overlap"):
        mapping[col] = mapping[col].astype(float)
    for col in ("size_previous", "size_current", "change"):
        mapping[col] = mapping[col].astype(int)
    return mapping
