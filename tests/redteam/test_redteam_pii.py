"""Planted personal data of every type, in every column and file shape, is found in no file
that `demandlens run`, `export --text` and `report` write; no export cell is a formula."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from _redteam import EVIL_LABELS, PLANTED, find_planted, formula_cells, tickets, write_export
from typer.testing import CliRunner

from demandlens.app.cli import app
from demandlens.labels.schema import ThemeLabel, dump_labels

runner = CliRunner()
SHAPES = ["csv", "xlsx", "json", "parquet"]


def cli(*args: str):
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result


def run_all(project: Path, shape: str) -> Path:
    """run, label the themes with hostile names, export --text, report (CSV: both separators)."""
    export = write_export(tickets(), project / "data" / "raw", shape)
    run = project / "runs" / shape
    labels = project / "labels.yaml"
    common = ["--project", project, "--labels", labels]
    result = cli("run", export, "--out", run, *common, "-q")
    assert result.exit_code == 0, result.output
    keys = pd.read_parquet(run / "themes.parquet")["theme_key"].tolist()
    assert keys, "the planted export should form themes"
    labels.write_text(dump_labels({
        k: ThemeLabel(name=EVIL_LABELS[i % len(EVIL_LABELS)], demand_type="failure",
                      root_cause=EVIL_LABELS[(i + 1) % len(EVIL_LABELS)], notes="@notes")
        for i, k in enumerate(keys)}), encoding="utf-8")
    for sep, folder in EXPORTS[shape]:
        result = cli("export", run, "--labels", labels, "--text", "--sep", sep, "--out",
                     run / folder)
        assert result.exit_code == 0, result.output
    if shape == "csv":  # the report is made from the run folder the same way for every shape
        result = cli("report", run, "--labels", labels, "--out", run / "report.html")
        assert result.exit_code == 0, result.output
    return run


EXPORTS = {shape: [(",", "export")] for shape in SHAPES}
EXPORTS["csv"] = [(",", "export"), (";", "export-nordic")]


@pytest.fixture(scope="module")
def runs(tmp_path_factory, tiny) -> dict[str, Path]:
    project = tmp_path_factory.mktemp("redteam")
    return {shape: run_all(project, shape) for shape in SHAPES}


@pytest.mark.parametrize("shape", SHAPES)
def test_no_planted_value_reaches_any_file(runs, shape):
    project = runs[shape].parents[1]
    found = find_planted(project, exclude=(project / "data" / "raw",))
    leaks = {kind: hits for kind, hits in found.items() if hits}
    assert not leaks, leaks
    tickets_saved = pd.read_parquet(runs[shape] / "tickets.parquet")
    assert not {"Requester email", "Requester phone", "Requester name"} & set(tickets_saved)


@pytest.mark.parametrize("shape", SHAPES)
def test_every_ticket_is_accounted_for_and_rejects_hold_no_cells(runs, shape):
    run = runs[shape]
    saved = pd.read_parquet(run / "tickets.parquet")
    rejected = pd.read_parquet(run / "rejected.parquet")
    assert len(saved) + len(rejected) == len(tickets())
    assert sorted(rejected["reason"]) == ["unparsable_date", "unparsable_date"]
    assert list(rejected.columns) == ["row_number", "ticket_id", "column", "reason", "detail"]


@pytest.mark.parametrize("shape", SHAPES)
def test_no_export_cell_is_a_formula(runs, shape):
    run = runs[shape]
    cells = {f"{folder}/{name}": formula_cells(run / folder / name, sep)
             for sep, folder in EXPORTS[shape] for name in ("themes.csv", "tickets.csv")}
    assert not any(cells.values()), cells
    themes = (run / "export" / "themes.csv").read_text(encoding="utf-8")
    assert "'=1+1" in themes and "'@notes" in themes  # the labels were exported, neutralised
    tickets_csv = (run / "export" / "tickets.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in tickets_csv


def test_report_keeps_hostile_labels_inside_their_script_data(runs):
    html = (runs["csv"] / "report.html").read_text(encoding="utf-8")
    scripts = html.split("<script>")[2:]  # after the inlined Vega bundle
    for block in scripts:
        body = block.split("</script>")[0]
        assert "<!--" not in body and "<script" not in body
    assert "\\u003c!--\\u003cscript\\u003e" in html or "&lt;!--&lt;script&gt;" in html


def test_planted_values_are_all_types():
    assert {kind for kind, _ in PLANTED} == {
        "EMAIL", "PHONE", "PERSONNUMMER", "CPR", "FODSELSNUMMER", "IBAN", "CARD", "NAME", "URL"}
