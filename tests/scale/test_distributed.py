"""Dask path (LocalCluster, 2 worker processes) gives the single-process results."""

from __future__ import annotations

import hashlib
import sys

import numpy as np
import pandas as pd
import pytest

from demandlens.config import PipelineConfig
from demandlens.embed.centering import center_by_language, centering_groups
from demandlens.themes.assign import assign_to_centroids, centroids

pytest.importorskip("distributed")

TOPICS = {
    "delivery": "paket leverans sen spåra kurir",
    "invoice": "faktura fel belopp betala dubbel",
    "password": "lösenord logga konto återställ inloggning",
    "return": "retur skicka tillbaka pengar återbetalning",
}


class WordHashEmbedder:
    """Deterministic stand-in model: sum of per-word seeded random vectors, L2-normalised."""

    model_id = "test:wordhash"

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), 24), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.split():
                seed = int(hashlib.sha1(word.encode()).hexdigest()[:8], 16)
                out[i] += np.random.default_rng(seed).normal(size=24).astype(np.float32)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


def _tickets(n: int = 300) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    names = list(TOPICS)
    topic = rng.integers(0, len(names), n)
    lang = rng.choice(["sv", "da", "nb", "en"], n)
    texts = []
    for t, g in zip(topic, lang, strict=True):
        words = TOPICS[names[t]].split()
        pick = rng.choice(words, size=3, replace=False).tolist()
        texts.append(" ".join(pick + [f"lang{g}", f"n{rng.integers(0, 50)}"]))
    return pd.DataFrame({
        "ticket_id": [f"t{i}" for i in range(n)], "text": texts,
        "content_hash": [hashlib.sha256(t.encode()).hexdigest() for t in texts],
        "language": lang, "channel": rng.choice(["email", "chat"], n), "topic": topic,
    })


def test_dask_path_matches_single_process(tmp_path):
    import cloudpickle

    from demandlens.embed import dask_client, embed_partitions, language_centerer, write_partitions
    from demandlens.scale import (
        assign_partitions,
        read_assignments,
    )

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    config = PipelineConfig().replace(
        embed={"centering_min_count": 20, "centering_groups": ["language", "channel"]}
    )
    tickets = _tickets()
    # single process: embed all, centre by language, assign to centroids
    groups = centering_groups(tickets, config.embed.centering_groups)  # as embeddings_for
    X = center_by_language(WordHashEmbedder().encode(tickets["text"].tolist()), groups,
                           min_count=20)
    cents = centroids(X, tickets["topic"].to_numpy())
    near, sims = assign_to_centroids(X, cents, threshold=0.3)
    assert (near >= 0).sum() > 200 and (near == -1).any()  # both outcomes occur

    write_partitions(tickets, tmp_path / "tickets", rows=70)  # 5 partitions, last one short
    vec_dir = tmp_path / "vectors"
    with dask_client("local") as client:
        embed_partitions(tmp_path / "tickets", config, client, out_dir=vec_dir,
                         embedder=WordHashEmbedder())
        centerer = language_centerer(vec_dir, config)
        assign_partitions(vec_dir, cents, 0.3, tmp_path / "assigned", client, centerer=centerer)
    got = read_assignments(tmp_path / "assigned")
    assert got["ticket_id"].tolist() == tickets["ticket_id"].tolist()
    np.testing.assert_array_equal(got["centroid"].to_numpy(), near)
    np.testing.assert_allclose(got["similarity"].to_numpy(), sims, atol=1e-5)
    centred = np.vstack([
        np.stack(pd.read_parquet(f)["vector"].to_numpy())
        for f in sorted((tmp_path / "assigned").glob("part-*.parquet"))
    ])
    np.testing.assert_allclose(centred, X, atol=1e-5)


@pytest.mark.slow
def test_pipeline_embeds_uncached_texts_on_the_configured_cluster(tmp_path, caplog):
    """``scale.dask_address`` sends the uncached texts to the cluster (default model), and the
    pipeline's vectors equal the single-process ones."""
    import logging

    from demandlens.embed import embed_uncached, embeddings_for

    tickets = _tickets(40)
    single = PipelineConfig().replace(embed={"cache_dir": str(tmp_path / "c1"), "progress": False})
    on_dask = single.replace(embed={"cache_dir": str(tmp_path / "c2")},
                             scale={"dask_address": "local"})
    expected = embeddings_for(tickets, single, tmp_path)
    with caplog.at_level(logging.INFO, logger="demandlens.embed.dask_cluster"):
        got = embeddings_for(tickets, on_dask, tmp_path)
    assert any("uncached texts on Dask" in r.getMessage() for r in caplog.records)
    np.testing.assert_allclose(got, expected, atol=1e-4)
    assert embed_uncached(tickets, on_dask, tmp_path) == 0  # the workers filled the cache
    assert not list(tmp_path.glob("dask-embed-*"))  # partitions cleaned up
