"""What a run holds and what changed since the previous one, in names, for notebook and CLI.

:class:`RunSummary` (notebook 02, ``demandlens run``) says which export was read and why,
whether the run was made or reused, where every ticket went, how the themes relate to the
previous run and what was added to the labels file, and lists the largest themes by name.
:class:`RunChanges` (notebook 05) is the theme-by-theme mapping to the previous run. Both
render as HTML in JupyterLab and as plain text (``str``) in a terminal.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..run import Run

__all__ = ["RunSummary", "RunChanges", "theme_table"]

#: Columns of :func:`theme_table`, in order.
THEME_TABLE_COLUMNS = ["theme", "tickets", "share of all tickets", "label", "status",
                       "keywords", "theme_key"]


def theme_table(run: Run, labels: Any = None) -> pd.DataFrame:
    """One row per theme, largest first, by name: tickets, share of all tickets (outliers
    included in the denominator), its label (demand type, or "needs label"), re-run status,
    keywords, and the key last."""
    from ..labels.display import theme_names
    from ..labels.view import theme_labels

    themes = run.themes.sort_values(["size", "theme_key"], ascending=[False, True])
    lmap = theme_labels(labels)
    names = theme_names(themes, lmap)
    total = max(len(run.tickets), 1)
    keys = themes["theme_key"].astype(str).tolist()
    return pd.DataFrame({
        "theme": [names[k] for k in keys],
        "tickets": themes["size"].astype(int).to_numpy(),
        "share of all tickets": (themes["size"] / total).round(3).to_numpy(),
        "label": [_label_text(lmap.get(k)) for k in keys],
        "status": themes["status"].astype(str).to_numpy() if "status" in themes else "new",
        "keywords": themes["top_keywords"].fillna("").to_numpy() if "top_keywords" in themes
        else "",
        "theme_key": keys,
    }, columns=THEME_TABLE_COLUMNS).reset_index(drop=True)


def _label_text(label: Any) -> str:
    kind = label.demand_type if label is not None else None
    if not kind:
        return "needs label"
    return f"{kind} (suggested: review it)" if label.status == "needs_review" else kind


def _html_lines(title: str, lines: list[str]) -> str:
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return f"<h4>{html.escape(title)}</h4><ul>{items}</ul>"


@dataclass(repr=False)
class RunSummary:
    """The summary of one run: ``lines`` of text and the ``themes`` table (names first)."""

    title: str
    lines: list[str]
    themes: pd.DataFrame
    needs_label: int
    added: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, project: Any, run: Run, top: int = 15) -> RunSummary:
        from ..labels.display import theme_names

        labels = project.labels()
        m = run.manifest or {}
        note = project.notes.get(str(run.path), {})
        acc = m.get("accounting", {})
        reasons = ", ".join(f"{n} {r}" for r, n in (acc.get("by_reason") or {}).items())
        export = m.get("input", "?")
        why = f" ({note['export_why']})" if note.get("export_why") else ""
        folder = project.relative(run.path)
        if note.get("reused"):
            made = (f"Reused {folder}: a run of this export with the same config, made "
                    f"{str(m.get('created_at', ''))[:16].replace('T', ' ')} UTC; nothing recomputed.")
        else:
            took = sum((m.get("timings") or {}).values())
            made = f"Wrote {folder} in {took:.0f} s."
        lines = [
            f"Export: {project.relative(export)}{why}.",
            made,
            f"{acc.get('rows_read', '?')} rows read: {acc.get('accepted', '?')} accepted, "
            f"{acc.get('rejected', '?')} rejected" + (f" ({reasons})" if reasons else "") + "; "
            f"{acc.get('assigned', '?')} in {len(run.themes)} themes "
            f"({acc.get('reassigned', 0)} of them reassigned from outliers), "
            f"{acc.get('outliers', '?')} outliers.",
        ]
        lines += [f"Note: {w}" for w in m.get("warnings") or ()]
        prev = m.get("previous_run")
        if prev and run.mapping is not None:
            from ..rerun.carry import carry_labels

            _, rep = carry_labels(run.mapping, labels)
            prev_run = project.previous_run(run)
            old = theme_names(prev_run.themes if prev_run is not None else None, labels,
                              keys=rep["vanished"])
            lines.append(
                f"Matched to {project.relative(prev)} ({m.get('mode')}): "
                f"{len(rep['carried'])} themes keep their label, "
                f"{len(rep['needs_label'])} need one"
                + (f"; {len(rep['vanished'])} labelled themes vanished: "
                   + "; ".join(old[k] for k in rep["vanished"]) if rep["vanished"] else "")
                + ".")
        added = list(note.get("added") or [])
        if added:
            names = theme_names(run.themes, project.labels(), keys=added)
            lines.append(
                f"Added to {project.relative(project.labels_path)} for your review (nothing in it "
                f"was changed): suggestions for {', '.join(names[k] for k in added)}.")
        revived = list(note.get("revived") or [])
        if revived:
            names = theme_names(run.themes, project.labels(), keys=revived)
            lines.append(
                f"Back again, so their status in {project.relative(project.labels_path)} went from "
                f"vanished (set by an earlier demandlens) to active: "
                f"{', '.join(names[k] for k in revived)}.")
        table = theme_table(run, labels)
        needs = int((table["label"] == "needs label").sum())
        lines.append(f"{needs} of {len(table)} themes need a label.")
        return cls(title=f"Run {run.path.name if run.path else ''}", lines=lines,
                   themes=table.head(top), needs_label=needs, added=added)

    def __str__(self) -> str:
        shown = self.themes.drop(columns=["keywords"]).assign(**{"share of all tickets": self.themes[
            "share of all tickets"].map("{:.1%}".format)})
        return "\n".join([self.title, *self.lines, "", shown.to_string(index=False)])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        shown = self.themes.assign(**{"share of all tickets": self.themes[
            "share of all tickets"].map("{:.1%}".format)})
        return (_html_lines(self.title, self.lines)
                + f"<p>The {len(shown)} largest themes:</p>"
                + shown.to_html(index=False, border=0, escape=True))


@dataclass(repr=False)
class RunChanges:
    """How this run's themes relate to the previous run's, by name (``table``, ``text``)."""

    text: str
    table: pd.DataFrame
    previous: str | None = None

    @classmethod
    def of(cls, project: Any, run: Run) -> RunChanges:
        from ..rerun.carry import mapping_report

        prev = project.previous_run(run)
        if run.mapping is None or prev is None:
            return cls(
                text=(f"{project.relative(run.path)} is the project's first run: nothing to "
                      "compare with yet. Next month, copy the new export into "
                      f"{project.relative(project.raw_dir)}/ and Run All in 01–05: 02 matches "
                      "its themes to this run's, so your labels carry over."),
                table=pd.DataFrame(columns=["theme", "status", "previous", "size_previous",
                                            "size_current"]))
        table, text = mapping_report(run.mapping, run.themes, labels=project.labels(),
                                     previous_themes=prev.themes)
        return cls(text=f"Compared with {project.relative(prev.path)}: {text}", table=table,
                   previous=str(prev.path))

    def __str__(self) -> str:
        return self.text if self.table.empty else f"{self.text}\n\n{self.table.to_string(index=False)}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        body = self.table.to_html(index=False, border=0, escape=True) if len(self.table) else ""
        return f"<p>{html.escape(self.text)}</p>{body}"
