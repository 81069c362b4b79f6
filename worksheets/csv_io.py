"""The visit sheet as one CSV file that reads as the homework table in Excel, and back again."""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import PurePath

from worksheets import errors
from worksheets.errors import MAX_IMPORT_BYTES, SheetImportError, human_size, shown
from worksheets.fields import (
    COMPETITOR_HEADER,
    COMPETITORS,
    CONTROL_HEADER,
    CONTROL_POINTS,
    DIAGNOSIS_TITLE,
    END,
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

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
_BINARY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"RIFF")
_ZIP, _OLD_XLS = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
_UNSAFE_NAME = re.compile(r"[/\\:*?\"<>|\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]+")
_TABLES = {PEOPLE: PEOPLE_HEADER, COMPETITORS: COMPETITOR_HEADER, CONTROL_POINTS: CONTROL_HEADER}
_HEADS = {TITLE, FIELD_HEADER[0], *_TABLES, DIAGNOSIS_TITLE, END}


def _needs_quote(text: str) -> bool:
    return text.lstrip("'")[:1] in _TRIGGERS


def neutralise(text: str) -> str:
    """OWASP CSV injection: a leading quote keeps Excel from running the cell as a formula."""
    return "'" + text if _needs_quote(text) else text


def restore(text: str) -> str:
    return text[1:] if text.startswith("'") and _needs_quote(text[1:]) else text


def sheet_rows(sheet: VisitSheet) -> list[Row]:
    """The whole homework table, block by block in lesson order, blank rows between blocks."""
    met = sum(c.met for c in sheet.control_points)
    rows: list[Row] = [[TITLE, SUBTITLE], [], list(FIELD_HEADER), *field_rows_before_chain(sheet), []]
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


def check_size(data: bytes) -> None:
    if len(data) > MAX_IMPORT_BYTES:
        raise SheetImportError(errors.TOO_BIG.format(size=human_size(len(data))))
    if not data.strip(b" \t\r\n\xef\xbb\xbf\x00"):
        raise SheetImportError(errors.EMPTY)


def _decode(data: bytes) -> str:
    """Our UTF-8 with BOM, or what Excel on Chinese Windows saves (GB18030 without BOM, or UTF-16)."""
    check_size(data)
    if data.startswith(_IMAGES):
        raise SheetImportError(errors.IMAGE)
    if data.startswith(_OLD_XLS):
        raise SheetImportError(errors.OLD_XLS)
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    attempts = ["utf-16"] if utf16 else ["utf-8-sig", "gb18030"]
    for encoding in attempts:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _BINARY.search(text):
            return text
    raise SheetImportError(errors.NOT_TEXT)


def _read_rows(text: str) -> list[Row]:
    first = text.split("\n", 1)[0]
    delimiter = "\t" if not first.startswith(TITLE + ",") and first.startswith(TITLE + "\t") else ","
    rows: list[Row] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
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


def _parse(rows: list[Row]) -> VisitSheet:
    if not rows or _head(rows[0]) != TITLE:
        raise SheetImportError(errors.NOT_OUR_SHEET)
    end = _end_row(rows)
    reader = SheetReader()
    handlers = {PEOPLE: reader.person, COMPETITORS: reader.competitor, CONTROL_POINTS: reader.control_point}
    tables: set[str] = set()
    index = 1
    while index < end:
        head = _head(rows[index])
        if _blank(rows[index]):
            index += 1
            continue
        # a table ends only at a blank row: a competitor may well be called “部分”
        ends_at_heading = head != DIAGNOSIS_TITLE and head not in _TABLES
        if head == FIELD_HEADER[0]:
            check_header(rows[index], f"第 {index + 1} 行", "字段", FIELD_HEADER)
            handle = reader.field
        elif head in _TABLES:
            check_header(rows[index + 1], f"第 {index + 2} 行", head, _TABLES[head])
            tables.add(head)
            handle, index = handlers[head], index + 1
        elif head == DIAGNOSIS_TITLE:
            handle = None  # the system's own reading: shown to the trainer, never imported
        else:
            raise SheetImportError(errors.UNKNOWN_ROW.format(where=f"第 {index + 1} 行", value=shown(head)))
        index += 1
        while index < end and not _blank(rows[index]) and not (ends_at_heading and _head(rows[index]) in _HEADS):
            if handle is not None:
                handle(f"第 {index + 1} 行", rows[index])
            index += 1
    for name in _TABLES:
        if name not in tables:
            raise SheetImportError(errors.MISSING_TABLE.format(name=name))
    return reader.finish()


def from_csv(data: bytes) -> VisitSheet:
    """A new sheet from our CSV (or Excel's re-save of it); raises SheetImportError in Chinese."""
    return _parse(_read_rows(_decode(data)))


def load_sheet_file(filename: str, data: bytes) -> VisitSheet:
    """Whatever the student uploads: xlsx by its zip signature, CSV otherwise."""
    check_size(data)
    suffix = PurePath(filename or "").suffix.lower()
    if data.startswith(_ZIP) or suffix == ".xlsx":
        from worksheets.xlsx_io import from_xlsx

        return from_xlsx(data)
    if suffix == ".xls" or data.startswith(_OLD_XLS):
        raise SheetImportError(errors.OLD_XLS)
    if suffix not in {".csv", ".txt", ""}:
        raise SheetImportError(errors.WRONG_TYPE.format(ext=shown(suffix)))
    return from_csv(data)


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
