"""The workbook's three kinds of file, told apart by their first row, so a file dropped on the wrong uploader
is named for what it is and where it goes (the trainer saw only "这不是拜访信息表")."""

from __future__ import annotations

from collections.abc import Sequence

SHEET, SELFTEST, PRACTICE = "拜访信息表", "自测结果", "模拟初访结果"
_SELFTEST_HEAD = ("学员", "日期", "得分")  # course.selftest_io.HEADERS begins so


def kind_of(first_row: Sequence[str]) -> str | None:
    cells = [c.strip().lstrip("\ufeff") for c in first_row]
    if cells and cells[0] in (SHEET, PRACTICE):
        return cells[0]
    return SELFTEST if tuple(cells[:3]) == _SELFTEST_HEAD else None


def wrong_kind(first_row: Sequence[str], expected: str) -> str | None:
    """For a file of another of the workbook's kinds: what it is, and where it belongs; else None."""
    kind = kind_of(first_row)
    if kind is None or kind == expected:
        return None
    return f"这是{kind}文件，不是{expected}：这里需要{expected}文件；讲师汇总时，它应放在“作业汇总”的“{kind}”页签。"
