"""Issue #12 benchmark: coverage of the stratified estimator's interval over 200 review draws.

On the sample's pipeline run (``data/sample/tickets.csv``, default config) with the gold demand
types, a simulated careful analyst labels the largest themes covering 80% of tickets by their
gold majority and reviews 10 tickets per labelled theme (judged from gold; stratified by
language). Repeated over 200 random review draws, we report how often the interval contains
the truth, its mean width and the bias of the point estimate, next to the naive estimate
(whole themes by their majority label, Wilson interval over tickets).

Run: ``python benchmarks/bench_estimate.py`` → ``benchmarks/results/estimate.md``.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _sample_run import ROOT, sample_run, tickets_with_gold  # noqa: E402

from demandlens.labels.edits import Review, ThemeLabel, draw_review_sample  # noqa: E402
from demandlens.measure.estimate import estimate_failure_share  # noqa: E402
from demandlens.measure.shares import failure_share, wilson_interval  # noqa: E402

log = logging.getLogger("bench_estimate")
OUT = ROOT / "benchmarks" / "results" / "estimate.md"


def analyst_labels(tg: pd.DataFrame, coverage: float = 0.8) -> dict[str, ThemeLabel]:
    """Gold-majority labels for the largest themes covering ``coverage`` of all tickets."""
    sizes = tg.dropna(subset=["theme_key"]).groupby("theme_key").size()
    sizes = sizes.sort_values(ascending=False, kind="stable")
    cum = sizes.cumsum() / len(tg)
    chosen = list(sizes.index[: int((cum < coverage).sum()) + 1])
    labels = {}
    for key in chosen:
        members = tg[tg["theme_key"] == key]
        fail = members["gold_demand"] == "failure"
        dt = "failure" if fail.mean() > 0.5 else "value"
        proc = members.loc[fail, "gold_process"].mode()
        labels[key] = ThemeLabel(name=str(members["reason"].mode().iloc[0]), demand_type=dt,
                                 failing_process=proc.iloc[0] if dt == "failure" and len(proc)
                                 else None)
    return labels


def with_reviews(labels, tg, size, rng):
    out = {}
    gold = dict(zip(tg["ticket_id"], tg["gold_demand"], strict=True))
    gold_proc = dict(zip(tg["ticket_id"], tg["gold_process"], strict=True))
    groups = dict(list(tg[tg["theme_key"].isin(list(labels))].groupby("theme_key")))
    for key, label in labels.items():
        # the workbench's own sampler: stratified by language, seeded
        ids = draw_review_sample(groups[key], size, int(rng.integers(2**31)))
        judged = {t: {"demand_type": gold[t] if gold[t] in ("failure", "value") else "other"}
                  for t in ids}
        for t in ids:  # a careful analyst also names the failing process of a failure
            if gold[t] == "failure" and isinstance(gold_proc[t], str):
                judged[t]["failing_process"] = gold_proc[t]
        out[key] = ThemeLabel(**{**label.__dict__,
                                 "review": Review(seed=None, sample=tuple(ids), judgements=judged)})
    return out


def simulate(tg, themes, reps=200, review_size=10, seed=0, draws=4000):
    labels = analyst_labels(tg)
    labelled = tg["theme_key"].isin(list(labels))
    truth_all = float((tg["gold_demand"] == "failure").mean())
    truth_lab = float((tg.loc[labelled, "gold_demand"] == "failure").mean())
    rows, proc_rows = [], []
    for rep in range(reps):
        rng = np.random.default_rng(seed + rep)
        reviewed = with_reviews(labels, tg, review_size, rng)
        est = estimate_failure_share(tg, themes, reviewed, draws=draws, seed=seed + rep)
        rows.append((est.estimate, est.ci_low, est.ci_high, est.bound_low, est.bound_high))
        by_proc = estimate_failure_share(tg, themes, reviewed, by="failing_process",
                                         draws=draws, seed=seed + rep)
        proc_rows.append(by_proc[["group", "estimate", "ci_low", "ci_high"]])
    sims = pd.DataFrame(rows, columns=["est", "lo", "hi", "blo", "bhi"])
    procs = pd.concat(proc_rows, ignore_index=True)
    fail_lab = (tg["gold_demand"] == "failure") & labelled
    procs["truth"] = [float((fail_lab & (tg["gold_process"] == g)).sum() / labelled.sum())
                      for g in procs["group"]]
    naive = failure_share(tg, themes, labels).iloc[0]
    n_known = int(naive.n - naive.unknown)
    nlo, nhi = wilson_interval(int(naive.failure), n_known)
    label_only = estimate_failure_share(tg, themes, labels, draws=draws, seed=seed)
    return {
        "labels": labels, "truth_all": truth_all, "truth_lab": truth_lab, "sims": sims,
        "naive": (naive.failure / n_known, nlo, nhi), "naive_all": naive,
        "label_only": label_only, "n": len(tg), "n_lab": int(labelled.sum()), "procs": procs,
    }


def _row(name, truth, est, lo, hi):
    est, lo, hi = (np.atleast_1d(np.asarray(x, dtype=float)) for x in (est, lo, hi))
    cover = np.mean((lo <= truth) & (truth <= hi))
    return (f"| {name} | {len(est)} | {cover:.3f} | {np.mean(hi - lo) * 100:.1f} | "
            f"{(np.mean(est) - truth) * 100:+.1f} | {np.mean(est):.1%} | {truth:.1%} |")


def report(res, themes_total, elapsed) -> str:
    s = res["sims"]
    head = "| estimator | review draws | coverage | mean width (pts) | bias (pts) | mean estimate | true share |"
    lines = [
        "# Stratified estimator vs naive majority labels (issue #12)", "",
        f"Sample run: {res['n']} tickets, {themes_total} themes; the analyst labels the "
        f"{len(res['labels'])} largest themes ({res['n_lab']} tickets, "
        f"{res['n_lab'] / res['n']:.1%} of all) by gold majority and reviews 10 tickets per theme "
        "(gold judgements, drawn with `labels.draw_review_sample`: stratified by language). Nominal 95% intervals; "
        f"{len(s)} review draws.", "",
        "## Failure share among the tickets of the labelled themes", "", head,
        "|---|---|---|---|---|---|---|",
        _row("stratified: Beta posterior per theme (Jeffreys prior, weighted reviews), Monte-Carlo", res["truth_lab"], s["est"], s["lo"], s["hi"]),
        _row("naive: majority label, Wilson over tickets", res["truth_lab"], *res["naive"]),
        _row("labels only, no reviews (label prior)", res["truth_lab"], res["label_only"].estimate,
             res["label_only"].ci_low, res["label_only"].ci_high),
        "", "## Failure share among all tickets (unknown = outliers + unlabelled themes)", "", head,
        "|---|---|---|---|---|---|---|",
        _row("stratified bounds (unknown all value … all failure)", res["truth_all"],
             (s["blo"] + s["bhi"]) / 2, s["blo"], s["bhi"]),
        _row("naive: unknown counted as not failure (Wilson)", res["truth_all"],
             res["naive_all"].failure_share, res["naive_all"].ci_low, res["naive_all"].ci_high),
        "", "## Per failing process (share of the labelled tickets; judged processes from gold)",
        "", head, "|---|---|---|---|---|---|---|",
        *[_row(g, float(d["truth"].iloc[0]), d["estimate"], d["ci_low"], d["ci_high"])
          for g, d in res["procs"].groupby("group", sort=False)],
        "", "Coverage = share of draws whose interval contains the true share (target ≥ 0.93). "
        "The naive and label-only rows do not depend on the review draw (one value). The bound "
        "row's \"estimate\" is the bounds' midpoint.", "",
        f"Runtime {elapsed:.0f} s.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    started = time.time()
    run = sample_run()
    tg = tickets_with_gold(run)
    res = simulate(tg, run.themes, reps=args.reps)
    text = report(res, len(run.themes), time.time() - started)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
