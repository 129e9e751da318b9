"""Spike tests on seeded synthetic daily counts: planted spikes are found at the right week
with the right size; flat series, weekday patterns and export-wide volume changes are not."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from demandlens.config import AlertsConfig
from demandlens.measure.spikes import daily_counts, spike_tests

START = "2026-06-01"  # a Monday: ISO week 2026-W23
DAYS = pd.date_range(START, periods=84, freq="D")  # 12 ISO weeks, W23..W34
WEEKDAY = np.array([1.25, 1.15, 1.05, 1.0, 0.9, 0.45, 0.5])  # the sample's weekday pattern


def _counts(rates, seed, days=DAYS, weekday=WEEKDAY, volume=None) -> pd.DataFrame:
    """Poisson tickets per day for themes with the given mean tickets per day."""
    rng = np.random.default_rng(seed)
    shape = weekday[days.day_of_week] / weekday.mean()
    if volume is not None:
        shape = shape * volume
    data = {f"th-{i}": rng.poisson(r * shape) for i, r in enumerate(rates)}
    return pd.DataFrame(data, index=days).astype(float)


def _alerts(counts, **config):
    tests = spike_tests(counts, counts.sum(axis=1), AlertsConfig(**config))
    return tests, tests.weekly[tests.weekly["alert"]], tests.daily[tests.daily["alert"]]


RATES = [0.8, 1.2, 2.0, 3.0, 1.5, 0.6, 4.0, 2.5, 1.0, 2.2]  # about 4 to 28 tickets a week


@pytest.mark.parametrize("factor, week_index, theme", [(3.0, 5, 3), (5.0, 11, 1), (3.0, 11, 6)])
def test_planted_spike_is_found_in_its_week_with_its_size(factor, week_index, theme):
    counts = _counts(RATES, seed=week_index * 10 + theme)
    key = f"th-{theme}"
    days = DAYS[week_index * 7:(week_index + 1) * 7]
    baseline = counts.loc[days, key].sum()
    rng = np.random.default_rng(1)
    extra = rng.poisson(RATES[theme] * (factor - 1) * WEEKDAY[days.day_of_week] / WEEKDAY.mean())
    counts.loc[days, key] += extra
    tests, weekly, _ = _alerts(counts)
    label = f"2026-W{23 + week_index:02d}"
    hit = weekly[(weekly["unit"] == key) & (weekly["period"] == label)]
    assert len(hit) == 1
    row = hit.iloc[0]
    # the expectation is the theme's usual week, not the inflated one
    expected_week = RATES[theme] * 7
    assert row["expected"] == pytest.approx(expected_week, rel=0.35)
    assert row["ratio"] == pytest.approx(row["observed"] / row["expected"])
    assert row["ratio"] > factor * 0.6
    assert row["observed"] == baseline + extra.sum()
    assert row["q"] <= 0.05
    # no other theme alerts
    assert set(weekly["unit"]) == {key}


def test_flat_series_raise_no_alert():
    _, weekly, daily = _alerts(_counts(RATES, seed=100))
    assert weekly.empty and daily.empty


def test_flat_series_keep_the_false_alarm_rate_near_the_fdr():
    """Under no spike at all, Benjamini-Hochberg bounds the chance that an export raises any
    weekly alert by the FDR (5%), and likewise for daily alerts."""
    with_alert = 0
    for seed in range(40):
        _, weekly, daily = _alerts(_counts(RATES, seed=200 + seed))
        with_alert += int(len(weekly) > 0) + int(len(daily) > 0)
    assert with_alert <= 0.1 * 2 * 40


def test_weekday_pattern_of_a_theme_is_not_a_spike():
    """A theme that only comes on Mondays (a weekly report) alerts on no Monday."""
    counts = _counts(RATES, seed=3)
    counts["th-monday"] = np.where(DAYS.day_of_week == 0, 12.0, 0.0)
    counts["th-monday"] += np.random.default_rng(4).poisson(0.2, len(DAYS))
    _, weekly, daily = _alerts(counts)
    assert "th-monday" not in set(weekly["unit"]) | set(daily["unit"])


def test_export_wide_volume_rise_is_not_a_spike():
    """Week 28 has twice the tickets of every theme (a campaign): no theme stands out."""
    volume = np.where((DAYS >= "2026-07-06") & (DAYS <= "2026-07-12"), 2.0, 1.0)
    counts = _counts(RATES, seed=5, volume=volume)
    _, weekly, daily = _alerts(counts)
    assert weekly.empty and daily.empty


def test_one_day_outage_is_a_daily_alert():
    counts = _counts(RATES, seed=6)
    counts.loc["2026-07-08", "th-2"] += 25  # a Wednesday, usually about 2
    tests, weekly, daily = _alerts(counts)
    assert ("th-2", "2026-07-08") in set(zip(daily["unit"], daily["period"]))
    assert tests.daily.loc[tests.daily["period"] == "2026-07-08", "unit"].nunique() == len(RATES)


def test_spike_in_a_partial_last_week_is_found():
    """The export ends on a Wednesday; the spike is in those three days."""
    days = pd.date_range(START, "2026-08-19", freq="D")  # W34 holds Mon-Wed only
    counts = _counts(RATES, seed=7, days=days)
    counts.loc["2026-08-17":"2026-08-19", "th-6"] += 40
    _, weekly, _ = _alerts(counts)
    row = weekly[weekly["unit"] == "th-6"]
    assert row["period"].tolist() == ["2026-W34"]
    assert row["expected"].iloc[0] == pytest.approx(4.0 * 3 * 1.14, rel=0.35)  # Mon-Wed


def test_process_group_and_history_only_period():
    counts = _counts(RATES, seed=8)
    counts.loc["2026-06-08":"2026-06-14", ["th-0", "th-1"]] += 12  # W24: both themes of a group
    tests = spike_tests(counts, counts.sum(axis=1), AlertsConfig(),
                        groups={"delivery": ["th-0", "th-1"]})
    weekly = tests.weekly
    assert ("delivery", "2026-W24") in set(zip(weekly.loc[weekly.alert, "unit"],
                                               weekly.loc[weekly.alert, "period"]))
    later = spike_tests(counts, counts.sum(axis=1), AlertsConfig(), test_from="2026-06-22")
    assert later.weekly["period"].min() == "2026-W26"  # W24 is baseline only
    assert not later.weekly["alert"].any()


def test_min_count_and_min_ratio_gate_alerts():
    counts = _counts([0.1] * 5 + RATES, seed=9)
    counts.loc["2026-07-06", "th-0"] += 3  # 3 extra tickets on a theme that has 0.7 a week
    _, weekly, daily = _alerts(counts, min_count=5)
    assert "th-0" not in set(weekly["unit"]) | set(daily["unit"])


def test_daily_counts_keep_every_day_and_count_unthemed_tickets_in_the_total():
    created = pd.to_datetime(["2026-06-01 10:00", "2026-06-01 11:00", "2026-06-03 09:00"])
    counts, total = daily_counts(pd.Series(created), pd.Series(["th-a", None, "th-a"]))
    assert list(counts.index.strftime("%d")) == ["01", "02", "03"]
    assert counts["th-a"].tolist() == [1, 0, 1]
    assert total.tolist() == [2, 0, 1]


def test_too_few_baseline_weeks_are_not_tested():
    """Three ISO weeks: each week has only two others to learn from (fewer than 3)."""
    days = pd.date_range(START, periods=21, freq="D")
    counts = _counts(RATES, seed=10, days=days)
    counts.loc["2026-06-15":"2026-06-21", "th-6"] += 60
    tests = spike_tests(counts, counts.sum(axis=1), AlertsConfig())
    assert tests.weekly.empty and tests.daily.empty
    longer = _counts(RATES, seed=10, days=pd.date_range(START, periods=28, freq="D"))
    four = spike_tests(longer, longer.sum(axis=1), AlertsConfig())
    assert four.weekly["period"].nunique() == 4
