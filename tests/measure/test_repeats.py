"""Repeat contacts on hand-built customer chains, and an export without customer ids."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from demandlens.labels.schema import ThemeLabel
from demandlens.config import RepeatsConfig
from demandlens.measure.repeats import NEEDS_COLUMN, repeat_contacts

LABELS = {
    "th-late": ThemeLabel(name="Parcel late", demand_type="failure", failing_process="delivery"),
    "th-damaged": ThemeLabel(name="Damaged", demand_type="failure", failing_process="delivery"),
    "th-refund": ThemeLabel(name="Refund not received", demand_type="failure",
                  failing_process="returns"),
    "th-hours": ThemeLabel(name="Opening hours", demand_type="value"),
}


def _tickets():
    rows = [
        # customer A: late, chases 3 days later, asks about a refund 16 days after that
        ("a1", "cu-a", "2026-06-01 09:00", "th-late"),
        ("a2", "cu-a", "2026-06-04 09:00", "th-late"),
        ("a3", "cu-a", "2026-06-20 09:00", "th-refund"),
        # customer B: damaged goods, then the refund does not come (both failure demand)
        ("b1", "cu-b", "2026-06-02 10:00", "th-damaged"),
        ("b2", "cu-b", "2026-06-05 10:00", "th-refund"),
        # customer C: a value question, then something unrelated: a repeat, not the same matter
        ("c1", "cu-c", "2026-06-03 11:00", "th-hours"),
        ("c2", "cu-c", "2026-06-04 11:00", "th-late"),
        # one-off contacts, and one without a customer id
        ("d1", "cu-d", "2026-06-06 12:00", "th-late"),
        ("e1", None, "2026-06-07 12:00", "th-hours"),
    ]
    t = pd.DataFrame(rows, columns=["ticket_id", "customer_key", "created_at", "theme_key"])
    t["created_at"] = pd.to_datetime(t["created_at"])
    t["is_outlier"] = False
    return t


def test_repeats_same_matter_and_denominators():
    r = repeat_contacts(_tickets(), None, LABELS)
    assert r.available and r.n_total == 9 and r.n_with_id == 8
    assert set(r.pairs["ticket_id"]) == {"a2", "b2", "c2"}  # a3 is 16 days after a2
    assert dict(zip(r.pairs["ticket_id"], r.pairs["same_matter"])) == {
        "a2": True, "b2": True, "c2": False}
    assert dict(zip(r.pairs["ticket_id"], r.pairs["previous_ticket_id"])) == {
        "a2": "a1", "b2": "b1", "c2": "c1"}
    assert r.pairs.set_index("ticket_id").loc["a2", "gap_days"] == pytest.approx(3.0)
    assert (r.repeats, r.same_matter, r.same_matter_not_failure) == (3, 2, 0)
    assert r.repeat_share == pytest.approx(3 / 8)
    text = r.summary()
    assert "3 of 8 contacts with a customer id (37.5%)" in text
    assert "within 14 days" in text and "2 (25.0% of contacts with a customer id)" in text
    assert "1 contacts have no customer id" in text


def test_per_theme_comebacks_gaps_and_next_themes():
    r = repeat_contacts(_tickets(), None, LABELS)
    by = r.by_theme.set_index("theme_key")
    late = by.loc["th-late"]
    assert late["theme_name"] == "Parcel late"
    assert late["contacts"] == 4 and late["repeats"] == 2  # a2, c2
    assert late["comebacks"] == 1 and late["comeback_rate"] == pytest.approx(0.25)  # a1 -> a2
    assert late["comeback_ci_low"] < 0.25 < late["comeback_ci_high"]
    assert by.loc["th-damaged", "back_with"] == "Refund not received (1)"
    assert by.loc["th-damaged", "median_gap_days"] == pytest.approx(3.0)
    assert math.isnan(by.loc["th-refund", "median_gap_days"])
    pairs = set(zip(r.transitions["from_theme"], r.transitions["to_theme"]))
    assert pairs == {("Parcel late", "Parcel late"), ("Damaged", "Refund not received"),
                     ("Opening hours", "Parcel late")}


def test_window_is_a_config_field():
    r = repeat_contacts(_tickets(), None, LABELS, RepeatsConfig(window_days=20))
    assert "a3" in set(r.pairs["ticket_id"]) and r.repeats == 4


def test_same_matter_outside_failure_labels_is_counted_apart():
    labels = {**LABELS, "th-late": ThemeLabel(name="Parcel late", demand_type="value")}
    r = repeat_contacts(_tickets(), None, labels)
    assert r.same_matter == 2 and r.same_matter_not_failure == 1  # a2 chases in a value theme
    assert "1 of them sit in themes not labelled failure" in r.summary()


def test_previous_run_contacts_count_as_earlier_contacts():
    previous = pd.DataFrame({"ticket_id": ["p1"], "customer_key": ["cu-d"],
                             "created_at": pd.to_datetime(["2026-05-30 12:00"]),
                             "theme_key": ["th-late"], "is_outlier": [False]})
    r = repeat_contacts(_tickets(), None, LABELS, previous=previous)  # 7 days before d1
    assert set(r.pairs.loc[r.pairs["ticket_id"] == "d1", "previous_ticket_id"]) == {"p1"}
    assert r.n_with_id == 8  # the previous run's contact is not counted again
    r = repeat_contacts(_tickets(), None, LABELS, RepeatsConfig(window_days=5),
                        previous=previous)
    assert "d1" not in set(r.pairs["ticket_id"])


def test_export_without_customer_ids_says_it_needs_the_column():
    t = _tickets().drop(columns=["customer_key"])
    r = repeat_contacts(t, None, LABELS)
    assert not r.available and r.summary() == NEEDS_COLUMN
    assert "customer or requester id column" in r.summary()
    assert r.by_theme.empty and r.repeats == 0
    assert "customer" in r._repr_html_()
