"""The red team's kit: planted personal data, exports of every shape that carry it, a tiny
stand-in embedding model, and a search of every file a run writes.

Used by the red-team tests (``tests/redteam``) and by ``benchmarks/bench_redteam.py``, which
prints the table of what was tried and what was found.
"""

from __future__ import annotations

import json
import re
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

# -- planted personal data: (type, value as written, forms to search for on disk) ------------
PLANTED: list[tuple[str, str]] = [
    ("EMAIL", "anna.svensson@example.se"),
    ("EMAIL", "jens_j+kunde@outlook.dk"),
    ("PHONE", "070-123 45 67"),
    ("PHONE", "+46 70 765 43 21"),
    ("PHONE", "+45 20 30 40 50"),
    ("PHONE", "412 34 567"),
    ("PHONE", "32123460"),  # bare Danish number, no keyword
    ("PHONE", "93456712"),  # bare Norwegian number, no keyword
    ("PERSONNUMMER", "811218-9876"),
    ("PERSONNUMMER", "19850312-1234"),  # mistyped (check digit fails), after its keyword
    ("CPR", "010190-1234"),
    ("CPR", "3213213213"),  # impossible date, after its keyword
    ("FODSELSNUMMER", "15108695088"),
    ("FODSELSNUMMER", "240566-40084"),
    ("FODSELSNUMMER", "121212.10000"),
    ("FODSELSNUMMER", "15108695089"),  # mistyped, after its keyword
    ("IBAN", "SE45 5000 0000 0583 9825 7466"),
    ("IBAN", "dk5000400440116243"),
    ("CARD", "4111 1111 1111 1111"),
    ("CARD", "4111111111119"),  # 13-digit Visa
    ("CARD", "3782 822463 10005"),
    ("NAME", "Ingrid Lindqvist"),  # in one-line sign-offs
    ("NAME", "Mikkel Sørensen"),
    ("URL", "https://minside.example.no/konto?id=991"),
]
KEYWORD = {  # how each value is introduced in a ticket text
    "EMAIL": "min e-post är {v}",
    "PHONE": "Jeg kan nås på {v}",
    "PERSONNUMMER": "mitt personnummer är {v}",
    "CPR": "mit CPR-nummer er {v}",
    "FODSELSNUMMER": "fødselsnummer {v}",
    "IBAN": "pengene til {v} tak",
    "CARD": "kortet {v} blev trukket",
    "NAME": "Mvh {v}",
    "URL": "se {v}",
}
REASONS = {  # four contact reasons x four languages: enough shared words to form themes
    "late": {"sv": "Mitt paket har inte kommit, leveransen är försenad igen",
             "da": "Min pakke er ikke kommet, leveringen er forsinket igen",
             "nb": "Pakken min har ikke kommet, leveringen er forsinket igjen",
             "en": "My parcel has not arrived, the delivery is late again"},
    "invoice": {"sv": "Fakturan är fel, jag har debiterats två gånger för ordern",
                "da": "Fakturaen er forkert, jeg er blevet trukket to gange for ordren",
                "nb": "Fakturaen er feil, jeg er trukket to ganger for ordren",
                "en": "The invoice is wrong, I was charged twice for the order"},
    "login": {"sv": "Jag kan inte logga in på mitt konto, lösenordet fungerar inte",
              "da": "Jeg kan ikke logge ind på min konto, adgangskoden virker ikke",
              "nb": "Jeg kan ikke logge inn på kontoen min, passordet virker ikke",
              "en": "I cannot log in to my account, the password does not work"},
    "return": {"sv": "Jag vill returnera varan och få pengarna tillbaka",
               "da": "Jeg vil returnere varen og have pengene tilbage",
               "nb": "Jeg vil returnere varen og få pengene tilbake",
               "en": "I want to return the item and get my money back"},
}
LANGS = ("sv", "da", "nb", "en")


def forms(value: str) -> set[str]:
    """The forms of a planted value that must not appear in any file: as written, and for
    numbers without separators (``8112189876``)."""
    out = {value, value.lower()}
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 8 and not value.startswith("http"):
        out.add(digits)
    if " " in value and "@" not in value and not value[0].isdigit():  # names
        out |= set(value.split())
    return {f for f in out if len(f) >= 5}


def tickets(n_per: int = 5) -> pd.DataFrame:
    """An export (one row per ticket) carrying every planted value in every column."""
    rows = []
    k = 0
    for reason, texts in REASONS.items():
        for lang in LANGS:
            for _ in range(n_per):
                kind, value = PLANTED[k % len(PLANTED)]
                other_kind, other = PLANTED[(k + 7) % len(PLANTED)]
                body = (f"{texts[lang]}. {KEYWORD[kind].format(v=value)}. "
                        f"{KEYWORD[other_kind].format(v=other)}.")
                if kind != "NAME":
                    body += f" Mvh {PLANTED[21 + k % 2][1]}"
                rows.append({
                    "Ticket ID": f"ZD-{1000 + k}",
                    "Created at": f"2026-06-{1 + k % 28:02d} 10:{k % 60:02d}",
                    "Channel": "email",
                    "Subject": f"{reason} {KEYWORD[other_kind].format(v=other)}",
                    "Description": body,
                    "Group": f"Kö {_no_name(k + 3)}",
                    "Requester email": PLANTED[k % 2][1],
                    "Requester phone": PLANTED[2 + k % 6][1],
                    "Requester name": PLANTED[21 + k % 2][1],
                    "Brand": f"Nordhem {_no_name(k + 11)}",
                })
                k += 1
    # personal data where no text should be: in the id, the date and the channel cell
    rows[3]["Ticket ID"] = PLANTED[0][1]
    rows[5]["Ticket ID"] = PLANTED[8][1]
    rows[7]["Created at"] = f"ring {PLANTED[2][1]}"
    rows[9]["Created at"] = PLANTED[1][1]
    rows[11]["Channel"] = PLANTED[16][1]
    # cells a spreadsheet would run as formulas
    for k, (column, value) in enumerate(FORMULAS):
        rows[20 + k][column] = value
        if column == "Description":
            rows[20 + k]["Subject"] = ""
    return pd.DataFrame(rows)


#: (column, value) planted as formulas; full-width forms are normalised into ``=`` by cleaning.
FORMULAS = [
    ("Ticket ID", "=HYPERLINK(\"http://evil.example\",\"x\")"),
    ("Subject", "=2+5"),
    ("Description", "＝HYPERLINK(\"http://evil.example\") paketet har inte kommit"),
    ("Description", "+SUM(A1:A9) fakturaen er forkert"),
    ("Description", "@SUM(1+1) jeg kan ikke logge inn"),
    ("Description", "-2+3 I want to return the item"),
    ("Group", "=cmd|' /C calc'!A0"),
]
#: Label fields an analyst might type: formulas, and names that break HTML/JS.
EVIL_LABELS = ["=1+1", "<!--<script>", "</script><script>alert(1)</script>", "@x", "-1+2",
               "\t=tab"]


#: Values only their context gives away (a name after "Mvh", a mistyped id after
#: "personnummer"): in a field of their own they read like any name or reference number.
NEEDS_CONTEXT = {"Ingrid Lindqvist", "Mikkel Sørensen", "19850312-1234", "3213213213",
                 "15108695089"}


def _no_name(k: int) -> str:
    """A planted value for a field without context: one that is personal data on its face."""
    value = PLANTED[k % len(PLANTED)][1]
    return PLANTED[0][1] if value in NEEDS_CONTEXT else value


def zendesk_json(frame: pd.DataFrame) -> dict:
    """The export as Zendesk's nested JSON (requester, via)."""
    return {"tickets": [{
        "id": r["Ticket ID"], "created_at": r["Created at"], "subject": r["Subject"],
        "description": r["Description"], "group": r["Group"],
        "via": {"channel": r["Channel"]},
        "requester": {"email": r["Requester email"], "phone": r["Requester phone"],
                      "name": r["Requester name"]},
        "custom_fields": [{"id": 1, "value": r["Brand"]}],
    } for r in frame.to_dict("records")]}


def write_export(frame: pd.DataFrame, folder: Path, shape: str) -> Path:
    """Write ``frame`` as ``csv``, ``xlsx``, ``json`` (Zendesk-like) or ``parquet``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"export.{shape}"
    if shape == "csv":
        frame.to_csv(path, index=False)
    elif shape == "xlsx":
        frame.to_excel(path, index=False)
    elif shape == "json":
        path.write_text(json.dumps(zendesk_json(frame), ensure_ascii=False), encoding="utf-8")
    else:
        frame.to_parquet(path, index=False)
    return path


# -- a tiny stand-in embedding model ----------------------------------------------------------
class TinyEmbedder:
    """Hashed word uni/bigrams projected to 48 dimensions: deterministic, milliseconds."""

    model_id = "test:tiny-hash-48:v1"

    def __init__(self) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer

        self.vec = HashingVectorizer(n_features=2**12, ngram_range=(1, 2), alternate_sign=False)
        self.R = np.random.default_rng(0).normal(size=(2**12, 48)).astype(np.float32)
        self.calls = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        X = np.asarray(self.vec.transform(list(texts)) @ self.R, dtype=np.float32)
        return X / np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-12)


def use_tiny_embedder(monkeypatch) -> TinyEmbedder:
    """Make every demandlens module that builds embedders build the tiny one."""
    import demandlens.embed.backends as backends

    model = TinyEmbedder()
    original = backends.get_embedder
    for name, module in list(sys.modules.items()):
        if name.startswith("demandlens") and getattr(module, "get_embedder", None) is original:
            monkeypatch.setattr(module, "get_embedder", lambda cfg, project_dir=".": model)
    return model


# -- search every file written ----------------------------------------------------------------
def file_texts(root: Path) -> Iterator[tuple[Path, str]]:
    """Every file under ``root`` as text: Parquet cells, NPY/NPZ arrays and XLSX cells decoded,
    everything else read as bytes (UTF-8, replacing what does not decode)."""
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        suffix = path.suffix.lower()
        try:
            if suffix == ".parquet":
                frame = pd.read_parquet(path)
                text = "\n".join([" ".join(map(str, frame.columns)),
                                  frame.astype(str).to_csv(index=False)])
            elif suffix == ".npy":
                text = _array_text(np.load(path, allow_pickle=False))
            elif suffix == ".npz":
                with np.load(path, allow_pickle=False) as data:
                    text = "\n".join(_array_text(data[k]) for k in data.files)
            elif suffix == ".xlsx":
                with zipfile.ZipFile(path) as z:
                    text = "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
            else:
                text = path.read_bytes().decode("utf-8", "replace")
        except Exception as exc:  # noqa: BLE001 - an unreadable file is searched as bytes
            text = path.read_bytes().decode("utf-8", "replace") + f"\n<unreadable: {exc}>"
        yield path, text


def _array_text(array: np.ndarray) -> str:
    if array.dtype.kind in "US":
        return "\n".join(map(str, array.ravel().tolist()))
    return ""  # numbers: vectors, centroids


def find_planted(root: Path, planted=PLANTED, exclude: tuple[Path, ...] = ()) -> dict:
    """``{type: [(file, form), …]}`` for every planted value found in a file under ``root``."""
    found: dict[str, list[tuple[str, str]]] = {kind: [] for kind, _ in planted}
    for path, text in file_texts(root):
        if any(path == e or e in path.parents for e in exclude):
            continue
        lowered = text.lower()
        for kind, value in planted:
            for form in forms(value):
                if form.lower() in lowered:
                    found[kind].append((str(path.relative_to(root)), form))
    return found


def formula_cells(path: Path, sep: str = ",") -> list[str]:
    """Cells of a CSV file a spreadsheet would read as a formula."""
    import csv

    from demandlens.fileio import is_formula

    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [cell for row in csv.reader(fh, delimiter=sep) for cell in row if is_formula(cell)]
