"""Re-runs against a hand-built previous Run (fast stand-ins for UMAP and describe)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from demandlens.config import PipelineConfig
from demandlens.labels.schema import ThemeLabel
from demandlens.rerun import carry_labels, rerun
from demandlens.run import Run

D = 24


def e(i: int) -> np.ndarray:
    v = np.zeros(D)
    v[i] = 1.0
    return v


def around(centre: np.ndarray, n: int, rng, noise: float = 0.04) -> np.ndarray:
    X = centre + rng.normal(0, noise, (n, D))
    return X / np.linalg.norm(X, axis=1, keepdims=True)


class _FakeReducer:
    def __init__(self, config, seed):
        self.n = config.n_components

    def fit(self, X):
        from sklearn.decomposition import PCA

        self.embedding_ = PCA(n_components=self.n, random_state=0).fit_transform(X)
        self.knn_, self.fit_indices_ = None, None
        return self

    def fit_transform(self, X):
        return self.fit(X).embedding_


def _fake_describe(tickets, X, config):
    t = tickets[tickets["theme_id"] >= 0]
    g = t.groupby("theme_id")
    return pd.DataFrame({
        "theme_id": list(g.groups),
        "theme_key": [str(v.iloc[0]) for _, v in g["theme_key"]],
        "size": g.size().to_numpy(),
        "top_keywords": "",
        "keywords": [{} for _ in g.groups],
        "representative_ids": [[] for _ in g.groups],
        "languages": [{} for _ in g.groups],
    })


@pytest.fixture(autouse=True)
def fast_stages(monkeypatch):
    """UMAP and describe are other modules' business; replace them by fast stand-ins."""
    import demandlens.rerun.modes as modes
    import demandlens.themes.build as build
    import demandlens.themes.refresh as refresh

    monkeypatch.setattr(modes, "Reducer", _FakeReducer)
    monkeypatch.setattr(build, "Reducer", _FakeReducer)
    monkeypatch.setattr(build, "reduce_2d", lambda X, config, seed, knn=None: np.asarray(X)[:, :2])
    for module in (refresh, build):
        monkeypatch.setattr(module, "describe_themes", _fake_describe)


def tickets_for(prefix: str, n: int) -> pd.DataFrame:
    return pd.DataFrame({
        "ticket_id": [f"{prefix}{i}" for i in range(n)],
        "text": ["x"] * n,
        "language": ["sv"] * n,
    })


def previous_run(ops=None, a=None) -> Run:
    """Three previous themes: A (e0), B (e1), C (e2); 20 tickets each."""
    keys = ["th-aaaaaa", "th-bbbbbb", "th-cccccc"]
    cents = np.vstack([a if a is not None else e(0), e(1), e(2)]).astype(np.float32)
    tickets = tickets_for("p", 60).assign(
        theme_key=pd.array(np.repeat(keys, 20), dtype="string"), theme_id=np.repeat([0, 1, 2], 20)
    )
    themes = pd.DataFrame({"theme_key": keys, "theme_id": [0, 1, 2], "size": [20, 20, 20]})
    return Run(tickets=tickets, themes=themes, centroids=cents, operations=list(ops or []))


CONFIG = PipelineConfig().replace(
    cluster={"min_cluster_size": 10, "min_samples": 3}, match={"min_new_tickets": 10}
)
LABELS = {
    k: ThemeLabel(name=n, demand_type="failure", failing_process="delivery", labelled_by="anna")
    for k, n in [("th-aaaaaa", "A"), ("th-bbbbbb", "B"), ("th-cccccc", "C")]
}


def new_month(rng):
    X = np.vstack([
        around(e(0), 30, rng),   # belongs to A
        around(e(1), 20, rng),   # belongs to B
        around(e(5), 25, rng),   # a new theme, far from every previous centroid
        around(e(9) + e(11), 3, rng, noise=0.3),  # stragglers
    ])
    return tickets_for("n", len(X)), X.astype(np.float32)


def test_assign_keeps_keys_finds_new_themes_and_accounts_for_every_ticket():
    rng = np.random.default_rng(0)
    tickets, X = new_month(rng)
    out, themes, cents, mapping, ops = rerun(previous_run(), tickets, X, CONFIG, mode="assign")

    assert len(out) == len(tickets)
    assert (out["theme_key"].iloc[:30] == "th-aaaaaa").all()
    assert (out["theme_key"].iloc[30:50] == "th-bbbbbb").all()
    new_keys = set(out["theme_key"].iloc[50:75].dropna())
    assert len(new_keys) == 1 and not new_keys & {"th-aaaaaa", "th-bbbbbb", "th-cccccc"}
    # every ticket is in a theme or an outlier, never both or neither
    assert (out["theme_key"].isna().to_numpy() == out["is_outlier"].to_numpy()).all()
    assert out["is_outlier"].iloc[75:].all()
    sizes = out["theme_key"].value_counts()
    assert dict(zip(themes["theme_key"], themes["size"], strict=True)) == sizes.to_dict()
    assert len(cents) == len(themes)

    status = dict(zip(themes["theme_key"], themes["status"], strict=True))
    assert status["th-aaaaaa"] == status["th-bbbbbb"] == "assigned"
    assert status[new_keys.pop()] == "new"
    m = mapping.set_index(mapping["status"] + ":" + mapping["previous_keys"].map(",".join))
    assert m.loc["vanished:th-cccccc", "size_previous"] == 20
    assert m.loc["matched:th-aaaaaa", "change"] == 10
    assert m.loc["matched:th-aaaaaa", "similarity"] > 0.95


def test_assign_with_too_few_leftovers_makes_them_outliers():
    rng = np.random.default_rng(1)
    tickets, X = new_month(rng)
    cfg = CONFIG.replace(match={"min_new_tickets": 100})
    out, themes, *_ = rerun(previous_run(), tickets, X, cfg, mode="assign")
    assert out["is_outlier"].iloc[50:].all()
    assert set(themes["theme_key"]) == {"th-aaaaaa", "th-bbbbbb"}


@pytest.mark.parametrize("mode", ["assign", "rebuild"])
def test_labels_only_grow(mode):
    rng = np.random.default_rng(2)
    tickets, X = new_month(rng)
    *_, mapping, _ = rerun(previous_run(), tickets, X, CONFIG, mode=mode)
    new, report = carry_labels(mapping, LABELS)
    assert set(LABELS) <= set(new)
    assert new["th-aaaaaa"] == LABELS["th-aaaaaa"] and new["th-bbbbbb"] == LABELS["th-bbbbbb"]
    assert new["th-cccccc"] == LABELS["th-cccccc"]  # vanished: reported, entry untouched
    assert report["vanished"] == ["th-cccccc"]
    assert len(report["needs_label"]) == 1


def test_rebuild_matched_themes_take_previous_keys():
    rng = np.random.default_rng(3)
    tickets, X = new_month(rng)
    out, themes, cents, mapping, _ = rerun(previous_run(), tickets, X, CONFIG, mode="rebuild")
    assert (out["theme_key"].iloc[:30] == "th-aaaaaa").all()
    assert (out["theme_key"].iloc[30:50] == "th-bbbbbb").all()
    by_key = dict(zip(themes["theme_key"], themes["status"], strict=True))
    assert by_key["th-aaaaaa"] == "matched"
    assert sorted(mapping["status"]) == ["matched", "matched", "new", "vanished"]


def test_rebuild_replays_an_analyst_merge():
    # The analyst merged two sub-themes into A last time; they come back as two clusters.
    rng = np.random.default_rng(4)
    a2 = 0.6 * e(0) + 0.8 * e(3)
    a = (e(0) + a2) / np.linalg.norm(e(0) + a2)
    ops = [{"op": "merge", "keys": ["th-aaaaaa", "th-a2a2a2"], "into": "th-aaaaaa"}]
    X = np.vstack([around(e(0), 25, rng), around(a2, 25, rng), around(e(1), 20, rng)])
    tickets = tickets_for("n", len(X))
    out, themes, _, mapping, ops_out = rerun(
        previous_run(ops, a=a), tickets, X.astype(np.float32), CONFIG, mode="rebuild"
    )
    assert (out["theme_key"].iloc[:50] == "th-aaaaaa").all()
    assert themes.set_index("theme_key").loc["th-aaaaaa", "size"] == 50
    assert ops_out == ops


def previous_run_with_vectors() -> Run:
    """A previous run whose vectors are known: A holds two sub-groups (e0 and e3), B one (e1).

    A's centroid sits between its two groups, so a ticket like A's e3 group is far from the
    centroid but right next to A's own tickets.
    """
    rng = np.random.default_rng(10)
    X = np.vstack([around(e(0), 15, rng), around(e(3), 15, rng), around(e(1), 30, rng)])
    keys = ["th-aaaaaa", "th-bbbbbb"]
    tickets = tickets_for("p", 60).assign(
        theme_key=pd.array(np.repeat(keys, 30), dtype="string"), theme_id=np.repeat([0, 1], 30)
    )
    themes = pd.DataFrame({"theme_key": keys, "theme_id": [0, 1], "size": [30, 30]})
    cents = np.vstack([X[:30].mean(0), X[30:].mean(0)]).astype(np.float32)
    return Run(tickets=tickets, themes=themes, centroids=cents, embeddings=X.astype(np.float32))


def test_assign_by_last_months_neighbours_keeps_both_halves_of_a_theme_and_finds_a_new_one():
    rng = np.random.default_rng(11)
    X = np.vstack([
        around(e(3), 20, rng),   # like A's second group
        around(e(1), 20, rng),   # like B
        around(e(6), 25, rng),   # unlike anything last month: a new theme
    ]).astype(np.float32)
    tickets = tickets_for("n", len(X))
    prev = previous_run_with_vectors()
    out, themes, *_ = rerun(prev, tickets, X, CONFIG, mode="assign")
    assert (out["theme_key"].iloc[:20] == "th-aaaaaa").all()
    assert (out["theme_key"].iloc[20:40] == "th-bbbbbb").all()
    fresh = set(out["theme_key"].iloc[40:].dropna())
    assert len(fresh) == 1 and not fresh & {"th-aaaaaa", "th-bbbbbb"}
    assert out["is_outlier"].sum() == (out["theme_key"].isna()).sum()


def test_neighbour_bar_calibrated_on_last_month_abstains_on_a_mixed_region():
    from demandlens.rerun.neighbours import NeighbourAssigner

    rng = np.random.default_rng(12)
    # last month: A and B overlap half-way (tickets between e0 and e1 are in either theme)
    mid = around((e(0) + e(1)) / 2, 40, rng, noise=0.02)
    R = np.vstack([around(e(0), 40, rng), around(e(1), 40, rng), mid])
    y = np.r_[np.zeros(40), np.ones(40), rng.integers(0, 2, 40)].astype(int)
    fit = NeighbourAssigner(k=10, precision=0.95, quantile=0.05, seed=0).fit(R, y)
    assert fit.calibration_["agreement"] >= 0.95
    Q = np.vstack([around(e(0), 10, rng), around((e(0) + e(1)) / 2, 10, rng, noise=0.02)])
    idx, _ = fit.predict(Q)
    assert (idx[:10] == 0).mean() >= 0.8 and not (idx[:10] == 1).any()
    assert (idx[10:] == -1).mean() >= 0.8  # the mixed region is left for review


@pytest.mark.parametrize("method", ["neighbours", "centroids"])
@pytest.mark.parametrize("mode", ["assign", "rebuild"])
def test_a_rerun_never_deletes_or_rewrites_an_analysts_label(mode, method):
    """Every label the analyst wrote is still there after a re-run, field for field.

    Re-runs only add entries (suggestions for new, split or merged themes), month after month.
    """
    from demandlens.labels.schema import Review

    analyst = {
        "th-aaaaaa": ThemeLabel(name="Late parcel", demand_type="failure",
                                failing_process="delivery", sub_process="last mile",
                                failure_type="delay", root_cause="carrier", notes="checked",
                                labelled_by="anna", labelled_at="2026-05-01",
                                review=Review(seed=1, sample=("p1", "p2"),
                                              judgements={"p1": {"demand_type": "failure"}})),
        "th-bbbbbb": ThemeLabel(name="Invoice copy", demand_type="value", labelled_by="ben"),
        "th-zzzzzz": ThemeLabel(name="Old theme", demand_type="failure", status="vanished"),
    }
    prev = previous_run_with_vectors()
    rng = np.random.default_rng(13)
    for month in range(3):  # three months in a row, each against the labels so far
        X = np.vstack([around(e(3), 12, rng), around(e(6 + month), 25, rng)]).astype(np.float32)
        cfg = CONFIG.replace(match={"assign_method": method})
        *_, mapping, _ = rerun(prev, tickets_for(f"m{month}", len(X)), X, cfg, mode=mode)
        carried, _ = carry_labels(mapping, analyst)
        for key, label in analyst.items():
            assert key in carried
            assert dataclasses.asdict(carried[key]) == dataclasses.asdict(label)
        analyst = carried


def test_neighbour_calibration_on_a_sample_of_a_large_month(monkeypatch):
    import demandlens.rerun.neighbours as nb

    monkeypatch.setattr(nb, "CALIBRATION_SIZE", 50)  # a "large" month of 120 tickets
    rng = np.random.default_rng(14)
    R = np.vstack([around(e(0), 60, rng), around(e(1), 60, rng)])
    y = np.repeat([0, 1], 60)
    a = nb.NeighbourAssigner(k=10, precision=0.95, quantile=0.05, seed=3).fit(R, y)
    b = nb.NeighbourAssigner(k=10, precision=0.95, quantile=0.05, seed=3).fit(R, y)
    assert a.calibration_["tickets"] <= 50 and a.vote_bar_ == b.vote_bar_
    idx, _ = a.predict(np.vstack([around(e(0), 5, rng), around(e(1), 5, rng)]))
    assert (idx[:5] != 1).all() and (idx[5:] != 0).all() and (idx >= 0).mean() >= 0.8
