"""When something happened, as a student reads it: 今天 09:41, 昨天 18:20, 11月28日 14:05, 2025年11月28日 14:05."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Asia/Shanghai"  # the bootcamp's; used when the browser does not say its time zone


def zone(name: str | None) -> tzinfo:
    """The browser's IANA time zone name, or the default for a missing or unknown one."""
    try:
        return ZoneInfo(name) if name else ZoneInfo(DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def readable_time(moment: datetime, now: datetime, tz: tzinfo) -> str:
    """`moment` and `now` are aware datetimes; the text is in the reader's zone `tz`."""
    local, today = moment.astimezone(tz), now.astimezone(tz).date()
    clock = f"{local:%H:%M}"
    if local.date() == today:
        return f"今天 {clock}"
    if local.date() == today - timedelta(days=1):
        return f"昨天 {clock}"
    if local.year == today.year:
        return f"{local.month}月{local.day}日 {clock}"
    return f"{local.year}年{local.month}月{local.day}日 {clock}"
