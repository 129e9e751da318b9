"""Names: capitalised, untranslated words left out of the embedded text."""

from __future__ import annotations

import hashlib

import pandas as pd

from demandlens.config import CleanConfig
from demandlens.embed.names import find_names, mask_names, without_names

TEXTS = [
    ("sv", "Hur stor är Sona X2 i storlek M?"),
    ("da", "Jeg vil returnere mine Sona X2, de passede ikke."),
    ("nb", "Fikk feil modell av Sona X2."),
    ("en", "Can I wash the Sona X2 headphones?"),
    ("sv", "Paket från Mora har inte kommit."),
    ("sv", "Var är mitt paket? Paketet skulle komma i går."),
    ("da", "Hvor er min pakke? Pakken er forsinket."),
    ("en", "Where is my parcel? Paket tracking says nothing."),
]


def _split() -> tuple[list[str], list[str]]:
    return [t for _, t in TEXTS], [lang for lang, _ in TEXTS]


def test_capitalised_words_shared_by_languages_are_names():
    texts, langs = _split()
    names = find_names(texts, langs, min_tickets=3, min_languages=3)
    assert names == {"sona", "x2"}


def test_sentence_start_capitals_and_single_language_words_are_not_names():
    texts, langs = _split()
    names = find_names(texts, langs, min_tickets=1, min_languages=3)
    assert "paket" not in names  # capitalised only at sentence starts ("Paket från …")
    assert "mora" not in names  # one language only


def test_a_corpus_in_fewer_languages_needs_all_of_them_and_one_language_has_no_names():
    texts = ["Min Sona X2 är trasig.", "Vill byta Sona X2.", "My Sona X2 broke.",
             "Var är paketet?"]
    two = ["sv", "sv", "en", "sv"]
    assert find_names(texts, two, min_tickets=2, min_languages=3) == {"sona", "x2"}
    assert find_names(texts[:2] + texts[3:], ["sv"] * 3, min_tickets=2) == set()
    pins = ["My PIN is blocked.", "Reset my PIN please.", "The PIN code fails."]
    assert find_names(pins, ["en"] * 3, min_tickets=2) == set()  # "PIN" is the reason here


def test_masking_keeps_the_rest_and_never_empties_a_text():
    out = mask_names(["Jeg vil returnere mine Sona X2, de passede ikke.", "Sona X2!"],
                     {"sona", "x2"})
    assert out == ["Jeg vil returnere mine, de passede ikke.", "Sona X2!"]
    assert mask_names(["Ring på <PHONE> om Sona."], {"phone"}) == ["Ring på <PHONE> om Sona."]
    assert mask_names(["Hej , text  with odd spacing ."], set()) == ["Hej , text  with odd spacing ."]


def test_without_names_follows_the_config_and_updates_the_hash():
    texts, langs = _split()
    tickets = pd.DataFrame({"text": texts, "language": langs})
    cfg = CleanConfig(names_min_tickets=3)
    out = without_names(tickets, cfg)
    assert not out["text"].str.contains("Sona").any()
    assert out["content_hash"].tolist() == [
        hashlib.sha256(t.encode()).hexdigest() for t in out["text"]
    ]
    assert tickets["text"].str.contains("Sona").sum() == 4  # the input is untouched
    assert without_names(tickets, CleanConfig(drop_names=False)) is tickets
    no_language = tickets.drop(columns="language")
    assert without_names(no_language, cfg) is no_language
