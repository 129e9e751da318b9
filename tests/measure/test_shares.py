"""failure_share: one definition (of labelled tickets), label counts as its no-review case,
unknown tickets in no share but always counted, breakdowns that add up, costs and rates."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from _labels_fixture import make_label
from demandlens.config import PipelineConfig, QuantifyConfig
from demandlens.measure import (
    SHARE_COLUMNS,
    Measure,
    avoidable_cost,
    demand_table,
    failure_by_theme,
    failure_share,
    period_weeks,
    weekly_failure,
)

TAXONOMY = {"processes": [{"id": "delivery", "name": "Delivery"},
                          {"id": "billing", "name": "Billing and payment"}],
            "failure_types": [{"id": "done_late", "name": "Done late"},
                              {"id": "not_done", "name": "Not done"}]}


def _run(tickets, config=None):
    return SimpleNamespace(tickets=tickets, themes=None, config=config or PipelineConfig())


def _tickets():
    """10 tickets: A failure/delivery (4), B value (3), C unlabelled (2), one outlier."""
    keys = ["A"] * 4 + ["B"] * 3 + ["C"] * 2 + [None]
    dates = ["2026-01-05"] * 5 + ["2026-01-19"] * 5  # ISO weeks 2026-W02 and 2026-W04
    return pd.DataFrame({
        "ticket_id": [f"t{i}" for i in range(10)],
        "created_at": pd.to_datetime(dates),
        "channel": ["email", "phone"] * 5,
        "language": ["sv", "sv", "da", "da", "en", "en", "nb", "nb", "sv", "sv"],
        "theme_key": keys,
        "is_outlier": [k is None for k in keys],
    })


LABELS = {"A": make_label("failure", "delivery", "done_late", name="Late parcel"),
          "B": make_label("value", name="Opening hours"),
          "C": make_label(None, name="not yet labelled")}


def test_demand_table_marks_outliers_and_unlabelled_unknown():
    table = demand_table(_tickets(), None, LABELS)
    assert table["demand_type"].tolist() == ["failure"] * 4 + ["value"] * 3 + ["unknown"] * 3
    assert table.loc[0, "theme_name"] == "Late parcel"
    assert table["week"].iloc[0] == "2026-W02"


def test_without_reviews_the_share_is_the_label_counts_of_labelled_tickets():
    est = failure_share(_run(_tickets()), LABELS)
    assert (est.n_tickets, est.n_known, est.n_unknown) == (10, 7, 3)
    assert est.failure == 4 and est.failure_share == pytest.approx(4 / 7)
    assert est.coverage == pytest.approx(0.7)
    # label only: the interval holds the label counts and widens for possibly mixed themes
    assert est.ci_low < 4 / 7 < est.ci_high
    assert (est.themes_labelled, est.themes_label_only, est.themes_reviewed) == (2, 2, 0)
    # of all tickets: unknown as all value ... all failure
    assert est.bound_low <= 4 / 10 and est.bound_high >= 7 / 10
    assert "of labelled tickets" in est.summary() and "of all tickets" in est.summary()
    assert list(est.to_frame().columns) == SHARE_COLUMNS


def test_value_label_counts_as_no_failure_until_a_review_says_otherwise():
    tickets = _tickets()
    only_value = {"B": make_label("value")}
    est = failure_share(_run(tickets), only_value)
    assert est.failure == 0 and est.failure_share == 0
    assert est.ci_high > 0  # an unreviewed value theme may hold some failures
    by_proc = failure_share(_run(tickets), only_value, by="failing_process", taxonomy=TAXONOMY)
    assert (by_proc["failure"] == 0).all()  # no process shows failure demand nobody labelled
    t = tickets[tickets["theme_key"] == "B"]["ticket_id"].tolist()
    reviewed = {"B": make_label("value", judgements={t[0]: "failure", t[1]: "value",
                                                     t[2]: "value"})}
    assert failure_share(_run(tickets), reviewed).failure == pytest.approx(1.0)  # all 3 judged


def test_by_process_is_of_labelled_tickets_and_adds_up_to_the_headline():
    run = _run(_tickets())
    table = failure_share(run, LABELS, by="failing_process", taxonomy=TAXONOMY)
    # the taxonomy's processes first; a value theme's possible failures have no process named
    assert table["group"].tolist() == ["delivery", "billing", "unspecified"]
    assert table["name"].tolist() == ["Delivery", "Billing and payment", "No process named"]
    t = table.set_index("group")
    assert t.loc["delivery", "failure_share"] == pytest.approx(4 / 7)
    assert (t["n_known"] == 7).all() and (t["n"] == 10).all()
    assert t.loc["billing", "failure"] == 0 and t.loc["unspecified", "failure"] == 0
    assert t.loc["unspecified", "ci_high"] > 0
    assert table["failure"].sum() == pytest.approx(failure_share(run, LABELS).failure)
    ft = failure_share(run, LABELS, by="failure_type", taxonomy=TAXONOMY).set_index("group")
    assert ft.loc["done_late", "failure"] == 4 and ft.loc["not_done", "failure"] == 0


def test_by_channel_and_week_with_unknown_and_empty_weeks():
    run = _run(_tickets())
    ch = failure_share(run, LABELS, by="channel").set_index("group")
    # email: t0,t2 (A), t4,t6 (B), t8 (C); phone: t1,t3 (A), t5 (B), t7 (C), t9 (outlier)
    assert ch.loc["email", ["n", "n_known", "failure"]].tolist() == [5, 4, 2]
    assert ch.loc["phone", ["n", "n_known", "n_unknown"]].tolist() == [5, 3, 2]
    assert ch.loc["phone", "failure_share"] == pytest.approx(2 / 3)
    weeks = failure_share(run, LABELS, by="week")
    assert weeks["group"].tolist() == ["2026-W02", "2026-W03", "2026-W04"]
    empty = weeks.set_index("group").loc["2026-W03"]
    assert empty.n == 0 and math.isnan(empty.failure_share)
    w02 = weeks.set_index("group").loc["2026-W02"]
    assert (w02.n, w02.failure, w02.per_week) == (5, 4, 4)  # a whole week in the period


def test_rates_per_week_follow_the_period_length():
    assert period_weeks(pd.Series(pd.to_datetime(["2026-01-05", "2026-01-18"]))) == 2.0
    est = failure_share(_run(_tickets()), LABELS)
    assert est.weeks == pytest.approx(15 / 7)
    assert est.per_week == pytest.approx(4 / (15 / 7))


def test_weekly_failure_scales_partial_weeks_to_seven_days():
    t = _tickets()
    # A's tickets on Monday 5 January (W02) and Wednesday 14 January (W03): the period ends
    # on a Wednesday, so W03 has 3 of its 7 days in it
    t["created_at"] = pd.to_datetime(["2026-01-05", "2026-01-05", "2026-01-14", "2026-01-14"]
                                     + ["2026-01-07"] * 6)
    weekly = weekly_failure(_run(t), LABELS, taxonomy=TAXONOMY)
    w = weekly[weekly["group"] == "delivery"].set_index("week")
    assert w["days"].tolist() == [7, 3]
    assert w.loc["2026-W02", "per_week"] == 2
    assert w.loc["2026-W03", "per_week"] == pytest.approx(2 * 7 / 3)
    assert weekly[weekly["group"] == "billing"]["failure"].sum() == 0


def test_avoidable_cost_is_the_failure_tickets_times_their_price():
    config = PipelineConfig(quantify=QuantifyConfig(cost_per_contact={"email": 5.0}))
    run = _run(_tickets(), config)
    est = failure_share(run, LABELS)
    assert est.cost == pytest.approx(2 * 5.0)  # t0, t2 by email; t1, t3 by phone: unpriced
    assert est.unpriced == pytest.approx(2)
    cost = avoidable_cost(run, LABELS, by="failing_process", taxonomy=TAXONOMY).set_index("group")
    assert cost.loc["delivery", "cost"] == pytest.approx(10.0)
    with pytest.raises(ValueError, match="cost_per_contact"):
        avoidable_cost(_run(_tickets()), LABELS)


def test_failure_by_theme_adds_up_to_each_process():
    run = _run(_tickets())
    rows = failure_by_theme(run, LABELS, taxonomy=TAXONOMY)
    assert rows[["group", "theme_key", "failure"]].values.tolist() == [["delivery", "A", 4.0]]
    assert "label only" in rows.loc[0, "sentence"]


def test_the_same_figure_whatever_order_it_is_asked_in():
    run = _run(_tickets())
    t = _tickets()
    ids = t.loc[t["theme_key"] == "A", "ticket_id"].tolist()
    labels = {**LABELS, "A": make_label("failure", "delivery", judgements={ids[0]: "failure",
                                                                           ids[1]: "value"})}
    fresh = failure_share(run, labels, by="failing_process", taxonomy=TAXONOMY)
    m = Measure(run, labels, taxonomy=TAXONOMY)
    m.failure_share("week")
    m.weekly()
    pd.testing.assert_frame_equal(m.failure_share("failing_process"), fresh)
    again = failure_share(run, labels, by="failing_process", taxonomy=TAXONOMY)
    pd.testing.assert_frame_equal(again, fresh)


def test_labels_must_be_parsed_theme_labels():
    as_file = {"A": {"demand_type": "failure", "failing_process": "delivery"}}
    with pytest.raises(TypeError, match=r"labels\['A'\] is a dict, not a ThemeLabel.*load_labels"):
        failure_share(_run(_tickets()), as_file)


def test_empty_input_gives_no_estimate():
    empty = _tickets().iloc[0:0]
    est = failure_share(_run(empty), LABELS)
    assert est.n_tickets == 0 and math.isnan(est.failure_share)
    assert "No labelled tickets" in est.summary()
    assert failure_share(_run(empty), LABELS, by="week").empty
