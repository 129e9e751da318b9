"""Coverage of ``failure_share``'s interval on the sample, with and without reviews.

On the sample's pipeline run (``data/sample/tickets.csv``, default config) with the gold demand
types, a simulated careful analyst labels the largest themes covering 80% of tickets by their
gold majority. Scenarios: every labelled theme reviewed (10 tickets each, judged from gold,
stratified by language), half of them reviewed, none reviewed (the rule for label-only themes:
the label is the point, the interval allows for mixed themes), and random halves of the themes
labelled without reviews. Repeated over 200 random draws, we report how often the interval
contains the true share of the labelled tickets, its mean width and the bias of the point.

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

from demandlens.config import PipelineConfig, QuantifyConfig  # noqa: E402
from demandlens.labels.edits import Review, ThemeLabel, draw_review_sample  # noqa: E402
from demandlens.measure import failure_share, wilson_interval  # noqa: E402

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


def _config(seed: int, draws: int) -> PipelineConfig:
    return PipelineConfig(seed=seed, quantify=QuantifyConfig(draws=draws))


class _Run:
    def __init__(self, tickets, themes):
        self.tickets, self.themes = tickets, themes


def _share(run, labels, seed, draws, by=None):
    return failure_share(run, labels, by=by, config=_config(seed, draws))


def simulate(tg, themes, reps=200, review_size=10, seed=0, draws=4000):
    labels = analyst_labels(tg)
    keys = list(labels)
    run = _Run(tg, themes)
    is_fail = tg["gold_demand"] == "failure"
    labelled = tg["theme_key"].isin(keys)
    truth_all = float(is_fail.mean())
    truth_lab = float(is_fail[labelled].mean())

    def truth(lab):
        return float(is_fail[tg["theme_key"].isin(list(lab))].mean())

    scen: dict[str, list] = {k: [] for k in ("all", "half", "none", "subset")}
    bounds, proc_rows = [], []
    for rep in range(reps):
        rng = np.random.default_rng(seed + rep)
        reviewed = with_reviews(labels, tg, review_size, rng)
        est = _share(run, reviewed, seed + rep, draws)
        scen["all"].append((truth_lab, est.failure_share, est.ci_low, est.ci_high))
        bounds.append((est.bound_low, est.bound_high))
        by_proc = _share(run, reviewed, seed + rep, draws, by="failing_process")
        proc_rows.append(by_proc[["group", "failure_share", "ci_low", "ci_high"]])
        half = set(rng.choice(keys, size=len(keys) // 2, replace=False))
        mixed = {k: reviewed[k] if k in half else labels[k] for k in keys}
        est = _share(run, mixed, seed + rep, draws)
        scen["half"].append((truth_lab, est.failure_share, est.ci_low, est.ci_high))
        subset = {k: labels[k] for k in rng.choice(keys, size=len(keys) // 2, replace=False)}
        est = _share(run, subset, seed + rep, draws)
        scen["subset"].append((truth(subset), est.failure_share, est.ci_low, est.ci_high))
    est = _share(run, labels, seed, draws)
    scen["none"].append((truth_lab, est.failure_share, est.ci_low, est.ci_high))
    label_procs = _share(run, labels, seed, draws, by="failing_process")
    procs = pd.concat(proc_rows, ignore_index=True)
    fail_lab = is_fail & labelled

    def proc_truth(g):
        return float((fail_lab & (tg["gold_process"] == g)).sum() / labelled.sum())

    procs["truth"] = [proc_truth(g) for g in procs["group"]]
    label_procs["truth"] = [proc_truth(g) for g in label_procs["group"]]
    naive = int((labelled & tg["theme_key"].map(
        lambda k: labels[k].demand_type == "failure" if k in labels else False)).sum())
    nlo, nhi = wilson_interval(naive, int(labelled.sum()))
    return {
        "labels": labels, "truth_all": truth_all, "truth_lab": truth_lab,
        "scen": {k: pd.DataFrame(v, columns=["truth", "est", "lo", "hi"]) for k, v in
                 scen.items()},
        "bounds": pd.DataFrame(bounds, columns=["lo", "hi"]),
        "naive": (naive / labelled.sum(), nlo, nhi), "n": len(tg),
        "n_lab": int(labelled.sum()), "procs": procs, "label_procs": label_procs,
    }


def _row(name, truth, est, lo, hi):
    truth, est, lo, hi = (np.atleast_1d(np.asarray(x, dtype=float)) for x in (truth, est, lo, hi))
    cover = np.mean((lo <= truth) & (truth <= hi))
    return (f"| {name} | {len(est)} | {cover:.3f} | {np.mean(hi - lo) * 100:.1f} | "
            f"{np.mean(est - truth) * 100:+.1f} | {np.mean(est):.1%} | {np.mean(truth):.1%} |")


def report(res, themes_total, elapsed) -> str:
    s = res["scen"]
    head = ("| scenario | draws | coverage | mean width (pts) | bias (pts) | mean estimate | "
            "true share |")
    rule = "|---|---|---|---|---|---|---|"
    lines = [
        "# Failure share of labelled tickets: interval coverage with and without reviews", "",
        f"Sample run: {res['n']} tickets, {themes_total} themes; the analyst labels the "
        f"{len(res['labels'])} largest themes ({res['n_lab']} tickets, "
        f"{res['n_lab'] / res['n']:.1%} of all) by gold majority. Reviews are 10 tickets per "
        "theme (gold judgements, drawn with `labels.draw_review_sample`: stratified by "
        f"language). Nominal 95% intervals; {len(s['all'])} draws per scenario. "
        "`dl.failure_share` throughout.", "",
        "## Share of the labelled tickets that is failure demand", "", head, rule,
        _row("every labelled theme reviewed", *s["all"].T.to_numpy()),
        _row("half of the labelled themes reviewed, half on the label only",
             *s["half"].T.to_numpy()),
        _row("no reviews: every theme on its label (point = label counts)",
             *s["none"].T.to_numpy()),
        _row("a random half of the themes labelled, no reviews", *s["subset"].T.to_numpy()),
        _row("reference: label counts with a Wilson interval over tickets", res["truth_lab"],
             *res["naive"]),
        "", "## Share of all tickets (unknown = outliers + unlabelled themes), every theme "
        "reviewed", "", head, rule,
        _row("bounds: unknown counted as all value … all failure", res["truth_all"],
             (res["bounds"]["lo"] + res["bounds"]["hi"]) / 2, res["bounds"]["lo"],
             res["bounds"]["hi"]),
        "", "## Per failing process, every theme reviewed (share of the labelled tickets; "
        "judged processes from gold)", "", head.replace("scenario", "process"), rule,
        *[_row(g, d["truth"], d["failure_share"], d["ci_low"], d["ci_high"])
          for g, d in res["procs"].groupby("group", sort=False)],
        "", "## Per failing process, no reviews (label only)", "",
        head.replace("scenario", "process"), rule,
        *[_row(r.group, r.truth, r.failure_share, r.ci_low, r.ci_high)
          for r in res["label_procs"].itertuples()],
        "", "Coverage = share of draws whose interval contains the true share (target ≥ 0.93). "
        "Rows with one draw do not depend on a random draw. The bound row's \"estimate\" is "
        "the bounds' midpoint.", "",
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
