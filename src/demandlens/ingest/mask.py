"""Personal-data masking with typed placeholders, run before anything is written to disk.

Each detector finds candidate spans with a cheap regular expression and keeps only those that
pass a validation (checksum, valid embedded date, phone-number metadata). Order and invoice
numbers that fail the checks stay readable, so keywords such as "order 4711-2093" survive.

Placeholders: ``<EMAIL>``, ``<URL>``, ``<IBAN>`` (any letter case), ``<CARD>`` (13-19 digits,
Luhn), ``<PERSONNUMMER>`` (Swedish personnummer and samordningsnummer), ``<FODSELSNUMMER>``
(Norwegian fødselsnummer and D-nummer, also written ``240566-40084`` or ``121212.10000``),
``<CPR>`` (Danish CPR), ``<PHONE>`` and ``<NAME>`` (a name after a sign-off on the same line,
"Mvh Anna Svensson", "Regards, John", or "… /Anna" at the end; sign-offs on a line of their
own are cut by the cleaner with what follows).

A mistyped identity number is still an identity number: 10-12 digits right after an id keyword
("fødselsnummer", "personnummer", "CPR", "fnr", "D-nummer") are masked by context whatever
their check digits say. A bare 8-digit number is a Danish/Norwegian phone number when the
numbering plan allows it, unless an order/invoice/customer/CVR keyword stands before it or
it reads as an amount ("… kr") or a date (``20250304``, ``09012024``).

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

PII_TYPES = (
    "EMAIL", "URL", "IBAN", "CARD", "PERSONNUMMER", "FODSELSNUMMER", "CPR", "PHONE", "NAME"
)


@dataclass(frozen=True)
class PiiSpan:
    """One piece of personal data: ``text[start:end]`` is of type ``kind``."""

    start: int
    end: int
    kind: str
    value: str


_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
_IBAN = re.compile(r"\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{1,4}){3,8}\b")
_CARD = re.compile(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])")
# 10 or 12 digits with optional separator before the last four: YYMMDD-XXXX, YYYYMMDD-XXXX.
_TEN = re.compile(r"(?<![\d-])((?:19|20)?\d{6})([-+ ]?)(\d{4})(?![\d-])")
_ELEVEN = re.compile(r"(?<![\d-])(\d{6})[ .-]?(\d{5})(?![\d-])")
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d \-()]{5,17}\d(?![\w-])")
_DATE_LIKE = re.compile(r"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[ .]\d{3})+$")
_US = re.compile(r"^\(?\d{3}\)?[ -]\d{3}-\d{4}$")

_ID_KEYWORDS = re.compile(
    r"(cpr|person\s*n(?:umme)?r|pers\.?\s*nr|pnr|f[øo]dsels\s*n(?:umme)?r|f[øo]dselsnummer|"
    r"personal (?:id|number)|social security|samordningsn|\bf\.?nr|\bd-?nummer)",
    re.IGNORECASE,
)
# An identity-number keyword, a few words, then a 10-12 digit number: masked by context even
# when its check digits fail (a mistyped id is still an id).
_ID_CONTEXT = re.compile(
    r"(?P<kw>\bcpr|person\s*(?:nummer|nr)|personnr|pers\.?\s*nr|\bpnr|samordningsn\w*|"
    r"f[øo]dsels\s*(?:nummer|nr)\w*|\bf\.?nr|\bd-?nummer|personal (?:id(?:entity)? )?number|"
    r"social security(?: number)?|national id(?: number)?)"
    r"[^\d\n]{0,16}?(?P<num>(?<![\d])\d(?:[ .+-]?\d){9,11})(?![\d])",
    re.IGNORECASE,
)
_ORDER_KEYWORDS = re.compile(
    r"\b(order|ordre|beställning|bestilling|faktura|invoice|kvitto|kvittering|receipt|"
    r"referens|reference|ref\.?|sag|ärende|sak|tracking|sändning|forsendelse|sending|kolli|"
    r"kundn|kunde?n?r|customer|account|konto|avtal|aftale|contract|artikel|art\.?\s*nr|sku|"
    r"sporing|spårning|tracking|track|pakke|paket|parcel|forsendelse|cvr|org|reg|company|"
    r"moms|vat|ean|gtin|isbn|serie|serial|imei|pin|kode|code|voucher|gavekort|presentkort|"
    r"rabat|rabatt|kampanj|kampanje)\w*"
    r"[\s.:#-]*(?:n(?:umme)?r\.?|no\.?|number|id)?[\s.:#-]*$",
    re.IGNORECASE,
)
_PHONE_KEYWORDS = re.compile(
    r"\b(tel|tlf|telefon|phone|mobil|mob\.?|cell|ring|call|sms|whatsapp|nå mig|nå meg)\b",
    re.IGNORECASE,
)
# Bare 8-digit numbers are Danish/Norwegian phone numbers unless they read as an amount ...
_AMOUNT_AFTER = re.compile(
    r"^\s*(?:kr\b|kr\.|dkk|nok|sek|eur|euro|kroner|kronor|,-|:-|,\d{2}\b|%|stk|pcs|st\b)",
    re.IGNORECASE,
)
_AMOUNT_BEFORE = re.compile(
    r"(?:kr\.?|dkk|nok|sek|eur|beløb|belopp|beløp|amount|summa|sum|total|pris|price)[\s:]*$",
    re.IGNORECASE,
)
_CARD_KEYWORDS = re.compile(
    r"\b(?:kort|card|visa|mastercard|master card|amex|kreditkort|betalkort|betalingskort|"
    r"dankort|bankkort|kortnummer|kortnr|card number)\b[^\d]{0,20}$",
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
            # a mistyped personnummer after its keyword can still read as a CPR date
            kind = _context_kind(keyword.group(1), m.group()) if keyword else "CPR"
            spans.append(PiiSpan(m.start(), m.end(), kind, m.group()))
    for m in _ID_CONTEXT.finditer(text):
        start, end = m.span("num")
        if any(s.start < end and start < s.end for s in spans):
            continue
        spans.append(PiiSpan(start, end, _context_kind(m.group("kw"), m.group("num")), m.group("num")))
    return spans


def _context_kind(keyword: str, number: str) -> str:
    """The id type a keyword names; the number's length decides where the keyword does not."""
    kw = keyword.lower()
    digits = re.sub(r"\D", "", number)
    if kw.startswith("cpr"):
        return "CPR"
    if kw.startswith(("f", "d")) or len(digits) == 11:
        return "FODSELSNUMMER"
    return "PERSONNUMMER"


def _find_iban(text: str) -> list[PiiSpan]:
    spans = []
    for m in _IBAN.finditer(text):
        candidate = m.group()
        # Shrink from the right so a following upper-case word is not swallowed.
        while len(candidate.replace(" ", "")) >= 15:
            if _iban.is_valid(candidate.upper()):
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
        usual = (
            len(digits) == 16
            or (len(digits) == 15 and digits[:2] in ("34", "37"))
            or (len(digits) == 13 and digits[0] == "4")  # older Visa
        )
        before = _before(text, m.start())
        if _CARD_KEYWORDS.search(before):
            pass  # "kort 4571 …": a card whatever its length
        elif digits == m.group() and (not usual or _ORDER_KEYWORDS.search(before)):
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
            # "09012024" is a date far more often than a Swedish number written without spaces
            ok = not (raw == digits and len(digits) == 8 and _date8(digits)
                      and not _PHONE_KEYWORDS.search(before)) and _phone_valid(raw, _REGIONS_TRUNK)
        elif len(digits) == 8 and (raw != digits or _PHONE_KEYWORDS.search(before)):
            ok = _phone_valid(raw, _REGIONS_EIGHT)
        elif len(digits) == 8:  # bare: a phone number unless it reads as an amount or a date
            after = text[m.end() : m.end() + 8]
            ok = not (
                _AMOUNT_AFTER.match(after) or _AMOUNT_BEFORE.search(before) or _date8(digits)
            ) and _phone_valid(raw, _REGIONS_EIGHT)
        elif _US.match(raw):
            ok = _phone_valid(raw, ("US",))
        else:
            ok = False
        if ok:
            spans.append(PiiSpan(start, m.end(), "PHONE", text[start : m.end()]))
    return spans


def _date8(digits: str) -> bool:
    """True when 8 digits read as a date YYYYMMDD or DDMMYYYY (1900-2099)."""
    y, m, d = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    if 1900 <= y <= 2099 and _valid_date(y, m, d):
        return True
    d, m, y = int(digits[:2]), int(digits[2:4]), int(digits[4:])
    return 1900 <= y <= 2099 and _valid_date(y, m, d)


def _find_regex(pattern: re.Pattern[str], kind: str, text: str) -> list[PiiSpan]:
    spans = []
    for m in pattern.finditer(text):
        value = m.group().rstrip(".,;:!?)")
        spans.append(PiiSpan(m.start(), m.start() + len(value), kind, value))
    return spans


_HAS_DIGIT = re.compile(r"\d")
_NAME_WORD = r"(?:[A-ZÅÄÖÆØÜÉ][a-zåäöæøüéèáí'’-]+|[A-ZÅÄÖÆØ]\.)"
# A sign-off followed by a name on the same line ("Mvh Anna Svensson", "Hilsen Kari"); the
# cleaner drops sign-offs on a line of their own, with whatever follows them.
_SIGNOFF_NAME = re.compile(
    r"(?:^|(?<=[\s.!?,;:)]))(?i:med (?:vänlig|vänliga|vänlige|venlig|venlige|vennlig|vennlige) "
    r"(?:hälsning|hälsningar|hilsen|hilsener)|(?:vänliga|venlig|venlige|vennlig|vennlige|bästa|"
    r"varma|mange|beste|kærlig|kind|best|warm|warmest) (?:hälsningar|hälsning|hilsen|hilsener|"
    r"regards|wishes)|hälsningar|hälsning|hilsen|hilsner|mvh|m\.v\.h\.?|vh|bh|regards|cheers|"
    r"sincerely|yours sincerely|yours faithfully|all the best|thanks and regards|tack och "
    r"hälsningar)[ \t]*[,.!:-]*(?:[ \t]+|[ \t]*\n[ \t]*)(" + _NAME_WORD + r"(?:[ \t]+" + _NAME_WORD + r"){0,3})"
)
# "... tack! /Anna" and "Thanks, John Smith" at the very end of a text.
_TRAILING_NAME = re.compile(
    r"(?:(?<=\s)/{1,2}[ \t]?|(?:^|(?<=[\s.!?,]))(?i:tack|tak|takk|thanks|thank you|tusen takk|"
    r"mange tak|tack så mycket)[ \t]*[,.!:-]*[ \t]+)("
    + _NAME_WORD + r"(?:[ \t]+" + _NAME_WORD + r"){0,2})[ \t]*[.!]?[ \t]*$"
)


def _find_names(text: str) -> list[PiiSpan]:
    spans = []
    for pattern in (_SIGNOFF_NAME, _TRAILING_NAME):
        for m in pattern.finditer(text):
            spans.append(PiiSpan(m.start(1), m.end(1), "NAME", m.group(1)))
    return spans


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
    if "NAME" in wanted:
        found += _find_names(text)
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
