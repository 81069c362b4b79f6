"""The visit sheet as one CSV file that reads as the homework table in Excel, and back again."""

from __future__ import annotations

import codecs
import csv
import io

from worksheets import errors, formats
from worksheets.errors import SheetImportError, shown
from worksheets.fields import (
    COMPETITOR_HEADER,
    COMPETITORS,
    CONTROL_HEADER,
    CONTROL_POINTS,
    DIAGNOSIS_TITLE,
    END,
    FIELD_HEADER,
    FIELD_TABLE,
    PEOPLE,
    PEOPLE_HEADER,
    SUBTITLE,
    TITLE,
    VERSION_LABEL,
    Row,
    competitor_rows,
    control_rows,
    diagnosis_rows,
    field_rows_after_chain,
    field_rows_before_chain,
    person_rows,
)
from worksheets.files import kinds
from worksheets.files.cells import neutralise, restore
from worksheets.files.guard import decode_text
from worksheets.files.kinds import wrong_kind
from worksheets.files.limits import MAX_COLUMNS, MAX_SHEET_ROWS
from worksheets.model import VisitSheet
from worksheets.sheet_reader import Columns, SheetReader, file_version

_TABLES = {PEOPLE: PEOPLE_HEADER, COMPETITORS: COMPETITOR_HEADER, CONTROL_POINTS: CONTROL_HEADER}
_HEADS = {TITLE, FIELD_HEADER[0], *_TABLES, DIAGNOSIS_TITLE, END}
_EMPTY: Row = []


def sheet_rows(sheet: VisitSheet) -> list[Row]:
    """The whole homework table, block by block in lesson order, blank rows between blocks."""
    met = sum(c.met for c in sheet.control_points)
    rows: list[Row] = [[TITLE, SUBTITLE], [VERSION_LABEL, str(formats.FORMAT_VERSION)], list(FIELD_HEADER)]
    rows += [*field_rows_before_chain(sheet), []]
    rows += [[PEOPLE, f"共 {len(sheet.people)} 人"], list(PEOPLE_HEADER), *person_rows(sheet), []]
    rows += [[COMPETITORS, f"共 {len(sheet.competitors)} 家"], list(COMPETITOR_HEADER)]
    rows += [*competitor_rows(sheet), [], list(FIELD_HEADER), *field_rows_after_chain(sheet), []]
    rows += [[CONTROL_POINTS, f"已达成 {met} 个"], list(CONTROL_HEADER), *control_rows(sheet), []]
    diagnosis = diagnosis_rows(sheet)
    if diagnosis:
        rows += [[DIAGNOSIS_TITLE], *diagnosis, []]
    return [*rows, [END]]


def to_csv(sheet: VisitSheet) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([neutralise(cell) for cell in row] for row in sheet_rows(sheet))
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def _read_rows(text: str) -> list[Row]:
    first = text.split("\n", 1)[0]
    delimiter = "\t" if not first.startswith(TITLE + ",") and first.startswith(TITLE + "\t") else ","
    rows: list[Row] = []
    content = 0
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if not any(cell.strip() for cell in row):
                rows.append(_EMPTY)  # one shared object: a file of blank lines costs no memory
                continue
            content += 1
            if len(row) > MAX_COLUMNS and any(cell.strip() for cell in row[MAX_COLUMNS:]):
                extra = sum(1 for cell in row[MAX_COLUMNS:] if cell.strip())
                raise SheetImportError(errors.EXTRA_CELLS.format(where=f"第 {len(rows) + 1} 行", count=extra))
            if content > MAX_SHEET_ROWS:  # stop reading what no sheet can hold
                raise SheetImportError(errors.TOO_MANY_ROWS.format(limit=MAX_SHEET_ROWS, row=len(rows) + 1))
            rows.append([restore(cell) for cell in row])
    except csv.Error as exc:
        detail = "某个格子的内容太长" if "field limit" in str(exc) else "引号不配对或有无法识别的字符"
        raise SheetImportError(errors.BAD_CSV.format(row=len(rows) + 1, detail=detail)) from None
    return rows


def _blank(row: Row) -> bool:
    return not any(cell.strip() for cell in row)


def _head(row: Row) -> str:
    return row[0].strip() if row else ""


def _end_row(rows: list[Row]) -> int:
    """Where the end row is; a file cut short (upload or copy interrupted) has none: say where it stops."""
    last = max(i for i, row in enumerate(rows) if not _blank(row))
    if _head(rows[last]) == END:
        return last
    start = last
    while start > 0 and not _blank(rows[start - 1]) and _head(rows[start]) not in _HEADS:
        start -= 1
    head = _head(rows[start])
    where = f"“{head}”表格" if head in _TABLES else f"“{_head(rows[last])}”部分"
    raise SheetImportError(errors.TRUNCATED.format(row=last + 1, where=where))


def _version(rows: list[Row]) -> int:
    """The version row right under the title (version 2 on); a file without one is of version 1."""
    for number, row in enumerate(rows[1:4], start=2):
        if _head(row) == VERSION_LABEL:
            return file_version(row[1] if len(row) > 1 else "", f"第 {number} 行")
    return 1


def _parse(rows: list[Row]) -> VisitSheet:
    if not rows or _head(rows[0]) != TITLE:
        raise SheetImportError((rows and wrong_kind(rows[0], kinds.SHEET)) or errors.NOT_OUR_SHEET)
    version = _version(rows)  # before anything else: a newer file may have rows this app does not know
    end = _end_row(rows)
    reader = SheetReader(version)
    handlers = {PEOPLE: reader.person, COMPETITORS: reader.competitor, CONTROL_POINTS: reader.control_point}
    tables: set[str] = set()
    index = 1
    while index < end:
        head = _head(rows[index])
        if _blank(rows[index]) or head == VERSION_LABEL:
            index += 1
            continue
        # a table ends only at a blank row: a competitor may well be called “部分”
        ends_at_heading = head != DIAGNOSIS_TITLE and head not in _TABLES
        if head == FIELD_HEADER[0]:
            columns = Columns(rows[index], f"第 {index + 1} 行", FIELD_TABLE, FIELD_HEADER, version)
            handle = reader.field
        elif head in _TABLES:
            columns = Columns(rows[index + 1], f"第 {index + 2} 行", head, _TABLES[head], version)
            tables.add(head)
            handle, index = handlers[head], index + 1
        elif head == DIAGNOSIS_TITLE:
            handle = None  # the system's own reading: shown to the trainer, never imported
        else:
            raise SheetImportError(errors.UNKNOWN_ROW.format(where=f"第 {index + 1} 行", value=shown(head)))
        index += 1
        while index < end and not _blank(rows[index]) and not (ends_at_heading and _head(rows[index]) in _HEADS):
            if handle is not None:
                where = f"第 {index + 1} 行"
                handle(where, columns.row(rows[index], where))
            index += 1
    for name in _TABLES:
        if name not in tables:
            raise SheetImportError(errors.MISSING_TABLE.format(name=name))
    return reader.finish()


def from_csv(data: bytes) -> VisitSheet:
    """A new sheet from our CSV (or Excel's re-save of it); raises SheetImportError in Chinese."""
    return _parse(_read_rows(decode_text(data)))
