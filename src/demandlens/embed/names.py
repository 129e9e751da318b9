"""Names (products, brands, places) left out of the embedded text, so themes form by reason.

A ticket about "Sona X2 headphones" embeds close to every other ticket naming them, whether it
asks about the size, wants to return them or got the wrong model: left in, a product name
gathers its own theme of mixed reasons. A name is recognised by how it is written, not by a
list: it is capitalised in the middle of a sentence and it is the same word in tickets of
several languages (a word for the reason gets translated; "Sona", "X2", "Mora" do not).

A word is a name when, over the corpus:

1. at least ``min_tickets`` tickets hold it;
2. at least ``min_capitalised`` of its occurrences away from a sentence start are capitalised
   (masking placeholders like ``<PHONE>`` are not words); and
3. it occurs in tickets of at least ``min_languages`` languages, or of every language the
   corpus has when it has fewer. A corpus in one language has no such evidence, and there a
   capital mid-sentence is as often the reason ("my PIN", "BankID fails") as a product, so
   no names are looked for.

Names are dropped from the text that is embedded; the ticket text shown stays whole.

Example:
    >>> texts = ["Hur stor är Sona X2?", "Jeg vil returnere Sona X2.", "Where is my Sona X2?",
    ...          "Var är mitt paket?", "Hvor er pakken?", "Where is my parcel?"]
    >>> langs = ["sv", "da", "en", "sv", "da", "en"]
    >>> sorted(find_names(texts, langs, min_tickets=3, min_languages=3))
    ['sona', 'x2']
    >>> mask_names(["Jeg vil returnere Sona X2."], {"sona", "x2"})
    ['Jeg vil returnere.']
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence

import pandas as pd

from ..cache import content_hash
from ..config import CleanConfig

__all__ = ["find_names", "mask_names", "without_names"]

log = logging.getLogger(__name__)

_WORD = re.compile(r"(?<![<\w])[^\W_][\w-]*", re.UNICODE)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;–—-])\s*$")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,!?:;])")
_SPACES = re.compile(r"\s{2,}")


def _words(texts: Sequence[str]) -> pd.DataFrame:
    """One row per word occurrence: ticket, lower-cased word, capitalised mid-sentence."""
    rows = []
    for i, text in enumerate(texts):
        for m in _WORD.finditer(text):
            word = m.group(0)
            if _SENTENCE_START.search(text[max(0, m.start() - 3) : m.start()]):
                continue  # a capital at a sentence start says nothing
            rows.append((i, word.casefold(), word[0].isupper()))
    return pd.DataFrame(rows, columns=["ticket", "word", "capitalised"])


def find_names(
    texts: Sequence[str],
    languages: Sequence[str],
    min_tickets: int = 10,
    min_capitalised: float = 0.5,
    min_languages: int = 3,
) -> set[str]:
    """Lower-cased words that are names by the rules of the module docstring."""
    words = _words(texts)
    if words.empty:
        return set()
    langs = pd.Series(list(languages), dtype=object)
    if langs.nunique() < 2:
        return set()
    words["language"] = langs.to_numpy()[words["ticket"].to_numpy()]
    needed = min(min_languages, int(langs.nunique()))
    stats = words.groupby("word").agg(
        tickets=("ticket", "nunique"), capitalised=("capitalised", "mean"),
        languages=("language", "nunique"),
    )
    keep = (
        (stats["tickets"] >= min_tickets)
        & (stats["capitalised"] >= min_capitalised)
        & (stats["languages"] >= needed)
        & (stats.index.str.len() >= 2)
    )
    return set(stats.index[keep])


def mask_names(texts: Iterable[str], names: set[str]) -> list[str]:
    """Texts without the words in ``names``; a text of nothing else stays whole."""
    out = []
    for text in texts:
        masked = _WORD.sub(lambda m: "" if m.group(0).casefold() in names else m.group(0), text)
        if masked == text:
            out.append(text)
            continue
        masked = _SPACES.sub(" ", _SPACE_BEFORE_PUNCT.sub(r"\1", masked)).strip()
        out.append(masked if _WORD.search(masked) else text)
    return out


def without_names(tickets: pd.DataFrame, config: CleanConfig | None = None) -> pd.DataFrame:
    """The tickets with names left out of ``text`` (``content_hash`` follows), or ``tickets``
    itself when ``clean.drop_names`` is off, there is no ``language`` column or nothing changed.
    """
    config = config or CleanConfig()
    if not config.drop_names or "language" not in tickets.columns:
        return tickets
    texts = tickets["text"].astype(str).tolist()
    names = find_names(texts, tickets["language"].astype(str).tolist(), config.names_min_tickets,
                       config.names_min_capitalised, config.names_min_languages)
    masked = mask_names(texts, names)
    changed = sum(a != b for a, b in zip(texts, masked, strict=True))
    log.info("Names: %d left out of %d of %d tickets' embedded text: %s", len(names), changed,
             len(texts), ", ".join(sorted(names)[:20]))
    if not changed:
        return tickets
    out = tickets.copy()
    out["text"] = masked
    out["content_hash"] = [content_hash(t) for t in masked]
    return out
