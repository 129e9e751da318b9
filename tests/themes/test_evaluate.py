import math

import pytest

from demandlens.themes.evaluate import clustering_scores, translation_pair_agreement


def test_pair_agreement_counts_pairs_and_outliers_as_disagreement():
    # group a: 3 rows -> 3 pairs, 1 agreeing (0,0); group b: both outliers -> 0 of 1
    groups = ["a", "a", "a", "b", "b", "c"]
    labels = [0, 0, 1, -1, -1, 5]
    assert translation_pair_agreement(groups, labels) == pytest.approx(1 / 4)


def test_pair_agreement_perfect_and_empty():
    assert translation_pair_agreement([1, 1, 2, 2], [3, 3, 4, 4]) == 1.0
    assert math.isnan(translation_pair_agreement([1, 2], [0, 0]))
    with pytest.raises(ValueError):
        translation_pair_agreement([1, 1], [0])


def test_clustering_scores_keys_and_values():
    gold = ["x", "x", "y", "y", "z", "z"]
    labels = [0, 0, 1, 1, -1, -1]
    sc = clustering_scores(gold, labels)
    assert set(sc) == {"nmi", "ari", "nmi_assigned", "share_unassigned", "n_themes", "n_gold"}
    assert sc["nmi"] == pytest.approx(1.0)
    assert sc["nmi_assigned"] == pytest.approx(1.0)
    assert sc["share_unassigned"] == pytest.approx(1 / 3)
    assert sc["n_themes"] == 2 and sc["n_gold"] == 3
    assert clustering_scores(gold, [0, 1, 0, 1, 0, 1])["ari"] < 0.1
