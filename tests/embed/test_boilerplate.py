"""Boilerplate sentences: found by how unlike their tickets are, left out of embedded text."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

from demandlens.config import CleanConfig, PipelineConfig
from demandlens.embed.boilerplate import (
    find_boilerplate,
    host_similarity,
    sentence_key,
    split_sentences,
    strip_boilerplate,
    without_boilerplate,
)

REASONS = {
    "sv": "Mitt paket har inte kommit.",
    "da": "Jeg vil gerne returnere jakken.",
    "nb": "Fakturaen er feil.",
    "en": "Where is my refund?",
}
FILLER = "Escalated to 2nd line."


def _corpus(n_per_reason: int = 6) -> tuple[list[str], np.ndarray]:
    """Four reasons in four directions; every ticket also carries the same filler line."""
    texts, rows = [], []
    rng = np.random.default_rng(0)
    for k, sentence in enumerate(REASONS.values()):
        for i in range(n_per_reason):
            texts.append(f"{sentence} Order {1000 + i}. {FILLER}")
            v = np.zeros(8)
            v[k] = 1.0
            rows.append(v + rng.normal(0, 0.05, 8))
    X = np.asarray(rows)
    return texts, X - X.mean(axis=0)  # centred, as the product's embeddings are


def test_sentences_compare_without_case_digits_or_spacing():
    assert sentence_key("Order  1234-5678.") == sentence_key("order 9999-0000.")
    assert split_sentences("Hej. Var är paketet? Tack!") == ["Hej.", "Var är paketet?", "Tack!"]


def test_filler_in_tickets_of_every_reason_is_boilerplate_but_reason_sentences_are_not():
    texts, X = _corpus()
    found = find_boilerplate(texts, X, min_tickets=5, max_similarity=0.1)
    assert sentence_key(FILLER) in found
    assert sentence_key("Order 1000.") in found  # order-number lines spread over every reason
    assert not {sentence_key(s) for s in REASONS.values()} & found


def test_rare_sentences_are_not_candidates():
    texts, X = _corpus(n_per_reason=6)
    stats = host_similarity(texts, X, min_tickets=7)
    assert sentence_key(REASONS["sv"]) not in stats.index  # held by 6 tickets only
    assert stats.loc[sentence_key(FILLER), "tickets"] == 24


def test_stripping_never_leaves_a_ticket_empty():
    bp = {sentence_key(FILLER)}
    out = strip_boilerplate([f"Fakturaen er feil. {FILLER}", FILLER, "Hei."], bp)
    assert out == ["Fakturaen er feil.", FILLER, "Hei."]


def _tickets() -> pd.DataFrame:
    texts, _ = _corpus()
    return pd.DataFrame({
        "ticket_id": [f"t{i}" for i in range(len(texts))],
        "text": texts,
        "content_hash": [hashlib.sha256(t.encode()).hexdigest() for t in texts],
    })


def _embed_by_reason(frame: pd.DataFrame) -> np.ndarray:
    texts = frame["text"].tolist()
    X = np.array([[float(s in t) for s in REASONS.values()] for t in texts])
    X = X + np.random.default_rng(len(texts)).normal(0, 0.05, X.shape)
    return X - X.mean(axis=0)


def test_without_boilerplate_changes_embedded_text_and_its_hash_only():
    tickets = _tickets()
    out = without_boilerplate(tickets, _embed_by_reason, CleanConfig(), seed=0)
    assert FILLER not in " ".join(out["text"])
    assert out["text"].str.startswith(tuple(REASONS.values())).all()
    assert out["content_hash"].tolist() == [
        hashlib.sha256(t.encode()).hexdigest() for t in out["text"]
    ]
    assert tickets["text"].str.contains(FILLER, regex=False).all()  # the input is untouched


def test_without_boilerplate_is_off_when_configured_and_deterministic_with_a_sample():
    tickets = _tickets()
    off = without_boilerplate(tickets, _embed_by_reason, CleanConfig(drop_boilerplate=False), seed=0)
    assert off is tickets
    sizes: list[int] = []

    def embed(frame: pd.DataFrame) -> np.ndarray:
        sizes.append(len(frame))
        return _embed_by_reason(frame)

    cfg = CleanConfig(boilerplate_sample_size=20)
    a = without_boilerplate(tickets, embed, cfg, seed=3)
    b = without_boilerplate(tickets, embed, cfg, seed=3)
    assert sizes == [20, 20]
    pd.testing.assert_frame_equal(a, b)


def test_embeddings_for_embeds_text_without_boilerplate(monkeypatch):
    import demandlens.embed.vectors
    from demandlens.embed import embeddings_for

    seen: list[list[str]] = []

    def fake_embed(frame, cfg, project_dir=".", embedder=None):
        seen.append(frame["text"].tolist())
        return _embed_by_reason(frame)

    monkeypatch.setattr(demandlens.embed.vectors, "embed_tickets", fake_embed)
    tickets = _tickets()
    cfg = PipelineConfig().replace(embed={"language_centering": False})
    X = embeddings_for(tickets, cfg)
    assert X.shape == (len(tickets), 4)
    assert FILLER in seen[0][0] and all(FILLER not in t for t in seen[-1])
    assert tickets["text"].str.contains(FILLER, regex=False).all()


@pytest.mark.parametrize("value", [True, False])
def test_config_switch_loads_from_a_dict(value):
    cfg = PipelineConfig.from_dict({"clean": {"drop_boilerplate": value}})
    assert cfg.clean.drop_boilerplate is value
