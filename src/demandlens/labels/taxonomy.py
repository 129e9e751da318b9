"""The process taxonomy: which processes can fail, their sub-processes, and failure types.

A default ships in ``resources/taxonomy.yaml``; the analyst's own file wins. :class:`TaxonomyFile`
re-reads the file when it changes on disk, so edits apply without restarting the kernel.

Example:
    >>> tax = load_taxonomy()
    >>> tax.process("delivery").name
    'Delivery'
    >>> "done_late" in tax.failure_type_ids
    True
"""

from __future__ import annotations

import difflib
import logging
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import DemandLensError
from .yamllines import YamlSyntaxError, line_of, load_yaml_with_lines

__all__ = [
    "Process",
    "FailureType",
    "Taxonomy",
    "TaxonomyError",
    "TaxonomyFile",
    "load_taxonomy",
    "default_taxonomy_text",
]

log = logging.getLogger(__name__)


class TaxonomyError(DemandLensError):
    """The taxonomy file is invalid, or a label names a process the taxonomy does not know."""


@dataclass(frozen=True)
class Process:
    """A process that can fail, e.g. ``delivery`` with sub-process ``last_mile``."""

    id: str
    name: str
    description: str = ""
    sub_processes: tuple[str, ...] = ()
    #: Other words for it (e.g. Swedish, Danish, Norwegian) that the process picker matches.
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class FailureType:
    """How a process failed, e.g. ``done_late``."""

    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Taxonomy:
    """Processes and failure types, with lookups by id."""

    processes: tuple[Process, ...]
    failure_types: tuple[FailureType, ...]
    source: str = "<default>"
    _by_id: dict[str, Process] = field(default_factory=dict, repr=False, compare=False)
    _ft_by_id: dict[str, FailureType] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id.update({p.id: p for p in self.processes})
        self._ft_by_id.update({f.id: f for f in self.failure_types})

    @property
    def process_ids(self) -> list[str]:
        return [p.id for p in self.processes]

    @property
    def failure_type_ids(self) -> list[str]:
        return [f.id for f in self.failure_types]

    def process(self, process_id: str) -> Process:
        """The process with this id; raises :class:`TaxonomyError` naming close matches."""
        self.validate_process(process_id)
        return self._by_id[process_id]

    def failure_type(self, failure_type_id: str) -> FailureType:
        """The failure type with this id; raises :class:`TaxonomyError` if unknown."""
        self.validate_failure_type(failure_type_id)
        return self._ft_by_id[failure_type_id]

    def validate_process(self, process_id: str, sub_process: str | None = None) -> None:
        """Raise :class:`TaxonomyError` if the process (or its sub-process) is unknown."""
        if process_id not in self._by_id:
            raise TaxonomyError(_unknown("process", process_id, self.process_ids, self.source))
        subs = self._by_id[process_id].sub_processes
        if sub_process and sub_process not in subs:
            raise TaxonomyError(
                _unknown(f"sub-process of '{process_id}'", sub_process, list(subs), self.source)
            )

    def validate_failure_type(self, failure_type_id: str) -> None:
        """Raise :class:`TaxonomyError` if the failure type is unknown."""
        if failure_type_id not in self._ft_by_id:
            raise TaxonomyError(
                _unknown("failure type", failure_type_id, self.failure_type_ids, self.source)
            )


def _unknown(what: str, value: str, known: list[str], source: str) -> str:
    close = difflib.get_close_matches(str(value), known, n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return (
        f"Unknown {what} '{value}'.{hint} Known: {', '.join(known) or '(none)'}. "
        f"Add it to the taxonomy ({source}) or pick a known id."
    )


def default_taxonomy_text() -> str:
    """The YAML text of the taxonomy shipped with the package (a template for your own)."""
    return resources.files("demandlens").joinpath("resources/taxonomy.yaml").read_text("utf-8")


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Load a taxonomy file, or the packaged default when ``path`` is None.

    Raises:
        TaxonomyError: the file is missing, not valid YAML, or has the wrong shape; the
            message names the file and line.
    """
    if path is None:
        return parse_taxonomy(default_taxonomy_text(), source="<default taxonomy>")
    path = Path(path)
    if not path.exists():
        raise TaxonomyError(
            f"Taxonomy file {path} does not exist. Start from the default: "
            "Path('taxonomy.yaml').write_text(demandlens.labels.taxonomy.default_taxonomy_text())"
        )
    return parse_taxonomy(path.read_text(encoding="utf-8"), source=str(path))


def parse_taxonomy(text: str, source: str = "<text>") -> Taxonomy:
    """Parse and validate taxonomy YAML text (see :func:`load_taxonomy`)."""
    try:
        data, lines = load_yaml_with_lines(text)
    except YamlSyntaxError as exc:
        raise TaxonomyError(f"{source}, {exc}") from exc

    def fail(path: tuple[Any, ...], message: str) -> TaxonomyError:
        line = line_of(lines, path)
        where = f"{source}, line {line}" if line else source
        return TaxonomyError(f"{where}: {message}")

    if not isinstance(data, dict):
        raise fail((), "the taxonomy must be a mapping with 'processes' and 'failure_types'.")
    unknown = sorted(set(data) - {"processes", "failure_types"})
    if unknown:
        raise fail((unknown[0],), f"unknown key '{unknown[0]}' (expected processes, failure_types).")
    processes = [
        Process(
            id=item["id"],
            name=str(item.get("name") or item["id"]),
            description=str(item.get("description") or ""),
            sub_processes=tuple(_sub_processes(item, ("processes", i), fail)),
            aliases=tuple(_aliases(item, ("processes", i), fail)),
        )
        for i, item in enumerate(_items(data, "processes", {"sub_processes", "aliases"}, fail))
    ]
    failure_types = [
        FailureType(
            id=item["id"],
            name=str(item.get("name") or item["id"]),
            description=str(item.get("description") or ""),
        )
        for item in _items(data, "failure_types", set(), fail)
    ]
    return Taxonomy(tuple(processes), tuple(failure_types), source=source)


def _items(data: dict, section: str, extra: set[str], fail: Any) -> list[dict]:
    items = data.get(section) or []
    if not isinstance(items, list):
        raise fail((section,), f"'{section}' must be a list of entries with id and name.")
    allowed = {"id", "name", "description"} | extra
    seen: set[str] = set()
    for i, item in enumerate(items):
        if not isinstance(item, dict) or "id" not in item:
            raise fail((section, i), f"each entry of '{section}' needs an 'id' (got {item!r}).")
        bad = sorted(set(item) - allowed)
        if bad:
            raise fail((section, i, bad[0]), f"unknown field '{bad[0]}' in {section} entry "
                       f"'{item['id']}' (allowed: {', '.join(sorted(allowed))}).")
        if not isinstance(item["id"], str) or not item["id"].strip():
            raise fail((section, i, "id"), f"ids in '{section}' must be non-empty text.")
        if item["id"] in seen:
            raise fail((section, i, "id"), f"duplicate id '{item['id']}' in '{section}'.")
        seen.add(item["id"])
    return items


def _sub_processes(item: dict, path: tuple[Any, ...], fail: Any) -> list[str]:
    subs = item.get("sub_processes") or []
    if not isinstance(subs, list) or not all(isinstance(s, str) for s in subs):
        raise fail((*path, "sub_processes"), "sub_processes must be a list of ids, e.g. [last_mile].")
    return subs


def _aliases(item: dict, path: tuple[Any, ...], fail: Any) -> list[str]:
    aliases = item.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise fail((*path, "aliases"), "aliases must be a list of words, e.g. [leverans, levering].")
    return [a.strip() for a in aliases]


class TaxonomyFile:
    """A taxonomy that follows its file: :meth:`current` re-reads it after an edit.

    If an edit breaks the file, :meth:`current` keeps returning the last good taxonomy and
    :attr:`error` holds the message (None when the file is fine).
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.error: str | None = None
        self._stamp: tuple[int, int] | None = None
        self._taxonomy: Taxonomy | None = None

    def current(self) -> Taxonomy:
        """The taxonomy as the file is now (re-read only when its mtime or size changed)."""
        if self.path is None:
            if self._taxonomy is None:
                self._taxonomy = load_taxonomy(None)
            return self._taxonomy
        try:
            st = os.stat(self.path)
            stamp = (st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            stamp = None
        if self._taxonomy is not None and stamp == self._stamp:
            return self._taxonomy
        try:
            self._taxonomy = load_taxonomy(self.path)
            self.error = None
            if self._stamp is not None:
                log.info("Reloaded taxonomy from %s", self.path)
        except TaxonomyError as exc:
            if self._taxonomy is None:
                raise
            self.error = str(exc)
            log.warning("Keeping the previous taxonomy: %s", exc)
        self._stamp = stamp
        return self._taxonomy
