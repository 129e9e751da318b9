"""The README's report screenshot: the sample's second half re-run against its first half.

One command (``python scripts/report_demo.py``): splits ``data/sample/tickets.csv`` at six weeks
(as ``benchmarks/bench_rerun.py`` does), runs the first half and re-runs the second against it
(``runs/demo-a``, ``runs/demo-b``; reused when present), labels month A's themes from the gold
majority with ten gold-judged reviews of each of the 15 largest themes, carries the labels to
month B and reviews B's 15 largest themes too (each run counts the judgements of its own
tickets), prices contacts, writes ``runs/demo-b/report.html`` and screenshots its first screen
in headless Chromium with every network request blocked (``docs/images/report.png``).

Root causes and failure types are typed here for the demo (the gold file has none).
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from demandlens.app.report_html import html_report
from demandlens.config import PipelineConfig, QuantifyConfig
from demandlens.labels.edits import draw_review_sample
from demandlens.labels.schema import Review, ThemeLabel
from demandlens.pipeline import run_pipeline
from demandlens.rerun.carry import carry_labels
from demandlens.run import Run

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
log = logging.getLogger("report_demo")

#: What an analyst might have typed for the failure reasons (demo only).
ROOT_CAUSES = {
    "parcel_late": ("Carrier misses the promised delivery day in peak weeks", "done_late"),
    "refund_not_received": ("Refunds wait for a manual approval step", "done_late"),
    "charged_twice": ("Payment retry after a timeout charges the card again", "done_twice"),
    "damaged_goods": ("Packaging too thin for glass items", "wrong_condition"),
    "missing_item": ("Split shipments not announced to the customer", "wrong_quantity"),
    "invoice_wrong_amount": ("Discounts not applied on the invoice", "done_wrong"),
    "login_after_reset": ("Reset link expires before the e-mail arrives", "not_done"),
    "wrong_item": ("Picking errors on look-alike items", "done_wrong"),
    "promo_code_not_working": ("Codes expire a day early in the shop system", "done_wrong"),
    "unclear_instructions": ("Manual lacks pictures for step 3", "unclear_information"),
    "order_confirmation_missing": ("Confirmation e-mails delayed by the mail queue", "done_late"),
    "complaint_no_response": ("Complaints queue has no owner at weekends", "not_done"),
    "subscription_charged_after_cancel": ("Cancellation not passed on to billing", "done_wrong"),
}


def runs(config: PipelineConfig) -> tuple[Run, Run]:
    a_dir, b_dir = ROOT / "runs" / "demo-a", ROOT / "runs" / "demo-b"
    if (a_dir / "manifest.json").exists() and (b_dir / "mapping.parquet").exists():
        return Run.open(a_dir), Run.open(b_dir)
    raw = pd.read_csv(SAMPLE / "tickets.csv", dtype=str, keep_default_na=False)
    when = pd.to_datetime(raw["created_at"], errors="coerce")
    cut = when.min().normalize() + pd.Timedelta(weeks=6)
    data = ROOT / "runs" / "demo-data"
    data.mkdir(parents=True, exist_ok=True)
    raw[when < cut].to_csv(data / "month_a.csv", index=False)
    raw[~(when < cut)].to_csv(data / "month_b.csv", index=False)
    a = run_pipeline(data / "month_a.csv", a_dir, config, project_dir=ROOT)
    b = run_pipeline(data / "month_b.csv", b_dir, config, previous=a, mode="assign",
                     project_dir=ROOT)
    return a, b


def _review(group: pd.DataFrame, rng: np.random.Generator, old: Review | None) -> Review:
    ids = draw_review_sample(group[["ticket_id", "language"]], 10, int(rng.integers(2**31)))
    row = group.set_index("ticket_id")
    judged = {}
    for t in ids:
        kind = row.at[t, "demand_type"] if row.at[t, "demand_type"] in ("failure", "value") \
            else "other"
        process = row.at[t, "failing_process"]
        judged[t] = {"demand_type": kind, **({"failing_process": process}
                                            if kind == "failure" and isinstance(process, str)
                                            else {})}
    sample = (tuple(old.sample) if old else ()) + tuple(ids)
    return Review(seed=None, sample=sample, judgements={**(old.judgements if old else {}),
                                                       **judged})


def labels_for(a: Run, b: Run, rng: np.random.Generator) -> dict[str, ThemeLabel]:
    gold = pd.read_csv(SAMPLE / "gold.csv", dtype=str).rename(columns={"id": "ticket_id"})
    ga = a.tickets[["ticket_id", "theme_key", "language"]].merge(gold, on="ticket_id")
    ga = ga.dropna(subset=["theme_key"])
    largest = set(ga.groupby("theme_key").size().nlargest(15).index)
    labels = {}
    for key, group in ga.groupby("theme_key"):
        reason = group["reason"].mode().iloc[0]
        row = group[group["reason"] == reason].iloc[0]
        kind = row["demand_type"] if row["demand_type"] in ("failure", "value") else "unclear"
        cause, ftype = ROOT_CAUSES.get(reason, ("", None)) if kind == "failure" else ("", None)
        process = row["failing_process"] if kind == "failure" else None
        labels[str(key)] = ThemeLabel(
            name=reason.replace("_", " ").capitalize(), demand_type=kind,
            failing_process=process if isinstance(process, str) else None, failure_type=ftype,
            root_cause=cause, labelled_by="demo",
            review=_review(group, rng, None) if key in largest else None)
    carried, _ = carry_labels(b.mapping, labels)
    gb = b.tickets[["ticket_id", "theme_key", "language"]].merge(gold, on="ticket_id")
    gb = gb.dropna(subset=["theme_key"])
    for key in gb.groupby("theme_key").size().nlargest(15).index:
        if key in carried:
            group = gb[gb["theme_key"] == key]
            carried[key] = dataclasses.replace(
                carried[key], review=_review(group, rng, carried[key].review))
    return carried


def screenshot(html: Path, png: Path) -> None:
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []

    def route(r):  # noqa: ANN001 - playwright Route
        if r.request.url.startswith(("file:", "data:", "blob:", "about:")):
            return r.continue_()
        blocked.append(r.request.url)
        return r.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu"])
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route("**/*", route)
            page = context.new_page()
            page.goto(html.resolve().as_uri())
            n = page.evaluate("document.querySelectorAll('.vega-chart').length")
            page.wait_for_function(
                f"document.querySelectorAll('.vega-chart svg.marks').length === {n}",
                timeout=180_000)
            page.screenshot(path=str(png))
        finally:
            browser.close()
    if blocked:
        raise RuntimeError(f"The report asked the network for {blocked}")
    log.info("%d charts rendered offline; wrote %s", n, png)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--png", type=Path, default=ROOT / "docs" / "images" / "report.png")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    a, b = runs(PipelineConfig())
    labels = labels_for(a, b, np.random.default_rng(1))
    config = dataclasses.replace(b.config, quantify=QuantifyConfig(
        cost_per_contact={"email": 6.5, "phone": 9.0, "chat": 5.0, "*": 6.0}))
    html = html_report(b, labels, ROOT / "runs" / "demo-b" / "report.html", config=config,
                       previous=a)
    screenshot(html, args.png)


if __name__ == "__main__":
    main()
