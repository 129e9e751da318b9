"""Re-run benchmark: do labels carry over to next month's themes, and is a re-run cheap?

Splits ``data/sample/tickets.csv`` by ``created_at`` into month A (first ~6 weeks) and B (the
rest), runs A cold, labels A's themes from the gold majority reason (as a careful analyst
would: name = majority reason, plus its demand type and failing process), re-runs B against A
in ``assign`` mode (last month's nearest neighbours with calibrated abstain bars, and the
older centroid bars) and ``rebuild`` mode, carries the labels, and measures; then again with a
month A of only 400 tickets drawn from the first 6 weeks (a pilot or a small company):

* accuracy: among B tickets whose theme carries an active label (a matched/assigned theme),
  the share whose gold reason equals the label's reason (target >= 0.95), and the share whose
  gold reason's label (demand type + failing process) equals the carried one;
* coverage: the share of all accepted B tickets in such themes (target >= 0.90);
  suggestions on split/merged themes are reported separately;
* wall time of the re-run of B (warm embedding cache) against a cold run of B (empty cache in
  a fresh project folder) (target <= 0.3 for ``assign``).

Then the dev files (xSID da+en, CLINC150 en) split in two halves, translations of one text
kept in one half, half A labelled from the gold majority intent, half B re-run against it.

Usage: ``python benchmarks/bench_rerun.py [--cache-dir /work/cache/embeddings]`` →
``benchmarks/results/rerun.md``.
"""

from __future__ import annotations

import logging
import os
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


MODES = {  # label in the table -> (mode, config overrides)
    "assign (neighbours)": ("assign", {"match": {"assign_method": "neighbours"}}),
    "assign (neighbours, precision 0.95)": (
        "assign", {"match": {"assign_method": "neighbours", "assign_precision": 0.95}}),
    "assign (centroids)": ("assign", {"match": {"assign_method": "centroids"}}),
    "rebuild": ("rebuild", {}),
}


def small_month(a_csv: Path, size: int, seed: int) -> Path:
    """A month A of ``size`` tickets drawn (seeded) from ``a_csv``: a pilot or a small company."""
    raw = pd.read_csv(a_csv, dtype=str, keep_default_na=False)
    out = a_csv.with_name(f"month_a_{size}.csv")
    raw.sample(n=min(size, len(raw)), random_state=seed).sort_index().to_csv(out, index=False)
    return out


DEV = Path(os.environ.get("DEMANDLENS_DEV_DATA", "/work/shared/data"))
DEV_FILES = {"xsid (da+en)": "xsid_valid_da_en.csv", "clinc150 (en)": "clinc150_en.csv"}


def dev_rows(config: PipelineConfig, cache_dir: str | None) -> list[dict]:
    """Dev files split in two halves (translations kept together), month A labelled from gold.

    Uses the stage functions directly (:func:`demandlens.themes.build.build_themes` on half A,
    :func:`demandlens.rerun.rerun` for half B), with the product's vectors.
    """
    import numpy as np

    from demandlens.embed import embeddings_for
    from demandlens.rerun import rerun
    from demandlens.run import Run
    from demandlens.themes.build import build_themes

    embed = {"progress": False} | ({"cache_dir": cache_dir} if cache_dir else {})
    cfg = config.replace(embed=embed)
    rows = []
    for name, file in DEV_FILES.items():
        df = pd.read_csv(DEV / file, keep_default_na=False, dtype=str)
        t = pd.DataFrame({"ticket_id": df["id"] + "-" + df["lang"], "language": df["lang"],
                          "text": df["text"], "gold": df["intent"], "group": df["id"]})
        X = embeddings_for(t, cfg, project_dir=REPO)
        groups = np.array(sorted(set(t["group"])))
        rng = np.random.default_rng(cfg.seed)
        in_a = t["group"].isin(set(rng.permutation(groups)[: len(groups) // 2])).to_numpy()
        ta, tb = t[in_a].reset_index(drop=True), t[~in_a].reset_index(drop=True)
        tickets_a, themes_a, cents_a = build_themes(ta, X[in_a], cfg)
        prev = Run(tickets=tickets_a, themes=themes_a, centroids=cents_a, config=cfg,
                   embeddings=X[in_a])
        lab = tickets_a.dropna(subset=["theme_key"]).groupby("theme_key")["gold"].agg(
            lambda s: s.mode().iloc[0])
        for label, (mode, overrides) in MODES.items():
            c = cfg.replace(**overrides)
            out, *_ = rerun(prev, tb.copy(), X[~in_a], c, mode=mode)
            carried = out["theme_key"].map(lab.to_dict())
            has = carried.notna()
            rows.append({
                "data": name, "month_a": f"half ({len(ta)} texts, {len(themes_a)} themes)",
                "mode": label, "tickets": len(tb), "coverage": float(has.mean()),
                "carried_accuracy": float((carried[has] == tb.loc[has, "gold"]).mean()),
            })
            log.warning("%s %s: coverage %.3f accuracy %.3f", name, label,
                        rows[-1]["coverage"], rows[-1]["carried_accuracy"])
    return rows


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-dir", default=None,
                        help="embedding cache for the dev files (default: the repo project's)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    gold = pd.read_csv(SAMPLE / "gold.csv", dtype=str)
    config = PipelineConfig()
    tmp = Path(tempfile.mkdtemp(prefix="bench_rerun_"))
    try:
        a_csv, b_csv, cut = split_months(tmp)
        warm = REPO  # the repo project folder (its cache may already hold the sample)
        cold_dir = tmp / "cold_project"
        t0 = time.perf_counter()
        run_pipeline(b_csv, tmp / "run_b_cold", config, project_dir=cold_dir, progress=False)
        cold = time.perf_counter() - t0

        rows, texts, months = [], [], []
        for scenario, month_a in (("6 weeks", a_csv), ("400 tickets", small_month(a_csv, 400, config.seed))):
            run_a = run_pipeline(month_a, tmp / f"run_a_{len(months)}", config, project_dir=warm,
                                 progress=False)
            labels_a = gold_labels(run_a, gold)
            months.append((scenario, run_a))
            for name, (mode, overrides) in MODES.items():
                cfg = config.replace(**overrides)
                # warm cache: B's texts are already embedded in cold_dir by the cold run
                t0 = time.perf_counter()
                run_b = run_pipeline(
                    b_csv, tmp / f"run_b_{len(months)}_{len(rows)}", cfg, previous=run_a.path,
                    mode=mode, project_dir=cold_dir, progress=False,
                )
                wall = time.perf_counter() - t0
                carried, report = carry_labels(run_b.mapping, labels_a)
                assert set(labels_a) <= set(carried)
                assert all(carried[k] == v for k, v in labels_a.items())  # labels only grow
                s = score(run_b, carried, gold)
                counts = run_b.mapping["status"].value_counts().to_dict()
                rows.append({"month_a": scenario, "mode": name, **s, "rerun_s": wall,
                             "cold_s": cold, "time_ratio": wall / cold, "statuses": counts,
                             "timings": run_b.manifest.get("timings")})
                texts.append(f"- {scenario}, `{name}`: "
                             f"{mapping_report(run_b.mapping, run_b.themes)[1]}")
        dev = dev_rows(config, str(Path(args.cache_dir).resolve()) if args.cache_dir else None)
        write(rows, texts, months, cut, dev)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write(rows, texts, months, cut, dev) -> None:
    a = "; ".join(f"{s}: {r.n_tickets} accepted tickets, {len(r.themes)} themes" for s, r in months)
    lines = [
        "# Re-run benchmark (`python benchmarks/bench_rerun.py`)",
        "",
        f"Sample split at {cut.date()}: month A = the first 6 weeks, or 400 tickets drawn from "
        f"them (seed = config seed) ({a}), themes labelled from the gold majority reason; "
        "month B = the rest, re-run against A. Targets (#19): carried-label accuracy >= 0.95, "
        "coverage >= 0.90 of month B in labelled themes; assign re-run time <= 0.3 x cold run "
        "of B. Coverage counts only B tickets in themes that carry an active label; suggestions "
        "on split/merged themes are listed apart.",
        "",
        "| month A | mode | B tickets | carried reason accuracy | carried label accuracy "
        "(demand type + process) | coverage | suggested (needs review) share "
        "| suggestion accuracy | re-run s | cold run s | ratio | mapping statuses |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['month_a']} | {r['mode']} | {r['tickets']} | {r['carried_accuracy']:.3f} | "
            f"{r['label_accuracy']:.3f} | {r['coverage']:.3f} | "
            f"{r['suggested_share']:.3f} | {r['suggested_accuracy']:.3f} | {r['rerun_s']:.1f} | "
            f"{r['cold_s']:.1f} | {r['time_ratio']:.2f} | {r['statuses']} |"
        )
    lines += [
        "", "## Dev files split in two halves (translations of one text in the same half)", "",
        "Half A themed (default config) and labelled from the gold majority intent; half B "
        "re-run against it. Coverage: share of B in a labelled theme; accuracy: carried intent "
        "= gold intent. Accuracy is capped by A's theme purity (a theme carries one label).",
        "",
        "| data | month A | mode | B texts | carried accuracy | coverage |",
        "|---|---|---|---|---|---|",
    ]
    lines += [f"| {r['data']} | {r['month_a']} | {r['mode']} | {r['tickets']} | "
              f"{r['carried_accuracy']:.3f} | {r['coverage']:.3f} |" for r in dev]
    lines += ["", "Mapping reports:", "", *texts, "", "Stage timings of the re-runs (s):", ""]
    lines += [f"- {r['month_a']}, `{r['mode']}`: {r['timings']}" for r in rows]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
