"""A small hand-built run (3 themes, outliers, 3 weeks, 4 languages) for charts/report tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

from _labels_fixture import make_label
from demandlens.run import Run


def small_run() -> Run:
    keys = ["th-a"] * 12 + ["th-b"] * 8 + ["th-c"] * 6 + [None] * 4
    n = len(keys)
    langs = ["sv", "da", "nb", "en"]
    dates = pd.to_datetime(["2026-06-01"] * 15 + ["2026-06-22"] * 15)  # W23, (W24, W25 empty), W26
    tickets = pd.DataFrame({
        "ticket_id": [f"ZD-{1000 + i}" for i in range(n)],
        "created_at": dates,
        "channel": ["email", "chat", "phone"] * (n // 3),
        "language": [langs[i % 4] for i in range(n)],
        "text": [f"Mitt paket är försenat <EMAIL> nr {i}" for i in range(n)],
        "theme_key": keys,
        "is_outlier": [k is None for k in keys],
    })
    themes = pd.DataFrame({
        "theme_key": ["th-a", "th-b", "th-c"],
        "theme_id": [0, 1, 2],
        "size": [12, 8, 6],
        "top_keywords": ["paket, försenat, levering", "faktura, belopp", "öppettider, åbningstider"],
        "keywords": [{"sv": ["paket"]}, {"da": ["faktura"]}, {"nb": ["åpningstider"]}],
        "representative_ids": [["ZD-1000", "ZD-1001"], ["ZD-1012"], ["ZD-1020"]],
    })
    return Run(tickets=tickets, themes=themes, centroids=np.zeros((3, 2), dtype="float32"))


def small_labels():
    review_a = {f"ZD-{1000 + i}": ("failure" if i < 8 else "value") for i in range(10)}
    return {
        "th-a": make_label("failure", "delivery", "done_late", name="Försenat paket",
                           judgements=review_a),
        "th-b": make_label("failure", "billing_payment", name="Fel belopp på fakturan"),
        # th-c left unlabelled -> unknown
    }
