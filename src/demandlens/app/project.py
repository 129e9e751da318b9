"""One project, one config: what every notebook and the CLI open first.

``dl.open_project(".")`` looks for ``demandlens.yaml`` in the folder and in the folders above
it (so a notebook in ``PROJECT/notebooks/`` finds its project), reads the config once and
resolves every path from it: the month's export, the labels and taxonomy files, the embedding
cache, the runs and the reports (``project:`` section of the config). The CLI opens the
project the same way, so a notebook and ``demandlens run`` always see the same config.

Example:
    >>> import tempfile, pathlib
    >>> from demandlens.app.scaffold import init_project
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = init_project(d)
    ...     _ = (pathlib.Path(d) / "data" / "raw" / "2026-11.csv").write_text("id,body\\n1,hej\\n")
    ...     project = open_project(pathlib.Path(d) / "notebooks")
    ...     project.root == pathlib.Path(d).resolve(), project.export().name
    (True, '2026-11.csv')
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..config import ConfigError, PipelineConfig
from ..errors import InputError
from ..run import Run
from .run_folders import config_key, file_sha256, free_folder, run_name, run_record

__all__ = ["Project", "open_project", "CONFIG_FILE", "EXPORT_SUFFIXES"]

log = logging.getLogger(__name__)

#: The project's config file; the folder holding it is the project root.
CONFIG_FILE = "demandlens.yaml"
#: Files in the raw folder that count as exports.
EXPORT_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".json", ".jsonl", ".ndjson",
                   ".parquet")


def open_project(path: str | Path = ".", config: str | Path | None = None) -> Project:
    """Open the analyst project at ``path``, or the nearest folder above it with a config.

    Args:
        path: The project folder or any folder inside it (e.g. ``notebooks/``).
        config: A config file to use instead of the project's ``demandlens.yaml``.

    Returns:
        The :class:`Project`. Without a ``demandlens.yaml`` in ``path`` or above it, ``path``
        itself is the project and every setting takes its default (its summary says so).
    """
    start = Path(path).expanduser().resolve()
    if not start.exists():
        raise InputError("The project folder does not exist.", file=str(start),
                         hint="Create a project with `demandlens init <folder>`.")
    if start.is_file():
        start = start.parent
    found = next((d for d in (start, *start.parents) if (d / CONFIG_FILE).is_file()), None)
    root = found or start
    config_path = (Path(config).expanduser().resolve() if config is not None
                   else root / CONFIG_FILE if found else None)
    cfg = PipelineConfig.from_yaml(config_path) if config_path else PipelineConfig()
    return Project(root=root, config=cfg, config_path=config_path)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


@dataclass(frozen=True, repr=False)
class Project:
    """An analyst project: its root folder, its config and every path resolved from them.

    Notebooks call its methods (:meth:`run`, :meth:`current_run`, :meth:`labels`,
    :meth:`workbench`, :meth:`export_tables`, :meth:`summary`, :meth:`changes`); the CLI calls
    the same ones.
    """

    root: Path
    config: PipelineConfig
    config_path: Path | None = None
    #: What the last :meth:`run` of a run folder did (reused, labels added), for summaries.
    notes: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)

    # -- paths --------------------------------------------------------------------------------
    def path(self, value: str | Path) -> Path:
        """``value`` resolved against the project folder (absolute paths stay as they are)."""
        p = Path(value).expanduser()
        return p if p.is_absolute() else self.root / p

    @property
    def raw_dir(self) -> Path:
        return self.path(self.config.project.raw_dir)

    @property
    def runs_dir(self) -> Path:
        return self.path(self.config.project.runs_dir)

    @property
    def reports_dir(self) -> Path:
        return self.path(self.config.project.reports_dir)

    @property
    def labels_path(self) -> Path:
        return self.path(self.config.project.labels)

    @property
    def taxonomy_path(self) -> Path | None:
        """The project's taxonomy file, or None (the shipped default) while it has none."""
        path = self.path(self.config.project.taxonomy)
        return path if path.is_file() else None

    @property
    def cache_dir(self) -> Path | None:
        """The embedding cache folder (languages are remembered beside it); None when off."""
        from ..embed.backends import cache_root

        return cache_root(self.config.embed, self.root)

    def relative(self, path: str | Path | None) -> str:
        """``path`` as shown to the analyst: relative to the project folder when inside it."""
        if path is None:
            return "–"
        try:
            return str(Path(path).resolve().relative_to(self.root))
        except ValueError:
            return str(path)

    # -- the month's export -------------------------------------------------------------------
    def exports(self) -> list[Path]:
        """Export files in the raw folder, newest first (by modification time, then name)."""
        if not self.raw_dir.is_dir():
            return []
        files = [p for p in self.raw_dir.iterdir() if p.is_file() and not p.name.startswith(".")
                 and p.suffix.lower() in EXPORT_SUFFIXES]
        return sorted(files, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)

    def export_choice(self, export: str | Path | None = None) -> tuple[Path, str]:
        """``(path, why)``: the export to use and, in words, why that one."""
        if export is not None:
            given = Path(export).expanduser()
            if not given.is_absolute() and not given.exists() and (self.root / given).exists():
                given = self.root / given  # relative to the project, as in a notebook
            return given.resolve(), "given"
        if self.config.project.export:
            return self.path(self.config.project.export), f"project.export in {CONFIG_FILE}"
        files = self.exports()
        if not files:
            where = (f"{self.config_path}" if self.config_path else
                     f"a {CONFIG_FILE} (none found in {self.root} or above; make a project "
                     "with `demandlens init <folder>`)")
            raise InputError(
                f"No export found: the folder holds no ticket export ({', '.join(EXPORT_SUFFIXES)}).",
                file=str(self.raw_dir),
                hint=f"Copy this month's export into it, or name one under project.export in {where}.",
            )
        raw = self.relative(self.raw_dir)
        why = (f"the only export in {raw}/" if len(files) == 1 else
               f"the newest of {len(files)} exports in {raw}/; set project.export in "
               f"{CONFIG_FILE} to use another")
        return files[0].resolve(), why

    def export(self, export: str | Path | None = None) -> Path:
        """The export to use: ``export`` when given, else ``project.export`` of the config,
        else the newest file in the raw folder. Which one, and why, is logged."""
        path, why = self.export_choice(export)
        log.info("Export %s (%s).", self.relative(path), why)
        return path

    # -- stages -------------------------------------------------------------------------------
    def ingest(self, export: str | Path | None = None, progress: bool = True):  # noqa: ANN201
        """Read, clean, mask and language-tag the month's export (notebook 01).

        Returns the :class:`~demandlens.ingest.load.IngestResult`. No ticket text is written;
        the languages of new texts are remembered (by hash only) beside the embedding cache,
        so ``02`` does not detect them again.
        """
        from ..ingest.load import load_tickets

        return load_tickets(self.export(export), self.config, progress=progress,
                            cache_dir=self.cache_dir, project_dir=self.root)

    # -- runs ---------------------------------------------------------------------------------
    def runs(self) -> list[dict[str, Any]]:
        """The project's complete run folders, newest first, as plain records (``name``,
        ``path``, ``created_at``, ``input``, ``input_sha256``, ``n_themes``, ``accepted``,
        ``previous_run``, ``mode``, ``version``, ``config_key``)."""
        folders = sorted(self.runs_dir.iterdir()) if self.runs_dir.is_dir() else []
        records = [r for r in map(run_record, folders) if r is not None]
        return sorted(records, key=lambda r: (r["created_at"], r["name"]), reverse=True)

    def _same(self, record: dict[str, Any], sha: str) -> bool:
        from .. import __version__

        return (record["input_sha256"] == sha and record["version"] == __version__
                and record["config_key"] == config_key(self.config))

    def _run_of(self, sha: str) -> dict[str, Any] | None:
        return next((r for r in self.runs() if self._same(r, sha)), None)

    def current_run(self, export: str | Path | None = None) -> Run:
        """The run :meth:`run` made for the month's export with this config (notebooks 03–05).

        Raises:
            InputError: no such run yet; the message says to run notebook 02 or the CLI.
        """
        path = self.export(export)
        record = self._run_of(file_sha256(path)) if path.is_file() else None
        if record is None:
            raise InputError(
                f"No run of {path.name} with this config yet.", file=str(self.runs_dir),
                hint="Run All in notebooks/02_themes (or `demandlens run`) first.")
        return Run.open(record["path"])

    def latest_run(self) -> Run:
        """The project's newest run folder, whatever its export."""
        records = self.runs()
        if not records:
            raise InputError("The project has no run yet.", file=str(self.runs_dir),
                             hint="Run All in notebooks/02_themes (or `demandlens run`) first.")
        return Run.open(records[0]["path"])

    def previous_run(self, run: Run) -> Run | None:
        """The run ``run`` was matched to, when it was a re-run and that folder still exists."""
        prev = (run.manifest or {}).get("previous_run")
        if not prev:
            return None
        folder = self.path(prev)
        return Run.open(folder) if (folder / "manifest.json").is_file() else None

    def _previous(self, previous: Run | str | Path | None) -> Run | str | Path | None:
        if isinstance(previous, str) and previous == "auto":
            records = self.runs()
            if not records:
                return None
            prev_embed = PipelineConfig.from_yaml(records[0]["path"] / "config.yaml").embed
            if (prev_embed.backend, prev_embed.model, prev_embed.e5_mode) != (
                    self.config.embed.backend, self.config.embed.model, self.config.embed.e5_mode):
                log.warning("Not matching to %s: it was embedded with another model.",
                            records[0]["path"])
                return None
            return records[0]["path"]
        return previous

    def run(self, export: str | Path | None = None, *, out: str | Path | None = None,
            previous: Run | str | Path | None = "auto", mode: str | None = None,
            progress: bool = True) -> Run:
        """Themes for the month's export: the run already made, or a new one (notebook 02).

        A run of the same export file with the same config and demandlens version is reopened
        as it is, theme edits included; nothing is recomputed or rewritten. Otherwise a new
        folder ``runs/<export name>`` (``-2``, ``-3`` … when taken) is written. With
        ``previous="auto"`` a new run is matched to the project's newest run, so themes keep
        their keys and labels; suggestions for split and merged themes are *added* to the labels
        file (no entry in it is changed or removed).

        Args:
            export: The export; None resolves it as :meth:`export` does.
            out: Run folder to write instead of ``runs/<export name>``. A folder holding a run of
                another export or config is never overwritten.
            previous: ``"auto"`` (the newest run), a run or run folder, or None (fresh themes).
            mode: Re-run mode, ``"rebuild"`` or ``"assign"``; None takes ``match.mode``.
            progress: Show progress for every stage.
        """
        if mode not in (None, "rebuild", "assign"):
            raise ConfigError(f"mode must be 'rebuild' or 'assign', got {mode!r}.")
        from ..ingest.readers import check_input

        path, why = self.export_choice(export)
        check_input(path)  # missing, a folder, empty, not an export: said now, with the file
        log.info("Export %s (%s).", self.relative(path), why)
        sha = file_sha256(path)
        target = self.path(out) if out is not None else None
        if (target is not None and isinstance(previous, (str, Path)) and previous != "auto"
                and self.path(previous).resolve() == target.resolve()):
            raise InputError(
                "--out is the previous run's folder; the new run would overwrite last month's.",
                file=str(target), hint="Write the new run to a new folder, e.g. runs/2026-07.")
        record = self._run_of(sha) if target is None else self._reusable_at(target, sha)
        if record is not None:
            log.info("Reusing %s: a run of %s with the same config (made %s).",
                     self.relative(record["path"]), path.name, record["created_at"])
            run = Run.open(record["path"])
            self.notes[str(run.path)] = {"export_why": why, "reused": True, "added": []}
            return run
        from ..pipeline import run_pipeline  # imported only when a run is built

        if self.labels_path.exists():  # a broken labels file (or a folder) stops the run now
            from ..labels.store import LabelStore

            LabelStore(self.labels_path).load()
        prev = self._previous(previous)
        target = target or free_folder(self.runs_dir, run_name(path))
        run = run_pipeline(path, target, self.config, previous=prev, mode=mode,
                           project_dir=self.root, progress=progress, labels=self.labels() or None)
        added: list[str] = []
        revived: list[str] = []
        if run.mapping is not None:
            from ..rerun.carry import carry_labels_to_file

            before = self.labels()
            after = carry_labels_to_file(run, self.labels_path)
            added = [k for k in after if k not in before]
            revived = [k for k in before if after.get(k) != before[k]]  # stale "vanished" only
        self.notes[str(run.path)] = {"export_why": why, "reused": False, "added": added,
                                     "revived": revived}
        return run

    def _reusable_at(self, folder: Path, sha: str) -> dict[str, Any] | None:
        """The run in ``folder`` when it is this export and config; refuses any other run."""
        if not (folder / "manifest.json").is_file():
            return None
        record = run_record(folder)
        if record is not None and self._same(record, sha):
            return record
        raise InputError(
            "This folder holds a run of another export or config; it is never overwritten.",
            file=str(folder),
            hint="Choose another --out folder, or leave --out out to get runs/<export name>.")

    # -- labels -------------------------------------------------------------------------------
    def labels(self) -> dict[str, Any]:
        """The project's labels (``{theme_key: ThemeLabel}``; empty before the first label)."""
        from ..labels.edits import load_labels

        return load_labels(self.labels_path) if self.labels_path.is_file() else {}

    def taxonomy(self):  # noqa: ANN201 - labels.taxonomy.Taxonomy
        """The project's taxonomy (its file, else the shipped default)."""
        from ..labels.taxonomy import load_taxonomy

        return load_taxonomy(self.taxonomy_path)

    def workbench(self, run: Run | None = None):  # noqa: ANN201 - the labelling widget
        """The labelling workbench on ``run`` (default: :meth:`current_run`), saving to the
        project's labels file with the project's taxonomy (notebook 03)."""
        from .widget import label

        return label(run if run is not None else self.current_run(), self.labels_path,
                     taxonomy_path=self.taxonomy_path, project_dir=self.root)

    # -- outputs ------------------------------------------------------------------------------
    def reports_for(self, run: Run) -> Path:
        """The run's output folder: ``reports/<run name>/``."""
        return self.reports_dir / (run.path.name if run.path is not None else "run")

    def export_tables(self, run: Run | None = None, *, include_text: bool = True,
                      sep: str = ";", bom: bool = True, excel: bool = True) -> dict[str, Path]:
        """Write ``themes.csv``, ``tickets.csv`` and the Excel workbook for a run (notebook 04).

        Args:
            run: The run (default: :meth:`current_run`).
            include_text: Put each ticket's subject and cleaned, masked text in ``tickets.csv``.
            sep, bom: ``";"`` and a byte-order mark suit Nordic Excel; ``","`` without for tools.
            excel: Also write ``<run name>.xlsx`` (sheets Themes, Tickets, By process).
        """
        from .exports import export_tables

        run = run if run is not None else self.current_run()
        return export_tables(run, self.labels(), self.reports_for(run), bom=bom, sep=sep,
                             include_text=include_text, excel=excel, taxonomy=self.taxonomy())

    def report(self, run: Run | None = None) -> Path:
        """Write the self-contained HTML report of a run to ``reports/<run name>/report.html``."""
        from .report_html import html_report

        run = run if run is not None else self.current_run()
        return html_report(run, self.labels(), self.reports_for(run) / "report.html",
                           config=self.config, taxonomy=self.taxonomy(),
                           previous=self.previous_run(run))

    def compare(self, run: Run | None = None) -> pd.DataFrame:
        """Failure demand per process against the previous run (notebook 05, the report):
        :func:`~demandlens.measure.trend.compare_runs`; no rows on the project's first run."""
        from ..measure.trend import COMPARE_COLUMNS, compare_runs

        run = run if run is not None else self.current_run()
        prev = self.previous_run(run)
        if prev is None:
            return pd.DataFrame(columns=COMPARE_COLUMNS)
        return compare_runs(prev, run, self.labels(), config=self.config,
                            taxonomy=self.taxonomy())

    def summary(self, run: Run):  # noqa: ANN201 - summary.RunSummary
        """What a run holds, in names: accounting, themes, the match to the previous run and
        what was added to the labels file (notebook 02, ``demandlens run``)."""
        from .summary import RunSummary

        return RunSummary.of(self, run)

    def changes(self, run: Run | None = None):  # noqa: ANN201 - summary.RunChanges
        """What changed since the previous run, theme by theme, in names (notebook 05)."""
        from .summary import RunChanges

        return RunChanges.of(self, run if run is not None else self.current_run())

    # -- display ------------------------------------------------------------------------------
    def describe(self) -> list[tuple[str, str]]:
        """``(what, where)`` rows: the folders and files this project resolved."""
        try:
            path, why = self.export_choice()
            export = f"{self.relative(path)} ({why})"
        except InputError as exc:
            export = str(exc)
        n_labels = len(self.labels()) if self.labels_path.is_file() else 0
        return [
            ("project", str(self.root)),
            ("config", self.relative(self.config_path) if self.config_path
             else f"defaults (no {CONFIG_FILE} in {self.root} or above)"),
            ("export", export),
            ("labels", f"{self.relative(self.labels_path)} ({_count(n_labels, 'theme')} labelled)"),
            ("taxonomy", self.relative(self.taxonomy_path) if self.taxonomy_path
             else "the shipped default"),
            ("embedding cache", self.relative(self.cache_dir) if self.cache_dir else "off"),
            ("runs", f"{self.relative(self.runs_dir)}/ ({_count(len(self.runs()), 'run')})"),
            ("reports", f"{self.relative(self.reports_dir)}/"),
        ]

    def __str__(self) -> str:
        rows = self.describe()
        width = max(len(k) for k, _ in rows)
        return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)

    __repr__ = __str__  # what a notebook shows where HTML is not rendered

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
                       f"<td style='text-align:left'>{html.escape(v)}</td></tr>"
                       for k, v in self.describe())
        return f"<table>{rows}</table>"
