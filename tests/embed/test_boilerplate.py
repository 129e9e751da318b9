"""Boilerplate sentences: found by how unlike their tickets are, left out of embedded text."""

from __future__ import annotations

import numpy as np
import pytest

from demandlens.config import PipelineConfig
from demandlens.embed.boilerplate import (
    find_boilerplate,
    host_similarity,
    sentence_key,
    split_sentences,
    strip_boilerplate,
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


@pytest.mark.parametrize("value", [True, False])
def test_config_switch_loads_from_a_dict(value):
    cfg = PipelineConfig.from_dict({"clean": {"drop_boilerplate": value}})
    assert cfg.clean.drop_boilerplate is value
