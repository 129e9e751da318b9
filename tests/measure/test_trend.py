"""Change test (Newcombe), this run against the previous one, theme changes as rates."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from _labels_fixture import make_label
from demandlens.config import PipelineConfig
from demandlens.measure import change_test, compare_runs, compare_shares, theme_changes

LABELS = {"A": make_label("failure", "delivery", name="Late parcel"),
          "B": make_label("value", name="Opening hours")}


def _run(tickets, themes=None, mapping=None):
    return SimpleNamespace(tickets=tickets, themes=themes, mapping=mapping,
                           config=PipelineConfig())


def _period_tickets(k1, n1, k2, n2):
    rows = []
    for period, k, n in (("2026-03-02", k1, n1), ("2026-04-06", k2, n2)):
        for i in range(n):
            rows.append({"ticket_id": f"{period}-{i}", "created_at": pd.Timestamp(period),
                         "theme_key": "A" if i < k else "B", "channel": "email"})
    return pd.DataFrame(rows)


def test_change_test_matches_newcombe_published_example():
    # Newcombe (1998), example (e): 56/70 vs 48/80 -> difference 0.2, CI 0.0524 to 0.3339
    res = change_test(_run(_period_tickets(56, 70, 48, 80)), LABELS,
                      before=("2026-03-01", "2026-03-31"), after=("2026-04-01", "2026-04-30"))
    assert (res.n_before, res.failure_before, res.n_after, res.failure_after) == (70, 56, 80, 48)
    assert res.difference == pytest.approx(-0.2)
    assert (res.ci_low, res.ci_high) == pytest.approx((-0.3339, -0.0524), abs=1e-4)
    # pooled z-test by hand: p=104/150, se=sqrt(p(1-p)(1/70+1/80)) -> z=-2.650, p=0.0080
    assert res.p_value == pytest.approx(0.0080, abs=2e-4)
    assert "fix likely worked" in res.verdict and "of labelled tickets" in res.verdict


def test_change_test_no_change_and_empty_period():
    run = _run(_period_tickets(5, 10, 5, 10))
    res = change_test(run, LABELS, ("2026-03-01", "2026-03-31"), ("2026-04-01", "2026-04-30"),
                      process="delivery")
    assert res.difference == 0 and res.ci_low < 0 < res.ci_high
    assert "cannot tell" in res.verdict
    none = change_test(run, LABELS, ("2026-03-01", "2026-03-31"), ("2026-05-01", "2026-05-31"))
    assert none.n_after == 0 and math.isnan(none.difference) and "No labelled" in none.verdict


def _month(start, days, n_a, n_b, prefix):
    dates = pd.date_range(start, periods=days, freq="D")
    keys = ["A"] * n_a + ["B"] * n_b
    return pd.DataFrame({"ticket_id": [f"{prefix}{i}" for i in range(len(keys))],
                         "theme_key": keys, "channel": "email",
                         "created_at": [dates[i % days] for i in range(len(keys))]})


def test_compare_runs_uses_rates_per_week_for_periods_of_different_length():
    previous = _run(_month("2026-01-05", 42, 60, 60, "p"))  # 6 weeks: 10 failures a week
    current = _run(_month("2026-02-16", 84, 120, 120, "c"))  # 12 weeks: 10 a week
    table = compare_runs(previous, current, LABELS).set_index("group")
    row = table.loc["delivery"]
    assert (row.failure_previous, row.failure_current) == (60, 120)  # raw counts doubled ...
    assert row.per_week_previous == pytest.approx(10) and row.per_week_current == pytest.approx(10)
    assert row.rate_change == pytest.approx(0)  # ... the rate did not change
    assert row.share_previous == row.share_current == 0.5 and "cannot tell" in row.verdict
    assert table.loc["all", "name"] == "All tickets"


def test_theme_changes_compare_rates_not_raw_counts():
    previous = _run(_month("2026-01-05", 42, 60, 60, "p"),
                    themes=pd.DataFrame({"theme_key": ["A", "B", "V"],
                                         "top_keywords": ["parcel", "hours", "gone"]}))
    mapping = pd.DataFrame({
        "current_key": ["A", "B", "N", None], "previous_keys": [["A"], ["B"], [], ["V"]],
        "status": ["matched", "matched", "new", "vanished"],
        "size_previous": [60, 60, 0, 12], "size_current": [120, 60, 24, 0],
    })
    current = _run(_month("2026-02-16", 84, 120, 60, "c"), mapping=mapping,
                   themes=pd.DataFrame({"theme_key": ["A", "B", "N"],
                                        "top_keywords": ["parcel", "hours", "login, code"]}))
    table, text = theme_changes(previous, current, LABELS)
    t = table.set_index("name")
    assert t.loc["Late parcel", "rate_change"] == pytest.approx(0)  # 10 a week before and after
    assert t.loc["Opening hours", "rate_change"] == pytest.approx(-0.5)  # 10 -> 5 a week
    assert table["status"].tolist() == ["new", "matched", "matched", "vanished"]
    assert t.loc["gone", "status"] == "vanished"
    assert text.startswith("1 new theme (largest: login, code, 2.0 tickets per week)")
    assert "0 grew by >25% per week, 1 shrank by >25%" in text


def test_compare_shares_accepts_estimated_counts():
    res = compare_shares(40.5, 100, 20.25, 100)
    assert res.difference == pytest.approx(-0.2025) and res.ci_high < 0
