"""The tiered path: the model reads a stratified sample, a fast student places the rest (#21)."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd
import pytest

from demandlens import pipeline
from demandlens.config import PipelineConfig, ScaleConfig
from demandlens.run import Run
from demandlens.scale import sampling
from demandlens.scale.tiered import build_themes_tiered, least_sure, tier_sample_size
from demandlens.themes.assign import assign_to_centroids, centroids

TOPICS = {
    "parcel": ["Mitt paket har inte kommit", "Min pakke er ikke kommet", "Pakken min har ikke kommet",
               "My parcel has not arrived"],
    "refund": ["Jag vill ha pengarna tillbaka", "Jeg vil have min refusion",
               "Jeg vil ha refusjon", "I want my refund back"],
    "login": ["Jag kan inte logga in", "Jeg kan ikke logge ind", "Jeg får ikke logget inn",
              "I cannot log in to my account"],
    "invoice": ["Fakturan är fel", "Fakturaen er forkert", "Fakturaen er feil",
                "The invoice amount is wrong"],
}
WORDS = {"parcel": ("paket", "pakke", "parcel"), "refund": ("pengarna", "refusion", "refusjon",
         "refund"), "login": ("logga", "logge", "logget", "log in"), "invoice": ("faktura",
         "invoice")}
LANGS = ("sv", "da", "nb", "en")
DIM = 12


class KeywordModel:
    """Stand-in sentence model: a direction per topic word plus hash noise; counts its texts."""

    model_id = "test:keywords"

    def __init__(self) -> None:
        self.calls = 0
        self.texts = 0

    def encode(self, texts):
        self.calls += 1
        self.texts += len(texts)
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            low = text.lower()
            for k, words in enumerate(WORDS.values()):
                out[i, k] = float(any(w in low for w in words))
            seed = int(hashlib.sha1(text.encode()).hexdigest()[:8], 16)
            out[i, 4:] = np.random.default_rng(seed).normal(0, 0.35, DIM - 4)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def _tickets(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    topic = rng.integers(0, 4, n)
    lang = rng.integers(0, 4, n)
    names = list(TOPICS)
    text = [f"{TOPICS[names[t]][g]}. Order {int(rng.integers(1000, 9999))}, "
            f"{rng.choice(['idag', 'i dag', 'today', 'nu', 'now'])}."
            for t, g in zip(topic, lang, strict=True)]
    day = pd.Timestamp("2026-06-01") + pd.to_timedelta(rng.integers(0, 28, n), unit="D")
    return pd.DataFrame({"ticket_id": [f"t{i}" for i in range(n)], "text": text,
                         "language": [LANGS[g] for g in lang], "created_at": day,
                         "channel": rng.choice(["email", "chat"], n), "truth": topic})


def _fake_build_themes(tickets, X, config, timer=None):
    """Stands in for UMAP+HDBSCAN: the themes are the true topics."""
    truth = tickets["truth"].to_numpy()
    out = tickets.copy()
    out["theme_id"] = truth
    out["theme_key"] = pd.Series([f"th-{t}" for t in truth], index=out.index, dtype="string")
    out["is_outlier"], out["reassigned"] = False, False
    out["x"], out["y"] = truth.astype(float), 0.0
    ids = sorted(set(truth.tolist()))
    themes = pd.DataFrame({"theme_key": [f"th-{t}" for t in ids], "theme_id": ids,
                           "size": [int((truth == t).sum()) for t in ids]})
    themes["share"], themes["languages"] = themes["size"] / len(out), [{} for _ in ids]
    return out, themes, centroids(X, truth)


def _config(**scale) -> PipelineConfig:
    return PipelineConfig().replace(
        embed={"cache_dir": None, "progress": False},
        clean={"drop_names": False},
        cluster={"reassign_threshold": 0.99},
        scale={"tiered_above": 150, "tier_sample_share": 0.2, **scale},
    )


def test_sample_size_follows_share_floor_and_cap():
    cfg = ScaleConfig(tiered_above=10_000, tier_sample_share=0.33, tier_sample_max=20_000)
    assert [tier_sample_size(n, cfg) for n in (10_001, 30_000, 45_000, 100_000)] == [
        10_000, 10_000, 14_850, 20_000]


def test_least_sure_takes_the_smallest_margins_in_row_order():
    C = np.array([[1.0, 0.0], [0.0, 1.0]])
    X = np.array([[1.0, 0.0], [0.7, 0.7], [0.0, 1.0], [0.6, 0.8], [1.0, 0.1]])
    X = X / np.linalg.norm(X, axis=1, keepdims=True)
    bars = np.array([0.0, 0.0])
    assert least_sure(X, C, bars, 0.4).tolist() == [1, 3]
    assert least_sure(X, C, bars, 0.0).size == 0


def test_tiered_path_reads_a_sample_and_places_the_rest_like_the_model(monkeypatch):
    monkeypatch.setattr(sampling, "build_themes", _fake_build_themes)
    tickets, model = _tickets(600), KeywordModel()
    cfg = _config()
    result = build_themes_tiered(tickets, cfg, embedder=model)
    out, c = result.tickets, result.counts
    assert len(out) == 600 and out["placed_by"].isin(["model", "fast"]).all()
    assert (out.loc[out["in_fit_sample"], "placed_by"] == "model").all()
    assert c["model_sample"] == 150 and c["model_unsure"] == round(0.05 * 450)
    assert c["placed_by_model"] + c["placed_by_fast"] == 600
    assert c["placed_by_fast"] == (out["placed_by"] == "fast").sum() == 450 - c["model_unsure"]
    assert model.texts == c["texts_sent_to_model"] < 150 + c["model_unsure"] + 10
    # the fast tier puts tickets where the model's own vectors would
    rest = ~out["in_fit_sample"].to_numpy()
    X_model = model.encode(tickets["text"].tolist())
    near, _ = assign_to_centroids(X_model, centroids(X_model, tickets["truth"].to_numpy()), -1.0)
    placed = rest & (out["theme_id"].to_numpy() >= 0)
    assert placed.sum() >= 0.9 * rest.sum()  # below a theme's bar: an outlier, as for the model
    assert (out["theme_id"].to_numpy()[placed] == near[placed]).mean() >= 0.97
    assert result.themes["size"].sum() == (out["theme_id"] >= 0).sum()
    # deterministic: the same input and seed give the same placement and vectors
    again = build_themes_tiered(tickets, cfg, embedder=KeywordModel())
    np.testing.assert_array_equal(again.tickets["theme_id"], out["theme_id"])
    np.testing.assert_array_equal(again.vectors, result.vectors)
    assert again.counts["student"] == c["student"]


def test_pipeline_takes_the_tiered_path_above_the_size_and_the_run_reopens(monkeypatch, tmp_path):
    monkeypatch.setattr(sampling, "build_themes", _fake_build_themes)
    model = KeywordModel()
    monkeypatch.setattr(pipeline, "get_embedder", lambda cfg, project_dir=".": model)
    tickets = _tickets(400)
    export = tmp_path / "export.csv"
    tickets.rename(columns={"ticket_id": "id", "text": "body"})[
        ["id", "created_at", "channel", "body"]].to_csv(export, index=False)
    monkeypatch.setattr(pipeline, "load_tickets", _with_truth(pipeline.load_tickets, tickets))
    run = pipeline.run_pipeline(export, tmp_path / "run", _config(), project_dir=tmp_path,
                                progress=False)
    tiers = json.loads((tmp_path / "run" / "manifest.json").read_text())["tiers"]
    assert tiers["path"] == "tiered" and tiers["placed_by_fast"] > 0
    assert tiers["placed_by_model"] + tiers["placed_by_fast"] == len(run.tickets)
    again = Run.open(tmp_path / "run")
    assert again.tickets["placed_by"].value_counts().to_dict() == {
        "fast": tiers["placed_by_fast"], "model": tiers["placed_by_model"]}
    calls = model.calls
    np.testing.assert_array_equal(again.load_embeddings(), run.embeddings)
    assert model.calls == calls  # the vectors came from the run folder, not the model
    small = pipeline.run_pipeline(export, None, _config(tiered_above=1000), project_dir=tmp_path,
                                  progress=False)
    assert small.manifest["tiers"] == {"path": "model", "placed_by_model": len(small.tickets)}
    assert (small.tickets["placed_by"] == "model").all()


def _with_truth(load, tickets):
    """load_tickets, with the generator's topic joined on (the fake clustering needs it)."""
    truth = tickets.set_index("ticket_id")["truth"]

    def wrapped(*args, **kwargs):
        result = load(*args, **kwargs)
        result.tickets["truth"] = truth.reindex(result.tickets["ticket_id"]).to_numpy()
        return result

    return wrapped


@pytest.mark.parametrize("share", [0.0, 0.5])
def test_unsure_share_sends_that_many_more_to_the_model(monkeypatch, share):
    monkeypatch.setattr(sampling, "build_themes", _fake_build_themes)
    result = build_themes_tiered(_tickets(300), _config(tier_unsure_share=share),
                                 embedder=KeywordModel())
    assert result.counts["model_unsure"] == round(share * 150)
