"""Run an analyst project's notebooks the way Run All does (papermill, the defaults only)."""

from __future__ import annotations

from pathlib import Path

NOTEBOOKS = ["01_ingest", "02_themes", "03_label", "04_quantify_export", "05_rerun"]


def execute(project: Path, name: str, out_dir: Path) -> Path:
    """Run one of the project's notebooks top to bottom with its defaults (no parameters)."""
    import papermill as pm

    out = out_dir / f"{name}.out.ipynb"
    pm.execute_notebook(
        str(project / "notebooks" / f"{name}.ipynb"), str(out), parameters={},
        cwd=str(project / "notebooks"), kernel_name="python3", progress_bar=False,
    )
    return out
