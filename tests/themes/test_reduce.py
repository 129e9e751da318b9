import numpy as np
import pytest
from sklearn.datasets import make_blobs

from demandlens.config import ReduceConfig
from demandlens.themes.reduce import Reducer, adaptive_n_neighbors, reduce_2d


def _blobs(n=240, centers=4, seed=0):
    X, y = make_blobs(n_samples=n, n_features=24, centers=centers, cluster_std=1.0,
                      random_state=seed)
    X = X / np.linalg.norm(X, axis=1, keepdims=True)
    return X.astype(np.float32), y


def test_adaptive_n_neighbors_is_monotone_and_bounded():
    sizes = [3, 50, 300, 1_000, 10_000, 300_000]
    ks = [adaptive_n_neighbors(n) for n in sizes]
    assert ks == sorted(ks)
    assert ks[0] == 2  # never more than n - 1
    assert all(15 <= k <= 50 for k in ks[1:])


def test_same_seed_same_coordinates_and_shape():
    X, _ = _blobs()
    cfg = ReduceConfig(n_components=3)
    a = Reducer(cfg, seed=7).fit_transform(X)
    b = Reducer(cfg, seed=7).fit_transform(X)
    assert a.shape == (len(X), 3)
    np.testing.assert_array_equal(a, b)


def test_fit_on_sample_transforms_the_rest():
    X, y = _blobs(n=300)
    red = Reducer(ReduceConfig(n_components=2, fit_sample_size=120), seed=3)
    Z = red.fit_transform(X)
    assert red.fit_indices_ is not None and len(red.fit_indices_) == 120
    assert Z.shape == (300, 2) and np.isfinite(Z).all()
    assert red.n_neighbors_ == adaptive_n_neighbors(120)
    # transformed (non-sample) points land next to their blob's fitted points
    rest = np.setdiff1d(np.arange(300), red.fit_indices_)
    centres = {c: Z[red.fit_indices_][y[red.fit_indices_] == c].mean(axis=0) for c in set(y)}
    nearest = [min(centres, key=lambda c: np.linalg.norm(Z[i] - centres[c])) for i in rest]
    assert np.mean(np.array(nearest) == y[rest]) > 0.95


def test_transform_before_fit_and_too_few_rows_raise():
    with pytest.raises(RuntimeError):
        Reducer(ReduceConfig(), 0).transform(np.zeros((3, 4)))
    with pytest.raises(ValueError, match="n_components"):
        Reducer(ReduceConfig(n_components=5), 0).fit(np.random.default_rng(0).normal(size=(5, 4)))


def test_reduce_2d_shape():
    X, _ = _blobs(n=80)
    xy = reduce_2d(X, ReduceConfig(), seed=1)
    assert xy.shape == (80, 2) and np.isfinite(xy).all()


@pytest.mark.slow
def test_map_reuses_the_clustering_knn_graph_and_keeps_blobs_apart():
    from sklearn.metrics import silhouette_score

    X, y = _blobs(n=4500, centers=3, seed=2)  # above UMAP's exact-distance size
    red = Reducer(ReduceConfig(), seed=5).fit(X)
    assert red.knn_ is not None and red.knn_[0].shape == (4500, red.n_neighbors_)
    xy = reduce_2d(X, ReduceConfig(), seed=5, knn=red.knn_)
    assert xy.shape == (4500, 2) and silhouette_score(xy, y) > 0.5
    # a graph over other rows is ignored, not misused
    other = (red.knn_[0][:4200], red.knn_[1][:4200], None)
    assert reduce_2d(X[:4300], ReduceConfig(), seed=5, knn=other).shape == (4300, 2)
