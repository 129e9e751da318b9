"""Throughput of the embedding stage against the raw backend call.

Run: ``python benchmarks/bench_embed.py [n]`` (default n=10,000; ~4-5 minutes per pass on
2 CPU cores). Writes ``benchmarks/results/embed.md``.

Same texts, same process, same loaded model:

1. raw: ``E5.query`` (or ``.passage``, per ``EmbedConfig.e5_mode``) in batches of
   ``EmbedConfig.batch_size``;
2. cold: ``embed_tickets`` with an empty cache (hashing, cache look-up, batching, progress
   bar, shard writes every ``cache_write_every`` texts);
3. warm: ``embed_tickets`` again on the same tickets (everything from the cache).

Texts: ``scripts/generate_sample.py``'s ``generate(n, seed)`` when it exists, otherwise the
unique texts of the dev files in ``/work/shared/data`` (sv/da/nb/en, short queries and
longer sentences), sampled with a fixed seed.
"""

from __future__ import annotations

import os
import platform
import resource
import shutil
import sys
import threading
import time

import numpy as np
import pandas as pd
import psutil
from _common import DEV_DATA, REPO, RESULTS

from demandlens.cache import content_hash
from demandlens.config import EmbedConfig
from demandlens.embed.backends import _load_e5, embed_tickets, get_embedder


class PeakRSS:
    """Samples this process's resident memory every 20 ms; ``peak`` in bytes."""

    def __init__(self) -> None:
        self.proc = psutil.Process()
        self.peak = self.proc.memory_info().rss
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self.proc.memory_info().rss)

    def __enter__(self) -> PeakRSS:
        self._t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()
        self.peak = max(self.peak, self.proc.memory_info().rss)


def _cpu() -> float:
    t = psutil.Process().cpu_times()
    return t.user + t.system


def load_texts(n: int, seed: int = 0) -> tuple[list[str], str]:
    gen = REPO / "scripts" / "generate_sample.py"
    if gen.exists():
        sys.path.insert(0, str(gen.parent))
        from generate_sample import generate  # type: ignore[import-not-found]

        export, _gold = generate(int(n * 1.3), seed)
        cols = [c for c in ("subject", "body", "text", "message") if c in export.columns]
        joined = export[cols].fillna("").astype(str).agg(" ".join, axis=1).str.strip()
        texts = list(dict.fromkeys(joined.tolist()))  # unique: the stage would skip repeats
        source = (f"scripts/generate_sample.py generate({int(n * 1.3)}, {seed}), {cols}, "
                  "first n unique")
    else:
        frames = [pd.read_csv(p, dtype=str, keep_default_na=False)
                  for p in sorted(DEV_DATA.glob("*.csv"))]
        pool = pd.concat(frames)["text"].drop_duplicates().tolist()
        rng = np.random.default_rng(seed)
        pool = [pool[i] for i in rng.permutation(len(pool))]
        texts = pool[:n]
        source = f"unique texts of {DEV_DATA}/*.csv ({len(pool)} unique), seed {seed}"
    i = 0
    while len(texts) < n:  # make up the number with distinct variants
        texts.append(f"{texts[i]} ({i})")
        i += 1
    return texts[:n], source


def main(n: int = 10_000) -> dict:
    cfg = EmbedConfig(progress=True)
    texts, source = load_texts(n)
    tickets = pd.DataFrame({"text": texts, "content_hash": [content_hash(t) for t in texts]})
    chars = np.array([len(t) for t in texts])
    embedder = get_embedder(cfg)
    model = _load_e5()
    fn = model.query if cfg.e5_mode == "query" else model.passage
    fn(texts[:8])  # warm the engine
    cache_root = REPO / "data" / "interim" / f"bench-embed-{os.getpid()}"
    cfg = EmbedConfig(progress=True, cache_dir=str(cache_root))
    base_rss = psutil.Process().memory_info().rss
    load0 = os.getloadavg()
    try:
        with PeakRSS() as mem_raw:
            t0, c0 = time.perf_counter(), _cpu()
            raw = np.vstack([fn(texts[i : i + cfg.batch_size])
                             for i in range(0, n, cfg.batch_size)])
            t_raw, c_raw = time.perf_counter() - t0, _cpu() - c0
        with PeakRSS() as mem_cold:
            t0, c0 = time.perf_counter(), _cpu()
            cold = embed_tickets(tickets, cfg)
            t_cold, c_cold = time.perf_counter() - t0, _cpu() - c0
        with PeakRSS() as mem_warm:
            t0 = time.perf_counter()
            warm = embed_tickets(tickets, cfg)
            t_warm = time.perf_counter() - t0
        cache_bytes = sum(f.stat().st_size for f in cache_root.rglob("*") if f.is_file())
        n_shards = len(list(cache_root.rglob("shard-*.npz")))
    finally:
        shutil.rmtree(cache_root, ignore_errors=True)
    load1 = os.getloadavg()
    assert np.allclose(cold, raw, atol=1e-5) and np.array_equal(cold, warm)
    mb = 1024**2
    res = {
        "n": n, "source": source, "model_id": embedder.model_id,
        "batch_size": cfg.batch_size, "mean_chars": float(chars.mean()),
        "raw_s": t_raw, "cold_s": t_cold, "warm_s": t_warm,
        "raw_tps": n / t_raw, "cold_tps": n / t_cold, "warm_tps": n / t_warm,
        "ratio": t_raw / t_cold, "raw_cpu_s": c_raw, "cold_cpu_s": c_cold,
        "cpu_ratio": c_raw / c_cold, "warm_share": t_warm / t_cold,
        "rss_base_mb": base_rss / mb, "rss_peak_raw_mb": mem_raw.peak / mb,
        "rss_peak_cold_mb": mem_cold.peak / mb, "rss_peak_warm_mb": mem_warm.peak / mb,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "cache_mb": cache_bytes / mb, "shards": n_shards,
        "load_before": load0, "load_after": load1,
    }
    write(res)
    print(res)
    return res


def write(r: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    ok = lambda b: "met" if b else "NOT met"  # noqa: E731
    lines = [
        "# Embedding stage throughput",
        "",
        f"Generated by `python benchmarks/bench_embed.py` on {time.strftime('%Y-%m-%d %H:%M')}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs (shared with other jobs; load average "
        f"{r['load_before'][0]:.1f} before, {r['load_after'][0]:.1f} after).",
        "",
        f"- texts: {r['n']:,} ({r['source']}), mean {r['mean_chars']:.0f} characters",
        f"- model: `{r['model_id']}`, batch size {r['batch_size']}",
        "",
        "| pass | seconds | texts/s |",
        "|---|---|---|",
        f"| raw backend call (`E5.query` in batches) | {r['raw_s']:.1f} | {r['raw_tps']:.1f} |",
        f"| stage, cold cache (`embed_tickets`) | {r['cold_s']:.1f} | {r['cold_tps']:.1f} |",
        f"| stage, warm re-run (all cached) | {r['warm_s']:.2f} | {r['warm_tps']:.0f} |",
        "",
        f"- stage / raw throughput: **{r['ratio']:.3f}** (target >= 0.85: {ok(r['ratio'] >= .85)})",
        f"- same ratio in process CPU time (less sensitive to other jobs on the machine): "
        f"{r['cpu_ratio']:.3f} ({r['raw_cpu_s']:.0f} CPU-s raw, {r['cold_cpu_s']:.0f} CPU-s stage)",
        f"- warm / cold time: **{100 * r['warm_share']:.2f}%** (target < 5%: "
        f"{ok(r['warm_share'] < .05)})",
        f"- resident memory: {r['rss_base_mb']:.0f} MB after loading the model; peak "
        f"{r['rss_peak_raw_mb']:.0f} MB (raw), {r['rss_peak_cold_mb']:.0f} MB (cold stage), "
        f"{r['rss_peak_warm_mb']:.0f} MB (warm stage); process max RSS {r['maxrss_mb']:.0f} MB",
        f"- cache on disk: {r['cache_mb']:.1f} MB in {r['shards']} shard files",
        "",
    ]
    (RESULTS / "embed.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
