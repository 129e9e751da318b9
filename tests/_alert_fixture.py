"""A constructed run for alert tests: three themes over 12 ISO weeks (W23-W34), ``th-late``
with a warehouse incident (a spike whose tickets say "lager" / "warehouse") in ISO week 30."""

from __future__ import annotations

import numpy as np
import pandas as pd

from demandlens.labels.schema import ThemeLabel
from demandlens.run import Run

DAYS = pd.date_range("2026-06-01", periods=84, freq="D")  # ISO weeks 2026-W23..W34
TEXTS = {
    "late": ["Mitt paket har inte kommit, ordernummer saknas.", "Paketet är försenat igen.",
             "Where is my parcel? It is late.", "Pakken er forsinket, hvor er den?"],
    "invoice": ["Fakturan har fel belopp.", "The invoice amount is wrong.",
                "Fakturaen har forkert beløb."],
    "hours": ["Vilka öppettider har butiken?", "What are your opening hours?",
              "Hvad er åbningstiderne i butikken?"],
}
LANG = {"Mitt": "sv", "Paketet": "sv", "Where": "en", "Pakken": "da", "Fakturan": "sv",
        "The": "en", "Fakturaen": "da", "Vilka": "sv", "What": "en", "Hvad": "da"}
SPIKE_EXTRA = {"sv": " Lagret har stopp.", "en": " The warehouse has an outage.",
               "da": " Lageret har stop."}


def alert_run(spike_week: int | None = 7, extra_per_day: int = 4, seed: int = 0) -> Run:
    """Three themes, about 2 / 1.5 / 1 tickets a day; ``late`` has a warehouse spike."""
    rng = np.random.default_rng(seed)
    rows = []
    for day_no, day in enumerate(DAYS):
        for theme, rate in (("late", 2.0), ("invoice", 1.5), ("hours", 1.0)):
            n = rng.poisson(rate)
            spiking = theme == "late" and spike_week is not None and day_no // 7 == spike_week
            n += extra_per_day if spiking else 0
            for k in range(n):
                text = TEXTS[theme][(day_no + k) % len(TEXTS[theme])]
                lang = LANG[text.split()[0]]
                if spiking and k % 3 != 2:
                    text += SPIKE_EXTRA[lang]
                rows.append((theme, day + pd.Timedelta(hours=9 + k % 8), text, lang))
    tickets = pd.DataFrame(rows, columns=["theme_key", "created_at", "text", "language"])
    tickets["ticket_id"] = [f"T-{i:05d}" for i in range(len(tickets))]
    tickets["channel"] = "email"
    tickets["is_outlier"] = False
    tickets["theme_key"] = "th-" + tickets["theme_key"]
    themes = pd.DataFrame({"theme_key": ["th-late", "th-invoice", "th-hours"],
                           "top_keywords": ["paket, försenat", "faktura, belopp", "öppettider"],
                           "size": tickets["theme_key"].value_counts()
                           .reindex(["th-late", "th-invoice", "th-hours"]).to_numpy()})
    return Run(tickets=tickets, themes=themes, centroids=np.zeros((3, 2), dtype="float32"))


LABELS = {
    "th-late": ThemeLabel(name="Parcel late", demand_type="failure", failing_process="delivery"),
    "th-invoice": ThemeLabel(name="Wrong invoice", demand_type="failure",
                             failing_process="billing_payment"),
    "th-hours": ThemeLabel(name="Opening hours", demand_type="value"),
}
