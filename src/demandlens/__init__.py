"""demandlens: find why customers contact you, and how much of it is avoidable failure demand.

The Python API that the notebooks and the CLI call::

    import demandlens as dl
    run = dl.run_pipeline("data/raw/export.csv", "runs/2026-11", project_dir=".")
    dl.label(run, "labels.yaml")                 # labelling workbench in JupyterLab
    dl.failure_share(run.tickets, run.themes, dl.load_labels("labels.yaml"), by="week")

Names are imported lazily so ``import demandlens`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "PipelineConfig": "config",
    "Run": "run",
    "run_pipeline": "pipeline",
    "build_themes": "pipeline",
    "embeddings_for": "pipeline",
    "load_tickets": "ingest",
    "clean_text": "clean",
    "mask_text": "mask",
    "detect_languages": "language",
    "get_embedder": "embed",
    "embed_tickets": "embed",
    "merge_themes": "themes",
    "split_theme": "themes",
    "move_tickets": "themes",
    "load_taxonomy": "taxonomy",
    "LabelStore": "labels",
    "load_labels": "labels",
    "label": "widget",
    "match_themes": "match",
    "mapping_report": "match",
    "wilson_interval": "quantify",
    "failure_share": "quantify",
    "change_test": "quantify",
    "avoidable_cost": "quantify",
    "estimate_failure_share": "estimate",
    "export_tables": "report",
    "html_report": "report",
    "init_project": "scaffold",
    "theme_card": "explore",
    "theme_map": "explore",
    "carry_labels_to_file": "pipeline",
    "InputError": "errors",
    "DemandLensError": "errors",
}

_SUBMODULES = {
    "charts", "quantify", "estimate", "labels", "taxonomy", "themes", "config", "propagate",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'demandlens' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
