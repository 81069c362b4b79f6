"""Format versions of what the workbook stores and writes: drafts, sheet files, result files.

Version 1: choices stored as their Chinese labels, no version recorded anywhere (releases up to 2026-11).
Version 2: choices stored as stable codes (worksheets.codes); every draft and file records its version.
Old versions are read by migrating them step by step; a newer version than this app is refused in Chinese.

A new format version N+1 (a field renamed, split or removed; a code changed): raise FORMAT_VERSION, add one
small function `_vN_to_vN1(data) -> data` to STEPS, write tests/fixtures/formats/make_vN1.py and its golden
files, and never edit an older step or older golden files. A new field with a default needs no step (a
missing key gets the default); a reworded label needs none either (worksheets.codes keeps the old label).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from worksheets.codes import (
    CompetitorClue,
    ControlPoint,
    FundingStatus,
    Investment,
    Level,
    Line,
    Personality,
    ProjectQuality,
    Relation,
    Role,
    Source,
    StateSignal,
)

FORMAT_VERSION = 2


class FormatTooNew(ValueError):
    """Written by a newer release of the workbook than this one: refused, never opened as something else."""


def check_readable(version: int, what: str = "草稿") -> None:
    """`what` names the thing in the message: 草稿, 文件 …"""
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError(f"{what}的格式版本“{version}”无法识别，应是 1 到 {FORMAT_VERSION} 的整数")
    if version > FORMAT_VERSION:
        raise FormatTooNew(
            f"这份{what}由更新版本的练习册保存（格式版本 {version}），"
            f"当前程序只能读到格式版本 {FORMAT_VERSION}：请老师更新练习册后再打开。"
        )


# Where a format-1 sheet holds choices, as dotted paths ("*" = every item of a list) and the kind of choice.
_V1_CHOICES: tuple[tuple[str, type], ...] = (
    ("funding_status", FundingStatus),
    ("quality", ProjectQuality),
    ("investment", Investment),
    ("signals", StateSignal),
    *((f"{part}.source", Source) for part in ("budget", "funding", "authority", "need", "timeline")),
    ("people.*.line", Line),
    ("people.*.level", Level),
    ("people.*.roles", Role),
    ("people.*.relation", Relation),
    ("people.*.personality", Personality),
    ("competitors.*.clues", CompetitorClue),
    ("control_points.*.point", ControlPoint),
)


def _code(kind: Any, value: object) -> object:
    """A label of any release, or already a code, becomes the code; anything else is left for validation."""
    if isinstance(value, list):
        return [_code(kind, v) for v in value]
    if not isinstance(value, str):
        return value  # None (no source given) and malformed values: the model's validation reports the latter
    try:
        return kind.from_text(value).value
    except ValueError:
        return value


def _convert(node: object, path: list[str], kind: type) -> None:
    head, rest = path[0], path[1:]
    if head == "*":
        for item in node if isinstance(node, list) else []:
            _convert(item, rest, kind)
    elif isinstance(node, dict) and head in node:
        if rest:
            _convert(node[head], rest, kind)
        else:
            node[head] = _code(kind, node[head])


def _v1_to_v2(data: dict) -> dict:
    """Version 1 stored every choice as its Chinese label; version 2 stores the stable code."""
    for path, kind in _V1_CHOICES:
        _convert(data, path.split("."), kind)
    return data


# STEPS[n] turns a format-n sheet into a format-(n+1) sheet. Steps are frozen once released.
STEPS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2}


def upgrade_sheet_data(data: dict, from_version: int) -> dict:
    """A stored sheet (the JSON of VisitSheet) of format `from_version`, migrated to FORMAT_VERSION.

    The input is not changed. Raises FormatTooNew for a newer format, ValueError for a malformed version.
    """
    check_readable(from_version)
    data = copy.deepcopy(data)
    for version in range(from_version, FORMAT_VERSION):
        data = STEPS[version](data)
    return data
