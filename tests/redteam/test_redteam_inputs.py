"""Every bad input the red team tried: exit 2, a message naming the file (and row/column where
there is one), no traceback, nothing partial left behind, and no long work before the check."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _redteam import tickets, write_export
from typer.testing import CliRunner

from demandlens.app.cli import app
from demandlens.labels.schema import ThemeLabel, dump_labels

runner = CliRunner()
GOOD = tickets(n_per=3)  # 48 tickets


@dataclass
class Case:
    name: str
    setup: Callable[[Path], list[str]]  # builds the files, returns the CLI arguments
    says: tuple[str, ...]  # the message names these (besides the file)
    before_work: bool = True  # refused before any ticket is embedded
    names_file: bool = True  # the message names the file or folder at fault


def _csv(folder: Path, frame: pd.DataFrame = GOOD, name: str = "export.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    frame.to_csv(folder / name, index=False)
    return folder / name


def _run(tmp: Path, export: Path, *extra: str) -> list[str]:
    return ["run", str(export), "--out", str(tmp / "runs" / "new"), "--project", str(tmp),
            "--labels", str(tmp / "labels.yaml"), "-q", *extra]


def _config(text: str) -> Callable[[Path], list[str]]:
    def setup(tmp: Path) -> list[str]:
        (tmp / "bad.yaml").write_text(text, encoding="utf-8")
        return _run(tmp, _csv(tmp), "--config", str(tmp / "bad.yaml"))
    return setup


def _rows(frame: pd.DataFrame) -> Callable[[Path], list[str]]:
    return lambda tmp: _run(tmp, _csv(tmp, frame))


def _text(content: str, name: str = "export.csv") -> Callable[[Path], list[str]]:
    def setup(tmp: Path) -> list[str]:
        (tmp / name).write_text(content, encoding="utf-8")
        return _run(tmp, tmp / name)
    return setup


def _previous(damage: Callable[[Path], None]) -> Callable[[Path], list[str]]:
    def setup(tmp: Path) -> list[str]:
        prev = tmp / "runs" / "prev"
        _saved_run(prev)
        damage(prev)
        return _run(tmp, _csv(tmp), "--previous", str(prev))
    return setup


def _saved_run(folder: Path) -> Path:
    from demandlens.run import Run

    t = pd.DataFrame({"ticket_id": ["a", "b"], "text": ["x", "y"], "theme_key": ["th-1", None],
                      "theme_id": [0, -1], "is_outlier": [False, True]})
    th = pd.DataFrame({"theme_key": ["th-1"], "theme_id": [0], "size": [1]})
    return Run(tickets=t, themes=th, centroids=np.ones((1, 48), np.float32),
               manifest={"accounting": {"accepted": 2}}).save(folder)


def _truncate(name: str) -> Callable[[Path], None]:
    def damage(folder: Path) -> None:
        data = (folder / name).read_bytes()
        (folder / name).write_bytes(data[: len(data) // 2])
    return damage


def _labels(content: bytes | None, folder: bool = False) -> Callable[[Path], list[str]]:
    def setup(tmp: Path) -> list[str]:
        path = tmp / "labels.yaml"
        if folder:
            path.mkdir()
        else:
            path.write_bytes(content)
        return _run(tmp, _csv(tmp))
    return setup


def _out_is_previous(tmp: Path) -> list[str]:
    prev = tmp / "runs" / "prev"
    _saved_run(prev)
    args = _run(tmp, _csv(tmp), "--previous", str(prev))
    args[args.index("--out") + 1] = str(prev)
    return args


def _out_is_file(tmp: Path) -> list[str]:
    args = _run(tmp, _csv(tmp))
    out = Path(args[args.index("--out") + 1])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("not a folder", encoding="utf-8")
    return args


def _out_holds_other_files(tmp: Path) -> list[str]:
    args = _run(tmp, _csv(tmp))
    args[args.index("--out") + 1] = str(tmp)  # the project folder itself
    return args


def _export_cmd(extra: list[str], make: Callable[[Path], None] | None = None):
    def setup(tmp: Path) -> list[str]:
        run = _saved_run(tmp / "runs" / "prev")
        if make:
            make(tmp)
        return ["export", str(run), "--labels", str(tmp / "labels.yaml"), *[
            a.replace("TMP", str(tmp)) for a in extra]]
    return setup


def _report_cmd(extra: list[str]):
    def setup(tmp: Path) -> list[str]:
        run = _saved_run(tmp / "runs" / "prev")
        (tmp / "somedir").mkdir()
        return ["report", str(run), "--labels", str(tmp / "labels.yaml"), *[
            a.replace("TMP", str(tmp)) for a in extra]]
    return setup


def _file(name: str, data: bytes, then: Callable[[Path], list[str]]):
    def setup(tmp: Path) -> list[str]:
        (tmp / name).write_bytes(data)
        return then(tmp)
    return setup


def _bomb() -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for k in range(1, 9):
        prev, name = chr(ord("a") + k - 1), chr(ord("a") + k)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


EXTRA_FIRST = GOOD.head(3).to_csv(index=False).replace("\nZD-1000,", "\nZD-1000,EXTRA,", 1)
QUOTE = '"'
STRAY = "id,created_at,body\n" + "".join(
    f"ZD-{i},2026-06-01,{QUOTE * (i == 3)}text {i}\n" for i in range(1, 9))
GOOD_LABELS = dump_labels({"th-1": ThemeLabel(name="Sen leverans", demand_type="failure")})

CASES = [
    Case("one row", _rows(GOOD.head(1)), ("at least 7",)),
    Case("three rows", _rows(GOOD.head(3)), ("at least 7",)),
    Case("six rows", _rows(GOOD.head(6)), ("at least 7",)),
    Case("all bodies empty", _rows(GOOD.assign(Description="", Subject="")),
         ("at least 7", "empty_text")),
    Case("first row with an extra field", _text(EXTRA_FIRST), ("row 1", "fields")),
    Case("stray opening quote", _text(STRAY), ("row 3", "quote")),
    Case("quote never closed", _text('id,body\n1,"open\n2,x\n'), ("row 1", "never closed")),
    Case("missing file", lambda tmp: _run(tmp, tmp / "nope.csv"), ("does not exist",)),
    Case("empty file", _text(""), ("empty",)),
    Case("a folder as the export", lambda tmp: _run(tmp, tmp), ("folder",)),
    Case("old .xls", _file("x.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 600,
                           lambda tmp: _run(tmp, tmp / "x.xls")), (".xls",)),
    Case("seed: abc", _config("seed: abc\n"), ("seed", "'abc'")),
    Case("min_cluster_size: ten", _config("cluster:\n  min_cluster_size: ten\n"),
         ("cluster.min_cluster_size", "'ten'")),
    Case("chunksize: 0", _config("ingest:\n  chunksize: 0\n"), ("ingest.chunksize", "at least 1")),
    Case("encoding: klingon", _config("ingest:\n  encoding: klingon\n"),
         ("ingest.encoding", "'klingon'")),
    Case("mask.types as a string", _config("mask:\n  types: EMAIL\n"), ("mask.types", "list")),
    Case("mask.types lower-case", _config("mask:\n  types: [email, phone]\n"),
         ("mask.types", "upper-case")),
    Case("config alias bomb", _file("bad.yaml", _bomb(), lambda tmp: _run(
        tmp, _csv(tmp), "--config", str(tmp / "bad.yaml"))), ("aliases",)),
    Case("keep_columns names a missing column", _config("ingest:\n  keep_columns: [Brnad]\n"),
         ("ingest.keep_columns", "'Brnad'")),
    Case("previous: bad manifest", _previous(
        lambda f: (f / "manifest.json").write_text("{oops", encoding="utf-8")), ("manifest.json",)),
    Case("previous: truncated Parquet", _previous(_truncate("tickets.parquet")),
         ("tickets.parquet",)),
    Case("previous: truncated NPY", _previous(_truncate("centroids.npy")), ("centroids.npy",)),
    Case("previous: themes missing", _previous(lambda f: (f / "themes.parquet").unlink()),
         ("themes.parquet",)),
    Case("previous: not a run", lambda tmp: _run(tmp, _csv(tmp), "--previous", str(tmp / "nix")),
         ("no run folder",)),
    Case("--out equal to --previous", _out_is_previous, ("previous run",)),
    Case("--out an existing file", _out_is_file, ("file, not a folder",)),
    Case("--out a folder of other files", _out_holds_other_files, ("no demandlens run",)),
    Case("labels file cp1252", _labels(GOOD_LABELS.replace("Sen", "Sén").encode("cp1252")),
         ("not UTF-8", "line")),
    Case("labels file is a folder", _labels(None, folder=True), ("folder",)),
    Case("labels: judgements as a list", _labels(
        b"version: 1\nthemes:\n  th-1:\n    review: {seed: 1, sample: [a], judgements: [a]}\n"),
        ("line 4", "judgements")),
    Case("labels alias bomb", _labels(b"version: 1\n" + _bomb().replace(b"a: &a", b"x: &a")),
         ("aliases",)),
    Case("export --sep ';;'", _export_cmd(["--sep", ";;"]), ("separator", "';;'"),
         names_file=False),
    Case("export --out FILE", _export_cmd(
        ["--out", "TMP/file.txt"], lambda tmp: (tmp / "file.txt").write_text("x")), ("file",)),
    Case("report --out DIR", _report_cmd(["--out", "TMP/somedir"]), ("folder",)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_exits_2_with_a_clear_message_and_leaves_nothing(tmp_path, tiny, case):
    args = case.setup(tmp_path)
    labels = tmp_path / "labels.yaml"
    labels_before = labels.read_bytes() if labels.is_file() else None
    runs_before = _listing(tmp_path / "runs")
    calls = tiny.calls
    result = runner.invoke(app, args)
    out = " ".join(result.output.split())  # undo the console's line wrapping
    assert result.exit_code == 2, (case.name, out, result.exception)
    assert "Traceback" not in out and not isinstance(result.exception, Exception)
    assert "error:" in out
    if case.names_file:  # the message names a file or folder it was given
        flat = "".join(out.split())
        assert any(Path(a).name in flat for a in args[1:] if a.startswith(str(tmp_path))), out
    flat = "".join(out.split())
    for part in case.says:  # a wrapped line may split a word: compare without blanks too
        assert part in out or "".join(part.split()) in flat, (case.name, part, out)
    if case.before_work:
        assert tiny.calls == calls, f"{case.name}: embedding ran before the check"
    assert _listing(tmp_path / "runs") == runs_before  # no partial run folder
    assert not list(tmp_path.rglob(".*.saving-*"))
    if labels_before is not None:
        assert labels.read_bytes() == labels_before


def _listing(folder: Path) -> dict[str, int]:
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*")}


def test_a_file_mixing_utf8_and_cp1252_runs_and_says_so(tmp_path, tiny):
    head = GOOD.iloc[:30].to_csv(index=False).encode("utf-8")
    tail = GOOD.iloc[30:].to_csv(index=False, header=False).encode("cp1252", "replace")
    (tmp_path / "mixed.csv").write_bytes(head + tail)
    result = runner.invoke(app, _run(tmp_path, tmp_path / "mixed.csv"))
    assert result.exit_code == 0, result.output
    assert "mixes encodings" in " ".join(result.output.split())
    saved = pd.read_parquet(tmp_path / "runs" / "new" / "tickets.parquet")
    assert not saved["text"].str.contains("Ã").any()
    manifest = json.loads((tmp_path / "runs" / "new" / "manifest.json").read_text())
    assert any("cp1252" in w for w in manifest["warnings"])


@pytest.mark.parametrize("n", [7, 12])
def test_small_exports_at_the_minimum_run(tmp_path, tiny, n):
    export = write_export(GOOD.head(n), tmp_path, "csv")
    result = runner.invoke(app, _run(tmp_path, export))
    assert result.exit_code == 0, (result.output, result.exception)
