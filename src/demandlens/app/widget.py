"""The labelling workbench: an anywidget front end over the pure label and theme functions.

Open it from a notebook with one call::

    import demandlens as dl
    dl.label(dl.Run.open("runs/2026-11"), "labels.yaml")

The browser half (``workbench/workbench.js`` and ``.css``, shipped in the package, nothing
fetched) draws a theme list, the selected theme and the label form side by side. Every edit
is a message that a method here handles through :mod:`demandlens.labels.edits` (labels) or
:mod:`demandlens.themes.edits` (merge, split, move); the widget itself never changes a label
or a theme. Labels are saved to the labels file at once (``LabelStore``), theme edits to the
run folder at once (``Run.save``); both are undoable (``u`` / ``U``, and the History list).

Keys (while the workbench has focus; none reaches JupyterLab) are in :data:`KEYS`. Badges and
ticket columns are extension points in :mod:`demandlens.app.widget_views`.
"""

from __future__ import annotations

import getpass
import logging
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

import anywidget
import traitlets as T

from ..errors import DemandLensError
from ..labels import edits as L
from ..labels.store import LabelConflictError, LabelStore
from ..labels.taxonomy import TaxonomyError, TaxonomyFile
from ..run import Run
from ..themes import edits as themes_edits
from . import widget_views as V
from .widget_history import Edit, EditHistory
from .widget_review import review_state

__all__ = ["label", "LabelWorkbench", "KEYS", "keys_markdown"]

log = logging.getLogger(__name__)
_HERE = Path(__file__).parent / "workbench"
_CHARTS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="demandlens-chart")

#: The workbench's keys, shown by ``?`` and in the README's keyboard table.
KEYS: list[tuple[str, str]] = [
    ("j / ↓", "next theme in the list"), ("k / ↑", "previous theme"),
    ("1 / 2 / 3", "demand type: failure / value / unclear"),
    ("e", "edit the theme name (Enter or Esc saves and leaves the field)"),
    ("p", "failing process: type to find (“lev” → Delivery), ↑/↓, Enter picks"),
    ("c", "root cause (Esc or Ctrl+Enter saves and leaves the field)"),
    ("r", "draw the review sample"), ("f / v / o", "judge the highlighted sampled ticket: failure / value / other"),
    ("u / U", "undo / redo the last edit (labels and theme edits)"), ("Ctrl+Z / Ctrl+Y", "undo / redo too"),
    ("/", "search ticket text and ids; click a hit to jump to its theme"),
    ("[ / ]", "previous / next page of tickets"), ("?", "show these keys"), ("Esc", "leave a field (what you typed is saved) or close this list"),
]


def keys_markdown() -> str:
    """The keyboard table of the README (``scripts/screenshots.py`` writes it from :data:`KEYS`)."""
    rows = [f"| {' / '.join(f'`{k}`' for k in key.split(' / '))} | {what} |" for key, what in KEYS]
    return "\n".join(["| key | what it does |", "|---|---|", *rows])


_EDITABLE = ("name", "demand_type", "failing_process", "sub_process", "failure_type", "root_cause", "notes")


def label(run: Run, labels_path: str | Path = "labels.yaml", taxonomy_path: str | Path | None = None,
          project_dir: str | Path = ".", run_dir: str | Path | None = None) -> LabelWorkbench:
    """Open the labelling workbench on ``run``; relative paths are under ``project_dir``.

    Theme edits are written to ``run_dir`` (default: the folder the run was opened from or
    saved to); a run that has no folder can be labelled but not merged or split.
    """
    base = Path(project_dir)

    def under(p: str | Path | None) -> Path | None:
        return None if p is None else (Path(p) if Path(p).is_absolute() else base / p)

    return LabelWorkbench(run, under(labels_path), under(taxonomy_path), run_dir=under(run_dir))


class LabelWorkbench(anywidget.AnyWidget):
    """Theme list, theme details with tickets, label form and review panel (see module doc)."""

    _esm = _HERE / "workbench.js"
    _css = _HERE / "workbench.css"
    themes = T.List().tag(sync=True)
    selected = T.Unicode(None, allow_none=True).tag(sync=True)
    theme = T.Dict().tag(sync=True)
    options = T.Dict().tag(sync=True)
    status = T.Dict().tag(sync=True)
    history = T.Dict().tag(sync=True)
    search = T.Dict().tag(sync=True)
    split_preview = T.Dict().tag(sync=True)
    busy = T.Unicode("").tag(sync=True)

    def __init__(self, run: Run, labels_path: str | Path, taxonomy_path: str | Path | None = None,
                 user: str | None = None, run_dir: str | Path | None = None, page_size: int = 20) -> None:
        super().__init__()
        self.run, self.user, self.page_size = run, user or _user(), page_size
        self.run_dir = Path(run_dir) if run_dir is not None else run.path
        self.taxfile = TaxonomyFile(taxonomy_path)
        self.store = LabelStore(labels_path, taxonomy=self.taxfile.current())
        self.labels = self.store.load()
        self.review_size = int(run.config.quantify.review_sample_size)
        self.edits = EditHistory()
        self._page, self._focus, self._pending, self._saved = 0, None, None, ""
        self._charts: dict[str, Future] = {}
        self._rows_of: tuple[Any, dict[str, int]] | None = None
        self.on_msg(self._on_msg)
        self._refresh_list()
        self._send_options()
        first = self.themes[0]["key"] if self.themes else None
        self.select(first)
        self._say("\n".join(self.store.warnings), "warning" if self.store.warnings else "info")

    # -- messages from the browser --------------------------------------------------------
    def _on_msg(self, _widget: Any, content: dict[str, Any], _buffers: Any) -> None:
        action = content.get("action")
        handlers = {
            "select": lambda m: self.select(m.get("key")), "set": lambda m: self.set_field(m["field"], m.get("value")),
            "draw": lambda m: self.draw_sample(), "judge": lambda m: self.judge(m["demand_type"], m.get("failing_process")),
            "unjudge": lambda m: self.unjudge(m["ticket_id"]), "undo": lambda m: self.undo(),
            "redo": lambda m: self.redo(), "merge": lambda m: self.merge(m["other"]),
            "split_preview": lambda m: self.preview_split(int(m.get("n") or 2)),
            "split_accept": lambda m: self.accept_split(), "split_cancel": lambda m: self.cancel_split(),
            "move": lambda m: self.move(m["ticket_ids"], m.get("to")), "search": lambda m: self.find(m.get("q", "")),
            "page": lambda m: self.show_page(int(m.get("page", 0))),
            "focus_ticket": lambda m: self.focus_ticket(m["ticket_id"]),
        }
        handler = handlers.get(action)
        if handler is None:
            log.warning("Workbench: unknown action %r", action)
            return
        try:
            handler(content)
        except (DemandLensError, ValueError, TaxonomyError, KeyError, OSError) as exc:
            self._say(str(exc), "error")
        finally:
            self.busy = ""

    # -- what the browser shows -----------------------------------------------------------
    def _refresh_list(self) -> None:
        self.themes = V.theme_rows(self.run, self.labels)

    def _send_options(self) -> None:
        tax = self.taxfile.current()
        t = self.run.tickets
        badge_ids = {(b["id"], b["text"]) for row in self.themes for b in row["badges"]}
        self.options = {
            "processes": [{"id": p.id, "name": p.name, "aliases": list(getattr(p, "aliases", ()) or ()),
                           "sub_processes": list(p.sub_processes)} for p in tax.processes],
            "failure_types": [[f.id, f.name] for f in tax.failure_types],
            "languages": t["language"].astype(str).value_counts().index.tolist() if "language" in t else [],
            "channels": t["channel"].astype(str).value_counts().index.tolist() if "channel" in t else [],
            "statuses": sorted(badge_ids) + [("labelled", "labelled")],
            "keys": [list(k) for k in KEYS],
        }

    def _detail(self) -> dict[str, Any]:
        key = self.selected
        if key is None:
            return {"message": "No themes in this run."}
        n = len(self.run.tickets)
        page = V.ticket_page(self.run, key, self._page, self.page_size, focus=self._focus)
        self._page = page["page"]
        row = next((r for r in self.themes if r["key"] == key), None)
        if row is None:
            return {"message": f"Theme {key} is not in this run any more."}
        langs = " · ".join(f"{k} {v}" for k, v in sorted(row["languages"].items(), key=lambda kv: -kv[1]))
        detail = {"key": key, "title": row["title"], "badges": row["badges"], **page,
                  "summary": f"{row['size']:,} tickets, {row['share']:.1%} of all {n:,} tickets in the run · {langs}"}
        if key == V.OUTLIERS:
            return detail
        th = self.run.theme(key)
        kw = th.get("keywords")
        detail["keywords"] = [[str(k), [str(w) for w in v]] for k, v in kw.items()] if isinstance(kw, dict) else []
        lab = self.labels.get(key)
        detail["label"] = {f: getattr(lab, f, None) for f in _EDITABLE} if lab is not None else {}
        detail["review"] = review_state(lab, int(th["size"]), self.review_size, self.ticket_text)
        detail["chart_svg"] = self._chart(key)
        return detail

    def _redraw(self, list_too: bool = True) -> None:
        with self.hold_sync():  # one message to the browser, not one per trait
            if list_too:
                self._refresh_list()
            self.theme = self._detail()
            prog = L.progress(self.labels, self.run.themes, n_tickets=len(self.run.tickets))
            self.status = {**self.status, "progress": prog["text"], "saved": self._saved}
            self.history = self.edits.summary()

    def _say(self, message: str, level: str = "info") -> None:
        if self.taxfile.error:
            message = f"{message}\n{self.taxfile.error}" if message else self.taxfile.error
            level = "warning" if level == "info" else level
        self.status = {**self.status, "message": message, "level": level}

    def _chart(self, key: str) -> str:
        """The weekly chart if rendered, else start rendering it off the kernel's main thread."""
        fut = self._charts.get(key)
        if fut is not None and fut.done():
            return fut.result()
        if fut is None and "created_at" in self.run.tickets:
            created = self.run.tickets.loc[self.run.tickets["theme_key"] == key, "created_at"]
            fut = self._charts[key] = _CHARTS.submit(V.weekly_volume_svg, created)
            fut.add_done_callback(lambda f: self.selected == key and self.theme.get("key") == key
                                  and setattr(self, "theme", {**self.theme, "chart_svg": f.result()}))
        return ""

    def wait_for_chart(self, timeout: float | None = 120) -> str:
        """Block until the current theme's chart is rendered (for tests and scripts)."""
        fut = self._charts.get(self.selected)
        return fut.result(timeout) if fut is not None else ""

    def ticket_text(self, ticket_id: str) -> tuple[str, str]:
        """(language, text) of a ticket of the run."""
        t = self.run.tickets
        if self._rows_of is None or self._rows_of[0] is not t:
            self._rows_of = (t, {tid: i for i, tid in enumerate(t["ticket_id"].astype(str))})
        i = self._rows_of[1].get(str(ticket_id))
        if i is None:
            return "?", "(ticket not in this run)"
        row = t.iloc[i]
        return str(row.get("language", "?")), str(row.get("text", ""))

    # -- navigation -----------------------------------------------------------------------
    def select(self, key: str | None) -> None:
        """Show theme ``key`` (or the outliers, :data:`~demandlens.app.widget_views.OUTLIERS`)."""
        if key is not None and key not in {r["key"] for r in self.themes}:
            raise DemandLensError(f"No theme {key} in this run.")
        if key != self.selected:
            self._page, self._focus = 0, None
        self.selected = key
        self._redraw(list_too=False)

    def step(self, delta: int) -> None:
        """Move to the next (``1``) or previous (``-1``) theme of the list."""
        keys = [r["key"] for r in self.themes]
        if keys:
            i = keys.index(self.selected) if self.selected in keys else -1
            self.select(keys[max(0, min(len(keys) - 1, i + delta))])

    def show_page(self, page: int) -> None:
        self._page, self._focus = page, None
        self.theme = self._detail()

    def find(self, q: str) -> None:
        """Search ticket text and ids; the hits list jumps to a ticket's theme."""
        self.search = V.search_hits(self.run, self.labels, q)

    def focus_ticket(self, ticket_id: str) -> None:
        """Show the page of the selected theme that holds ``ticket_id``, highlighted."""
        self._focus = str(ticket_id)
        self.theme = self._detail()

    # -- label edits (through demandlens.label.edits) -------------------------------------
    def _save_labels(self, new: dict[str, Any], description: str, keys: list[str], select: str | None = None) -> bool:
        before = {k: self.labels.get(k) for k in keys}
        try:
            saved = self.store.save(new)
        except LabelConflictError as exc:
            self._say(str(exc), "error")
            return False
        self.edits.push(Edit(description, labels_before=before, labels_after={k: saved.get(k) for k in keys},
                             select=(select or self.selected, select or self.selected)))
        self.labels = saved
        self._saved = f"saved {datetime.now():%H:%M:%S} to {self.store.path.name}"
        self._say(description[0].upper() + description[1:] + ".")
        self._redraw()
        return True

    def set_field(self, field: str, value: Any) -> None:
        """Set one label field of the selected theme and save it."""
        key = self._label_key()
        new = L.set_label(self.labels, key, taxonomy=self.taxfile.current(), by=self.user, **{field: value})
        if new.get(key) != self.labels.get(key):
            shown = value if value not in (None, "") else "not set"
            self._save_labels(new, f"{field.replace('_', ' ')} of {key}: {shown}", [key])

    def draw_sample(self) -> None:
        """Draw (once) the review sample of the selected theme, with a recorded seed."""
        key = self._label_key()
        lab = self.labels.get(key)
        if lab is not None and lab.review is not None and lab.review.sample:
            return self._say(f"{key} already has its review sample; judge it with f / v / o.")
        members = self.run.tickets.loc[self.run.tickets["theme_key"] == key]
        seed = L.review_seed(self.run.config.seed, key)
        sample = L.draw_review_sample(members, self.review_size, seed)
        self._save_labels(L.start_review(self.labels, key, sample, seed), f"drew {len(sample)} tickets to review in {key}", [key])

    def judge(self, demand_type: str, failing_process: str | None = None) -> None:
        """Judge the first unjudged sampled ticket of the selected theme (failure/value/other),
        optionally with the process this ticket failed in when it is not the theme's."""
        key = self._label_key()
        ticket = (self.theme.get("review") or {}).get("current")
        if ticket is None:
            return self._say("Nothing to judge: press r to draw a sample first." if not (self.theme.get("review") or {}).get("sample") else "Every sampled ticket is judged.")
        theme_process = getattr(self.labels.get(key), "failing_process", None)
        override = failing_process if failing_process and failing_process != theme_process else None
        new = L.record_judgement(self.labels, key, ticket, demand_type, override, taxonomy=self.taxfile.current())
        self._save_labels(new, f"judged {ticket} as {demand_type}" + (f" ({override})" if override else ""), [key])

    def unjudge(self, ticket_id: str) -> None:
        """Take back the judgement of one sampled ticket."""
        key = self._label_key()
        self._save_labels(L.remove_judgement(self.labels, key, str(ticket_id)), f"took back the judgement of {ticket_id}", [key])

    def _label_key(self) -> str:
        if self.selected is None or self.selected == V.OUTLIERS:
            raise DemandLensError("Select a theme first (outliers have no label).")
        return self.selected

    # -- theme edits (through demandlens.themes.edits), written to the run folder ---------
    def _save_run(self, new_run: Run, new_labels: dict[str, Any], description: str, keys: list[str], select: str | None) -> None:
        if self.run_dir is None:
            raise DemandLensError("This run has no folder, so a theme edit could not be kept: save it first "
                                  "(run.save('runs/<name>')) and open the workbench on the saved run.")
        before_run, before_select = self.run, self.selected
        before = {k: self.labels.get(k) for k in keys}
        new_run.save(self.run_dir)  # the run folder first: a theme edit shown is a theme edit kept
        self.run, self._charts, self._pending, self.split_preview = new_run, {}, None, {}
        self.edits.push(Edit(description, before, {k: new_labels.get(k) for k in keys}, before_run,
                             new_run, select=(before_select, select)))
        self._saved = f"saved {datetime.now():%H:%M:%S}: run folder {self.run_dir.name}"
        message, level = description[0].upper() + description[1:] + "; written to the run folder.", "info"
        if new_labels != self.labels:
            try:
                self.labels = self.store.save(new_labels)
            except LabelConflictError as exc:
                message, level = message + f" The labels file was not updated: {exc}", "warning"
        self._after_theme_change(select, message, level)

    def _after_theme_change(self, select: str | None, message: str, level: str = "info") -> None:
        self._refresh_list()
        self._send_options()
        keys = [r["key"] for r in self.themes]
        self.selected = None
        self.select(select if select in keys else (keys[0] if keys else None))
        self._say(message, level)

    def merge(self, other: str, key: str | None = None) -> None:
        """Merge the selected theme (or ``key``) with ``other``; the larger one's key is kept."""
        keys = [key or self._label_key(), str(other)]
        self.busy = "Merging themes…"
        new_run = themes_edits.merge_themes(self.run, keys)
        into = next(k for k in new_run.themes["theme_key"] if k in keys)
        absorbed = [k for k in keys if k != into]
        new_labels = L.mark_merged(self.labels, absorbed, into)
        self._save_run(new_run, new_labels, f"merged {', '.join(absorbed)} into {into}", keys, into)

    def preview_split(self, n: int) -> None:
        """Split the selected theme into ``n`` parts and show the parts' keywords (nothing saved)."""
        key = self._label_key()
        self.busy = f"Splitting {key} into {n} parts…"
        new_run = themes_edits.split_theme(self.run, key, n=n)
        children = [k for k in new_run.themes["theme_key"] if k not in set(self.run.themes["theme_key"])]
        self._pending = (key, n, new_run, children)
        rows = new_run.themes.set_index("theme_key")
        parts = []
        for k in children:
            kw = rows.at[k, "keywords"] if "keywords" in rows else {}
            parts.append({"key": k, "size": int(rows.at[k, "size"]),
                          "keywords": [[lang, list(w)[:6]] for lang, w in (kw or {}).items()]})
        self.split_preview = {"key": key, "n": n, "parts": parts}
        self._say(f"Preview: {key} would split into {len(parts)} parts. Accept or cancel.")

    def accept_split(self) -> None:
        """Keep the previewed split: written to the run folder, undoable."""
        if self._pending is None:
            raise DemandLensError("No split to accept: preview one first.")
        key, n, new_run, children = self._pending
        self._save_run(new_run, self.labels, f"split {key} into {len(children)} parts", [key], children[0] if children else None)

    def cancel_split(self) -> None:
        self._pending, self.split_preview = None, {}
        self._say("Split cancelled; nothing changed.")

    def move(self, ticket_ids: list[str], to_key: str | None) -> None:
        """Move tickets to theme ``to_key`` (``None``: make them outliers)."""
        if not ticket_ids:
            raise DemandLensError("Tick the tickets to move first.")
        self.busy = f"Moving {len(ticket_ids)} ticket(s)…"
        new_run = themes_edits.move_tickets(self.run, [str(i) for i in ticket_ids], to_key)
        where = to_key or "the outliers"
        self._save_run(new_run, self.labels, f"moved {len(ticket_ids)} ticket(s) to {where}", [], self.selected)

    # -- undo / redo ----------------------------------------------------------------------
    def undo(self) -> None:
        """Undo the last edit (a label change or a theme edit) and save the state before it."""
        edit = self.edits.undo()
        if edit is None:
            return self._say("Nothing to undo.")
        if not self._apply(edit, edit.run_before, edit.labels_before, edit.select[0]):
            self.edits.redo()
            return
        self._say(f"Undone: {edit.description}.")

    def redo(self) -> None:
        """Redo the last undone edit."""
        edit = self.edits.redo()
        if edit is None:
            return self._say("Nothing to redo.")
        if not self._apply(edit, edit.run_after, edit.labels_after, edit.select[1]):
            self.edits.undo()
            return
        self._say(f"Redone: {edit.description}.")

    def _apply(self, edit: Edit, run: Run | None, labels: dict[str, Any], select: str | None) -> bool:
        new = self.labels
        for key, lab in labels.items():
            new = L.restore_label(new, key, lab)
        try:
            if run is not None:
                run.save(self.run_dir)
                self.run, self._charts, self._pending, self.split_preview = run, {}, None, {}
            if new != self.labels:
                self.labels = self.store.save(new)
        except LabelConflictError as exc:
            self._say(str(exc), "error")
            return False
        self._saved = f"saved {datetime.now():%H:%M:%S}"
        if run is not None:
            self._after_theme_change(select, "")
        else:
            self.selected = select if select in {r["key"] for r in self.themes} else self.selected
            self._page = 0
            self._redraw()
        return True

    def reload_labels(self) -> None:
        """Re-read the labels file (after a conflict or a hand edit) and redraw."""
        self.labels = self.store.load(self.taxfile.current())
        self._say("\n".join(self.store.warnings) or "Reloaded labels.")
        self._redraw()


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "analyst"
