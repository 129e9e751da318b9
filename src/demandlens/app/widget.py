"""The labelling workbench: a thin ipywidgets view over :mod:`demandlens.labels.edits`.

Open it from a notebook with one call::

    from demandlens.app.widget import label
    wb = label(run, labels_path="labels.yaml")
    wb

Every change is saved at once (atomic write, rolling backup, conflict detection) through the
pure functions in :mod:`demandlens.labels.edits`. Keyboard: click the *Keys* box, then
``j``/``k`` next/previous theme, ``1``/``2``/``3`` failure/value/unclear, ``r`` draw a review
sample, ``f``/``v``/``o`` judge the sampled ticket. Form fields are reachable with Tab; Enter
or Tab saves a text field; dropdowns take arrow keys and type-ahead.
"""

from __future__ import annotations

import getpass
import html
import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import ipywidgets as w
import pandas as pd

from ..errors import DemandLensError
from ..labels import edits as L
from ..labels.taxonomy import TaxonomyError, TaxonomyFile
from ..run import Run
from .widget_review import ReviewPanel
from .widget_views import option_label, theme_details_html, weekly_volume_svg

__all__ = ["label", "LabelWorkbench"]

log = logging.getLogger(__name__)
_NONE = ("—", "")
_CHARTS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="demandlens-chart")
KEY_HELP = "j/k next/prev · 1/2/3 failure/value/unclear · r sample · f/v/o judge"


def label(run: Run, labels_path: str | Path = "labels.yaml", taxonomy_path: str | Path | None = None,
          project_dir: str | Path = ".", theme_ops: ModuleType | None = None) -> LabelWorkbench:
    """Open the labelling workbench on ``run``; relative paths are under ``project_dir``."""
    base = Path(project_dir)
    labels_path = Path(labels_path)
    labels_path = labels_path if labels_path.is_absolute() else base / labels_path
    if taxonomy_path is not None:
        taxonomy_path = Path(taxonomy_path)
        taxonomy_path = taxonomy_path if taxonomy_path.is_absolute() else base / taxonomy_path
    return LabelWorkbench(run, labels_path, taxonomy_path, theme_ops=theme_ops)


class LabelWorkbench(w.VBox):
    """Theme list, theme details, label form, review sample and status line."""

    def __init__(self, run: Run, labels_path: str | Path, taxonomy_path: str | Path | None = None,
                 theme_ops: ModuleType | None = None, user: str | None = None) -> None:
        super().__init__()
        self.run, self.key, self.user = run, None, user or _user()
        self.taxfile = TaxonomyFile(taxonomy_path)
        self.store = L.LabelStore(labels_path, taxonomy=self.taxfile.current())
        self.labels = self.store.load()
        self.review_size = int(run.config.quantify.review_sample_size)
        self._theme_ops, self._loading, self._keys_seen, self._extra = theme_ops, False, "", 0
        self._message, self._saved_at, self._order, self._charts = "", None, [], {}
        self._build()
        self._resort(select=None)
        if self.store.warnings:
            self._message = "<br>".join(html.escape(m) for m in self.store.warnings)
            self._status()

    # -- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.key_box = w.Text(placeholder=KEY_HELP, description="Keys", layout=w.Layout(width="520px"))
        self.sort = w.ToggleButtons(options=[("Unlabelled first", "unlabelled"), ("By size", "size")])
        self.themes = w.Select(rows=16, layout=w.Layout(width="430px"))
        self.prev = w.Button(description="◀ Previous (k)")
        self.next = w.Button(description="Next (j) ▶")
        self.merge_with = w.Dropdown(description="Merge with", layout=w.Layout(width="330px"))
        self.merge = w.Button(description="Merge")
        self.split = w.Button(description="Split theme")
        self.details, self.chart = w.HTML(), w.HTML()
        self.more = w.Button(description="Show more tickets")
        self.name = w.Text(description="Theme name", continuous_update=False, layout=w.Layout(width="480px"))
        self.demand = w.ToggleButtons(description="Demand", options=[("not set", ""), ("Failure (1)", "failure"),
                                                                      ("Value (2)", "value"), ("Unclear (3)", "unclear")])
        self.process = w.Dropdown(description="Process")
        self.sub_process = w.Dropdown(description="Sub-process")
        self.failure_type = w.Dropdown(description="Failure type")
        self.root_cause = w.Textarea(description="Root cause", continuous_update=False, layout=w.Layout(width="480px"))
        self.notes = w.Textarea(description="Notes", continuous_update=False, layout=w.Layout(width="480px"))
        self.reload = w.Button(description="Reload labels")
        self.status = w.HTML()
        self.review = ReviewPanel(self)
        for widget, cls in ((self.key_box, "dl-keys"), (self.themes, "dl-themes"), (self.name, "dl-name"),
                            (self.demand, "dl-demand"), (self.process, "dl-process"),
                            (self.sub_process, "dl-sub-process"), (self.failure_type, "dl-failure-type"),
                            (self.status, "dl-status"), (self.next, "dl-next"), (self.prev, "dl-prev")):
            widget.add_class(cls)
        self.key_box.observe(self._on_keys, "value")
        self.sort.observe(lambda _: self._resort(select=self.key), "value")
        self.themes.observe(self._on_select, "value")
        self.prev.on_click(lambda _: self.step(-1))
        self.next.on_click(lambda _: self.step(1))
        self.more.on_click(lambda _: self._show_more())
        self.merge.on_click(lambda _: self.merge_current(self.merge_with.value))
        self.split.on_click(lambda _: self.split_current())
        self.reload.on_click(lambda _: self.reload_labels())
        for field, widget in (("name", self.name), ("demand_type", self.demand), ("failing_process", self.process),
                              ("sub_process", self.sub_process), ("failure_type", self.failure_type),
                              ("root_cause", self.root_cause), ("notes", self.notes)):
            widget.observe(lambda ch, f=field: self._on_field(f, ch["new"]), "value")
        for widget in (self.sort, self.themes, self.prev, self.next, self.more):
            widget.tabbable = False  # keyboard users move with j/k; Tab goes Keys -> form
        left = w.VBox([self.sort, self.themes, w.HBox([self.prev, self.next])])
        form = w.VBox([self.name, self.demand, self.process, self.sub_process, self.failure_type,
                       self.root_cause, self.notes])
        ops = w.HBox([self.merge_with, self.merge, self.split])
        right = w.VBox([self.details, self.more, self.chart, form, self.review.box, ops],
                       layout=w.Layout(width="560px"))
        self.children = [self.key_box, w.HBox([left, right]), w.HBox([self.status, self.reload])]

    # -- navigation ------------------------------------------------------------------------
    def _resort(self, select: str | None) -> None:
        th = self.run.themes
        done = th["theme_key"].map(lambda k: k in self.labels and self.labels[k].is_labelled)
        order = th.assign(_done=done.astype(bool), _size=-th["size"].astype(int))
        cols = ["_done", "_size", "theme_key"] if self.sort.value == "unlabelled" else ["_size", "theme_key"]
        self._order = order.sort_values(cols)["theme_key"].tolist()
        self._refresh_options(select or (self._order[0] if self._order else None))

    def _refresh_options(self, select: str | None) -> None:
        rows = self.run.themes.set_index("theme_key", drop=False)
        opts = [(option_label(rows.loc[k], self.labels.get(k)), k) for k in self._order]
        self._loading = True
        try:
            self.themes.options = opts
            self.merge_with.options = [_NONE] + [(t, k) for t, k in opts if k != select]
            self.themes.value = select
        finally:
            self._loading = False
        if select != self.key or select is None:
            self.show(select)
        self._status()

    def _on_select(self, change: dict[str, Any]) -> None:
        if not self._loading and change["new"] is not None:
            self._refresh_options(change["new"])

    def step(self, delta: int) -> None:
        """Move to the next (``delta=1``) or previous (``-1``) theme in the list."""
        if not self._order:
            return
        i = self._order.index(self.key) if self.key in self._order else -1
        self._refresh_options(self._order[max(0, min(len(self._order) - 1, i + delta))])

    def press(self, ch: str) -> bool:
        """Handle one key of the keyboard box; returns whether it did something."""
        actions = {"j": lambda: self.step(1), "k": lambda: self.step(-1), "r": self.draw_sample,
                   "1": lambda: self.set_field("demand_type", "failure"),
                   "2": lambda: self.set_field("demand_type", "value"),
                   "3": lambda: self.set_field("demand_type", "unclear"),
                   "f": lambda: self.judge("failure"), "v": lambda: self.judge("value"),
                   "o": lambda: self.judge("other")}
        if ch.lower() not in actions:
            return False
        actions[ch.lower()]()
        return True

    def _on_keys(self, change: dict[str, Any]) -> None:
        if self._loading:
            return
        new = change["new"] or ""
        typed = new[len(self._keys_seen):] if new.startswith(self._keys_seen) else new[-1:]
        self._keys_seen = new
        for ch in typed:
            self.press(ch)
        if len(new) > 30:
            self._keys_seen, self._loading = "", True
            self.key_box.value, self._loading = "", False

    # -- showing a theme -------------------------------------------------------------------
    def show(self, key: str | None) -> None:
        """Fill details, chart, form and review panel for theme ``key``."""
        self.key, self._extra = key, 0
        tax = self.taxfile.current()
        proc_opts = [_NONE] + [(p.name, p.id) for p in tax.processes]
        if key is None:
            self.details.value = "<i>No themes in this run.</i>"
            return
        lab = self.labels.get(key, L.ThemeLabel())
        self._loading = True
        try:
            self.process.options = _with_unknown(proc_opts, lab.failing_process)
            self.failure_type.options = _with_unknown(
                [_NONE] + [(f.name, f.id) for f in tax.failure_types], lab.failure_type)
            self._sub_options(lab.failing_process, lab.sub_process)
            self.name.value, self.demand.value = lab.name, lab.demand_type or ""
            self.process.value, self.failure_type.value = lab.failing_process or "", lab.failure_type or ""
            self.sub_process.value = lab.sub_process or ""
            self.root_cause.value, self.notes.value = lab.root_cause, lab.notes
        finally:
            self._loading = False
        self._render_details()
        self._chart(key)
        self.review.refresh(proc_opts)

    def _chart(self, key: str) -> None:
        """Render the weekly chart off the kernel's main thread (importing altair is slow)."""
        if key in self._charts and self._charts[key].done():
            self.chart.value = self._charts[key].result()
            return
        self.chart.value = "<i style='color:#888'>weekly chart loading…</i>"
        t = self.run.tickets
        created = t.loc[t["theme_key"] == key, "created_at"] if "created_at" in t else pd.Series([])
        future = self._charts.get(key) or _CHARTS.submit(weekly_volume_svg, created)
        self._charts[key] = future
        future.add_done_callback(lambda f: self.key == key and setattr(self.chart, "value", f.result()))

    def wait_for_chart(self, timeout: float | None = 120) -> str:
        """Block until the current theme's chart is rendered (for tests and scripts)."""
        self._charts[self.key].result(timeout)
        return self.chart.value

    def _sub_options(self, process: str | None, current: str | None) -> None:
        tax = self.taxfile.current()
        subs = tax.process(process).sub_processes if process in tax.process_ids else ()
        self.sub_process.options = _with_unknown([_NONE] + [(s.replace("_", " "), s) for s in subs], current)

    def ticket_text(self, ticket_id: str) -> tuple[str, str]:
        """(language, text) of a ticket of the run."""
        t = self.run.tickets
        row = t.loc[t["ticket_id"].astype(str) == str(ticket_id)]
        if row.empty:
            return "?", "(ticket not in this run)"
        r = row.iloc[0]
        return str(r.get("language", "?")), str(r.get("text", ""))

    def _render_details(self) -> None:
        row = self.run.theme(self.key)
        ids = [str(i) for i in (row.get("representative_ids") or [])]
        if self._extra:
            t = self.run.tickets
            members = sorted(t.loc[t["theme_key"] == self.key, "ticket_id"].astype(str))
            ids += [i for i in members if i not in ids][: self._extra]
        self.details.value = theme_details_html(row, [(i, *self.ticket_text(i)) for i in ids])

    def _show_more(self) -> None:
        self._extra += 5
        self._render_details()

    # -- editing ---------------------------------------------------------------------------
    def _on_field(self, field: str, value: Any) -> None:
        if not self._loading:
            self.set_field(field, value)

    def set_field(self, field: str, value: Any) -> None:
        """Set one label field of the current theme and save (errors go to the status line)."""
        if self.key is None:
            return
        try:
            self.labels = L.set_label(self.labels, self.key, taxonomy=self.taxfile.current(),
                                      by=self.user, **{field: value})
        except (ValueError, TaxonomyError) as exc:
            self._message = f"<span style='color:#b91c1c'>{html.escape(str(exc))}</span>"
            self._status()
            return
        if field == "failing_process":
            self._loading = True
            self._sub_options(value or None, None)
            self.sub_process.value = ""
            self._loading = False
        if field == "demand_type" and self.demand.value != (value or ""):
            self._loading = True
            self.demand.value = value or ""
            self._loading = False
        self._save()

    def _save(self, refresh: bool = True) -> None:
        try:
            self.labels = self.store.save(self.labels)
            self._saved_at, self._message = datetime.now().strftime("%H:%M:%S"), ""
        except L.LabelConflictError as exc:
            self._message = f"<span style='color:#b91c1c'>{html.escape(str(exc))}</span>"
        if not refresh:
            return
        self._refresh_options(self.key)
        self.review.refresh([_NONE] + [(p.name, p.id) for p in self.taxfile.current().processes])

    def reload_labels(self) -> None:
        """Re-read the labels file (after a conflict or a hand edit) and redraw."""
        self.labels = self.store.load(self.taxfile.current())
        self._message = "<br>".join(html.escape(m) for m in self.store.warnings) or "Reloaded labels."
        key, self.key = self.key, None
        self._refresh_options(key)

    def draw_sample(self) -> None:
        """Draw (once) the review sample of the current theme, with a recorded seed."""
        lab = self.labels.get(self.key) if self.key else None
        if self.key is None or (lab is not None and lab.review is not None):
            return
        t = self.run.tickets
        members = t.loc[t["theme_key"] == self.key]
        seed = L.review_seed(self.run.config.seed, self.key)
        sample = L.draw_review_sample(members, self.review_size, seed)
        self.labels = L.start_review(self.labels, self.key, sample, seed)
        self._save()

    def judge(self, demand_type: str) -> None:
        """Judge the current sampled ticket (failure/value/other) with the optional override."""
        ticket = self.review.current_ticket()
        if ticket is None:
            return
        lab = self.labels[self.key]
        override = self.review.override.value or None
        override = override if override != lab.failing_process else None
        try:
            self.labels = L.record_judgement(self.labels, self.key, ticket, demand_type, override,
                                             taxonomy=self.taxfile.current())
        except (ValueError, TaxonomyError) as exc:
            self._message = html.escape(str(exc))
            return self._status()
        self._save()

    # -- theme operations ------------------------------------------------------------------
    def _ops(self) -> ModuleType:
        if self._theme_ops is None:
            from ..themes import edits as themes

            self._theme_ops = themes
        return self._theme_ops

    def merge_current(self, other: str | None) -> None:
        """Merge the current theme with ``other``; labels of the absorbed key are kept."""
        if not other or self.key is None:
            return
        keys = [self.key, other]
        try:
            new_run = self._ops().merge_themes(self.run, keys)
        except (DemandLensError, ImportError) as exc:
            self._message = html.escape(f"Merge failed: {exc}")
            return self._status()
        into = next(k for k in new_run.themes["theme_key"] if k in keys)
        self.labels = L.mark_merged(self.labels, keys, into)
        self.run, self._charts = new_run, {}
        self._save(refresh=False)
        self._message += f"Merged {html.escape(', '.join(k for k in keys if k != into))} into {into}."
        self.key = None
        self._resort(select=into)

    def split_current(self) -> None:
        """Split the current theme (``themes.split_theme``); its label stays in the file."""
        if self.key is None:
            return
        old = set(self.run.themes["theme_key"])
        try:
            new_run = self._ops().split_theme(self.run, self.key)
        except (DemandLensError, ImportError) as exc:
            self._message = html.escape(f"Split failed: {exc}")
            return self._status()
        children = [k for k in new_run.themes["theme_key"] if k not in old]
        self.run, self._charts = new_run, {}
        self._message = f"Split {self.key} into {', '.join(children)}; its label is kept in the file."
        self.key = None
        self._resort(select=children[0] if children else None)

    def _status(self) -> None:
        prog = L.progress(self.labels, self.run.themes, n_tickets=len(self.run.tickets))
        saved = f" · saved {self._saved_at} to {html.escape(self.store.path.name)}" if self._saved_at else ""
        tax_err = f"<br><span style='color:#b45309'>{html.escape(self.taxfile.error)}</span>" if self.taxfile.error else ""
        extra = f"<br>{self._message}" if self._message else ""
        self.status.value = f"<b>{prog['text']}</b>{saved}{tax_err}{extra}"


def _with_unknown(options: list[tuple[str, str]], current: str | None) -> list[tuple[str, str]]:
    """Keep a value the taxonomy no longer knows visible instead of crashing the dropdown."""
    if current and current not in {v for _, v in options}:
        return [*options, (f"{current} (not in taxonomy)", current)]
    return options


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "analyst"
