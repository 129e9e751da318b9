"""Run All in 02 and 04 of a fresh project in real JupyterLab with the network blocked.

Uses the project the papermill fixture made (`demandlens init` + one export, Run All 01–05),
so 02 reopens its run instead of building it again. Every request to a host other than
127.0.0.1 is aborted and counted; dialogs are dismissed; the Run menu is retried while no cell
has started; a screenshot is saved to ``test-artifacts/`` when a step fails.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']"
#: Charts each notebook draws (the map in 02; the Pareto and weekly trend in 04).
CHARTS = {"02_themes": 1, "04_quantify_export": 2}
#: Output areas that show a failure: a traceback, or a JavaScript/renderer error.
ERRORS_JS = """() => Array.from(document.querySelectorAll('.jp-OutputArea-output'))
  .map(o => o.innerText)
  .filter(t => /Traceback|Error:|Javascript Error|Could not render/.test(t))"""


def _need_browser() -> None:
    missing = None
    if not Path(CHROMIUM).exists():
        missing = "Debian chromium is not installed (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = "python playwright is not installed (pip install playwright)"
    if missing and os.environ.get("CI"):
        pytest.fail(f"{missing}; the browser test must run in CI.")
    if missing:
        pytest.skip(missing)


def _start_lab(root: Path, port: int, token: str) -> subprocess.Popen:
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(root / ".jupyter"), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
         f"--ServerApp.token={token}", "--ServerApp.ip=127.0.0.1", "--allow-root",
         f"--ServerApp.root_dir={root}", "--LabApp.news_url=",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        cwd=root, env=env, stdout=(root / "lab.log").open("wb"), stderr=subprocess.STDOUT)
    deadline = time.time() + 300  # a loaded 2-core machine can take minutes to import it
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2)
            return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.5)
    proc.terminate()
    pytest.fail("JupyterLab did not start:\n" + (root / "lab.log").read_text()[-3000:])


def _dismiss(page) -> None:  # noqa: ANN001 - playwright Page
    for button in page.locator(".jp-Dialog .jp-mod-accept").all():
        with contextlib.suppress(Exception):
            button.click(timeout=2000)
    for button in page.locator(".jp-toast-button", has_text="No").all():
        with contextlib.suppress(Exception):
            button.click(timeout=1000)


def _code_cells(path: Path) -> int:
    import nbformat

    return sum(c.cell_type == "code" for c in nbformat.read(path, as_version=4).cells)


def _run_all_and_wait(page, notebook: Path, timeout: float = 600) -> None:  # noqa: ANN001
    """Wait until the notebook is rendered and its kernel idle, Run All through the menu
    (clicked again while no cell has started: the menu can be ignored while the kernel
    connects), then wait until every code cell has its number and the kernel is idle."""
    name, n_code = notebook.stem, _code_cells(notebook)
    deadline = time.time() + timeout

    def code_prompts() -> list[str]:
        return [p.strip() for p in page.eval_on_selector_all(
            ".jp-Notebook .jp-CodeCell .jp-InputPrompt", "ps => ps.map(p => p.textContent)")]

    while len(code_prompts()) < n_code or not page.locator(IDLE).count():
        _dismiss(page)
        if time.time() > deadline:
            raise TimeoutError(f"{name}: never rendered with an idle kernel")
        time.sleep(1)
    started = False
    while not started:
        _dismiss(page)
        with contextlib.suppress(Exception):
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click(timeout=5000)
            page.get_by_text("Run All Cells", exact=True).click(timeout=5000)
        for _ in range(40):
            if any(re.search(r"\[(\*|\d+)\]", p) for p in code_prompts()):
                started = True
                break
            time.sleep(0.5)
        if time.time() > deadline:
            raise TimeoutError(f"{name}: Run All Cells never started a cell")
    while time.time() < deadline:
        _dismiss(page)
        prompts = code_prompts()
        if all(re.fullmatch(r"\[\d+\]:", p) for p in prompts) and page.locator(IDLE).count():
            return
        time.sleep(1)
    raise TimeoutError(f"{name}: not every cell finished: {code_prompts()}")


def test_run_all_in_02_and_04_offline_shows_no_error(fresh_project, month_one):
    _need_browser()
    from playwright.sync_api import sync_playwright

    root = fresh_project
    port = _free_port()
    token = secrets.token_hex(16)
    proc = _start_lab(root, port, token)
    ARTIFACTS.mkdir(exist_ok=True)
    blocked: list[str] = []

    def route(r):  # noqa: ANN001 - playwright Route
        url = r.request.url
        if urlparse(url).hostname != "127.0.0.1" and not url.startswith(("data:", "blob:")):
            blocked.append(url)
            return r.abort()
        return r.continue_()

    runs_before = sorted(p.name for p in (root / "runs").iterdir())
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                context.route("**/*", route)
                for name in ("02_themes", "04_quantify_export"):
                    page = context.new_page()  # a page per notebook: no "leave page?" prompt
                    page.on("dialog", lambda d: d.accept())
                    try:
                        page.goto(f"http://127.0.0.1:{port}/lab/tree/notebooks/{name}.ipynb"
                                  f"?reset&token={token}")
                        _run_all_and_wait(page, root / "notebooks" / f"{name}.ipynb")
                        charts = ".jp-OutputArea-output .vega-embed :is(svg, canvas)"
                        page.wait_for_selector(charts, state="attached", timeout=120_000)
                        errors = page.evaluate(ERRORS_JS)
                        assert errors == [], f"{name} shows errors: {errors}"
                        drawn = page.locator(charts).count()
                        assert drawn >= CHARTS[name], f"{name}: {drawn} charts drawn offline"
                        page.screenshot(path=str(ARTIFACTS / f"notebook_{name}.png"))
                        if name == "02_themes":
                            text = page.locator(".jp-Notebook").inner_text()
                            assert "Reused runs/" in text  # Run All again rebuilds nothing
                    except Exception:
                        page.screenshot(path=str(ARTIFACTS / f"notebook_{name}_failure.png"),
                                        full_page=True)
                        raise
                    finally:
                        page.close(run_before_unload=False)
            finally:
                browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    print(f"\n{len(blocked)} request(s) to other hosts blocked: "
          f"{sorted({urlparse(u).hostname for u in blocked})}")
    assert sorted(p.name for p in (root / "runs").iterdir()) == runs_before
    assert all((d / "report.html").exists() for d in (root / "reports").iterdir())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
