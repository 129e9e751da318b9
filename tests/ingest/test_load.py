"""Ingest: formats, encodings, column mapping, row accounting and bad-input errors."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from demandlens.config import IngestConfig, PipelineConfig
from demandlens.errors import InputError
from demandlens.ingest import combine_subject_body, load_tickets, parse_dates, read_table
from demandlens.ingest.columns import detect_columns, normalize_channel
from demandlens.ingest.readers import iter_table

ROWS = [
    {
        "Ticket ID": "00017",
        "Created at": "2025-03-04 10:12",
        "Channel": "E-post",
        "Subject": "Leverans",
        "Description": "Hej!\nMitt paket har inte kommit.\nMvh\nAnna",
        "Group": "Logistik",
        "Brand": "A",
    },
    {
        "Ticket ID": "00018",
        "Created at": "04.03.2025 11:00",
        "Channel": "Telefon",
        "Subject": "SV: Faktura",
        "Description": "Fakturaen er forkert, CPR 010190-1234.",
        "Group": "Økonomi",
        "Brand": "B",
    },
    {
        "Ticket ID": "00019",
        "Created at": "2025-03-05T08:00:00+01:00",
        "Channel": "chat",
        "Subject": "",
        "Description": "Kan dere ringe meg på +47 412 34 567?",
        "Group": "",
        "Brand": "C",
    },
    {
        "Ticket ID": "00020",
        "Created at": "5/3/2025",
        "Channel": "Web form",
        "Subject": "Password",
        "Description": "I cannot log in, my e-mail is a@b.com",
        "Group": "IT",
        "Brand": "D",
    },
]
CFG = PipelineConfig()


def frame(rows=ROWS):
    return pd.DataFrame(rows)


def write_csv(path, rows=ROWS, sep=",", encoding="utf-8"):
    frame(rows).to_csv(path, sep=sep, index=False, encoding=encoding)
    return path


def check_result(result, n=4):
    t = result.tickets
    assert len(t) == n
    assert list(t.columns[:10]) == [
        "ticket_id",
        "row_number",
        "created_at",
        "channel",
        "queue",
        "subject",
        "text",
        "language",
        "content_hash",
        "duplicate_text",
    ]
    assert t["ticket_id"].tolist()[:2] == ["00017", "00018"]
    assert t["row_number"].tolist() == list(range(1, n + 1))
    assert str(t["created_at"].dtype) == "datetime64[ns]"
    assert t["channel"].tolist()[:4] == ["email", "phone", "chat", "webform"]
    assert t["text"][0] == "Leverans. Mitt paket har inte kommit."
    assert t["subject"].tolist()[:2] == ["Leverans", "Faktura"]
    assert t["text"][1] == "Faktura. Fakturaen er forkert, CPR <CPR>."
    assert "<PHONE>" in t["text"][2] and "<EMAIL>" in t["text"][3]
    assert t["language"].tolist()[:4] == ["sv", "da", "nb", "en"]
    assert "Brand" not in t.columns and "raw_text" not in t.columns  # only known columns
    assert result.accounting["rows_read"] == n


def test_subject_is_kept_cleaned_and_masked_for_the_exports(tmp_path):
    rows = [{**ROWS[0], "Subject": "SV: Ring mig på 070-123 45 67 eller anna@example.se"}]
    t = load_tickets(write_csv(tmp_path / "t.csv", rows), CFG, progress=False).tickets
    subject = t["subject"].iloc[0]
    assert "070" not in subject and "anna@" not in subject
    assert "<PHONE>" in subject and "<EMAIL>" in subject and not subject.startswith("SV:")


# -- formats -------------------------------------------------------------------------------
@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_csv_any_delimiter(tmp_path, sep):
    check_result(load_tickets(write_csv(tmp_path / "t.csv", sep=sep), CFG, progress=False))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_csv_encodings(tmp_path, encoding):
    rows = [dict(r, Description=r["Description"].replace("CPR 010190-1234", "æøå")) for r in ROWS]
    path = write_csv(tmp_path / "t.csv", rows, sep=";", encoding=encoding)
    result = load_tickets(path, CFG, progress=False)
    assert result.tickets["text"][1] == "Faktura. Fakturaen er forkert, æøå."
    assert result.tickets.columns[0] == "ticket_id"  # BOM does not stick to the header


def test_encoding_detected_after_the_sample(tmp_path):
    rows = [dict(ROWS[0], **{"Ticket ID": str(i)}) for i in range(30_000)]
    rows[-1]["Description"] = "Försenad leverans till Malmö"
    path = write_csv(tmp_path / "t.csv", rows, encoding="cp1252")
    table = read_table(path, IngestConfig(chunksize=7000))
    assert table["Description"].iloc[-1] == "Försenad leverans till Malmö"


def test_xlsx(tmp_path):
    frame().to_excel(tmp_path / "t.xlsx", index=False)
    check_result(load_tickets(tmp_path / "t.xlsx", CFG, progress=False))


def test_json_list_and_wrapped(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps(ROWS), encoding="utf-8")
    check_result(load_tickets(tmp_path / "a.json", CFG, progress=False))
    (tmp_path / "b.json").write_text(json.dumps({"tickets": ROWS}), encoding="utf-8")
    check_result(load_tickets(tmp_path / "b.json", CFG, progress=False))


def test_jsonl_nested_fields(tmp_path):
    lines = [
        json.dumps(
            {**{k: v for k, v in r.items() if k != "Channel"}, "via": {"channel": r["Channel"]}}
        )
        for r in ROWS
    ]
    (tmp_path / "t.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = load_tickets(
        tmp_path / "t.jsonl", CFG.replace(ingest={"chunksize": 3}), progress=False
    )
    check_result(result)
    assert result.column_map["channel"] == "via.channel"


def test_parquet(tmp_path):
    frame().to_parquet(tmp_path / "t.parquet", index=False)
    check_result(load_tickets(tmp_path / "t.parquet", CFG, progress=False))


def test_chunked_csv_larger_than_chunksize(tmp_path):
    rows = [
        dict(ROWS[i % 4], **{"Ticket ID": f"id{i}", "Description": f"Ärende {i} om fakturan"})
        for i in range(25)
    ]
    path = write_csv(tmp_path / "t.csv", rows, sep=";")
    chunks = list(iter_table(path, IngestConfig(chunksize=4)))
    assert [len(c) for c in chunks] == [4] * 6 + [1]
    result = load_tickets(path, CFG.replace(ingest={"chunksize": 4}), progress=False)
    assert result.tickets["row_number"].tolist() == list(range(1, 26))
    assert result.tickets["ticket_id"].tolist() == [f"id{i}" for i in range(25)]


# -- column mapping ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            ["Ärendenummer", "Skapad", "Kanal", "Ämne", "Meddelande", "Kö"],
            ["id", "created_at", "channel", "subject", "body", "queue"],
        ),
        (
            ["Sagsnummer", "Oprettet", "Kanal", "Emne", "Beskrivelse", "Kategori"],
            ["id", "created_at", "channel", "subject", "body", "queue"],
        ),
        (
            ["Saksnummer", "Opprettet", "Kanal", "Emne", "Melding", "Kø"],
            ["id", "created_at", "channel", "subject", "body", "queue"],
        ),
        (
            ["Case Number", "Date/Time Opened", "Case Origin", "Subject", "Description", "Type"],
            ["id", "created_at", "channel", "subject", "body", "queue"],
        ),
        (
            ["Ticket ID", "Created time", "Source", "Subject", "Description", "Group"],
            ["id", "created_at", "channel", "subject", "body", "queue"],
        ),
    ],
)
def test_detect_columns(headers, expected):
    assert list(detect_columns(headers)) == expected
    assert list(detect_columns(headers).values()) == headers


def test_explicit_mapping_wins(tmp_path):
    rows = [dict(r, Notes=f"Anteckning {i} om leveransen") for i, r in enumerate(ROWS)]
    path = write_csv(tmp_path / "t.csv", rows)
    cfg = CFG.replace(ingest={"columns": {"body": "Notes", "subject": "Brand"}})
    result = load_tickets(path, cfg, progress=False)
    assert result.column_map["body"] == "Notes"
    assert result.tickets["text"][0] == "A. Anteckning 0 om leveransen"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("E-post", "email"),
        ("mail", "email"),
        ("Telefon", "phone"),
        ("Voice", "phone"),
        ("Web form", "webform"),
        ("Kontaktformulär", "webform"),
        ("Live chat", "chat"),
        ("Facebook", "social"),
        ("brevdue", "other"),
        ("", "unknown"),
    ],
)
def test_normalize_channel(value, expected):
    assert normalize_channel(value) == expected


def test_combine_subject_body():
    assert combine_subject_body("Leverans", "Paketet är sent") == "Leverans. Paketet är sent"
    assert combine_subject_body("Leverans?", "Var är det") == "Leverans? Var är det"
    assert combine_subject_body("Paketet", "Paketet är sent") == "Paketet är sent"
    assert combine_subject_body("", "Paketet är sent") == "Paketet är sent"


def test_parse_dates_iso_nordic_and_format():
    s = pd.Series(["2025-03-04T10:00:00+01:00", "04.03.2025 10:00", "4/3/2025", "", "nope"])
    parsed = parse_dates(s)
    assert parsed.iloc[0] == pd.Timestamp("2025-03-04 09:00")
    assert parsed.iloc[1] == pd.Timestamp("2025-03-04 10:00")
    assert parsed.iloc[2] == pd.Timestamp("2025-03-04")
    assert parsed.iloc[3:].isna().all()
    fmt = parse_dates(pd.Series(["03/04/2025"]), IngestConfig(date_format="%m/%d/%Y"))
    assert fmt.iloc[0] == pd.Timestamp("2025-03-04")


# -- ids, duplicates, accounting -------------------------------------------------------------
def test_row_accounting_and_rejections(tmp_path):
    rows = [
        *ROWS,
        dict(ROWS[0]),  # duplicate id
        dict(ROWS[1], **{"Ticket ID": "x1", "Created at": "igår"}),  # unparsable date
        dict(ROWS[1], **{"Ticket ID": "x2", "Subject": "Autosvar: Jeg er på ferie"}),
        dict(ROWS[1], **{"Ticket ID": "x3", "Subject": "", "Description": "Hej!\nMvh"}),
        dict(ROWS[0], **{"Ticket ID": "x4"}),  # same text as row 1 -> duplicate_text
        dict(ROWS[0], **{"Ticket ID": "", "Description": "Ingen id här, bara text"}),
    ]
    result = load_tickets(write_csv(tmp_path / "t.csv", rows), CFG, progress=False)
    acc = result.accounting
    assert acc.pop("lines") == 21  # the file's physical lines: header + multi-line bodies
    assert acc == {
        "rows_read": 10,
        "accepted": 6,
        "rejected": 4,
        "by_reason": {"duplicate_id": 1, "unparsable_date": 1, "auto_reply": 1, "empty_text": 1},
    }
    rej = result.rejected.set_index("reason")
    assert rej.loc["duplicate_id", "row_number"] == 5
    assert rej.loc["unparsable_date", "column"] == "Created at"
    assert "igår" in rej.loc["unparsable_date", "detail"]
    t = result.tickets
    assert t["duplicate_text"].tolist() == [False] * 4 + [True, False]
    assert t["content_hash"][0] == t["content_hash"][4] and len(t["content_hash"][0]) == 64
    assert t["ticket_id"].iloc[-1].startswith("h-") and len(t["ticket_id"].iloc[-1]) == 18
    assert len(result.file_hash) == 64 and "10 rows read" in result.summary()


def test_hash_ids_are_stable(tmp_path):
    rows = [{k: v for k, v in r.items() if k != "Ticket ID"} for r in ROWS]
    path = write_csv(tmp_path / "t.csv", rows)
    first = load_tickets(path, CFG, progress=False).tickets["ticket_id"].tolist()
    assert first == load_tickets(path, CFG, progress=False).tickets["ticket_id"].tolist()
    assert all(i.startswith("h-") for i in first) and len(set(first)) == 4


def test_keep_raw_text_and_missing_date_column(tmp_path):
    rows = [{k: v for k, v in r.items() if k != "Created at"} for r in ROWS]
    cfg = CFG.replace(ingest={"keep_raw_text": True})
    result = load_tickets(write_csv(tmp_path / "t.csv", rows), cfg, progress=False)
    assert result.tickets["created_at"].isna().all()
    assert "CPR 010190-1234" in result.tickets["raw_text"][1]


# -- bad input -----------------------------------------------------------------------------
def error_for(path, cfg=CFG) -> InputError:
    with pytest.raises(InputError) as info:
        load_tickets(path, cfg, progress=False)
    assert str(path) in str(info.value)
    return info.value


def test_missing_file(tmp_path):
    err = error_for(tmp_path / "nope.csv")
    assert "does not exist" in str(err)


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"id,subject,body\n"])
def test_empty_file(tmp_path, content):
    (tmp_path / "e.csv").write_bytes(content)
    assert "empty" in str(error_for(tmp_path / "e.csv")) or "no data rows" in str(
        error_for(tmp_path / "e.csv")
    )


@pytest.mark.parametrize("name", ["b.csv", "b.xlsx", "b.parquet"])
def test_binary_file(tmp_path, name):
    (tmp_path / name).write_bytes(bytes(range(256)) * 20)
    err = error_for(tmp_path / name)
    assert "binary" in str(err) or "content is not" in str(err)


def test_wrong_encoding_names_row(tmp_path):
    rows = [dict(r, Description="plain ascii", Group="ascii") for r in ROWS]
    rows[2]["Description"] = "Försenad"
    path = write_csv(tmp_path / "t.csv", rows, encoding="cp1252")
    err = error_for(path, CFG.replace(ingest={"encoding": "utf-8"}))
    assert err.row == 3 and "ingest.encoding" in str(err) and "row 3" in str(err)


def test_missing_text_column_lists_found_columns(tmp_path):
    path = write_csv(tmp_path / "t.csv", [{"Nr": "1", "Dag": "2025-01-01", "Belopp": "10"}])
    err = error_for(path)
    assert "'Nr', 'Dag', 'Belopp'" in str(err) and "ingest.columns: {body:" in str(err)


def test_mapped_column_not_in_file(tmp_path):
    path = write_csv(tmp_path / "t.csv")
    err = error_for(path, CFG.replace(ingest={"columns": {"body": "Text"}}))
    assert err.column == "Text" and "'Description'" in str(err)


def test_all_dates_unparsable_names_row_and_column(tmp_path):
    rows = [dict(r, **{"Created at": "someday"}) for r in ROWS]
    err = error_for(write_csv(tmp_path / "t.csv", rows))
    assert err.row == 1 and err.column == "Created at" and "ingest.date_format" in str(err)


def test_broken_json_and_jsonl_name_the_row(tmp_path):
    (tmp_path / "t.json").write_text('[{"Description": "a"},', encoding="utf-8")
    assert "Invalid JSON" in str(error_for(tmp_path / "t.json"))
    (tmp_path / "t.jsonl").write_text('{"Description": "Hej hej"}\n{oops\n', encoding="utf-8")
    assert error_for(tmp_path / "t.jsonl").row == 2


def test_old_excel_and_folder(tmp_path):
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 600)
    assert ".xlsx" in str(error_for(tmp_path / "old.xls"))
    assert "folder" in str(error_for(tmp_path))


# -- only known columns leave ingest (#22) ----------------------------------------------------
def test_extra_columns_are_dropped_unless_kept_masked_or_hashed(tmp_path):
    rows = [dict(r, **{"Requester email": f"kund{i}@example.se", "Requester phone": "070-123 45 67",
                       "Note": f"ring 070-123 45 6{i} eller mejla a{i}@b.se"})
            for i, r in enumerate(ROWS)]
    path = write_csv(tmp_path / "t.csv", rows)
    plain = load_tickets(path, CFG, progress=False, project_dir=tmp_path).tickets
    assert not {"Requester email", "Requester phone", "Note", "Brand"} & set(plain.columns)
    cfg = CFG.replace(ingest={"keep_columns": ["Brand", "Note"], "hash_columns": ["Requester email"]})
    kept = load_tickets(path, cfg, progress=False, project_dir=tmp_path).tickets
    assert kept["Brand"].tolist() == ["A", "B", "C", "D"]
    assert kept["Note"].tolist()[0] == "ring <PHONE> eller mejla <EMAIL>"
    hashed = kept["Requester email"].tolist()
    assert all(h.startswith("h-") and len(h) == 18 for h in hashed) and len(set(hashed)) == 4
    again = load_tickets(path, cfg, progress=False, project_dir=tmp_path).tickets
    assert again["Requester email"].tolist() == hashed  # stable within the project
    other = load_tickets(path, cfg, progress=False, project_dir=tmp_path / "other").tickets
    assert other["Requester email"].tolist() != hashed  # the salt is the project's own


def test_kept_column_missing_from_the_export_is_named(tmp_path):
    cfg = CFG.replace(ingest={"keep_columns": ["Brnad"]})
    err = error_for(write_csv(tmp_path / "t.csv"), cfg)
    assert "ingest.keep_columns" in str(err) and "'Brnad'" in str(err) and "Brand" in str(err)


def test_ids_holding_personal_data_become_pseudonyms_and_rejects_hold_no_raw_cells(tmp_path):
    rows = [dict(r) for r in ROWS]
    rows[0]["Ticket ID"] = "anna.svensson@example.se"
    rows[1]["Ticket ID"] = "811218-9876"
    rows[2]["Created at"] = "ring 070-123 45 67"  # personal data typed into the date cell
    rows[3]["Ticket ID"] = "ZD-17"
    path = write_csv(tmp_path / "t.csv", rows)
    result = load_tickets(path, CFG, progress=False, project_dir=tmp_path)
    ids = result.tickets["ticket_id"].tolist()
    assert ids[0].startswith("h-") and ids[1].startswith("h-") and ids[2] == "ZD-17"
    rejected = result.rejected
    assert rejected["reason"].tolist() == ["unparsable_date"]
    assert "070-123" not in rejected.to_string() and "<PHONE>" in rejected["detail"].iloc[0]
