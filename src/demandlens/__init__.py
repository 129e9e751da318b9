"""demandlens: find why customers contact you, and how much of it is avoidable failure demand.

The Python API that the notebooks and the CLI call::

    import demandlens as dl
    project = dl.open_project(".")        # finds demandlens.yaml here or in a folder above
    run = project.run()                   # this month's export -> runs/<export name>
    project.workbench(run)                # labelling workbench in JupyterLab
    dl.failure_share(run, project.labels(), by="failing_process")  # of labelled tickets

The package reads as the pipeline: :mod:`demandlens.ingest` → :mod:`demandlens.embed` →
:mod:`demandlens.themes` → :mod:`demandlens.labels` → :mod:`demandlens.measure`, with
:mod:`demandlens.rerun` and :mod:`demandlens.scale` choosing how a run uses the stages,
:mod:`demandlens.pipeline` composing them, and :mod:`demandlens.app` (CLI, workbench, charts,
report) on top. Names are imported lazily so ``import demandlens`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: Public name -> module that defines it.
_EXPORTS = {
    "PipelineConfig": "config",
    "Run": "run",
    "run_pipeline": "pipeline",
    "build_themes": "themes.build",
    "embeddings_for": "embed.vectors",
    "load_tickets": "ingest.load",
    "clean_text": "ingest.clean",
    "mask_text": "ingest.mask",
    "detect_languages": "ingest.language",
    "get_embedder": "embed.backends",
    "embed_tickets": "embed.backends",
    "merge_themes": "themes.edits",
    "split_theme": "themes.edits",
    "move_tickets": "themes.edits",
    "regroup": "themes.grain",
    "sub_themes": "themes.grain",
    "load_taxonomy": "labels.taxonomy",
    "LabelStore": "labels.store",
    "load_labels": "labels.edits",
    "label": "app.widget",
    "match_themes": "rerun.match",
    "mapping_report": "rerun.carry",
    "carry_labels_to_file": "rerun.carry",
    "wilson_interval": "measure.stats",
    "failure_share": "measure.shares",
    "weekly_failure": "measure.shares",
    "theme_failure_fraction": "measure.strata",
    "change_test": "measure.trend",
    "avoidable_cost": "measure.trend",
    "find_alerts": "measure.alerts",
    "repeat_contacts": "measure.repeats",
    "find_repeats": "measure.repeats",
    "compare_runs": "measure.trend",
    "theme_changes": "measure.trend",
    "export_tables": "app.exports",
    "html_report": "app.report_html",
    "init_project": "app.scaffold",
    "open_project": "app.project",
    "Project": "app.project",
    "theme_table": "app.summary",
    "theme_names": "labels.display",
    "display_name": "labels.display",
    "process_name": "labels.display",
    "theme_card": "app.explore",
    "theme_map": "app.explore",
    "InputError": "errors",
    "DemandLensError": "errors",
}

#: Modules reachable as attributes (``dl.charts.pareto(...)``): the stage subpackages, and the
#: short names notebooks have always used.
_MODULES = {
    **{name: name for name in (
        "ingest", "embed", "themes", "labels", "measure", "rerun", "scale", "app",
        "config", "errors", "run", "pipeline",
    )},
    "charts": "app.charts",
    "quantify": "measure.shares",
    "taxonomy": "labels.taxonomy",
    "propagate": "measure.propagate",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return importlib.import_module(f".{_MODULES[name]}", __name__)
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'demandlens' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
