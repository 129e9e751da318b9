"""Masking: every PII type with valid and invalid checksums, and hard negatives."""

from __future__ import annotations

import pytest

from demandlens.config import MaskConfig
from demandlens.ingest.mask import find_pii, mask_text

POSITIVES = [
    # (text, expected masked text)
    ("Mitt personnummer är 811218-9876.", "Mitt personnummer är <PERSONNUMMER>."),
    ("pnr 19811218-9876 tack", "pnr <PERSONNUMMER> tack"),
    ("personnummer 8112189876", "personnummer <PERSONNUMMER>"),
    ("samordningsnummer 811278-9873", "samordningsnummer <PERSONNUMMER>"),
    ("Mit CPR er 010190-1234", "Mit CPR er <CPR>"),
    ("cpr-nummer 0101901234", "cpr-nummer <CPR>"),
    ("CPR 150372 1234 her", "CPR <CPR> her"),
    ("fødselsnummer 15108695088", "fødselsnummer <FODSELSNUMMER>"),
    ("D-nummer 55108695071", "D-nummer <FODSELSNUMMER>"),
    ("mail anna.svensson+kund@example.co.uk nu", "mail <EMAIL> nu"),
    ("IBAN SE45 5000 0000 0583 9825 7466 OK", "IBAN <IBAN> OK"),
    ("konto DK5000400440116243", "konto <IBAN>"),
    ("NO93 8601 1117 947", "<IBAN>"),
    ("GB82 WEST 1234 5698 7654 32", "<IBAN>"),
    ("kort 4111 1111 1111 1111 utgår", "kort <CARD> utgår"),
    ("card 5555-5555-5555-4444", "card <CARD>"),
    ("ring 070-123 45 67", "ring <PHONE>"),
    ("ring +46 70 123 45 67", "ring <PHONE>"),
    ("ring 0046701234567", "ring <PHONE>"),
    ("tlf. +45 20 30 40 50", "tlf. <PHONE>"),
    ("tlf 20304050", "tlf <PHONE>"),
    ("mobil 412 34 567", "mobil <PHONE>"),
    ("+47 412 34 567", "<PHONE>"),
    ("call +44 20 7946 0958", "call <PHONE>"),
    ("call (212) 456-7890", "call <PHONE>"),
    ("se https://example.com/ordre?id=1.", "se <URL>."),
    ("www.example.se/min-sida", "<URL>"),
    # Variants the red team found (#22):
    ("Mitt fødselsnummer er 240566-40084", "Mitt fødselsnummer er <FODSELSNUMMER>"),
    ("fnr 121212.10000", "fnr <FODSELSNUMMER>"),
    ("IBAN se45 5000 0000 0583 9825 7466 takk", "IBAN <IBAN> takk"),
    ("konto dk5000400440116243", "konto <IBAN>"),
    ("Jeg kan nås på 32123460", "Jeg kan nås på <PHONE>"),
    ("Mit nummer er 28914567, tak", "Mit nummer er <PHONE>, tak"),
    ("Kort 4111111111119 brugt", "Kort <CARD> brugt"),
    ("old card 4222222222222 charged", "old card <CARD> charged"),
    ("Paketet har inte kommit. Mvh Anna Svensson", "Paketet har inte kommit. Mvh <NAME>"),
    ("Where is my parcel? Regards, John Smith", "Where is my parcel? Regards, <NAME>"),
    ("Hvor er pakken? Med venlig hilsen Jens", "Hvor er pakken? Med venlig hilsen <NAME>"),
    ("Paket saknas, tack! /Anna", "Paket saknas, tack! /<NAME>"),
    ("Thanks, John", "Thanks, <NAME>"),
    # A mistyped id is still an id: masked by its keyword whatever the check digits say.
    ("pnr 811218-9875", "pnr <PERSONNUMMER>"),
    ("samordningsnummer 811278-9874", "samordningsnummer <PERSONNUMMER>"),
    ("fødselsnummer 15108695089", "fødselsnummer <FODSELSNUMMER>"),
    ("Fødselsnummer: 12345678901", "Fødselsnummer: <FODSELSNUMMER>"),
    ("Mit CPR-nummer er 3213213213", "Mit CPR-nummer er <CPR>"),
    ("personnummer 19850312-1235", "personnummer <PERSONNUMMER>"),
]

NEGATIVES = [
    "Ordernummer 811218-9875 har inte kommit",  # Luhn fails, and an order keyword
    "Faktura 320190-1234",  # no valid date for CPR, no Luhn
    "ordrenummer 0101901234",  # bare digits after an order keyword
    "SE45 5000 0000 0583 9825 7467",  # IBAN check digits wrong
    "kort 4111 1111 1111 1112",  # Luhn fails
    "ordre 45678912",
    "Fakturanr 20250304",
    "levererat 2025-03-04 kl 10:12",
    "Beloppet 12 345 678 kr",
    "Beløb 1.234,50 kr",
    "postnummer 114 55 Stockholm",
    "postnr 0150 Oslo",
    "order 1234567",
    "version 3.2.1",
    # Hard negatives of the #22 rules: 8-digit references, amounts and dates stay readable.
    "ordre 32123460 er ikke kommet",
    "Fakturanummer 71234567 gjelder juni",
    "CVR-nr. 32123460, vi er erhvervskunde",
    "Org.nr 41234567",
    "Kundnummer 28914567, leveransen är sen",
    "Beløpet 41234567 kr er trukket to ganger",
    "Jeg betalte den 09012024 og har ikke fået noget",
    "Betalt 20250304, kvittering 88123",
    "EAN 5701234567892 er udsolgt",
    "sporingsnummer 4111111111119 viser ingenting",
    "Referens 811218-9875 gäller leveransen",
    "Tack för hjälpen med ordern",
    "Kind regards to the team",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_masks_valid_pii(text, expected):
    assert mask_text(text) == expected


@pytest.mark.parametrize("text", NEGATIVES)
def test_leaves_invalid_numbers(text):
    assert mask_text(text) == text


def test_span_types_and_positions():
    text = "anna@example.se 811218-9876"
    spans = find_pii(text)
    assert [(s.kind, text[s.start : s.end]) for s in spans] == [
        ("EMAIL", "anna@example.se"),
        ("PERSONNUMMER", "811218-9876"),
    ]


def test_config_disables_types_and_masking():
    text = "anna@example.se ring 070-123 45 67"
    assert mask_text(text, MaskConfig(types=("EMAIL",))) == "<EMAIL> ring 070-123 45 67"
    assert mask_text(text, MaskConfig(enabled=False)) == text


def test_keywords_stay_readable_in_all_languages():
    assert mask_text("Jag vill ändra min e-post anna@x.se") == "Jag vill ändra min e-post <EMAIL>"
    assert mask_text("Min faktura 4711 er forkert") == "Min faktura 4711 er forkert"
    assert mask_text("Pakken min med sporing 12345 kom ikke") == (
        "Pakken min med sporing 12345 kom ikke"
    )
    assert mask_text("My order 98765 is late") == "My order 98765 is late"


def test_name_type_can_be_left_out():
    text = "Mvh Anna Svensson, ring 070-123 45 67"
    assert mask_text(text) == "Mvh <NAME>, ring <PHONE>"
    types = tuple(t for t in MaskConfig().types if t != "NAME")
    assert mask_text(text, MaskConfig(types=types)) == "Mvh Anna Svensson, ring <PHONE>"
