"""The labels file on disk: validated load, atomic save with rolling backups, conflict detection.

Two notebooks may have the same labels file open. The store remembers the file's content hash
when it loads or saves; if the file changed on disk since then, :meth:`LabelStore.save` merges
per theme key (3-way: what we loaded, what we have, what is on disk) and raises
:class:`LabelConflictError` only when both sides changed the same theme.

Example:
    >>> import tempfile, pathlib
    >>> from demandlens.labels.schema import ThemeLabel
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> a, b = LabelStore(d / "labels.yaml"), LabelStore(d / "labels.yaml")
    >>> la, lb = a.load(), b.load()
    >>> _ = a.save({"th-1": ThemeLabel(name="Late parcel", demand_type="failure")})
    >>> sorted(b.save({"th-2": ThemeLabel(name="Opening hours", demand_type="value")}))
    ['th-1', 'th-2']
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from filelock import FileLock

from ..errors import DemandLensError
from ..fileio import atomic_write_text
from .schema import (
    LabelsFileError,
    ThemeLabel,
    check_against_taxonomy,
    dump_labels,
    parse_labels,
)
from .taxonomy import Taxonomy

__all__ = ["LabelStore", "LabelConflictError", "merge_labels"]

log = logging.getLogger(__name__)


class LabelConflictError(DemandLensError):
    """Another notebook or editor changed the same theme(s) in the labels file since we loaded it."""

    def __init__(self, path: Path, keys: list[str]) -> None:
        self.path, self.keys = path, keys
        super().__init__(
            f"{path} was changed by someone else (another notebook or an editor) since this "
            f"notebook loaded it, and both changed theme(s) {', '.join(keys)}. Nothing was "
            "written. Reload the labels (the workbench's Reload button, or store.load()), "
            "look at their version of these themes, re-apply your change and it will save."
        )


def merge_labels(
    base: dict[str, ThemeLabel], ours: dict[str, ThemeLabel], theirs: dict[str, ThemeLabel]
) -> tuple[dict[str, ThemeLabel], list[str]]:
    """3-way merge per theme key. Returns the merged labels and the keys both sides changed.

    A key changed (added, edited or removed) on one side only takes that side's version; a key
    both sides changed to the same value is fine; a key both changed differently is a conflict
    (the merged result keeps *theirs* for it).
    """
    merged: dict[str, ThemeLabel] = {}
    conflicts: list[str] = []
    for key in sorted(set(base) | set(ours) | set(theirs)):
        b, o, t = base.get(key), ours.get(key), theirs.get(key)
        if o == t or o == b:
            result = t
        elif t == b:
            result = o
        else:
            conflicts.append(key)
            result = t
        if result is not None:
            merged[key] = result
    return merged, conflicts


class LabelStore:
    """One project's labels file.

    Args:
        path: the labels file (created on first save).
        taxonomy: if given, :meth:`load` lists labels naming unknown processes in
            :attr:`warnings` (they are kept, never a crash).
        backups: how many rolling backups ``.labels.yaml.bak.1`` … ``.bak.N`` to keep.
    """

    def __init__(self, path: str | Path, taxonomy: Taxonomy | None = None, backups: int = 5) -> None:
        self.path = Path(path)
        self.taxonomy = taxonomy
        self.backups = backups
        self.warnings: list[str] = []
        self._base: dict[str, ThemeLabel] = {}
        self._hash: str | None = None
        self._lock = FileLock(str(self.path.with_name(f".{self.path.name}.lock")))

    # -- reading ---------------------------------------------------------------------------
    def _read(self) -> tuple[str | None, dict[str, ThemeLabel]]:
        if not self.path.exists():
            return None, {}
        try:
            text = read_labels_text(self.path)
            return _digest(text), parse_labels(text, source=str(self.path))
        except LabelsFileError as exc:
            raise self._with_backups(exc) from exc

    def _with_backups(self, exc: LabelsFileError) -> LabelsFileError:
        """The error, plus where the earlier versions of the file are, if any."""
        backups = self.backup_paths()
        if not backups:
            return exc
        names = ", ".join(p.name for p in backups)
        return LabelsFileError(
            f"{exc.message} Earlier versions are kept beside it ({names}, newest first): copy "
            f"one over {self.path.name} to go back to it.", file=exc.file, line=exc.line)

    def load(self, taxonomy: Taxonomy | None = None) -> dict[str, ThemeLabel]:
        """Read and validate the file (empty dict if it does not exist yet).

        Raises:
            LabelsFileError: invalid YAML or entry; the message names the line.
        """
        self._hash, labels = self._read()
        self._base = dict(labels)
        taxonomy = taxonomy or self.taxonomy
        self.warnings = check_against_taxonomy(labels, taxonomy, str(self.path)) if taxonomy else []
        for message in self.warnings:
            log.warning(message)
        return dict(labels)

    def changed_on_disk(self) -> bool:
        """True if the file is not what this store last loaded or saved."""
        return (_digest(read_labels_text(self.path)) if self.path.exists() else None) != self._hash

    # -- writing ---------------------------------------------------------------------------
    def save(self, labels: dict[str, ThemeLabel]) -> dict[str, ThemeLabel]:
        """Write ``labels`` atomically, merging changes another writer made meanwhile.

        Returns:
            The labels now in the file (ours plus any non-conflicting changes from disk);
            callers should continue from this value.

        Raises:
            LabelConflictError: both sides changed the same theme; nothing was written.
        """
        with self._lock:
            disk_hash, theirs = self._read() if self.path.exists() else (None, {})
            if disk_hash != self._hash:
                labels, conflicts = merge_labels(self._base, labels, theirs)
                if conflicts:
                    raise LabelConflictError(self.path, conflicts)
                log.info("Merged changes made to %s by another writer", self.path)
            text = dump_labels(labels)
            if disk_hash is not None and text == self.path.read_text(encoding="utf-8"):
                self._base, self._hash = dict(labels), disk_hash
                return dict(labels)
            self._rotate_backups()
            atomic_write_text(self.path, text)
            self._base, self._hash = dict(labels), _digest(text)
        return dict(labels)

    def backup_paths(self) -> list[Path]:
        """Existing backups, newest first."""
        paths = [self._backup(i) for i in range(1, self.backups + 1)]
        return [p for p in paths if p.exists()]

    def _backup(self, i: int) -> Path:
        return self.path.with_name(f".{self.path.name}.bak.{i}")

    def _rotate_backups(self) -> None:
        if self.backups <= 0 or not self.path.exists():
            return
        for i in range(self.backups - 1, 0, -1):
            if self._backup(i).exists():
                self._backup(i).replace(self._backup(i + 1))
        atomic_write_text(self._backup(1), self.path.read_text(encoding="utf-8"))


def read_labels_text(path: Path) -> str:
    """The text of a labels file; LabelsFileError when it is a folder or not UTF-8."""
    if path.is_dir():
        raise LabelsFileError("this is a folder, not a labels file.", file=str(path))
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LabelsFileError(
            "the file is not UTF-8 text (it was probably saved as cp1252/ANSI). Save it as "
            "UTF-8 in your editor, or convert it: iconv -f cp1252 -t utf-8.",
            file=str(path), line=line) from exc


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
