"""Helpers shared by the embedding benchmarks (dev data, UMAP + HDBSCAN, cache location)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
DEV_DATA = Path(os.environ.get("DEMANDLENS_DEV_DATA", "/work/shared/data"))
RESULTS = REPO / "benchmarks" / "results"
PARALLEL_FILES = ("xsid_valid_da_en.csv", "sib200_train_sv_da_nb_en.csv")


def load_dev(name: str) -> pd.DataFrame:
    """A dev file with columns id, lang, text, intent, split (rows sharing id are parallel)."""
    df = pd.read_csv(DEV_DATA / name, dtype=str, keep_default_na=False)
    return df.reset_index(drop=True)


def cluster(X: np.ndarray, n_intents: int, seed: int = 42) -> np.ndarray:
    """UMAP(5d, cosine) + HDBSCAN labels, as in the pipeline's defaults."""
    import hdbscan
    import umap

    Z = umap.UMAP(n_components=5, n_neighbors=15, min_dist=0.0, metric="cosine",
                  random_state=seed).fit_transform(X)
    mcs = max(10, len(X) // (2 * n_intents))
    return hdbscan.HDBSCAN(min_cluster_size=mcs, metric="euclidean").fit_predict(Z)


def knn_purity(X: np.ndarray, gold: np.ndarray, k: int = 10, exclude: np.ndarray | None = None
               ) -> float:
    """Mean share of each row's k nearest neighbours (cosine) with the same gold label.

    ``exclude`` (group ids) drops neighbours of the same group, e.g. a row's own
    translations, so parallel data does not flatter the score.
    """
    S = X @ X.T
    np.fill_diagonal(S, -np.inf)
    if exclude is not None:
        same = exclude[:, None] == exclude[None, :]
        S[same] = -np.inf
    nn = np.argpartition(-S, k, axis=1)[:, :k]
    return float((gold[nn] == gold[:, None]).mean())


def to_markdown(df: pd.DataFrame) -> str:
    """A pipe table without the optional 'tabulate' dependency."""
    cols = [str(c) for c in df.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for row in df.astype(str).itertuples(index=False):
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)
