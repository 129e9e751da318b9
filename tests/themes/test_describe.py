"""Keywords per theme and language, lemmatisation, and representative tickets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from demandlens.config import DescribeConfig
from demandlens.themes import representatives
from demandlens.themes.describe import describe_themes, keywords_by_language, tokenize

# Two distinct phrasings per theme and language, each combined with four fillers below
# -> 8 tickets per language per theme.
PHRASES = {
    "late": {
        "sv": [
            "Hej! Leveransen är försenad, paketet har inte kommit fram. Ordernummer {n}.",
            "Mitt paket är fortfarande inte levererat och leveransen är försenad. <EMAIL>",
        ],
        "da": [
            "Hej, min pakke er ikke kommet, og leveringen er forsinket. Ordre {n}.",
            "Pakken er stadig ikke leveret, leveringen er forsinket igen. <PHONE>",
        ],
        "nb": [
            "Hei, pakken har ikke kommet og leveringen er forsinket. Ordre {n}.",
            "Pakken min er fortsatt ikke levert, leveringen er forsinket. <EMAIL>",
        ],
        "en": [
            "Hi, my parcel has not arrived and the delivery is late. Order {n}.",
            "The parcel still has not been delivered, the delivery is late again. <EMAIL>",
        ],
    },
    "charge": {
        "sv": [
            "Hej, jag har blivit dubbeldebiterad för ordern {n}, pengarna drogs två gånger.",
            "Ni har dragit betalningen två gånger från mitt kort. <CARD>",
        ],
        "da": [
            "Hej, jeg er blevet dobbelt trukket for ordre {n} på mit kort.",
            "I har dobbelt trukket betalingen fra min konto. <IBAN>",
        ],
        "nb": [
            "Hei, jeg har blitt dobbelt trukket for ordre {n} på kortet.",
            "Dere har dobbelt trukket betalingen fra kontoen min. <CARD>",
        ],
        "en": [
            "Hi, I was charged twice for order {n}, the payment went through twice.",
            "You charged my card twice for the same payment. <CARD>",
        ],
    },
    "password": {
        "sv": [
            "Hej, jag kan inte logga in, lösenordet fungerar inte. <EMAIL>",
            "Länken för att återställa lösenordet fungerar inte, kontot är låst.",
        ],
        "da": [
            "Hej, jeg kan ikke logge ind, adgangskoden virker ikke. <EMAIL>",
            "Linket til at nulstille adgangskoden virker ikke, kontoen er låst.",
        ],
        "nb": [
            "Hei, jeg får ikke logget inn, passordet virker ikke. <EMAIL>",
            "Lenken for å tilbakestille passordet virker ikke, kontoen er låst.",
        ],
        "en": [
            "Hi, I cannot log in, the password does not work. <EMAIL>",
            "The link to reset the password does not work, my account is locked.",
        ],
    },
}
FILLERS = {
    "sv": ["Tack!", "Mvh", "Snälla hjälp.", "Tack på förhand."],
    "da": ["Tak!", "Mvh", "Venligst hjælp.", "Tak på forhånd."],
    "nb": ["Takk!", "Mvh", "Vennligst hjelp.", "Takk på forhånd."],
    "en": ["Thanks!", "Regards", "Please help.", "Thanks in advance."],
}
THEMES = list(PHRASES)


def _fixture(seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    rows, vectors = [], []
    centres = np.eye(8)[: len(THEMES)]
    for t, theme in enumerate(THEMES):
        for lang, phrases in PHRASES[theme].items():
            for phrase in phrases:
                for filler in FILLERS[lang]:
                    n = len(rows)
                    rows.append(
                        {
                            "ticket_id": f"T{n:03d}",
                            "text": f"{phrase.format(n=100000 + n)} {filler}",
                            "language": lang,
                            "theme_id": t,
                            "theme_key": f"th-{theme}",
                        }
                    )
                    v = centres[t] + 0.25 * rng.normal(size=8)
                    vectors.append(v / np.linalg.norm(v))
    rows.append(
        {
            "ticket_id": "OUT",
            "text": "Vad är klockan?",
            "language": "sv",
            "theme_id": -1,
            "theme_key": None,
        }
    )
    v = rng.normal(size=8)
    vectors.append(v / np.linalg.norm(v))
    return pd.DataFrame(rows), np.array(vectors, dtype=np.float32)


@pytest.fixture(scope="module")
def described() -> pd.DataFrame:
    tickets, X = _fixture()
    return describe_themes(tickets, X, DescribeConfig())


def _row(themes: pd.DataFrame, key: str) -> pd.Series:
    return themes.set_index("theme_key").loc[key]


def test_lemmatisation_maps_inflected_forms() -> None:
    assert tokenize(["paketet leveransen"], "sv") == [["paket", "leverans"]]
    assert tokenize(["pakken leveringen"], "da") == [["pakke", "levering"]]
    assert tokenize(["pakken leveringen passordet"], "nb") == [["pakke", "levering", "passord"]]
    assert tokenize(["parcels invoices"], "en") == [["parcel", "invoice"]]


def test_tokenize_drops_stop_words_placeholders_numbers_and_punctuation() -> None:
    [tokens] = tokenize(["Hej! Paketet <EMAIL> kom inte, order 12345 / AB-778 <PHONE>."], "sv")
    assert "paket" in tokens
    for dropped in ("hej", "inte", "12345", "ab-778", "email", "<email>", "phone", "!", "/"):
        assert dropped not in tokens
    # Danish stop words are dropped from a Swedish ticket too (mixed-language text).
    assert tokenize(["paketet ikke jeg"], "sv") == [["paket"]]


def test_output_columns_order_and_outliers_excluded(described: pd.DataFrame) -> None:
    assert list(described.columns) == [
        "theme_key",
        "theme_id",
        "size",
        "keywords",
        "top_keywords",
        "representative_ids",
        "languages",
    ]
    assert described["theme_id"].tolist() == [0, 1, 2]
    assert described["size"].tolist() == [32, 32, 32]
    assert all("OUT" not in ids for ids in described["representative_ids"])
    assert _row(described, "th-late")["languages"] == {"da": 8, "en": 8, "nb": 8, "sv": 8}


def test_swedish_keywords_are_swedish_lemmas_without_filler(described: pd.DataFrame) -> None:
    kw = _row(described, "th-late")["keywords"]
    assert set(kw) == {"sv", "da", "nb", "en", "all"}
    sv = kw["sv"]
    assert {"leverans", "paket"} & {w for term in sv for w in term.split()}
    for bad in ("hej", "tack", "mvh", "<email>", "email", "inte", "har"):
        assert not any(bad in term.split() for term in sv), (bad, sv)
    assert not any(ch.isdigit() for term in sv for ch in term)


def test_danish_list_has_danish_words(described: pd.DataFrame) -> None:
    da = _row(described, "th-late")["keywords"]["da"]
    words = {w for term in da for w in term.split()}
    assert {"pakke", "levering"} & words
    assert not {"paket", "leverans", "parcel", "delivery"} & words


def test_repeated_bigram_appears(described: pd.DataFrame) -> None:
    late = _row(described, "th-late")["keywords"]
    charge = _row(described, "th-charge")["keywords"]
    assert "leverans försenad" in late["sv"]
    assert "dobbelt trække" in charge["da"]
    assert "dobbelt trekke" in charge["nb"]


def test_bigram_below_min_count_is_not_kept() -> None:
    tokens = [["paket", "försena"], ["paket", "borta"], ["paket"], ["faktura"], ["faktura"]]
    kw = keywords_by_language(tokens, [0, 0, 0, 1, 1], ["sv"] * 5, min_language_tickets=1)
    assert not any(" " in term for term in kw[0]["sv"])
    kw2 = keywords_by_language(
        tokens, [0, 0, 0, 1, 1], ["sv"] * 5, min_language_tickets=1, min_ngram_count=1
    )
    assert any(" " in term for term in kw2[0]["sv"])


def test_keywords_separate_themes(described: pd.DataFrame) -> None:
    pw = _row(described, "th-password")["keywords"]
    assert "lösenord" in {w for term in pw["sv"] for w in term.split()}
    assert "password" in {w for term in pw["en"] for w in term.split()}
    late_words = {w for term in _row(described, "th-late")["keywords"]["sv"] for w in term.split()}
    assert "lösenord" not in late_words


def test_all_list_mixes_languages_and_top_keywords_string(described: pd.DataFrame) -> None:
    row = _row(described, "th-late")
    every = {w for term in row["keywords"]["all"] for w in term.split()}
    langs_present = sum(
        bool(every & {w for t in row["keywords"][g] for w in t.split()})
        for g in ("sv", "da", "nb", "en")
    )
    assert langs_present >= 3
    assert row["top_keywords"].split(", ") == row["keywords"]["all"][:6]


def test_language_below_minimum_has_no_own_list() -> None:
    tickets, X = _fixture()
    keep = ~((tickets["language"] == "da") & (tickets["theme_id"] == 0)) | (
        tickets.index.isin(tickets.index[(tickets["language"] == "da")][:2])
    )
    out = describe_themes(
        tickets[keep].reset_index(drop=True),
        X[keep.to_numpy()],
        DescribeConfig(min_language_tickets=3),
    )
    assert "da" not in _row(out, "th-late")["keywords"]
    assert "da" in _row(out, "th-charge")["keywords"]


def test_representatives_skip_duplicates_and_cover_languages() -> None:
    rng = np.random.default_rng(1)
    base = np.array([1.0, 0, 0, 0])
    X, texts, langs = [], [], []
    for _ in range(5):  # five exact duplicates right at the centre
        X.append(base)
        texts.append("Paketet har inte kommit")
        langs.append("sv")
    for i in range(6):
        v = base + 0.4 * rng.normal(size=4)
        X.append(v / np.linalg.norm(v))
        texts.append(f"sv ticket {i}")
        langs.append("sv")
    for i in range(4):
        v = base + 0.6 * rng.normal(size=4)
        X.append(v / np.linalg.norm(v))
        texts.append(f"da ticket {i}")
        langs.append("da")
    ids = [f"id{i}" for i in range(len(texts))]
    picked = representatives(np.array(X), texts, langs, ids, n=4, min_language_tickets=3)
    assert len(picked) == 4
    assert sum(p in ids[:5] for p in picked) == 1
    assert picked[0] in ids[:5]  # the most central comes first
    assert any(langs[ids.index(p)] == "da" for p in picked)
    assert picked == representatives(np.array(X), texts, langs, ids, n=4, min_language_tickets=3)


def test_representatives_multilingual_in_described(described: pd.DataFrame) -> None:
    tickets, _ = _fixture()
    lang_of = dict(zip(tickets["ticket_id"], tickets["language"], strict=True))
    for ids in described["representative_ids"]:
        assert 3 <= len(ids) <= 5
        assert len({lang_of[i] for i in ids}) >= 3


def test_deterministic(described: pd.DataFrame) -> None:
    tickets, X = _fixture()
    again = describe_themes(tickets, X, DescribeConfig())
    pd.testing.assert_frame_equal(described, again)


def test_only_outliers_gives_empty_table() -> None:
    tickets, X = _fixture()
    tickets["theme_id"] = -1
    out = describe_themes(tickets, X, DescribeConfig())
    assert out.empty and "keywords" in out.columns


def test_missing_trained_pipeline_falls_back_to_lookup(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="demandlens.themes.tokens"):
        assert tokenize(["paketet"], "sv", spacy_model="xx_not_installed_pipeline") == [["paket"]]
    assert "not installed" in caplog.text
