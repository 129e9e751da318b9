"""Failure share on the sample: ``dl.failure_share`` against the true shares, with and without reviews.

A simulated careful analyst labels the largest themes covering 80% of tickets of the sample's
pipeline run by their gold majority (demand type and failing process). We compare
``failure_share`` (the one figure every surface shows: estimated failure tickets of labelled
tickets) without reviews (the label counts, each theme as its label) and with one review draw
(10 reviewed tickets per theme) against the true gold shares, overall and per failing process.

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

from demandlens.config import PipelineConfig  # noqa: E402
from demandlens.measure import failure_share  # noqa: E402

OUT = ROOT / "benchmarks" / "results" / "quantify.md"


class _Run:
    def __init__(self, tickets, themes):
        self.tickets, self.themes, self.config = tickets, themes, PipelineConfig(seed=0)


def _line(name, truth, est, lo, hi):
    inside = "yes" if lo <= truth <= hi else "**no**"
    return f"| {name} | {est:.1%} | [{lo:.1%}, {hi:.1%}] | {truth:.1%} | {inside} |"


def main() -> None:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    started = time.time()
    run = sample_run()
    tg = tickets_with_gold(run)
    sample = _Run(tg, run.themes)
    labels = analyst_labels(tg)
    labelled = tg["theme_key"].isin(list(labels))
    is_fail = tg["gold_demand"] == "failure"
    truth_all, truth_lab = float(is_fail.mean()), float(is_fail[labelled].mean())
    reviewed = with_reviews(labels, tg, 10, np.random.default_rng(0))
    plain, est = failure_share(sample, labels), failure_share(sample, reviewed)

    lines = [
        "# Failure-demand share on the sample: estimated vs true", "",
        f"Sample run: {len(tg)} tickets, {len(run.themes)} themes, "
        f"{int(tg['is_outlier'].sum())} outliers. Analyst labels the {len(labels)} largest "
        f"themes ({int(labelled.sum())} tickets, coverage {labelled.mean():.1%}) by gold "
        "majority. `dl.failure_share`, seed 0, 95% intervals.", "",
        "| estimate | value | 95% interval | true share | true inside? |",
        "|---|---|---|---|---|",
        _line("no reviews (label counts), of labelled tickets", truth_lab, plain.failure_share,
              plain.ci_low, plain.ci_high),
        _line("no reviews, bounds of all tickets (unknown as value … failure)", truth_all,
              (plain.bound_low + plain.bound_high) / 2, plain.bound_low, plain.bound_high),
        _line("10 reviews per theme, of labelled tickets", truth_lab, est.failure_share,
              est.ci_low, est.ci_high),
        _line("10 reviews per theme, bounds of all tickets", truth_all,
              (est.bound_low + est.bound_high) / 2, est.bound_low, est.bound_high),
        "", f"True failure share: {truth_lab:.1%} of the tickets in the labelled themes, "
        f"{truth_all:.1%} of all tickets. Bound rows show the bounds' midpoint as the value.",
    ]
    for title, lab in (("no reviews (each theme as its label)", labels),
                       ("10 reviews per theme (judged processes from gold)", reviewed)):
        lines += ["", f"## By failing process, {title}; share of the labelled tickets", "",
                  "| process | estimate | 95% interval | true share of labelled | true inside? |",
                  "|---|---|---|---|---|"]
        for row in failure_share(sample, lab, by="failing_process").itertuples():
            truth = float((is_fail & labelled & (tg["gold_process"] == row.group)).sum()
                          / labelled.sum())
            lines.append(_line(row.name, truth, row.failure_share, row.ci_low, row.ci_high))
    lines += ["", "Without reviews every ticket counts as its theme's label, so a process's "
              "failures are those of the themes labelled with it; a theme's other tickets widen "
              "the interval (down from a failure label, up from a value label). With reviews a "
              "theme's failures are split over the processes the analyst named in the review "
              "(here from gold), so they also find failures of processes no theme is labelled "
              "with. The intervals cover review sampling and unreviewed themes' mixing only "
              "(see docs/quantify.md).", "",
              f"Unknown tickets (outliers + unlabelled themes): {plain.n_unknown}. Runtime "
              f"{time.time() - started:.0f} s.", ""]
    text = "\n".join(lines)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    sys.stdout.write(text)


if __name__ == "__main__":
    pd.set_option("display.width", 160)
    main()
