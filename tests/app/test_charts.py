"""Charts: the four builders encode the right data; save_chart writes HTML/PNG/SVG."""

from __future__ import annotations

import pandas as pd
import pytest

from _run_fixture import small_labels, small_run
from demandlens.app.charts import (
    DEMAND_COLOURS,
    failure_by_process,
    language_mix,
    pareto,
    save_chart,
    weekly_trend,
)


def _data(chart):
    spec = chart.to_dict()
    return next(iter(spec["datasets"].values())), spec


def test_pareto_sorted_with_outliers_and_fixed_colours():
    rows, spec = _data(pareto(small_run(), small_labels()))
    assert [r["tickets"] for r in rows] == [12, 8, 6, 4]
    assert [r["demand_type"] for r in rows] == ["failure", "failure", "unknown", "unknown"]
    assert rows[-1]["theme"] == "(no theme: outliers)"
    assert rows[-1]["cumulative_share"] == 1.0
    # named as on every surface: the analyst's name, else the top keywords; key in the tooltip
    assert [r["theme"] for r in rows[:3]] == [
        "Försenat paket", "Fel belopp på fakturan", "öppettider, åbningstider"]
    assert [r["key"] for r in rows[:3]] == ["th-a", "th-b", "th-c"]
    colour = spec["layer"][0]["encoding"]["color"]["scale"]
    assert colour["domain"] == list(DEMAND_COLOURS)


def test_failure_by_process_shows_shares_of_labelled_tickets_with_names():
    chart = failure_by_process(small_run(), small_labels())
    rows, spec = _data(chart)
    by = {r["group"]: r for r in rows}
    # th-a: 12 tickets, reviewed 8 of 10 failure -> 9.6; th-b: 8 tickets labelled failure
    # (label only) -> 8; 20 labelled tickets
    assert by["delivery"]["share"] == pytest.approx(9.6 / 20)
    assert by["billing_payment"]["share"] == pytest.approx(8 / 20)
    assert by["billing_payment"]["name"] == "Billing and payment"  # the taxonomy's name
    assert by["delivery"]["ci_low"] < by["delivery"]["share"] <= by["delivery"]["ci_high"]
    assert set(by) == {"delivery", "billing_payment"}  # processes without failures left out
    assert "10 unknown tickets" in spec["title"]["subtitle"]
    assert "of labelled tickets" in spec["layer"][0]["encoding"]["x"]["title"]


def test_weekly_trend_is_a_rate_and_includes_empty_weeks():
    rows, spec = _data(weekly_trend(small_run(), small_labels()))
    weeks = sorted({r["week"] for r in rows})
    assert weeks == ["2026-W23", "2026-W24", "2026-W25", "2026-W26"]
    empty = [r for r in rows if r["week"] == "2026-W24"]
    assert empty and all(r["n"] == 0 and r["per_week"] == 0 for r in empty)
    assert spec["layer"][1]["encoding"]["y"]["title"] == "Failure tickets per week"


def test_language_mix_counts_languages_per_theme():
    rows, _ = _data(language_mix(small_run(), small_labels()))
    frame = pd.DataFrame(rows)
    assert frame.groupby("theme")["tickets"].sum().sort_values().tolist() == [6, 8, 12]
    assert "Försenat paket" in set(frame["theme"]) and not frame["theme"].str.contains("th-").any()
    assert set(frame["language"]) == {"sv", "da", "nb", "en"}


@pytest.mark.slow  # vl-convert PNG/SVG/inline-HTML conversions take ~10-20 s
def test_save_chart_writes_all_formats(tmp_path):
    paths = save_chart(pareto(small_run(), small_labels()), tmp_path / "pareto")
    assert set(paths) == {"html", "png", "svg"}
    assert paths["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in paths["svg"].read_text(encoding="utf-8")
    html = paths["html"].read_text(encoding="utf-8")
    assert "vegaEmbed" in html and "cdn.jsdelivr" not in html  # JS inlined: opens offline
