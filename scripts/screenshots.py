"""Make the README's screenshots from the real tool (not drawn).

    python scripts/screenshots.py [--run runs/demo]

Uses the demo run (made by ``make demo``; made here if missing), labels its largest themes the
way the benchmarks simulate a careful analyst (gold majority reason of the synthetic sample,
10 reviewed tickets per theme), then writes to ``docs/images/``:

* ``themes_map.png`` — the interactive theme map, rendered by vl-convert;
* ``label_widget.png`` — the labelling workbench in JupyterLab at 1366×768, in headless
  Chromium with every request to another host than 127.0.0.1 blocked;

The report's screenshot (``report.png``, a re-run against the previous month) is made by
``python scripts/report_demo.py``.

and rewrites the README's keyboard table from ``demandlens.app.widget.KEYS``
(``--keys-only`` does just that, no browser).

Needs Chromium (``apt-get install chromium``) and the dev install (``make install-dev``).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

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


def write_keys_table(readme: Path = ROOT / "README.md") -> None:
    """Put the workbench's keyboard table (from ``KEYS``) between the README's markers."""
    from demandlens.app.widget import keys_markdown

    text = readme.read_text(encoding="utf-8")
    new = re.sub(r"<!-- keys:start -->.*?<!-- keys:end -->",
                 lambda _: f"<!-- keys:start -->\n{keys_markdown()}\n<!-- keys:end -->", text, flags=re.S)
    readme.write_text(new, encoding="utf-8")


def widget_screenshot(run_dir: Path, labels_path: Path, target: Path) -> None:
    """The workbench on the demo run in JupyterLab at 1366×768, network blocked."""
    sys.path.insert(0, str(ROOT / "tests"))
    import _lab

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _lab.write_notebook(folder / "label.ipynb", [
            "import demandlens as dl\n"
            f"dl.label(dl.Run.open({str(run_dir)!r}), {str(labels_path)!r})"
        ])
        lab = _lab.Lab(folder).start()
        try:
            with _lab.browser((1366, 768)) as (ctx, blocked):
                page = ctx.new_page()
                with _lab.step(page, "screenshot-workbench"):
                    _lab.open_notebook(page, lab, "label.ipynb")
                    _lab.run_all(page, ".dlw[data-ready='1'] .dlw-row")
                    _lab.wait_idle(page)
                    page.locator(".dlw-list-count").click()
                    page.keyboard.press("j")  # a labelled, reviewed theme with its chart
                    page.wait_for_selector(".dlw-chart svg", timeout=120_000)
                    page.evaluate("document.querySelector('.dlw').scrollIntoView({block: 'start'})")
                    time.sleep(1)
                    page.screenshot(path=str(target))
                if blocked:
                    raise RuntimeError(f"the workbench asked other hosts: {blocked[:3]}")
        finally:
            lab.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", default=str(ROOT / "runs" / "demo"))
    parser.add_argument("--keys-only", action="store_true", help="only rewrite the README's key table")
    args = parser.parse_args()
    write_keys_table()
    if args.keys_only:
        return
    run_dir = Path(args.run)
    if not (run_dir / "manifest.json").exists():
        dl.run_pipeline(ROOT / "data" / "sample" / "tickets.csv", run_dir, project_dir=ROOT)
    run = dl.Run.open(run_dir)
    IMAGES.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="demandlens-shots-"))
    labels_path = work / "labels.yaml"
    simulated_labels(run, labels_path)  # written to labels_path for the workbench

    dl.charts.save_chart(dl.theme_map(run), IMAGES / "themes_map", formats=("png",))
    widget_screenshot(run_dir.resolve(), labels_path, IMAGES / "label_widget.png")
    for name in ("themes_map.png", "label_widget.png"):
        print(IMAGES / name)


if __name__ == "__main__":
    main()
