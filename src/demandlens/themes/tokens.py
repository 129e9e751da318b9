"""Tokenisation for theme keywords: lemmatised, lower-cased, stop words removed.

Tokens come from spaCy's rule-based tokenizer (``spacy.blank(lang)``); lemmas from the
spacy-lookups-data lookup tables for sv, da and en (what spaCy's ``lemmatizer`` does in
``"lookup"`` mode, applied to the lower-cased token, except that a word which is itself a lemma
in the table is kept) and from simplemma for Norwegian bokmål,
whose spaCy lookup table holds only ~1,600 forms (see ``docs/keywords.md`` for the measured
coverage). Where the spaCy table misses a word, simplemma is asked as a fallback. A trained
spaCy pipeline can replace the lookup (``DescribeConfig.spacy_models``) when it is installed.

The lemma of each distinct lower-cased word is computed once and cached, so tokenising 100k
tickets costs little more than running the tokenizer.

Dropped: stop words of all four languages (a mixed-language ticket is common), ticket filler
("hej", "tack", "kundservice", …), the masking placeholders (``<EMAIL>`` …), numbers and
order-number-like tokens (anything with a digit), punctuation and one-letter tokens.

Example:
    >>> tokenize(["Hej! Paketet har inte kommit, ordernummer 123456. <EMAIL>"], "sv")
    [['paket', 'ordernummer']]
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

import simplemma

__all__ = [
    "tokenize",
    "stop_words",
    "PLACEHOLDERS",
    "FILLER",
    "OVERRIDES",
    "LEMMA_SOURCES",
    "lemmatizer_for",
]

logger = logging.getLogger(__name__)

#: Masking placeholders written by :mod:`demandlens.ingest.mask`; never keywords.
PLACEHOLDERS: tuple[str, ...] = (
    "<EMAIL>",
    "<PERSONNUMMER>",
    "<CPR>",
    "<FODSELSNUMMER>",
    "<IBAN>",
    "<CARD>",
    "<PHONE>",
    "<URL>",
)
_PLACEHOLDER_RE = re.compile(r"<[A-Z][A-Z_]{1,30}>")

#: Greetings, politeness and support-desk words that say nothing about the contact reason.
FILLER: frozenset[str] = frozenset(
    """
    hej hejsan hallå hei hallo heisann hi hello hey dear
    tack tacksam tak takk thanks thank thx please pls snälla venligst vennligst
    mvh vh hilsen hälsning hälsningar regards kind best cheers
    kundservice kundeservice kundtjänst kundesupport support customer service team
    vänlig vänliga venlig venlige vennlig vennlige
    ps fyi mail email e-mail epost e-post ok okay
    förhand forhånd advance hjälp hjælp hjelp help hjälpa hjælpe hjelpe
    """.split()
)

#: Function words missing from spaCy's lists (sv has no "är").
_EXTRA = frozenset("är vore varit blir blev blivit får fick fått ska skall kan kunde".split())
#: Words on the stop lists that are content words in tickets ("kort" = card).
_KEEP = frozenset({"kort", "nummer", "konto", "kontakt", "tilbake", "varor"})
#: Dropped as words but kept as lemmas ("varorna" -> "vara" = goods; "är" is dropped first).
_KEEP_LEMMA = frozenset({"vara"})


@functools.lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Union of spaCy's sv/da/nb/en stop words, ticket filler and a few extras."""
    from spacy.lang.da.stop_words import STOP_WORDS as da
    from spacy.lang.en.stop_words import STOP_WORDS as en
    from spacy.lang.nb.stop_words import STOP_WORDS as nb
    from spacy.lang.sv.stop_words import STOP_WORDS as sv

    return frozenset((sv | da | nb | en | FILLER | _EXTRA) - _KEEP)


@functools.lru_cache(maxsize=1)
def _lemma_stop_words() -> frozenset[str]:
    return stop_words() - _KEEP_LEMMA


_WORD_RE = re.compile(r"^[^\W\d_]+(?:[-'’][^\W\d_]+)*$")

#: Where lemmas come from, per language: spaCy lookup table first, simplemma as fallback,
#: or simplemma only (nb: spaCy's table is tiny). Other languages are not lemmatised.
LEMMA_SOURCES: dict[str, tuple[str, ...]] = {
    "sv": ("spacy", "simplemma"),
    "da": ("spacy", "simplemma"),
    "en": ("spacy", "simplemma"),
    "nb": ("simplemma", "spacy"),
}
#: Ticket words the lookup tables get wrong ("kortet" is the card, not "korte").
OVERRIDES: dict[str, dict[str, str]] = {
    "sv": {
        "kort": "kort",
        "kortet": "kort",
        "korten": "kort",
        "drog": "dra",
        "drogs": "dra",
        "fortfarande": "fortfarande",
    },
    "da": {"kort": "kort", "kortet": "kort", "kortene": "kort"},
    "en": {"number": "number", "numbers": "number"},
    "nb": {"kort": "kort", "kortet": "kort", "kortene": "kort", "pengene": "penger"},
}
_SPACY_LANG = {"sv": "sv", "da": "da", "nb": "nb", "en": "en"}


@functools.lru_cache(maxsize=16)
def _blank(lang: str) -> Any:
    import spacy

    return spacy.blank(_SPACY_LANG.get(lang, "xx"))


@functools.lru_cache(maxsize=8)
def _lookup_table(lang: str) -> Any:
    """spaCy's lemma lookup table for ``lang`` (``.get(word)``), empty dict if none exists."""
    if lang not in _SPACY_LANG:
        return {}
    import spacy

    nlp = spacy.blank(_SPACY_LANG[lang])
    try:
        lem = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
        return lem.lookups.get_table("lemma_lookup")
    except (ValueError, KeyError, OSError) as exc:  # pragma: no cover - depends on install
        logger.warning("No spaCy lemma lookup table for %r (%s); using simplemma only.", lang, exc)
        return {}


def _simplemma(word: str, lang: str) -> str | None:
    try:
        if simplemma.is_known(word, lang=lang):
            return simplemma.lemmatize(word, lang=lang).lower()
    except ValueError:  # pragma: no cover - unsupported language code
        return None
    return None


def lemmatizer_for(lang: str, sources: tuple[str, ...] | None = None) -> Callable[[str], str]:
    """A cached word -> lemma function for ``lang`` (lower-cased in, lower-cased out).

    Args:
        lang: ``sv``, ``da``, ``nb``, ``en``; anything else returns words unchanged.
        sources: Override of :data:`LEMMA_SOURCES` for this language, e.g. ``("spacy",)``
            to measure the spaCy lookup alone (used by ``benchmarks/bench_lemmas.py``);
            :data:`OVERRIDES` and keeping base forms apply only when this is None.

    Returns:
        A function mapping a lower-cased word to its lemma (the word itself when unknown).
    """
    order = sources if sources is not None else LEMMA_SOURCES.get(lang, ())
    return _make_lemmatizer(lang, tuple(order), sources is None)


@functools.lru_cache(maxsize=32)
def _make_lemmatizer(lang: str, order: tuple[str, ...], tuned: bool) -> Callable[[str], str]:
    table = _lookup_table(lang) if "spacy" in order else {}
    # A word that is itself a lemma in the table stays as it is: the lookup maps ambiguous
    # forms to one reading ("fel" -> "fela", "lager" -> "lage", "number" -> "numb").
    base_forms = set(table.values()) if tuned and order[:1] == ("spacy",) else set()
    cache: dict[str, str] = dict(OVERRIDES.get(lang, {})) if tuned else {}

    def lemma(word: str) -> str:
        hit = cache.get(word)
        if hit is not None:
            return hit
        result = word if word in base_forms else None
        for source in order if result is None else ():
            result = table.get(word) if source == "spacy" else _simplemma(word, lang)
            if result:
                break
        cache[word] = result = (result or word).lower()
        return result

    return lemma


@functools.lru_cache(maxsize=8)
def _trained(name: str) -> Any:
    import spacy

    if not spacy.util.is_package(name):
        logger.warning("spaCy pipeline %r is not installed; using the lookup lemmatiser.", name)
        return None
    nlp = spacy.load(name)
    keep = {
        "tok2vec",
        "tagger",
        "morphologizer",
        "attribute_ruler",
        "lemmatizer",
        "trainable_lemmatizer",
    }
    nlp.select_pipes(enable=[p for p in nlp.pipe_names if p in keep])
    return nlp


def _keep(word: str, stops: frozenset[str]) -> bool:
    return len(word) > 1 and word not in stops and _WORD_RE.match(word) is not None


def tokenize(
    texts: Iterable[str], lang: str, spacy_model: str | None = None, batch_size: int = 1000
) -> list[list[str]]:
    """Lemmatised, lower-cased content tokens of each text.

    Args:
        texts: Ticket texts (already cleaned and masked).
        lang: ``sv``, ``da``, ``nb``, ``en`` or ``other`` (tokenised without lemmas).
        spacy_model: Name of an installed trained spaCy pipeline to lemmatise with instead of
            the lookup tables; falls back to them (with a warning) when not installed.
        batch_size: Texts per spaCy batch.

    Returns:
        One token list per text, in order. Stop words of all four languages, filler words,
        masking placeholders, numbers and punctuation are removed.
    """
    prepared = [_PLACEHOLDER_RE.sub(" ", t if isinstance(t, str) else "") for t in texts]
    stops, lemma_stops = stop_words(), _lemma_stop_words()
    trained = _trained(spacy_model) if spacy_model else None
    out: list[list[str]] = []
    if trained is not None:
        for doc in trained.pipe(prepared, batch_size=batch_size):
            words = [(t.lower_, (t.lemma_ or t.text).lower()) for t in doc]
            out.append([m for w, m in words if _keep(w, stops) and _keep(m, lemma_stops)])
        return out
    return _tokenize_lookup(prepared, lang, stops, lemma_stops, batch_size)


def _tokenize_lookup(
    texts: list[str], lang: str, stops: frozenset[str], lemma_stops: frozenset[str], batch: int
) -> list[list[str]]:
    from spacy.attrs import ORTH

    lemma = lemmatizer_for(lang)
    nlp = _blank(lang)
    strings = nlp.vocab.strings
    # Orth hash -> kept lemma ("" = dropped): one dict lookup per token occurrence.
    seen: dict[int, str] = {}
    out: list[list[str]] = []
    for doc in nlp.tokenizer.pipe((t.lower() for t in texts), batch_size=batch):
        toks = []
        for h in doc.to_array(ORTH).tolist():
            kept = seen.get(h)
            if kept is None:
                word = strings[h]
                lem = lemma(word) if _keep(word, stops) else ""
                seen[h] = kept = lem if lem and _keep(lem, lemma_stops) else ""
            if kept:
                toks.append(kept)
        out.append(toks)
    return out
