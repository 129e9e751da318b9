"""Run folders on disk: written whole or not at all, checked when read.

:func:`write_folder` builds the next version of a run folder in a staging folder beside it
(``.<name>.saving-<pid>-…``), writes ``complete.json`` last (every file with its size), then
swaps the staging folder into place in one step (:func:`demandlens.fileio.replace_dir`). A
crash or a kill at any point leaves the previous folder or the new one, never a mix, and a
fresh run into a reused folder leaves nothing of the old run behind (no stale
``mapping.parquet``).

:func:`read_folder` refuses a folder whose ``complete.json`` is missing or whose files do not
match it, and checks that the parts agree (tickets against the manifest's count, centroids
against themes, theme keys of tickets against the themes table), so ``Run.open``, ``export``
and ``report`` never work on a half-written or mixed folder. Folders written before the
marker existed are read when their parts agree.

Only the columns in :data:`TICKET_COLUMNS` (plus the export columns the analyst kept with
``ingest.keep_columns``, masked at ingest) reach ``tickets.parquet``; anything else on the
tickets table stays in memory (``raw_text`` among them).
"""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError
from .fileio import remove_stale_staging, replace_dir, staging_dir

__all__ = [
    "MARKER",
    "ARTEFACTS",
    "TICKET_COLUMNS",
    "REJECTED_COLUMNS",
    "JSON_COLUMNS",
    "write_folder",
    "read_folder",
    "is_run_folder",
    "check_target",
    "saved_ticket_columns",
]

log = logging.getLogger(__name__)

MARKER = "complete.json"
FORMAT = 2
#: Files a run folder holds; everything else in it (``export/``, ``report.html``) is output
#: made from them.
ARTEFACTS = (
    "tickets.parquet", "rejected.parquet", "themes.parquet", "centroids.npy", "config.yaml",
    "manifest.json", "operations.json", "mapping.parquet", "embeddings.npy", "alerts.csv",
    MARKER,
)
#: Ticket columns written to ``tickets.parquet``: the ingest columns and the theme columns.
#: A stage that adds a ticket column must add it here to have it saved.
TICKET_COLUMNS = (
    "ticket_id", "row_number", "created_at", "channel", "queue", "subject", "text", "language",
    "content_hash", "duplicate_text", "theme_id", "theme_key", "is_outlier", "reassigned",
    "x", "y", "in_fit_sample", "placed_by", "customer_key",
)
#: Columns of ``rejected.parquet``: where a row was and why it was rejected, never its cells.
REJECTED_COLUMNS = ("row_number", "ticket_id", "column", "reason", "detail")
#: Columns holding lists/dicts; stored as JSON strings in Parquet, objects in memory.
JSON_COLUMNS = (
    "keywords", "representative_ids", "languages", "previous_keys", "current_keys", "channels",
)


def saved_ticket_columns(tickets: pd.DataFrame, kept: tuple[str, ...] = ()) -> list[str]:
    """The columns of ``tickets`` that may be written: the allow-list, then kept extras."""
    extra = {c for k in kept for c in (k, f"src_{k}")}
    return [c for c in tickets.columns if c in TICKET_COLUMNS or c in extra]


def write_folder(target: str | Path, parts: dict[str, Any], keep_outputs: bool) -> Path:
    """Write a run folder whole; ``parts`` maps artefact names to frames, arrays or text.

    With ``keep_outputs``, the files in the old folder that are not artefacts (exports, the
    report) are copied into the new one; otherwise the new folder holds the artefacts only.
    """
    target = Path(target)
    check_target(target)
    remove_stale_staging(target)
    staged = staging_dir(target)
    try:
        sizes = {}
        for name, value in parts.items():
            _write_part(staged / name, value)
            sizes[name] = (staged / name).stat().st_size
        if keep_outputs and target.is_dir():
            for entry in target.iterdir():
                if entry.name in ARTEFACTS:
                    continue
                if entry.is_dir():
                    shutil.copytree(entry, staged / entry.name, symlinks=True)
                else:
                    shutil.copy2(entry, staged / entry.name)
        marker = {"format": FORMAT, "files": sizes}
        _write_part(staged / MARKER, json.dumps(marker, indent=2))
        replace_dir(staged, target)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return target


def check_target(target: str | Path) -> None:
    """Raise unless ``target`` may hold a run: new, an empty folder, or a run folder."""
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise InputError("This is a file, not a folder; a run is saved as a folder.",
                         file=str(target), hint="Choose another --out.")
    if target.is_dir() and not is_run_folder(target) and any(target.iterdir()):
        raise InputError(
            "This folder holds files but no demandlens run; saving a run here would replace "
            "them.", file=str(target), hint="Choose a new or empty folder for --out.")


def _write_part(path: Path, value: Any) -> None:
    with open(path, "wb") as fh:
        if isinstance(value, pd.DataFrame):
            _frame_for_parquet(value).to_parquet(fh, index=False)
        elif isinstance(value, np.ndarray):
            buf = io.BytesIO()
            np.save(buf, np.asarray(value, dtype=np.float32))
            fh.write(buf.getvalue())
        else:
            fh.write(str(value).encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())


def _frame_for_parquet(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in JSON_COLUMNS:
        if col in out.columns:
            out[col] = [json.dumps(v, ensure_ascii=False, default=_json_default) for v in out[col]]
    return out


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return str(value)


def is_run_folder(path: str | Path) -> bool:
    """True when ``path`` is a folder holding a run (complete or not)."""
    path = Path(path)
    return path.is_dir() and ((path / MARKER).exists() or (path / "manifest.json").exists())


def _bad(path: Path, message: str, hint: str | None = None) -> InputError:
    return InputError(message, file=str(path), hint=hint or (
        "The folder was damaged or its saving was interrupted. Run `demandlens run` again "
        "into a new folder; last month's run stays usable."))


def read_folder(path: str | Path) -> dict[str, Any]:
    """The parts of a run folder, checked (see the module docstring); raises InputError."""
    path = Path(path)
    if not path.is_dir():
        raise InputError("There is no run folder here." if not path.exists() else
                         "This is a file, not a run folder.", file=str(path),
                         hint="Pass the folder given to `demandlens run --out`.")
    marker = path / MARKER
    if marker.exists():
        try:
            listed = json.loads(marker.read_text(encoding="utf-8"))["files"]
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            raise _bad(marker, f"The completeness marker cannot be read ({exc}).") from exc
        for name, size in listed.items():
            f = path / name
            if not f.exists() or f.stat().st_size != size:
                raise _bad(f, "This file is missing or not the one the run folder was saved "
                           "with (its size differs).")
    elif (path / "manifest.json").exists():
        listed = {n: None for n in ARTEFACTS if (path / n).exists()}
        log.warning("%s has no %s (saved by an older demandlens); checking that its parts "
                    "agree.", path, MARKER)
    else:
        raise InputError("This is not a demandlens run folder (no manifest.json).",
                         file=str(path), hint="Pass the folder given to `demandlens run --out`.")
    for required in ("manifest.json", "tickets.parquet", "themes.parquet", "config.yaml"):
        if required not in listed:
            raise _bad(path / required, "The run folder lacks this file.")
    parts: dict[str, Any] = {}
    try:
        parts["manifest"] = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise _bad(path / "manifest.json", f"The manifest is not valid JSON ({exc}).") from exc
    if not isinstance(parts["manifest"], dict):
        raise _bad(path / "manifest.json", "The manifest must hold a JSON object.")
    for name in ("tickets", "rejected", "themes", "mapping"):
        f = path / f"{name}.parquet"
        parts[name] = _read_parquet(f) if f"{name}.parquet" in listed else None
    f = path / "centroids.npy"
    try:
        parts["centroids"] = np.load(f, allow_pickle=False) if "centroids.npy" in listed else None
    except (ValueError, OSError, EOFError) as exc:
        raise _bad(f, f"The centroids cannot be read ({exc}).") from exc
    f = path / "operations.json"
    try:
        parts["operations"] = (json.loads(f.read_text(encoding="utf-8"))
                               if "operations.json" in listed else [])
    except (ValueError, UnicodeDecodeError) as exc:
        raise _bad(f, f"The theme operations are not valid JSON ({exc}).") from exc
    _check_agree(path, parts)
    return parts


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        df = pd.read_parquet(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises many kinds on a damaged file
        raise _bad(path, f"This Parquet file cannot be read ({type(exc).__name__}: {exc}).") from exc
    for col in JSON_COLUMNS:
        if col in df.columns:
            df[col] = [json.loads(v) if isinstance(v, str) else v for v in df[col]]
    return df


def _check_agree(path: Path, parts: dict[str, Any]) -> None:
    tickets, themes, cents = parts["tickets"], parts["themes"], parts["centroids"]
    accepted = (parts["manifest"].get("accounting") or {}).get("accepted")
    if accepted is not None and accepted != len(tickets):
        raise _bad(path / "tickets.parquet", f"It holds {len(tickets)} tickets but the manifest "
                   f"says {accepted}: the folder mixes two runs.")
    if "theme_key" not in themes.columns or "ticket_id" not in tickets.columns:
        raise _bad(path, "themes.parquet or tickets.parquet lacks its key column.")
    if cents is not None and len(cents) != len(themes):
        raise _bad(path / "centroids.npy", f"It holds {len(cents)} centroids for "
                   f"{len(themes)} themes: the folder mixes two runs.")
    if "theme_key" in tickets.columns:
        keys = set(themes["theme_key"].astype(str))
        used = set(tickets["theme_key"].dropna().astype(str))
        missing = used - keys
        if missing:
            raise _bad(path / "themes.parquet", f"{len(missing)} theme keys of the tickets are "
                       "not in the themes table: the folder mixes two runs.")
