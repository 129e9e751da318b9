"""Map export headers to ticket fields, and channel values to canonical channels.

Headers from Zendesk, Freshdesk, Salesforce and plain spreadsheets in Swedish, Danish,
Norwegian and English are recognised (``Ämne``, ``Emne``, ``Beskrivelse``, ``Meddelande``,
``Case Origin`` …). An explicit ``ingest.columns`` mapping always wins.

Example:
    >>> detect_columns(["Ärendenummer", "Skapad", "Kanal", "Ämne", "Meddelande", "Kö"])
    {'id': 'Ärendenummer', 'created_at': 'Skapad', 'channel': 'Kanal', 'subject': 'Ämne', 'body': 'Meddelande', 'queue': 'Kö'}
    >>> normalize_channel("Kontaktformulär"), normalize_channel("Telefon"), normalize_channel("")
    ('webform', 'phone', 'unknown')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..errors import InputError

__all__ = ["FIELDS", "detect_columns", "resolve_columns", "normalize_channel", "CHANNELS"]

FIELDS = ("id", "created_at", "channel", "subject", "body", "queue", "customer")
CHANNELS = ("email", "chat", "phone", "webform", "social", "other")

# Synonyms per field, best first; compared after lower-casing and folding _-./ to spaces.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": (
        "ticket id",
        "id",
        "ticket",
        "ticket number",
        "ticket nr",
        "case number",
        "case id",
        "case",
        "request id",
        "conversation id",
        "ärende id",
        "ärendeid",
        "ärendenummer",
        "ärendenr",
        "ärende nr",
        "sags id",
        "sagsid",
        "sagsnummer",
        "sagsnr",
        "sag nr",
        "sak id",
        "saksid",
        "saksnummer",
        "saksnr",
        "sak nr",
        "henvendelse id",
        "nummer",
    ),
    "created_at": (
        "created at",
        "created",
        "created time",
        "created date",
        "creation date",
        "date created",
        "date time opened",
        "date opened",
        "opened date",
        "opened",
        "submitted at",
        "received at",
        "timestamp",
        "date",
        "datetime",
        "skapad",
        "skapat",
        "skapad datum",
        "skapades",
        "skapad den",
        "datum",
        "inkommen",
        "inkom",
        "mottagen",
        "oprettet",
        "oprettelsesdato",
        "oprettet dato",
        "dato",
        "modtaget",
        "opprettet",
        "opprettet dato",
        "opprettelsesdato",
        "mottatt",
        "tidspunkt",
        "tid",
    ),
    "channel": (
        "channel",
        "via",
        "source",
        "case origin",
        "origin",
        "medium",
        "contact channel",
        "kanal",
        "kontaktkanal",
        "källa",
        "kilde",
        "inkommen via",
        "modtaget via",
        "mottatt via",
        "via channel",
        "via source",
    ),
    "subject": (
        "subject",
        "title",
        "summary",
        "topic",
        "ämne",
        "rubrik",
        "ämnesrad",
        "rubrikk",
        "emne",
        "emnelinje",
        "overskrift",
        "tittel",
        "titel",
    ),
    "body": (
        "description",
        "body",
        "comment",
        "comments",
        "message",
        "text",
        "content",
        "details",
        "question",
        "first comment",
        "customer message",
        "beskrivning",
        "meddelande",
        "kommentar",
        "fritext",
        "innehåll",
        "ärendebeskrivning",
        "brödtext",
        "beskrivelse",
        "besked",
        "meddelelse",
        "indhold",
        "tekst",
        "melding",
        "innhold",
        "henvendelse",
    ),
    "queue": (
        "queue",
        "group",
        "category",
        "type",
        "case reason",
        "reason",
        "topic category",
        "department",
        "team",
        "kö",
        "kategori",
        "grupp",
        "ärendetyp",
        "avdelning",
        "typ",
        "kø",
        "gruppe",
        "sagstype",
        "afdeling",
        "type sag",
        "sakstype",
        "avdeling",
        "område",
    ),
    # Who contacted us: kept only as a salted hash (demandlens.ingest.customers).
    "customer": (
        "customer id",
        "customer",
        "customer number",
        "customer no",
        "customer nr",
        "customer email",
        "customer e mail",
        "requester id",
        "requester",
        "requester email",
        "requester e mail",
        "contact id",
        "contact email",
        "account id",
        "account number",
        "user id",
        "member id",
        "kund id",
        "kundid",
        "kundnummer",
        "kundnr",
        "kund nr",
        "kund",
        "kunde id",
        "kundeid",
        "kundenummer",
        "kundenr",
        "kunde nr",
        "kunde",
        "medlemsnummer",
        "kundens e post",
        "kundens e mail",
    ),
}

_CHANNEL_SYNONYMS: dict[str, tuple[str, ...]] = {
    "email": (
        "email",
        "e-mail",
        "mail",
        "e mail",
        "e-post",
        "e post",
        "epost",
        "mejl",
        "mejla",
        "inbound email",
        "outbound email",
        "email inbound",
        "e-mail inbound",
        "brev",
        "post",
        "e-brev",
    ),
    "chat": (
        "chat",
        "live chat",
        "livechat",
        "webchat",
        "web chat",
        "chatt",
        "messenger chat",
        "web widget",
        "widget",
        "chatbot",
        "bot",
        "messaging",
        "sms",
        "whatsapp",
        "native messaging",
    ),
    "phone": (
        "phone",
        "telephone",
        "voice",
        "call",
        "phone call",
        "telefon",
        "tlf",
        "telefonsamtal",
        "samtal",
        "opkald",
        "opringning",
        "samtale",
        "telefonsamtale",
        "voicemail",
        "röstbrevlåda",
        "talebesked",
        "talemelding",
    ),
    "webform": (
        "web",
        "webform",
        "web form",
        "form",
        "contact form",
        "web portal",
        "portal",
        "help center",
        "helpcenter",
        "kontaktformulär",
        "webbformulär",
        "formulär",
        "webb",
        "kontaktformular",
        "webformular",
        "formular",
        "kontaktskjema",
        "webskjema",
        "skjema",
        "hjemmeside",
        "webside",
        "webbplats",
        "nettside",
        "api",
    ),
    "social": (
        "social",
        "social media",
        "facebook",
        "twitter",
        "x",
        "instagram",
        "linkedin",
        "tiktok",
        "trustpilot",
        "sociala medier",
        "sociale medier",
        "sosiale medier",
    ),
}
_CHANNEL_LOOKUP = {syn: canon for canon, syns in _CHANNEL_SYNONYMS.items() for syn in syns}
_FOLD = re.compile(r"[\s_\-./:()#]+")


def _fold(name: str) -> str:
    return _FOLD.sub(" ", str(name).strip().lower()).strip()


def detect_columns(columns: Iterable[str]) -> dict[str, str]:
    """Guess which export column holds each ticket field; fields not found are left out."""
    columns = list(columns)
    folded: dict[str, str] = {}
    for col in columns:
        folded.setdefault(_fold(col), col)
    found: dict[str, str] = {}
    used: set[str] = set()
    for field in FIELDS:
        for synonym in _SYNONYMS[field]:
            col = folded.get(_fold(synonym))
            if col is not None and col not in used:
                found[field] = col
                used.add(col)
                break
    return {f: found[f] for f in FIELDS if f in found}


def resolve_columns(
    columns: Iterable[str], explicit: Mapping[str, str], file: str | None = None
) -> dict[str, str]:
    """Auto-detected mapping overridden by ``explicit``; errors name the missing columns."""
    columns = list(columns)
    unknown_fields = sorted(set(explicit) - set(FIELDS))
    if unknown_fields:
        raise InputError(
            f"Unknown field(s) in ingest.columns: {', '.join(unknown_fields)}.",
            file=file,
            hint=f"Use the fields {', '.join(FIELDS)}.",
        )
    for field, col in explicit.items():
        if col not in columns:
            raise InputError(
                f"ingest.columns maps {field!r} to {col!r}, which is not in the file. "
                f"Columns found: {', '.join(map(repr, columns))}.",
                file=file,
                column=col,
                hint="Correct the column name in ingest.columns (it is case-sensitive).",
            )
    explicit_cols = set(explicit.values())
    mapping = {
        f: c
        for f, c in detect_columns([c for c in columns if c not in explicit_cols]).items()
        if f not in explicit
    }
    mapping.update(explicit)
    if "subject" not in mapping and "body" not in mapping:
        raise InputError(
            "No ticket text column found (subject or body/description/message). "
            f"Columns found: {', '.join(map(repr, columns))}.",
            file=file,
            hint='Map it in the config, e.g. ingest.columns: {body: "<your column>"}.',
        )
    return {f: mapping[f] for f in FIELDS if f in mapping}


def normalize_channel(value: str) -> str:
    """Canonical lower-case channel (email, chat, phone, webform, social, other; "unknown"
    when empty)."""
    folded = _fold(value or "")
    if not folded:
        return "unknown"
    if folded in _CHANNEL_LOOKUP:
        return _CHANNEL_LOOKUP[folded]
    hyphen = str(value).strip().lower()
    if hyphen in _CHANNEL_LOOKUP:
        return _CHANNEL_LOOKUP[hyphen]
    for word in folded.split():
        if word in _CHANNEL_LOOKUP and len(word) > 2:
            return _CHANNEL_LOOKUP[word]
    return "other"
