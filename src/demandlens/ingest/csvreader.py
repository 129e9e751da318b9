"""Strict CSV reading: every record checked, encodings decided per line, problems located.

Python's :mod:`csv` reads the file record by record, so each record's row number (1 = first
data row) and first line in the file are known. A file is read only if it is sound:

* every record has as many fields as the header (else: the row, the line, the counts);
* a quoted field must end with a quote followed by the delimiter or the end of the line;
* a quote that opens in a field and swallows following lines that look like records of their
  own (their first two fields have the shapes most rows' first two fields have, e.g.
  ``ZD-104237`` and a date) is a stray quote, reported with its row, instead of silently
  merging several tickets;
* a quote that is never closed is reported with the row where it opened.

Without ``ingest.encoding``, each line is decoded as UTF-8 when it is valid UTF-8 and as
cp1252 (or latin-1 for the five bytes cp1252 leaves undefined) when it is not, so a file
pasted together from a UTF-8 and a cp1252 export reads right; :class:`ReadStats` counts the
lines of each kind so the ingest summary can say so. With ``ingest.encoding`` set, a line
that does not decode is an error naming its row.

Example:
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> utf8, cp1252 = 'id,body\\n1,"två\\nrader"\\n', "2,café\\n"
    >>> _ = p.write_bytes(utf8.encode("utf-8") + cp1252.encode("cp1252"))
    >>> stats = ReadStats()
    >>> [c.values.tolist() for c in iter_csv_records(p, ",", None, 10, stats)]
    [[['1', 'två\\nrader'], ['2', 'café']]]
    >>> stats.rows, stats.lines, stats.fallback_lines, stats.first_fallback_row
    (2, 4, 1, 2)
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError

__all__ = ["ReadStats", "iter_csv_records"]

_FALLBACK = "cp1252"
_SHAPE_ROWS = 1000


@dataclass
class ReadStats:
    """What reading the file found; filled while reading."""

    rows: int = 0
    lines: int = 0
    multiline_rows: int = 0
    encoding: str = "utf-8"
    fallback_lines: int = 0
    first_fallback_row: int | None = None

    def notes(self) -> list[str]:
        """Sentences for the ingest summary about how the file was read."""
        out = []
        if self.multiline_rows:
            out.append(
                f"{self.rows} rows from {self.lines} lines: {self.multiline_rows} rows have line "
                "breaks inside quoted fields"
            )
        if self.fallback_lines:
            out.append(
                f"{self.fallback_lines} lines were not UTF-8 and were read as {_FALLBACK} "
                f"(first in row {self.first_fallback_row}); the file mixes encodings"
                if self.fallback_lines < self.lines
                else f"the file was read as {_FALLBACK}"
            )
        return out


class _Lines:
    """Decoded lines of a binary file, counting them; per-line UTF-8 / cp1252 when lenient."""

    def __init__(self, fh, encoding: str | None, stats: ReadStats, path: Path) -> None:
        self.fh, self.encoding, self.stats, self.path = fh, encoding, stats, path
        self.row = 0  # the record being read, for messages

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        raw = self.fh.readline()
        if not raw:
            raise StopIteration
        self.stats.lines += 1
        if isinstance(raw, str):  # a text stream (UTF-16): decoded already
            return raw
        if self.stats.lines == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if self.encoding is not None:
            try:
                return raw.decode(self.encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"Line {self.stats.lines} cannot be decoded as {self.encoding} ({exc.reason}).",
                    file=str(self.path),
                    row=max(self.row, 1),
                    hint="Set ingest.encoding to the file's encoding (e.g. cp1252 or latin-1), "
                    "or leave it unset to decode each line as UTF-8 or cp1252.",
                ) from exc
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            self.stats.fallback_lines += 1
            if self.stats.first_fallback_row is None:
                self.stats.first_fallback_row = max(self.row, 1)
            try:
                return raw.decode(_FALLBACK)
            except UnicodeDecodeError:
                return raw.decode("latin-1")


def _shape(value: str) -> str:
    """``ZD-104237`` -> ``A-9``: letters, digits and the other characters, runs collapsed."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"\d", "9", re.sub(r"[^\W\d_]", "A", value)))


def _unique(header: list[str]) -> list[str]:
    """Header names as pandas makes them: blanks ``Unnamed: k``, repeats ``name.1``."""
    out, seen = [], {}
    for k, name in enumerate(header):
        name = name.strip() or f"Unnamed: {k}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        out.append(name)
    return out


def iter_csv_records(
    path: Path, delimiter: str, encoding: str | None, chunksize: int, stats: ReadStats
) -> Iterator[pd.DataFrame]:
    """Yield chunks of ``chunksize`` rows (string cells) of a CSV file, strictly checked.

    ``encoding`` None decodes line by line (UTF-8, else cp1252); see the module docstring.
    Raises :class:`~demandlens.errors.InputError` naming the row and line of a broken record.
    """
    file = str(path)
    text_mode = encoding is not None and encoding.lower().replace("-", "").startswith("utf16")
    stats.encoding = encoding or "utf-8 (cp1252 per line where not UTF-8)"
    with (open(path, encoding=encoding, newline="") if text_mode else open(path, "rb")) as fh:
        lines = _Lines(fh, encoding, stats, path)
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
        try:
            header = next(reader)
            while not any(h.strip() for h in header):
                header = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(f"The header line is broken ({exc}).", file=file, row=None) from exc
        columns = _unique(header)
        width = len(columns)
        shapes: dict[tuple[int, str], int] = {}
        rows: list[list[str]] = []
        first_line = stats.lines + 1
        while True:
            lines.row = stats.rows + 1
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise _broken(file, stats.rows + 1, first_line, str(exc)) from exc
            start, first_line = first_line, stats.lines + 1
            if not record or (len(record) == 1 and not record[0].strip() and width > 1):
                continue  # a blank line
            stats.rows += 1
            if len(record) != width:
                raise InputError(
                    f"This row (line {start} of the file) has {len(record)} fields but the "
                    f"header has {width}.",
                    file=file,
                    row=stats.rows,
                    hint=_QUOTE_HINT.format(d=delimiter),
                )
            if stats.rows <= _SHAPE_ROWS and width >= 3:
                for k in (0, 1):
                    key = (k, _shape(record[k].strip()))
                    shapes[key] = shapes.get(key, 0) + 1
            if first_line - start > 1:
                stats.multiline_rows += 1
                _check_swallow(record, columns, start, stats.rows, shapes, delimiter, file)
            rows.append(record)
            if len(rows) >= chunksize:
                yield pd.DataFrame(rows, columns=columns, dtype=str)
                rows = []
    if rows:
        yield pd.DataFrame(rows, columns=columns, dtype=str)


_QUOTE_HINT = (
    "Check the quotes in that row: a field holding the delimiter {d!r}, a quote or a line "
    "break must be quoted, with quotes inside it doubled (\"\"). Re-export the file, or set "
    "ingest.delimiter if {d!r} is not the delimiter."
)


def _broken(file: str, row: int, line: int, problem: str) -> InputError:
    if "end of data" in problem or "EOF" in problem:
        message = (f"A quote opened in this row (line {line} of the file) is never closed, so "
                   "the rest of the file would be read as one field.")
    else:
        message = f"This row (line {line} of the file) is not valid CSV: {problem}."
    return InputError(message, file=file, row=row, hint=_QUOTE_HINT.format(d=","))


def _check_swallow(
    record: list[str], columns: list[str], line: int, row: int,
    shapes: dict[tuple[int, str], int], delimiter: str, file: str,
) -> None:
    """Raise when a multi-line field holds lines that start like records of their own: their
    first two fields have the shapes most rows' first two fields have (``ZD-9``, a date)."""
    if len(columns) < 3:
        return
    seen = min(row, _SHAPE_ROWS)
    common = {key for key, n in shapes.items() if n >= 0.5 * seen}
    for col, value in zip(columns, record, strict=True):
        if "\n" not in value:
            continue
        for k, inner in enumerate(value.split("\n")[1:], start=1):
            parts = inner.split(delimiter)
            if (len(parts) >= 3 and parts[0].strip()
                    and (0, _shape(parts[0].strip())) in common
                    and (1, _shape(parts[1].strip())) in common):
                raise InputError(
                    f"A quote in column '{col}' of this row (line {line} of the file) runs on "
                    f"over {k} more line(s), and line {line + k} starts like a row of its own "
                    f"({parts[0].strip()[:20]!r}), so rows would be merged. A stray quote?",
                    file=file,
                    row=row,
                    column=col,
                    hint=_QUOTE_HINT.format(d=delimiter),
                )
