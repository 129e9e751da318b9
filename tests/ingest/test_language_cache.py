"""Languages remembered by content hash: a re-run detects only texts it has not seen."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import demandlens.ingest.language as language
from demandlens.cache import content_hash
from demandlens.config import LanguageConfig, PipelineConfig
from demandlens.ingest.language_cache import detect_languages_cached, language_cache_id
from demandlens.ingest.load import load_tickets

TEXTS = [
    "Mitt paket har inte kommit och jag har väntat i två veckor.",
    "Jeg har ikke modtaget min pakke, og jeg har ventet i to uger.",
    "Jeg har ikke mottatt pakken min, og jeg har ventet i to uker.",
    "My parcel has not arrived and I have been waiting for two weeks.",
    "Mein Paket ist nicht angekommen, bitte helfen Sie mir.",
]


@pytest.fixture
def counted(monkeypatch):
    """Count the texts that reach the detector."""
    seen: list[str] = []
    real = language.detect_languages

    def spy(texts, config=None):
        seen.extend(texts)
        return real(texts, config)

    monkeypatch.setattr(language, "detect_languages", spy)
    return seen


def test_second_call_answers_from_the_cache_with_the_same_codes(tmp_path, counted):
    hashes = [content_hash(t) for t in TEXTS]
    first = detect_languages_cached(TEXTS, hashes, tmp_path)
    assert first == ["sv", "da", "nb", "en", "other"]
    assert len(counted) == len(TEXTS)
    again = detect_languages_cached(TEXTS[::-1] + TEXTS[:1], hashes[::-1] + hashes[:1], tmp_path)
    assert again == first[::-1] + first[:1]
    assert len(counted) == len(TEXTS)  # nothing detected a second time
    new = "Hvor lenge må jeg vente på pakken min?"
    assert detect_languages_cached([new], [content_hash(new)], tmp_path) == ["nb"]
    assert counted[-1] == new and len(counted) == len(TEXTS) + 1


def test_other_language_settings_do_not_share_answers(tmp_path, counted):
    hashes = [content_hash(t) for t in TEXTS]
    detect_languages_cached(TEXTS, hashes, tmp_path)
    narrow = LanguageConfig(languages=("sv", "en"))
    assert language_cache_id(narrow) != language_cache_id(LanguageConfig())
    got = detect_languages_cached(TEXTS, hashes, tmp_path, narrow)
    assert got == ["sv", "other", "other", "en", "other"]
    assert len(counted) == 2 * len(TEXTS)
    with pytest.raises(ValueError, match="hashes"):
        detect_languages_cached(TEXTS, hashes[:2], tmp_path)


def test_ingest_with_a_cache_dir_stores_no_text_and_gives_the_same_tickets(tmp_path, counted):
    export = tmp_path / "tickets.csv"
    pd.DataFrame({"id": [f"t{i}" for i in range(len(TEXTS))], "body": TEXTS,
                  "created": ["2026-06-01"] * len(TEXTS)}).to_csv(export, index=False)
    plain = load_tickets(export, PipelineConfig(), progress=False).tickets
    cache = tmp_path / "cache"
    cached = load_tickets(export, PipelineConfig(), progress=False, cache_dir=cache).tickets
    again = load_tickets(export, PipelineConfig(), progress=False, cache_dir=cache).tickets
    pd.testing.assert_frame_equal(plain, cached)
    pd.testing.assert_frame_equal(plain, again)
    assert len(counted) == len(TEXTS)  # the first cached load detected, the second did not
    shards = list(cache.rglob("*.npz"))
    assert shards
    for shard in shards:
        with np.load(shard) as data:
            assert set(data.files) == {"model_id", "hashes", "vectors"}
