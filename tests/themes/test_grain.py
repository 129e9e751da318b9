"""Granularity after a run (regroup) and the sub-theme drill-down, on blobs that touch."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_blobs

from demandlens.config import PipelineConfig
from demandlens.run import Run
from demandlens.themes.build import build_themes
from demandlens.themes.grain import regroup, sub_themes


def _fake_describe(tickets, X, config):
    t = tickets[tickets["theme_id"] >= 0]
    g = t.groupby("theme_id")
    return pd.DataFrame({
        "theme_id": list(g.groups),
        "theme_key": [str(v.iloc[0]) for _, v in g["theme_key"]],
        "size": g.size().to_numpy(),
        "top_keywords": "",
        "keywords": [{} for _ in g.groups],
        "representative_ids": [list(v.iloc[:3]) for _, v in g["ticket_id"]],
        "languages": [{} for _ in g.groups],
    })


@pytest.fixture(autouse=True)
def fast_describe(monkeypatch):
    import demandlens.themes.build as build
    import demandlens.themes.refresh as refresh

    monkeypatch.setattr(build, "reduce_2d", lambda X, config, seed, knn=None: np.asarray(X)[:, :2])
    for module in (refresh, build):
        monkeypatch.setattr(module, "describe_themes", _fake_describe)


@pytest.fixture(scope="module")
def vectors():
    X, y = make_blobs(n_samples=600, n_features=16, centers=30, cluster_std=2.5,
                      random_state=0, center_box=(-5, 5))
    return (X / np.linalg.norm(X, axis=1, keepdims=True)).astype(np.float32), y


def _run(X, config=PipelineConfig()):
    tickets = pd.DataFrame({"ticket_id": [f"t{i}" for i in range(len(X))],
                            "text": ["x"] * len(X), "language": ["sv"] * len(X)})
    t, themes, cents = build_themes(tickets, X, config)
    return Run(tickets=t, themes=themes, centroids=cents, config=config, embeddings=X)


def test_regroup_changes_the_grain_without_embedding_again(vectors, monkeypatch):
    X, _ = vectors
    run = _run(X)
    import demandlens.embed.vectors as ev

    monkeypatch.setattr(ev, "embeddings_for", lambda *a, **k: pytest.fail("embedded again"))
    coarse, fine = regroup(run, "coarsest"), regroup(run, "finest")
    assert len(coarse.themes) < len(run.themes) < len(fine.themes)
    assert fine.config.cluster.granularity == "finest"
    assert run.config.cluster.granularity == "default"  # the run passed in is unchanged
    for r in (coarse, fine):  # every ticket accounted for, in one theme or an outlier
        assert len(r.tickets) == len(run.tickets)
        assert (r.tickets["theme_key"].isna() == r.tickets["is_outlier"]).all()
        assert r.themes["size"].sum() == r.tickets["theme_key"].notna().sum()
    again = regroup(run, "default")
    assert again.tickets["theme_key"].equals(run.tickets["theme_key"])  # same grain, same keys
    with pytest.raises(ValueError, match="granularity must be one of"):
        regroup(run, "medium")


def test_sub_themes_preview_a_split_and_leave_the_run_alone(vectors):
    X, _ = vectors
    run = _run(X, PipelineConfig().replace(cluster={"granularity": "coarsest"}))
    key = str(run.themes.sort_values("size").iloc[-1]["theme_key"])
    before = run.tickets["theme_key"].copy()
    subs = sub_themes(run, key, n=3)
    assert len(subs) == 3
    assert subs["size"].sum() == int(run.theme(key)["size"])
    assert list(subs["size"]) == sorted(subs["size"], reverse=True)
    assert abs(subs["share_of_theme"].sum() - 1) < 1e-9
    assert run.tickets["theme_key"].equals(before)
    assert key not in set(subs["theme_key"])
