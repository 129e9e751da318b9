"""Issue #8 accuracy check: label-based failure-demand share vs the sample's true share.

A simulated careful analyst labels the largest themes covering 80% of tickets of the sample's
pipeline run by their gold majority (demand type and failing process). We compare the
label-count estimates (``quantify.failure_share``, Wilson intervals over tickets) and the
stratified estimate with one review draw (``estimate.estimate_failure_share``, 10 reviewed
tickets per theme) against the true gold shares.

Run: ``python benchmarks/bench_quantify.py`` → ``benchmarks/results/quantify.md``.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _sample_run import ROOT, sample_run, tickets_with_gold  # noqa: E402
from bench_estimate import analyst_labels, with_reviews  # noqa: E402

from demandlens.measure.estimate import estimate_failure_share  # noqa: E402
from demandlens.measure.shares import failure_share, wilson_interval  # noqa: E402

OUT = ROOT / "benchmarks" / "results" / "quantify.md"


def _line(name, truth, est, lo, hi):
    inside = "yes" if lo <= truth <= hi else "**no**"
    return f"| {name} | {est:.1%} | [{lo:.1%}, {hi:.1%}] | {truth:.1%} | {inside} |"


def main() -> None:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    started = time.time()
    run = sample_run()
    tg = tickets_with_gold(run)
    themes = run.themes
    labels = analyst_labels(tg)
    labelled = tg["theme_key"].isin(list(labels))
    is_fail = tg["gold_demand"] == "failure"
    truth_all, truth_lab = float(is_fail.mean()), float(is_fail[labelled].mean())

    head = failure_share(tg, themes, labels).iloc[0]
    n_known = int(head.n - head.unknown)
    known_lo, known_hi = wilson_interval(int(head.failure), n_known)
    upper = wilson_interval(int(head.failure + head.unknown), int(head.n))[1]
    reviewed = with_reviews(labels, tg, 10, np.random.default_rng(0))
    est = estimate_failure_share(tg, themes, reviewed, seed=0)

    lines = [
        "# Failure-demand share on the sample: estimated vs true (issue #8)", "",
        f"Sample run: {len(tg)} tickets, {len(themes)} themes, "
        f"{int(tg['is_outlier'].sum())} outliers. Analyst labels the {len(labels)} largest "
        f"themes ({int(labelled.sum())} tickets, coverage {labelled.mean():.1%}) by gold "
        "majority. 95% intervals.", "",
        "| estimate | value | 95% interval | true share | true inside? |",
        "|---|---|---|---|---|",
        _line("label counts, unknown kept in denominator (share of all tickets)", truth_all,
              head.failure_share, head.ci_low, head.ci_high),
        _line("label counts, bounds: unknown as all value … all failure (all tickets)",
              truth_all, head.failure_share, head.ci_low, upper),
        _line("label counts, labelled tickets only", truth_lab, head.failure / n_known,
              known_lo, known_hi),
        _line("stratified with 10 reviews/theme (seed 0), labelled tickets", truth_lab,
              est.estimate, est.ci_low, est.ci_high),
        _line("stratified bounds, all tickets", truth_all, (est.bound_low + est.bound_high) / 2,
              est.bound_low, est.bound_high),
        "", f"True failure share: {truth_all:.1%} of all tickets, {truth_lab:.1%} of the "
        "tickets in the labelled themes. The first row counts unknown tickets as not failure, "
        "so it is a lower bound by construction.", "",
        "## By failing process (label counts, share of all tickets)", "",
        "| process | label-count share | 95% interval | true share | true inside? |",
        "|---|---|---|---|---|",
    ]
    by_proc = failure_share(tg, themes, labels, by="failing_process")
    for row in by_proc.itertuples():
        if row.group in ("none", "unknown"):
            continue
        truth = float((is_fail & (tg["gold_process"] == row.group)).mean())
        lines.append(_line(row.group, truth, row.failure_share, row.ci_low, row.ci_high))
    lines += ["", "## By failing process (stratified, 10 reviews/theme, seed 0; share of the "
              "labelled tickets)", "",
              "| process | estimate | 95% interval | true share among labelled | true inside? |",
              "|---|---|---|---|---|"]
    strat = estimate_failure_share(tg, themes, reviewed, by="failing_process", seed=0)
    for row in strat.itertuples():
        truth = float((is_fail & labelled & (tg["gold_process"] == row.group)).sum()
                      / labelled.sum())
        lines.append(_line(row.group, truth, row.estimate, row.ci_low, row.ci_high))
    lines += ["", "Label counts attribute all of a theme's tickets to the process on its "
              "label; the stratified estimate splits each theme's failures over the processes "
              "the analyst named in the review (here from gold), so it also finds failures of "
              "processes no theme is labelled with. Its interval covers review sampling only "
              "(see docs/quantify.md)."]
    lines += ["", f"Unknown tickets (outliers + unlabelled themes): "
              f"{by_proc.set_index('group').loc['unknown', 'n']}. Runtime "
              f"{time.time() - started:.0f} s.", ""]
    text = "\n".join(lines)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    sys.stdout.write(text)


if __name__ == "__main__":
    pd.set_option("display.width", 160)
    main()
