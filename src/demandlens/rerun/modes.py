"""Re-runs: themes for a new export, related to a previous run so labels carry over.

Two modes (``config.match.mode`` or ``run_pipeline(mode=...)``):

* ``assign`` keeps the previous themes: each ticket joins the previous theme most of its
  nearest tickets of last month are in, unless the vote or the similarity falls below bars
  calibrated on last month's own tickets (:class:`demandlens.rerun.neighbours.NeighbourAssigner`;
  ``match.assign_method: centroids`` or a previous run without cached vectors compares with
  the previous centroids and per-theme bars instead); only the rest are clustered
  (with the corpus-size cluster sizes of the whole export) into candidate new themes, or stay
  outliers when fewer than ``match.min_new_tickets``. Kept themes keep their keys (status
  ``assigned``); the analyst's operations are already baked into the previous themes.
* ``rebuild`` clusters everything afresh, matches the new themes to the previous ones
  (:func:`demandlens.rerun.match.match_themes`); matched themes take the previous key. The analyst's
  merges and splits are replayed: fresh themes that split a theme the analyst had merged are
  merged again, a fresh theme that covers the children of an analyst split is split again,
  then the themes are matched once more; moves are replayed for tickets that are present.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

import numpy as np
import pandas as pd

from ..config import PipelineConfig
from ..run import Run
from ..themes.assign import assign_to_centroids, centroids, theme_bars
from ..themes.build import build_themes, map_and_describe
from ..themes.cluster import auto_params, cluster_embeddings
from ..themes.edits import merge_themes, replay, split_theme, theme_key
from ..themes.reduce import Reducer
from ..timing import Timer
from .match import MAPPING_COLUMNS, match_themes, typed_mapping
from .neighbours import NeighbourAssigner

__all__ = ["rerun", "adopt_keys"]

log = logging.getLogger(__name__)


def rerun(
    prev: Run, tickets: pd.DataFrame, X: np.ndarray, config: PipelineConfig, mode: str,
    timer: Any = None,
) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray, pd.DataFrame, list[dict[str, Any]]]:
    """Themes for ``tickets`` related to the previous run ``prev``.

    Args:
        prev: The previous run (themes, centroids, tickets, operations).
        tickets: This run's ingested tickets, aligned with ``X``.
        X: This run's (language-centred) embeddings.
        config: Pipeline configuration (``config.match`` holds the thresholds).
        mode: ``"assign"`` or ``"rebuild"``.
        timer: A :class:`demandlens.timing.Timer` (optional).

    Returns:
        ``(tickets, themes, centroids, mapping, operations)``; ``operations`` are the previous
        run's analyst operations, carried on so later runs keep replaying them.
    """
    timer = timer or Timer()
    if mode not in ("assign", "rebuild"):
        raise ValueError(f"mode must be 'assign' or 'rebuild', got {mode!r}.")
    if len(prev.centroids) != len(prev.themes):
        raise ValueError(
            f"The previous run has {len(prev.themes)} themes but {len(prev.centroids)} centroids."
        )
    if mode == "assign":
        return _assign_mode(prev, tickets, X, config, timer)
    return _rebuild_mode(prev, tickets, X, config, timer)


# -- rebuild ------------------------------------------------------------------------------------
def adopt_keys(
    tickets: pd.DataFrame, themes: pd.DataFrame, mapping: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Give matched themes their previous key and set ``status``/``previous_keys`` on themes."""
    mapping = mapping.copy()
    rename = {
        str(r.current_key): str(r.previous_keys[0])
        for r in mapping.itertuples()
        if r.status == "matched"
    }
    taken = set(rename.values())
    clash = [k for k in themes["theme_key"].astype(str) if k in taken and k not in rename]
    for k in clash:  # a fresh key equal to an inherited one (vanishingly rare): disambiguate
        rename[k] = k + "x"
    tickets, themes = tickets.copy(), themes.copy()
    tickets["theme_key"] = tickets["theme_key"].map(lambda k: rename.get(k, k)).astype("string")
    by_key = {str(r.current_key): r for r in mapping.itertuples() if not pd.isna(r.current_key)}
    themes["status"] = [by_key[k].status if k in by_key else "new" for k in themes["theme_key"]]
    themes["previous_keys"] = [
        list(by_key[k].previous_keys) if k in by_key else [] for k in themes["theme_key"]
    ]
    themes["theme_key"] = themes["theme_key"].map(lambda k: rename.get(k, k))
    mapping["current_key"] = mapping["current_key"].map(
        lambda k: k if pd.isna(k) else rename.get(k, k)
    ).astype("string")
    return tickets, themes, mapping


def _rebuild_mode(prev, tickets, X, config, timer):
    tickets, themes, cents = build_themes(tickets, X, config, timer)
    with timer.stage("match"):
        mapping = _match(prev, tickets, themes, cents, config)
        run = Run(tickets=tickets, themes=themes, centroids=cents, config=config, embeddings=X)
        edited = _replay_structure(run, mapping, prev.operations)
        if edited is not run:
            tickets, themes, cents = edited.tickets, edited.themes, edited.centroids
            mapping = _match(prev, tickets, themes, cents, config)
        tickets, themes, mapping = adopt_keys(tickets, themes, mapping)
        tickets, themes, cents = _replay_moves(prev.operations, tickets, themes, cents, config, X)
    return tickets, themes.reset_index(drop=True), cents, mapping, list(prev.operations)


def _match(prev, tickets, themes, cents, config):
    return match_themes(
        prev.themes, prev.centroids, prev.tickets, themes, cents, tickets, config.match
    )


def _replay_structure(run: Run, mapping: pd.DataFrame, operations: list[dict]) -> Run:
    """Re-apply the analyst's merges and splits to fresh themes; returns ``run`` if none apply."""
    merged_by_analyst = {op["into"] for op in operations if op.get("op") == "merge" and op.get("into")}
    split_children = [set(op.get("into") or []) for op in operations if op.get("op") == "split"]
    vanished = {k for r in mapping.itertuples() if r.status == "vanished" for k in r.previous_keys}
    current = run
    for r in mapping.itertuples():
        prevs = list(r.previous_keys)
        if r.status == "split" and prevs[0] in merged_by_analyst:
            group = mapping.loc[
                (mapping["status"] == "split")
                & mapping["previous_keys"].map(lambda p, k=prevs[0]: list(p) == [k]),
                "current_key",
            ].astype(str).tolist()
            if r.current_key == group[0] and len(group) >= 2:
                log.info("Replay: merging %s again (analyst merge %s)", group, prevs[0])
                current = merge_themes(current, group)
        for kids in split_children:
            if r.status in ("merged", "matched") and prevs and set(prevs) <= kids:
                n = len(prevs) + len((kids - set(prevs)) & vanished)
                if n >= 2 and int(current.theme(str(r.current_key))["size"]) >= 2 * n:
                    log.info("Replay: splitting %s in %d (analyst split)", r.current_key, n)
                    current = split_theme(current, str(r.current_key), n=n)
    return current


def _replay_moves(operations, tickets, themes, cents, config, X):
    moves = [op for op in operations if op.get("op") == "move"]
    if not moves:
        return tickets, themes, cents
    run = replay(
        Run(tickets=tickets, themes=themes, centroids=cents, config=config, embeddings=X), moves
    )
    return run.tickets, run.themes, run.centroids


# -- assign -------------------------------------------------------------------------------------
def _previous_bars(prev: Run, config) -> np.ndarray | float:
    """Per-theme bars of the previous run (:func:`demandlens.themes.assign.theme_bars`).

    A new ticket joins a previous theme when it is as typical of it as the theme's own
    members mostly were. Needs the previous run's vectors, which its project's embedding
    cache holds; without them the absolute ``match.assign_threshold`` is used.
    """
    try:
        Xp = prev.load_embeddings()
    except Exception as exc:  # noqa: BLE001 - any failure falls back to the fixed threshold
        log.warning("Previous run's embeddings unavailable (%s); using assign_threshold.", exc)
        return config.match.assign_threshold
    if Xp.shape != (len(prev.tickets), prev.centroids.shape[1]):
        log.warning("Previous run's embeddings do not fit its centroids; using assign_threshold.")
        return config.match.assign_threshold
    row_of = {int(t): i for i, t in enumerate(prev.themes["theme_id"].to_numpy(dtype=int))}
    rows = np.array([row_of.get(int(t), -1) for t in prev.tickets["theme_id"]], dtype=int)
    return theme_bars(
        Xp, rows, prev.centroids, config.cluster.reassign_quantile, config.match.assign_threshold
    )


def _previous_vectors(prev: Run) -> tuple[np.ndarray, np.ndarray] | None:
    """Last month's vectors and each ticket's theme row (-1: outlier), or None if unavailable."""
    try:
        Xp = prev.load_embeddings()
    except Exception as exc:  # noqa: BLE001 - any failure falls back to the centroids
        log.warning("Previous run's embeddings unavailable (%s); assigning by centroid.", exc)
        return None
    if Xp is None or Xp.shape != (len(prev.tickets), prev.centroids.shape[1]):
        log.warning("Previous run's embeddings do not fit its centroids; assigning by centroid.")
        return None
    row_of = {int(t): i for i, t in enumerate(prev.themes["theme_id"].to_numpy(dtype=int))}
    rows = np.array([row_of.get(int(t), -1) for t in prev.tickets["theme_id"]], dtype=int)
    return Xp, rows


def _assign_previous(prev: Run, X: np.ndarray, config) -> np.ndarray:
    """Row of the previous theme each ticket joins (-1: none), by neighbours or centroids."""
    mc = config.match
    evidence = _previous_vectors(prev) if mc.assign_method == "neighbours" else None
    if evidence is None:
        idx, _ = assign_to_centroids(X, prev.centroids, _previous_bars(prev, config))
        return idx
    Xp, rows = evidence
    fit = NeighbourAssigner(
        mc.neighbours, mc.assign_precision, config.cluster.reassign_quantile, config.seed
    )
    idx, _ = fit.fit(Xp, rows).predict(X)
    log.info("assign: %d of %d tickets carried by last month's neighbours",
             int((idx >= 0).sum()), len(idx))
    return idx


def _assign_mode(prev, tickets, X, config, timer):
    seed, mc = config.seed, config.match
    tickets = tickets.copy()
    prev_keys = prev.themes["theme_key"].astype(str).to_numpy()
    prev_ids = prev.themes["theme_id"].to_numpy(dtype=int)
    with timer.stage("assign"):
        idx = _assign_previous(prev, X, config)
    theme_id = np.where(idx >= 0, prev_ids[np.maximum(idx, 0)], -1)
    keys = np.where(idx >= 0, prev_keys[np.maximum(idx, 0)], None).astype(object)
    reassigned = np.zeros(len(idx), dtype=bool)
    rest = np.flatnonzero(idx < 0)
    new_keys: list[str] = []
    if len(rest) >= max(mc.min_new_tickets, 2):
        with timer.stage("cluster_new"):
            sizes = auto_params(len(tickets), config.cluster.granularity)
            ccfg = dataclasses.replace(
                config.cluster,
                min_cluster_size=config.cluster.min_cluster_size or sizes["min_cluster_size"],
                min_samples=config.cluster.min_samples or sizes["min_samples"],
            )
            # Kept tickets as context: HDBSCAN never returns a single cluster, and a lone
            # new theme among the leftovers is common. Only leftover-majority clusters count.
            rng = np.random.default_rng(seed)
            done = np.flatnonzero(idx >= 0)
            ctx = np.sort(rng.choice(done, size=min(len(done), max(len(rest), 100)), replace=False))
            rows = np.concatenate([rest, ctx])
            Z = Reducer(config.reduce, seed).fit_transform(X[rows])
            res = cluster_embeddings(Z, X[rows], ccfg, seed)
        full = np.asarray(res.labels, dtype=int)
        lab = full[: len(rest)].copy()
        for t in set(lab[lab >= 0].tolist()):
            if (lab == t).sum() < ccfg.min_cluster_size or (lab == t).sum() < (full == t).sum() / 2:
                lab[lab == t] = -1
        renumber = {t: i for i, t in enumerate(sorted(set(lab[lab >= 0].tolist())))}
        lab = np.array([renumber.get(int(t), -1) for t in lab], dtype=int)
        ids = tickets["ticket_id"].astype(str).to_numpy()[rest]
        base = int(prev_ids.max()) + 1 if len(prev_ids) else 0
        for t in sorted(set(lab[lab >= 0].tolist())):
            k = theme_key(seed, ids[lab == t].tolist())
            k = k + "x" if k in set(prev_keys) else k
            new_keys.append(k)
            keys[rest[lab == t]] = k
            theme_id[rest[lab == t]] = base + t
        reassigned[rest] = np.asarray(res.reassigned, dtype=bool)[: len(rest)] & (lab >= 0)
    else:
        log.info("assign: %d unassigned tickets, too few for new themes: outliers.", len(rest))
    tickets["theme_id"] = theme_id.astype(int)
    tickets["theme_key"] = pd.Series(list(keys), index=tickets.index, dtype="string")
    tickets["is_outlier"], tickets["reassigned"] = theme_id < 0, reassigned
    tickets, themes = map_and_describe(tickets, X, config, timer)
    kept = themes["theme_key"].isin(set(prev_keys))
    themes["status"] = np.where(kept, "assigned", "new")
    themes["previous_keys"] = [[k] if kk else [] for k, kk in zip(themes["theme_key"], kept, strict=True)]
    cents = centroids(X, tickets["theme_id"].to_numpy())[themes["theme_id"].to_numpy()]
    mapping = _assign_mapping(prev, themes, cents, tickets, config)
    return tickets, themes, cents.astype(np.float32), mapping, list(prev.operations)


def _assign_mapping(prev, themes, cents, tickets, config) -> pd.DataFrame:
    full = match_themes(prev.themes, prev.centroids, prev.tickets, themes, cents, tickets, config.match)
    pmap = prev.centroid_map()
    psize = dict(zip(prev.themes["theme_key"].astype(str), prev.themes["size"], strict=True))
    overlap = {str(r.current_key): r.overlap for r in full.itertuples() if not pd.isna(r.current_key)}
    rows = []
    for key, size, cent in zip(themes["theme_key"].astype(str), themes["size"], cents, strict=True):
        if key in pmap:
            p = pmap[key] / max(np.linalg.norm(pmap[key]), 1e-12)
            sim = float(p @ (cent / max(np.linalg.norm(cent), 1e-12)))
            rows.append([key, [key], "matched", sim, overlap.get(key, np.nan), int(psize[key]),
                         int(size), int(size) - int(psize[key])])
        else:
            rows.append([key, [], "new", np.nan, np.nan, 0, int(size), int(size)])
    present = set(themes["theme_key"].astype(str))
    for key, size in psize.items():
        if key not in present:
            rows.append([None, [key], "vanished", np.nan, np.nan, int(size), 0, -int(size)])
    return typed_mapping(pd.DataFrame(rows, columns=MAPPING_COLUMNS))
