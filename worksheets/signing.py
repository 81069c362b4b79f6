"""Signatures over result files, so the trainer can tell a genuine export from a hand-edited one.

The secret is the server's: WORKBOOK_SECRET when set (several instances must share one), else a random
secret kept in the data folder beside the drafts, made once.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import cache
from pathlib import Path

_FILE = "result-secret"


def _data_dir() -> Path:
    return Path(os.environ.get("WORKBOOK_DATA_DIR", Path(__file__).resolve().parent.parent / "data"))


@cache
def _secret() -> bytes:
    if value := os.environ.get("WORKBOOK_SECRET"):
        return value.encode("utf-8")
    path = _data_dir() / _FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(path, "x", encoding="ascii") as f:  # "x": two starting instances never overwrite
                f.write(secrets.token_hex(32))
        except FileExistsError:
            pass
    return path.read_text(encoding="ascii").strip().encode("ascii")


def sign(payload: bytes) -> str:
    """A hex HMAC-SHA256 of the payload with the server's secret."""
    return hmac.new(_secret(), payload, hashlib.sha256).hexdigest()


def verify(payload: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(payload), signature.strip().lower())


def secret() -> bytes:
    """The server's secret, for other server-made tokens (draft codes)."""
    return _secret()
