"""What is different about a spike: the words its tickets use far more than the same theme's
tickets in other periods, and example tickets that show them.

Texts are tokenised per language as the theme keywords are (:func:`demandlens.themes.tokenize`:
lemmas, stop words, ticket filler, numbers and masking placeholders dropped). For each word
held by at least ``min_docs`` spike tickets of a language, a one-sided Fisher exact test
(the hypergeometric tail) asks whether the spike's tickets hold it more often than the
reference tickets of that language; the words that pass Benjamini-Hochberg at ``fdr`` are
ranked by p-value (month and weekday names left out). When nothing about the spike's wording differs, no words are returned,
rather than the theme's usual keywords.

Example:
    >>> texts = ["Paketet är försenat, lagret har stopp"] * 6 + ["Paketet är försenat"] * 30
    >>> words = distinctive_words(texts, ["sv"] * 36, [True] * 6 + [False] * 30)
    >>> words["all"][:2]
    ['lager', 'stopp']
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from ..themes.tokens import tokenize

__all__ = ["distinctive_words", "example_tickets", "tokens_by_language", "CALENDAR_WORDS"]

#: Month and weekday names (sv, da, nb, en): a spike in late June says "juni" more often, which
#: tells the analyst nothing.
CALENDAR_WORDS: frozenset[str] = frozenset(
    """
    januari februari mars april maj juni juli augusti september oktober november december
    januar februar marts mai august desember january february march may june july
    october december jan feb mar apr jun jul aug sep sept okt oct nov dec
    måndag tisdag onsdag torsdag fredag lördag söndag mandag tirsdag lørdag søndag
    monday tuesday wednesday thursday friday saturday sunday
    """.split()
)


def tokens_by_language(texts: Sequence[str], languages: Sequence[str]) -> list[list[str]]:
    """Keyword tokens of each text, tokenised with its own language's rules."""
    texts = np.asarray([str(t) for t in texts], dtype=object)
    langs = np.asarray([str(g) for g in languages], dtype=object)
    out: list[list[str]] = [[] for _ in range(len(texts))]
    for lang in sorted(set(langs)):
        at = np.flatnonzero(langs == lang)
        for i, toks in zip(at, tokenize(texts[at].tolist(), lang), strict=True):
            out[i] = toks
    return out


def distinctive_words(
    texts: Sequence[str],
    languages: Sequence[str],
    in_spike: Sequence[bool],
    top_n: int = 5,
    fdr: float = 0.05,
    min_docs: int = 3,
    tokens: list[list[str]] | None = None,
) -> dict[str, list[str]]:
    """Words over-represented in the spike's tickets against the other tickets, per language.

    Args:
        texts: Masked texts of one unit's tickets (spike and reference).
        languages: Language of each ticket.
        in_spike: True for the spike's tickets, False for the reference tickets.
        top_n: Words per list.
        fdr: Benjamini-Hochberg level over the candidate words of a language.
        min_docs: A word must be in at least this many of the spike's tickets.
        tokens: Pre-computed :func:`tokens_by_language` output (saves re-tokenising).

    Returns:
        ``{language: [word, ...], "all": [...]}``; ``"all"`` ranks every language's words by
        p-value. Languages with no distinctive word are left out; ``"all"`` may be empty.
    """
    langs = np.asarray([str(g) for g in languages], dtype=object)
    spike = np.asarray(in_spike, dtype=bool)
    if tokens is None:
        tokens = tokens_by_language(texts, langs)
    found: dict[str, list[str]] = {}
    ranked: list[tuple[float, int, str]] = []
    for lang in sorted(set(langs[spike])):
        rows_s = np.flatnonzero(spike & (langs == lang))
        rows_b = np.flatnonzero(~spike & (langs == lang))
        if len(rows_s) < min_docs:
            continue
        in_s = pd.Series([w for i in rows_s for w in set(tokens[i])]).value_counts()
        in_s = in_s[(in_s >= min_docs) & ~in_s.index.isin(CALENDAR_WORDS)]
        if in_s.empty:
            continue
        in_b = pd.Series([w for i in rows_b for w in set(tokens[i])], dtype=object).value_counts()
        a = in_s.to_numpy()
        b = in_b.reindex(in_s.index, fill_value=0).to_numpy()
        n_s, n_b = len(rows_s), len(rows_b)
        p = stats.hypergeom.sf(a - 1, n_s + n_b, a + b, n_s)  # one-sided Fisher exact
        p = np.where(a / n_s > b / max(n_b, 1), p, 1.0)
        q = stats.false_discovery_control(p)
        keep = np.flatnonzero(q <= fdr)
        order = keep[np.lexsort((in_s.index[keep].astype(str), -a[keep], p[keep]))]
        words = [str(in_s.index[j]) for j in order]
        if words:
            found[lang] = words[:top_n]
            ranked += [(float(p[j]), -int(a[j]), str(in_s.index[j])) for j in order]
    merged: list[str] = []
    for _, _, word in sorted(ranked):
        if word not in merged:
            merged.append(word)
    found["all"] = merged[:top_n]
    return found


def example_tickets(
    tickets: pd.DataFrame, words: Sequence[str], n: int = 3, tokens: list[list[str]] | None = None
) -> pd.DataFrame:
    """``n`` tickets of a spike that show its distinctive words best, spread over languages.

    Tickets holding more of ``words`` come first; among equals, languages take turns and
    earlier tickets win. ``tickets`` needs ``ticket_id``, ``text`` and ``language``.
    """
    if tickets.empty or n <= 0:
        return tickets.head(0)
    toks = tokens if tokens is not None else tokens_by_language(tickets["text"],
                                                                 tickets["language"])
    wanted = set(words)
    frame = tickets.reset_index(drop=True).assign(
        _hits=[len(wanted & set(t)) for t in toks],
        _order=np.arange(len(tickets)),
    )
    frame = frame.sort_values(["_hits", "_order"], ascending=[False, True])
    frame["_turn"] = frame.groupby(["_hits", "language"]).cumcount()
    frame = frame.sort_values(["_hits", "_turn", "_order"], ascending=[False, True, True])
    return frame.head(n).drop(columns=["_hits", "_order", "_turn"]).reset_index(drop=True)
