"""Re-run benchmark: do labels carry over to next month's themes, and is a re-run cheap?

Splits ``data/sample/tickets.csv`` by ``created_at`` into month A (first ~6 weeks) and B (the
rest), runs A cold, labels A's themes from the gold majority reason (as a careful analyst
would: name = majority reason, plus its demand type and failing process), re-runs B against A
in ``assign`` and ``rebuild`` mode, carries the labels, and measures:

* accuracy: among B tickets whose theme carries an active label (a matched/assigned theme),
  the share whose gold reason equals the label's reason (target >= 0.95), and the share whose
  gold reason's label (demand type + failing process) equals the carried one;
* coverage: the share of all accepted B tickets in such themes (target >= 0.90);
  suggestions on split/merged themes are reported separately;
* wall time of the re-run of B (warm embedding cache) against a cold run of B (empty cache in
  a fresh project folder) (target <= 0.3 for ``assign``).

Usage: ``python benchmarks/bench_rerun.py`` → ``benchmarks/results/rerun.md``.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd

from demandlens.config import PipelineConfig
from demandlens.labels.schema import ThemeLabel
from demandlens.pipeline import run_pipeline
from demandlens.rerun import carry_labels, mapping_report

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "sample"
OUT = REPO / "benchmarks" / "results" / "rerun.md"
log = logging.getLogger("bench_rerun")


def split_months(tmp: Path) -> tuple[Path, Path, pd.Timestamp]:
    raw = pd.read_csv(SAMPLE / "tickets.csv", dtype=str, keep_default_na=False)
    when = pd.to_datetime(raw["created_at"], errors="coerce")
    cut = when.min().normalize() + pd.Timedelta(weeks=6)
    a, b = tmp / "month_a.csv", tmp / "month_b.csv"
    raw[when < cut].to_csv(a, index=False)
    raw[~(when < cut)].to_csv(b, index=False)
    return a, b, cut


def gold_labels(run, gold: pd.DataFrame) -> dict[str, ThemeLabel]:
    g = run.tickets[["ticket_id", "theme_key"]].merge(gold, left_on="ticket_id", right_on="id")
    labels = {}
    for key, grp in g.dropna(subset=["theme_key"]).groupby("theme_key"):
        reason = grp["reason"].mode().iloc[0]
        row = grp[grp["reason"] == reason].iloc[0]
        labels[str(key)] = ThemeLabel(
            name=reason, demand_type=row["demand_type"], labelled_by="bench",
            failing_process=row["failing_process"] if isinstance(row["failing_process"], str) else None,
        )
    return labels


def score(run, labels, gold: pd.DataFrame) -> dict[str, float]:
    t = run.tickets[["ticket_id", "theme_key"]].merge(gold, left_on="ticket_id", right_on="id")
    name = {k: v.name for k, v in labels.items() if v.demand_type and v.status == "active"}
    label_of = {k: (v.demand_type, v.failing_process or "") for k, v in labels.items()
                if v.demand_type and v.status == "active"}
    gold_label = list(zip(t["demand_type"], t["failing_process"].fillna(""), strict=True))
    sugg = {k: v.name for k, v in labels.items() if v.status == "needs_review"}
    carried = t["theme_key"].map(name)
    suggested = t["theme_key"].map(sugg)
    has = carried.notna()
    return {
        "tickets": len(t),
        "carried_accuracy": float((carried[has] == t.loc[has, "reason"]).mean()) if has.any() else float("nan"),
        "label_accuracy": float(pd.Series(
            [label_of[k] == g for k, g in zip(t["theme_key"], gold_label, strict=True) if k in label_of]
        ).mean()) if has.any() else float("nan"),
        "coverage": float(has.mean()),
        "suggested_share": float(suggested.notna().mean()),
        "suggested_accuracy": float((suggested.dropna() == t.loc[suggested.notna(), "reason"]).mean())
        if suggested.notna().any() else float("nan"),
    }


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    gold = pd.read_csv(SAMPLE / "gold.csv", dtype=str)
    config = PipelineConfig()
    tmp = Path(tempfile.mkdtemp(prefix="bench_rerun_"))
    try:
        a_csv, b_csv, cut = split_months(tmp)
        warm = REPO  # the repo project folder (its cache may already hold the sample)
        run_a = run_pipeline(a_csv, tmp / "run_a", config, project_dir=warm, progress=False)
        labels_a = gold_labels(run_a, gold)

        cold_dir = tmp / "cold_project"
        t0 = time.perf_counter()
        run_pipeline(b_csv, tmp / "run_b_cold", config, project_dir=cold_dir, progress=False)
        cold = time.perf_counter() - t0

        rows, texts = [], []
        for mode in ("assign", "rebuild"):
            # warm cache: B's texts are already embedded in cold_dir by the cold run
            t0 = time.perf_counter()
            run_b = run_pipeline(
                b_csv, tmp / f"run_b_{mode}", config, previous=run_a.path, mode=mode,
                project_dir=cold_dir, progress=False,
            )
            wall = time.perf_counter() - t0
            carried, report = carry_labels(run_b.mapping, labels_a)
            assert set(labels_a) <= set(carried)
            assert all(carried[k] == v for k, v in labels_a.items())  # labels only grow
            s = score(run_b, carried, gold)
            counts = run_b.mapping["status"].value_counts().to_dict()
            rows.append({"mode": mode, **s, "rerun_s": wall, "cold_s": cold,
                         "time_ratio": wall / cold, "statuses": counts,
                         "timings": run_b.manifest.get("timings")})
            texts.append(f"- `{mode}`: {mapping_report(run_b.mapping, run_b.themes)[1]}")
        write(rows, texts, run_a, cut)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write(rows, texts, run_a, cut) -> None:
    lines = [
        "# Re-run benchmark (`python benchmarks/bench_rerun.py`)",
        "",
        f"Sample split at {cut.date()}: month A = first 6 weeks ({run_a.n_tickets} accepted "
        f"tickets, {len(run_a.themes)} themes, labelled from the gold majority reason); month B = "
        "the rest, re-run against A. Targets: carried-label accuracy >= 0.95, coverage >= 0.90, "
        "assign re-run time <= 0.3 x cold run of B.",
        "",
        "| mode | B tickets | carried reason accuracy | carried label accuracy (demand type + process) | coverage | suggested (needs review) share "
        "| suggestion accuracy | re-run s | cold run s | ratio | mapping statuses |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['mode']} | {r['tickets']} | {r['carried_accuracy']:.3f} | {r['label_accuracy']:.3f} | {r['coverage']:.3f} | "
            f"{r['suggested_share']:.3f} | {r['suggested_accuracy']:.3f} | {r['rerun_s']:.1f} | "
            f"{r['cold_s']:.1f} | {r['time_ratio']:.2f} | {r['statuses']} |"
        )
    lines += ["", "Mapping reports:", "", *texts, "", "Stage timings of the re-runs (s):", ""]
    lines += [f"- `{r['mode']}`: {r['timings']}" for r in rows]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
