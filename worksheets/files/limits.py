"""How big a sheet file can honestly be, derived from the model's own limits, and the import limits that follow.

`largest_sheet()` fills every field of the model to its maximum (every text at its length limit, every list at its
item limit, the longest label of every choice), so a new field or a raised limit is included automatically. A test
exports it and asserts the importer accepts it: the importer must read everything the exporter can write.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from enum import Enum

from pydantic import BaseModel

from worksheets.codes import Choice, ControlPoint, StateSignal
from worksheets.fields import FIELDS
from worksheets.model import Competitor, ControlPointCheck, Person, VisitSheet

MAX_IMPORT_BYTES = 2_000_000  # the largest honest export is about 1.65 MB (4-byte characters everywhere)
MAX_UPLOAD_MB = 2  # what the upload pages promise; Streamlit counts MB as 10^6 bytes, like MAX_IMPORT_BYTES
# Streamlit's uploader refuses bigger files itself, in English only: let files up to this size reach our own
# check, which says in Chinese that the file is too big (.streamlit/config.toml has the same number).
UPLOADER_MB = 3
MAX_ZIP_MEMBERS = 64  # our workbook has 11 parts; Excel's re-save adds a few
MAX_MEMBER_BYTES = 8_000_000  # one part of an XLSX, unzipped
MAX_UNZIPPED_BYTES = 16_000_000  # all parts together, unzipped
MAX_CELL_CHARS = 32_767  # Excel's own limit per cell; the model's limits are far lower
MAX_COLUMNS = 64  # our widest table has 12 columns; more content to the right is refused, never allocated


def max_items(model: type[BaseModel], field: str) -> int:
    """The item limit of a list field (`Field(max_length=…)`)."""
    for meta in model.model_fields[field].metadata:
        if getattr(meta, "max_length", None):
            return meta.max_length
    raise LookupError(f"{model.__name__}.{field} has no item limit")


MAX_PEOPLE = max_items(VisitSheet, "people")
_LISTS = sum(max_items(VisitSheet, name) for name in ("people", "competitors", "departments_visited"))
# Rows of the largest honest CSV (fields, signals, lists, control points) plus headings, blanks and the
# diagnosis, with room to spare; a file with more rows is refused before it is parsed further.
MAX_SHEET_ROWS = 2 * (len(FIELDS) + len(StateSignal) + len(ControlPoint) + _LISTS) + 200


def _max_length(info) -> int | None:
    for meta in info.metadata:
        if getattr(meta, "max_length", None):
            return meta.max_length
    return None


def _longest(kind: type[Choice]) -> Choice:
    return max(kind, key=lambda member: len(member.label))


def _inner(annotation):
    """`X | None` and `Annotated[X, …]` → X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation


def _fill(model: type[BaseModel], char: str, skip: frozenset[str] = frozenset()) -> dict:
    data: dict = {}
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        kind = _inner(info.annotation)
        origin = typing.get_origin(kind)
        if origin is list:
            item = _inner(typing.get_args(kind)[0])
            if isinstance(item, type) and issubclass(item, Enum):
                data[name] = list(item)
            elif item is str:
                limit = _max_length(info) or 1
                data[name] = [char * 80] * limit  # list items of the sheet are short texts
            continue
        if isinstance(kind, type) and issubclass(kind, Choice):
            data[name] = _longest(kind)
        elif isinstance(kind, type) and issubclass(kind, BaseModel):
            data[name] = _fill(kind, char)
        elif kind is str and _max_length(info):
            data[name] = char * _max_length(info)
        elif kind is dt.date:
            data[name] = dt.date(2026, 12, 31)
        elif kind is bool:
            data[name] = True
    return data


def largest_sheet(char: str = "𠀀") -> VisitSheet:
    """Every field at its limit; people refer to each other in one long chain (the longest referrer column)."""
    data = _fill(VisitSheet, char, skip=frozenset({"people", "competitors", "control_points"}))

    people = []
    for n in range(MAX_PEOPLE):
        person = _fill(Person, char, skip=frozenset({"id", "introduced_by"}))
        person["id"] = f"p{n:015d}"
        if n:
            person["introduced_by"] = people[-1]["id"]
        people.append(person)
    competitors = [_fill(Competitor, char)] * max_items(VisitSheet, "competitors")
    controls = [{**_fill(ControlPointCheck, char, skip=frozenset({"point"})), "point": p} for p in ControlPoint]
    return VisitSheet.model_validate({**data, "people": people, "competitors": competitors, "control_points": controls})
