"""The labelling workbench in real JupyterLab + headless Chromium, network blocked (issue 17).

One JupyterLab server for the module; every request to a host other than 127.0.0.1 is aborted
and counted. Test 1 labels three themes with the keyboard alone and checks that no key reached
JupyterLab, the 1366×768 layout, and an altair chart rendered offline; test 2 merges, splits,
undoes the split, restarts the kernel and reopens.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest
import yaml

import _lab
from _label_fixtures import tiny_run

pytestmark = [pytest.mark.slow, pytest.mark.browser]

OPEN = ("from demandlens.app.widget import label\nfrom demandlens.run import Run\n"
        "import numpy as np\nrun = Run.open('run')\n")
READY = ".dlw[data-ready='1'] .dlw-row"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    missing = _lab.browser_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing}; the browser tests must run in CI.")
        pytest.skip(missing)
    folder = tmp_path_factory.mktemp("workbench-lab")
    run = tiny_run()
    run.save(folder / "run")
    np.save(folder / "emb.npy", run.embeddings)  # the tiny run's vectors, for split
    _lab.write_notebook(folder / "label.ipynb", [
        "# md # Label themes",
        OPEN + "wb = label(run, 'labels.yaml')\nwb",
        "import demandlens as dl\ndl.charts.pareto(run, wb.labels)",
    ])
    _lab.write_notebook(folder / "edits.ipynb", [
        OPEN + "run.embeddings = np.load('emb.npy')  # ticket rows keep their order in the folder\n"
        "wb = label(run, 'edit-labels.yaml')\nwb",
    ])
    server = _lab.Lab(folder).start()
    try:
        with _lab.browser((1366, 768)) as (ctx, blocked):
            yield folder, server, ctx, blocked
    finally:
        server.stop()


def _themes(path: Path) -> dict:
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("themes", {}) if path.exists() else {}


def _wait_file(path: Path, check, what: str, timeout: float = 30) -> dict:
    deadline, last = time.time() + timeout, None
    while time.time() < deadline:
        last = _themes(path)
        if check(last):
            return last
        time.sleep(0.2)
    raise AssertionError(f"{path.name} never held {what}; last seen: {last}")


def _status(page, text: str, timeout: float = 30_000) -> None:
    page.wait_for_function("t => document.querySelector('.dlw-status')?.textContent.includes(t)",
                           arg=text, timeout=timeout)


def _key(page, *keys: str, wait: str | None = None) -> None:
    for k in keys:
        page.keyboard.press(k)
    if wait:
        _status(page, wait)


def test_label_three_themes_with_the_keyboard_alone(lab):
    folder, server, ctx, blocked = lab
    page = ctx.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if "Error loading script" in m.text else None)
    labels = folder / "labels.yaml"
    with _lab.step(page, "workbench-keyboard"):
        _lab.open_notebook(page, server, "label.ipynb")
        _lab.run_all(page, READY)
        _lab.wait_idle(page)
        page.locator(".jp-Cell").last.scroll_into_view_if_needed()  # the notebook draws cells in view
        page.wait_for_selector(".vega-embed svg, .vega-embed canvas", state="attached", timeout=120_000)
        cells_before = _lab.cell_types(page)
        page.locator(".dlw-list-count").click()  # focus the workbench, not a field
        # theme 1 (largest first): name, failure, process by type-ahead, root cause, review
        _key(page, "e")
        page.keyboard.type("Parcel late")
        _key(page, "Enter", wait="Name of th-aaa111")
        _key(page, "1", wait="Demand type of th-aaa111: failure")
        _key(page, "p")
        page.keyboard.type("lev")  # Swedish "leverans" → Delivery
        _key(page, "Enter", wait="Failing process of th-aaa111: delivery")
        _key(page, "c")
        page.keyboard.type("Carrier misses the promised slot")
        _key(page, "Escape", wait="Root cause of th-aaa111")
        _key(page, "r", wait="Drew 10 tickets")
        _key(page, "f", wait="as failure")
        _key(page, "v", wait="as value")
        _key(page, "u", wait="Undone: judged")
        # theme 2 and 3
        _key(page, "j")
        page.wait_for_selector(".dlw-head-key:text('th-bbb222')")
        _key(page, "e")
        page.keyboard.type("Charged twice")
        _key(page, "Enter", wait="Name of th-bbb222")
        _key(page, "1", wait="Demand type of th-bbb222")
        _key(page, "p")
        page.keyboard.type("fakt")  # "faktura" → Billing and payment
        _key(page, "Enter", wait="Failing process of th-bbb222: billing_payment")
        _key(page, "j")
        page.wait_for_selector(".dlw-middle:not(.dlw-loading) .dlw-head-key:text('th-ccc333')")
        _key(page, "e")
        page.keyboard.type("Opening hours")
        _key(page, "Enter", wait="Name of th-ccc333")
        _key(page, "2", wait="Demand type of th-ccc333: value")
        _status(page, "3 of 3 themes labelled")
        assert _lab.cell_types(page) == cells_before == ["Markdown", "Code", "Code"]
    saved = _wait_file(labels, lambda t: len(t) == 3, "three labels")
    a, b, c = saved["th-aaa111"], saved["th-bbb222"], saved["th-ccc333"]
    assert (a["name"], a["demand_type"], a["failing_process"]) == ("Parcel late", "failure", "delivery")
    assert a["root_cause"] == "Carrier misses the promised slot"
    judged = a["review"]["judgements"]
    assert len(a["review"]["sample"]) == 10 and [j["demand_type"] for j in judged.values()] == ["failure"]
    assert (b["name"], b["demand_type"], b["failing_process"]) == ("Charged twice", "failure", "billing_payment")
    assert (c["name"], c["demand_type"]) == ("Opening hours", "value")

    # 1366×768: theme list and form inside the viewport, on screen together
    page.locator(".dlw").scroll_into_view_if_needed()
    page.evaluate("document.querySelector('.dlw').scrollIntoView({block: 'start'})")
    time.sleep(0.5)
    for sel in (".dlw-list", ".dlw-form", ".dlw-review h3", ".dlw-middle .dlw-head"):
        box = page.locator(sel).first.bounding_box()
        assert box and box["x"] >= 0 and box["y"] >= 0, sel
        assert box["x"] + box["width"] <= 1366 and box["y"] + min(box["height"], 200) <= 768, (sel, box)
    _lab.ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(_lab.ARTIFACTS / "workbench_1366x768.png"))
    assert blocked == [], f"requests to other hosts: {blocked[:5]}"
    assert not errors and "Error loading script" not in page.locator("body").inner_text()
    page.close()


def test_merge_split_undo_survive_a_kernel_restart(lab):
    folder, server, ctx, blocked = lab
    page = ctx.new_page()
    with _lab.step(page, "workbench-edits"):
        _lab.open_notebook(page, server, "edits.ipynb")
        _lab.run_all(page, READY)
        _lab.wait_idle(page)
        page.locator(".dlw-row[data-key='th-ccc333']").click()
        page.wait_for_selector(".dlw-middle:not(.dlw-loading) .dlw-head-key:text('th-ccc333')")
        page.locator(".dlw-merge-with").select_option("th-bbb222")
        page.locator("button.dlw-merge").click()
        _status(page, "Merged th-ccc333 into th-bbb222", timeout=240_000)  # describe loads spaCy
        page.locator(".dlw-row[data-key='th-aaa111']").click()
        page.wait_for_selector(".dlw-middle:not(.dlw-loading) .dlw-head-key:text('th-aaa111')")
        page.locator(".dlw-split-n").fill("2")
        page.locator("button.dlw-split").click()
        preview = page.locator(".dlw-split-preview li")
        preview.first.wait_for(timeout=240_000)
        assert preview.count() == 2
        page.locator("button.dlw-split-accept").click()
        _status(page, "Split th-aaa111 into 2 parts", timeout=120_000)
        ops = _operations(folder)
        assert [o["op"] for o in ops] == ["merge", "split"]
        page.locator(".dlw-list-count").click()
        page.keyboard.press("u")
        _status(page, "Undone: split th-aaa111", timeout=120_000)
        assert [o["op"] for o in _operations(folder)] == ["merge"]
        _lab.restart_kernel(page)
        _lab.run_all(page, READY)
        _lab.wait_idle(page)
        keys = page.eval_on_selector_all(".dlw-row", "rs => rs.map(r => r.dataset.key)")
        assert sorted(keys) == ["th-aaa111", "th-bbb222"]
        merged = page.locator(".dlw-row[data-key='th-bbb222'] .dlw-b-merged")
        assert merged.count() == 1 and page.locator(".dlw-b-split").count() == 0
    from demandlens.run import Run

    reopened = Run.open(folder / "run")
    assert sorted(reopened.themes["theme_key"]) == ["th-aaa111", "th-bbb222"]
    assert int(reopened.themes.set_index("theme_key").at["th-bbb222", "size"]) == 10
    assert blocked == []
    page.close()


def _operations(folder: Path) -> list[dict]:
    import json

    return json.loads((folder / "run" / "operations.json").read_text(encoding="utf-8"))
