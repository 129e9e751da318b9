"""Language-detection accuracy (sv, da, nb, en), with the Danish/bokmål confusion.

Data: /work/shared/data/sib200_train_sv_da_nb_en.csv (parallel sentences; the same sentence
in each language), evaluated as full sentences and cut to their first 6 words (ticket-like
short texts); and data/sample/tickets.csv + gold.csv (``lang`` column) when present.
Each is run with lingua alone and with the da/nb spelling markers (LanguageConfig.da_nb_markers).

Run: ``python benchmarks/bench_language.py`` -> prints and writes benchmarks/results/language.md
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

from demandlens.config import LanguageConfig
from demandlens.ingest.language import detect_languages

ROOT = Path(__file__).resolve().parents[1]
SIB = Path("/work/shared/data/sib200_train_sv_da_nb_en.csv")
OUT = ROOT / "benchmarks" / "results" / "language.md"
LANGS = ["sv", "da", "nb", "en"]


def evaluate(name: str, texts: list[str], gold: list[str]) -> list[str]:
    lines = [f"### {name} ({len(texts)} texts)", ""]
    lines += [
        "| setting | " + " | ".join(LANGS) + " | all | da→nb | nb→da | s |",
        "|---|" + "---|" * (len(LANGS) + 4),
    ]
    for markers in (False, True):
        start = time.perf_counter()
        pred = detect_languages(texts, LanguageConfig(da_nb_markers=markers))
        seconds = time.perf_counter() - start
        frame = pd.DataFrame({"gold": gold, "pred": pred})
        frame["ok"] = frame.gold == frame.pred
        acc = frame.groupby("gold")["ok"].mean()
        da_nb = int(((frame.gold == "da") & (frame.pred == "nb")).sum())
        nb_da = int(((frame.gold == "nb") & (frame.pred == "da")).sum())
        cells = [f"{acc.get(lang, float('nan')):.3f}" for lang in LANGS]
        setting = "lingua + da/nb markers (default)" if markers else "lingua only"
        lines.append(
            f"| {setting} | "
            + " | ".join(cells)
            + f" | {frame.ok.mean():.3f} | {da_nb} | {nb_da} | {seconds:.1f} |"
        )
    lines += ["", "Confusion (rows gold, columns predicted), default setting:", ""]
    pred = detect_languages(texts)
    table = pd.crosstab(pd.Series(gold, name="gold"), pd.Series(pred, name="pred"))
    lines += [
        "| gold \\ pred | " + " | ".join(table.columns) + " |",
        "|---|" + "---|" * len(table.columns),
    ]
    lines += [
        f"| {g} | " + " | ".join(str(v) for v in row) + " |"
        for g, row in zip(table.index, table.values, strict=True)
    ]
    return lines + [""]


def main() -> int:
    lines = ["# Language detection benchmark", ""]
    sib = pd.read_csv(SIB)
    sib = sib[sib.lang.isin(LANGS)]
    lines += evaluate("SIB-200 sentences", sib.text.tolist(), sib.lang.tolist())
    short = [" ".join(t.split()[:6]) for t in sib.text]
    lines += evaluate("SIB-200 cut to 6 words", short, sib.lang.tolist())
    tickets, gold = ROOT / "data/sample/tickets.csv", ROOT / "data/sample/gold.csv"
    if tickets.exists() and gold.exists():
        from demandlens.config import PipelineConfig
        from demandlens.ingest.load import load_tickets

        g = pd.read_csv(gold, dtype=str)
        if "lang" in g.columns:
            result = load_tickets(tickets, PipelineConfig(), progress=False)
            id_col = "ticket_id" if "ticket_id" in g.columns else g.columns[0]
            merged = result.tickets.merge(g[[id_col, "lang"]], left_on="ticket_id", right_on=id_col)
            merged = merged[merged.lang.isin(LANGS)]
            lines += evaluate(
                "data/sample tickets (cleaned + masked)", merged.text.tolist(), merged.lang.tolist()
            )
    else:
        lines += ["data/sample/tickets.csv + gold.csv were not there when this ran.", ""]
    lines += [
        "Notes: SIB-200 is the same corpus the da/nb marker list was checked against "
        "(the markers are standard spelling pairs such as mig/meg, af/av, efter/etter, "
        "nu/nå), so the marker gain on it is optimistic."
    ]
    report = "\n".join(lines) + "\n"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
