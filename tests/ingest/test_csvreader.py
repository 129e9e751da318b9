"""Strict CSV reading: broken quoting and field counts located by row and line; per-line
encodings so a file mixing UTF-8 and cp1252 reads right."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from demandlens.config import IngestConfig
from demandlens.errors import InputError
from demandlens.ingest.csvreader import ReadStats
from demandlens.ingest.readers import iter_table

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample" / "tickets.csv"


def read(path: Path, **config) -> tuple[pd.DataFrame, ReadStats]:
    stats = ReadStats()
    chunks = list(iter_table(path, IngestConfig(**config), stats))
    return pd.concat(chunks, ignore_index=True), stats


def error(path: Path, **config) -> InputError:
    with pytest.raises(InputError) as info:
        read(path, **config)
    assert str(path) in str(info.value)
    return info.value


@pytest.fixture(scope="module")
def export() -> pd.DataFrame:
    return pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).head(200)


def _plain_row(export: pd.DataFrame) -> int:
    """A row (0-based) whose subject and body hold no quote, comma or line break."""
    return next(i for i in range(20, 200) if not any(
        c in export.iloc[i][f] for f in ("subject", "body") for c in '",\n'))


def test_a_200_row_export_reads_as_200_rows_and_says_how_many_lines(tmp_path, export):
    path = tmp_path / "t.csv"
    export.to_csv(path, index=False)
    frame, stats = read(path)
    assert len(frame) == 200 and frame["body"].tolist() == export["body"].tolist()
    assert stats.rows == 200 and stats.lines > 200 and stats.multiline_rows > 0
    assert f"200 rows from {stats.lines} lines" in stats.notes()[0]


def test_a_stray_opening_quote_is_reported_with_its_row(tmp_path, export):
    """pandas read this file as 204 rows (bodies shifted into ids); we name the row instead."""
    k = _plain_row(export)
    row = export.iloc[k]
    text = export.to_csv(index=False)
    head = f"{row['id']},{row['created_at']},{row['channel']},"
    at = text.index(head) + len(head)
    path = tmp_path / "stray.csv"
    path.write_text(text[:at] + '"' + text[at:], encoding="utf-8")
    assert len(pd.read_csv(path, dtype=str)) != 200  # what used to happen, silently
    err = error(path)
    assert err.row == k + 1 and "quote" in str(err)


def test_a_quote_never_closed_names_the_row_where_it_opened(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('id,body\n1,fine\n2,"never closed\n3,lost\n4,lost too\n', encoding="utf-8")
    err = error(path)
    assert err.row == 2 and "never closed" in str(err) and "line 3" in str(err)


def test_a_quoted_field_that_swallows_rows_of_their_own_is_refused(tmp_path):
    lines = ["id,created_at,body"] + [f"ZD-{i},2026-06-01,text {i}" for i in range(1, 6)]
    lines[2] = 'ZD-2,2026-06-01,"a quote that runs on'
    lines[4] = 'ZD-4,2026-06-01,ends here"'
    path = tmp_path / "t.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = error(path)
    assert err.row == 2 and err.column == "body" and "ZD-3" in str(err)


@pytest.mark.parametrize(("bad", "row"), [("ZD-3,2026-06-01,a,b", 3), ("ZD-3,2026-06-01", 3)])
def test_a_row_with_too_many_or_too_few_fields_is_named(tmp_path, bad, row):
    lines = ["id,created_at,body"] + [f"ZD-{i},2026-06-01,text {i}" for i in range(1, 6)]
    lines[row] = bad
    path = tmp_path / "t.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = error(path)
    assert err.row == row and "fields" in str(err) and "header has 3" in str(err)


def test_first_row_with_an_extra_field_is_not_taken_for_an_index(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,body\n1,hej,EXTRA\n2,hallo\n", encoding="utf-8")
    err = error(path)
    assert err.row == 1 and "3 fields" in str(err)


def test_a_file_mixing_utf8_and_cp1252_reads_right_line_by_line(tmp_path, export):
    head = export.iloc[:130].to_csv(index=False).encode("utf-8")
    tail = export.iloc[130:].to_csv(index=False, header=False).encode("cp1252", "replace")
    path = tmp_path / "mixed.csv"
    path.write_bytes(head + tail)
    frame, stats = read(path)
    expected = export["body"].str.encode("cp1252", "replace").str.decode("cp1252")
    assert frame["body"].tolist() == expected.tolist()  # nothing garbled ("Ã¤")
    assert not frame["body"].str.contains("Ã").any()
    assert stats.fallback_lines > 0 and stats.first_fallback_row == 131
    assert "mixes encodings" in " ".join(stats.notes())


def test_a_set_encoding_is_strict_and_names_the_row(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("id,body\n1,ok\n2,Försenad\n".encode("cp1252"))
    err = error(path, encoding="utf-8")
    assert err.row == 2 and "ingest.encoding" in str(err)
    frame, stats = read(path, encoding="cp1252")
    assert frame["body"].tolist() == ["ok", "Försenad"] and stats.fallback_lines == 0


def test_blank_lines_duplicate_and_empty_headers(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("\nid,body,body,\n\n1,a,b,c\n\n2,d,e,f\n", encoding="utf-8")
    frame, stats = read(path)
    assert list(frame.columns) == ["id", "body", "body.1", "Unnamed: 3"]
    assert frame["id"].tolist() == ["1", "2"] and stats.rows == 2
