"""Tiered path benchmark (#21): cold runs with the real model, and tiered against full e5.

One command, each measurement in its own subprocess, writes ``benchmarks/results/tiered.md``
(and the raw numbers in ``benchmarks/results/tiered.json``)::

    python benchmarks/bench_tiered.py                      # everything below
    python benchmarks/bench_tiered.py --only quality       # a subset: quality, cold-10k, ...

Runs:

* ``quality``: the full e5 path (every ticket embedded by the model, themes on all) and the
  tiered path (:mod:`demandlens.scale.tiered`, forced on with ``scale.tiered_above`` of a
  third of the file) side by side on CLINC150 (the 8,600-row dev file) and the shipped
  2,400-ticket sample: NMI, ARI and unassigned share against the gold reasons, NMI per
  language and per channel, and which tier placed the tickets. Vectors come from the shared
  embedding cache (``DEMANDLENS_BENCH_CACHE``, default ``/work/cache/embeddings``), so a
  re-run does not embed them again.
* ``cold-10k``, ``cold-30k``, ``cold-100k``: ``run_pipeline`` on a generated export in a fresh
  project with an empty cache and the default config (the tiered path is on above
  ``scale.tiered_above`` = 10,000 tickets): wall time and peak memory per stage, tickets,
  distinct texts, texts sent to the model, which tier placed the tickets, NMI/ARI against the
  generated gold reasons. Generated exports repeat templates, so they hold far fewer distinct
  texts than real exports; the table says how many.

Peak memory is the highest sampled RSS (every 50 ms) of the process during each stage.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "benchmarks"))

SEED = 11
CACHE = os.environ.get("DEMANDLENS_BENCH_CACHE", "/work/cache/embeddings")
RUNS = {
    "quality": ["--quality"],
    "cold-10k": ["--cold", "10000"],
    "cold-30k": ["--cold", "30000"],
    "cold-100k": ["--cold", "100000"],
}


def _scores(gold, pred) -> dict:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    gold, pred = np.asarray(gold).astype(str), np.asarray(pred).astype(str)
    return {"nmi": round(float(normalized_mutual_info_score(gold, pred)), 3),
            "ari": round(float(adjusted_rand_score(gold, pred)), 3)}


def _by_group(t, col: str) -> dict:
    out = {}
    for value, g in t.groupby(col):
        if len(g) >= 30:
            out[str(value)] = {"n": len(g), **_scores(g["gold"], g["theme_key"].fillna("-1"))}
    return out


def _summary(t, tiers: dict | None = None) -> dict:
    pred = t["theme_key"].astype(object).where(~t["is_outlier"], "outlier")
    out = {"tickets": len(t), "themes": int(t.loc[~t["is_outlier"], "theme_key"].nunique()),
           **_scores(t["gold"], pred.fillna("outlier")),
           "unassigned": round(float(t["is_outlier"].mean()), 3)}
    if "placed_by" in t:
        fast = t["placed_by"] == "fast"
        out["placed_fast"] = int(fast.sum())
        if fast.any():  # how the fast tier's tickets fare against the model's
            out["fast_nmi"] = _scores(t.loc[fast, "gold"], pred[fast].fillna("outlier"))["nmi"]
            out["model_nmi"] = _scores(t.loc[~fast, "gold"], pred[~fast].fillna("outlier"))["nmi"]
            out["fast_unassigned"] = round(float(t.loc[fast, "is_outlier"].mean()), 3)
    if tiers:
        out["texts_sent_to_model"] = tiers.get("texts_sent_to_model")
    return out


def _datasets():
    import pandas as pd

    from demandlens.config import PipelineConfig
    from demandlens.ingest.load import load_tickets

    df = pd.read_csv("/work/shared/data/clinc150_en.csv", dtype=str, keep_default_na=False)
    clinc = pd.DataFrame({"ticket_id": [f"c{i}" for i in range(len(df))],
                          "text": df["text"], "language": df["lang"], "channel": "dev",
                          "gold": df["intent"]})
    from demandlens.cache import content_hash

    clinc["content_hash"] = [content_hash(t) for t in clinc["text"]]
    cfg = PipelineConfig().replace(embed={"cache_dir": CACHE, "progress": False})
    sample = load_tickets(REPO / "data/sample/tickets.csv", cfg, progress=False,
                          cache_dir=CACHE).tickets
    gold = pd.read_csv(REPO / "data/sample/gold.csv", dtype=str)
    sample = sample.merge(gold[["id", "reason"]].rename(columns={"id": "ticket_id",
                                                                "reason": "gold"}),
                          on="ticket_id", how="left")
    return {"clinc150": clinc, "sample": sample}


def run_quality() -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-tiered-") as project:
        return _quality(project)


def _quality(project: str) -> dict:
    from demandlens.config import PipelineConfig
    from demandlens.embed.backends import get_embedder
    from demandlens.embed.vectors import embeddings_for
    from demandlens.scale.sampling import build_themes_on_sample
    from demandlens.scale.tiered import build_themes_tiered, tier_sample_size
    from demandlens.themes.build import build_themes

    out = {}
    for name, tickets in _datasets().items():
        above = len(tickets) // 3  # the tiered path's model sample: a third of the file
        cfg = PipelineConfig().replace(embed={"cache_dir": CACHE, "progress": False},
                                       scale={"tiered_above": above})
        embedder = get_embedder(cfg.embed, project)
        t0 = time.perf_counter()
        X = embeddings_for(tickets, cfg, project, embedder=embedder)
        full, _, _ = build_themes(tickets, X, cfg)
        t_full = time.perf_counter() - t0
        # the tiered path's sample, themes fitted there, the model's vectors for every ticket:
        # what discovering on a sample costs, apart from the fast tier
        size = tier_sample_size(len(tickets), cfg.scale)
        on_sample, _, _ = build_themes_on_sample(
            tickets, X, cfg.replace(scale={"fit_sample_size": size}))
        t0 = time.perf_counter()
        tiered = build_themes_tiered(tickets, cfg, project, embedder=embedder)
        t_tier = time.perf_counter() - t0
        out[name] = {
            "full": {**_summary(full), "s_warm": round(t_full, 1)},
            "sample-fit, e5 for all": _summary(on_sample),
            "tiered": {**_summary(tiered.tickets, tiered.counts), "s_warm": round(t_tier, 1),
                       "model_sample": tiered.counts["model_sample"],
                       "model_unsure": tiered.counts["model_unsure"]},
            "by_language": {"full": _by_group(full, "language"),
                            "tiered": _by_group(tiered.tickets, "language")},
            "by_channel": {"full": _by_group(full, "channel"),
                           "tiered": _by_group(tiered.tickets, "channel")},
        }
        print(name, json.dumps(out[name]["full"]), json.dumps(out[name]["tiered"]), flush=True)
    return out


def run_cold(n: int) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bench-cold-{n}-") as tmp:
        return _cold(n, Path(tmp))


def _cold(n: int, tmp: Path) -> dict:
    import pandas as pd
    from bench_scale import Peak, _timer
    from generate_sample import generate

    import demandlens.pipeline as pipeline
    from demandlens.config import PipelineConfig

    peak, stages = Peak(), {}
    export, gold = generate(n, SEED)
    path = tmp / f"tickets-{n}.csv"
    export.to_csv(path, index=False)
    pipeline.Timer = lambda progress=False: _timer(peak, stages)  # per-stage peak memory
    cfg = PipelineConfig().replace(embed={"cache_dir": str(tmp / "cache"), "progress": False})
    t0 = time.perf_counter()
    run = pipeline.run_pipeline(path, None, cfg, project_dir=tmp, progress=False)
    wall = time.perf_counter() - t0
    t = run.tickets.merge(gold[["id", "reason"]].rename(columns={"id": "ticket_id",
                                                                "reason": "gold"}),
                          on="ticket_id", how="left")
    tiers = run.manifest.get("tiers", {})
    return {"n": n, "wall_s": round(wall, 1), "peak_mb": max(s["peak_mb"] for s in stages.values()),
            "stages": stages, "distinct_texts": int(pd.Series(run.tickets["text"]).nunique()),
            "tiers": tiers, **_summary(t, tiers)}


def _table(results: dict) -> str:
    lines = [f"# Tiered path (#21) — {time.strftime('%Y-%m-%d %H:%M')} UTC, "
             f"load average before: {results.get('_load', '?')}", ""]
    if "quality" in results:
        lines += ["## Tiered against full e5 (same cached vectors, gold reasons)", "",
                  "full: the model embeds every ticket, themes on all. sample-fit, e5 for all: "
                  "themes on the tiered path's sample, every ticket's vector from the model "
                  "(the cost of discovering on a sample alone). tiered: the default tiered "
                  "path with `scale.tiered_above` a third of the file.", "",
                  "| data | path | tickets | themes | NMI | ARI | unassigned | placed fast | "
                  "NMI fast / model tickets | texts to model |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for name, r in results["quality"].items():
            for path in ("full", "sample-fit, e5 for all", "tiered"):
                if path not in r:
                    continue
                s = r[path]
                split = (f"{s.get('fast_nmi', '')} / {s.get('model_nmi', '')}"
                         if "fast_nmi" in s else "")
                lines.append(f"| {name} | {path} | {s['tickets']} | {s['themes']} | {s['nmi']} | "
                             f"{s['ari']} | {s['unassigned']} | {s.get('placed_fast', 0)} | "
                             f"{split} | {s.get('texts_sent_to_model', '')} |")
        lines += ["", "NMI per language and channel (groups of 30+ tickets), full → tiered:", ""]
        for name, r in results["quality"].items():
            for by in ("by_language", "by_channel"):
                cells = [f"{k} {v['nmi']}→{r[by]['tiered'].get(k, {}).get('nmi', '?')}"
                         for k, v in r[by]["full"].items()]
                lines.append(f"- {name}, {by.replace('_', ' ')}: " + ", ".join(cells))
        lines.append("")
    cold = [v for k, v in results.items() if k.startswith("cold-")]
    if cold:
        lines += ["## Cold runs (fresh project, empty cache, default config)", "",
                  "| tickets | distinct texts | path | texts to model | placed fast | wall s | "
                  "peak MB | NMI | ARI | unassigned | stages (s / peak MB) | load |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for r in cold:
            st = ", ".join(f"{k} {v['s']:.0f}/{v['peak_mb']}" for k, v in r["stages"].items())
            lines.append(
                f"| {r['tickets']} | {r['distinct_texts']} | {r['tiers'].get('path')} | "
                f"{r['tiers'].get('texts_sent_to_model', r['distinct_texts'])} | "
                f"{r.get('placed_fast', 0)} | {r['wall_s']} | {r['peak_mb']} | {r['nmi']} | "
                f"{r['ari']} | {r['unassigned']} | {st} | {r.get('load', '?')} |")
        lines.append("")
    lines.append(f"python {platform.python_version()}, {os.cpu_count()} cores, "
                 f"`nice -n 15 python benchmarks/bench_tiered.py`")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="comma-separated runs: " + ", ".join(RUNS))
    ap.add_argument("--quality", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--cold", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--json", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.quality or args.cold:
        result = run_quality() if args.quality else run_cold(args.cold)
        Path(args.json).write_text(json.dumps(result, default=str))
        return
    names = args.only.split(",") if args.only else list(RUNS)
    RESULTS.mkdir(parents=True, exist_ok=True)
    raw = RESULTS / "tiered.json"
    results = json.loads(raw.read_text()) if raw.exists() and args.only else {}
    results["_load"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    for name in names:
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
            out = fh.name
        print(f"== {name}", flush=True)
        before = " ".join(f"{x:.1f}" for x in os.getloadavg())
        subprocess.run([sys.executable, __file__, *RUNS[name], "--json", out], check=True,
                       env=env)
        results[name] = json.loads(Path(out).read_text())
        if name.startswith("cold-"):  # the load each run was taken under, before and after
            after = " ".join(f"{x:.1f}" for x in os.getloadavg())
            results[name]["load"] = f"{before} → {after}"
        raw.write_text(json.dumps(results, indent=2, default=str))
        (RESULTS / "tiered.md").write_text(_table(results))
    print(_table(results))


if __name__ == "__main__":
    main()
