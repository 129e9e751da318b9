"""A theme's failure fraction: the one rule for reviewed, label-only and unknown themes, and
the sentence the workbench shows."""

from __future__ import annotations

import math

import pytest
from scipy.stats import beta

from _labels_fixture import make_label
from demandlens.measure import IMPURITY_PRIOR, review_weight, theme_failure_fraction


def _judged(outcomes):
    return {f"t{i}": o for i, o in enumerate(outcomes)}


def test_pure_reviewed_theme():
    fr = theme_failure_fraction(make_label("failure", judgements=_judged(["failure"] * 10)), 100)
    assert (fr.p, fr.high, fr.source) == (1.0, 1.0, "review")
    # 90 unreviewed tickets ~ BetaBinomial(90, 7.5 + .5, .5): the 2.5% quantile is well below
    assert 0.6 < fr.low < 0.99
    assert fr.sentence.startswith("On 10 reviews (10 failure, 0 value): 100% failure; 95% range")


def test_fifty_fifty_theme_is_symmetric_and_about_jeffreys_wide():
    fr = theme_failure_fraction(make_label("failure", judgements=_judged(["failure", "value"] * 5)),
                                100)
    assert fr.p == 0.5 and fr.low + fr.high == pytest.approx(1.0, abs=0.011)
    # posterior Beta(w*5 + .5, w*5 + .5), w = 9/12 -> Beta(4.25, 4.25); 90% unreviewed
    assert review_weight(10) == pytest.approx(0.75)
    assert fr.low == pytest.approx(0.1 * 0.5 + 0.9 * beta.ppf(0.025, 4.25, 4.25), abs=0.02)


def test_label_only_theme_counts_as_its_label_with_a_one_sided_range():
    fail = theme_failure_fraction(make_label("failure"), 50)
    assert (fail.p, fail.high, fail.source) == (1.0, 1.0, "label")
    a, b = IMPURITY_PRIOR
    assert 1 - fail.low == pytest.approx(beta.ppf(0.975, a, b), abs=0.05)  # about 0.58
    value = theme_failure_fraction(make_label("value"), 50)
    assert (value.p, value.low, value.source) == (0.0, 0.0, "label")
    assert value.high == pytest.approx(1 - fail.low)
    assert value.sentence.startswith("Rests on the label only (no review yet): counted as 0% "
                                     "failure")
    assert "up to" in value.sentence and "down to" in fail.sentence


def test_unknown_themes():
    for label in (None, make_label(None), make_label("unclear")):
        fr = theme_failure_fraction(label, 50)
        assert fr.source == "unknown" and math.isnan(fr.p) and (fr.low, fr.high) == (0.0, 1.0)
    assert "unclear" in theme_failure_fraction(make_label("unclear"), 50).sentence
    assert theme_failure_fraction(None, 5).sentence.startswith("Not labelled yet")


def test_a_review_overrides_the_label_and_other_counts_as_not_failure():
    label = make_label("unclear", judgements=_judged(["failure"] * 6 + ["value"] * 2 + ["other"] * 2))
    fr = theme_failure_fraction(label, 10)
    assert (fr.p, fr.low, fr.high) == (0.6, 0.6, 0.6)  # the whole theme reviewed: exact
    assert fr.sentence == ("On 10 reviews (6 failure, 2 value, 2 other), every ticket of the "
                           "theme: 60% failure, exact.")


def test_judgements_of_tickets_that_left_the_theme_do_not_count():
    label = make_label("failure", judgements=_judged(["failure"] * 5 + ["value"] * 5))
    fr = theme_failure_fraction(label, 20, members={"t0", "t1", "t5"})
    assert (fr.n_reviewed, fr.k_failure, fr.p) == (3, 2, pytest.approx(2 / 3))
