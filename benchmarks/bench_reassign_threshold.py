"""Outlier-reassignment threshold sweep on the dev files (evidence for ClusterConfig.reassign_threshold).

Run from the repository root: ``python benchmarks/bench_reassign_threshold.py sib200 sample xsid``.
Prints, per threshold, the scores and the purity of reassigned vs core tickets (see
``bench_themes.reassigned_purity``); results of the last run are in
``benchmarks/results/reassign_threshold.txt``.
"""
import sys

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
from _bench_embed import embed_texts
from bench_themes import centre, load_dev, load_sample, reassigned_purity

from demandlens.config import ClusterConfig, PipelineConfig
from demandlens.themes.cluster import cluster_embeddings
from demandlens.themes.evaluate import clustering_scores, translation_pair_agreement
from demandlens.themes.reduce import Reducer

for name in sys.argv[1:]:
    df = load_sample() if name == "sample" else load_dev(name)
    X = centre(embed_texts(df.text.tolist()), df.language.tolist())
    Z = Reducer(PipelineConfig().reduce, 42).fit_transform(X)
    g = df.gold.to_numpy()
    for thr in [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8]:
        r = cluster_embeddings(Z, X, ClusterConfig(reassign_threshold=thr), 42)
        s = clustering_scores(g, r.labels)
        t = translation_pair_agreement(df.group.tolist(), r.labels)
        pc, pr, nr = reassigned_purity(g, r.labels, r.reassigned)
        print(f"{name} thr={thr} nmi={s['nmi']:.3f} ari={s['ari']:.3f} nmiA={s['nmi_assigned']:.3f} un={s['share_unassigned']:.3f} tpa={t:.3f} core={pc:.3f} reas={pr:.3f} n={nr}", flush=True)
