"""Describe themes: keywords per language and representative tickets.

Keywords are scored with class-based TF-IDF (as BERTopic's ``ClassTfidfTransformer``: the
term frequency of each theme, l1-normalised, times ``log(1 + A / f_t)`` with ``A`` the average
number of terms per theme and ``f_t`` the term's frequency over all themes; optionally the
BM25-style idf), computed **per language over the themes**, so the Danish keywords of a theme
are Danish words scored against the Danish text of every theme. Each ticket counts a term once
(binary counts), so one long ticket cannot dominate. Bigrams ("leverans försenad", "dobbelt
trække") are kept when at least ``min_ngram_count`` tickets of the theme contain them, and a
chosen bigram demotes its own words by the share of their tickets it already covers.

Representative tickets are the ones nearest the theme centroid, skipping exact duplicate texts
and near duplicates (cosine above ``DescribeConfig.diversity_threshold``), with at least one
ticket of each of the theme's top three languages when it has several.

Example:
    >>> themes = describe_themes(tickets, X, PipelineConfig().describe)  # doctest: +SKIP
    >>> themes.loc[0, "keywords"]["da"][:3]  # doctest: +SKIP
    ['pakke', 'levering forsinke', 'spore']
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

from ..config import DescribeConfig
from ..errors import DemandLensError
from .exemplars import representatives
from .tokens import tokenize

__all__ = ["describe_themes", "keywords_by_language"]

logger = logging.getLogger(__name__)

COLUMNS = [
    "theme_key",
    "theme_id",
    "size",
    "keywords",
    "top_keywords",
    "representative_ids",
    "languages",
]
#: Number of keywords joined into ``top_keywords``.
TOP_KEYWORDS = 6
_CANDIDATES = 5  # candidates per keyword slot considered by the redundancy filter


def _ngrams(lo: int, hi: int):
    def analyze(tokens: list[str]) -> list[str]:
        grams = list(tokens) if lo <= 1 else []
        for n in range(max(lo, 2), hi + 1):
            grams += [
                " ".join(tokens[i : i + n])
                for i in range(len(tokens) - n + 1)
                if len(set(tokens[i : i + n])) == n
            ]
        return grams

    return analyze


def _ctfidf(counts: sp.csr_matrix, bm25: bool) -> sp.csr_matrix:
    """c-TF-IDF of a themes x terms count matrix (BERTopic's formula)."""
    f_t = np.asarray(counts.sum(axis=0)).ravel().astype(float)
    avg = max(float(counts.sum(axis=1).mean()), 1.0)
    idf = (
        np.log(1 + (avg - f_t + 0.5) / (f_t + 0.5))
        if bm25
        else np.log(1 + avg / np.maximum(f_t, 1))
    )
    rows = np.maximum(np.asarray(counts.sum(axis=1)).ravel(), 1)
    tf = sp.diags(1.0 / rows) @ counts
    return (tf @ sp.diags(idf)).tocsr()


def _select(
    terms: np.ndarray, scores: np.ndarray, df: np.ndarray, top_n: int
) -> list[tuple[str, float]]:
    """Greedy pick of the best terms; a chosen n-gram demotes its words by covered share."""
    pool = {
        str(t): [float(s), int(d), i]
        for i, (t, s, d) in enumerate(zip(terms, scores, df, strict=True))
    }
    chosen: list[tuple[str, float]] = []
    while pool and len(chosen) < top_n:
        best = max(pool, key=lambda t: (pool[t][0], -pool[t][2]))
        score, count, _ = pool.pop(best)
        if score <= 0:
            break
        chosen.append((best, score))
        picked = {w for c, _ in chosen for w in c.split(" ")}
        for term, entry in pool.items():
            words = term.split(" ")
            if len(words) == 1 and " " in best and term in best.split(" "):
                entry[0] *= max(0.0, 1.0 - count / max(entry[1], 1))
            elif len(words) > 1 and best in words and all(w in picked for w in words):
                entry[0] *= 0.5
    return chosen


def _merge(
    per_lang: dict[str, list[tuple[str, float]]], counts: dict[str, int], top_n: int
) -> list[str]:
    """Merge language lists: scores scaled to each list's best, weighted by sqrt(share)."""
    total = sum(counts[lang] for lang in per_lang) or 1
    merged: dict[str, float] = {}
    for lang in sorted(per_lang, key=lambda g: (-counts[g], g)):
        ranked = per_lang[lang]
        if not ranked:
            continue
        top = ranked[0][1] or 1.0
        weight = np.sqrt(counts[lang] / total)
        for term, score in ranked:
            merged[term] = max(merged.get(term, 0.0), weight * score / top)
    return [t for t, _ in sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))][:top_n]


def keywords_by_language(
    tokens: Sequence[list[str]],
    theme_ids: Sequence[int] | np.ndarray,
    languages: Sequence[str] | np.ndarray,
    top_n: int = 10,
    ngram_range: tuple[int, int] = (1, 2),
    min_language_tickets: int = 3,
    min_ngram_count: int = 2,
    bm25_weighting: bool = False,
) -> dict[int, dict[str, list[str]]]:
    """Top keywords of each theme per language, plus ``"all"`` merged over languages.

    Args:
        tokens: Token lists (from :func:`tokenize`), one per ticket.
        theme_ids: Theme of each ticket; -1 (outliers) is ignored.
        languages: Language code of each ticket.
        top_n: Keywords per list.
        ngram_range: Smallest and largest n-gram length.
        min_language_tickets: A language gets its own list in a theme from this many tickets.
        min_ngram_count: An n-gram (n >= 2) must occur in this many of the theme's tickets.
        bm25_weighting: Use the BM25-style idf instead of ``log(1 + A / f_t)``.

    Returns:
        ``{theme_id: {lang: [keyword, ...], ..., "all": [...]}}`` for every theme id >= 0.
    """
    themes = np.asarray(theme_ids)
    langs = np.asarray(languages, dtype=object)
    if not (len(tokens) == len(themes) == len(langs)):
        raise DemandLensError("tokens, theme_ids and languages must have the same length.")
    analyzer = _ngrams(*ngram_range)
    ranked: dict[int, dict[str, list[tuple[str, float]]]] = {}
    counts: dict[int, dict[str, int]] = {}
    for lang in sorted(set(langs[themes >= 0])):
        rows = np.flatnonzero((langs == lang) & (themes >= 0))
        labels, inverse = np.unique(themes[rows], return_inverse=True)
        docs = [tokens[i] for i in rows]
        member = sp.csr_matrix(
            (np.ones(len(rows)), (inverse, np.arange(len(rows)))), shape=(len(labels), len(rows))
        )
        sizes = np.asarray(member.sum(axis=1)).ravel().astype(int)
        if not any(docs):
            df_mat, terms = sp.csr_matrix((len(labels), 0)), np.array([], dtype=object)
        else:
            vec = CountVectorizer(analyzer=analyzer, binary=True)
            df_mat = (member @ vec.fit_transform(docs)).tocsr()  # tickets per theme with term
            terms = vec.get_feature_names_out()
        is_ngram = np.char.count(terms.astype(str), " ") > 0 if len(terms) else np.zeros(0, bool)
        scored = df_mat.copy()
        if len(terms):  # rare n-grams: out of the scores (kept in the idf counts)
            scored.data[is_ngram[scored.indices] & (scored.data < min_ngram_count)] = 0
        scores = _ctfidf(df_mat, bm25_weighting).multiply(scored > 0).tocsr()
        for k, theme in enumerate(labels):
            counts.setdefault(int(theme), {})[lang] = int(sizes[k])
            lo, hi = scores.indptr[k], scores.indptr[k + 1]
            idx, val = scores.indices[lo:hi], scores.data[lo:hi]
            keep = val > 0
            idx, val = idx[keep], val[keep]
            order = np.lexsort((terms[idx].astype(str), -val))[: _CANDIDATES * top_n]
            df_row = np.asarray(df_mat[k, idx[order]].todense()).ravel()
            ranked.setdefault(int(theme), {})[lang] = _select(
                terms[idx[order]], val[order], df_row, top_n
            )
    result: dict[int, dict[str, list[str]]] = {}
    for theme, per_lang in ranked.items():
        shown = {g: r for g, r in per_lang.items() if counts[theme][g] >= min_language_tickets}
        out = {
            g: [t for t, _ in r]
            for g, r in sorted(shown.items(), key=lambda kv: (-counts[theme][kv[0]], kv[0]))
        }
        out["all"] = _merge(shown or per_lang, counts[theme], top_n)
        result[theme] = out
    return result


def describe_themes(tickets: pd.DataFrame, X: np.ndarray, config: DescribeConfig) -> pd.DataFrame:
    """One row per theme: size, keywords per language, top keywords, representatives.

    Args:
        tickets: Ticket table with at least ``ticket_id``, ``text``, ``language``,
            ``theme_key`` and ``theme_id`` (-1 = outlier, left out).
        X: L2-normalised embeddings, rows aligned with ``tickets``.
        config: Keyword and representative settings.

    Returns:
        Columns ``theme_key``, ``theme_id``, ``size``, ``keywords`` (dict language -> list,
        languages with at least ``config.min_language_tickets`` tickets, plus ``"all"``),
        ``top_keywords`` (comma-separated), ``representative_ids`` (list) and ``languages``
        (dict language -> tickets), ordered by ``theme_id``.

    Raises:
        DemandLensError: A required column is missing or ``X`` is not aligned with tickets.
    """
    missing = [
        c for c in ("ticket_id", "text", "language", "theme_key", "theme_id") if c not in tickets
    ]
    if missing:
        raise DemandLensError(f"describe_themes needs ticket column(s) {', '.join(missing)}.")
    if len(X) != len(tickets):
        raise DemandLensError(
            f"Embeddings have {len(X)} rows but there are {len(tickets)} tickets."
        )
    theme_ids = tickets["theme_id"].to_numpy(dtype=int)
    rows = np.flatnonzero(theme_ids >= 0)
    if len(rows) == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    sub = tickets.iloc[rows]
    texts = sub["text"].fillna("").astype(str).to_numpy(dtype=object)
    langs = sub["language"].fillna("other").astype(str).to_numpy(dtype=object)
    tokens: list[list[str]] = [[] for _ in range(len(sub))]
    for lang in sorted(set(langs)):
        at = np.flatnonzero(langs == lang)
        model = config.spacy_models.get(lang)
        for i, toks in zip(at, tokenize(texts[at].tolist(), lang, spacy_model=model), strict=True):
            tokens[i] = toks
    keywords = keywords_by_language(
        tokens,
        theme_ids[rows],
        langs,
        top_n=config.top_n_keywords,
        ngram_range=tuple(config.ngram_range),
        min_language_tickets=config.min_language_tickets,
        min_ngram_count=config.min_ngram_count,
        bm25_weighting=config.bm25_weighting,
    )
    ids = sub["ticket_id"].astype(str).to_numpy(dtype=object)
    keys = sub["theme_key"].to_numpy(dtype=object)
    Xs = np.asarray(X)[rows]
    out = []
    for theme, at in sorted(pd.Series(theme_ids[rows]).groupby(theme_ids[rows]).indices.items()):
        lang_counts = pd.Series(langs[at]).value_counts()
        kw = keywords.get(int(theme), {"all": []})
        key = next((k for k in keys[at] if isinstance(k, str)), None)
        out.append(
            {
                "theme_key": key,
                "theme_id": int(theme),
                "size": len(at),
                "keywords": kw,
                "top_keywords": ", ".join(kw["all"][:TOP_KEYWORDS]),
                "representative_ids": representatives(
                    Xs[at],
                    texts[at],
                    langs[at],
                    ids[at],
                    n=config.n_representatives,
                    diversity_threshold=config.diversity_threshold,
                    min_language_tickets=config.min_language_tickets,
                ),
                "languages": {
                    g: int(c)
                    for g, c in sorted(lang_counts.items(), key=lambda kv: (-kv[1], kv[0]))
                },
            }
        )
    logger.info("Described %d themes (%d tickets).", len(out), len(rows))
    return pd.DataFrame(out, columns=COLUMNS)
