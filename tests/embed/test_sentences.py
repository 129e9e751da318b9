"""Frequent sentences embedded once; one embedding pass decides boilerplate (embed.vectors)."""

from __future__ import annotations

import hashlib
from collections import Counter

import numpy as np
import pandas as pd

from demandlens.config import PipelineConfig
from demandlens.embed.sentences import (
    frequent_sentences,
    host_similarity_of_parts,
    mix_parts,
    split_parts,
)
from demandlens.embed.vectors import TextVectors, embeddings_for

REASONS = ["Mitt paket har inte kommit.", "Jeg vil returnere jakken.", "Fakturaen er feil.",
           "Where is my refund?"]
FILLER = "Escalated to 2nd line."
DIM = 8


class KeywordModel:
    """A stand-in sentence model: a direction per reason word, a little hash noise per text;
    it records every text it is asked to embed."""

    model_id = "test:keywords"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts):
        self.seen.extend(texts)
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            for k, reason in enumerate(REASONS):
                if reason.split()[1] in text:  # paket / vil / er / is
                    out[i, k] = 1.0
            seed = int(hashlib.sha1(text.encode()).hexdigest()[:8], 16)
            out[i, 4:] = np.random.default_rng(seed).normal(0, 0.3, DIM - 4)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def _tickets(per_reason: int = 8) -> pd.DataFrame:
    rows = []
    for k, reason in enumerate(REASONS):
        for i in range(per_reason):
            extra = f"Ordre {1000 + 17 * i + k} gäller {['stol', 'bord', 'lampa', 'soffa'][i % 4]}."
            rows.append(f"{reason} {extra} {FILLER}")
    return pd.DataFrame({"ticket_id": [f"t{i}" for i in range(len(rows))], "text": rows,
                         "language": "sv", "channel": "email"})


def _config(**clean):
    return PipelineConfig().replace(embed={"cache_dir": None, "progress": False,
                                           "language_centering": True},
                                    clean={"drop_names": False, **clean})


def test_frequent_sentences_are_counted_once_per_ticket_and_spelled_the_common_way():
    texts = ["Hej. Hej. Paket sent.", "hej. Faktura fel.", "Hej. Konto låst.", "Tack."]
    found = frequent_sentences(texts, min_tickets=3)
    assert found.keys == ("hej.",) and found.forms == ("Hej.",)
    assert found.tickets.tolist() == [3] and found.n_texts == 4
    again = frequent_sentences(texts[::-1], min_tickets=3)  # ticket order does not matter
    assert (again.keys, again.forms) == (found.keys, found.forms)
    parts = split_parts(texts, found)
    assert parts.rest == ["Paket sent.", "Faktura fel.", "Konto låst.", "Tack."]
    assert parts.holds.toarray().ravel().tolist() == [1, 1, 1, 0]


def test_a_ticket_vector_is_the_weighted_mean_of_its_parts_and_keeps_them_all_if_all_dropped():
    texts = ["Filler here. Parcel late.", "Filler here.", "Filler here. Refund gone."]
    found = frequent_sentences(texts, min_tickets=2)
    parts = split_parts(texts, found)
    R = np.array([[1, 0, 0], [0, 0, 0], [0, 1, 0]], dtype=np.float32)
    K = np.array([[0, 0, 1]], dtype=np.float32)
    mixed = mix_parts(parts, found, R, K)
    w = found.weights()[0]  # held by all 3 of 3 texts: specificity 0
    assert w == 0.0
    np.testing.assert_allclose(mixed[0], [1, 0, 0], atol=1e-6)
    dropped = mix_parts(parts, found, R, K, drop=np.array([True]))
    np.testing.assert_allclose(dropped[1], [0, 0, 1], atol=1e-6)  # nothing else: keeps it
    np.testing.assert_allclose(dropped[2], [0, 1, 0], atol=1e-6)


def test_host_similarity_of_parts_matches_the_pairwise_mean():
    X = np.random.default_rng(0).normal(size=(5, 4))
    Xn = X / np.linalg.norm(X, axis=1, keepdims=True)
    holds = split_parts(["a. b.", "a.", "b.", "a.", "c."], frequent_sentences(
        ["a. b.", "a.", "b.", "a.", "c."], 2)).holds
    sim = host_similarity_of_parts(holds, X)
    rows = [0, 1, 3]
    pairs = [Xn[i] @ Xn[j] for i in rows for j in rows if i < j]
    assert np.isclose(sim[0], np.mean(pairs))


def test_one_pass_embeds_each_text_once_and_leaves_filler_out():
    tickets = _tickets()
    model = KeywordModel()
    tv = TextVectors(_config(), embedder=model)
    X = tv.fit(tickets)
    counts = Counter(model.seen)
    assert max(counts.values()) == 1  # no text embedded twice: one pass
    assert counts[FILLER] == 1 and not any(FILLER in t and t != FILLER for t in model.seen)
    assert tv.texts_embedded_ == len(model.seen) < len(tickets) + len(tv.frequent_.keys) + 1
    bp = {k for k, d in zip(tv.frequent_.keys, tv.boilerplate_, strict=True) if d}
    assert "escalated to 0nd line." in bp
    assert not bp & {r.casefold() for r in REASONS}  # reason sentences stay
    assert all(FILLER not in t for t in tv.texts(tickets))
    # themes form by reason: every ticket is nearest to the tickets of its own reason
    reason = np.repeat(np.arange(4), 8)
    sims = X @ X.T
    np.fill_diagonal(sims, -2)
    assert (reason[sims.argmax(axis=1)] == reason).all()
    # the same tickets treated again give the same vectors, without new embedding of rests
    np.testing.assert_allclose(tv.centre(tv.raw(tickets), tickets), X, atol=1e-6)


def test_embeddings_for_is_deterministic_and_follows_the_switches():
    tickets = _tickets()
    a = embeddings_for(tickets, _config(), embedder=KeywordModel())
    b = embeddings_for(tickets, _config(), embedder=KeywordModel())
    np.testing.assert_array_equal(a, b)
    model = KeywordModel()
    off = embeddings_for(tickets, _config(drop_boilerplate=False), embedder=model)
    assert off.shape == a.shape
    assert sorted(model.seen) == sorted(tickets["text"])  # whole tickets, nothing split off
    assert tickets["text"].str.contains(FILLER, regex=False).all()  # the input is untouched


def test_boilerplate_is_found_on_a_seeded_sample_when_configured():
    tickets = _tickets(per_reason=10)
    cfg = _config(boilerplate_sample_size=20)
    one, two = TextVectors(cfg, embedder=KeywordModel()), TextVectors(cfg, embedder=KeywordModel())
    one.fit(tickets)
    two.fit(tickets)
    assert one.frequent_.n_texts == 20 and one.frequent_.keys == two.frequent_.keys
    assert one.boilerplate_.tolist() == two.boilerplate_.tolist()
