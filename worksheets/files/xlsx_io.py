"""The visit sheet as an Excel workbook (fields, people, competitors, control points), and back again."""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from worksheets import errors, formats
from worksheets.errors import SheetImportError
from worksheets.fields import (
    COMPETITOR_HEADER,
    COMPETITORS,
    CONTROL_HEADER,
    CONTROL_POINTS,
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
from worksheets.files.cells import xlsx_escape
from worksheets.files.guard import check_size
from worksheets.files.limits import MAX_PEOPLE, MAX_SHEET_ROWS, max_items
from worksheets.files.xlsx_reader import XlsxBook
from worksheets.model import ControlPoint, VisitSheet
from worksheets.sheet_reader import Columns, SheetReader, file_version

COMPETITORS_SHEET = "竞争情况"
DIAGNOSIS_SHEET = "系统诊断"
_FIELDS_TOP = 3  # title, version, then the header
_BOLD = Font(bold=True)
_TITLE_FONT = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_WIDTHS = {
    TITLE: (18, 30, 60, 14),
    PEOPLE: (10, 14, 18, 10, 8, 16, 10, 8, 14, 10, 40, 40),
    COMPETITORS_SHEET: (18, 30, 60),
    CONTROL_POINTS: (36, 10, 70),
    DIAGNOSIS_SHEET: (12, 90),
}


def put(ws: Worksheet, row: int, column: int, value: object) -> Cell:
    """One cell as Excel must show it: text stored as text (a leading '=' is shown, never run as a formula;
    a typed "_xHHHH_" stays as typed), numbers as numbers. No apostrophe: that is the CSV's defence."""
    if not isinstance(value, str):
        return ws.cell(row=row, column=column, value=value)
    cell = ws.cell(row=row, column=column, value=xlsx_escape(value))
    if cell.data_type == "f":
        cell.data_type, cell.quotePrefix = "s", True
    return cell


def _write(ws: Worksheet, rows: Iterable[Row], first_row: int, header: bool = False) -> None:
    for r, row in enumerate(rows, start=first_row):
        for c, value in enumerate(row, start=1):
            if not value:
                continue
            cell = put(ws, r, c, value)
            cell.alignment = _WRAP
            if header:
                cell.font, cell.fill = _BOLD, _HEADER_FILL


def _sheet(book: Workbook, title: str, header: tuple[str, ...], rows: list[Row], top: int = 1) -> None:
    ws = book.create_sheet(title)
    _write(ws, [list(header)], top, header=True)
    _write(ws, rows, top + 1)
    for column, width in zip("ABCDEFGHIJKL", _WIDTHS[title], strict=False):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = ws.cell(row=top + 1, column=1)


def to_xlsx(sheet: VisitSheet) -> bytes:
    book = Workbook()
    book.remove(book.active)
    fields = field_rows_before_chain(sheet) + field_rows_after_chain(sheet)
    _sheet(book, TITLE, FIELD_HEADER, fields, top=_FIELDS_TOP)
    book[TITLE]["A1"], book[TITLE]["B1"] = TITLE, SUBTITLE
    book[TITLE]["A2"], book[TITLE]["B2"] = VERSION_LABEL, str(formats.FORMAT_VERSION)
    book[TITLE]["A1"].font = _TITLE_FONT
    _sheet(book, PEOPLE, PEOPLE_HEADER, person_rows(sheet))
    _sheet(book, COMPETITORS_SHEET, COMPETITOR_HEADER, competitor_rows(sheet))
    _sheet(book, CONTROL_POINTS, CONTROL_HEADER, control_rows(sheet))
    diagnosis = diagnosis_rows(sheet)
    if diagnosis:
        _sheet(book, DIAGNOSIS_SHEET, ("项目", "内容（自动生成，仅供参考，导入时忽略）"), diagnosis)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_LIMITS = {  # content rows a sheet may have beyond its header, and what that limit is, for the message
    TITLE: (MAX_SHEET_ROWS, f"一张拜访信息表最多约 {MAX_SHEET_ROWS} 行"),
    PEOPLE: (MAX_PEOPLE, f"一张拜访信息表最多 {MAX_PEOPLE} 位决策链人员"),
    COMPETITORS_SHEET: (max_items(VisitSheet, "competitors"), "一张拜访信息表最多 30 家竞争对手"),
    CONTROL_POINTS: (len(ControlPoint), f"“{CONTROL_POINTS}”只有 {len(ControlPoint)} 行"),
}


def _rows(book: XlsxBook, name: str):
    """The sheet's non-blank rows, read until the model's limit for that sheet is passed, then refused."""
    if name not in book.sheetnames:
        raise SheetImportError(errors.MISSING_SHEET.format(name=name))
    limit, what = _LIMITS[name]
    for count, (number, row) in enumerate(book.rows(name)):
        if count > limit + 3:  # title, version and header rows besides the content
            raise SheetImportError(errors.XLSX_TOO_MANY_ROWS.format(where=f"“{name}”工作表第 {number} 行", what=what))
        yield number, row


def _read_table(book: XlsxBook, name: str, table: str, header: tuple[str, ...], handle, version: int) -> None:
    rows = _rows(book, name)
    first = next(rows, None)
    number, cells = first if first else (1, [])
    columns = Columns(cells, f"“{name}”工作表第 {number} 行", name, header, version, key=table)
    for number, row in rows:
        where = f"“{name}”工作表第 {number} 行"
        handle(where, columns.row(row, where))


def _read_fields(book: XlsxBook) -> SheetReader:
    """Title row, the version row (version 2 on), the field table's header, then the fields."""
    if TITLE not in book.sheetnames:
        raise SheetImportError(errors.NOT_OUR_SHEET)
    rows = _rows(book, TITLE)
    first = next(rows, None)
    if first is None or first[1][0].strip() != TITLE:
        raise SheetImportError(errors.NOT_OUR_SHEET)
    version, header = 1, next(rows, None)
    if header is not None and header[1][0].strip() == VERSION_LABEL:
        number, cells = header
        version = file_version(cells[1] if len(cells) > 1 else "", f"“{TITLE}”工作表第 {number} 行")
        header = next(rows, None)
    number, cells = header if header else (first[0] + 1, [])
    columns = Columns(cells, f"“{TITLE}”工作表第 {number} 行", FIELD_TABLE, FIELD_HEADER, version)
    reader = SheetReader(version)
    for number, row in rows:
        where = f"“{TITLE}”工作表第 {number} 行"
        reader.field(where, columns.row(row, where))
    return reader


def from_xlsx(data: bytes) -> VisitSheet:
    """A new sheet from our workbook (or Excel's re-save of it); raises SheetImportError in Chinese."""
    check_size(data)
    book = XlsxBook(data)
    try:
        reader = _read_fields(book)
        _read_table(book, PEOPLE, PEOPLE, PEOPLE_HEADER, reader.person, reader.version)
        _read_table(book, COMPETITORS_SHEET, COMPETITORS, COMPETITOR_HEADER, reader.competitor, reader.version)
        _read_table(book, CONTROL_POINTS, CONTROL_POINTS, CONTROL_HEADER, reader.control_point, reader.version)
        return reader.finish()
    finally:
        book.close()
