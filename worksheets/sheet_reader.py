"""Turns the rows of an imported CSV or Excel file into one validated sheet, naming any bad cell."""

from __future__ import annotations

import datetime as dt
import re
from typing import TypeVar

from pydantic import ValidationError

from worksheets import errors, formats
from worksheets.codes import Choice
from worksheets.errors import SheetImportError, shown
from worksheets.fields import (
    COLUMNS_SINCE,
    COMPETITOR_HEADER,
    FIELDS,
    NO,
    OLD_COLUMNS,
    PEOPLE_CHOICES,
    PEOPLE_HEADER,
    PERSON_ATTRS,
    SIGNALS,
    YES,
    Row,
)
from worksheets.files.limits import MAX_PEOPLE
from worksheets.model import (
    CompetitorClue,
    ControlPoint,
    Role,
    Source,
    StateSignal,
    VisitSheet,
    new_person_id,
)

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_SPLIT = re.compile(r"[；;，,、]")
_YES_NO = {YES: True, NO: False}
E = TypeVar("E", bound=Choice)


def choice(kind: type[E], value: str, where: str) -> E:
    try:
        return kind.from_text(value)
    except ValueError:
        options = "、".join(member.label for member in kind)
        message = errors.BAD_CHOICE.format(where=where, value=shown(value), options=options)
        raise SheetImportError(message) from None


def yes_no(value: str, where: str) -> bool:
    if value not in _YES_NO:
        raise SheetImportError(errors.BAD_CHOICE.format(where=where, value=shown(value), options="是、否"))
    return _YES_NO[value]


def parse_date(value: str, where: str) -> dt.date | None:
    """ISO dates as exported, and the 2026/11/20 form Excel on Chinese Windows writes back."""
    if not value:
        return None
    match = _DATE.match(value)
    try:
        if match:
            return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        pass
    raise SheetImportError(errors.BAD_DATE.format(where=where, value=shown(value)))


def _choices(kind: type[E], value: str, where: str) -> list[E]:
    return [choice(kind, item.strip(), where) for item in _SPLIT.split(value) if item.strip()]


def check_header(cells: Row, where: str, name: str, expected: tuple[str, ...]) -> None:
    actual = [cell.strip() for cell in cells]
    while actual and not actual[-1]:
        actual.pop()
    if tuple(actual) != expected:
        raise _wrong_header(actual, where, name, expected)


def _wrong_header(actual: list[str], where: str, name: str, expected: tuple[str, ...]) -> SheetImportError:
    shown_actual = shown("、".join(actual), 60) or "（空行）"
    return SheetImportError(
        errors.WRONG_HEADER.format(where=where, name=name, expected="、".join(expected), actual=shown_actual)
    )


class Columns:
    """A table's header as found in the file, mapped onto today's columns.

    Columns are found by title (today's or an earlier release's), in any order. A file has every column its
    format version wrote; a column added since is empty in it, so the model's default applies.
    """

    def __init__(
        self, cells: Row, where: str, name: str, expected: tuple[str, ...], version: int, key: str | None = None
    ) -> None:
        actual = [cell.strip() for cell in cells]
        while actual and not actual[-1]:
            actual.pop()
        key = key or name  # the table, when the message names its sheet
        titles = {title: title for title in expected} | OLD_COLUMNS.get(key, {})
        self.index: dict[str, int] = {}
        for position, title in enumerate(actual):
            column = titles.get(title)
            if column is None or column in self.index:
                raise _wrong_header(actual, where, name, expected)
            self.index[column] = position
        since = COLUMNS_SINCE.get(key, {})
        if any(column not in self.index and since.get(column, 1) <= version for column in expected):
            raise _wrong_header(actual, where, name, expected)
        self.expected, self.width = expected, len(actual)

    def row(self, cells: Row, where: str) -> Row:
        """Cells in today's column order, "" for a column the file lacks; content beyond the header is refused."""
        extra = [cell for cell in cells[self.width :] if cell.strip()]
        if extra:
            raise SheetImportError(errors.EXTRA_CELLS.format(where=where, count=len(extra)))
        return [cells[self.index[c]] if c in self.index and self.index[c] < len(cells) else "" for c in self.expected]


def file_version(value: str, where: str) -> int:
    """The format version a file declares; a newer one than this app can read is refused in Chinese."""
    text = value.strip()
    if not text.isdigit() or not 1 <= int(text) <= 10_000:
        raise SheetImportError(errors.BAD_VERSION.format(where=where, value=shown(text)))
    if int(text) > formats.FORMAT_VERSION:
        raise SheetImportError(errors.NEWER_VERSION.format(version=int(text), current=formats.FORMAT_VERSION))
    return int(text)


class SheetReader:
    """Collects rows as they are read, then builds one sheet; the original is never touched."""

    def __init__(self, version: int = 1) -> None:
        self.version = version  # 1: no version row (releases up to 2026-11)
        self.data: dict = {"departments_visited": [], "signals": [], "people": [], "competitors": []}
        self.places: dict[tuple, str] = {
            ("people",): "决策链人员",
            ("competitors",): "竞争对手",
            ("departments_visited",): "拜访部门",
        }
        self.seen: set[tuple[str, str]] = set()
        self.ids: set[str] = set()
        self.control: dict[ControlPoint, dict] = {}
        self.referrals: list[tuple[dict, str, str, str, str]] = []

    def field(self, row: str, cells: Row) -> None:
        part, label, value, source = cells
        where = f"{row}“{label}”"
        key = (part, label)
        if key in self.seen:
            raise SheetImportError(errors.DUPLICATE_ROW.format(where=where))
        if part == SIGNALS:
            signal = choice(StateSignal, label, f"{row}“项目”列")
            self.seen.add(key)
            if yes_no(value, where):
                self.data["signals"].append(signal)
            return
        spec = FIELDS.get(key)
        if spec is None:
            raise SheetImportError(errors.UNKNOWN_ROW.format(where=row, value=shown(f"{part} / {label}", 40)))
        if spec.kind == "list":
            self.places[(spec.attr, len(self.data[spec.attr]))] = where
            self.data[spec.attr].append(value)
            return
        self.seen.add(key)
        self.places[(spec.attr,)] = where
        if spec.kind == "evidence":
            self.places[(spec.attr, "source")] = f"{where}的“信息来源”列"
            found = choice(Source, source, f"{where}的“信息来源”列") if source else None
            self.data[spec.attr] = {"answer": value, "source": found}
        elif spec.kind == "date":
            self.data[spec.attr] = parse_date(value, where)
        elif spec.kind == "choice":
            self.data[spec.attr] = choice(spec.choices, value, where)
        else:
            self.data[spec.attr] = value

    def person(self, row: str, cells: Row) -> None:
        cell = dict(zip(PEOPLE_HEADER, cells, strict=True))
        index = len(self.data["people"])
        if index >= MAX_PEOPLE:  # stop here: reading on would only cost time
            raise SheetImportError(errors.TOO_MANY_PEOPLE.format(where=row, count=index + 1, limit=MAX_PEOPLE))
        at = {column: f"{row}“{column}”列" for column in PEOPLE_HEADER}
        person: dict = {"id": cell["编号"] or new_person_id(), "name": cell["姓名"]}
        if person["id"] in self.ids:
            raise SheetImportError(errors.DUPLICATE_ID.format(where=at["编号"], value=shown(person["id"])))
        for column, (attr, kind) in PEOPLE_CHOICES.items():
            if cell[column]:  # left empty by hand: the model's default applies
                person[attr] = choice(kind, cell[column], at[column])
        person["roles"] = _choices(Role, cell["角色"], at["角色"])
        person |= {attr: cell[column] for column, attr in PERSON_ATTRS.items()}
        self.places |= {("people", index, "id"): at["编号"], ("people", index, "name"): at["姓名"]}
        self.places |= {("people", index, attr): at[column] for column, attr in PERSON_ATTRS.items()}
        self.places[("people", index)] = row
        self.ids.add(person["id"])
        self.referrals.append((person, cell["引荐人编号"], cell["引荐人"], at["引荐人编号"], at["引荐人"]))
        self.data["people"].append(person)

    def competitor(self, row: str, cells: Row) -> None:
        name, clues, note = cells
        index = len(self.data["competitors"])
        at = {column: f"{row}“{column}”列" for column in COMPETITOR_HEADER}
        self.places[("competitors", index, "name")] = at["厂家"]
        self.places[("competitors", index, "note")] = at["备注"]
        clue_list = _choices(CompetitorClue, clues, at["发现线索"])
        self.data["competitors"].append({"name": name, "clues": clue_list, "note": note})

    def control_point(self, row: str, cells: Row) -> None:
        point, met, evidence = cells
        found = choice(ControlPoint, point, f"{row}“控制点”列")
        if found in self.control:
            raise SheetImportError(errors.DUPLICATE_ROW.format(where=f"{row}“{point}”"))
        self.places[("control_points", list(ControlPoint).index(found), "evidence")] = f"{row}“依据”列"
        self.control[found] = {"point": found, "met": yes_no(met, f"{row}“是否达成”列"), "evidence": evidence}

    def _resolve_referrals(self) -> None:
        """One pass over the people, one dictionary of names: linear, however the referrals are chained."""
        ids = self.ids
        by_name: dict[str, list[str]] = {}
        for p in self.data["people"]:
            by_name.setdefault(p["name"], []).append(p["id"])
        for person, ref_id, ref_name, at_id, at_name in self.referrals:
            if ref_id:
                if ref_id not in ids or ref_id == person["id"]:
                    raise SheetImportError(errors.UNKNOWN_REFERRER.format(where=at_id, value=shown(ref_id)))
                person["introduced_by"] = ref_id
            elif ref_name:  # typed by hand in Excel: find the one person with that name
                matches = [i for i in by_name.get(ref_name, []) if i != person["id"]]
                if len(matches) != 1:
                    message = errors.UNKNOWN_REFERRER.format(where=at_name, value=shown(ref_name))
                    raise SheetImportError(message)
                person["introduced_by"] = matches[0]

    def finish(self) -> VisitSheet:
        for (part, label), spec in FIELDS.items():
            missing = spec.kind != "list" and (part, label) not in self.seen
            if missing and spec.since <= self.version:  # a row added after the file's version: its default applies
                raise SheetImportError(errors.MISSING_FIELD.format(part=part, label=label))
        self._resolve_referrals()
        self.data["control_points"] = [self.control.get(p, {"point": p}) for p in ControlPoint]
        try:
            return VisitSheet.model_validate(self.data)
        except ValidationError as exc:
            raise errors.from_validation(exc, self.places) from None
