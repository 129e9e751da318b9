"""Theme keys and the analyst's theme tools: merge, split, move, replay.

Every tool is a pure function: it takes a :class:`~demandlens.run.Run` and returns a *new* Run
(the input is never modified) with tickets, themes and centroids updated, and a JSON-able
record appended to ``run.operations`` so a re-run can :func:`replay` the analyst's edits.

* Merging keeps the key (and theme id) of the largest input theme, so its label carries.
* Splitting gives children keys derived from the parent key and the child's index
  (:func:`child_key`), so later operations on a child can be replayed.
* Theme ids of untouched themes never change; new children get the next free ids.

Example:
    >>> theme_key(42, ["t2", "t1"]) == theme_key(42, ["t1", "t2"])
    True
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DemandLensError
from ..run import Run
from .refresh import refresh_themes

__all__ = [
    "theme_key",
    "child_key",
    "merge_themes",
    "split_theme",
    "move_tickets",
    "replay",
]

log = logging.getLogger(__name__)


def theme_key(seed: int, member_ids: Iterable[str]) -> str:
    """``th-`` + 6 hex of sha1 over the seed and the sorted member ticket ids."""
    text = f"{int(seed)}\n" + "\n".join(sorted(str(i) for i in member_ids))
    return "th-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]


def child_key(parent_key: str, index: int) -> str:
    """Key of the ``index``-th child (0 = biggest) of a split theme."""
    return "th-" + hashlib.sha1(f"{parent_key}/split/{int(index)}".encode()).hexdigest()[:6]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _copy(run: Run) -> Run:
    return dataclasses.replace(
        run,
        tickets=run.tickets.copy(),
        themes=run.themes.copy(),
        centroids=np.array(run.centroids, copy=True),
        operations=[dict(op) for op in run.operations],
        manifest=dict(run.manifest),
    )


def _require_keys(run: Run, keys: Sequence[str]) -> None:
    known = set(run.themes["theme_key"].astype(str))
    missing = [k for k in keys if k not in known]
    if missing:
        raise DemandLensError(
            f"No theme with key(s) {', '.join(missing)} in this run; "
            "see run.themes['theme_key'] for the keys."
        )


def merge_themes(
    run: Run, keys: Sequence[str], name: str | None = None, into: str | None = None
) -> Run:
    """Merge two or more themes into one.

    Args:
        run: The run to edit (left unchanged).
        keys: Theme keys to merge (at least two, distinct).
        name: Optional name for the merged theme: recorded in the operation and kept in the
            themes table's ``name`` column, which every surface shows until the analyst's
            label gives the theme another name (:func:`demandlens.labels.display.theme_names`).
        into: Key to keep; defaults to the largest input theme's key (ties: first listed).

    Returns:
        A new Run with the merged theme marked ``status = "merged"``.
    """
    keys = list(dict.fromkeys(str(k) for k in keys))
    if len(keys) < 2:
        raise DemandLensError(f"Merging needs at least two different theme keys, got {keys}.")
    _require_keys(run, keys)
    sizes = run.themes.set_index("theme_key")["size"]
    if into is None:
        into = max(keys, key=lambda k: (int(sizes[k]), -keys.index(k)))
    elif into not in keys:
        raise DemandLensError(f"into={into!r} must be one of the merged keys {keys}.")
    new = _copy(run)
    t = new.tickets
    target_id = int(new.themes.loc[new.themes["theme_key"] == into, "theme_id"].iloc[0])
    moving = t["theme_key"].isin(keys).fillna(False).to_numpy(dtype=bool)
    t.loc[moving, "theme_key"] = into
    t.loc[moving, "theme_id"] = target_id
    others = [k for k in keys if k != into]
    prev = _union_previous(new.themes, keys)
    new.themes = new.themes[~new.themes["theme_key"].isin(others)].reset_index(drop=True)
    new.centroids = np.asarray(run.centroids)[~run.themes["theme_key"].isin(others).to_numpy()]
    _set(new.themes, into, status="merged", previous_keys=prev)
    if name is not None and str(name).strip():  # kept on the theme, shown as its name
        if "name" not in new.themes.columns:
            new.themes["name"] = pd.Series([None] * len(new.themes), dtype=object)
        _set(new.themes, into, name=str(name).strip())
    refresh_themes(new, [into], old=run)
    new.operations.append(
        {"op": "merge", "keys": keys, "into": into, "name": name, "at": _now()}
    )
    log.info("Merged %s into %s (%d tickets).", others, into, int(moving.sum()))
    return new


def split_theme(run: Run, key: str, n: int | None = None, seed: int | None = None) -> Run:
    """Split one theme by re-clustering just its tickets.

    Uses k-means on the theme's (normalised) embeddings, which always splits: with ``n`` given
    it makes exactly ``n`` children; otherwise it tries 2-8 and keeps the count with the best
    cosine silhouette. Children are ordered by size (ties: smallest ticket position first);
    child 0 keeps the parent's theme id, the others get new ids.

    Args:
        run: The run to edit (left unchanged); a reopened run's embeddings are loaded from
            the project's embedding cache (:meth:`Run.load_embeddings`).
        key: The theme to split.
        n: Number of children (at least 2); ``None`` chooses it.
        seed: Random seed; defaults to ``run.config.seed``.

    Returns:
        A new Run whose children have ``status = "split"`` and keys :func:`child_key`.
    """
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    _require_keys(run, [key])
    if run.embeddings is None or len(run.embeddings) != len(run.tickets):
        try:  # a reopened run: its vectors come back from the project's embedding cache
            run.load_embeddings()
        except Exception as exc:  # noqa: BLE001 - explain what is needed instead
            raise DemandLensError(
                "Splitting a theme needs the run's embeddings, and they could not be loaded "
                f"from the embedding cache ({exc}). Open the run from its project folder or "
                "pass project_dir to run.load_embeddings()."
            ) from exc
    seed = run.config.seed if seed is None else int(seed)
    rows = np.flatnonzero((run.tickets["theme_key"] == key).fillna(False).to_numpy(dtype=bool))
    X = np.asarray(run.embeddings, dtype=np.float32)[rows]
    X = X / np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-12)
    if n is not None and (n < 2 or n > len(rows)):
        raise DemandLensError(f"n must be between 2 and the theme size {len(rows)}, got {n}.")
    if len(rows) < 4 and n is None:
        raise DemandLensError(f"Theme {key} has only {len(rows)} tickets; too few to split.")
    candidates = [n] if n is not None else list(range(2, min(8, len(rows) - 1) + 1))
    best: tuple[float, np.ndarray] | None = None
    for k in candidates:
        lab = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(X)
        score = silhouette_score(X, lab, metric="cosine") if n is None else 0.0
        if best is None or score > best[0] + 1e-9:
            best = (score, lab)
    assert best is not None
    lab = best[1]
    parts = sorted(set(lab.tolist()), key=lambda c: (-int((lab == c).sum()), int(np.argmax(lab == c))))
    new = _copy(run)
    parent = new.themes.loc[new.themes["theme_key"] == key].iloc[0]
    next_id = int(new.themes["theme_id"].max()) + 1
    children, child_rows, new_cents = [], [], []
    for i, c in enumerate(parts):
        ck = child_key(key, i)
        cid = int(parent["theme_id"]) if i == 0 else next_id + i - 1
        members = rows[lab == c]
        new.tickets.loc[new.tickets.index[members], "theme_key"] = ck
        new.tickets.loc[new.tickets.index[members], "theme_id"] = cid
        row = parent.copy()
        row["theme_key"], row["theme_id"], row["status"] = ck, cid, "split"
        child_rows.append(row)
        children.append(ck)
        new_cents.append(np.asarray(run.centroids)[run.themes["theme_key"].to_numpy() == key][0])
    keep = (new.themes["theme_key"] != key).to_numpy()
    new.themes = pd.concat([new.themes[keep], pd.DataFrame(child_rows)], ignore_index=True)
    new.centroids = np.vstack([np.asarray(run.centroids)[keep], np.vstack(new_cents)])
    refresh_themes(new, children, old=run)
    new.operations.append(
        {"op": "split", "key": key, "n": n, "n_found": len(parts), "seed": seed,
         "into": children, "at": _now()}
    )
    log.info("Split %s into %s.", key, children)
    return new


def move_tickets(run: Run, ticket_ids: Sequence[str], to_key: str | None) -> Run:
    """Move tickets into theme ``to_key`` (``None`` makes them outliers).

    Moved tickets are no longer flagged ``reassigned``; the operation record keeps the
    analyst's decision. Themes left empty are removed.
    """
    ids = [str(i) for i in ticket_ids]
    known = set(run.tickets["ticket_id"].astype(str))
    missing = [i for i in ids if i not in known]
    if missing:
        raise DemandLensError(f"No ticket(s) {', '.join(missing[:10])} in this run.")
    if to_key is not None:
        _require_keys(run, [to_key])
    new = _copy(run)
    t = new.tickets
    mask = t["ticket_id"].astype(str).isin(ids).to_numpy()
    touched = {str(k) for k in t.loc[mask, "theme_key"].dropna()}
    from_keys = {i: (None if pd.isna(k) else str(k)) for i, k in
                 zip(t.loc[mask, "ticket_id"].astype(str), t.loc[mask, "theme_key"], strict=True)}
    if to_key is None:
        t.loc[mask, "theme_key"] = pd.NA
        t.loc[mask, "theme_id"] = -1
        t.loc[mask, "is_outlier"] = True
    else:
        t.loc[mask, "theme_key"] = to_key
        t.loc[mask, "theme_id"] = int(new.themes.loc[new.themes["theme_key"] == to_key, "theme_id"].iloc[0])
        t.loc[mask, "is_outlier"] = False
        touched.add(to_key)
    t.loc[mask, "reassigned"] = False
    refresh_themes(new, sorted(touched), old=run)
    new.operations.append(
        {"op": "move", "ticket_ids": ids, "to": to_key, "from": from_keys, "at": _now()}
    )
    return new


def replay(run: Run, operations: Sequence[dict[str, Any]]) -> Run:
    """Apply recorded operations (e.g. a previous run's ``operations``) to ``run``.

    Operations whose themes do not exist in ``run`` are skipped with a warning; a move applies
    to the tickets that exist. The outcome is reported in ``manifest["replay"]`` of the
    returned run: ``applied`` and ``skipped`` lists (each skipped entry has a ``reason``).
    """
    current = run
    applied: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    for op in operations:
        kind = op.get("op")
        try:
            if kind == "merge":
                current = merge_themes(current, op["keys"], name=op.get("name"), into=op.get("into"))
            elif kind == "split":
                k = op.get("n") or op.get("n_found")
                current = split_theme(current, op["key"], n=k, seed=op.get("seed"))
            elif kind == "move":
                ids = set(current.tickets["ticket_id"].astype(str))
                present = [i for i in op["ticket_ids"] if str(i) in ids]
                if not present:
                    raise DemandLensError("none of its tickets are in this run")
                current = move_tickets(current, present, op.get("to"))
                if len(present) < len(op["ticket_ids"]):
                    skipped.append({**op, "reason": f"{len(op['ticket_ids']) - len(present)} "
                                    "ticket(s) not in this run (the rest were moved)"})
            else:
                raise DemandLensError(f"unknown operation {kind!r}")
            applied.append(op)
        except (DemandLensError, KeyError) as exc:
            log.warning("Replay: skipped %s operation %s: %s", kind, op, exc)
            skipped.append({**op, "reason": str(exc)})
    manifest = dict(current.manifest)
    manifest["replay"] = {"applied": applied, "skipped": skipped}
    return dataclasses.replace(current, manifest=manifest)


def _union_previous(themes: pd.DataFrame, keys: Sequence[str]) -> list[str]:
    if "previous_keys" not in themes.columns:
        return []
    out: list[str] = []
    for v in themes.loc[themes["theme_key"].isin(keys), "previous_keys"]:
        for k in v if isinstance(v, (list, tuple, np.ndarray)) else []:
            if k not in out:
                out.append(k)
    return out


def _set(themes: pd.DataFrame, key: str, **values: Any) -> None:
    idx = themes.index[themes["theme_key"] == key]
    for col, value in values.items():
        if col not in themes.columns:
            continue
        for i in idx:
            themes.at[i, col] = value
