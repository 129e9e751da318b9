"""Read exports (CSV/TSV, XLSX, JSON, JSONL, Parquet) as chunks of string columns.

Every reader yields DataFrames whose cells are ``str`` (missing values become ``""``), so ids
such as ``00123`` keep their leading zeros. CSV, JSONL and Parquet are streamed in chunks of
``IngestConfig.chunksize`` rows; XLSX and JSON are read whole. Problems become
:class:`~demandlens.errors.InputError` naming the file, row and what to do.
"""

from __future__ import annotations

import codecs
import csv
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from ..config import IngestConfig
from ..errors import InputError
from .csvreader import ReadStats, iter_csv_records

__all__ = [
    "read_table", "iter_table", "check_input", "detect_encoding", "detect_format", "SUPPORTED",
]

log = logging.getLogger(__name__)

SUPPORTED = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".json", ".jsonl", ".ndjson", ".parquet")
_SAMPLE_BYTES = 1 << 20
_DELIMITERS = ",;\t|"


def read_table(path: str | Path, config: IngestConfig | None = None) -> pd.DataFrame:
    """Read a whole export into one DataFrame of strings (chunks concatenated)."""
    chunks = list(iter_table(path, config))
    frame = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
    return frame.fillna("")


def iter_table(
    path: str | Path, config: IngestConfig | None = None, stats: ReadStats | None = None
) -> Iterator[pd.DataFrame]:
    """Yield the export in chunks of string columns; raises InputError on bad input.

    ``stats`` (a :class:`ReadStats`) is filled with what reading found (rows, lines,
    encodings) for the ingest summary.
    """
    config = config or IngestConfig()
    stats = stats if stats is not None else ReadStats()
    path = _check_path(path)
    fmt = detect_format(path)
    if fmt == "csv":
        chunks = _iter_csv(path, config, stats)
    elif fmt == "xlsx":
        chunks = iter([_read_xlsx(path, config)])
    elif fmt == "json":
        chunks = _iter_json(path, config)
    elif fmt == "jsonl":
        chunks = _iter_jsonl(path, config)
    else:
        chunks = _iter_parquet(path, config)
    empty = True
    for chunk in chunks:
        if len(chunk):
            empty = False
            chunk.columns = [str(c).strip().lstrip("\ufeff") for c in chunk.columns]
            yield chunk
    if empty:
        raise InputError(
            "The file has no data rows.",
            file=str(path),
            hint="Check that you exported the tickets.",
        )


def check_input(path: str | Path) -> str:
    """The format of the export at ``path`` (``csv``, ``xlsx`` …), checked without reading it
    whole: it exists, is a file, is not empty and is a supported format (else InputError)."""
    return detect_format(_check_path(path))


def _check_path(path: str | Path) -> Path:
    path = Path(path)
    if not path.exists():
        raise InputError(
            "The file does not exist.",
            file=str(path),
            hint=f"Check the path; relative paths start in {Path.cwd()}.",
        )
    if path.is_dir():
        raise InputError(
            "This is a folder, not a file.", file=str(path), hint="Pass the export file."
        )
    if path.stat().st_size == 0:
        raise InputError("The file is empty (0 bytes).", file=str(path), hint="Export it again.")
    return path


def detect_format(path: Path) -> str:
    """``csv``, ``xlsx``, ``json``, ``jsonl`` or ``parquet`` from the content and the suffix."""
    with open(path, "rb") as fh:
        head = fh.read(8192)
    suffix = path.suffix.lower()
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"PK\x03\x04"):
        if suffix in (".xlsx", ".xlsm") or b"xl/" in head or b"[Content_Types]" in head:
            return "xlsx"
        raise InputError(
            "This is a ZIP archive, not a table.", file=str(path), hint="Unpack it first."
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            "This is an old binary Excel (.xls) file.",
            file=str(path),
            hint="Open it in Excel and save it as .xlsx or CSV (UTF-8).",
        )
    if _looks_binary(head):
        raise InputError(
            "This looks like a binary file, not a text or spreadsheet export.",
            file=str(path),
            hint=f"Supported formats: {', '.join(SUPPORTED)}.",
        )
    if suffix == ".parquet" or suffix in (".xlsx", ".xlsm"):
        raise InputError(
            f"The file ends in {suffix} but its content is not {suffix[1:]}.",
            file=str(path),
            hint="Export it again or rename it to match its format.",
        )
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".json":
        return "json"
    return "csv"


def _looks_binary(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    control = sum(b < 9 or 13 < b < 32 for b in head)
    return control > max(8, len(head) // 20)


def detect_encoding(sample: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (BOM), else cp1252, else latin-1."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3 and len(sample) >= _SAMPLE_BYTES:
            return "utf-8"  # a multi-byte character cut by the sample boundary
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def sniff_delimiter(text: str) -> str:
    """The most consistent of ``, ; TAB |`` over the first lines of ``text``."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if not lines:
        return ","
    try:
        return csv.Sniffer().sniff("\n".join(lines[:20]), delimiters=_DELIMITERS).delimiter
    except csv.Error:
        pass
    header = lines[0]
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _iter_csv(path: Path, config: IngestConfig, stats: ReadStats) -> Iterator[pd.DataFrame]:
    with open(path, "rb") as fh:
        sample = fh.read(_SAMPLE_BYTES)
    encoding = config.encoding
    if encoding is None and sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    shown = sample.decode(encoding or "utf-8", errors="replace")
    if not shown.strip(" \t\r\n\ufeff"):
        raise InputError(
            "The file is empty (only blank lines).", file=str(path), hint="Export it again."
        )
    delimiter = config.delimiter or (
        "\t" if path.suffix.lower() == ".tsv" else sniff_delimiter(shown)
    )
    log.info("Reading %s as CSV (encoding %s, delimiter %r)", path, encoding or "per line",
             delimiter)
    yield from iter_csv_records(path, delimiter, encoding, config.chunksize, stats)


def _to_str_frame(frame: pd.DataFrame) -> pd.DataFrame:
    columns = {}
    for name in frame.columns:
        series = frame[name]
        if pd.api.types.is_string_dtype(series) and series.map(type).isin([str]).all():
            columns[str(name)] = series.fillna("").astype(str).tolist()
        else:
            columns[str(name)] = [_cell(v) for v in series.tolist()]
    return pd.DataFrame(columns, dtype=str)


def _cell(value: object) -> str:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if hasattr(value, "tolist") and not isinstance(value, str):  # numpy arrays from parquet
        return json.dumps(value.tolist(), ensure_ascii=False, default=str)
    return str(value)


def _read_xlsx(path: Path, config: IngestConfig) -> pd.DataFrame:
    try:
        frame = pd.read_excel(path, sheet_name=config.sheet, dtype=object, engine="openpyxl")
    except ValueError as exc:
        raise InputError(
            f"Cannot read the workbook: {exc}",
            file=str(path),
            hint="Set ingest.sheet to the sheet name or number holding the tickets.",
        ) from exc
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise InputError(
            f"The Excel file is damaged or not an .xlsx file ({type(exc).__name__}).",
            file=str(path),
            hint="Open it in Excel and save it again as .xlsx or CSV (UTF-8).",
        ) from exc
    return _to_str_frame(frame.dropna(how="all"))


def _json_records(data: object, path: Path) -> list:
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
        if len(lists) == 1:
            return lists[0]
        return [data]
    if isinstance(data, list):
        return data
    raise InputError(
        "The JSON file holds no records.",
        file=str(path),
        hint="Expected a list of ticket objects or an object with one list (e.g. 'tickets').",
    )


def _iter_json(path: Path, config: IngestConfig) -> Iterator[pd.DataFrame]:
    raw = path.read_bytes()
    try:
        data = json.loads(raw.decode(detect_encoding(raw[:_SAMPLE_BYTES]) if raw else "utf-8"))
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and exc.lineno > 1:  # JSON Lines saved as .json
            del raw
            yield from _iter_jsonl(path, config)
            return
        raise InputError(
            f"Invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}.",
            file=str(path),
            hint="Fix the file or export it as CSV or JSON Lines.",
        ) from exc
    records = _json_records(data, path)
    bad = next((i for i, r in enumerate(records, 1) if not isinstance(r, dict)), None)
    if bad is not None:
        raise InputError("The record is not a JSON object.", file=str(path), row=bad)
    yield _to_str_frame(pd.json_normalize(records)) if records else pd.DataFrame()


def _iter_jsonl(path: Path, config: IngestConfig) -> Iterator[pd.DataFrame]:
    with open(path, "rb") as fh:
        encoding = config.encoding or detect_encoding(fh.read(_SAMPLE_BYTES))
    records: list[dict] = []
    row = 0
    with open(path, encoding=encoding, errors="strict") as fh:
        try:
            for line in fh:
                if not line.strip():
                    continue
                row += 1
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(
                        f"Invalid JSON: {exc.msg}.",
                        file=str(path),
                        row=row,
                        hint="Each line of a .jsonl file must be one JSON object.",
                    ) from exc
                if not isinstance(record, dict):
                    raise InputError("The line is not a JSON object.", file=str(path), row=row)
                records.append(record)
                if len(records) >= config.chunksize:
                    yield _to_str_frame(pd.json_normalize(records))
                    records = []
        except UnicodeDecodeError as exc:
            raise InputError(
                f"The file cannot be decoded as {encoding}.",
                file=str(path),
                row=row + 1,
                hint="Set ingest.encoding to the file's encoding.",
            ) from exc
    if records:
        yield _to_str_frame(pd.json_normalize(records))


def _iter_parquet(path: Path, config: IngestConfig) -> Iterator[pd.DataFrame]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:
        raise InputError(
            f"The Parquet file cannot be read ({exc}).", file=str(path), hint="Export it again."
        ) from exc
    for batch in parquet.iter_batches(batch_size=config.chunksize):
        yield _to_str_frame(batch.to_pandas())
