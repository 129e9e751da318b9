import numpy as np
import pytest
from sklearn.datasets import make_blobs

from demandlens.config import ClusterConfig, ReduceConfig
from demandlens.themes.assign import assign_to_centroids
from demandlens.themes.cluster import auto_params, centroids, cluster_embeddings
from demandlens.themes.reduce import Reducer


def _blobs(n=400, centers=5, seed=0, std=0.6):
    X, y = make_blobs(n_samples=n, n_features=16, centers=centers, cluster_std=std,
                      random_state=seed, center_box=(-5, 5))
    return (X / np.linalg.norm(X, axis=1, keepdims=True)).astype(np.float32), y


def test_auto_params_monotone_and_sensible_at_both_ends():
    ns = [0, 100, 300, 3_000, 30_000, 300_000, 3_000_000]
    p = [auto_params(n) for n in ns]
    for key in ("min_cluster_size", "min_samples"):
        assert [q[key] for q in p] == sorted(q[key] for q in p)
    for q in p:
        assert 1 <= q["min_samples"] <= q["min_cluster_size"]
    small, large = auto_params(300), auto_params(300_000)
    # at most a few dozen themes possible for 300 tickets, a few hundred at 300k at most
    assert 5 <= 300 // small["min_cluster_size"] <= 100
    assert 100 <= 300_000 // large["min_cluster_size"] <= 3_000


def test_granularity_steps_coarser_to_finer():
    sizes = [auto_params(800, g)["min_cluster_size"]
             for g in ("coarsest", "coarser", "default", "finer", "finest")]
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == 5
    with pytest.raises(ValueError, match="cluster.granularity must be one of"):
        auto_params(800, "chunky")


def test_finer_granularity_gives_more_themes_on_the_same_vectors():
    X, _ = _blobs(n=600, centers=30, std=2.5)  # blobs that touch: the grain is a choice
    Z = Reducer(ReduceConfig(n_components=3), seed=3).fit_transform(X)
    k = {g: cluster_embeddings(Z, X, ClusterConfig(granularity=g), seed=3).n_themes
         for g in ("coarsest", "default", "finest")}
    assert k["coarsest"] < k["default"] < k["finest"]


def test_determinism_same_input_same_seed_full_reduce_and_cluster():
    X, _ = _blobs()
    runs = []
    for _ in range(2):
        Z = Reducer(ReduceConfig(n_components=3), seed=11).fit_transform(X)
        runs.append(cluster_embeddings(Z, X, ClusterConfig(), seed=11))
    np.testing.assert_array_equal(runs[0].labels, runs[1].labels)
    np.testing.assert_array_equal(runs[0].reassigned, runs[1].reassigned)
    assert runs[0].n_themes >= 2


def test_recovers_blobs_and_orders_labels_by_size():
    sizes = [60, 150, 100]
    Z, y = make_blobs(n_samples=sizes, n_features=2, cluster_std=0.3, random_state=1,
                      centers=[[0, 0], [10, 0], [0, 10]])
    res = cluster_embeddings(Z, Z, ClusterConfig(min_cluster_size=15, reassign_outliers=False), seed=0)
    counts = np.bincount(res.labels[res.labels >= 0])
    assert len(counts) == 3
    assert list(counts) == sorted(counts, reverse=True)
    # theme 0 is the 150-blob
    assert np.bincount(y[res.labels == 0]).argmax() == 1
    assert res.params["min_cluster_size"] == 15


def test_size_ties_broken_by_smallest_member_index():
    Z = np.vstack([np.random.default_rng(0).normal(c, 0.05, (30, 2)) for c in (10, 0, 5)])
    res = cluster_embeddings(Z, Z, ClusterConfig(min_cluster_size=10, reassign_outliers=False), seed=0)
    assert res.labels[0] == 0 and res.labels[30] == 1 and res.labels[60] == 2


def test_noise_reported_and_reassignment_respects_threshold():
    rng = np.random.default_rng(0)
    d = 8
    a, b = np.eye(d)[0], np.eye(d)[1]
    core = np.vstack([a + rng.normal(0, 0.02, (40, d)), b + rng.normal(0, 0.02, (40, d))])
    near_a = a + 0.45 * np.eye(d)[2]  # cosine to a ~0.91
    far = np.eye(d)[3]  # cosine ~0 to both
    X = np.vstack([core, near_a, far]).astype(np.float32)
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    # HDBSCAN on a Z where the last two rows sit far from everything -> noise
    Z = np.vstack([rng.normal(0, 0.1, (40, 2)), rng.normal(6, 0.1, (40, 2)), [[30, -30], [-30, 30]]])
    off = cluster_embeddings(Z, X, ClusterConfig(min_cluster_size=10, min_samples=10, reassign_outliers=False), seed=0)
    assert off.is_outlier[-2:].all() and not off.reassigned.any()
    on = cluster_embeddings(Z, X, ClusterConfig(min_cluster_size=10, min_samples=10, reassign_threshold=0.85), seed=0)
    assert on.reassigned[-2] and not on.is_outlier[-2]
    assert on.labels[-2] == on.labels[0]
    assert on.is_outlier[-1] and not on.reassigned[-1] and on.labels[-1] == -1
    assert on.similarity[-2] >= 0.85
    strict = cluster_embeddings(Z, X, ClusterConfig(min_cluster_size=10, min_samples=10, reassign_threshold=0.95), seed=0)
    assert strict.is_outlier[-2:].all()
    np.testing.assert_array_equal(on.is_outlier, on.labels == -1)


def test_centroids_are_normalised_means():
    X = np.array([[1, 0], [0, 1], [3, 0], [9, 9]], dtype=np.float32)
    C = centroids(X, np.array([0, 0, 1, -1]))
    np.testing.assert_allclose(C, [[2**-0.5, 2**-0.5], [1, 0]], rtol=1e-6)


def test_assign_to_centroids_threshold_and_batches():
    X, y = _blobs(n=300, centers=3)
    C = centroids(X, y)
    lab, sim = assign_to_centroids(X, C, threshold=-1.0, batch_size=7)
    lab_one, sim_one = assign_to_centroids(X, C, threshold=-1.0, batch_size=10_000)
    np.testing.assert_array_equal(lab, lab_one)
    np.testing.assert_allclose(sim, sim_one, rtol=1e-6)
    assert np.mean(lab == y) > 0.95
    cut = float(np.median(sim))
    lab_cut, _ = assign_to_centroids(X, C, threshold=cut)
    assert ((lab_cut == -1) == (sim < cut)).all()
    empty, s = assign_to_centroids(X, np.zeros((0, X.shape[1])), 0.5)
    assert (empty == -1).all() and np.isnan(s).all()
    with pytest.raises(ValueError):
        assign_to_centroids(X, np.ones((2, 3)), 0.5)
