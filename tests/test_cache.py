import multiprocessing as mp
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from demandlens.cache import EmbeddingCache, content_hash
from demandlens.config import EmbedConfig
from demandlens.embed import embed_tickets


def _vec(h: str, d: int = 8) -> np.ndarray:
    """Deterministic unit vector for a hash (what a deterministic model would return)."""
    rng = np.random.default_rng(int(content_hash(h)[:8], 16))
    v = rng.normal(size=d).astype(np.float32)
    return v / np.linalg.norm(v)


def test_put_get_roundtrip_and_persistence(tmp_path):
    cache = EmbeddingCache(tmp_path, "m:1")
    hs = [f"h{i}" for i in range(5)]
    cache.put_many(hs[:3], np.stack([_vec(h) for h in hs[:3]]))
    found, vecs = EmbeddingCache(tmp_path, "m:1").get_many(hs)
    assert found.tolist() == [True, True, True, False, False]
    assert np.allclose(vecs[:3], np.stack([_vec(h) for h in hs[:3]]))
    assert vecs.dtype == np.float32
    assert not list(tmp_path.rglob("*.tmp*")) and not list(tmp_path.rglob(".tmp-*"))


def test_model_switch_never_returns_other_vectors(tmp_path):
    EmbeddingCache(tmp_path, "model:a").put_many(["h"], np.ones((1, 4), np.float32))
    found, _ = EmbeddingCache(tmp_path, "model:b").get_many(["h"])
    assert not found.any()
    # even a shard copied into the other model's folder is rejected by its recorded model id
    a = EmbeddingCache(tmp_path, "model:a")
    b = EmbeddingCache(tmp_path, "model:b")
    b.path.mkdir(parents=True, exist_ok=True)
    for shard in a.path.glob("shard-*.npz"):
        (b.path / shard.name).write_bytes(shard.read_bytes())
    found, _ = EmbeddingCache(tmp_path, "model:b").get_many(["h"])
    assert not found.any()


def test_killed_write_leaves_no_corrupt_cache_and_next_run_resumes(tmp_path):
    cache = EmbeddingCache(tmp_path, "m")
    cache.put_many(["a", "b"], np.stack([_vec("a"), _vec("b")]))
    # a run killed mid-write leaves a half-written temp file and a truncated stray shard
    (cache.path / ".tmp-shard-999-dead.npz").write_bytes(b"PK\x03\x04 half")
    (cache.path / "shard-999-truncated.npz").write_bytes(b"PK\x03\x04 garbage")
    fresh = EmbeddingCache(tmp_path, "m")
    found, vecs = fresh.get_many(["a", "b", "c"])
    assert found.tolist() == [True, True, False]
    assert np.allclose(vecs[1], _vec("b"))
    fresh.put_many(["c"], _vec("c")[None])
    assert not list(cache.path.glob(".tmp-*"))  # stale temp cleaned under the lock
    assert EmbeddingCache(tmp_path, "m").get_many(["c"])[0].all()


class _Fake:
    """Counts texts sent to the model; deterministic vectors per text."""

    def __init__(self, model_id="fake:1", fail_after=None):
        self.model_id, self.fail_after, self.calls, self.texts = model_id, fail_after, 0, 0

    def encode(self, texts):
        self.calls += 1
        if self.fail_after is not None and self.texts >= self.fail_after:
            raise KeyboardInterrupt("killed")
        self.texts += len(texts)
        return np.stack([_vec(t) for t in texts])


@pytest.fixture
def fake(monkeypatch):
    holder = {"emb": _Fake()}
    monkeypatch.setattr("demandlens.embed.backends.get_embedder", lambda cfg, project_dir=".": holder["emb"])
    return holder


def _tickets(texts):
    return pd.DataFrame({"text": texts, "content_hash": [content_hash(t) for t in texts]})


def test_rerun_embeds_only_new_texts_and_keeps_order(tmp_path, fake):
    cfg = EmbedConfig(batch_size=4, cache_write_every=4, progress=False)
    texts = [f"ticket {i}" for i in range(10)] + ["ticket 3"]  # one duplicate
    X = embed_tickets(_tickets(texts), cfg, str(tmp_path))
    assert fake["emb"].texts == 10  # duplicate embedded once
    assert np.allclose(X, np.stack([_vec(t) for t in texts]))
    fake["emb"] = _Fake()
    more = texts[::-1] + ["new a", "new b"]
    X2 = embed_tickets(_tickets(more), cfg, str(tmp_path))
    assert fake["emb"].texts == 2
    assert np.allclose(X2, np.stack([_vec(t) for t in more]))
    fake["emb"] = _Fake()
    embed_tickets(_tickets(more), cfg, str(tmp_path))
    assert fake["emb"].calls == 0


def test_interrupted_run_keeps_finished_batches(tmp_path, fake):
    cfg = EmbedConfig(batch_size=4, cache_write_every=8, progress=False)
    texts = [f"t{i}" for i in range(20)]
    fake["emb"] = _Fake(fail_after=12)  # killed while embedding the 4th batch
    with pytest.raises(KeyboardInterrupt):
        embed_tickets(_tickets(texts), cfg, str(tmp_path))
    fake["emb"] = _Fake()
    X = embed_tickets(_tickets(texts), cfg, str(tmp_path))
    assert fake["emb"].texts == 12  # the 8 flushed texts were kept
    assert np.allclose(X, np.stack([_vec(t) for t in texts]))


def test_model_switch_through_embed_tickets(tmp_path, fake):
    cfg = EmbedConfig(batch_size=4, progress=False)
    texts = ["a", "b", "c"]
    embed_tickets(_tickets(texts), cfg, str(tmp_path))
    fake["emb"] = _Fake(model_id="fake:2")
    embed_tickets(_tickets(texts), cfg, str(tmp_path))
    assert fake["emb"].texts == 3


def _writer(root: str, start: int, n: int) -> None:
    cache = EmbeddingCache(root, "m:conc")
    for i in range(start, start + n, 5):
        hs = [f"h{j}" for j in range(i, i + 5)]
        cache.put_many(hs, np.stack([_vec(h) for h in hs]))


def test_concurrent_writers_with_overlapping_hashes(tmp_path):
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), s, 60)) for s in (0, 30)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    hs = [f"h{j}" for j in range(90)]
    cache = EmbeddingCache(tmp_path, "m:conc")
    found, vecs = cache.get_many(hs)
    assert found.all()
    assert np.allclose(vecs, np.stack([_vec(h) for h in hs]))
    cache.compact()
    assert len(list(Path(cache.path).glob("shard-*.npz"))) == 1
    found, vecs = EmbeddingCache(tmp_path, "m:conc").get_many(hs)
    assert found.all() and np.allclose(vecs, np.stack([_vec(h) for h in hs]))


def test_get_many_reads_shard_by_shard_and_keeps_nothing_else(tmp_path):
    """Lookups keep only the rows asked for: nothing of the cache stays in memory after."""
    cache = EmbeddingCache(tmp_path, "m:1")
    cache.put_many(["a", "b"], np.stack([_vec("a"), _vec("b")]))
    cache.put_many(["b", "c"], np.stack([-_vec("b"), _vec("c")]))  # a later duplicate of b
    fresh = EmbeddingCache(tmp_path, "m:1")
    found, vectors = fresh.get_many(["c", "b", "x", "b"])
    assert found.tolist() == [True, True, False, True]
    assert np.array_equal(vectors[1], vectors[3])  # one shard's b for every request of b
    assert np.allclose(abs(vectors[1]), abs(_vec("b")))
    assert np.allclose(vectors[0], _vec("c")) and not vectors[2].any()
    assert fresh._blocks == [] and fresh._index == {}
