"""Speed and a look at the keywords of describe_themes on a synthetic export.

    python benchmarks/bench_describe.py [--n 10000] [--seed 1]

Themes are the generator's gold reasons (so keyword quality can be eyeballed against the
reason names); embeddings are synthetic (a random direction per reason plus noise), since only
the representatives use them. Texts are subject + body, PII-masked with demandlens.ingest.mask.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from demandlens.config import DescribeConfig
from demandlens.ingest.mask import mask_text
from demandlens.themes.describe import describe_themes
from demandlens.themes.tokens import tokenize

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "scripts"))
    from generate_sample import generate

    export, gold = generate(n=args.n, seed=args.seed)
    text = (export["subject"].fillna("") + "\n" + export["body"].fillna("")).map(mask_text)
    reasons = sorted(gold["reason"].unique())
    theme_id = gold["reason"].map({r: i for i, r in enumerate(reasons)}).to_numpy()
    tickets = pd.DataFrame(
        {
            "ticket_id": export["id"].astype(str),
            "text": text,
            "language": gold["lang"],
            "theme_id": theme_id,
            "theme_key": [f"th-{r}" for r in gold["reason"]],
        }
    )
    rng = np.random.default_rng(args.seed)
    centres = rng.normal(size=(len(reasons), 384))
    X = centres[theme_id] + 1.5 * rng.normal(size=(len(tickets), 384))
    X = (X / np.linalg.norm(X, axis=1, keepdims=True)).astype(np.float32)

    for lang in ("sv", "da", "nb", "en"):  # load tables and lemmatisers outside the timing
        tokenize(["varmup"], lang)
    t0, c0 = time.perf_counter(), time.process_time()
    for lang, part in tickets.groupby("language"):
        tokenize(part["text"].tolist(), str(lang))
    t_tok, c_tok = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    themes = describe_themes(tickets, X, DescribeConfig())
    t_all, c_all = time.perf_counter() - t0, time.process_time() - c0
    print(
        f"{len(tickets)} tickets, {len(themes)} themes, load average {os.getloadavg()[0]:.1f}: "
        f"tokenize (first pass) {t_tok:.1f} s wall / {c_tok:.1f} s CPU; then describe_themes "
        f"(lemma cache warm) {t_all:.1f} s wall / {c_all:.1f} s CPU"
    )
    for _, row in themes.iterrows():
        print(f"{row.theme_key:40s} {row.top_keywords}")
        for lang in ("sv", "da", "nb", "en"):
            if lang in row.keywords:
                print(f"    {lang}: {', '.join(row.keywords[lang][:8])}")


if __name__ == "__main__":
    main()
