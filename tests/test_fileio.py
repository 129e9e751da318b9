"""fileio: the one CSV writer, whole-folder replacement, the alias-free YAML loader."""

from __future__ import annotations

import csv
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from demandlens.fileio import (
    atomic_write_bytes,
    atomic_write_text,
    atomic_write_with,
    is_formula,
    load_yaml,
    neutralise_formula,
    remove_stale_staging,
    replace_dir,
    staging_dir,
    write_csv,
)

SRC = Path(__file__).resolve().parents[1] / "src" / "demandlens"
FORMULAS = ["=1+1", "+46 70", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd", "＝HYPERLINK(\"x\")",
            "＋1", "－1", "＠x", " =1+1", "\u3000＝1", "﹦1", "=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("value", FORMULAS)
def test_formula_starts_are_neutralised(value):
    assert is_formula(value)
    out = neutralise_formula(value)
    assert out == "'" + value and not is_formula(out)


@pytest.mark.parametrize("value", ["Late parcel", "", "'=already", "1+1", "e-mail", "ok=fine"])
def test_plain_text_is_left_alone(value):
    assert not is_formula(value) and neutralise_formula(value) == value


def test_write_csv_neutralises_text_cells_but_not_numbers(tmp_path):
    df = pd.DataFrame({"name": ["=HYPERLINK(\"http://x\")", "＝1+1", "fine"], "change": [-4, 2, 0],
                       "share": [-0.5, 0.25, 0.0], "key": pd.array(["@a", "b", None], dtype="string")})
    path = write_csv(df, tmp_path / "out.csv", sep=";", decimal=",")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert rows[0] == ["name", "change", "share", "key"]
    assert [r[0] for r in rows[1:]] == ["'=HYPERLINK(\"http://x\")", "'＝1+1", "fine"]
    assert [r[1] for r in rows[1:]] == ["-4", "2", "0"] and rows[1][2] == "-0,5"
    assert [r[3] for r in rows[1:]] == ["'@a", "b", ""]
    assert not any(is_formula(c) for r in rows[1:] for c in (r[0], r[3]))


@pytest.mark.parametrize("sep", [";;", "", '"', "\n", "."])
def test_write_csv_refuses_a_bad_separator(tmp_path, sep):
    with pytest.raises(ValueError, match="separator"):
        write_csv(pd.DataFrame({"a": [1]}), tmp_path / "x.csv", sep=sep)
    assert not (tmp_path / "x.csv").exists()


def test_every_csv_the_product_writes_goes_through_write_csv():
    """A new CSV export (alerts.csv, …) must use fileio.write_csv, which neutralises formulas."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name == "fileio.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\.to_csv\(|csv\.writer\(|\.to_excel\(|DictWriter\(", line):
                offenders.append(f"{path.relative_to(SRC)}:{n}: {line.strip()}")
    assert not offenders, "write CSV through demandlens.fileio.write_csv:\n" + "\n".join(offenders)


def _folder(path: Path, text: str) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for name in ("a.txt", "b.txt"):
        (path / name).write_text(text, encoding="utf-8")
    return path


def test_replace_dir_swaps_a_whole_folder_and_leaves_nothing_behind(tmp_path):
    target = _folder(tmp_path / "run", "old")
    (target / "stale.parquet").write_text("old only", encoding="utf-8")
    staged = _folder(staging_dir(target), "new")
    replace_dir(staged, target)
    assert sorted(p.name for p in target.iterdir()) == ["a.txt", "b.txt"]
    assert {(target / n).read_text(encoding="utf-8") for n in ("a.txt", "b.txt")} == {"new"}
    assert [p.name for p in tmp_path.iterdir()] == ["run"]
    replace_dir(_folder(staging_dir(tmp_path / "fresh"), "x"), tmp_path / "fresh")
    assert (tmp_path / "fresh" / "a.txt").read_text(encoding="utf-8") == "x"


def test_a_process_killed_while_building_leaves_the_old_folder(tmp_path):
    target = _folder(tmp_path / "run", "old")
    code = (
        "import os, sys; from pathlib import Path; from demandlens.fileio import staging_dir\n"
        f"s = staging_dir(Path({str(target)!r})); (s / 'a.txt').write_text('new')\n"
        "os._exit(9)  # killed before the swap\n"
    )
    result = subprocess.run([sys.executable, "-c", code], env={**os.environ}, check=False)
    assert result.returncode == 9
    assert (target / "a.txt").read_text(encoding="utf-8") == "old"
    leftovers = [p for p in tmp_path.iterdir() if p.name != "run"]
    assert len(leftovers) == 1 and leftovers[0].name.startswith(".run.saving-")
    assert remove_stale_staging(target) == leftovers
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


def test_load_yaml_refuses_aliases_and_python_tags():
    assert load_yaml("a: [1, 2]\nb: {c: x}\n") == {"a": [1, 2], "b": {"c": "x"}}
    with pytest.raises(yaml.YAMLError, match="aliases"):
        load_yaml("a: &x [1, 2]\nb: *x\n")
    with pytest.raises(yaml.YAMLError):
        load_yaml("a: !!python/object/apply:os.system ['echo hi']\n")


# -- permissions -------------------------------------------------------------------------------
def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def umask():
    """Set the process umask for one test and restore it afterwards."""
    old = os.umask(0o022)

    def set_mask(mask: int) -> None:
        os.umask(mask)

    yield set_mask
    os.umask(old)


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_new_file_follows_the_umask_not_the_temp_file(tmp_path, umask, mask, expected):
    umask(mask)
    target = atomic_write_text(tmp_path / "labels.yaml", "version: 1\n")
    assert _mode(target) == expected
    plain = tmp_path / "plain.txt"
    plain.write_text("x")  # what an ordinary write gives, for comparison
    assert _mode(target) == _mode(plain)


def test_replacing_a_file_keeps_its_permissions(tmp_path, umask):
    umask(0o022)
    target = tmp_path / "themes.csv"
    target.write_text("old")
    os.chmod(target, 0o600)  # the analyst locked it down
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert _mode(target) == 0o600


def test_writer_callback_files_get_normal_permissions_and_no_temp_is_left(tmp_path, umask):
    umask(0o022)

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write("a,b\n")

    target = atomic_write_with(tmp_path / "out" / "tickets.csv", write)
    assert _mode(target) == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["tickets.csv"]


def test_a_staged_folder_gets_normal_permissions_not_mkdtemps(tmp_path, umask):
    umask(0o022)
    staged = staging_dir(tmp_path / "runs" / "2026-11")
    assert _mode(staged) == 0o755
    (staged / "manifest.json").write_text("{}")
    target = replace_dir(staged, tmp_path / "runs" / "2026-11")
    assert _mode(target) == 0o755
