"""Shared fixtures: one real pipeline run on the shipped sample, reused by slow tests."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

#: The analyst's month (init + one export + Run All), for the notebook tests.
pytest_plugins = ["_month"]

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "tickets.csv"
GOLD = ROOT / "data" / "sample" / "gold.csv"


@pytest.fixture(scope="session")
def sample_project(tmp_path_factory) -> Path:
    """A project folder whose embedding cache is shared by every slow test of the session."""
    return tmp_path_factory.mktemp("project")


@pytest.fixture(scope="session")
def sample_run(sample_project):
    """The whole pipeline on the shipped sample export (real model, real clustering)."""
    from demandlens.config import PipelineConfig
    from demandlens.pipeline import run_pipeline

    return run_pipeline(
        SAMPLE, sample_project / "runs" / "sample", PipelineConfig(), project_dir=sample_project,
        progress=False,
    )


@pytest.fixture(scope="session")
def gold() -> pd.DataFrame:
    return pd.read_csv(GOLD, dtype={"id": str})


@pytest.fixture(scope="session")
def sample_slices(tmp_path_factory) -> tuple[Path, Path]:
    """Two small consecutive exports cut from the sample by date (for notebooks and re-runs)."""
    out = tmp_path_factory.mktemp("slices")
    export = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    export = export.sort_values("created_at", kind="stable")
    first, second = export.iloc[:450], export.iloc[450:800]
    paths = out / "first.csv", out / "second.csv"
    first.to_csv(paths[0], index=False)
    second.to_csv(paths[1], index=False)
    return paths
