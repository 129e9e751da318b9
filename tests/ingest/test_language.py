"""Language detection: sv, da, nb, en and other."""

from __future__ import annotations

from demandlens.config import LanguageConfig
from demandlens.ingest.language import detect_languages


def test_detects_the_four_languages_on_ticket_like_texts():
    texts = [
        "Mitt paket har inte kommit och jag har väntat i två veckor.",
        "Jeg har ikke modtaget min pakke, og jeg har ventet i to uger.",
        "Jeg har ikke mottatt pakken min, og jeg har ventet i to uker.",
        "My parcel has not arrived and I have been waiting for two weeks.",
    ]
    assert detect_languages(texts) == ["sv", "da", "nb", "en"]


def test_other_languages_empty_and_placeholder_only_texts():
    texts = ["Mein Paket ist nicht angekommen, bitte helfen Sie mir.", "", "<EMAIL> <PHONE>", "123"]
    assert detect_languages(texts) == ["other"] * 4


def test_placeholders_do_not_disturb_detection():
    assert detect_languages(["Ring mig på <PHONE> om min faktura, tack."]) == ["sv"]


def test_restricting_languages_and_confidence():
    text = ["Jeg har ikke modtaget min pakke, og jeg har ventet i to uger."]
    assert detect_languages(text, LanguageConfig(languages=("sv", "en"))) == ["other"]
    assert detect_languages(text, LanguageConfig(min_confidence=0.2)) == ["da"]
    assert detect_languages(text, LanguageConfig(min_confidence=1.01)) == ["other"]
    assert detect_languages([], LanguageConfig()) == []


def test_the_opening_of_a_long_text_decides_and_repeats_get_the_same_answer():
    swedish = "Hej! Min faktura för mars är fel, jag har betalat två gånger. Kan ni hjälpa mig? "
    quoted_english = "The original message follows below, please keep it for reference. " * 80
    danish = "Jeg har ikke modtaget min pakke endnu."
    texts = [swedish * 4 + quoted_english, danish, danish, "ok"]
    assert detect_languages(texts) == ["sv", "da", "da", "other"]
