"""The analyst notebooks run top to bottom (papermill) on a small slice of the sample."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
NAMES = ["01_ingest", "02_themes", "03_label", "04_quantify_export", "05_rerun"]


@pytest.mark.parametrize("name", NAMES)
def test_notebook_matches_its_jupytext_twin_and_has_no_outputs(name):
    import jupytext

    ipynb = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    twin = jupytext.read(NOTEBOOKS / f"{name}.py")
    sources = ["".join(c["source"]) for c in ipynb["cells"]]
    assert sources == [c.source for c in twin.cells], "run `make notebooks` to re-sync"
    assert all(not c.get("outputs") for c in ipynb["cells"] if c["cell_type"] == "code")
    assert any("parameters" in c.get("metadata", {}).get("tags", []) for c in ipynb["cells"])
    code = "\n".join(c.source for c in twin.cells if c.cell_type == "code")
    assert "def " not in code and "class " not in code, "notebooks only call the package"
    first = twin.cells[0]
    assert first.cell_type == "markdown" and "**What this does:**" in first.source
    assert "dl.open_project(project_path)" in code, "every notebook opens the project"
    assert "merge_themes" not in code and "split_theme" not in code, "no edits on Run All"


def _outputs(path: Path) -> str:
    """Every output of an executed notebook as one string (text, HTML, widget fallbacks)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return json.dumps([c.get("outputs", []) for c in nb["cells"]], ensure_ascii=False)


def _errors(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [o.get("ename", "") + ": " + o.get("evalue", "") for c in nb["cells"]
            for o in c.get("outputs", []) if o.get("output_type") == "error"]


def _files(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")
            if p.is_file()}


@pytest.mark.slow
def test_init_one_export_and_run_all_in_every_notebook(fresh_project, month_one, sample_slices,
                                                       tmp_path):
    """The README's month: init, one export, Run All 01–05 with the defaults; then Run All in
    02 again (nothing rebuilt), then next month's export (themes matched, labels only grow)."""
    from _month import execute
    from demandlens.labels import LabelStore, ThemeLabel, load_labels
    from demandlens.run import Run
    from demandlens.timing import STAGE_NAMES

    root = fresh_project
    for name, out in month_one.items():
        assert _errors(out) == [], name
    assert "the only export in data/raw/" in _outputs(month_one["01_ingest"])
    assert [p.name for p in (root / "runs").iterdir()] == ["2026-06"]
    june = root / "runs" / "2026-06"
    themes_out = _outputs(month_one["02_themes"])
    for stage in ("ingest", "embed", "reduce", "cluster", "map", "describe"):
        assert STAGE_NAMES[stage] in themes_out, f"no progress shown for {stage}"
    assert "Wrote runs/2026-06" in themes_out and "<th>theme</th>" in themes_out  # by name
    reports = root / "reports" / "2026-06"
    assert {"themes.csv", "tickets.csv", "2026-06.xlsx", "report.html"} <= {
        p.name for p in reports.iterdir()}
    assert "text" in pd.read_csv(reports / "tickets.csv", sep=";", encoding="utf-8-sig").columns
    assert "first run" in _outputs(month_one["05_rerun"])
    # Run All changed nothing the analyst did not ask for: no label was written, and 03-05
    # left the run folder 02 wrote as it was
    from demandlens.app.scaffold import LABELS_TEMPLATE

    assert (root / "labels.yaml").read_text(encoding="utf-8") == LABELS_TEMPLATE
    done_02 = month_one["02_themes"].stat().st_mtime_ns
    assert max(_files(june).values()) <= done_02
    # personal data in the export never reaches a notebook's saved outputs
    emails = set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", sample_slices[0].read_text()))
    assert emails and not [e for e in emails if any(e in _outputs(o) for o in month_one.values())]

    # Run All in 02 again: the same themes, nothing rebuilt or rewritten
    before = _files(june)
    again = execute(root, "02_themes", tmp_path)
    assert _errors(again) == [] and "Reused runs/2026-06" in _outputs(again)
    assert _files(june) == before and [p.name for p in (root / "runs").iterdir()] == ["2026-06"]

    # Next month: label one theme, copy July's export in, Run All in 02 and 05
    largest = Run.open(june).themes.sort_values("size").iloc[-1]["theme_key"]
    mine = ThemeLabel(name="Parcel late", demand_type="failure", failing_process="delivery",
                      status="active")
    LabelStore(root / "labels.yaml").save({largest: mine})
    shutil.copy(sample_slices[1], root / "data" / "raw" / "2026-07.csv")
    july_02 = execute(root, "02_themes", tmp_path)
    july_05 = execute(root, "05_rerun", tmp_path)
    assert _errors(july_02) == [] and _errors(july_05) == []
    july = Run.open(root / "runs" / "2026-07")
    assert july.mapping is not None and Path(july.manifest["previous_run"]) == june
    assert "Matched to runs/2026-06" in _outputs(july_02)
    assert load_labels(root / "labels.yaml")[largest] == mine  # labels only grow
    assert "Compared with runs/2026-06" in _outputs(july_05)
