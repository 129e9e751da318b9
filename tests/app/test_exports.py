"""Exports analysts open in Excel: names first, text by default, flags, reviews, a workbook."""

from __future__ import annotations

import os
import stat

import openpyxl
import pandas as pd
import pytest

from _run_fixture import small_labels, small_run
from demandlens.app.exports import TEXT_COLUMNS, TICKET_COLUMNS, export_tables
from demandlens.app.tables import THEME_COLUMNS


def _run_with_subjects():
    run = small_run()
    run.tickets["subject"] = [f"Paket {i}" for i in range(len(run.tickets))]
    run.tickets["reassigned"] = [i == 3 for i in range(len(run.tickets))]
    return run


def test_tickets_csv_names_flags_reviews_and_text_by_default(tmp_path):
    paths = export_tables(_run_with_subjects(), small_labels(), tmp_path)
    tickets = pd.read_csv(paths["tickets"], dtype={"review_demand_type": "string"})
    assert list(tickets.columns) == [*TICKET_COLUMNS, *TEXT_COLUMNS]
    by_id = tickets.set_index("ticket_id")
    first = by_id.loc["ZD-1000"]
    assert first["theme"] == "Försenat paket" and first["theme_key"] == "th-a"
    assert first["failing_process"] == "Delivery" and first["failing_process_id"] == "delivery"
    assert first["failure_type"] != "done_late" and first["failure_type"]  # the taxonomy's name
    assert first["subject"] == "Paket 0" and first["text"].startswith("Mitt paket är försenat")
    assert first["review_demand_type"] == "failure"
    assert by_id.loc["ZD-1009", "review_demand_type"] == "value"  # judged value in the review
    assert pd.isna(by_id.loc["ZD-1011", "review_demand_type"])  # not in the review sample
    assert by_id.loc["ZD-1003", "reassigned"] and not by_id.loc["ZD-1000", "reassigned"]
    outliers = tickets[tickets["is_outlier"]]
    assert len(outliers) == 4 and set(outliers["theme"]) == {"(no theme: outliers)"}
    assert not tickets["theme"].str.startswith("th-").any()


def test_tickets_csv_says_which_tier_placed_each_ticket(tmp_path):
    run = _run_with_subjects()
    before = export_tables(run, small_labels(), tmp_path / "model")  # a run without tiers
    assert set(pd.read_csv(before["tickets"])["placed_by"]) == {"model"}
    run.tickets["placed_by"] = ["fast" if i % 3 else "model" for i in range(len(run.tickets))]
    paths = export_tables(run, small_labels(), tmp_path / "tiered")
    by_id = pd.read_csv(paths["tickets"]).set_index("ticket_id")
    assert by_id.loc["ZD-1000", "placed_by"] == "model"
    assert by_id.loc["ZD-1001", "placed_by"] == "fast"
    assert (by_id["placed_by"] == "fast").sum() == sum(1 for i in range(len(run.tickets)) if i % 3)


def test_text_can_be_left_out(tmp_path):
    paths = export_tables(_run_with_subjects(), small_labels(), tmp_path, include_text=False)
    tickets = pd.read_csv(paths["tickets"])
    assert list(tickets.columns) == TICKET_COLUMNS
    themes = pd.read_csv(paths["themes"])
    assert themes.set_index("theme_key").loc["th-a", "examples"] == "ZD-1000 | ZD-1001"


def test_themes_csv_name_first_process_by_name(tmp_path):
    paths = export_tables(small_run(), small_labels(), tmp_path)
    themes = pd.read_csv(paths["themes"])
    assert list(themes.columns[:2]) == ["name", "theme_key"]
    assert set(THEME_COLUMNS) <= set(themes.columns)
    row = themes.set_index("theme_key").loc["th-b"]
    assert row["failing_process"] == "Billing and payment"
    assert row["failing_process_id"] == "billing_payment"
    assert themes["size"].tolist() == [12, 8, 6]
    assert themes.set_index("theme_key").loc["th-c", "demand_type"] == "unknown"
    assert themes.set_index("theme_key").loc["th-a", "failure_fraction"] == pytest.approx(0.8)


def test_nordic_excel_variant_bom_semicolon_decimal_comma(tmp_path):
    paths = export_tables(small_run(), small_labels(), tmp_path, bom=True, sep=";")
    assert paths["themes"].read_bytes().startswith(b"\xef\xbb\xbf")
    themes = pd.read_csv(paths["themes"], sep=";", decimal=",", encoding="utf-8-sig")
    assert themes["share"].iloc[0] == pytest.approx(12 / 30)
    assert "försenat" in themes["keywords"].iloc[0]
    tickets = pd.read_csv(paths["tickets"], sep=";", decimal=",", encoding="utf-8-sig")
    assert tickets["text"].iloc[0].startswith("Mitt paket är försenat <EMAIL>")


def test_workbook_has_three_sheets_and_keeps_formula_like_text_as_text(tmp_path):
    run = _run_with_subjects()
    run.tickets.loc[0, "text"] = "=HYPERLINK(\"http://x\",\"klick\")"
    run.tickets.loc[1, "subject"] = "+46 fel"
    paths = export_tables(run, small_labels(), tmp_path / "2026-06", excel=True)
    assert paths["workbook"].name == "2026-06.xlsx"
    book = openpyxl.load_workbook(paths["workbook"])
    assert book.sheetnames == ["Themes", "Tickets", "By process"]
    sheet = book["Tickets"]
    header = [c.value for c in sheet[1]]
    assert header == [*TICKET_COLUMNS, *TEXT_COLUMNS]
    text = sheet.cell(row=2, column=header.index("text") + 1)
    assert text.value.startswith("=HYPERLINK") and text.data_type == "s"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    processes = [c.value for c in book["By process"]["A"]][1:]
    assert "Delivery" in processes and "Billing and payment" in processes
    assert sheet.max_row == len(run.tickets) + 1
    csv_text = pd.read_csv(paths["tickets"])["text"].iloc[0]
    assert csv_text.startswith("'=HYPERLINK")  # the CSV goes through fileio.write_csv


def test_exported_files_get_normal_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        paths = export_tables(small_run(), small_labels(), tmp_path, excel=True)
    finally:
        os.umask(old)
    assert {stat.S_IMODE(os.stat(p).st_mode) for p in paths.values()} == {0o644}
