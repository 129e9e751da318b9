"""The theme grain after a run: coarser or finer themes, and a theme's sub-themes.

Both work from the run's vectors (the embedding cache holds them), never embedding again:

* :func:`regroup` clusters the run's tickets again at another ``cluster.granularity``
  (``"coarsest"``, ``"coarser"``, ``"default"``, ``"finer"``, ``"finest"``) and returns a new
  run; the run passed in is left as it is. Themes whose tickets are the same keep their key
  (keys are a hash of the members), so labels of those themes still apply. The analyst's
  merges, splits and moves belong to the old grain and are not replayed.
* :func:`sub_themes` shows what a theme that mixes reasons would split into (a drill-down):
  one row per sub-theme with its size, keywords and representative tickets. Nothing changes
  until the analyst splits the theme (:func:`demandlens.themes.edits.split_theme`, which
  these rows preview with the same ``n`` and seed).

Example:
    >>> finer = regroup(run, "finer")                       # doctest: +SKIP
    >>> sub_themes(run, "th-1a2b3c")[["size", "top_keywords"]]  # doctest: +SKIP
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from ..run import Run
from .build import build_themes
from .cluster import GRANULARITY_STEPS
from .edits import split_theme

__all__ = ["regroup", "sub_themes"]

log = logging.getLogger(__name__)

#: Columns the theme stages add to tickets; regroup drops them before clustering again.
_THEME_COLUMNS = ("theme_id", "theme_key", "is_outlier", "reassigned", "x", "y")


def regroup(run: Run, granularity: str, project_dir: str | Path | None = None) -> Run:
    """The run's tickets themed again at ``granularity``, from the run's cached vectors.

    Args:
        run: A run (fresh or reopened); left unchanged.
        granularity: One of ``coarsest``, ``coarser``, ``default``, ``finer``, ``finest``.
        project_dir: Project folder whose embedding cache holds the run's vectors (default:
            the run's own).

    Returns:
        A new, unsaved :class:`~demandlens.run.Run` with the same tickets, its config's
        ``cluster.granularity`` set; ``min_cluster_size``/``min_samples`` set by hand in the
        config still win over the granularity.
    """
    if granularity not in GRANULARITY_STEPS:
        raise ValueError(
            f"granularity must be one of {', '.join(GRANULARITY_STEPS)}, got {granularity!r}."
        )
    X = run.load_embeddings(project_dir)
    config = run.config.replace(cluster={"granularity": granularity})
    base = run.tickets.drop(columns=[c for c in _THEME_COLUMNS if c in run.tickets.columns])
    tickets, themes, cents = build_themes(base, X, config)
    log.info("Regrouped %d tickets at granularity %s: %d themes (was %d)",
             len(tickets), granularity, len(themes), len(run.themes))
    return Run(
        tickets=tickets, themes=themes, centroids=cents, rejected=run.rejected, config=config,
        manifest={**run.manifest, "granularity": granularity}, embeddings=X,
    )


def sub_themes(run: Run, key: str, n: int | None = None) -> pd.DataFrame:
    """The sub-themes one theme would split into, without changing the run.

    Args:
        run: The run holding the theme.
        key: The theme's key.
        n: Number of sub-themes; ``None`` lets the split choose 2-8 by silhouette.

    Returns:
        One row per sub-theme, biggest first: ``theme_key`` (the key the split would give),
        ``size``, ``share_of_theme``, ``top_keywords``, ``representative_ids``.
    """
    parent = int(run.theme(key)["size"])
    preview = split_theme(run, key, n=n)
    kids = preview.themes[preview.themes["status"] == "split"]
    kids = kids[~kids["theme_key"].isin(set(run.themes["theme_key"]) - {key})]
    out = kids.sort_values("size", ascending=False, kind="stable").reset_index(drop=True)
    cols = [c for c in ("theme_key", "size", "top_keywords", "representative_ids") if c in out]
    out = out[cols].copy()
    out.insert(2, "share_of_theme", out["size"] / max(parent, 1))
    return out
