"""Customer ids, kept only as a salted hash so repeat contacts can be found without storing
who the customer is.

An export's customer, requester or contact column (mapped like the other columns, field
``customer``) is replaced during ingest by ``customer_key``: ``cu-`` and 16 hex digits of
HMAC-SHA256 over the normalised id (trimmed, case-folded, inner spaces collapsed, so
``Anna@Example.com `` and ``anna@example.com`` are one customer). The raw id never leaves
memory. The key (the salt) is a random 32-byte secret in the analyst's project
(``repeats.salt_file``, default ``.demandlens/customer-salt``), created on first use with
owner-only permissions; it is never written into a run folder or an export, so a shared
run or CSV cannot be joined back to customer ids by hashing a list of known ids.

Example:
    >>> salt = bytes(32)
    >>> a, b, c = customer_keys(["Anna@Example.com ", "anna@example.com", ""], salt)
    >>> a == b, a.startswith("cu-") and len(a) == 19, c
    (True, True, None)
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import secrets
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..config import RepeatsConfig
from ..errors import InputError

__all__ = ["customer_keys", "project_salt", "normalise_customer_id", "KEY_COLUMN"]

log = logging.getLogger(__name__)

#: Ticket column holding the hashed customer id.
KEY_COLUMN = "customer_key"
_SPACES = re.compile(r"\s+")
_SALT_BYTES = 32


def normalise_customer_id(value: object) -> str:
    """Trimmed, case-folded id with inner whitespace collapsed ("" for missing values)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return _SPACES.sub(" ", str(value).strip()).casefold()


def customer_keys(values: Iterable[object], salt: bytes) -> list[str | None]:
    """``cu-`` + 16 hex digits of HMAC-SHA256(salt, id) per value; None for empty ids."""
    if len(salt) < 16:
        raise ValueError("The customer-id salt must be at least 16 bytes.")
    out: list[str | None] = []
    cache: dict[str, str] = {}
    for value in values:
        norm = normalise_customer_id(value)
        if not norm:
            out.append(None)
            continue
        key = cache.get(norm)
        if key is None:
            key = "cu-" + hmac.new(salt, norm.encode("utf-8"), hashlib.sha256).hexdigest()[:16]
            cache[norm] = key
        out.append(key)
    return out


def project_salt(project_dir: str | Path, config: RepeatsConfig | None = None) -> bytes:
    """The project's customer-id salt, created (owner read/write only) on first use.

    Two processes creating it at once agree on one salt: the file is linked into place
    only if it does not exist yet, and both read what is there afterwards.
    """
    config = config or RepeatsConfig()
    path = Path(config.salt_file)
    if not path.is_absolute():
        path = Path(project_dir) / path
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".salt.", suffix=".tmp")
        try:
            os.fchmod(fd, 0o600)
            os.write(fd, secrets.token_hex(_SALT_BYTES).encode("ascii") + b"\n")
            os.fsync(fd)
            os.close(fd)
            try:
                os.link(tmp, path)  # atomic, and fails if another process was first
                log.info("Created the customer-id salt %s (keep it out of shared folders).",
                         path)
            except FileExistsError:
                pass
        finally:
            Path(tmp).unlink(missing_ok=True)
    text = path.read_text(encoding="ascii").strip()
    try:
        salt = bytes.fromhex(text)
    except ValueError:
        salt = b""
    if len(salt) < 16:
        raise InputError(
            "The customer-id salt file is damaged (it must hold at least 32 hex digits).",
            file=str(path),
            hint="Restore it from a backup; a new salt makes this month's customers "
            "unrecognisable next to earlier runs' (delete it only if that is acceptable).",
        )
    return salt
