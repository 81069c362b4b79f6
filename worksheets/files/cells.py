"""One rule for what a spreadsheet cell may start with, and for Excel's own text escapes, on every export.

CSV: OWASP's CSV-injection rule, a leading apostrophe keeps Excel from running a typed "=…" as a formula;
`restore` takes it off again on import, so the round trip is exact.
XLSX: Office Open XML writes characters XML cannot hold as `_xHHHH_`, and a literal "_x0041_" typed by a student
must then be written as "_x005F_x0041_"; `xlsx_escape`/`xlsx_unescape` make that round trip exact.
"""

from __future__ import annotations

import re

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
_ESCAPE_LIKE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _needs_quote(text: str) -> bool:
    return text.lstrip("'")[:1] in _TRIGGERS


def neutralise(text: str) -> str:
    """OWASP CSV injection: a leading quote keeps Excel from running the cell as a formula."""
    return "'" + text if _needs_quote(text) else text


def restore(text: str) -> str:
    return text[1:] if text.startswith("'") and _needs_quote(text[1:]) else text


def xlsx_escape(text: str) -> str:
    """Text as an XLSX string: every "_xHHHH_" the student typed gets its underscore escaped as _x005F_."""
    return _ESCAPE_LIKE.sub("_x005F_", text)


def xlsx_unescape(text: str) -> str:
    """What Excel shows for an XLSX string: each _xHHHH_ is the character HHHH (one pass, left to right)."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
