"""One number, one meaning: each headline figure computed through every surface is the same.

Surfaces: the notebook's call (``dl.failure_share``, notebook 04), the HTML report (its
``data-figure`` values and the text beside them), the CSV export (``failure_demand.csv``,
``themes.csv``) and the workbench (the sentence and share it shows for a theme).
"""

from __future__ import annotations

import dataclasses
import html as htmllib
import re

import pandas as pd
import pytest

import demandlens as dl
from _label_fixtures import tiny_run
from _labels_fixture import make_label
from demandlens.app import report_html
from demandlens.config import PipelineConfig, QuantifyConfig
from demandlens.labels.store import LabelStore
from demandlens.measure import fmt_share, theme_failure_fraction

HEADLINE = ("failure_share", "ci_low", "ci_high", "failure", "per_week", "cost", "coverage",
            "bound_low", "bound_high")


def _project(tmp_path):
    run = tiny_run()
    run = dataclasses.replace(run, config=PipelineConfig(
        seed=7, quantify=QuantifyConfig(cost_per_contact={"email": 6.5, "*": 4.0})))
    run.tickets["channel"] = [("email", "chat", "phone")[i % 3] for i in range(len(run.tickets))]
    aaa = run.tickets.loc[run.tickets["theme_key"] == "th-aaa111", "ticket_id"].tolist()
    judged = {t: "failure" for t in aaa[:6]} | {aaa[6]: ("failure", "billing_payment"),
                                                aaa[7]: "value", aaa[8]: "other"}
    labels = {
        "th-aaa111": make_label("failure", "delivery", "done_late", name="Late parcel",
                                judgements=judged),  # reviewed
        "th-bbb222": make_label("failure", "billing_payment", name="Charged twice"),  # label only
        "th-ccc333": make_label("value", name="Opening hours"),  # label only, value
    }
    path = tmp_path / "labels.yaml"
    LabelStore(path).save(labels)
    return run, path


def _figures(html: str) -> dict[str, tuple[float, str]]:
    return {k: (float(v), t) for k, v, t in re.findall(
        r'data-figure="([^"]+)" data-value="([^"]+)">([^<]*)<', html)}


def test_each_headline_figure_is_the_same_on_every_surface(tmp_path, monkeypatch):
    run, labels_path = _project(tmp_path)
    labels = dl.load_labels(labels_path)  # notebook 04's calls
    est = dl.failure_share(run, labels)
    by_process = dl.failure_share(run, labels, by="failing_process").set_index("group")

    paths = dl.export_tables(run, labels, tmp_path / "export")  # the CSV surface
    csv = pd.read_csv(paths["failure_demand"]).set_index("group")
    themes_csv = pd.read_csv(paths["themes"]).set_index("theme_key")

    monkeypatch.setattr(report_html, "_bundle", lambda: "/* vega */")  # numbers unaffected
    report = dl.html_report(run, labels, tmp_path / "report.html").read_text(encoding="utf-8")
    figures = _figures(report)

    for name in HEADLINE:
        value = getattr(est, name)
        assert csv.loc["all", name] == pytest.approx(value, rel=1e-12), name
        if name.startswith("bound_") and f"headline.{name}" not in figures:
            assert est.n_unknown == 0  # bounds are shown only when tickets are unknown
            continue
        assert figures[f"headline.{name}"][0] == pytest.approx(value, rel=1e-12), name
    for name in ("failure_share", "ci_low", "ci_high", "coverage"):
        assert figures[f"headline.{name}"][1] == fmt_share(getattr(est, name))
    assert figures["headline.cost"][1] == f"{est.cost:,.0f}"

    failing = by_process[by_process["failure"] > 0]
    assert set(failing.index) == {"delivery", "billing_payment"}
    assert failing["failure"].sum() == pytest.approx(est.failure)  # processes add up
    for process, row in failing.iterrows():
        for name in ("failure_share", "failure", "per_week"):
            assert csv.loc[process, name] == pytest.approx(row[name], rel=1e-12)
            assert figures[f"process.{process}.{name}"][0] == pytest.approx(row[name], rel=1e-12)
        assert figures[f"process.{process}.failure_share"][1] == fmt_share(row["failure_share"])

    # a theme: its failure fraction and what it rests on, the same in the CSV, the report and
    # the workbench (which shows the sentence of the same function)
    wb = dl.label(run, labels_path)
    text = htmllib.unescape(re.sub(r"<[^>]+>", " ", report))
    sizes = run.themes.set_index("theme_key")["size"]
    for key in sizes.index:
        members = set(run.tickets.loc[run.tickets["theme_key"] == key, "ticket_id"])
        fr = theme_failure_fraction(labels.get(key), int(sizes[key]), members)
        assert themes_csv.loc[key, "failure_fraction"] == pytest.approx(fr.p)
        assert themes_csv.loc[key, "failure_fraction_source"] == fr.source
        wb.select(key)
        assert wb.theme["review"]["explain"] == fr.sentence
        assert fr.sentence in text
        share = int(sizes[key]) / len(run.tickets)
        assert themes_csv.loc[key, "share"] == pytest.approx(share)
        row = next(r for r in wb.themes if r["key"] == key)
        assert row["share"] == pytest.approx(share)
        assert f"{fmt_share(share)} of all" in wb.theme["summary"]
        assert fmt_share(share) in text
