"""File names built from typed text: only characters every file system and browser accept."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from worksheets.model import VisitSheet

_UNSAFE_NAME = re.compile(r"[/\\:*?\"<>|\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]+")


def safe_name(text: str, fallback: str) -> str:
    """A typed name as part of a file name: no path, reserved, control or bidi-spoofing characters."""
    return re.sub(r"\s+", "_", _UNSAFE_NAME.sub("", text)).strip("._")[:40] or fallback


def export_filename(sheet: VisitSheet, ext: str) -> str:
    """拜访信息表_客户_日期.csv with only characters every file system accepts."""
    customer = safe_name(sheet.customer, "未命名客户")
    date = sheet.visit_date.isoformat() if sheet.visit_date else "无日期"
    extension = _UNSAFE_NAME.sub("", ext).strip(". ").lower()
    base = f"拜访信息表_{customer}_{date}"
    return f"{base}.{extension}" if extension else base
