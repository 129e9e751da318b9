"""One project, one config: open_project, the month's export, run reuse, labels that only grow.

The pipeline itself is replaced by a stand-in that writes a real run folder from the export
(two themes, a mapping on re-runs), so these tests check the project's decisions quickly; the
notebook test runs the real pipeline.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from demandlens import __version__
from demandlens.app.cli import app
from demandlens.app.project import open_project
from demandlens.app.run_folders import file_sha256
from demandlens.app.scaffold import init_project
from demandlens.errors import InputError
from demandlens.labels import LabelStore, ThemeLabel, load_labels
from demandlens.run import Run

runner = CliRunner()


class StandInPipeline:
    """Writes a run folder like run_pipeline does; records every call."""

    def __init__(self) -> None:
        self.calls: list[dict] = []

    def __call__(self, input_path, out_dir, config=None, previous=None, mode=None,
                 project_dir=".", progress=True, labels=None):
        self.calls.append({"input": Path(input_path), "out": Path(out_dir), "config": config,
                           "previous": previous, "mode": mode, "project_dir": Path(project_dir)})
        export = pd.read_csv(input_path, dtype=str)
        keys = ["th-a" if i % 2 else "th-b" for i in range(len(export))]
        if previous is not None:  # a re-run: th-b split into th-b1 and th-b2
            keys = ["th-a" if i % 2 else ("th-b1" if i % 4 == 0 else "th-b2")
                    for i in range(len(export))]
        tickets = pd.DataFrame({"ticket_id": export["id"], "text": export["body"],
                                "theme_key": keys, "is_outlier": False, "reassigned": False})
        names = sorted(set(keys))
        themes = pd.DataFrame({"theme_key": names, "theme_id": range(len(names)),
                               "size": [keys.count(k) for k in names],
                               "top_keywords": [f"kw {k}, more, words, here" for k in names],
                               "status": "new"})
        mapping = None
        if previous is not None:
            mapping = pd.DataFrame({
                "current_key": ["th-a", "th-b1", "th-b2"],
                "previous_keys": [["th-a"], ["th-b"], ["th-b"]],
                "status": ["matched", "split", "split"], "size_previous": [2, 2, 2],
                "size_current": [1, 1, 1], "change": [0, 0, 0]})
        manifest = {
            "demandlens_version": __version__,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "input": str(input_path), "input_sha256": file_sha256(input_path),
            "mode": (mode or config.match.mode) if previous is not None else "fresh",
            "previous_run": str(getattr(previous, "path", previous)) if previous else None,
            "accounting": {"rows_read": len(export), "accepted": len(export), "rejected": 0,
                           "assigned": len(export), "outliers": 0, "reassigned": 0},
            "n_themes": len(names), "timings": {"ingest": 0.1},
        }
        run = Run(tickets=tickets, themes=themes, centroids=np.zeros((len(names), 2), "float32"),
                  config=config, manifest=manifest, mapping=mapping)
        run.save(out_dir)
        time.sleep(0.01)  # distinct created_at stamps
        return run


@pytest.fixture
def pipeline(monkeypatch) -> StandInPipeline:
    stand_in = StandInPipeline()
    monkeypatch.setattr("demandlens.pipeline.run_pipeline", stand_in)
    return stand_in


def _export(folder: Path, name: str, n: int = 6, mtime: float | None = None) -> Path:
    path = folder / name
    pd.DataFrame({"id": [f"{name}-{i}" for i in range(n)],
                  "body": [f"text {i}" for i in range(n)]}).to_csv(path, index=False)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


@pytest.fixture
def project_dir(tmp_path) -> Path:
    init_project(tmp_path / "proj")
    return tmp_path / "proj"


def test_open_project_from_a_notebook_folder_reads_the_projects_config(project_dir):
    config = project_dir / "demandlens.yaml"
    config.write_text(config.read_text().replace("seed: 42", "seed: 7"))
    project = open_project(project_dir / "notebooks")
    assert project.root == project_dir.resolve()
    assert project.config_path == (project_dir / "demandlens.yaml").resolve()
    assert project.config.seed == 7
    assert project.labels_path == project_dir.resolve() / "labels.yaml"
    assert project.taxonomy_path == project_dir.resolve() / "taxonomy.yaml"
    assert project.cache_dir == project_dir.resolve() / "data" / "interim" / "embeddings"


def test_without_a_config_the_folder_is_a_project_with_defaults(tmp_path):
    project = open_project(tmp_path)
    assert project.root == tmp_path.resolve() and project.config_path is None
    assert project.taxonomy_path is None  # no file: the shipped default
    assert "defaults" in str(project)


def test_export_is_named_by_the_config_else_the_newest_raw_file(project_dir):
    project = open_project(project_dir)
    with pytest.raises(InputError) as err:
        project.export()
    assert "data/raw" in str(err.value) and "project.export" in str(err.value)
    raw = project_dir / "data" / "raw"
    old = _export(raw, "2026-10.csv", mtime=time.time() - 3600)
    assert project.export_choice() == (old.resolve(), "the only export in data/raw/")
    new = _export(raw, "2026-11.csv")
    (raw / ".~lock.2026-11.csv#").write_text("x")  # an editor's lock file is no export
    path, why = project.export_choice()
    assert path == new.resolve() and why.startswith("the newest of 2 exports in data/raw/")
    config = project_dir / "demandlens.yaml"
    config.write_text(config.read_text().replace("export: null", "export: data/raw/2026-10.csv"))
    pinned = open_project(project_dir)
    assert pinned.export_choice() == (old.resolve(), "project.export in demandlens.yaml")
    assert "2026-10.csv (project.export in demandlens.yaml)" in str(pinned)


def test_ingest_reads_the_months_export_with_the_projects_column_mapping(project_dir):
    config = project_dir / "demandlens.yaml"
    config.write_text(config.read_text().replace(
        "  columns: {}", '  columns: {body: "Henvendelse", id: "Sag"}'))
    pd.DataFrame({"Sag": ["1", "2"], "Henvendelse": [
        "Min pakke er ikke kommet, ring på 20 30 40 50", "Fakturaen er forkert"]}).to_csv(
        project_dir / "data" / "raw" / "2026-11.csv", index=False)
    result = open_project(project_dir / "notebooks").ingest(progress=False)
    assert result.tickets["ticket_id"].tolist() == ["1", "2"]
    assert "<PHONE>" in result.tickets["text"].iloc[0]
    assert result.column_map["body"] == "Henvendelse"


def test_running_twice_reuses_the_run_and_a_new_config_matches_to_it(project_dir, pipeline):
    _export(project_dir / "data" / "raw", "2026-11.csv")
    project = open_project(project_dir / "notebooks")
    first = project.run()
    assert first.path == project_dir.resolve() / "runs" / "2026-11"
    assert pipeline.calls[0]["previous"] is None and pipeline.calls[0]["project_dir"] == project.root
    before = {p.name: p.stat().st_mtime_ns for p in first.path.iterdir()}
    reopened = open_project(project_dir)
    again = reopened.run()
    assert len(pipeline.calls) == 1, "the same export and config must reuse the run"
    assert again.path == first.path
    assert {p.name: p.stat().st_mtime_ns for p in first.path.iterdir()} == before
    assert "Reused runs/2026-11" in str(reopened.summary(again))
    assert "Wrote runs/2026-11" in str(project.summary(first))
    assert reopened.current_run().path == first.path

    config = project_dir / "demandlens.yaml"
    config.write_text(config.read_text().replace("seed: 42", "seed: 3"))
    changed = open_project(project_dir)
    with pytest.raises(InputError, match="No run of 2026-11.csv with this config"):
        changed.current_run()
    second = changed.run()
    assert second.path.name == "2026-11-2"  # the first folder is never overwritten
    assert Path(pipeline.calls[1]["previous"]) == first.path  # matched: labels carry
    assert changed.current_run().path == second.path
    assert changed.previous_run(second).path == first.path


def test_a_folder_holding_another_run_is_never_overwritten(project_dir, pipeline):
    raw = project_dir / "data" / "raw"
    _export(raw, "a.csv")
    project = open_project(project_dir)
    made = project.run(out=project_dir / "runs" / "mine")
    assert project.run(out=project_dir / "runs" / "mine").path == made.path  # same: reused
    _export(raw, "b.csv")
    with pytest.raises(InputError, match="never overwritten"):
        project.run(raw / "b.csv", out=project_dir / "runs" / "mine")
    assert len(pipeline.calls) == 1


def test_a_rerun_only_adds_suggestions_to_the_labels_file_and_says_so(project_dir, pipeline):
    raw = project_dir / "data" / "raw"
    _export(raw, "2026-10.csv", mtime=time.time() - 3600)
    project = open_project(project_dir)
    october = project.run()
    mine = {"th-a": ThemeLabel(name="Late parcel", demand_type="failure",
                               failing_process="delivery", status="active"),
            "th-b": ThemeLabel(name="Wrong invoice", demand_type="failure",
                               failing_process="billing_payment", status="active")}
    LabelStore(project.labels_path).save(mine)
    _export(raw, "2026-11.csv")
    november = project.run()
    assert Path(pipeline.calls[-1]["previous"]) == october.path
    labels = load_labels(project.labels_path)
    assert {k: labels[k] for k in mine} == mine  # nothing the analyst wrote changed
    assert sorted(set(labels) - set(mine)) == ["th-b1", "th-b2"]
    assert labels["th-b1"].status == "needs_review" and labels["th-b1"].name == "Wrong invoice"
    text = str(project.summary(november))
    assert "Matched to runs/2026-10" in text and "Added to labels.yaml" in text
    assert "nothing in it was changed" in text
    assert "Late parcel" in text  # names, not keys
    changes = project.changes(november)
    split = changes.table[changes.table["status"] == "split"]
    assert set(split["previous"]) == {"Wrong invoice"}
    assert all(name.startswith("Wrong invoice") for name in split["theme"])
    assert "Compared with runs/2026-10" in str(changes)
    assert "first run" in str(project.changes(october))


def test_the_one_status_change_is_said(project_dir, pipeline):
    """A stale `vanished` (written by an older demandlens) on a theme that is back goes back
    to active, and the summary says so; nothing else in the entry changes."""
    raw = project_dir / "data" / "raw"
    _export(raw, "2026-10.csv", mtime=time.time() - 3600)
    project = open_project(project_dir)
    project.run()
    stale = ThemeLabel(name="Late parcel", demand_type="failure", failing_process="delivery",
                       status="vanished")
    LabelStore(project.labels_path).save({"th-a": stale})
    _export(raw, "2026-11.csv")
    november = project.run()
    after = load_labels(project.labels_path)["th-a"]
    assert after.status == "active" and after.name == stale.name
    assert "went from vanished (set by an earlier demandlens) to active: Late parcel" in str(
        project.summary(november))


def test_cli_resolves_the_same_project_and_config_as_the_notebooks(project_dir, pipeline):
    config = project_dir / "demandlens.yaml"
    config.write_text(config.read_text().replace("seed: 42", "seed: 11"))
    _export(project_dir / "data" / "raw", "2026-11.csv")
    result = runner.invoke(app, ["run", "--project", str(project_dir / "notebooks"), "-q"])
    assert result.exit_code == 0, result.output
    call = pipeline.calls[0]
    notebook = open_project(project_dir / "notebooks")
    assert call["config"] == notebook.config and call["config"].seed == 11
    assert call["input"] == notebook.export() and call["out"] == notebook.runs_dir / "2026-11"
    assert "Export: data/raw/2026-11.csv (the only export in data/raw/)" in result.output
    assert "kw th-a," in result.output  # themes by name in the summary
    status = runner.invoke(app, ["status", "--project", str(project_dir)])
    assert status.exit_code == 0 and str(config.name) in status.output
    again = runner.invoke(app, ["run", "--project", str(project_dir), "-q"])
    assert again.exit_code == 0 and "Reused runs/2026-11" in again.output
    assert len(pipeline.calls) == 1


def test_init_prints_the_next_steps(tmp_path):
    result = runner.invoke(app, ["init", str(tmp_path / "p")])
    assert result.exit_code == 0
    assert "Next steps" in result.output and str(tmp_path / "p" / "data" / "raw") in result.output
    assert "jupyter lab" in result.output and "demandlens run" in result.output
