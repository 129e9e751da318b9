"""The HTML report: offline charts, processes and themes by name, figures per process."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pandas as pd
import pytest

from _run_fixture import small_labels, small_run
from demandlens.app.report_html import html_report, render_report
from demandlens.app.report_model import report_model

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _visible(html: str) -> str:
    """The text a reader sees: no tags, scripts or attributes."""
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def _labels_with_root_cause():
    labels = small_labels()
    labels["th-a"] = dataclasses.replace(labels["th-a"], root_cause="Carrier misses the slot")
    return labels


def test_html_report_is_self_contained_with_headline_and_charts(tmp_path):
    path = html_report(small_run(), small_labels(), tmp_path / "report.html")
    html = path.read_text(encoding="utf-8")
    # failure by process, one weekly trend per failing process (2), Pareto, trend, languages
    assert len(re.findall(r'vegaEmbed\("#chart-\d+"', html)) == 6
    assert "<script src=" not in html and "cdn.jsdelivr" not in html and "http" not in _visible(html)
    assert "Method, in plain words" in html
    assert "2 of 3 themes labelled" in _visible(html)
    assert "2026-W24" in html  # empty week listed
    assert "Fel belopp på fakturan" in html


def test_html_report_names_processes_from_the_projects_taxonomy(tmp_path):
    from demandlens.labels.taxonomy import parse_taxonomy

    own = parse_taxonomy("processes:\n  - id: delivery\n    name: Leverans till kund\n"
                         "  - id: billing_payment\n    name: Fakturering\n"
                         "failure_types:\n  - id: done_late\n    name: För sent\n")
    html = html_report(small_run(), small_labels(), tmp_path / "r.html", taxonomy=own).read_text(
        encoding="utf-8")
    tables = re.sub(r"<script.*?</script>", "", html, flags=re.S)  # tables, not chart specs
    assert "Leverans till kund" in tables and "Fakturering" in tables
    assert "<td>delivery</td>" not in tables and "<td>billing_payment</td>" not in tables


def _render(run, labels, **kw):
    return render_report(report_model(run, labels, **kw), run, labels, bundle="/* vega */")


def test_report_acts_per_failing_process_with_names_not_ids():
    run, labels = small_run(), _labels_with_root_cause()
    html = _render(run, labels, previous=None)
    text = _visible(html)
    figure = dict(re.findall(r'data-figure="([^"]+)" data-value="([^"]+)"', html))
    # th-a: 12 tickets, 8 of 10 reviewed failure -> 9.6; th-b: 8 labelled failure; 20 labelled
    assert float(figure["headline.failure_share"]) == pytest.approx(17.6 / 20)
    assert float(figure["process.delivery.failure"]) == pytest.approx(9.6)
    assert float(figure["process.billing_payment.failure_share"]) == pytest.approx(8 / 20)
    assert "of labelled tickets" in text and "per week" in text
    # taxonomy names and theme names, never ids or keys, in what the reader sees
    for seen in ("Delivery", "Billing and payment", "Försenat paket", "Fel belopp på fakturan",
                 "Done late", "Carrier misses the slot"):
        assert seen in text
    for hidden in ("billing_payment", "done_late", "th-a", "th-b"):
        assert hidden not in text
    # every failing process has a section with its sentence, examples (masked) and a trend
    assert text.count("Example tickets (personal data masked)") == 2
    assert "Mitt paket är försenat <EMAIL>" in html.replace("&lt;", "<").replace("&gt;", ">")
    assert "On 10 reviews (8 failure, 2 value)" in text
    assert "Rests on the label only" in text
    assert "Compared with the previous run" not in text


def test_report_compares_with_the_previous_run_in_rates_per_week():
    previous = small_run()  # 2026-06-01 .. 2026-06-22: 22 days
    current = small_run()
    later = current.tickets.copy()
    later["created_at"] = later["created_at"] + pd.Timedelta(weeks=4)
    later["ticket_id"] = "N" + later["ticket_id"]
    later.loc[later["theme_key"] == "th-b", "theme_key"] = None  # th-b vanished ...
    later.loc[later["is_outlier"], "theme_key"] = "th-n"  # ... and a new theme appeared
    later["is_outlier"] = later["theme_key"].isna()
    themes = pd.concat([previous.themes[previous.themes["theme_key"] != "th-b"],
                        pd.DataFrame({"theme_key": ["th-n"], "size": [4],
                                      "top_keywords": ["inloggning, kod"]})], ignore_index=True)
    mapping = pd.DataFrame({
        "current_key": ["th-a", "th-c", "th-n", None],
        "previous_keys": [["th-a"], ["th-c"], [], ["th-b"]],
        "status": ["matched", "matched", "new", "vanished"], "similarity": [0.9, 0.9, None, None],
        "overlap": [None] * 4, "size_previous": [12, 6, 0, 8], "size_current": [12, 6, 4, 0],
        "change": [0, 0, 4, -8]})
    current = dataclasses.replace(current, tickets=later, themes=themes, mapping=mapping)
    html = _render(current, _labels_with_root_cause(), previous=previous)
    text = _visible(html)
    assert "Compared with the previous run" in text
    assert "1 new theme (largest: inloggning, kod" in text and "1 vanished" in text
    # Billing's failures are gone: 8 tickets in 22 days before, none now
    figure = dict(re.findall(r'data-figure="([^"]+)" data-value="([^"]+)"', html))
    assert float(figure["compare.billing_payment.per_week"]) == 0
    assert "Failure demand from Billing and payment went from 40.0% to 0.0%" in text


@pytest.mark.slow
def test_report_renders_charts_in_headless_chromium_offline(tmp_path):
    """Every chart renders with the network blocked; the first screen holds the headline."""
    playwright = pytest.importorskip("playwright.sync_api")
    path = html_report(small_run(), _labels_with_root_cause(), tmp_path / "report.html")
    ARTIFACTS.mkdir(exist_ok=True)
    blocked: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith(("file:", "data:", "blob:", "about:", "http://127.0.0.1")):
            return r.continue_()
        blocked.append(url)
        return r.abort()

    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            context = browser.new_context(viewport={"width": 1200, "height": 900})
            context.route("**/*", route)
            page = context.new_page()
            page.on("dialog", lambda d: d.dismiss())
            page.goto(path.resolve().as_uri())
            try:
                page.wait_for_function(
                    "document.querySelectorAll('.vega-chart svg.marks').length === 6",
                    timeout=120_000)
            except Exception:
                page.screenshot(path=str(ARTIFACTS / "report_failure.png"), full_page=True)
                raise
            n_marks = page.locator(".vega-chart svg.marks path, .vega-chart svg.marks rect").count()
            first_screen = page.evaluate("document.elementFromPoint(600, 200).closest('section, "
                                         "table, h1, p')?.id || ''")
            headline_top = page.locator("#headline").bounding_box()["y"]
            glance_top = page.locator("table.glance").bounding_box()["y"]
            failed = page.locator("text=Chart failed").count()
            page.screenshot(path=str(ARTIFACTS / "report.png"))
        finally:
            browser.close()
    assert blocked == [] and failed == 0
    assert n_marks > 20
    assert headline_top < 300 and glance_top < 900, first_screen  # both on the first screen
