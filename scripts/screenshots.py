"""Make the README's screenshots from the real tool (not drawn).

    python scripts/screenshots.py [--run runs/demo]

Uses the demo run (made by ``make demo``; made here if missing), labels its largest themes the
way the benchmarks simulate a careful analyst (gold majority reason of the synthetic sample,
10 reviewed tickets per theme), then writes to ``docs/images/``:

* ``themes_map.png`` — the interactive theme map, rendered by vl-convert;
* ``label_widget.png`` — the labelling workbench in JupyterLab, in headless Chromium;
* ``report.png`` — the HTML report, in headless Chromium.

Needs Chromium (``apt-get install chromium``) and the dev install (``make install-dev``).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
import pandas as pd

import demandlens as dl
from demandlens.labels.edits import (
    LabelStore,
    draw_review_sample,
    record_judgement,
    review_seed,
    set_label,
    start_review,
)

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def simulated_labels(run: dl.Run, path: Path, coverage: float = 0.8) -> dict:
    """Label the largest themes covering ``coverage`` of tickets from the sample's gold."""
    gold = pd.read_csv(ROOT / "data" / "sample" / "gold.csv", dtype=str).set_index("id")
    tickets = run.tickets.join(gold, on="ticket_id")
    labels: dict = {}
    covered = 0
    for theme in run.themes.sort_values("size", ascending=False).itertuples():
        if covered >= coverage * len(run.tickets):
            break
        members = tickets[tickets["theme_key"] == theme.theme_key]
        top = members["reason"].mode().iloc[0]
        first = members[members["reason"] == top].iloc[0]
        demand = first["demand_type"] if first["demand_type"] in ("failure", "value") else "unclear"
        process = first["failing_process"] if isinstance(first["failing_process"], str) else None
        labels = set_label(labels, theme.theme_key, name=top.replace("_", " "),
                           demand_type=demand, failing_process=process, by="demo")
        seed = review_seed(run.config.seed, theme.theme_key)
        sample = draw_review_sample(members, 10, seed=seed)
        labels = start_review(labels, theme.theme_key, sample, seed)
        for tid in sample:
            row = members.set_index("ticket_id").loc[tid]
            judged = row["demand_type"] if row["demand_type"] in ("failure", "value") else "other"
            labels = record_judgement(labels, theme.theme_key, tid, judged)
        covered += theme.size
    LabelStore(path).save(labels)
    return labels


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def widget_screenshot(run_dir: Path, labels_path: Path, target: Path, browser) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        nb.cells = [nbformat.v4.new_code_cell(
            "import demandlens as dl\n"
            f"dl.label(dl.Run.open({str(run_dir)!r}), {str(labels_path)!r})"
        )]
        nbformat.write(nb, folder / "label.ipynb")
        port, token = _free_port(), secrets.token_hex(16)
        env = {**os.environ, "JUPYTER_CONFIG_DIR": str(folder / ".jupyter")}
        lab = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
             f"--ServerApp.token={token}", "--ServerApp.ip=127.0.0.1", "--allow-root",
             f"--ServerApp.root_dir={folder}", "--LabApp.news_url=",
             "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
            cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(120):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}")
                    break
                except OSError:
                    time.sleep(0.5)
            page = browser.new_page(viewport={"width": 1500, "height": 1250})
            page.goto(f"http://127.0.0.1:{port}/lab/tree/label.ipynb?token={token}")
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                                   timeout=120_000)
            for _attempt in range(3):
                for button in page.locator(".jp-Dialog .jp-mod-accept").all():
                    button.click()  # e.g. a kernel or notification dialog
                page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
                page.get_by_text("Run All Cells", exact=True).click()
                time.sleep(5)
                if page.locator(".dl-keys input").count():
                    break
            page.locator(".dl-keys input").wait_for(timeout=180_000)
            time.sleep(8)  # let the weekly chart render
            page.screenshot(path=str(target), full_page=True)
        finally:
            lab.terminate()
            lab.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", default=str(ROOT / "runs" / "demo"))
    args = parser.parse_args()
    run_dir = Path(args.run)
    if not (run_dir / "manifest.json").exists():
        dl.run_pipeline(ROOT / "data" / "sample" / "tickets.csv", run_dir, project_dir=ROOT)
    run = dl.Run.open(run_dir)
    IMAGES.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="demandlens-shots-"))
    labels_path = work / "labels.yaml"
    labels = simulated_labels(run, labels_path)

    dl.charts.save_chart(dl.theme_map(run), IMAGES / "themes_map", formats=("png",))
    report = dl.html_report(run, labels, work / "report.html")

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1300, "height": 1600})
        page.goto(report.resolve().as_uri())
        page.wait_for_selector(".vega-embed svg, .vega-embed canvas", timeout=60_000)
        time.sleep(2)
        page.screenshot(path=str(IMAGES / "report.png"), full_page=False)
        widget_screenshot(run_dir.resolve(), labels_path, IMAGES / "label_widget.png", browser)
        browser.close()
    for name in ("themes_map.png", "label_widget.png", "report.png"):
        print(IMAGES / name)


if __name__ == "__main__":
    main()
