"""The stratified estimator behind failure_share: strata combined, computed by hand."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from _labels_fixture import make_label
from demandlens.config import PipelineConfig
from demandlens.measure import SHARE_COLUMNS, failure_share


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


def _share(tickets, themes, labels, by=None, seed=None, taxonomy=None):
    config = PipelineConfig() if seed is None else PipelineConfig(seed=seed)
    run = SimpleNamespace(tickets=tickets, themes=themes, config=config)
    return failure_share(run, labels, by=by, taxonomy=taxonomy)


def test_fully_reviewed_strata_have_no_sampling_uncertainty():
    t = _tickets({"A": 4, "B": 4})
    labels = {"A": make_label("failure", judgements=_review(t, "A", ["failure"] * 3 + ["value"])),
              "B": make_label("value", judgements=_review(t, "B", ["value"] * 4))}
    est = _share(t, None, labels)
    assert (est.failure_share, est.ci_low, est.ci_high) == (0.375, 0.375, 0.375)


def test_combination_of_strata_and_unknown_bounds():
    # A: 100 tickets, 10/10 reviewed failure; B: 300, 0/10; C: 100 unlabelled -> unknown
    t = _tickets({"A": 100, "B": 300, "C": 100})
    labels = {"A": make_label("failure", judgements=_review(t, "A", ["failure"] * 10)),
              "B": make_label("value", judgements=_review(t, "B", ["value"] * 10))}
    est = _share(t, None, labels)
    assert est.failure_share == pytest.approx(100 / 400)
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
    w1 = _share(t, None, reviewed)
    w2 = _share(t, None, unreviewed)
    assert w2.ci_high - w2.ci_low > w1.ci_high - w1.ci_low
    assert w2.themes_label_only == 1
    assert w2.per_theme.set_index("theme_key").loc["A", "source"] == "label"


def test_by_week_and_channel_with_empty_strata():
    dates = ["2026-02-02"] * 10 + ["2026-02-16"] * 10  # W06 and W08, W07 empty
    t = _tickets({"A": 10, "noise": 10}, dates=dates)
    t["channel"] = ["email"] * 10 + ["phone"] * 10
    labels = {"A": make_label("failure", judgements=_review(t, "A", ["failure"] * 5 + ["value"] * 5)),
              "EMPTY": make_label("failure", judgements={"x1": "failure"})}  # no tickets
    weeks = _share(t, None, labels, by="week")
    assert list(weeks.columns) == SHARE_COLUMNS
    assert weeks["group"].tolist() == ["2026-W06", "2026-W07", "2026-W08"]
    w = weeks.set_index("group")
    assert w.loc["2026-W06", "failure_share"] == 0.5 and w.loc["2026-W06", "n_unknown"] == 0
    assert w.loc["2026-W07", "n"] == 0 and np.isnan(w.loc["2026-W07", "failure_share"])
    # W08 holds only outliers: nothing labelled, bounds span everything
    assert np.isnan(w.loc["2026-W08", "failure_share"])
    assert (w.loc["2026-W08", "bound_low"], w.loc["2026-W08", "bound_high"]) == (0.0, 1.0)
    channels = _share(t, None, labels, by="channel").set_index("group")
    assert channels.loc["phone", "coverage"] == 0.0
    est = _share(t, None, labels)
    assert est.themes_total == 1  # a labelled theme with no tickets is not a stratum


def test_by_process_shares_of_labelled_tickets():
    t = _tickets({"A": 100, "B": 100})
    labels = {"A": make_label("failure", "delivery", judgements=_review(t, "A", ["failure"] * 8 + ["value"] * 2)),
              "B": make_label("value", judgements=_review(t, "B", ["value"] * 10))}
    table = _share(t, None, labels, by="failing_process",
                                   taxonomy={"processes": [{"id": "delivery"}, {"id": "billing"}]})
    tab = table.set_index("group")
    assert tab.loc["delivery", "failure_share"] == pytest.approx(80 / 200)
    assert tab.loc["billing", "failure_share"] == 0
    assert tab.loc["unspecified", "failure_share"] == 0  # value theme: no failures to attribute


def test_deterministic_for_a_seed():
    t = _tickets({"A": 300, "B": 100})
    labels = {"A": make_label("failure", judgements=_review(t, "A", ["failure"] * 7 + ["value"] * 3)),
              "B": make_label("failure")}
    a = _share(t, None, labels, seed=3)
    b = _share(t, None, labels, seed=3)
    assert (a.ci_low, a.ci_high) == (b.ci_low, b.ci_high)


def test_by_process_uses_the_processes_judged_in_the_review():
    t = _tickets({"A": 100, "B": 100})
    judged = ["failure"] * 6 + [("failure", "billing")] * 2 + ["value"] * 2
    labels = {"A": make_label("failure", "delivery", judgements=_review(t, "A", judged)),
              "B": make_label("value", judgements=_review(t, "B", ["value"] * 10))}
    tab = _share(t, None, labels, by="failing_process",
                                 taxonomy={"processes": [{"id": "returns"}]}).set_index("group")
    # theme A: 80% failure, of which 6/8 delivery and 2/8 billing; 200 labelled tickets
    assert tab.loc["delivery", "failure_share"] == pytest.approx(100 * 0.6 / 200)
    assert tab.loc["billing", "failure_share"] == pytest.approx(100 * 0.2 / 200)
    assert tab.loc["billing", "ci_low"] < 0.1 < tab.loc["billing", "ci_high"]
    # a process no review mentions: estimate 0, but the unreviewed tickets may hold some
    assert tab.loc["returns", "failure_share"] == 0 and tab.loc["returns", "ci_high"] > 0


def test_label_only_interval_holds_the_label_and_runs_towards_a_mixed_theme():
    t = _tickets({"A": 50, "B": 50})
    est = _share(t, None, {"A": make_label("failure"), "B": make_label("failure")})
    assert (est.failure_share, est.ci_high) == (1.0, 1.0) and est.ci_low < 0.95
    est = _share(t, None, {"A": make_label("value"), "B": make_label("value")})
    assert (est.failure_share, est.ci_low) == (0.0, 0.0) and est.ci_high > 0.05
