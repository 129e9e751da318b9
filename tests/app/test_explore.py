"""The theme card and the map name themes as every other surface does."""

from __future__ import annotations

from _run_fixture import small_labels, small_run
from demandlens.app.explore import theme_card, theme_map


def _map_rows(chart):
    spec = chart.to_dict()
    return next(iter(spec["datasets"].values())), spec


def test_map_legend_shows_names_outliers_apart_keys_in_the_tooltip():
    run = small_run()
    run.tickets["x"] = range(len(run.tickets))
    run.tickets["y"] = 0.0
    rows, spec = _map_rows(theme_map(run, labels=small_labels()))
    themes = {r["theme"] for r in rows}
    assert {"Försenat paket", "Fel belopp på fakturan", "öppettider, åbningstider",
            "(no theme: outliers)"} == themes
    assert {r["key"] for r in rows if r["theme"] == "Försenat paket"} == {"th-a"}
    assert not any(r["theme"].startswith("th-") for r in rows)
    tooltip = [t["field"] for t in spec["layer"][1]["encoding"]["tooltip"]]
    assert tooltip[0] == "theme" and "key" in tooltip


def test_theme_card_defaults_to_the_largest_theme_by_name():
    run = small_run()
    run.themes["share"] = run.themes["size"] / len(run.tickets)
    card = theme_card(run, labels=small_labels())
    html = card._repr_html_()
    assert html.startswith("<h4>Försenat paket · 12 tickets (40.0% of all tickets)</h4>")
    assert "th-a" in html and "Mitt paket är försenat" in html
    assert theme_card(run, "th-c").name == "öppettider, åbningstider"
