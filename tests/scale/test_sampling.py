"""Stratified sample fit and batched / streamed assignment (demandlens.scale.sampling)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from demandlens import pipeline
from demandlens.config import PipelineConfig
from demandlens.embed import write_vectors
from demandlens.scale import (
    assign_parquet,
    build_themes_on_sample,
    sampling,
    strata,
    stratified_sample,
)
from demandlens.themes.assign import assign_to_centroids, centroids
from demandlens.timing import Timer


def _tickets(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    lang = rng.choice(["sv", "da", "nb", "en"], n, p=[0.5, 0.3, 0.15, 0.05])
    day = pd.Timestamp("2026-06-01") + pd.to_timedelta(rng.integers(0, 28, n), unit="D")
    return pd.DataFrame({"ticket_id": [f"t{i}" for i in range(n)], "language": lang,
                         "created_at": day, "channel": rng.choice(["email", "chat"], n),
                         "text": ["x"] * n})


def test_stratified_sample_is_proportional_exact_and_seeded():
    t = _tickets(5000)
    idx = stratified_sample(t, 800, seed=3)
    assert len(idx) == 800 and len(np.unique(idx)) == 800
    assert np.array_equal(idx, np.sort(idx))
    np.testing.assert_array_equal(idx, stratified_sample(t, 800, seed=3))
    assert not np.array_equal(idx, stratified_sample(t, 800, seed=4))
    full, part = strata(t).value_counts(), strata(t.iloc[idx]).value_counts()
    expected = full * 800 / len(t)
    assert set(part.index) == set(full.index)  # every language x week represented
    assert (part.reindex(full.index).fillna(0) - expected).abs().max() < 1.0 + 1e-9


def test_stratified_sample_without_dates_uses_channel_and_small_n_takes_all():
    t = _tickets(400).drop(columns="created_at")
    assert strata(t).str.split("|").str[1].isin(["email", "chat"]).all()
    assert len(stratified_sample(t, 100, seed=0)) == 100
    np.testing.assert_array_equal(stratified_sample(t, 1000, seed=0), np.arange(400))


def _blobs(n: int, k: int = 4, dim: int = 16, seed: int = 0):
    rng = np.random.default_rng(seed)
    centres = np.eye(dim, dtype=np.float32)[:k] * 3
    truth = rng.integers(0, k, n)
    X = centres[truth] + rng.normal(scale=0.3, size=(n, dim)).astype(np.float32)
    X[-5:] = -centres[0]  # far from every theme: must become outliers when not in the fit
    truth[-5:] = -1
    return X / np.linalg.norm(X, axis=1, keepdims=True), truth


def _fake_build_themes(tickets, X, config, timer=None):
    """Stands in for UMAP+HDBSCAN: themes = nearest of the fixed blob centres."""
    truth = tickets["truth"].to_numpy()
    out = tickets.copy()
    out["theme_id"] = truth
    out["theme_key"] = pd.Series([f"th-{t}" if t >= 0 else None for t in truth],
                                 index=out.index, dtype="string")
    out["is_outlier"], out["reassigned"] = truth < 0, False
    out["x"], out["y"] = truth.astype(float), 0.0
    ids = sorted(set(truth[truth >= 0].tolist()))
    themes = pd.DataFrame({"theme_key": [f"th-{t}" for t in ids], "theme_id": ids,
                           "size": [int((truth == t).sum()) for t in ids]})
    themes["share"] = themes["size"] / len(out)
    themes["languages"] = [{} for _ in ids]
    return out, themes, centroids(X, truth)


def _fake_themes(monkeypatch) -> None:
    """Stand in for the real clustering wherever a full fit happens (pipeline and sample fit)."""
    monkeypatch.setattr(pipeline, "build_themes", _fake_build_themes)
    monkeypatch.setattr(sampling, "build_themes", _fake_build_themes)


def test_build_themes_on_sample_assigns_rest_and_recounts(monkeypatch):
    _fake_themes(monkeypatch)
    t = _tickets(1200)
    X, truth = _blobs(1200)
    t["truth"] = truth
    t.loc[t.index[-5:], "truth"] = -1
    cfg = PipelineConfig().replace(scale={"fit_sample_size": 300, "assign_batch_size": 128},
                                   cluster={"reassign_threshold": 0.5})
    out, themes, cents = build_themes_on_sample(t, X, cfg)
    assert out["in_fit_sample"].sum() == 300
    rest = ~out["in_fit_sample"].to_numpy()
    # out-of-sample tickets land in their blob's theme; the far-away ones are outliers
    np.testing.assert_array_equal(out["theme_id"].to_numpy()[rest], truth[rest])
    assert out["is_outlier"].to_numpy()[-5:].all()
    assert out.loc[out["theme_id"] >= 0, "theme_key"].notna().all()
    assert themes["size"].sum() == (out["theme_id"] >= 0).sum()
    assert themes["share"].sum() == pytest.approx((out["theme_id"] >= 0).mean())
    langs = out[out["theme_id"] == 0]["language"].value_counts().to_dict()
    assert themes.set_index("theme_id").loc[0, "languages"] == langs
    # assigned tickets take the map position of a sample ticket of the same theme
    assert (out["x"].to_numpy()[rest & (truth >= 0)] == truth[rest & (truth >= 0)]).all()
    assert cents.shape == (4, 16)


def test_assign_parquet_streams_batches_with_in_memory_result(tmp_path):
    X, truth = _blobs(1000, seed=2)
    cents = centroids(X, np.where(truth >= 0, truth, -1))
    ids = np.array([f"t{i}" for i in range(1000)])
    write_vectors(ids, X, tmp_path / "vec", rows_per_file=300)  # 4 files
    paths = assign_parquet(tmp_path / "vec", cents, 0.5, tmp_path / "out", batch_size=128)
    got = pd.concat([pd.read_parquet(p) for p in paths], ignore_index=True)
    near, sims = assign_to_centroids(X, cents, 0.5)
    assert len(paths) > 4  # more batches than files: never a whole file in memory
    assert got["ticket_id"].tolist() == ids.tolist()
    np.testing.assert_array_equal(got["centroid"].to_numpy(), near)
    np.testing.assert_allclose(got["similarity"].to_numpy(), sims, rtol=1e-6)
    assert (near[-5:] == -1).all() and (near[:-5] >= 0).all()


def test_pipeline_fits_on_sample_only_above_configured_size(monkeypatch):
    _fake_themes(monkeypatch)
    t = _tickets(500)
    X, truth = _blobs(500)
    t["truth"] = truth
    timer = Timer()
    cfg = PipelineConfig().replace(scale={"fit_sample_size": 200})
    out, _, _ = pipeline._build_themes_for_size(t, X, cfg, timer)
    assert out["in_fit_sample"].sum() == 200 and "assign" in timer.timings
    out, _, _ = pipeline._build_themes_for_size(
        t, X, cfg.replace(scale={"fit_sample_size": 500}), Timer()
    )
    assert "in_fit_sample" not in out.columns  # export not larger than the sample: full fit


def test_out_of_sample_tickets_meet_the_theme_bar_not_the_absolute_threshold(monkeypatch):
    _fake_themes(monkeypatch)
    t = _tickets(1200)
    X, truth = _blobs(1200, seed=5)
    t["truth"] = truth
    # no ticket reaches 0.999, but a ticket as typical as the theme's members joins it
    cfg = PipelineConfig().replace(scale={"fit_sample_size": 400},
                                   cluster={"reassign_threshold": 0.999})
    out, _, _ = build_themes_on_sample(t, X, cfg)
    rest = ~out["in_fit_sample"].to_numpy() & (truth >= 0)
    assert 0.85 < (out["theme_id"].to_numpy()[rest] == truth[rest]).mean() < 1.0
    assert out["is_outlier"].to_numpy()[-5:].all()
