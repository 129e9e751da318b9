"""Shared by the quantify/estimate benchmarks: the sample's run and its gold demand types.

The run comes from ``demandlens.pipeline.run_pipeline`` on ``data/sample/tickets.csv`` with the
default ``PipelineConfig`` and is cached in ``runs/bench-sample`` (re-opened with ``Run.open``).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
RUN_DIR = ROOT / "runs" / "bench-sample"
SAMPLE = ROOT / "data" / "sample"

log = logging.getLogger("bench")


def sample_run():
    """The pipeline run on the sample (computed once, then reopened)."""
    from demandlens.config import PipelineConfig
    from demandlens.run import Run

    if (RUN_DIR / "manifest.json").exists():
        return Run.open(RUN_DIR)
    from demandlens.pipeline import run_pipeline

    log.info("Running the pipeline on %s (once) ...", SAMPLE / "tickets.csv")
    return run_pipeline(SAMPLE / "tickets.csv", RUN_DIR, PipelineConfig(), project_dir=ROOT,
                        progress=False)


def tickets_with_gold(run) -> pd.DataFrame:
    """The run's tickets joined with gold (``gold_demand`` is failure/value/none)."""
    gold = pd.read_csv(SAMPLE / "gold.csv", dtype=str)
    gold = gold.rename(columns={"id": "ticket_id", "demand_type": "gold_demand",
                                "failing_process": "gold_process"})
    out = run.tickets.merge(gold[["ticket_id", "gold_demand", "gold_process", "reason"]],
                            on="ticket_id", how="left", validate="one_to_one")
    missing = int(out["gold_demand"].isna().sum())
    if missing:
        log.warning("%d tickets without gold", missing)
    return out


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    run = sample_run()
    print(run.manifest.get("accounting"), len(run.themes), "themes")
