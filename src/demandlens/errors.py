"""Errors that speak to the analyst: which file, row, column, and what to do."""

from __future__ import annotations

__all__ = ["DemandLensError", "InputError", "ModelError"]


class DemandLensError(Exception):
    """Base class of every error demandlens raises on purpose."""


class InputError(DemandLensError):
    """A problem with an input file, located as precisely as possible.

    Example:
        >>> str(InputError("Unparsable date '31/13/2025'", file="export.csv", row=17,
        ...                column="created_at", hint="Set ingest.date_format."))
        "export.csv, row 17, column 'created_at': Unparsable date '31/13/2025'. Set ingest.date_format."
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.file, self.row, self.column, self.hint = file, row, column, hint
        self.message = message
        where = ", ".join(
            part
            for part in (
                str(file) if file else None,
                f"row {row}" if row is not None else None,
                f"column '{column}'" if column else None,
            )
            if part
        )
        text = f"{where}: {message}" if where else message
        if hint:
            text = f"{text.rstrip('.')}. {hint}"
        super().__init__(text)


class ModelError(DemandLensError):
    """An embedding model is missing or broken; the message says what to install or where."""
