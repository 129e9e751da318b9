"""Salted pseudonyms: a stable stand-in for a value that must not reach disk.

A pseudonym is ``h-`` and 16 hex digits of HMAC-SHA256 under the project's secret salt
(``<project>/.demandlens/salt``, 32 random bytes made on first use, readable by the owner
only). The same value gives the same pseudonym in every run of the project, so re-runs still
match repeated ticket ids and repeat contacts can be counted, but nobody without the salt can
test guesses ("is it anna@example.se?") against the stored values.

Example:
    >>> salt = b"0" * 32
    >>> pseudonym("anna@example.se", salt) == pseudonym("anna@example.se", salt)
    True
    >>> pseudonym("anna@example.se", salt)[:2]
    'h-'
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import tempfile
from pathlib import Path

__all__ = ["pseudonym", "project_salt", "DEFAULT_SALT"]

#: Salt used when no project folder is known (library calls without one); documented as
#: weaker: pass the project folder to get a secret one.
DEFAULT_SALT = b"demandlens-no-project-salt"


def pseudonym(value: str, salt: bytes) -> str:
    """``h-`` + 16 hex digits of HMAC-SHA256(salt, value)."""
    return "h-" + hmac.new(salt, value.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def project_salt(project_dir: str | Path | None) -> bytes:
    """The project's secret salt, created on first use; :data:`DEFAULT_SALT` without a project."""
    if project_dir is None:
        return DEFAULT_SALT
    path = Path(project_dir) / ".demandlens" / "salt"
    if path.exists():
        return path.read_bytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".salt.")
    try:
        with os.fdopen(fd, "wb") as fh:  # mkstemp: readable by the owner only
            fh.write(secrets.token_bytes(32))
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)  # appears whole or not at all; never replaces another's salt
        except FileExistsError:
            pass
    finally:
        os.unlink(tmp)
    return path.read_bytes()
