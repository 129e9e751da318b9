"""Safe file input and output, used by every stage that touches disk.

* Atomic file writes: a temp file in the target folder, fsync, then ``os.replace``. A reader
  never sees a half-written file, and a crash leaves the previous version intact. The file
  gets the permissions a normal write would give it: those of the file it replaces, or
  ``0o666`` less the process umask (the temp file alone would leave ``0o600``); a staged
  folder likewise gets ``0o777`` less the umask, not ``mkdtemp``'s ``0o700``.
* Whole folders (:func:`staging_dir`, :func:`replace_dir`): built beside the target and
  swapped in at once, so a crash leaves the old folder or the new one, never a mix.
* Excel (:func:`write_xlsx`): the one workbook writer, atomic; every string cell is stored
  as text, so one that starts like a formula is shown, never evaluated.
* CSV (:func:`write_csv`): the one CSV writer of the product, atomic, and safe to open in
  Excel: a text cell that would start a formula (``= + - @``, TAB, CR, or a full-width
  ``＝ ＋ － ＠`` that Unicode normalisation turns into one) gets a leading ``'``.
* YAML (:func:`load_yaml`): safe types only and no aliases, so a few hundred bytes of nested
  aliases cannot expand into gigabytes.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

__all__ = [
    "csv_text",
    "atomic_write_bytes",
    "atomic_write_text",
    "atomic_write_with",
    "staging_dir",
    "replace_dir",
    "remove_stale_staging",
    "load_yaml",
    "SafeYamlLoader",
    "write_csv",
    "write_xlsx",
    "neutralise_formula",
    "neutralise_formulas",
    "is_formula",
]


def _umask() -> int:
    """The process umask, read without changing it where the system allows (Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode_for(target: Path) -> int:
    """Permissions for ``target``: kept from the file it replaces, else 0o666 less the umask."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


def atomic_write_with(target: str | Path, write: Callable[[str], None]) -> Path:
    """Call ``write(tmp_path)`` and move the result onto ``target`` atomically."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def atomic_write_bytes(target: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically."""

    def _write(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            fh.write(data)

    return atomic_write_with(target, _write)


def atomic_write_text(target: str | Path, text: str) -> Path:
    """Write UTF-8 ``text`` to ``target`` atomically."""
    return atomic_write_bytes(target, text.encode("utf-8"))


# -- whole folders ----------------------------------------------------------------------------
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False if unsupported."""
    import ctypes

    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this filesystem or kernel cannot
        return False
    raise OSError(errno, os.strerror(errno), str(b))


def staging_dir(target: str | Path) -> Path:
    """A new empty folder beside ``target`` (``.<name>.saving-<pid>-…``) to build it in."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.saving-{os.getpid()}-"))
    os.chmod(staged, 0o777 & ~_umask())  # what mkdir gives, not mkdtemp's 0o700
    return staged


def replace_dir(staged: str | Path, target: str | Path) -> Path:
    """Put the folder ``staged`` in the place of ``target`` whole and remove the old one.

    A reader, or a crash at any moment, sees the old folder or the new one, never a mix. Where
    the kernel cannot swap two folders in one step, the old one is renamed aside first
    (``.<name>.old-<pid>``), so even then nothing is mixed.
    """
    staged, target = Path(staged), Path(target)
    _fsync_dir(staged)
    if not target.exists():
        os.rename(staged, target)
    elif _exchange(staged, target):
        shutil.rmtree(staged, ignore_errors=True)  # it holds the old version now
    else:
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.rename(target, old)
        os.rename(staged, target)
        shutil.rmtree(old, ignore_errors=True)
    _fsync_dir(target.parent)
    return target


def remove_stale_staging(target: str | Path) -> list[Path]:
    """Remove staging folders beside ``target`` left by processes that no longer run."""
    target = Path(target)
    removed = []
    for path in target.parent.glob(f".{target.name}.saving-*"):
        pid = path.name[len(f".{target.name}.saving-") :].split("-")[0]
        if pid.isdigit() and _alive(int(pid)):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# -- YAML -------------------------------------------------------------------------------------
class SafeYamlLoader(yaml.SafeLoader):
    """PyYAML's SafeLoader refusing aliases (``*name``): nested aliases expand exponentially
    ("billion laughs"), and no demandlens file needs them."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed; write the values out",
                self.peek_event().start_mark,
            )
        return super().compose_node(parent, index)


def load_yaml(text: str) -> Any:
    """Parse YAML ``text``: safe types only, no aliases (raises ``yaml.YAMLError``)."""
    return yaml.load(text, Loader=SafeYamlLoader)  # noqa: S506 - a SafeLoader subclass


# -- CSV ----------------------------------------------------------------------------------------
_FORMULA_START = frozenset("=+-@\t\r")
_BLANKS = " \u00a0\u3000"


def is_formula(value: object) -> bool:
    """True when a spreadsheet would read the text ``value`` as a formula (or a command)."""
    if not isinstance(value, str) or not value:
        return False
    for text in (value, value.lstrip(_BLANKS)):
        if text and unicodedata.normalize("NFKC", text[0])[:1] in _FORMULA_START:
            return True
    return False


def neutralise_formula(value: object) -> object:
    """``value`` with a leading ``'`` when it would start a formula (OWASP CSV injection)."""
    return "'" + value if is_formula(value) else value


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells cannot start a formula; other cells are unchanged."""
    out = df.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series):
            out[col] = series.map(neutralise_formula, na_action="ignore")
    return out


def write_csv(
    df: pd.DataFrame,
    target: str | Path,
    *,
    sep: str = ",",
    bom: bool = False,
    decimal: str = ".",
    date_format: str = "%Y-%m-%d %H:%M:%S",
) -> Path:
    """Write ``df`` (no index) as CSV atomically, formula prefixes neutralised.

    Raises:
        ValueError: ``sep`` is not one character, or is a quote, a line break or ``decimal``.
    """
    if len(sep) != 1 or sep in "\"\r\n" or sep == decimal:
        raise ValueError(
            f"The column separator must be one character other than a quote, a line break or "
            f"the decimal mark, e.g. ',' or ';' (got {sep!r})."
        )
    safe = neutralise_formulas(df)
    encoding = "utf-8-sig" if bom else "utf-8"
    return atomic_write_with(
        target,
        lambda tmp: safe.to_csv(tmp, index=False, sep=sep, decimal=decimal, encoding=encoding,
                                date_format=date_format),
    )


def csv_text(df: pd.DataFrame) -> str:
    """``df`` as comma-separated text (no index), formula prefixes neutralised: for a CSV that
    is written as part of something else (the run folder's ``alerts.csv``)."""
    return neutralise_formulas(df).to_csv(index=False)


# -- Excel --------------------------------------------------------------------------------------
def write_xlsx(sheets: dict[str, pd.DataFrame], target: str | Path,
               date_format: str = "%Y-%m-%d %H:%M:%S") -> Path:
    """Write ``{sheet name: table}`` (no index) as one ``.xlsx`` atomically (openpyxl).

    Every string is stored as a text cell: openpyxl would store ``"=..."`` as a formula, which
    Excel evaluates on opening. Dates are written as text in ``date_format``; the header row is
    frozen. Sheet names are cut to Excel's 31 characters.
    """

    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh, pd.ExcelWriter(fh, engine="openpyxl") as writer:
            for name, df in sheets.items():
                shown = df.copy()
                for col in shown.columns:
                    if pd.api.types.is_datetime64_any_dtype(shown[col]):
                        shown[col] = shown[col].dt.strftime(date_format)
                shown.to_excel(writer, sheet_name=name[:31], index=False)
                sheet = writer.sheets[name[:31]]
                for row in sheet.iter_rows():
                    for cell in row:
                        if cell.data_type == "f":  # text that starts with "=": keep it text
                            cell.data_type = "s"
                sheet.freeze_panes = "A2"

    return atomic_write_with(target, write)
