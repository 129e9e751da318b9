import numpy as np
import pytest

from demandlens.embed.centering import LanguageCenterer, center_by_language


def _parallel(n_topics=6, per=30, d=16, seed=0):
    """Topic vectors plus a strong per-language offset, as in raw multilingual embeddings."""
    rng = np.random.default_rng(seed)
    topics = rng.normal(size=(n_topics, d))
    offsets = {lang: 3 * rng.normal(size=d) for lang in ("sv", "da", "nb", "en")}
    X, langs, topic = [], [], []
    for lang, off in offsets.items():
        for t in range(n_topics):
            for _ in range(per // 4 + 1):
                X.append(topics[t] + off + 0.1 * rng.normal(size=d))
                langs.append(lang)
                topic.append(t)
    X = np.asarray(X, dtype=np.float32)
    return X / np.linalg.norm(X, axis=1, keepdims=True), langs, np.asarray(topic)


def _nearest_same_topic(X, topic):
    S = X @ X.T
    np.fill_diagonal(S, -np.inf)
    return float((topic[S.argmax(axis=1)] == topic).mean())


def test_centering_removes_language_offset_and_renormalises():
    X, langs, topic = _parallel()
    Z = center_by_language(X, langs, min_count=5)
    assert Z.dtype == np.float32 and Z.shape == X.shape
    assert np.allclose(np.linalg.norm(Z, axis=1), 1, atol=1e-5)
    # nearest neighbour now crosses languages: same topic from another language is closest
    S = Z @ Z.T
    np.fill_diagonal(S, -np.inf)
    langs_arr = np.asarray(langs)
    other_lang = langs_arr[:, None] != langs_arr[None, :]
    S_cross = np.where(other_lang, S, -np.inf)
    assert (topic[S_cross.argmax(axis=1)] == topic).mean() > 0.95
    raw_means = [X[langs_arr == lang].mean(axis=0) for lang in set(langs)]
    new_means = [Z[langs_arr == lang].mean(axis=0) for lang in set(langs)]
    spread = lambda m: np.linalg.norm(np.std(m, axis=0))  # noqa: E731
    assert spread(new_means) < 0.2 * spread(raw_means)


def test_rare_language_uses_global_mean_and_fit_transform_new_rows():
    X, langs, _ = _parallel()
    langs = list(langs)
    langs[:3] = ["other"] * 3
    c = LanguageCenterer(min_count=20).fit(X, langs)
    assert "other" not in c.means_ and {"sv", "da", "nb", "en"} <= set(c.means_)
    Z = c.transform(X[:3], ["other"] * 3)
    expected = X[:3] - c.global_mean_
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    assert np.allclose(Z, expected, atol=1e-5)
    # re-run: new tickets are centred with the fitted means
    Znew = c.transform(X[100:105], langs[100:105])
    assert np.allclose(Znew, c.fit_transform(X, langs)[100:105], atol=1e-5)


def test_subspace_option_and_errors():
    X, langs, topic = _parallel()
    c = LanguageCenterer(min_count=5, n_directions=3).fit(X, langs)
    assert c.directions_.shape == (3, X.shape[1])
    Z = c.transform(X, langs)
    assert np.abs(Z @ c.directions_.T).max() < 1e-5
    assert _nearest_same_topic(Z, topic) > 0.95
    with pytest.raises(RuntimeError):
        LanguageCenterer().transform(X, langs)
    with pytest.raises(ValueError):
        center_by_language(X, langs[:-1])


def test_in_place_centering_gives_the_same_vectors_without_a_copy():
    X, langs, _ = _parallel()
    groups = [f"{lang}|{'chat' if i % 3 else 'email'}" for i, lang in enumerate(langs)]
    groups[:5] = ["xx|rare"] * 5  # a group below min_count: the global mean
    expected = center_by_language(X, groups, min_count=10)
    own = X.copy()
    out = center_by_language(own, groups, min_count=10, copy=False)
    assert out is own and np.array_equal(out, expected)
    assert not np.array_equal(X, expected)  # copy=True left the caller's array alone
