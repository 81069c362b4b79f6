"""The visit sheet as an Excel workbook (fields, people, competitors, control points), and back again."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from worksheets import errors
from worksheets.csv_io import check_size
from worksheets.errors import SheetImportError
from worksheets.fields import (
    COMPETITOR_HEADER,
    CONTROL_HEADER,
    CONTROL_POINTS,
    FIELD_HEADER,
    PEOPLE,
    PEOPLE_HEADER,
    SUBTITLE,
    TITLE,
    Row,
    competitor_rows,
    control_rows,
    diagnosis_rows,
    field_rows_after_chain,
    field_rows_before_chain,
    person_rows,
)
from worksheets.model import VisitSheet
from worksheets.sheet_reader import SheetReader, check_header

COMPETITORS_SHEET = "竞争情况"
DIAGNOSIS_SHEET = "系统诊断"
MAX_UNZIPPED_BYTES = 20 * 1_048_576
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


def _write(ws: Worksheet, rows: Iterable[Row], first_row: int, header: bool = False) -> None:
    """Text cells are stored as text, so a value starting with '=' is shown, never run as a formula."""
    for r, row in enumerate(rows, start=first_row):
        for c, value in enumerate(row, start=1):
            if not value:
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if cell.data_type == "f":
                cell.data_type, cell.quotePrefix = "s", True
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
    _sheet(book, TITLE, FIELD_HEADER, fields, top=2)
    book[TITLE]["A1"], book[TITLE]["B1"] = TITLE, SUBTITLE
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


def _text(value: object) -> str:
    """What a cell shows, as text; Excel may have turned a typed date or number into a real one."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows(book, name: str) -> list[Row]:
    if name not in book.sheetnames:
        raise SheetImportError(errors.MISSING_SHEET.format(name=name))
    return [[_text(value) for value in row] for row in book[name].iter_rows(values_only=True)]


def _open(data: bytes):
    check_size(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise SheetImportError(errors.BROKEN_XLSX) from None
    if unzipped > MAX_UNZIPPED_BYTES:
        raise SheetImportError(errors.XLSX_BOMB)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for damaged files; all mean the same to the student
        raise SheetImportError(errors.BROKEN_XLSX) from None


def _read_table(book, name: str, header: tuple[str, ...], handle, top: int = 1) -> None:
    rows = _rows(book, name)
    check_header(rows[top - 1] if len(rows) >= top else [], f"“{name}”工作表第 {top} 行", name, header)
    for number, row in enumerate(rows[top:], start=top + 1):
        if any(cell.strip() for cell in row):
            handle(f"“{name}”工作表第 {number} 行", row)


def from_xlsx(data: bytes) -> VisitSheet:
    """A new sheet from our workbook (or Excel's re-save of it); raises SheetImportError in Chinese."""
    book = _open(data)
    try:
        if TITLE not in book.sheetnames:
            raise SheetImportError(errors.NOT_OUR_SHEET)
        first = _rows(book, TITLE)[:1]
        if not first or not first[0] or first[0][0].strip() != TITLE:
            raise SheetImportError(errors.NOT_OUR_SHEET)
        reader = SheetReader()
        _read_table(book, TITLE, FIELD_HEADER, reader.field, top=2)
        _read_table(book, PEOPLE, PEOPLE_HEADER, reader.person)
        _read_table(book, COMPETITORS_SHEET, COMPETITOR_HEADER, reader.competitor)
        _read_table(book, CONTROL_POINTS, CONTROL_HEADER, reader.control_point)
        return reader.finish()
    finally:
        book.close()
