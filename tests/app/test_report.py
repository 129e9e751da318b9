"""Exports read back with pandas (BOM, ';'), and the HTML report holds its charts offline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from _run_fixture import small_labels, small_run
from demandlens.app.report import html_report

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_html_report_is_self_contained_with_headline_and_charts(tmp_path):
    path = html_report(small_run(), small_labels(), tmp_path / "report.html")
    html = path.read_text(encoding="utf-8")
    assert len(re.findall(r'vegaEmbed\("#chart-\d"', html)) == 4
    assert "<script src=" not in html and "cdn.jsdelivr" not in html
    assert "What it rests on" in html and "Method, in plain words" in html
    assert "2 of 3" in html  # themes labelled
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


@pytest.mark.slow
def test_report_renders_charts_in_headless_chromium(tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    path = html_report(small_run(), small_labels(), tmp_path / "report.html")
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(path.resolve().as_uri())
        page.wait_for_function(
            "document.querySelectorAll('.vega-chart svg.marks').length === 4", timeout=60_000
        )
        n_charts = page.locator(".vega-chart svg.marks").count()
        n_marks = page.locator(".vega-chart svg.marks path, .vega-chart svg.marks rect").count()
        page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        browser.close()
    assert n_charts == 4
    assert n_marks > 20
    assert all(u.startswith(("file:", "data:", "blob:", "about:")) for u in requests)
