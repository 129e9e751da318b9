"""Ingest: read an export, map columns, clean, mask, detect language, and account for rows.

``load_tickets`` streams the file in chunks (see :mod:`demandlens.ingest.readers`), so a 1 GB CSV
needs memory for the cleaned, masked tickets only. Every row read ends either in
``IngestResult.tickets`` or in ``IngestResult.rejected`` with a reason (``duplicate_id``,
``unparsable_date``, ``auto_reply``, ``empty_text``); ``accounting`` holds the counts.
Personal data is masked here, before anything can be written to disk; the raw text is kept
in memory only when ``ingest.keep_raw_text`` is on. Only known columns leave ingest: the
ticket fields, the extra columns named in ``ingest.keep_columns`` (masked like the text) and
in ``ingest.hash_columns`` (salted pseudonyms); a ticket id holding personal data (an e-mail,
a personnummer …) is replaced by its pseudonym, and rejected rows keep masked details only.

Example:
    >>> result = load_tickets("data/sample/tickets.csv", PipelineConfig())  # doctest: +SKIP
    >>> result.accounting  # doctest: +SKIP
    {'rows_read': 500, 'accepted': 488, 'rejected': 12, 'by_reason': {'auto_reply': 7, ...}}
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from ..cache import content_hash
from ..config import IngestConfig, PipelineConfig
from ..errors import InputError
from .clean import clean_subject, clean_text, is_auto_reply
from .columns import normalize_channel, resolve_columns
from .customers import KEY_COLUMN, customer_keys
from .csvreader import ReadStats
from .language import detect_languages
from .language_cache import detect_languages_cached
from .mask import mask_text
from .pseudonym import project_salt, pseudonym
from .readers import iter_table

__all__ = ["IngestResult", "load_tickets", "parse_dates", "combine_subject_body"]

log = logging.getLogger(__name__)

TICKET_COLUMNS = (
    "ticket_id",
    "row_number",
    "created_at",
    "channel",
    "queue",
    "subject",
    "text",
    "raw_text",
    "language",
    "content_hash",
    "duplicate_text",
    "customer_key",
)
REJECTED_COLUMNS = ("row_number", "ticket_id", "column", "reason", "detail")
_PLACEHOLDER = re.compile(r"<[A-Z]+>")
#: Ids like ``ZD-104234``, ``00017`` or ``INC0012``: kept as written without a masking pass.
_PLAIN_ID = re.compile(r"^(?:[A-Za-z]{1,8}[-_#/.]?)?[0-9]{1,9}$")
_LANGUAGE_BATCH = 10_000


@dataclass
class IngestResult:
    """What :func:`load_tickets` returns; ``tickets`` follows the architecture's ticket table."""

    tickets: pd.DataFrame
    rejected: pd.DataFrame
    accounting: dict
    column_map: dict[str, str]
    source: str
    file_hash: str
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line: rows read, accepted, rejected by reason."""
        acc = self.accounting
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(acc["by_reason"].items()))
        return (
            f"{self.source}: {acc['rows_read']} rows read, {acc['accepted']} accepted, "
            f"{acc['rejected']} rejected" + (f" ({reasons})" if reasons else "")
            + "".join(f"; {note}" for note in self.warnings)
        )


def parse_dates(values: pd.Series, config: IngestConfig | None = None) -> pd.Series:
    """Parse creation times to naive UTC ``datetime64[ns]``; empty or unparsable -> NaT.

    ISO 8601 is tried first (fast), then common Nordic forms such as ``04.03.2025 10:12`` and
    ``4/3/2025`` (day first unless ``ingest.dayfirst`` is off), or ``ingest.date_format``.
    """
    config = config or IngestConfig()
    text = values.astype(str).str.strip()
    present = text.ne("")
    if config.date_format:
        parsed = pd.to_datetime(
            text.where(present), format=config.date_format, errors="coerce", utc=True
        )
    else:
        parsed = pd.to_datetime(text.where(present), format="ISO8601", errors="coerce", utc=True)
        retry = parsed.isna() & present
        if retry.any():
            parsed.loc[retry] = pd.to_datetime(
                text[retry], format="mixed", dayfirst=config.dayfirst, errors="coerce", utc=True
            )
    return parsed.dt.tz_convert(None).astype("datetime64[ns]")


def combine_subject_body(subject: str, body: str) -> str:
    """Subject first, then body; the subject is skipped when empty (e.g. only "Re:") or when
    the body already starts with it."""
    if not subject:
        return body
    if body.casefold().startswith(subject.casefold()):
        rest = body[len(subject) : len(subject) + 1]
        if not rest or not rest.isalnum():  # "Faktura" does not repeat in "Fakturaen …"
            return body
    if not body:
        return subject
    separator = " " if subject[-1] in ".!?:" else ". "
    return subject + separator + body


def _truncate(text: str, max_chars: int) -> str:
    return text if len(text) <= max_chars else text[:max_chars].rsplit(" ", 1)[0]


def _row_hashes(chunk: pd.DataFrame) -> list[str]:
    if len(chunk.columns):  # column-wise concatenation: same strings as a per-row join
        cols = chunk.astype(str)
        joined = cols.iloc[:, 0].to_numpy(dtype=object)
        for k in range(1, cols.shape[1]):
            joined = joined + "\x1f" + cols.iloc[:, k].to_numpy(dtype=object)
    else:
        joined = chunk.index
    return ["h-" + hashlib.sha256(s.encode()).hexdigest()[:16] for s in joined]


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


class _Collector:
    """Per-chunk processing state: seen ids, date failures, accepted and rejected rows."""

    def __init__(
        self, config: PipelineConfig, mapping: dict[str, str], file: str, salt: bytes,
        customer_salt: bytes | None = None,
    ) -> None:
        self.config, self.mapping, self.file, self.salt = config, mapping, file, salt
        self.customer_salt = customer_salt
        self.clean_config = dataclasses.replace(config.clean, max_chars=10**9)
        self.seen_ids: dict[str, int] = {}
        self.accepted: list[pd.DataFrame] = []
        self.rejected: list[dict] = []
        self.dates_present = 0
        self.first_bad_date: tuple[int, str] | None = None
        self.rows_read = 0

    def column(self, chunk: pd.DataFrame, field_name: str) -> pd.Series:
        col = self.mapping.get(field_name)
        if col is None or col not in chunk.columns:
            return pd.Series([""] * len(chunk), index=chunk.index, dtype=str)
        return chunk[col].fillna("").astype(str)

    def masked(self, value: str) -> str:
        """``value`` with personal data masked (when masking is on)."""
        return mask_text(value, self.config.mask) if self.config.mask.enabled else value

    def safe_id(self, value: str) -> str:
        """The id as written, or its pseudonym when it holds personal data."""
        if not self.config.mask.enabled or _PLAIN_ID.match(value):
            return value
        return pseudonym(value, self.salt) if self.masked(value) != value else value

    def reject(self, row: int, ticket_id: str | None, field_name: str, reason: str, detail: str):
        col = self.mapping.get(field_name, field_name)
        self.rejected.append(
            {
                "row_number": row,
                "ticket_id": ticket_id,
                "column": col,
                "reason": reason,
                "detail": detail,
            }
        )

    def process(self, chunk: pd.DataFrame) -> None:
        cfg, ing = self.config, self.config.ingest
        start = self.rows_read + 1
        self.rows_read += len(chunk)
        rows = range(start, start + len(chunk))
        ids = self.column(chunk, "id").str.strip()
        hashes = _row_hashes(chunk)
        ids = [self.safe_id(i) if i else h for i, h in zip(ids, hashes, strict=True)]
        date_raw = self.column(chunk, "created_at")
        dates = parse_dates(date_raw, ing)
        bad_date = (dates.isna() & date_raw.str.strip().ne("")).tolist()
        self.dates_present += int(date_raw.str.strip().ne("").sum())
        subjects, bodies = self.column(chunk, "subject"), self.column(chunk, "body")
        keep = []
        texts, raws, subjects_out = [], [], []
        body_field = "body" if "body" in self.mapping else "subject"
        for k, (row, tid, subject, body) in enumerate(
            zip(rows, ids, subjects, bodies, strict=True)
        ):
            if tid in self.seen_ids:
                first = self.seen_ids[tid]
                self.reject(row, tid, "id", "duplicate_id", f"the same ticket id as row {first}")
                continue
            self.seen_ids[tid] = row
            if bad_date[k]:
                value = self.masked(date_raw.iloc[k])[:40]
                self.first_bad_date = self.first_bad_date or (row, value)
                self.reject(row, tid, "created_at", "unparsable_date", f"cannot parse {value!r}")
                continue
            raw = f"{subject}\n{body}".strip()
            if cfg.clean.drop_auto_replies and is_auto_reply(raw):
                self.reject(row, tid, body_field, "auto_reply", "out-of-office or bounce")
                continue
            subject = clean_subject(subject)
            text = combine_subject_body(subject, clean_text(body, self.clean_config))
            if cfg.mask.enabled:
                text = mask_text(text, cfg.mask)
                subject = mask_text(subject, cfg.mask) if subject else subject
            text = _truncate(text, cfg.clean.max_chars)
            if len(_PLACEHOLDER.sub("", text).strip()) < ing.min_text_chars:
                self.reject(row, tid, body_field, "empty_text", "no text left after cleaning")
                continue
            keep.append(k)
            texts.append(text)
            subjects_out.append(_truncate(subject, cfg.clean.max_chars))
            if ing.keep_raw_text:
                raws.append(raw)
        if not keep:
            return
        out = pd.DataFrame(
            {
                "ticket_id": [ids[k] for k in keep],
                "row_number": [start + k for k in keep],
                "created_at": dates.iloc[keep].to_numpy(),
                "channel": [normalize_channel(v) for v in self.column(chunk, "channel").iloc[keep]],
                "queue": pd.Series(
                    [self.masked(v.strip()) or pd.NA for v in self.column(chunk, "queue").iloc[keep]],
                    dtype=object,
                ).to_numpy(),
                "subject": subjects_out,
                "text": texts,
            }
        )
        if ing.keep_raw_text:
            out["raw_text"] = raws
        if "customer" in self.mapping:  # only the salted hash is kept, never the raw id
            out[KEY_COLUMN] = customer_keys(self.column(chunk, "customer").iloc[keep],
                                            self.customer_salt)
        for col in ing.keep_columns or ():  # the analyst's extra columns: masked
            if col in chunk.columns:
                name = f"src_{col}" if col in TICKET_COLUMNS else col
                out[name] = [self.masked(v) for v in chunk[col].iloc[keep]]
        for col in ing.hash_columns:  # ... or replaced by salted pseudonyms
            if col in chunk.columns:
                name = f"src_{col}" if col in TICKET_COLUMNS else col
                out[name] = [pseudonym(v, self.salt) if v else "" for v in chunk[col].iloc[keep]]
        self.accepted.append(out)


def _check_kept_columns(columns, config: IngestConfig, file: str) -> None:
    for key in ("keep_columns", "hash_columns"):
        missing = [c for c in getattr(config, key) or () if c not in columns]
        if missing:
            raise InputError(
                f"ingest.{key} names {', '.join(map(repr, missing))}, which the export does not "
                f"have. Its columns: {', '.join(map(str, columns))}.",
                file=file,
                hint=f"Correct ingest.{key} in the config.",
            )


def load_tickets(
    path: str | Path,
    config: PipelineConfig | None = None,
    progress: bool = True,
    cache_dir: str | Path | None = None,
    project_dir: str | Path | None = None,
    customer_salt: bytes | Callable[[], bytes] | None = None,
) -> IngestResult:
    """Read, map, clean, mask and language-tag an export; see the module docstring.

    With ``cache_dir`` (the pipeline passes its embedding cache folder), languages of texts
    seen before are taken from there (:mod:`demandlens.ingest.language_cache`).
    ``project_dir`` holds the project's secret salt for pseudonyms
    (:mod:`demandlens.ingest.pseudonym`): of ticket ids that hold personal data, and of the
    values of ``ingest.hash_columns``.

    A customer / requester id column (field ``customer``) becomes ``customer_key``, its
    salted hash (:mod:`demandlens.ingest.customers`); ``customer_salt`` is the project's
    (bytes, or a callable asked only when the export has such a column; the pipeline passes
    :func:`~demandlens.ingest.customers.project_salt`). Without one, a random salt links
    the customers of this export only, and ``warnings`` says so.
    """
    config = config or PipelineConfig()
    file = str(path)
    collector: _Collector | None = None
    warnings: list[str] = []
    bar = tqdm(desc="clean+mask", unit="rows", disable=not progress)
    stats = ReadStats()
    for chunk in iter_table(path, config.ingest, stats):
        if collector is None:
            mapping = resolve_columns(chunk.columns, config.ingest.columns, file)
            log.info("Column mapping for %s: %s", file, mapping)
            key = None
            if "customer" in mapping:
                key = customer_salt() if callable(customer_salt) else customer_salt
                if key is None:
                    key = secrets.token_bytes(32)
                    warnings.append(
                        f"Customer ids in column {mapping['customer']!r} are hashed with a "
                        "one-off salt: repeat contacts are found within this export only. "
                        "Run through the project (run_pipeline) to use its salt."
                    )
            _check_kept_columns(chunk.columns, config.ingest, file)
            collector = _Collector(config, mapping, file, project_salt(project_dir), key)
        collector.process(chunk)
        bar.update(len(chunk))
    bar.close()
    assert collector is not None  # iter_table raises on a file without rows
    if collector.first_bad_date and collector.dates_present == sum(
        r["reason"] == "unparsable_date" for r in collector.rejected
    ):
        row, value = collector.first_bad_date
        raise InputError(
            f"No date in the column could be parsed (first: {value!r}).",
            file=file,
            row=row,
            column=collector.mapping["created_at"],
            hint="Set ingest.date_format, e.g. '%d/%m/%Y %H:%M', or map another column as "
            "created_at in ingest.columns.",
        )
    tickets = _finish_tickets(collector, config, progress, cache_dir)
    rejected = pd.DataFrame(collector.rejected, columns=list(REJECTED_COLUMNS))
    rejected["row_number"] = rejected["row_number"].astype("int64")
    by_reason = {str(k): int(v) for k, v in rejected["reason"].value_counts().items()}
    accounting = {
        "rows_read": collector.rows_read,
        "accepted": len(tickets),
        "rejected": len(rejected),
        "by_reason": by_reason,
    }
    if stats.lines:  # CSV: physical lines too, so "203 rows from 1,204 lines" is explained
        accounting["lines"] = stats.lines
    assert accounting["accepted"] + accounting["rejected"] == accounting["rows_read"]
    result = IngestResult(
        tickets=tickets,
        rejected=rejected,
        accounting=accounting,
        column_map=collector.mapping,
        source=file,
        file_hash=_file_hash(Path(path)),
        warnings=[*stats.notes(), *warnings],
    )
    for note in result.warnings:  # a file read in two encodings deserves a warning
        log.log(logging.WARNING if "encoding" in note or note in warnings else logging.INFO,
                "%s: %s", file, note)
    log.info(result.summary())
    if progress:
        tqdm.write(result.summary())
    return result


def _finish_tickets(
    collector: _Collector, config: PipelineConfig, progress: bool, cache_dir: str | Path | None
) -> pd.DataFrame:
    columns = [c for c in TICKET_COLUMNS if c != "raw_text" or config.ingest.keep_raw_text]
    if "customer" not in collector.mapping:
        columns.remove(KEY_COLUMN)
    if collector.accepted:
        tickets = pd.concat(collector.accepted, ignore_index=True)
    else:
        tickets = pd.DataFrame({c: [] for c in columns if c in ("ticket_id", "text")})
        tickets["row_number"] = pd.Series([], dtype="int64")
        tickets["created_at"] = pd.Series([], dtype="datetime64[ns]")
        tickets["channel"] = pd.Series([], dtype=str)
        tickets["queue"] = pd.Series([], dtype=str)
        tickets["subject"] = pd.Series([], dtype=str)
        if KEY_COLUMN in columns:
            tickets[KEY_COLUMN] = pd.Series([], dtype=object)
    texts = tickets["text"].tolist()
    hashes = [content_hash(t) for t in texts]
    languages: list[str] = []
    with tqdm(total=len(texts), desc="language", unit="tickets", disable=not progress) as bar:
        for i in range(0, len(texts), _LANGUAGE_BATCH):
            batch = texts[i : i + _LANGUAGE_BATCH]
            if cache_dir is None:
                languages += detect_languages(batch, config.language)
            else:
                languages += detect_languages_cached(
                    batch, hashes[i : i + _LANGUAGE_BATCH], cache_dir, config.language
                )
            bar.update(len(batch))
    tickets["language"] = pd.Series(languages, dtype=str, index=tickets.index)
    tickets["content_hash"] = hashes
    tickets["duplicate_text"] = tickets["content_hash"].duplicated(keep="first")
    tickets["row_number"] = tickets["row_number"].astype("int64")
    tickets["created_at"] = tickets["created_at"].astype("datetime64[ns]")
    extras = [c for c in tickets.columns if c not in columns]
    return tickets[columns + extras].reset_index(drop=True)
