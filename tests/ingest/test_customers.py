"""Customer ids: mapped like the other columns, stored only as a salted hash, salt in the
project and nowhere else."""

from __future__ import annotations

import stat

import pandas as pd
import pytest

from demandlens.config import PipelineConfig, RepeatsConfig
from demandlens.errors import InputError
from demandlens.ingest.columns import detect_columns
from demandlens.ingest.customers import customer_keys, project_salt
from demandlens.ingest.load import load_tickets

RAW_IDS = ["KND-0041177", "KND-0041177", "anna.svensson@example.se", ""]


def _export(tmp_path, column="Requester ID"):
    path = tmp_path / "export.csv"
    pd.DataFrame({
        "Ticket ID": ["1", "2", "3", "4"],
        "Created at": ["2026-06-01 09:00", "2026-06-03 10:00", "2026-06-04 11:00",
                       "2026-06-05 12:00"],
        "Subject": ["Paket försenat", "Paket försenat igen", "Faktura fel", "Öppettider"],
        "Description": ["Var är mitt paket?", "Fortfarande inget paket.", "Fel belopp.",
                        "När öppnar ni?"],
        column: RAW_IDS,
    }).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("header", ["Requester ID", "Kundnummer", "customer_id", "Kunde-ID",
                                    "Requester email"])
def test_customer_column_is_detected(header):
    assert detect_columns(["Ticket ID", "Subject", header])["customer"] == header


def test_only_the_salted_hash_is_kept(tmp_path):
    salt = project_salt(tmp_path)
    result = load_tickets(_export(tmp_path), PipelineConfig(), progress=False, customer_salt=salt)
    tickets = result.tickets
    assert result.column_map["customer"] == "Requester ID"
    assert "Requester ID" not in tickets.columns
    keys = tickets["customer_key"].tolist()
    assert keys[0] == keys[1] and keys[0] != keys[2] and pd.isna(keys[3])
    assert all(k.startswith("cu-") for k in keys[:3])
    flat = tickets.astype(str).to_csv()
    assert not any(raw and raw in flat for raw in RAW_IDS)
    assert not any(raw and raw.casefold() in flat.casefold() for raw in RAW_IDS)
    assert result.warnings == []


def test_same_salt_same_keys_other_salt_other_keys(tmp_path):
    a = customer_keys(["KND-1"], project_salt(tmp_path / "p1"))
    assert a == customer_keys(["knd-1 "], project_salt(tmp_path / "p1"))  # salt is reused
    assert a != customer_keys(["KND-1"], project_salt(tmp_path / "p2"))


def test_salt_lives_in_the_project_with_owner_only_permissions(tmp_path):
    salt = project_salt(tmp_path)
    path = tmp_path / RepeatsConfig().salt_file
    assert path.exists() and len(salt) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert bytes.fromhex(path.read_text().strip()) == salt


def test_damaged_salt_file_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / RepeatsConfig().salt_file
    path.parent.mkdir(parents=True)
    path.write_text("not hex")
    with pytest.raises(InputError, match="salt") as err:
        project_salt(tmp_path)
    assert str(path) in str(err.value)


def test_without_a_salt_customers_link_within_the_export_only(tmp_path):
    path = _export(tmp_path)
    first = load_tickets(path, PipelineConfig(), progress=False)
    second = load_tickets(path, PipelineConfig(), progress=False)
    k1, k2 = first.tickets["customer_key"], second.tickets["customer_key"]
    assert k1[0] == k1[1] and k1[0] != k2[0]
    assert any("one-off salt" in w for w in first.warnings)


def test_salt_callable_is_asked_only_when_the_export_has_customer_ids(tmp_path):
    asked = []
    path = tmp_path / "no_customers.csv"
    pd.DataFrame({"id": ["1"], "created_at": ["2026-06-01"], "body": ["Var är paketet?"]}
                 ).to_csv(path, index=False)
    result = load_tickets(path, PipelineConfig(), progress=False,
                          customer_salt=lambda: asked.append(1) or b"x" * 32)
    assert asked == [] and "customer_key" not in result.tickets.columns
