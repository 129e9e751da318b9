"""Write the README's configuration reference from the config dataclasses and their comments.

    python scripts/config_reference.py          # rewrite the section in README.md
    python scripts/config_reference.py --check  # exit 1 if README.md is out of date
"""

from __future__ import annotations

import ast
import dataclasses
import sys
from pathlib import Path

from demandlens import config as cfg

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- CONFIG-REFERENCE:START -->", "<!-- CONFIG-REFERENCE:END -->"


def _comments() -> dict[tuple[str, str], str]:
    """(class, field) -> the ``#:`` comment lines above the field in config.py."""
    source = Path(cfg.__file__).read_text(encoding="utf-8").splitlines()
    out: dict[tuple[str, str], str] = {}
    for node in ast.parse("\n".join(source)).body:
        if not isinstance(node, ast.ClassDef):
            continue
        for item in node.body:
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                lines, i = [], item.lineno - 2
                while i >= 0 and source[i].strip().startswith("#:"):
                    lines.insert(0, source[i].strip()[2:].strip())
                    i -= 1
                out[(node.name, item.target.id)] = " ".join(lines)
    return out


def reference() -> str:
    comments = _comments()
    top = cfg.PipelineConfig()
    rows = ["| key | default | meaning |", "|---|---|---|"]
    rows.append(f"| `seed` | `{top.seed}` | Random seed for every seeded step; recorded with the run. |")
    for section in dataclasses.fields(top):
        value = getattr(top, section.name)
        if not dataclasses.is_dataclass(value):
            continue
        doc = (type(value).__doc__ or "").strip().splitlines()[0]
        rows.append(f"| **`{section.name}`** | | {doc} |")
        for f in dataclasses.fields(value):
            default = getattr(value, f.name)
            default = list(default) if isinstance(default, tuple) else default
            text = comments.get((type(value).__name__, f.name), "").replace("|", "\\|")
            rows.append(f"| `{section.name}.{f.name}` | `{default!r}` | {text} |")
    return "\n".join(rows)


def main() -> int:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    new = f"{head}{START}\n{reference()}\n{END}{tail}"
    if "--check" in sys.argv:
        return 0 if new == text else 1
    readme.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
