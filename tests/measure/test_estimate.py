"""Stratified estimator: pure, 50/50, unreviewed and empty strata, computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import beta

from _labels_fixture import make_label
from demandlens.measure import (
    ESTIMATE_COLUMNS,
    LABEL_PRIOR,
    estimate_failure_share,
    review_weight,
    theme_failure_fraction,
)


def _tickets(sizes, channel=None, dates=None):
    keys = [k for k, n in sizes.items() for _ in range(n)]
    frame = pd.DataFrame({"ticket_id": [f"t{i}" for i in range(len(keys))], "theme_key": keys})
    frame["theme_key"] = frame["theme_key"].where(frame["theme_key"] != "noise", None)
    frame["is_outlier"] = frame["theme_key"].isna()
    frame["channel"] = channel or "email"
    frame["created_at"] = pd.to_datetime(dates or "2026-02-02")
    return frame


def _review(tickets, key, outcomes):
    ids = tickets.loc[tickets["theme_key"] == key, "ticket_id"].tolist()
    return dict(zip(ids, outcomes, strict=False))


def test_pure_theme_reviewed():
    t = _tickets({"A": 100})
    label = make_label("failure", judgements=_review(t, "A", ["failure"] * 10))
    p, lo, hi, source = theme_failure_fraction(label, 100)
    assert (p, hi, source) == (1.0, 1.0, "review")
    # 90 unreviewed tickets ~ BetaBinomial(90, 10.5, 0.5): the 2.5% quantile is well below 90
    assert 0.6 < lo < 0.99


def test_fifty_fifty_theme_is_symmetric_and_about_jeffreys_wide():
    t = _tickets({"A": 100})
    label = make_label("failure", judgements=_review(t, "A", ["failure", "value"] * 5))
    p, lo, hi, source = theme_failure_fraction(label, 100)
    assert p == 0.5 and source == "review"
    assert lo + hi == pytest.approx(1.0, abs=0.011)
    # posterior Beta(w*5 + .5, w*5 + .5), w = 9/12 -> Beta(4.25, 4.25); 90% of the theme
    # unreviewed, so lo ~ 0.1 * 0.5 + 0.9 * (2.5% quantile)
    assert review_weight(10) == pytest.approx(0.75)
    j_lo = beta.ppf(0.025, 4.25, 4.25)
    assert lo == pytest.approx(0.1 * 0.5 + 0.9 * j_lo, abs=0.02)


def test_unreviewed_theme_falls_back_to_label_and_is_flagged():
    p, lo, hi, source = theme_failure_fraction(make_label("failure"), 50)
    a, b = LABEL_PRIOR["failure"]
    assert source == "label" and p == pytest.approx(a / (a + b))
    assert lo < 0.6 and hi > 0.95
    assert theme_failure_fraction(make_label("value"), 50)[0] < 0.5
    p, lo, hi, source = theme_failure_fraction(make_label(None), 50)
    assert source == "unknown" and math.isnan(p) and (lo, hi) == (0.0, 1.0)
    assert theme_failure_fraction(make_label("unclear"), 50)[3] == "unknown"


def test_fully_reviewed_strata_have_no_sampling_uncertainty():
    t = _tickets({"A": 4, "B": 4})
    labels = {"A": make_label("failure", judgements=_review(t, "A", ["failure"] * 3 + ["value"])),
              "B": make_label("value", judgements=_review(t, "B", ["value"] * 4))}
    est = estimate_failure_share(t, None, labels, seed=0)
    assert (est.estimate, est.ci_low, est.ci_high) == (0.375, 0.375, 0.375)


def test_combination_of_strata_and_unknown_bounds():
    # A: 100 tickets, 10/10 reviewed failure; B: 300, 0/10; C: 100 unlabelled -> unknown
    t = _tickets({"A": 100, "B": 300, "C": 100})
    labels = {"A": make_label("failure", judgements=_review(t, "A", ["failure"] * 10)),
              "B": make_label("value", judgements=_review(t, "B", ["value"] * 10))}
    est = estimate_failure_share(t, None, labels, seed=0)
    assert est.estimate == pytest.approx(100 / 400)
    assert est.ci_low < 0.25 < est.ci_high
    assert (est.n_tickets, est.n_known, est.n_unknown) == (500, 400, 100)
    assert est.coverage == pytest.approx(0.8)
    assert (est.themes_total, est.themes_labelled, est.themes_reviewed) == (3, 2, 2)
    assert est.tickets_reviewed == 20
    # bounds: unknown as all value / all failure around the labelled interval
    assert est.bound_low == pytest.approx(est.ci_low * 400 / 500)
    assert est.bound_high == pytest.approx((est.ci_high * 400 + 100) / 500)
    assert "2 of 3 themes" in est.summary()


def test_label_only_theme_widens_interval_compared_with_review():
    t = _tickets({"A": 200, "B": 200})
    reviewed = {"A": make_label("failure", judgements=_review(t, "A", ["failure"] * 10)),
                "B": make_label("value", judgements=_review(t, "B", ["value"] * 10))}
    unreviewed = {"A": make_label("failure"), "B": reviewed["B"]}
    w1 = estimate_failure_share(t, None, reviewed, seed=0)
    w2 = estimate_failure_share(t, None, unreviewed, seed=0)
    assert w2.ci_high - w2.ci_low > w1.ci_high - w1.ci_low
    assert w2.themes_label_only == 1
    assert w2.per_theme.set_index("theme_key").loc["A", "source"] == "label"


def test_by_week_and_channel_with_empty_strata():
    dates = ["2026-02-02"] * 10 + ["2026-02-16"] * 10  # W06 and W08, W07 empty
    t = _tickets({"A": 10, "noise": 10}, dates=dates)
    t["channel"] = ["email"] * 10 + ["phone"] * 10
    labels = {"A": make_label("failure", judgements=_review(t, "A", ["failure"] * 5 + ["value"] * 5)),
              "EMPTY": make_label("failure", judgements={"x1": "failure"})}  # no tickets
    weeks = estimate_failure_share(t, None, labels, by="week", seed=0)
    assert list(weeks.columns) == ESTIMATE_COLUMNS
    assert weeks["group"].tolist() == ["2026-W06", "2026-W07", "2026-W08"]
    w = weeks.set_index("group")
    assert w.loc["2026-W06", "estimate"] == 0.5 and w.loc["2026-W06", "n_unknown"] == 0
    assert w.loc["2026-W07", "n"] == 0 and np.isnan(w.loc["2026-W07", "estimate"])
    # W08 holds only outliers: nothing labelled, bounds span everything
    assert np.isnan(w.loc["2026-W08", "estimate"])
    assert (w.loc["2026-W08", "bound_low"], w.loc["2026-W08", "bound_high"]) == (0.0, 1.0)
    channels = estimate_failure_share(t, None, labels, by="channel", seed=0).set_index("group")
    assert channels.loc["phone", "coverage"] == 0.0
    est = estimate_failure_share(t, None, labels, seed=0)
    assert est.themes_total == 1  # a labelled theme with no tickets is not a stratum


def test_by_process_shares_of_labelled_tickets():
    t = _tickets({"A": 100, "B": 100})
    labels = {"A": make_label("failure", "delivery", judgements=_review(t, "A", ["failure"] * 8 + ["value"] * 2)),
              "B": make_label("value", judgements=_review(t, "B", ["value"] * 10))}
    table = estimate_failure_share(t, None, labels, by="failing_process",
                                   taxonomy={"processes": [{"id": "delivery"}, {"id": "billing"}]}, seed=0)
    tab = table.set_index("group")
    assert tab.loc["delivery", "estimate"] == pytest.approx(80 / 200)
    assert tab.loc["billing", "estimate"] == 0
    assert tab.loc["unspecified", "estimate"] == 0  # value theme: no failures to attribute


def test_deterministic_for_a_seed():
    t = _tickets({"A": 300, "B": 100})
    labels = {"A": make_label("failure", judgements=_review(t, "A", ["failure"] * 7 + ["value"] * 3)),
              "B": make_label("failure")}
    a = estimate_failure_share(t, None, labels, seed=3)
    b = estimate_failure_share(t, None, labels, seed=3)
    assert (a.ci_low, a.ci_high) == (b.ci_low, b.ci_high)


def test_by_process_uses_the_processes_judged_in_the_review():
    t = _tickets({"A": 100, "B": 100})
    judged = ["failure"] * 6 + [("failure", "billing")] * 2 + ["value"] * 2
    labels = {"A": make_label("failure", "delivery", judgements=_review(t, "A", judged)),
              "B": make_label("value", judgements=_review(t, "B", ["value"] * 10))}
    tab = estimate_failure_share(t, None, labels, by="failing_process",
                                 taxonomy={"processes": [{"id": "returns"}]}, seed=0).set_index("group")
    # theme A: 80% failure, of which 6/8 delivery and 2/8 billing; 200 labelled tickets
    assert tab.loc["delivery", "estimate"] == pytest.approx(100 * 0.6 / 200)
    assert tab.loc["billing", "estimate"] == pytest.approx(100 * 0.2 / 200)
    assert tab.loc["billing", "ci_low"] < 0.1 < tab.loc["billing", "ci_high"]
    # a process no review mentions: estimate 0, but the unreviewed tickets may hold some
    assert tab.loc["returns", "estimate"] == 0 and tab.loc["returns", "ci_high"] > 0
