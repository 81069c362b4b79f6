"""Draft codes are made by the server only: a random part plus a tag only the server's secret can produce.

A code in a link that the store does not know is adopted only when the server made it (a fresh sheet that
was never saved, e.g. refreshed before the first edit); any other value gets a new code, so a link someone
made up and shared can never become the shared draft of everyone who opens it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from worksheets.signing import secret

_BODY_BYTES = 15  # 20 characters of base64url: 120 random bits
_TAG_CHARS = 12  # 72 bits of HMAC: not guessable, short enough for a link
_BODY_CHARS = 20


def _tag(body: str) -> str:
    digest = hmac.new(secret(), b"draft-code:" + body.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")[:_TAG_CHARS]


def new_code() -> str:
    """A fresh draft code (32 characters of [A-Za-z0-9_-]) that the server will recognise as its own."""
    body = base64.urlsafe_b64encode(secrets.token_bytes(_BODY_BYTES)).decode("ascii")
    return body + _tag(body)


def made_here(code: object) -> bool:
    """True only for a code this server (or one sharing its secret) made with new_code()."""
    if not isinstance(code, str) or len(code) != _BODY_CHARS + _TAG_CHARS or not code.isascii():
        return False
    body, tag = code[:_BODY_CHARS], code[_BODY_CHARS:]
    return hmac.compare_digest(_tag(body), tag)
