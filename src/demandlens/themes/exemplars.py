"""Representative tickets of a theme: central, diverse, and in the theme's main languages.

Example:
    >>> import numpy as np
    >>> X = np.array([[1.0, 0.0], [1.0, 0.0], [0.8, 0.6]])
    >>> representatives(X, ["late", "late", "where is it"], ["sv", "sv", "da"], ["a", "b", "c"],
    ...                 n=2, min_language_tickets=1)
    ['a', 'c']
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["representatives"]


def _norm_text(text: object) -> str:
    return " ".join(str(text).casefold().split())


def representatives(
    X: np.ndarray,
    texts: Sequence[str],
    languages: Sequence[str],
    ids: Sequence[str],
    n: int = 5,
    diversity_threshold: float = 0.95,
    min_language_tickets: int = 3,
) -> list[str]:
    """Ids of ``n`` tickets near the centroid of ``X``, diverse and covering top languages.

    Candidates go by cosine similarity to the (re-normalised) mean of ``X``. A candidate is
    skipped when its text equals a picked one's (case and spacing ignored) or its similarity
    to a picked ticket exceeds ``diversity_threshold`` (relaxed only when nothing else is
    left). When two or more languages have ``min_language_tickets`` tickets, the last free
    slots go to the best ticket of each still-missing language among the top three.

    Args:
        X: L2-normalised embeddings of one theme's tickets.
        texts: Their texts.
        languages: Their language codes.
        ids: Their ticket ids.
        n: How many to return (fewer when the theme has fewer distinct texts).
        diversity_threshold: Near-duplicate cosine similarity.
        min_language_tickets: Tickets a language needs to claim a slot.

    Returns:
        Ticket ids, most central first (deterministic).
    """
    X = np.asarray(X, dtype=np.float32)
    centre = X.mean(axis=0)
    centre /= np.linalg.norm(centre) or 1.0
    order = np.argsort(-(X @ centre), kind="stable")
    langs = np.asarray(languages, dtype=object)
    lang_counts = pd.Series(langs).value_counts()
    big = sorted(
        lang_counts[lang_counts >= min_language_tickets].items(), key=lambda kv: (-kv[1], kv[0])
    )
    required = [lang for lang, _ in big[:3]] if len(big) >= 2 else []
    # Enough candidates: the 500 most central plus the 50 most central of each language.
    per_lang = [order[langs[order] == g][:50] for g in required]
    cands = list(dict.fromkeys(np.concatenate([order[:500], *per_lang]).tolist()))
    cands.sort(key=lambda i: int(np.flatnonzero(order == i)[0]))
    picked: list[int] = []
    seen: set[str] = set()
    threshold = diversity_threshold
    while len(picked) < n:
        unmet = [g for g in required if g not in {langs[p] for p in picked}]
        restrict = bool(unmet) and len(unmet) >= n - len(picked)
        found = None
        for i in cands:
            if i in picked or _norm_text(texts[i]) in seen or (restrict and langs[i] not in unmet):
                continue
            if picked and float(np.max(X[picked] @ X[i])) > threshold:
                continue
            found = i
            break
        if found is None:
            if restrict:
                required = []  # cannot cover the languages without duplicates
            elif threshold <= 1.0:
                threshold = np.inf  # allow near duplicates, never exact ones
            else:
                break
            continue
        picked.append(found)
        seen.add(_norm_text(texts[found]))
    return [str(ids[i]) for i in picked]
