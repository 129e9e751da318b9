"""Failure-demand shares, Wilson intervals, change test and costs on hand-computed cases."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from _labels_fixture import make_label
from demandlens.measure import (
    SHARE_COLUMNS,
    avoidable_cost,
    change_test,
    demand_table,
    failure_share,
    wilson_interval,
)

TAXONOMY = {"processes": [{"id": "delivery"}, {"id": "billing"}],
            "failure_types": [{"id": "done_late"}, {"id": "not_done"}]}


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


def test_wilson_known_values():
    assert wilson_interval(5, 10) == pytest.approx((0.2366, 0.7634), abs=1e-4)
    # k=0: centre = half = (z^2/2n)/(1+z^2/n) with z=1.95996 -> upper 0.2775
    assert wilson_interval(0, 10) == pytest.approx((0.0, 0.2775), abs=1e-4)
    assert all(math.isnan(x) for x in wilson_interval(0, 0))
    with pytest.raises(ValueError):
        wilson_interval(3, 2)


def test_demand_table_marks_outliers_and_unlabelled_unknown():
    table = demand_table(_tickets(), None, LABELS)
    assert table["demand_type"].tolist() == ["failure"] * 4 + ["value"] * 3 + ["unknown"] * 3
    assert table.loc[0, "theme_name"] == "Late parcel"
    assert table["week"].iloc[0] == "2026-W02"


def test_overall_share_keeps_unknown_in_denominator():
    row = failure_share(_tickets(), None, LABELS).iloc[0]
    assert list(failure_share(_tickets(), None, LABELS).columns) == SHARE_COLUMNS
    assert (row.n, row.failure, row.value, row.unclear, row.unknown) == (10, 4, 3, 0, 3)
    assert row.failure_share == pytest.approx(0.4)
    assert (row.ci_low, row.ci_high) == pytest.approx(wilson_interval(4, 10))
    assert row.share_unknown == pytest.approx(0.3)
    assert row.coverage == pytest.approx(0.7)


def test_by_channel_shows_unknown_per_group():
    table = failure_share(_tickets(), None, LABELS, by="channel").set_index("group")
    # email: t0,t2 (A), t4,t6 (B), t8 (C) ; phone: t1,t3 (A), t5 (B), t7 (C), t9 (outlier)
    assert table.loc["email", ["n", "failure", "unknown"]].tolist() == [5, 2, 1]
    assert table.loc["phone", ["n", "failure", "unknown"]].tolist() == [5, 2, 2]
    assert table.loc["phone", "failure_share"] == pytest.approx(0.4)


def test_by_week_fills_empty_weeks():
    table = failure_share(_tickets(), None, LABELS, by="week")
    assert table["group"].tolist() == ["2026-W02", "2026-W03", "2026-W04"]
    empty = table.set_index("group").loc["2026-W03"]
    assert empty.n == 0 and math.isnan(empty.failure_share) and math.isnan(empty.ci_low)
    first = table.set_index("group").loc["2026-W02"]
    assert (first.n, first.failure, first.unknown) == (5, 4, 0)


def test_by_process_lists_zero_ticket_processes_and_unknown():
    table = failure_share(_tickets(), None, LABELS, by="failing_process", taxonomy=TAXONOMY)
    assert table["group"].tolist() == ["delivery", "billing", "none", "unknown"]
    t = table.set_index("group")
    assert t.loc["billing", "n"] == 0 and t.loc["billing", "failure"] == 0
    assert t.loc["delivery", "failure_share"] == pytest.approx(0.4)  # of all 10 tickets
    assert t.loc["unknown", "n"] == 3 and t.loc["none", "n"] == 3
    assert (t["denominator"] == 10).all()
    ft = failure_share(_tickets(), None, LABELS, by="failure_type", taxonomy=TAXONOMY)
    assert ft.set_index("group").loc["not_done", "n"] == 0


def test_empty_input_gives_no_interval():
    empty = _tickets().iloc[0:0]
    row = failure_share(empty, None, LABELS).iloc[0]
    assert row.n == 0 and math.isnan(row.failure_share)
    assert failure_share(empty, None, LABELS, by="week").empty


def _period_tickets(k1, n1, k2, n2):
    rows = []
    for period, k, n in (("2026-03-02", k1, n1), ("2026-04-06", k2, n2)):
        for i in range(n):
            rows.append({"ticket_id": f"{period}-{i}", "created_at": pd.Timestamp(period),
                         "theme_key": "A" if i < k else "B", "channel": "email"})
    return pd.DataFrame(rows)


def test_change_test_matches_newcombe_published_example():
    # Newcombe (1998), example (e): 56/70 vs 48/80 -> difference 0.2, CI 0.0524 to 0.3339
    tickets = _period_tickets(56, 70, 48, 80)
    res = change_test(tickets, None, LABELS, before=("2026-03-01", "2026-03-31"),
                      after=("2026-04-01", "2026-04-30"))
    assert (res.n_before, res.failure_before, res.n_after, res.failure_after) == (70, 56, 80, 48)
    assert res.difference == pytest.approx(-0.2)
    assert (res.ci_low, res.ci_high) == pytest.approx((-0.3339, -0.0524), abs=1e-4)
    # pooled z-test by hand: p=104/150, se=sqrt(p(1-p)(1/70+1/80)) -> z=-2.650, p=0.0080
    assert res.p_value == pytest.approx(0.0080, abs=2e-4)
    assert "fix likely worked" in res.verdict


def test_change_test_no_change_and_empty_period():
    tickets = _period_tickets(5, 10, 5, 10)
    res = change_test(tickets, None, LABELS, ("2026-03-01", "2026-03-31"),
                      ("2026-04-01", "2026-04-30"), process="delivery")
    assert res.difference == 0 and res.ci_low < 0 < res.ci_high
    assert "cannot tell" in res.verdict
    none = change_test(tickets, None, LABELS, ("2026-03-01", "2026-03-31"),
                       ("2026-05-01", "2026-05-31"))
    assert none.n_after == 0 and math.isnan(none.difference) and "No tickets" in none.verdict


def test_avoidable_cost_by_week_and_process():
    cost = avoidable_cost(_tickets(), None, LABELS, {"email": 5.0, "*": 2.0}, by="week")
    # W02: failures t0,t2 (email) t1,t3 (phone) -> 2*5 + 2*2 = 14 ; W03 empty ; W04 none
    assert cost["group"].tolist() == ["2026-W02", "2026-W03", "2026-W04"]
    assert cost["cost"].tolist() == [14.0, 0.0, 0.0]
    by_proc = avoidable_cost(_tickets(), None, LABELS, {"email": 5.0}, by="failing_process")
    row = by_proc.set_index("group").loc["delivery"]
    assert (row.failure, row.priced, row.unpriced, row.cost) == (4, 2, 2, 10.0)


def test_plain_labels_file_dict_gives_the_same_numbers():
    as_file = {"version": 1, "themes": {
        "A": {"name": "Late parcel", "demand_type": "failure", "failing_process": "delivery"},
        "B": {"demand_type": "value"}}}
    plain = failure_share(_tickets(), None, as_file, by="channel")
    typed = failure_share(_tickets(), None, LABELS, by="channel")
    pd.testing.assert_frame_equal(plain, typed)
