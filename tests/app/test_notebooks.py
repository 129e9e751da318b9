"""The analyst notebooks run top to bottom (papermill) on a small slice of the sample."""

from __future__ import annotations

import json
from pathlib import Path

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


@pytest.mark.slow
def test_notebooks_run_top_to_bottom(tmp_path, sample_slices, sample_project):
    import papermill as pm

    first, second = sample_slices
    labels = tmp_path / "labels.yaml"
    run_dir, next_dir = tmp_path / "runs" / "nb", tmp_path / "runs" / "nb_next"
    params = {
        "01_ingest": {"export_path": str(first)},
        "02_themes": {
            "export_path": str(first), "run_dir": str(run_dir), "project_dir": str(sample_project)
        },
        "03_label": {"run_dir": str(run_dir), "labels_path": str(labels)},
        "04_quantify_export": {
            "run_dir": str(run_dir), "labels_path": str(labels), "out_dir": str(tmp_path / "out")
        },
        "05_rerun": {
            "new_export_path": str(second), "previous_run_dir": str(run_dir),
            "run_dir": str(next_dir), "labels_path": str(labels),
            "project_dir": str(sample_project),
        },
    }
    for name in NAMES:
        pm.execute_notebook(
            str(NOTEBOOKS / f"{name}.ipynb"), str(tmp_path / f"{name}.out.ipynb"),
            parameters=params[name], cwd=str(NOTEBOOKS), kernel_name="python3",
            progress_bar=False,
        )
    assert (tmp_path / "out" / "themes.csv").exists()
    assert (tmp_path / "out" / "report.html").exists()
    assert (next_dir / "mapping.parquet").exists()
