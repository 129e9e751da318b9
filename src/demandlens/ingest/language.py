"""Language detection per ticket with lingua (built for short texts).

The detector knows Swedish, Danish, Norwegian (bokmål and nynorsk, both reported as ``nb``) and
English plus a few languages customers commonly write in (German, Finnish, …); those and
everything else become ``other``. Placeholders such as ``<EMAIL>`` are removed before
detection. Texts are classified with lingua's multi-threaded batch API; identical texts are
classified once, and only their first 1,000 characters are looked at.

Example:
    >>> detect_languages(["Var är mitt paket?", "Hvor er min pakke henne?", "Where is it?"])
    ['sv', 'da', 'en']
    >>> detect_languages(["Kan dere ringe meg?"])  # spelling markers settle da vs nb
    ['nb']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from ..config import LanguageConfig

__all__ = ["detect_languages", "get_detector", "LANGUAGE_CODES"]

LANGUAGE_CODES = {
    Language.SWEDISH: "sv",
    Language.DANISH: "da",
    Language.BOKMAL: "nb",
    Language.NYNORSK: "nb",
    Language.ENGLISH: "en",
}
_OTHERS = (
    Language.GERMAN,
    Language.FINNISH,
    Language.FRENCH,
    Language.SPANISH,
    Language.DUTCH,
    Language.POLISH,
    Language.ICELANDIC,
    Language.ARABIC,
    Language.RUSSIAN,
    Language.TURKISH,
)
_PLACEHOLDER = re.compile(r"<[A-Z]+>")
_WORD = re.compile(r"[a-zæøåäö]+")
# Spelling pairs that separate Danish from Norwegian bokmål (mig/meg, af/av, efter/etter, …).
_DA_MARKERS = frozenset(
    "af efter nu mig dig jer jeres hvad nogen noget nogle meget fået bliver blev end vores sig "
    "mellem igennem uden op ud ind anden andet hvilket købt købe købte køb hjælp hjælpe brug "
    "tilbage dage uge uger ugen fik gik desværre måske stadig modtaget modtog tjekke gøre gør "
    "hej tak venlig venlige hjemmesiden sådan spørgsmål hvornår lige nej øjeblik siger lave "
    "henne".split()
)
_NB_MARKERS = frozenset(
    "meg deg dere hva noen noe mye fått etter av blir ble nå enn vår våre slik seg mellom "
    "gjennom å uten opp ut inn annen annet ikkje kjøpt kjøpe kjøpte kjøp hjelp hjelpe trenger "
    "veldig tilbake dager uke uker uken fikk gikk dessverre kanskje fortsatt ennå mottatt mottok "
    "sjekke gjøre gjør hei takk vennlig vennlige nettsiden sånn spørsmål nei øyeblikk sier "
    "lage".split()
)
_MIN_LETTERS = 2
# Language is settled long before this; capping the length bounds the cost of very long emails.
_MAX_CHARS = 1000


@lru_cache(maxsize=1)
def get_detector() -> LanguageDetector:
    """The shared lingua detector (built once; loading the models takes a second)."""
    return LanguageDetectorBuilder.from_languages(*LANGUAGE_CODES, *_OTHERS).build()


def _code(language: Language | None, wanted: set[str]) -> str:
    code = LANGUAGE_CODES.get(language) if language is not None else None
    return code if code in wanted else "other"


def _da_or_nb(text: str, code: str) -> str:
    """Second opinion on a Danish/bokmål decision from spelling markers (ties keep ``code``)."""
    words = _WORD.findall(text.lower())
    da = sum(w in _DA_MARKERS for w in words)
    nb = sum(w in _NB_MARKERS for w in words)
    return "da" if da > nb else "nb" if nb > da else code


def detect_languages(texts: Sequence[str], config: LanguageConfig | None = None) -> list[str]:
    """Language code per text: one of ``config.languages`` (``sv``, ``da``, ``nb``, ``en``)
    or ``other`` (other languages, too little text, or below ``min_confidence``)."""
    config = config or LanguageConfig()
    wanted = {"nb" if code == "no" else code for code in config.languages}
    prepared = [_PLACEHOLDER.sub(" ", t or "")[:_MAX_CHARS] for t in texts]
    # Identical texts (repeated chat openers, copy-pasted complaints) are detected once.
    unique = list(dict.fromkeys(t for t in prepared if _has_letters(t)))
    found: dict[str, str] = {}
    if unique:
        detector = get_detector()
        if config.min_confidence > 0:
            for text, values in zip(
                unique, detector.compute_language_confidence_values_in_parallel(unique),
                strict=True,
            ):
                top = values[0] if values else None
                ok = top is not None and top.value >= config.min_confidence
                found[text] = _code(top.language, wanted) if ok else "other"
        else:
            for text, language in zip(
                unique, detector.detect_languages_in_parallel_of(unique), strict=True
            ):
                found[text] = _code(language, wanted)
        if config.da_nb_markers and "da" in wanted and "nb" in wanted:
            found = {t: _da_or_nb(t, c) if c in ("da", "nb") else c for t, c in found.items()}
    return [found.get(t, "other") for t in prepared]


def _has_letters(text: str, minimum: int = _MIN_LETTERS) -> bool:
    """True when ``text`` has at least ``minimum`` letters (stops counting once it has)."""
    count = 0
    for char in text:
        if char.isalpha():
            count += 1
            if count >= minimum:
                return True
    return False
