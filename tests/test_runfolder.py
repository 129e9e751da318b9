"""Run folders: written whole (old or new, never a mix), allow-listed columns, checked on open."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from demandlens.config import PipelineConfig
from demandlens.errors import InputError
from demandlens.run import Run
from demandlens.runfolder import MARKER, check_target


def make_run(month: str, n: int = 6, mapping: bool = False, **ingest) -> Run:
    keys = ["th-a"] * (n // 2) + ["th-b"] * (n - n // 2)
    tickets = pd.DataFrame({
        "ticket_id": [f"{month}-{i}" for i in range(n)],
        "text": [f"paket {month} {i}" for i in range(n)],
        "theme_key": keys,
        "theme_id": [0 if k == "th-a" else 1 for k in keys],
        "is_outlier": False,
        "raw_text": [f"Hej, ring 070-123 45 67 {i}" for i in range(n)],
        "Requester email": [f"kund{i}@example.se" for i in range(n)],
        "Brand": ["Nordhem"] * n,
    })
    themes = pd.DataFrame({"theme_key": ["th-a", "th-b"], "theme_id": [0, 1],
                           "size": [n // 2, n - n // 2], "keywords": [{"sv": [month]}, {}]})
    return Run(
        tickets=tickets, themes=themes, centroids=np.eye(2, dtype=np.float32),
        rejected=pd.DataFrame({"row_number": [9], "ticket_id": ["x"], "column": ["body"],
                               "reason": ["empty_text"], "detail": ["no text"],
                               "raw": ["anna@example.se"]}),
        config=PipelineConfig().replace(ingest=ingest) if ingest else PipelineConfig(),
        manifest={"month": month, "accounting": {"accepted": n}},
        mapping=pd.DataFrame({"current_key": ["th-a"], "previous_keys": [["th-a"]],
                              "status": ["matched"]}) if mapping else None,
    )


def test_round_trip_with_marker_and_only_allowed_columns(tmp_path):
    folder = make_run("A", keep_columns=["Brand"]).save(tmp_path / "run")
    marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    assert set(marker["files"]) >= {"tickets.parquet", "themes.parquet", "manifest.json"}
    saved = pd.read_parquet(folder / "tickets.parquet")
    assert "raw_text" not in saved and "Requester email" not in saved  # not on the list
    assert saved["Brand"].tolist() == ["Nordhem"] * 6  # kept by the analyst (ingest masks it)
    assert list(pd.read_parquet(folder / "rejected.parquet").columns) == [
        "row_number", "ticket_id", "column", "reason", "detail"]
    back = Run.open(folder)
    assert back.manifest["month"] == "A" and back.themes.loc[0, "keywords"] == {"sv": ["A"]}


def test_a_fresh_run_into_a_reused_folder_leaves_nothing_of_the_old_one(tmp_path):
    folder = make_run("A", mapping=True).save(tmp_path / "run")
    (folder / "export").mkdir()
    (folder / "export" / "tickets.csv").write_text("old export", encoding="utf-8")
    assert Run.open(folder).mapping is not None
    make_run("B").save(folder)
    assert not (folder / "mapping.parquet").exists() and not (folder / "export").exists()
    again = Run.open(folder)
    assert again.mapping is None and again.manifest["month"] == "B"


def test_saving_a_run_back_to_its_own_folder_keeps_exports_and_report(tmp_path):
    run = make_run("A")
    run.manifest.update(created_at="2026-07-01T10:00:00+00:00", input_sha256="ab12")
    folder = run.save(tmp_path / "run")
    (folder / "report.html").write_text("<html>A</html>", encoding="utf-8")
    edited = dataclasses.replace(run, path=None)  # a theme edit returns a new Run object
    edited.operations = [{"op": "merge", "keys": ["th-a", "th-b"], "into": "th-a"}]
    edited.save(folder)  # what the workbench does after a theme edit
    assert (folder / "report.html").read_text(encoding="utf-8") == "<html>A</html>"
    assert Run.open(folder).operations[0]["op"] == "merge"
    other = make_run("B")
    other.manifest.update(created_at="2026-08-01T10:00:00+00:00", input_sha256="cd34")
    other.save(folder)  # another run: nothing of the old one stays
    assert not (folder / "report.html").exists()


_KILL = """
import os, sys
from pathlib import Path
sys.path.insert(0, {tests!r})
import demandlens.runfolder as rf
from test_runfolder import make_run
written = []
real = rf._write_part
def dying(path, value):
    real(path, value)
    written.append(path.name)
    if len(written) == {after}:
        os._exit(9)
rf._write_part = dying
make_run("B", n=8, mapping=True).save(Path({folder!r}))
"""


@pytest.mark.parametrize("after", [1, 3, 7])
def test_a_kill_during_save_leaves_the_old_folder_whole(tmp_path, after):
    folder = make_run("A").save(tmp_path / "run")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    code = _KILL.format(tests=str(Path(__file__).parent), after=after, folder=str(folder))
    result = subprocess.run([sys.executable, "-c", code], env=dict(os.environ), check=False,
                            capture_output=True, text=True)
    assert result.returncode == 9, result.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    opened = Run.open(folder)
    assert opened.manifest["month"] == "A" and len(opened.tickets) == 6
    make_run("C").save(folder)  # the next save clears the dead process's staging folder
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


def _damage(folder: Path, how: str) -> str:
    if how == "manifest":
        (folder / "manifest.json").write_text("{not json", encoding="utf-8")
        return "manifest.json"
    if how == "tickets":
        data = (folder / "tickets.parquet").read_bytes()
        (folder / "tickets.parquet").write_bytes(data[: len(data) // 2])
        return "tickets.parquet"
    if how == "centroids":
        data = (folder / "centroids.npy").read_bytes()
        (folder / "centroids.npy").write_bytes(data[:60])
        return "centroids.npy"
    if how == "themes":
        (folder / "themes.parquet").unlink()
        return "themes.parquet"
    if how == "marker":
        (folder / MARKER).write_text("[]", encoding="utf-8")
        return MARKER
    raise AssertionError(how)


@pytest.mark.parametrize("how", ["manifest", "tickets", "centroids", "themes", "marker"])
def test_damaged_folders_are_refused_naming_the_file(tmp_path, how):
    folder = make_run("A").save(tmp_path / "run")
    name = _damage(folder, how)
    with pytest.raises(InputError) as err:
        Run.open(folder)
    assert name in str(err.value)


def test_damaged_parts_are_caught_without_the_marker_too(tmp_path):
    """Folders written before the marker existed: their parts must agree with each other."""
    folder = make_run("A").save(tmp_path / "run")
    (folder / MARKER).unlink()
    assert len(Run.open(folder).tickets) == 6  # an older, sound folder still opens
    make_run("B", n=8).save(tmp_path / "b")
    (folder / "tickets.parquet").write_bytes((tmp_path / "b" / "tickets.parquet").read_bytes())
    with pytest.raises(InputError, match="mixes two runs"):
        Run.open(folder)
    _damage(folder, "manifest")
    with pytest.raises(InputError, match="manifest.json"):
        Run.open(folder)


def test_targets_that_are_not_run_folders_are_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="no demandlens run"):
        make_run("A").save(tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    with pytest.raises(InputError, match="file, not a folder"):
        check_target(tmp_path / "notes.txt")
    with pytest.raises(InputError, match="no run folder"):
        Run.open(tmp_path / "missing")
    check_target(tmp_path / "new")  # new and empty folders are fine
