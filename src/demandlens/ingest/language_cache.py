"""Language of each text remembered by content hash, so a re-run detects only new texts.

Language detection is most of the ingest time on large exports (about 1 ms per ticket on two
cores). Its answer depends only on the cleaned, masked text and the language settings, so it is
kept beside the embedding cache (``<embed.cache_dir>/``, see :class:`demandlens.cache.
EmbeddingCache`, which this reuses: same atomic shard files, locking and model check), under an
id made of the lingua version, the :class:`~demandlens.config.LanguageConfig` and the detection
rules (spelling markers, length cap). Changing any of them starts a new cache. Only hashes and
language codes are stored, never text.

Example:
    >>> import tempfile
    >>> from demandlens.cache import content_hash
    >>> root = tempfile.mkdtemp()
    >>> texts = ["Var är mitt paket?", "Where is my parcel?"]
    >>> detect_languages_cached(texts, [content_hash(t) for t in texts], root)
    ['sv', 'en']
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

import numpy as np

from ..cache import EmbeddingCache
from ..config import LanguageConfig
from . import language as language

__all__ = ["detect_languages_cached", "language_cache_id"]

log = logging.getLogger(__name__)

_CODES = ("sv", "da", "nb", "en", "other")


def language_cache_id(config: LanguageConfig | None = None) -> str:
    """Cache id for these language settings, detector version and detection rules."""
    config = config or LanguageConfig()
    rules = {
        "config": dataclasses.asdict(config),
        "da": sorted(language._DA_MARKERS),
        "nb": sorted(language._NB_MARKERS),
        "max_chars": language._MAX_CHARS,
        "min_letters": language._MIN_LETTERS,
        "others": sorted(str(x) for x in language._OTHERS),
    }
    digest = hashlib.sha256(json.dumps(rules, sort_keys=True, default=str).encode()).hexdigest()
    return f"languages-lingua-{version('lingua-language-detector')}-{digest[:12]}"


def detect_languages_cached(
    texts: Sequence[str],
    hashes: Sequence[str],
    cache_dir: str | Path,
    config: LanguageConfig | None = None,
) -> list[str]:
    """:func:`demandlens.ingest.language.detect_languages`, answering known texts from the cache.

    Args:
        texts: Cleaned, masked ticket texts.
        hashes: Their content hashes (the ticket table's ``content_hash``).
        cache_dir: Cache root, e.g. the resolved ``embed.cache_dir``.
        config: Language settings.
    """
    if len(texts) != len(hashes):
        raise ValueError(f"{len(texts)} texts but {len(hashes)} hashes.")
    cache = EmbeddingCache(cache_dir, language_cache_id(config))
    first: dict[str, int] = {}
    for i, h in enumerate(hashes):
        first.setdefault(h, i)
    unique = list(first)
    found, stored = cache.get_many(unique)
    code_of = {h: _CODES[int(v[0])] for h, ok, v in zip(unique, found, stored, strict=True) if ok}
    missing = [h for h, ok in zip(unique, found, strict=True) if not ok]
    if missing:
        detected = language.detect_languages([texts[first[h]] for h in missing], config)
        code_of.update(zip(missing, detected, strict=True))
        index = np.array([[_CODES.index(c)] for c in detected], dtype=np.float32)
        cache.put_many(missing, index)
    log.info("Languages: %d texts detected, %d from the cache.", len(missing),
             len(unique) - len(missing))
    return [code_of[h] for h in hashes]
