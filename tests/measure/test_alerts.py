"""Alerts on a constructed run: a spike in plain words with what is different about it, a
process spike, a new theme, a vanished theme, growth, and runs that have nothing to say."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from _alert_fixture import LABELS, alert_run
from demandlens.config import AlertsConfig
from demandlens.labels.schema import ThemeLabel
from demandlens.measure.alerts import ALERT_COLUMNS, find_alerts
from demandlens.measure.emerging import growth_tests
from demandlens.measure.spike_words import distinctive_words, example_tickets
from demandlens.run import Run

@pytest.fixture(scope="module")
def spiked():
    run = alert_run()
    return run, find_alerts(run, LABELS, AlertsConfig(daily=False))


def test_spike_alert_in_plain_words_with_name_week_and_ratio(spiked):
    _, alerts = spiked
    table = alerts.table
    assert list(table.columns) == ALERT_COLUMNS
    spikes = table[table["kind"] == "spike"]
    assert spikes[["theme_key", "theme_name", "period"]].values.tolist() == [
        ["th-late", "Parcel late", "2026-W30"]]
    row = spikes.iloc[0]
    assert row["failing_process"] == "delivery"
    assert row["expected"] == pytest.approx(14, rel=0.3)  # 2 a day
    assert row["observed"] >= row["expected"] * 2.5
    assert row["ratio"] == pytest.approx(row["observed"] / row["expected"])
    assert row["q_value"] <= 0.05
    assert row["message"].startswith(f"Parcel late: {row['observed']:.0f} tickets in week 30 (2026)")
    assert "expected" in row["message"] and "×" in row["message"]


def test_spike_says_what_is_different_with_three_examples(spiked):
    run, alerts = spiked
    row = alerts.table[alerts.table["kind"] == "spike"].iloc[0]
    words = row["top_words"].split(", ")
    assert {"lager", "warehouse", "outage", "stopp"} & set(words)
    assert "paket" not in words  # the theme's usual words are not what is different
    examples = alerts.examples[0]
    assert len(examples) == 3 and row["example_ids"] == ";".join(examples["ticket_id"])
    spike_ids = set(run.tickets.loc[run.tickets["created_at"].dt.isocalendar().week == 30,
                                    "ticket_id"])
    assert set(examples["ticket_id"]) <= spike_ids
    assert all(any(w in t.lower() for w in ("lagret", "lageret", "warehouse"))
               for t in examples["text"])
    assert "What is different:" in row["message"]


def test_process_spike_needs_labels(spiked):
    run, alerts = spiked
    proc = alerts.table[alerts.table["kind"] == "process_spike"]
    assert proc[["failing_process", "period"]].values.tolist() == [["delivery", "2026-W30"]]
    assert proc["theme_name"].iloc[0] == "Delivery (failing process)"
    assert "failure tickets" in proc["message"].iloc[0]
    unlabelled = find_alerts(run, None, AlertsConfig(daily=False))
    assert set(unlabelled.table["kind"]) == {"spike"}
    assert unlabelled.table["theme_name"].iloc[0] == "paket, försenat"


def test_summary_counts_the_alerts(spiked):
    assert spiked[1].summary() == "1 spike, 1 process spike"


def test_no_spike_no_alert():
    alerts = find_alerts(alert_run(spike_week=None), LABELS)
    assert alerts.table.empty and alerts.summary() == "no alerts"
    assert list(alerts.table.columns) == ALERT_COLUMNS


def test_spike_in_the_last_week_is_found():
    alerts = find_alerts(alert_run(spike_week=11, extra_per_day=5), LABELS, AlertsConfig(daily=False))
    spikes = alerts.table[alerts.table["kind"] == "spike"]
    assert spikes["period"].tolist() == ["2026-W34"]


def test_new_and_vanished_themes_after_matching():
    run = alert_run(spike_week=None)
    run.mapping = pd.DataFrame({
        "current_key": ["th-late", "th-invoice", "th-hours", None],
        "previous_keys": [["th-late"], ["th-invoice"], [], ["th-promo"]],
        "status": ["matched", "matched", "new", "vanished"],
        "size_previous": [180, 120, 0, 40], "size_current": [170, 126, 84, 0],
    })
    labels = {**LABELS, "th-promo": ThemeLabel(name="Promo code not working", demand_type="failure",
                                     failing_process="ordering")}
    labels.pop("th-hours")
    table = find_alerts(run, labels).table
    new = table[table["kind"] == "new_theme"]
    assert new[["theme_key", "theme_name"]].values.tolist() == [["th-hours", "öppettider"]]
    assert new["observed"].iloc[0] == (run.tickets["theme_key"] == "th-hours").sum()
    assert new["message"].iloc[0].startswith("New theme: öppettider")
    gone = table[table["kind"] == "vanished"]
    assert gone[["theme_key", "theme_name", "failing_process"]].values.tolist() == [
        ["th-promo", "Promo code not working", "ordering"]]
    assert "40 tickets in the previous run" in gone["message"].iloc[0]


def test_alerts_are_saved_with_the_run_folder_and_read_back(tmp_path, spiked):
    run, alerts = spiked
    run.alerts = alerts.table
    again = Run.open(run.save(tmp_path / "run")).alerts
    assert (tmp_path / "run" / "alerts.csv").exists()
    assert list(again.columns) == ALERT_COLUMNS
    assert again["message"].tolist() == alerts.table["message"].tolist()
    assert again["observed"].tolist() == alerts.table["observed"].tolist()


def test_first_run_reports_no_new_theme():
    assert not (find_alerts(alert_run(spike_week=None), LABELS).table["kind"] == "new_theme").any()


def test_growing_theme_and_shrinking_failure_theme():
    run = alert_run(spike_week=None)
    t = run.tickets
    late_recent = (t["theme_key"] == "th-late") & (t["created_at"] >= "2026-07-27")
    hours_recent = (t["theme_key"] == "th-hours") & (t["created_at"] >= "2026-07-27")
    # th-late halves in the last 4 weeks (a fix); th-hours doubles
    drop = t[late_recent].iloc[::2].index
    extra = t[hours_recent].assign(ticket_id=lambda d: d["ticket_id"] + "b")
    run.tickets = pd.concat([t.drop(index=drop), extra], ignore_index=True)
    table = find_alerts(run, LABELS).table
    grow = table[table["kind"] == "growing"]
    assert grow["theme_key"].tolist() == ["th-hours"]
    assert grow["ratio"].iloc[0] == pytest.approx(2.0, rel=0.3)
    assert grow["ci_low"].iloc[0] > 1 and grow["period"].iloc[0] == "2026-W31..2026-W34"
    shrink = table[table["kind"] == "shrinking"]
    assert "th-late" in set(shrink["theme_key"])
    assert (shrink["ci_high"] < 1).all()
    assert "That is how a fix shows." in shrink["message"].iloc[0]


def test_growth_is_not_tested_on_a_short_export():
    run = alert_run(spike_week=None)
    run.tickets = run.tickets[run.tickets["created_at"] < "2026-06-29"]  # 4 weeks
    alerts = find_alerts(run, LABELS)
    assert any("not tested" in n for n in alerts.notes)


def test_growth_tests_on_counts():
    weekly = np.array([[10] * 6 + [20] * 4, [30] * 10])
    g = growth_tests(weekly, np.full((2, 10), 300.0), recent_weeks=4)
    assert g["ratio"].round(2).tolist() == [2.0, 1.0]
    assert g["q"].iloc[0] < 0.05 and g["q"].iloc[1] > 0.5
    assert g["observed"].tolist() == [80, 120]


def test_distinctive_words_are_empty_when_nothing_differs():
    texts = ["Paketet är försenat", "Mitt paket har inte kommit"] * 20
    words = distinctive_words(texts, ["sv"] * 40, [i < 10 for i in range(40)])
    assert words == {"all": []}


def test_distinctive_words_leave_out_month_names():
    texts = ["Paketet skulle komma i juni"] * 8 + ["Paketet skulle komma i augusti"] * 30
    words = distinctive_words(texts, ["sv"] * 38, [True] * 8 + [False] * 30)
    assert "juni" not in words["all"]


def test_example_tickets_prefer_the_words_and_spread_languages():
    frame = pd.DataFrame({"ticket_id": list("abcde"), "language": ["sv", "sv", "en", "da", "sv"],
                          "text": ["lagret har stopp", "paket sent", "the warehouse is down",
                                   "lageret har stop", "lagret igen"]})
    ex = example_tickets(frame, ["lager", "warehouse"], n=3)
    assert set(ex["ticket_id"]) == {"a", "c", "d"}


def test_run_without_dates_says_alerts_need_them():
    run = alert_run(spike_week=None)
    run.tickets["created_at"] = pd.NaT
    alerts = find_alerts(run, LABELS)
    assert alerts.table.empty and any("need ticket dates" in n for n in alerts.notes)
