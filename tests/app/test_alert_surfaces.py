"""Alerts on every surface: alerts.csv in the export, the report's section and repeat line,
the CLI summary and --fail-on-alert; an export without customer ids fails nowhere."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from typer.testing import CliRunner

from _alert_fixture import LABELS, alert_run
from _run_fixture import small_labels, small_run
from demandlens.app.widget_views import theme_rows
from demandlens.app.cli import EXIT_ALERTS, app
from demandlens.app.exports import export_tables
from demandlens.app.report_html import html_report
from demandlens.measure.alerts import ALERT_COLUMNS, find_alerts
from demandlens.measure.repeats import NEEDS_COLUMN


@pytest.fixture(scope="module")
def spiked():
    run = alert_run()
    run.tickets["customer_key"] = ["cu-%d" % (i // 2) for i in range(len(run.tickets))]
    return run


def test_export_writes_alerts_csv_with_current_labels(tmp_path, spiked):
    paths = export_tables(spiked, LABELS, tmp_path, sep=";")
    alerts = pd.read_csv(paths["alerts"], sep=";", decimal=",")
    assert list(alerts.columns) == ALERT_COLUMNS
    spike = alerts[(alerts["kind"] == "spike") & (alerts["period"] == "2026-W30")]
    assert spike["theme_name"].tolist() == ["Parcel late"]
    same = find_alerts(spiked, LABELS).table
    row = same[(same["kind"] == "spike") & (same["period"] == "2026-W30")].iloc[0]
    assert spike["observed"].iloc[0] == row["observed"]  # one number on every surface
    assert spike["expected"].iloc[0] == pytest.approx(row["expected"])
    assert "lager" in spike["top_words"].iloc[0] or "warehouse" in spike["top_words"].iloc[0]


def test_alerts_csv_neutralises_formula_prefixes(tmp_path, spiked):
    labels = {**LABELS, "th-late": dataclasses.replace(LABELS["th-late"], name="=HYPERLINK(\"x\")")}
    paths = export_tables(spiked, labels, tmp_path)
    raw = paths["alerts"].read_text(encoding="utf-8")
    assert "\n=HYPERLINK" not in raw and ",=HYPERLINK" not in raw and ",\"=HYPERLINK" not in raw


def test_report_has_the_alerts_section_at_the_top_and_repeats_beside_the_share(tmp_path,
                                                                             spiked):
    html = html_report(spiked, LABELS, tmp_path / "report.html").read_text(encoding="utf-8")
    section = html.index('id="alerts"')
    assert section < html.index('id="headline"')  # the alerts are the first thing read
    assert "Alerts: 1 spike, 1 process spike" in html
    assert "Parcel late: " in html and "in week 30 (2026)" in html
    assert "example tickets" in html
    repeats = html.index('id="repeats"')
    assert html.index('id="headline"') < repeats  # beside the failure share, right after it
    assert "contacts with a customer id" in html[repeats:repeats + 2000]
    assert "themes customers come back after" in html
    assert "Parcel late" in html[html.index("themes customers come back after"):]


def test_report_without_customer_ids_says_the_repeat_section_needs_the_column(tmp_path):
    html = html_report(small_run(), small_labels(), tmp_path / "r.html").read_text("utf-8")
    assert "customer or requester id column" in html
    assert "Alerts: no alerts" in html


def test_workbench_theme_list_shows_alert_badges(spiked):
    from demandlens.labels.schema import ThemeLabel

    run = alert_run()
    run.alerts = find_alerts(run, LABELS).table
    rows = {r["key"]: r for r in theme_rows(run, LABELS)}
    spike = [b for b in rows["th-late"]["badges"] if b["id"] == "spike"]
    assert [b["text"][:10] for b in spike] == ["spike W30 "]
    assert spike[0]["title"].startswith("Parcel late: ")
    assert not any(b["id"] == "spike" for b in rows["th-invoice"]["badges"])
    run.alerts = None  # an older run folder without alerts.csv: no badge, nothing breaks
    assert not any(b["id"] == "spike" for r in theme_rows(run, {}) for b in r["badges"])


def _fake_pipeline(run, tmp_path):
    run.manifest = {"accounting": {"rows_read": len(run.tickets), "accepted": len(run.tickets),
                                   "rejected": 0, "by_reason": {}, "assigned": len(run.tickets),
                                   "reassigned": 0, "outliers": 0}}
    run.themes = run.themes.assign(share=0.3, status="new", top_keywords="paket, försenat")
    run.alerts = find_alerts(run, LABELS).table

    def fake(input_path, out_dir, config=None, **kwargs):
        run.config = config
        run.save(out_dir)
        return run

    return fake


@pytest.mark.parametrize("flag, code", [([], 0), (["--fail-on-alert"], EXIT_ALERTS)])
def test_cli_summary_lists_alerts_and_fail_on_alert_exits_4(tmp_path, monkeypatch, spiked,
                                                            flag, code):
    import demandlens.pipeline as pipeline

    monkeypatch.setattr(pipeline, "run_pipeline", _fake_pipeline(spiked, tmp_path))
    export = tmp_path / "export.csv"
    export.write_text("id,body\n1,x\n")
    result = CliRunner().invoke(app, ["run", str(export), "--out", str(tmp_path / "run"),
                                      "--project", str(tmp_path), "-q", *flag])
    assert result.exit_code == code, result.output
    assert "Alerts: 1 spike, 1 process spike" in result.output
    assert "Parcel late: " in result.output
    assert "contacts with a customer id" in result.output


def test_cli_without_alerts_exits_0_even_with_fail_on_alert(tmp_path, monkeypatch):
    import demandlens.pipeline as pipeline

    quiet = alert_run(spike_week=None)
    monkeypatch.setattr(pipeline, "run_pipeline", _fake_pipeline(quiet, tmp_path))
    export = tmp_path / "export.csv"
    export.write_text("id,body\n1,x\n")
    result = CliRunner().invoke(app, ["run", str(export), "--out", str(tmp_path / "run"),
                                      "--project", str(tmp_path), "-q", "--fail-on-alert"])
    assert result.exit_code == 0, result.output
    assert "Alerts: no alerts" in result.output
    assert NEEDS_COLUMN[:40] in result.output.replace("\n", " ")
