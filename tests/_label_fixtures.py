"""A tiny hand-built multilingual Run for the labelling tests (no pipeline needed)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from demandlens.run import Run

TEXTS = {
    "th-aaa111": [("sv", "Mitt paket är försenat, var är det?"), ("da", "Min pakke er forsinket"),
                  ("nb", "Pakken min er forsinket"), ("en", "My parcel is late, where is it?")] * 3,
    "th-bbb222": [("sv", "Fakturan är fel, jag har betalat två gånger"),
                  ("en", "I was charged twice on my invoice")] * 3,
    "th-ccc333": [("en", "What are your opening hours?"), ("sv", "Vilka är era öppettider?")] * 2,
}


def tiny_run() -> Run:
    rows = []
    for key, items in TEXTS.items():
        for i, (lang, text) in enumerate(items):
            rows.append({"ticket_id": f"{key[3:6].upper()}-{i:02d}", "language": lang, "text": text,
                         "theme_key": key, "created_at": pd.Timestamp("2025-01-06") + pd.Timedelta(days=3 * i)})
    tickets = pd.DataFrame(rows)
    tickets["theme_id"] = tickets["theme_key"].map({k: i for i, k in enumerate(TEXTS)})
    tickets["is_outlier"] = False
    themes = pd.DataFrame({
        "theme_key": list(TEXTS),
        "theme_id": range(len(TEXTS)),
        "size": [len(v) for v in TEXTS.values()],
        "keywords": [{"sv": ["paket", "försenat"], "en": ["parcel", "late"]},
                     {"sv": ["faktura"], "en": ["invoice", "charged"]},
                     {"en": ["opening hours"], "sv": ["öppettider"]}],
        "top_keywords": ["paket, parcel, late", "invoice, faktura", "opening hours"],
        "representative_ids": [["AAA-00", "AAA-01", "AAA-03"], ["BBB-00", "BBB-01"], ["CCC-00"]],
        "languages": [{"sv": 3, "da": 3, "nb": 3, "en": 3}, {"sv": 3, "en": 3}, {"en": 2, "sv": 2}],
        "status": "new",
        "previous_keys": [[], [], []],
    })
    themes["share"] = themes["size"] / len(tickets)
    rng = np.random.default_rng(0)
    emb = rng.normal(size=(len(tickets), 8)).astype("float32")
    cents = np.vstack([emb[tickets["theme_key"].to_numpy() == k].mean(0) for k in TEXTS])
    return Run(tickets=tickets, themes=themes, centroids=cents, embeddings=emb,
               manifest={"input": "hand-built"})
