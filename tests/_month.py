"""An analyst's month, as the README tells it: `demandlens init`, one export, Run All in 01–05.

The fixtures are shared (registered in ``tests/conftest.py``) by the papermill test and the
JupyterLab browser test, so the pipeline runs once per session.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

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


@pytest.fixture(scope="session")
def fresh_project(tmp_path_factory, sample_slices, sample_project) -> Path:
    """`demandlens init` plus June's export (the first sample slice) copied into data/raw/.

    The only edit to the project's files: the embedding cache is the session's shared one,
    so the slices are embedded once per test session.
    """
    from demandlens.app.scaffold import init_project

    root = tmp_path_factory.mktemp("month") / "cs-analysis"
    init_project(root)
    config = root / "demandlens.yaml"
    cache = sample_project / "data" / "interim" / "embeddings"
    config.write_text(config.read_text().replace("\nembed:\n", f"\nembed:\n  cache_dir: {cache}\n"))
    june = shutil.copy(sample_slices[0], root / "data" / "raw" / "2026-06.csv")
    past = time.time() - 86_400
    os.utime(june, (past, past))  # next month's copy is newer
    return root


@pytest.fixture(scope="session")
def month_one(fresh_project, tmp_path_factory) -> dict[str, Path]:
    """Run All in 01–05 on the fresh project; ``{notebook name: executed notebook}``."""
    out = tmp_path_factory.mktemp("executed")
    return {name: execute(fresh_project, name, out) for name in NOTEBOOKS}
