"""An analyst's month, as the README tells it: `demandlens init`, one export, Run All in 01–05.

Shared by the papermill test and the JupyterLab browser test so the pipeline runs once.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from _month import NOTEBOOKS, execute


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
