"""The fast student: learns the teacher's vectors from character and word n-grams."""

from __future__ import annotations

import numpy as np
import pytest

from demandlens.embed.student import TextStudent

TOPICS = {  # one reason per topic, phrased in four languages
    0: ["Mitt paket har inte kommit", "Min pakke er ikke kommet", "Pakken min har ikke kommet",
        "My parcel has not arrived"],
    1: ["Jag vill ha pengarna tillbaka", "Jeg vil have min refusion", "Jeg vil ha refusjon",
        "I want my refund"],
    2: ["Jag kan inte logga in", "Jeg kan ikke logge ind", "Jeg får ikke logget inn",
        "I cannot log in"],
}
EXTRA = ["idag", "igen", "snälla", "please", "again", "nu", "today", "tak", "takk", "hjälp"]


def _corpus(n: int, seed: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Texts of three topics with noise words; the teacher's vector is the topic direction."""
    rng = np.random.default_rng(seed)
    texts, topic = [], rng.integers(0, 3, n)
    for t in topic:
        base = TOPICS[int(t)][int(rng.integers(0, 4))]
        texts.append(f"{base} {' '.join(rng.choice(EXTRA, 2))} #{int(rng.integers(100, 999))}")
    Y = np.eye(8, dtype=np.float32)[topic] + rng.normal(0, 0.1, (n, 8)).astype(np.float32)
    return texts, Y / np.linalg.norm(Y, axis=1, keepdims=True), topic


def test_student_places_unseen_tickets_near_their_topic():
    texts, Y, _ = _corpus(120, seed=0)
    student = TextStudent(n_features=2**12).fit(texts, Y)
    new, _, topic = _corpus(60, seed=1)
    V = student.transform(new)
    assert V.shape == (60, 8) and V.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(V, axis=1), 1.0, atol=1e-5)
    assert (V[:, :3].argmax(axis=1) == topic).mean() >= 0.95


def test_student_is_deterministic_and_its_id_follows_what_it_learned():
    texts, Y, _ = _corpus(50, seed=0)
    a, b = TextStudent(n_features=2**12).fit(texts, Y), TextStudent(n_features=2**12).fit(texts, Y)
    assert a.model_id_ == b.model_id_ and a.model_id_.startswith("student:")
    np.testing.assert_array_equal(a.transform(texts[:5]), b.transform(texts[:5]))
    assert TextStudent(n_features=2**12).fit(texts, Y[::-1]).model_id_ != a.model_id_
    assert TextStudent(n_features=2**12, alpha=2.0).fit(texts, Y).model_id_ != a.model_id_


def test_text_it_knows_nothing_of_lands_on_the_mean_direction():
    texts, Y, _ = _corpus(50, seed=0)
    student = TextStudent(n_features=2**12).fit(texts, Y)
    mean = student.intercept_ / np.linalg.norm(student.intercept_)
    assert float(student.transform(["ÆØÅ qqqq"])[0] @ mean) > 0.999


def test_student_errors_name_the_problem():
    with pytest.raises(ValueError, match="one teacher vector per text"):
        TextStudent().fit(["a", "b"], np.ones((3, 4)))
    with pytest.raises(RuntimeError, match="not fitted"):
        TextStudent().transform(["a"])
