"""Ticket text cleaning: HTML, quoted replies, signatures, greetings, whitespace and unicode.

The rules know Swedish, Danish, Norwegian bokmål and English mail conventions. Quoted previous
messages ("Den 3 mars 2025 skrev …:", "On … wrote:", "-----Original Message-----", "> " lines,
Outlook "From:/Sent:" blocks) and everything after them are removed, as are sign-offs ("Med
vänlig hälsning", "Med venlig hilsen", "Mvh", "Best regards") with the name lines after them,
device footers ("Sent from my iPhone", "Skickat från min iPhone"), leading greetings
("Hej Anna,", "Hei!", "Kære kundeservice", "Dear Sir") and web-form field lines ("Navn: …",
"E-post: …", "Ärendetyp: …", "Message:"), chat transcript timestamps and agent lines, and
call-note preambles ("Kund ringde kl 12:07 om …", "Indgående opkald –").

Example:
    >>> clean_text("Hej!\\n\\nMitt paket har inte kommit.\\n\\nMed vänlig hälsning\\nAnna")
    'Mitt paket har inte kommit.'
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

from ..config import CleanConfig

__all__ = ["clean_text", "clean_texts", "clean_subject", "is_auto_reply"]

_I = re.IGNORECASE | re.MULTILINE

_HTML_TAG = re.compile(
    r"</?(?:p|br|div|span|a|b|i|u|s|strong|em|ul|ol|li|table|tr|td|th|tbody|thead|html|body|"
    r"head|font|img|hr|h[1-6]|blockquote|pre|code|meta|title|center|small|big|sup|sub|o:p|"
    r"section|article|header|footer|label|tt|col|colgroup|caption|wbr|link|base|![a-z-]*)"
    r"\b[^>]*>",
    re.IGNORECASE,
)
_HTML_DROP = re.compile(r"<(script|style|head)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_HTML_QUOTE = re.compile(r"<blockquote\b.*?</blockquote\s*>", re.I | re.S)
_HTML_BREAK = re.compile(
    r"</?(?:br|p|div|li|tr|td|th|table|ul|ol|h[1-6]|hr|section|article|header|footer)\b[^>]*>",
    re.I,
)

# A line that introduces a quoted earlier message; everything from it on is dropped.
_QUOTE_HEADER = re.compile(
    r"^[ \t]*(?:"
    r"-{2,}\s*(?:original message|ursprungligt meddelande|oprindelig meddelelse|opprinnelig "
    r"melding|forwarded message|vidarebefordrat meddelande|videresendt meddelelse|videresendt "
    r"melding|videresend(?:t)? besked)\s*-{2,}"
    r"|(?:den|on|d\.|man|tis|ons|tor|fre|lör|sön|mån|tir|søn|lør|mon|tue|wed|thu|fri|sat|sun)"
    r"\b[^\n]{0,200}?\b(?:skrev|wrote|schrieb)\b(?:[^\n]{0,120})?(?:\n[^\n]{0,120})?:[ \t]*$"
    r"|[^\n]{0,150}<[^\n>]+@[^\n>]+>\s*(?:skrev|wrote)(?: følgende)?:[ \t]*$"
    r"|(?:from|från|fra|von):[^\n]*\n(?:[^\n]*\n){0,2}[ \t]*(?:sent|skickat|sendt|date|datum|"
    r"dato|gesendet|to|till|til):"
    r")",
    _I,
)
_QUOTED_LINE = re.compile(r"^[ \t]*>.*(?:\n|$)", re.MULTILINE)

_SIGNOFF = re.compile(
    r"^[ \t]*(?:"
    r"med (?:vänlig|vänliga|vänlige|venlig|venlige|vennlig|vennlige) (?:hälsning|hälsningar|"
    r"hilsen|hilsener)|(?:vänliga|venlig|venlige|vennlig|vennlige|bästa|varma|mange|beste|"
    r"kærlig) (?:hälsningar|hälsning|hilsen|hilsener)|hälsningar|hilsen|hilsner|mvh|m\.v\.h\.?|"
    r"vh|bh|(?:best|kind|warm)(?: regards| wishes)?|regards|cheers|sincerely|yours sincerely|"
    r"yours faithfully|all the best|thanks(?: and regards)?|thank you|tack|tak|takk|"
    r"tack på förhand|tak på forhånd|takk på forhånd|thanks in advance|på forhånd takk|"
    r"på forhånd tak|tack så mycket|tusen takk|mange tak|tack och hälsningar"
    r")[ \t]*[,.!]*[ \t]*(?:\n|$)",
    _I,
)
_DEVICE_FOOTER = re.compile(
    r"^[ \t]*(?:sent from my|skickat från min|skickad från min|sendt fra min|sendt fra|"
    r"get outlook for|hämta outlook för|hent outlook til|få outlook til|sent from mail for|"
    r"skickat från e-post för|sendt fra mail til)\b[^\n]*(?:\n|$)",
    _I,
)
_GREETING = re.compile(
    r"\A\s*(?:(?:hej|hei|hejsan|hallå|hallo|hello|hi|hey|dear|kära|kære|kjære|god ?dag|"
    r"goddag|god morgon|god morgen|godmorgen|good morning|good afternoon|to whom it may concern)"
    r"(?:[ \t]+(?:igen|again|there|alle|alla|all))?"
    r"(?:[ \t]+[^\n,.!:]{1,40}?)?[ \t]*[,.!:]+|"
    r"(?:dear|kära|kære|kjære)[ \t]+[^\n,.!:]{1,40}(?=[ \t]*\n)|"
    r"(?:hej|hei|hejsan|hallå|hallo|hello|hi|hey)(?=[ \t]*\n))[ \t]*",
    re.IGNORECASE,
)
# An auto-reply announces itself at the very start (subject or first line) ...
_AUTO_REPLY_HEADER = re.compile(
    r"\A\s*(?:automatic reply|auto(?:matic)?[- ]?reply|autosvar|automatiskt svar|automatisk svar|"
    r"out of (?:the )?office|frånvaromeddelande|fraværsmelding|fraværsmeddelelse|"
    r"delivery status notification|undeliverable|mail delivery (?:failed|subsystem)|"
    r"this is an automat(?:ic|ed) (?:message|response|reply)|"
    r"detta är ett automatiskt|dette er en automatisk|dette er et automatisk)\b",
    re.IGNORECASE,
)
# ... or is a short absence notice that says when the writer is back.
_ABSENCE = re.compile(
    r"\b(?:jag är (?:ledig|på semester|tjänstledig|föräldraledig|borta|inte på kontoret)|"
    r"jeg er (?:på ferie|ikke på kontoret|fraværende|på barsel|syg)|jeg har (?:ferie|fri)|"
    r"i am (?:currently )?(?:out of the office|away|on (?:annual )?leave|on vacation)|"
    r"i'm (?:currently )?(?:out of the office|on (?:annual )?leave|on vacation))\b",
    re.IGNORECASE,
)
_BACK = re.compile(
    r"\b(?:tillbaka|tilbage|tilbake|back on|back in the office|return|åter)\b", re.IGNORECASE
)
# Web-form field lines ("Navn: …", "E-post: …", "Ärendetyp: …") are template, not message.
_FORM_FIELD = re.compile(
    r"^[ \t]*(?:namn|navn|name|full name|e-?post|e-?mail|email|mail|telefon|telefonnummer|"
    r"phone|mobil|mobile|tlf|tel|ordernummer|ordrenummer|order ?number|order ?no|"
    r"bestillingsnummer|kundnummer|kundenummer|customer number|ämne|emne|topic|subject|"
    r"kategori|category|ärendetyp|ärende|henvendelsestype|henvendelse|sakstype|type|"
    r"adress|adresse|address|postnummer|postnr|zip)[ \t]*:[^\n]*(?:\n|$)",
    re.IGNORECASE | re.MULTILINE,
)
_FORM_MESSAGE_LABEL = re.compile(
    r"^[ \t]*(?:meddelande|besked|melding|message|beskrivelse|beskrivning|description|"
    r"din fråga|dit spørgsmål|ditt spørsmål|your question|fritext|fritekst)[ \t]*:[ \t]*",
    re.IGNORECASE | re.MULTILINE,
)
# Chat transcripts: "(08:53:31) Frederik: …" lines; agent and bot lines are not the customer's.
_CHAT_LINE = re.compile(r"^[ \t]*\(?\[?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\]?\)?[ \t]*([^:\n]{1,40}):[ \t]?(.*)$",
                        re.MULTILINE)
_AGENT = re.compile(
    r"\b(?:support|kundservice|kundeservice|kundtjänst|kundesenter|customer service|agent|"
    r"operator|operatör|bot|assistant|assistent|rådgiver|rådgivare|advisor|service)\b",
    re.IGNORECASE,
)
# Call notes: "Kund ringde kl 12:07 om …", "Indgående opkald – …", "Customer called re …".
_CALL_PREAMBLE = re.compile(
    r"\A\s*(?:(?:kund(?:en)?|kunde(?:n)?|customer|caller|cust\.?)\s+"
    r"(?:ringde|ringer|ringte|ringede|ringet|called|calls|phoned|rang)(?:\s+in)?"
    r"(?:\s+kl\.?\s*\d{1,2}[:.]\d{2})?(?:\s+(?:om|angående|ang\.?|vedr\.?|vedrørende|"
    r"about|regarding|re:?|for))?"
    r"|(?:inkommande|indgående|innkommende|inbound|incoming)\s+(?:samtal|opkald|samtale|call)"
    r"\s*[–\-:,.]?)\s*",
    re.IGNORECASE,
)
# Subjects that say nothing about the reason ("Chat", "Inbound call", "Question", "Case 333563").
_GENERIC_SUBJECT = re.compile(
    r"^\s*(?:\[[^\]]*\]\s*)?(?:chat(?: with [^\n]{1,40})?|inkommande samtal|indgående opkald|"
    r"innkommende samtale|inbound call|incoming call|samtalsanteckning|opkaldsnote|samtalenotat|"
    r"call note|problem|henvendelse|ärende|sak|sag|case|ticket|your request|din förfrågan|"
    r"question|fråga|spørgsmål|spørsmål|hjälp|hjelp|hjælp|help|kundtjänst|kundeservice|"
    r"kundservice|customer service|viktigt|vigtigt|viktig|important|urgent|brådskande|haster|"
    r"hej|hei|hi|hello|enquiry|inquiry|förfrågan|forespørgsel|forespørsel|(?:no )?subject|"
    r"inget ämne|intet emne|ingen emne|övrigt|andet|annet|other|allmänt|generelt|general)"
    r"(?:\s*[#:]?\s*\d*)?\s*[!.?]*\s*$",
    re.IGNORECASE,
)
_FORM_SUBJECT = re.compile(
    r"^\s*(?:kontaktformulär|kontaktformular|kontaktskjema|contact form|web ?form|webbformulär)"
    r"\s*[:\-–]?\s*",
    re.IGNORECASE,
)
_REPLY_PREFIX = re.compile(
    r"^\s*(?:(?:re|sv|svar|aw|vs|vb|fw|fwd|vl|ang|vedr|vedr\.|ref)\s*(?:\[\d+\])?\s*:\s*)+",
    re.IGNORECASE,
)
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
_NEWLINES = re.compile(r"\s*\n\s*")


def _strip_html(text: str) -> str:
    if "<" not in text or not _HTML_TAG.search(text):
        return html.unescape(text) if "&" in text else text
    text = _HTML_DROP.sub(" ", text)
    text = _HTML_BREAK.sub("\n", text)
    return html.unescape(_HTML_TAG.sub("", text))


def _normalise_unicode(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _cut(text: str, match: re.Match[str] | None) -> str:
    return text[: match.start()] if match else text


def _strip_quoted(text: str) -> str:
    text = _cut(text, _QUOTE_HEADER.search(text))
    return _QUOTED_LINE.sub("", text)


def _strip_form_fields(text: str) -> str:
    """Drop web-form field lines when the text looks like a form (two or more fields)."""
    if len(_FORM_FIELD.findall(text)) < 2:
        return text
    return _FORM_MESSAGE_LABEL.sub("", _FORM_FIELD.sub("", text))


def _strip_chat_transcript(text: str) -> str:
    """Keep only the customer's words of a timestamped chat transcript.

    The customer is the first speaker whose name does not read like an agent or a bot
    ("Support Liam", "Kundeservice Mads", "Maja (bot)"); greeting-only lines are dropped.
    """
    lines = _CHAT_LINE.findall(text)
    if len(lines) < 2:
        return text
    customer = next((who.strip() for who, _ in lines if not _AGENT.search(who)), None)
    said = [
        words.strip()
        for who, words in lines
        if who.strip() == customer and _GREETING.sub("", words).strip(" .,!?")
    ]
    return "\n".join(said) if said else text


def _strip_call_preamble(text: str) -> str:
    return _CALL_PREAMBLE.sub("", text, count=1)


def _strip_signature(text: str) -> str:
    text = _DEVICE_FOOTER.sub("", text)
    for m in _SIGNOFF.finditer(text):
        if text[: m.start()].strip():  # a sign-off needs some message before it
            return text[: m.start()]
    return text


def clean_subject(subject: str) -> str:
    """Clean a subject line: HTML, unicode, reply/forward prefixes ("Re:", "SV:", "Vedr:")."""
    subject = _normalise_unicode(_strip_html(subject or ""))
    subject = _REPLY_PREFIX.sub("", subject)
    subject = _FORM_SUBJECT.sub("", subject)
    if _GENERIC_SUBJECT.match(subject):
        return ""
    return _SPACES.sub(" ", _NEWLINES.sub(" ", subject)).strip()


def clean_text(text: str, config: CleanConfig | None = None) -> str:
    """Clean one ticket text according to ``config``; returns a single-line string."""
    config = config or CleanConfig()
    if not text:
        return ""
    if config.strip_html:
        if config.strip_quoted and "<blockquote" in text.lower():
            text = _HTML_QUOTE.sub("\n", text)
        text = _strip_html(text)
    text = _normalise_unicode(text)
    text = _SPACES.sub(" ", text)
    if config.strip_quoted:
        text = _strip_quoted(text)
    if config.strip_form_fields:
        text = _strip_form_fields(text)
    if config.strip_transcripts:
        text = _strip_call_preamble(_strip_chat_transcript(text))
    if config.strip_signatures:
        text = _strip_signature(text)
    if config.strip_greetings:
        text = _GREETING.sub("", text, count=1)
    text = _NEWLINES.sub(" ", text.strip())
    text = _SPACES.sub(" ", text).strip()
    if len(text) > config.max_chars:
        text = text[: config.max_chars].rsplit(" ", 1)[0]
    return text


def clean_texts(texts: Iterable[str], config: CleanConfig | None = None) -> list[str]:
    """:func:`clean_text` over many texts."""
    config = config or CleanConfig()
    return [clean_text(t, config) for t in texts]


def is_auto_reply(text: str) -> bool:
    """True when ``text`` (subject + body) is an out-of-office reply or a bounce.

    Either it announces itself at the start ("Automatic reply:", "Autosvar:", "Out of office",
    "Undeliverable"), or it is a short absence notice ("Jag är på semester …") saying when the
    writer is back. A customer writing "I got an automatic reply and then nothing" or "I'm away
    next week, send it to my mum" is a real ticket.
    """
    if not text:
        return False
    if _AUTO_REPLY_HEADER.search(text):
        return True
    head = text[:300]
    return len(text) < 400 and bool(_ABSENCE.search(head)) and bool(_BACK.search(head))
