"""Cleaning rules, each in Swedish, Danish, Norwegian bokmål and English."""

from __future__ import annotations

import pytest

from demandlens.config import CleanConfig
from demandlens.ingest.clean import clean_subject, clean_text, clean_texts, is_auto_reply

QUOTED = {
    "sv": "Jag vill byta adress.\n\nDen 3 mars 2025 kl. 10:12 skrev Kundtjänst <k@x.se>:\n> Hej",
    "da": "Jeg vil skifte adresse.\n\nDen 3. mar. 2025 kl. 10.12 skrev Kundeservice <k@x.dk> "
    "følgende:\n\nTak for din henvendelse",
    "nb": "Jeg vil bytte adresse.\n\ntir. 4. mar. 2025 kl. 10:12 skrev Kundeservice <k@x.no>:\n"
    "> Takk",
    "en": "I want to change my address.\n\nOn Mon, 3 Mar 2025 at 10:12, Support <s@x.com> wrote:"
    "\n> Thanks",
}
EXPECTED_QUOTED = {
    "sv": "Jag vill byta adress.",
    "da": "Jeg vil skifte adresse.",
    "nb": "Jeg vil bytte adresse.",
    "en": "I want to change my address.",
}
ORIGINAL = {
    "sv": "Fakturan är fel.\n-----Ursprungligt meddelande-----\nFrån: x\nSkickat: y",
    "da": "Fakturaen er forkert.\n\nFra: Kundeservice\nSendt: 3. marts 2025\nTil: mig",
    "nb": "Fakturaen er feil.\n-----Opprinnelig melding-----\nFra: x",
    "en": "The invoice is wrong.\n-----Original Message-----\nFrom: x\nSent: y",
}
EXPECTED_ORIGINAL = {
    "sv": "Fakturan är fel.",
    "da": "Fakturaen er forkert.",
    "nb": "Fakturaen er feil.",
    "en": "The invoice is wrong.",
}
SIGNED = {
    "sv": (
        "Hej!\n\nPaketet har inte kommit.\n\nMed vänlig hälsning\nAnna Andersson\n070-1234567",
        "Paketet har inte kommit.",
    ),
    "sv2": (
        "Hej Kundtjänst,\nPaketet har inte kommit.\nMvh\nAnna\nSkickat från min iPhone",
        "Paketet har inte kommit.",
    ),
    "da": (
        "Kære kundeservice\n\nPakken er ikke kommet.\n\nMed venlig hilsen\nJens Jensen",
        "Pakken er ikke kommet.",
    ),
    "da2": (
        "Hej,\nPakken er ikke kommet.\nVh Jens\n\nSendt fra min iPhone",
        "Pakken er ikke kommet. Vh Jens",
    ),
    "nb": (
        "Hei!\nPakken har ikke kommet.\n\nMed vennlig hilsen\nOla Nordmann",
        "Pakken har ikke kommet.",
    ),
    "nb2": (
        "Hei Kundeservice,\nPakken har ikke kommet.\nMvh\nOla\n\nSendt fra min iPhone",
        "Pakken har ikke kommet.",
    ),
    "en": (
        "Hi there,\n\nThe parcel has not arrived.\n\nBest regards,\nJohn Smith",
        "The parcel has not arrived.",
    ),
    "en2": (
        "Dear Sir or Madam,\nThe parcel has not arrived.\nKind regards\nJohn\nSent from my iPhone",
        "The parcel has not arrived.",
    ),
}
HTML = {
    "sv": ("<p>Hej,</p><p>Leveransen &auml;r <b>f&ouml;rsenad</b>.</p>", "Leveransen är försenad."),
    "da": ("<div>Hej<br>Leveringen er <i>forsinket</i>.</div>", "Leveringen er forsinket."),
    "nb": (
        "<html><body>Hei,<br/>Leveransen er forsinket&nbsp;igjen.</body></html>",
        "Leveransen er forsinket igjen.",
    ),
    "en": (
        "<p>The delivery is late.</p><blockquote>On Mon you wrote: old text</blockquote>",
        "The delivery is late.",
    ),
}
AUTO = {
    "sv": "Automatiskt svar: Jag är på semester till 12 augusti.",
    "da": "Autosvar: Jeg er på ferie indtil mandag.",
    "nb": "Automatisk svar: Jeg har ferie til 4. august.",
    "en": "Automatic reply: I am out of the office until Monday.",
}
NOT_AUTO = {
    "sv": "Jag har inte fått något svar på mitt mejl.",
    "da": "Jeg har ikke fået svar på min mail.",
    "nb": "Jeg har ikke fått svar på e-posten min.",
    "en": "I never got a reply to my email.",
}


@pytest.mark.parametrize("lang", QUOTED)
def test_strips_quoted_reply_headers(lang):
    assert clean_text(QUOTED[lang]) == EXPECTED_QUOTED[lang]


@pytest.mark.parametrize("lang", ORIGINAL)
def test_strips_original_message_blocks(lang):
    assert clean_text(ORIGINAL[lang]) == EXPECTED_ORIGINAL[lang]


@pytest.mark.parametrize("lang", ["sv", "da", "nb", "en"])
def test_strips_quote_marker_lines(lang):
    text = EXPECTED_QUOTED[lang] + "\n> earlier message\n> more"
    assert clean_text(text) == EXPECTED_QUOTED[lang]


@pytest.mark.parametrize("case", SIGNED)
def test_strips_greetings_signatures_and_device_footers(case):
    text, expected = SIGNED[case]
    assert clean_text(text) == expected


@pytest.mark.parametrize("lang", HTML)
def test_strips_html(lang):
    text, expected = HTML[lang]
    assert clean_text(text) == expected


@pytest.mark.parametrize("lang", AUTO)
def test_auto_replies(lang):
    assert is_auto_reply(AUTO[lang])
    assert not is_auto_reply(NOT_AUTO[lang])


def test_normalises_whitespace_and_unicode():
    assert (
        clean_text("Paketet\u00a0har\u200b  inte\r\n\r\n kommit\t.") == "Paketet har inte kommit ."
    )
    assert clean_text("ﬁlen är tom") == "filen är tom"  # NFKC folds ligatures


def test_sign_off_alone_is_kept_and_rules_can_be_switched_off():
    assert clean_text("Mvh") == "Mvh"
    config = CleanConfig(strip_signatures=False, strip_greetings=False)
    assert clean_text("Hej!\nFel.\nMvh Anna", config) == "Hej! Fel. Mvh Anna"


def test_max_chars_truncates_at_a_word():
    assert clean_text("ett två tre fyra", CleanConfig(max_chars=9)) == "ett två"


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("SV: Re: Leverans", "Leverans"),
        ("Vedr.: Faktura", "Faktura"),
        ("VS: Fwd: Pakke", "Pakke"),
        ("AW: Re:", ""),
    ],
)
def test_subject_prefixes(subject, expected):
    assert clean_subject(subject) == expected


def test_clean_texts_batch():
    assert clean_texts(["Hej!\nA b c", ""]) == ["A b c", ""]


FORMS = {
    "sv": ("Namn: Anna Berg\nE-post: anna@example.se\nÄrendetyp: Leverans\nMeddelande:\n"
           "Mitt paket har inte kommit.", "Mitt paket har inte kommit."),
    "da": ("Navn: Mads Kristensen\nE-mail: mads@example.dk\nEmne: Andet\nBesked:\n"
           "Hvornår har butikken åbent?", "Hvornår har butikken åbent?"),
    "nb": ("Navn: Eirik Lie\nE-post: eirik@example.no\nKategori: Bestilling\nMelding:\n"
           "Kan dere gi beskjed når jakken er tilbake?", "Kan dere gi beskjed når jakken er tilbake?"),
    "en": ("Name: Mark Green\nEmail: mark@example.com\nTopic: Ordering\nMessage:\n"
           "When will the wardrobe be back in stock?", "When will the wardrobe be back in stock?"),
}


@pytest.mark.parametrize("lang", FORMS)
def test_strips_web_form_field_lines(lang):
    text, expected = FORMS[lang]
    assert clean_text(text) == expected


def test_a_single_field_like_line_in_an_email_is_kept():
    text = "Mitt ordernummer: 4711 och paketet har inte kommit."
    assert clean_text(text) == text


@pytest.mark.parametrize(
    "subject", ["Kontaktformulär: Faktura", "Kontaktformular: Faktura", "Contact form - Faktura"]
)
def test_form_subject_prefix_is_dropped(subject):
    assert clean_subject(subject) == "Faktura"


@pytest.mark.parametrize(
    "text",
    [
        "I got an automatic reply and then nothing. What is happening with my complaint?",
        "jag fick ett automatiskt svar men sedan ingenting. Vad händer med min reklamation?",
        "I'm away next week, could you send it to my mum's address instead?",
        "Jeg er på ferie næste uge, kan I sende pakken til min mor i stedet?",
    ],
)
def test_customers_mentioning_auto_replies_or_absence_are_real_tickets(text):
    assert not is_auto_reply(text)


def test_short_absence_notice_saying_when_back_is_an_auto_reply():
    assert is_auto_reply("Jeg er på ferie og er tilbage mandag den 4. august.")


TRANSCRIPTS = {
    "sv": ("(10:01:02) Anna: hej\n(10:01:30) Kundtjänst Maja: Hej! Vad kan jag hjälpa till med?\n"
           "(10:02:11) Anna: Mitt paket har inte kommit.", "Mitt paket har inte kommit."),
    "da": ("(08:53:31) Frederik: Hej\n(08:53:55) Kundeservice Mads: Hej! Jeg kigger på det.\n"
           "(08:54:09) Frederik: Kan jeg stadig returnere?", "Kan jeg stadig returnere?"),
    "nb": ("(08:35:13) Thomas: hei\n(08:35:37) Thomas: Dere har trukket penger igjen.",
           "Dere har trukket penger igjen."),
    "en": ("(17:23:32) Rachel: hello\n(17:23:58) Support Liam: Hi! I'll look into that.\n"
           "(17:24:17) Rachel: Is the wardrobe in stock?", "Is the wardrobe in stock?"),
}


@pytest.mark.parametrize("lang", TRANSCRIPTS)
def test_chat_transcripts_keep_only_the_customers_words(lang):
    text, expected = TRANSCRIPTS[lang]
    assert clean_text(text) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Kund ringde kl 12:07 om debiterad efter uppsägning.", "debiterad efter uppsägning."),
        ("Indgående opkald – vil gerne bestille.", "vil gerne bestille."),
        ("Kunden ringte ang. ny leveringsadresse.", "ny leveringsadresse."),
        ("Customer called about a missing refund.", "a missing refund."),
    ],
)
def test_call_note_preambles_are_dropped(note, expected):
    assert clean_text(note) == expected


@pytest.mark.parametrize(
    "subject",
    ["Chat", "Chat with Tom", "Inkommande samtal", "Indgående opkald", "Innkommende samtale",
     "Inbound call", "[Nordhem] Case 333563", "Your request #225820", "Viktigt!",
     "Kontaktformulär: Övrigt", "Kontaktskjema: Annet"],
)
def test_subjects_that_say_nothing_about_the_reason_are_dropped(subject):
    assert clean_subject(subject) == ""


@pytest.mark.parametrize(
    "subject", ["Levering", "Problem med faktura", "Paketet har inte kommit", "Order 4711 missing"]
)
def test_informative_subjects_are_kept(subject):
    assert clean_subject(subject) == subject
