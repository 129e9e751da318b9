"""Personal-data masking with typed placeholders, run before anything is written to disk.

Each detector finds candidate spans with a cheap regular expression and keeps only those that
pass a validation (checksum, valid embedded date, phone-number metadata). Order and invoice
numbers that fail the checks stay readable, so keywords such as "order 4711-2093" survive.

Placeholders: ``<EMAIL>``, ``<URL>``, ``<IBAN>``, ``<CARD>``, ``<PERSONNUMMER>`` (Swedish
personnummer and samordningsnummer), ``<FODSELSNUMMER>`` (Norwegian fødselsnummer and
D-nummer), ``<CPR>`` (Danish CPR) and ``<PHONE>``.

Danish CPR numbers have had no mandatory check digit since 2007, so a 10-digit number is only
masked as ``<CPR>`` when it embeds a valid date DDMMYY *and* is either written with the usual
separator (``DDMMYY-XXXX`` / ``DDMMYY XXXX``) or a CPR keyword (``cpr``, ``personnummer``,
``fødselsnummer`` …) stands just before it. A Swedish personnummer (Luhn check digit and valid
date YYMMDD) wins over CPR unless a Danish keyword (``cpr``) is near.

Example:
    >>> mask_text("Ring 070-123 45 67 eller maila anna@example.se, pnr 811218-9876")
    'Ring <PHONE> eller maila <EMAIL>, pnr <PERSONNUMMER>'
    >>> mask_text("Ordernummer 811218-9875 har inte kommit")
    'Ordernummer 811218-9875 har inte kommit'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers
from stdnum import iban as _iban
from stdnum import luhn as _luhn
from stdnum.no import fodselsnummer as _fnr

from ..config import MaskConfig

__all__ = ["PiiSpan", "PII_TYPES", "find_pii", "mask_text", "mask_texts"]

PII_TYPES = ("EMAIL", "URL", "IBAN", "CARD", "PERSONNUMMER", "FODSELSNUMMER", "CPR", "PHONE")


@dataclass(frozen=True)
class PiiSpan:
    """One piece of personal data: ``text[start:end]`` is of type ``kind``."""

    start: int
    end: int
    kind: str
    value: str


_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){3,8}\b")
_CARD = re.compile(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])")
# 10 or 12 digits with optional separator before the last four: YYMMDD-XXXX, YYYYMMDD-XXXX.
_TEN = re.compile(r"(?<![\d-])((?:19|20)?\d{6})([-+ ]?)(\d{4})(?![\d-])")
_ELEVEN = re.compile(r"(?<![\d-])(\d{6}) ?(\d{5})(?![\d-])")
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d \-()]{5,17}\d(?![\w-])")
_DATE_LIKE = re.compile(r"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[ .]\d{3})+$")
_US = re.compile(r"^\(?\d{3}\)?[ -]\d{3}-\d{4}$")

_ID_KEYWORDS = re.compile(
    r"(cpr|person\s*n(?:umme)?r|pers\.?\s*nr|pnr|f[øo]dsels\s*n(?:umme)?r|f[øo]dselsnummer|"
    r"personal (?:id|number)|social security|samordningsn)",
    re.IGNORECASE,
)
_ORDER_KEYWORDS = re.compile(
    r"\b(order|ordre|beställning|bestilling|faktura|invoice|kvitto|kvittering|receipt|"
    r"referens|reference|ref\.?|sag|ärende|sak|tracking|sändning|forsendelse|sending|kolli|"
    r"kundn|kunde?n?r|customer|account|konto|avtal|aftale|contract|artikel|art\.?\s*nr|sku|"
    r"sporing|spårning|tracking|track|pakke|paket|parcel|forsendelse)\w*"
    r"[\s.:#-]*(?:n(?:umme)?r\.?|no\.?|number|id)?[\s.:#-]*$",
    re.IGNORECASE,
)
_PHONE_KEYWORDS = re.compile(
    r"\b(tel|tlf|telefon|phone|mobil|mob\.?|cell|ring|call|sms|whatsapp|nå mig|nå meg)\b",
    re.IGNORECASE,
)
_REGIONS_INTL = ("SE",)
_REGIONS_TRUNK = ("SE", "GB")
_REGIONS_EIGHT = ("DK", "NO")


def _before(text: str, start: int, width: int = 30) -> str:
    return text[max(0, start - width) : start]


def _swedish_date_ok(yymmdd: str) -> bool:
    month, day = int(yymmdd[-4:-2]), int(yymmdd[-2:])
    if day > 60:  # samordningsnummer: day + 60
        day -= 60
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return False
    if len(yymmdd) == 8:
        year = int(yymmdd[:4])
        return 1880 <= year <= 2100 and _valid_date(year, month, day)
    return _valid_date(2000, month, day) or _valid_date(1901, month, day)


def _valid_date(year: int, month: int, day: int) -> bool:
    import datetime

    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _is_personnummer(date_part: str, last4: str) -> bool:
    return _swedish_date_ok(date_part) and _luhn.is_valid(date_part[-6:] + last4)


def _is_cpr(date_part: str, last4: str) -> bool:
    # Only the date DDMMYY is checked (in any century): the modulus-11 check and even the
    # century digit rules are not reliable for numbers issued or typed by people.
    if len(date_part) != 6:
        return False
    day, month, year = int(date_part[:2]), int(date_part[2:4]), int(date_part[4:])
    return _valid_date(2000 + year, month, day) or _valid_date(1900 + year, month, day)


def _find_ids(text: str) -> list[PiiSpan]:
    spans: list[PiiSpan] = []
    for m in _ELEVEN.finditer(text):
        digits = m.group(1) + m.group(2)
        if _fnr.is_valid(digits):
            spans.append(PiiSpan(m.start(), m.end(), "FODSELSNUMMER", m.group()))
    for m in _TEN.finditer(text):
        date_part, sep, last4 = m.groups()
        before = _before(text, m.start())
        keyword = _ID_KEYWORDS.search(before)
        danish_kw = bool(keyword and keyword.group(1).lower().startswith("cpr"))
        if not sep and not keyword and _ORDER_KEYWORDS.search(before):
            continue  # "order 8112189876": a bare number after an order keyword stays
        if _is_personnummer(date_part, last4) and not danish_kw:
            spans.append(PiiSpan(m.start(), m.end(), "PERSONNUMMER", m.group()))
        elif _is_cpr(date_part, last4) and (
            keyword or (sep in ("-", " ") and not _ORDER_KEYWORDS.search(before))
        ):
            spans.append(PiiSpan(m.start(), m.end(), "CPR", m.group()))
    return spans


def _find_iban(text: str) -> list[PiiSpan]:
    spans = []
    for m in _IBAN.finditer(text):
        candidate = m.group()
        # Shrink from the right so a following upper-case word is not swallowed.
        while len(candidate.replace(" ", "")) >= 15:
            if _iban.is_valid(candidate):
                spans.append(PiiSpan(m.start(), m.start() + len(candidate), "IBAN", candidate))
                break
            candidate = candidate[:-1].rstrip()
    return spans


def _find_cards(text: str) -> list[PiiSpan]:
    spans = []
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if not (13 <= len(digits) <= 19 and digits[0] in "23456" and _luhn.is_valid(digits)):
            continue
        # Bare digit runs of unusual card length, or after "tracking"/"order", are references.
        usual = len(digits) == 16 or (len(digits) == 15 and digits[:2] in ("34", "37"))
        if digits == m.group() and (not usual or _ORDER_KEYWORDS.search(_before(text, m.start()))):
            continue
        spans.append(PiiSpan(m.start(), m.end(), "CARD", m.group()))
    return spans


def _phone_valid(number: str, regions: Iterable[str], possible: bool = False) -> bool:
    check = phonenumbers.is_possible_number if possible else phonenumbers.is_valid_number
    for region in regions:
        try:
            parsed = phonenumbers.parse(number, region)
        except phonenumbers.NumberParseException:
            continue
        if check(parsed):
            return True
    return False


def _find_phones(text: str) -> list[PiiSpan]:
    spans = []
    for m in _PHONE.finditer(text):
        raw = m.group().strip()
        start = m.start()
        if raw.count("(") != raw.count(")"):
            raw = raw.lstrip("(")
            start = m.end() - len(raw)
        digits = re.sub(r"\D", "", raw)
        if _DATE_LIKE.match(raw) or re.fullmatch(r"\d{6}[-+ ]\d{4}", raw):
            continue
        before = _before(text, start)
        if raw.startswith(("+", "00")):
            number = "+" + raw.lstrip("+")[2:] if raw.startswith("00") else raw
            # With a country code the writer meant a phone number: "possible" is enough.
            ok = _phone_valid(number, _REGIONS_INTL, possible=True)
        elif _ORDER_KEYWORDS.search(before) and not _PHONE_KEYWORDS.search(before[-12:]):
            continue
        elif _THOUSANDS.match(raw) and not _PHONE_KEYWORDS.search(before):
            continue
        elif re.fullmatch(r"\d{4}-\d{4}", raw) and not _PHONE_KEYWORDS.search(before):
            continue  # "9075-5914" is an order number far more often than a phone number
        elif digits.startswith("0"):
            ok = _phone_valid(raw, _REGIONS_TRUNK)
        elif len(digits) == 8 and (raw != digits or _PHONE_KEYWORDS.search(before)):
            ok = _phone_valid(raw, _REGIONS_EIGHT)
        elif _US.match(raw):
            ok = _phone_valid(raw, ("US",))
        else:
            ok = False
        if ok:
            spans.append(PiiSpan(start, m.end(), "PHONE", text[start : m.end()]))
    return spans


def _find_regex(pattern: re.Pattern[str], kind: str, text: str) -> list[PiiSpan]:
    spans = []
    for m in pattern.finditer(text):
        value = m.group().rstrip(".,;:!?)")
        spans.append(PiiSpan(m.start(), m.start() + len(value), kind, value))
    return spans


_HAS_DIGIT = re.compile(r"\d")


def find_pii(text: str, types: Iterable[str] = PII_TYPES) -> list[PiiSpan]:
    """Find personal data in ``text``; non-overlapping spans sorted by position.

    Detectors run in priority order (URL, e-mail, IBAN, card, national ids, phone); a later
    detector's span is dropped when it overlaps an earlier one.
    """
    wanted = set(types)
    found: list[PiiSpan] = []
    if "URL" in wanted and ("http" in text or "www." in text or "HTTP" in text):
        found += _find_regex(_URL, "URL", text)
    if "EMAIL" in wanted and "@" in text:
        found += _find_regex(_EMAIL, "EMAIL", text)
    if _HAS_DIGIT.search(text):
        if "IBAN" in wanted:
            found += _find_iban(text)
        if "CARD" in wanted:
            found += _find_cards(text)
        found += [s for s in _find_ids(text) if s.kind in wanted]
        if "PHONE" in wanted:
            found += _find_phones(text)
    kept: list[PiiSpan] = []
    for span in found:
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def mask_text(text: str, config: MaskConfig | None = None) -> str:
    """Replace personal data in ``text`` by typed placeholders such as ``<EMAIL>``."""
    config = config or MaskConfig()
    if not config.enabled or not text:
        return text
    spans = find_pii(text, config.types)
    if not spans:
        return text
    parts, pos = [], 0
    for span in spans:
        parts.append(text[pos : span.start])
        parts.append(f"<{span.kind}>")
        pos = span.end
    parts.append(text[pos:])
    return "".join(parts)


def mask_texts(texts: Iterable[str], config: MaskConfig | None = None) -> list[str]:
    """:func:`mask_text` over many texts."""
    config = config or MaskConfig()
    return [mask_text(t, config) for t in texts]
