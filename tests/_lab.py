"""JupyterLab in headless Chromium for the browser tests, the workbench benchmark and the
README screenshots, robust on a loaded 2-core machine.

* one JupyterLab server per test module (:class:`Lab`), stopped in ``finally``;
* every request to a host other than 127.0.0.1 is aborted and counted (:func:`new_page`);
* waits for the kernel's idle status, dismisses any dialog (kernel picker, news), retries the
  Run menu, and saves a screenshot under ``test-artifacts/`` when a step fails (:func:`step`).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import nbformat

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']"
CELL_TYPES_JS = ("Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell'))"
                 ".map(c => (c.className.match(/jp-(Code|Markdown|Raw)Cell/) || [0, '?'])[1])")


def browser_missing() -> str | None:
    """Why the browser tests cannot run here (None when they can)."""
    if not Path(CHROMIUM).exists():
        return "Debian chromium is not installed (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "python playwright is not installed (pip install playwright)"
    return None


def write_notebook(path: Path, cells: list[str]) -> Path:
    """A notebook of code cells (strings starting with ``# md`` become markdown cells)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell(c[4:]) if c.startswith("# md") else nbformat.v4.new_code_cell(c)
                for c in cells]
    nbformat.write(nb, path)
    return path


class Lab:
    """A JupyterLab server on a free port of 127.0.0.1, rooted at ``folder``."""

    def __init__(self, folder: Path, env: dict[str, str] | None = None) -> None:
        self.folder, self.token = Path(folder), secrets.token_hex(16)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.env = {**os.environ, "JUPYTER_CONFIG_DIR": str(self.folder / ".jupyter"),
                    "PYTHONUNBUFFERED": "1", **(env or {})}
        self.proc: subprocess.Popen | None = None

    def url(self, notebook: str) -> str:
        return f"http://127.0.0.1:{self.port}/lab/tree/{notebook}?reset&token={self.token}"

    def start(self, timeout: float = 120) -> Lab:
        log = (self.folder / "lab.log").open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={self.port}",
             f"--ServerApp.token={self.token}", "--ServerApp.ip=127.0.0.1", "--allow-root",
             f"--ServerApp.root_dir={self.folder}", "--LabApp.news_url=",
             "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
            cwd=self.folder, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/status?token={self.token}", timeout=2)
                return self
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.5)
        self.stop()
        raise RuntimeError("JupyterLab did not start:\n" + (self.folder / "lab.log").read_text()[-3000:])

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@contextlib.contextmanager
def browser(viewport: tuple[int, int] = (1366, 768)) -> Iterator[tuple[object, list[str]]]:
    """A Chromium context that aborts and counts every request to a host other than 127.0.0.1."""
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []

    def route(r):  # noqa: ANN001 - playwright Route
        if urlparse(r.request.url).hostname not in ("127.0.0.1",) and not r.request.url.startswith(("data:", "blob:")):
            blocked.append(r.request.url)
            return r.abort()
        return r.continue_()

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            ctx = b.new_context(viewport={"width": viewport[0], "height": viewport[1]})
            ctx.route("**/*", route)
            yield ctx, blocked
        finally:
            b.close()


def dismiss_dialogs(page) -> int:  # noqa: ANN001
    """Accept every JupyterLab dialog (kernel picker, …) and close the news toast."""
    n = 0
    for button in page.locator(".jp-Dialog .jp-mod-accept").all():
        with contextlib.suppress(Exception):
            button.click(timeout=2000)
            n += 1
    for button in page.locator(".jp-toast-button", has_text="No").all():
        with contextlib.suppress(Exception):
            button.click(timeout=1000)
    return n


def open_notebook(page, lab: Lab, name: str, timeout: float = 180) -> None:  # noqa: ANN001
    page.goto(lab.url(name))
    wait_idle(page, timeout)


def wait_idle(page, timeout: float = 180) -> None:  # noqa: ANN001
    """Wait for the kernel's idle status, dismissing dialogs on the way."""
    deadline = time.time() + timeout
    while True:
        dismiss_dialogs(page)
        try:
            page.wait_for_selector(IDLE, timeout=3000)
            return
        except Exception:
            if time.time() > deadline:
                raise


def _prompts(page) -> list[str]:  # noqa: ANN001
    return page.eval_on_selector_all(".jp-Notebook .jp-InputPrompt", "ps => ps.map(p => p.textContent)")


def run_all(page, done_selector: str, timeout: float = 300) -> None:  # noqa: ANN001
    """Run all cells through the menu until ``done_selector`` shows (visible).

    The click is retried while no cell started (the menu may be ignored while the kernel
    connects). On a loaded machine a widget can also stay at "Loading widget..." when its
    model reached the page before the widget manager was ready; then, once the kernel is idle,
    the cells are run once more, and the third time after reloading the page (the test
    notebooks only open views, so running them again is safe).
    """
    deadline = time.time() + timeout
    page.wait_for_selector(".jp-Notebook .jp-InputPrompt", timeout=timeout * 1000)
    for attempt in range(3):
        before = _prompts(page)
        started = False
        while not started:
            dismiss_dialogs(page)
            with contextlib.suppress(Exception):
                page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click(timeout=5000)
                page.get_by_text("Run All Cells", exact=True).click(timeout=5000)
            for _ in range(20):
                dismiss_dialogs(page)
                now = _prompts(page)
                if any("*" in p for p in now) or (len(now) == len(before) and now != before):
                    started = True
                    break
                time.sleep(0.5)
            if time.time() > deadline:
                raise TimeoutError("Run All Cells never started a cell")
        wait = max(1.0, min(deadline - time.time(), 120 if attempt < 2 else deadline - time.time()))
        try:
            page.locator(f"{done_selector} >> visible=true").first.wait_for(timeout=wait * 1000)
            return
        except Exception:
            if time.time() > deadline or attempt == 2:
                raise
            if attempt == 1:  # still "Loading widget...": a fresh page gets a fresh widget manager
                reload(page)
            wait_idle(page)


def reload(page) -> None:  # noqa: ANN001
    """Reload the page, accepting the leave-page prompt (dismissing it cancels the reload)."""
    page.once("dialog", lambda d: d.accept())
    with contextlib.suppress(Exception):
        page.reload(timeout=60_000)
    page.wait_for_selector(".jp-Notebook .jp-InputPrompt", timeout=120_000)


def restart_kernel(page) -> None:  # noqa: ANN001
    """Kernel → Restart Kernel (confirming the dialog), then wait for idle."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").first.click()
    page.get_by_text("Restart Kernel…", exact=True).click()
    page.locator(".jp-Dialog .jp-mod-accept").click(timeout=20_000)
    time.sleep(1)
    wait_idle(page)


@contextlib.contextmanager
def step(page, name: str) -> Iterator[None]:  # noqa: ANN001
    """Save ``test-artifacts/<name>-failure.png`` if the block fails."""
    try:
        yield
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        with contextlib.suppress(Exception):
            page.screenshot(path=str(ARTIFACTS / f"{name}-failure.png"), full_page=True)
        raise


def cell_types(page) -> list[str]:  # noqa: ANN001
    return page.evaluate(CELL_TYPES_JS)
