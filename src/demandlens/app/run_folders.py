"""The project's run folders: which run an export and config already have, and new names.

A run is identified by what decides its themes: the export file's sha256, the config (without
the project's paths) and the demandlens version. :class:`demandlens.app.project.Project`
reuses a run with the same identity instead of building it again, and never writes into a
folder that holds another run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path
from typing import Any

from ..config import ConfigError, PipelineConfig

__all__ = ["file_sha256", "config_key", "run_record", "run_name", "free_folder", "RUN_FILES"]

log = logging.getLogger(__name__)

#: Files every complete run folder holds.
RUN_FILES = ("manifest.json", "config.yaml", "tickets.parquet", "themes.parquet")


def file_sha256(path: str | Path) -> str:
    """sha256 hex of a file, as recorded in a run's manifest (``input_sha256``)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def config_key(config: PipelineConfig) -> str:
    """What decides a run's themes: the config without the project's paths and progress."""
    data = config.to_dict()
    data.pop("project", None)
    data.get("embed", {}).pop("progress", None)
    return json.dumps(data, sort_keys=True, default=str)


def run_record(folder: Path) -> dict[str, Any] | None:
    """What a run folder holds, from its manifest and config (None unless it is complete).

    Hidden folders (``.<name>.saving-…`` while a run is being written) are never runs.
    """
    if folder.name.startswith(".") or not all((folder / name).is_file() for name in RUN_FILES):
        return None
    try:
        m = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        key = config_key(PipelineConfig.from_yaml(folder / "config.yaml"))
    except (OSError, ValueError, ConfigError) as exc:
        log.warning("Skipping run folder %s: %s", folder, exc)
        return None
    return {
        "name": folder.name, "path": folder, "created_at": str(m.get("created_at", "")),
        "input": m.get("input"), "input_sha256": m.get("input_sha256"),
        "n_themes": m.get("n_themes"), "accepted": m.get("accounting", {}).get("accepted"),
        "previous_run": m.get("previous_run"), "mode": m.get("mode"),
        "version": m.get("demandlens_version"), "config_key": key,
    }


def run_name(export: Path) -> str:
    """A run folder name from the export's file name (``zendesk 2026-11.csv`` -> ``zendesk-2026-11``)."""
    return re.sub(r"[^0-9A-Za-z._-]+", "-", export.stem).strip("-.") or "run"


def free_folder(runs_dir: Path, name: str) -> Path:
    """``runs_dir/name``, or ``name-2``, ``name-3`` … when that folder exists."""
    target, n = runs_dir / name, 2
    while target.exists():
        target, n = runs_dir / f"{name}-{n}", n + 1
    return target
