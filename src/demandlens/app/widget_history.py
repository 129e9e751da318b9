"""Undo and redo for the workbench: a list of edits, each knowing the state before and after.

An edit is a label change (one theme's label before and after) or a theme edit (the whole
run before and after, plus the labels it touched). Undo and redo only *pick* a state; the
workbench writes it through the same paths as any edit (``LabelStore.save``, ``Run.save``),
so what the history shows as undone is what is on disk.

Example:
    >>> h = EditHistory()
    >>> h.push(Edit("name of th-1", labels_before={"th-1": None}, labels_after={"th-1": "x"}))
    >>> h.undo().description, h.can_undo, h.can_redo
    ('name of th-1', False, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Edit", "EditHistory"]


@dataclass
class Edit:
    """One undoable edit.

    Attributes:
        description: what the analyst did, in words ("merged th-1 into th-2").
        labels_before / labels_after: ``{theme_key: ThemeLabel | None}`` for the themes the edit
            changed (None: the theme had no label).
        run_before / run_after: the whole Run, for theme edits only.
        select: theme to show after undo (``[0]``) and redo (``[1]``).
    """

    description: str
    labels_before: dict[str, Any] = field(default_factory=dict)
    labels_after: dict[str, Any] = field(default_factory=dict)
    run_before: Any = None
    run_after: Any = None
    select: tuple[str | None, str | None] = (None, None)

    @property
    def is_theme_edit(self) -> bool:
        return self.run_before is not None


class EditHistory:
    """Undo/redo stacks. A new edit clears the redo stack; at most ``limit_runs`` theme edits
    keep their runs in memory (older ones drop out of the history)."""

    def __init__(self, limit_runs: int = 20) -> None:
        self.done: list[Edit] = []
        self.undone: list[Edit] = []
        self.limit_runs = limit_runs

    @property
    def can_undo(self) -> bool:
        return bool(self.done)

    @property
    def can_redo(self) -> bool:
        return bool(self.undone)

    def push(self, edit: Edit) -> None:
        self.done.append(edit)
        self.undone.clear()
        theme_edits = [i for i, e in enumerate(self.done) if e.is_theme_edit]
        if len(theme_edits) > self.limit_runs:
            del self.done[: theme_edits[0] + 1]

    def undo(self) -> Edit | None:
        if not self.done:
            return None
        edit = self.done.pop()
        self.undone.append(edit)
        return edit

    def redo(self) -> Edit | None:
        if not self.undone:
            return None
        edit = self.undone.pop()
        self.done.append(edit)
        return edit

    def summary(self) -> dict[str, list[str]]:
        """``{"undo": [oldest … newest], "redo": [furthest … next]}`` descriptions."""
        return {"undo": [e.description for e in self.done],
                "redo": [e.description for e in self.undone]}
