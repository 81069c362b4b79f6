"""Reads the cells of an uploaded .xlsx within fixed bounds of time and memory, or refuses it in Chinese.

Before anything is parsed: the zip's member count and every member's unzipped size (counted while unzipping,
never trusted from the header). While parsing: XML through defusedxml's parser, which refuses DTDs and entity
declarations (XXE, "billion laughs"); one element budget for the whole workbook; rows streamed as they end, and
the caller stops after the rows the model can hold. Nothing is sized from what the file declares (a sheet's
<dimension> is read by nobody), so a "dimension bomb" costs nothing and rows after a stale dimension are read.
Every failure names the part, sheet, row and column, and says what to do.

Cells come back as the text Excel shows: shared and inline strings with _xHHHH_ escapes undone, numbers as
written, date-formatted numbers as ISO dates, booleans as 是/否. A formula without a cached value, a number cell
holding text, a shared-string index out of range and an error value are refused, never turned into "".
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from worksheets import errors
from worksheets.errors import SheetImportError, human_size, shown
from worksheets.files.cells import xlsx_unescape
from worksheets.files.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_MEMBER_BYTES,
    MAX_UNZIPPED_BYTES,
    MAX_ZIP_MEMBERS,
)

MAX_ELEMENTS = 200_000  # XML elements in the whole workbook; our largest honest export has about 40 000
_CHUNK = 65_536
_REF = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")
_DATE_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}  # incl. the CJK built-in date formats
_YES_NO = {"1": "是", "0": "否", "true": "是", "false": "否"}
Row = list[str]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index


class _Budget:
    """Counts elements across the whole workbook, so no part can make the reader work without end."""

    def __init__(self) -> None:
        self.left = MAX_ELEMENTS


class _Part:
    """One zip member, parsed by feeding chunks to defusedxml's parser; `target` gets start/end/data calls."""

    def __init__(self, book: XlsxBook, member: str, label: str) -> None:
        self.book, self.member, self.label = book, member, label

    def events(self, target, where: Callable[[], str]) -> Iterator[None]:
        """Yields after every chunk, so a caller can take the rows finished so far and stop early."""
        parser = DefusedXMLParser(target=target, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        parser.parser.buffer_text = True
        try:
            with self.book.archive.open(self.member) as stream:
                while chunk := stream.read(_CHUNK):
                    self.book.count_unzipped(self.member, self.label, len(chunk))
                    parser.feed(chunk)
                    yield
            parser.close()
        except SheetImportError:
            raise
        except DefusedXmlException:
            raise SheetImportError(errors.XLSX_DTD.format(part=self.label)) from None
        except ParseError as exc:
            line, column = exc.position
            after = where()
            message = errors.XLSX_BAD_XML.format(part=self.label, line=line, column=column, after=after)
            raise SheetImportError(message) from None
        except RuntimeError:  # zipfile: "File … is encrypted, password required"
            raise SheetImportError(errors.XLSX_ENCRYPTED) from None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError, ValueError):
            raise SheetImportError(errors.BROKEN_XLSX) from None  # bad CRC, unsupported compression, …
        yield

    def parse(self, target) -> None:
        for _ in self.events(target, lambda: ""):
            pass


class _Collect:
    """A target that keeps (tag, attributes) of chosen elements: for the small parts (workbook, rels, styles)."""

    def __init__(self, budget: _Budget, part: str, keep: set[str]) -> None:
        self.budget, self.part, self.keep = budget, part, keep
        self.found: list[tuple[str, dict[str, str]]] = []
        self.stack: list[str] = []

    def start(self, tag, attrib):
        self.budget.left -= 1
        if self.budget.left < 0:
            raise SheetImportError(errors.XLSX_TOO_MUCH.format(part=self.part, where="读到这里时"))
        name = _local(tag)
        if name in self.keep:
            self.found.append((name, {_local(k): v for k, v in attrib.items()}, tuple(self.stack)))
        self.stack.append(name)

    def end(self, tag):
        self.stack.pop()

    def data(self, text):
        pass

    def close(self):
        return None


class _Strings:
    """The shared strings: the text of each <si>, without phonetic runs (<rPh>), escapes undone."""

    def __init__(self, budget: _Budget, part: str) -> None:
        self.budget, self.part = budget, part
        self.strings: list[str] = []
        self.parts: list[str] | None = None
        self.in_t = False
        self.skip = 0  # inside <rPh>

    def start(self, tag, attrib):
        self.budget.left -= 1
        if self.budget.left < 0:
            where = f"第 {len(self.strings) + 1} 条共享文本"
            raise SheetImportError(errors.XLSX_TOO_MUCH.format(part=self.part, where=where))
        name = _local(tag)
        if name == "si":
            self.parts = []
        elif name == "rPh":
            self.skip += 1
        elif name == "t" and self.parts is not None and not self.skip:
            self.in_t = True

    def end(self, tag):
        name = _local(tag)
        if name == "si" and self.parts is not None:
            text = "".join(self.parts)
            if len(text) > MAX_CELL_CHARS:
                where = f"{self.part}第 {len(self.strings) + 1} 条"
                raise SheetImportError(errors.XLSX_LONG_CELL.format(where=where, limit=MAX_CELL_CHARS))
            self.strings.append(xlsx_unescape(text))
            self.parts = None
        elif name == "rPh":
            self.skip -= 1
        elif name == "t":
            self.in_t = False

    def data(self, text):
        if self.in_t and self.parts is not None:
            self.parts.append(text)

    def close(self):
        return None


class _Cells:
    """A worksheet's <sheetData>: rows of cell texts, finished rows collected in `done` as they end."""

    def __init__(self, book: XlsxBook, name: str) -> None:
        self.book, self.name = book, name
        self.part = f"“{name}”工作表"
        self.done: list[tuple[int, Row]] = []
        self.row_number = 0
        self.cells: dict[int, str] = {}
        self.column = 0
        self.text: list[str] | None = None  # collecting <v> or <is><t>
        self.cell: dict[str, str] = {}
        self.value: list[str] = []
        self.inline: list[str] = []
        self.formula: list[str] | None = None
        self.has_value = False
        self.skip = 0
        self.in_sheet_data = False

    def where(self, column: int | None = None) -> str:
        if column is None:
            return f"{self.part}第 {self.row_number} 行"
        return f"{self.part}第 {self.row_number} 行 {column_letter(column)} 列"

    def start(self, tag, attrib):
        book = self.book
        book.budget.left -= 1
        if book.budget.left < 0:
            where = f"读到第 {self.row_number} 行时" if self.row_number else "读到表格开头时"
            raise SheetImportError(errors.XLSX_TOO_MUCH.format(part=self.part, where=where))
        name = _local(tag)
        if name == "sheetData":
            self.in_sheet_data = True
        elif not self.in_sheet_data:
            return
        elif name == "row":
            number = attrib.get("r")
            if number is None:
                self.row_number += 1
            elif number.isdigit() and 0 < int(number) <= 1_048_576 and int(number) > self.row_number:
                self.row_number = int(number)
            else:
                raise SheetImportError(errors.XLSX_BAD_REF.format(part=self.part, ref=shown(f"第 {number} 行")))
            self.cells, self.column = {}, 0
        elif name == "c":
            ref = attrib.get("r")
            if ref is None:
                self.column += 1
            else:
                match = _REF.match(ref)
                if not match or _column_index(match.group(1)) > 16_384:
                    raise SheetImportError(errors.XLSX_BAD_REF.format(part=self.part, ref=shown(ref)))
                self.column = _column_index(match.group(1))
            self.cell = {"t": attrib.get("t", "n"), "s": attrib.get("s", "0")}
            self.value, self.inline, self.formula, self.has_value = [], [], None, False
        elif name == "v":
            self.text, self.has_value = self.value, True
        elif name == "f":
            self.formula = []
            self.text = self.formula
        elif name == "rPh":
            self.skip += 1
        elif name == "t" and not self.skip:
            self.text, self.has_value = self.inline, True

    def end(self, tag):
        name = _local(tag)
        if name == "sheetData":
            self.in_sheet_data = False
        elif not self.in_sheet_data:
            return
        elif name in ("v", "f", "t"):
            self.text = None
        elif name == "rPh":
            self.skip -= 1
        elif name == "c":
            text = self._cell_text()
            if text.strip():
                if self.column > MAX_COLUMNS:
                    where = self.where(self.column)
                    raise SheetImportError(errors.XLSX_FAR_COLUMN.format(where=where, last=column_letter(MAX_COLUMNS)))
                self.cells[self.column] = text
        elif name == "row" and self.cells:
            width = max(self.cells)
            self.done.append((self.row_number, [self.cells.get(c, "") for c in range(1, width + 1)]))

    def data(self, text):
        if self.text is not None:
            self.text.append(text)

    def close(self):
        return None

    def _cell_text(self) -> str:
        kind, where = self.cell["t"], self.where(self.column)
        value = "".join(self.value)
        if not self.has_value:
            if self.formula is not None:
                formula = "=" + shown("".join(self.formula), 30)
                raise SheetImportError(errors.XLSX_NO_CACHED_VALUE.format(where=where, formula=formula))
            return ""
        if kind == "s":
            if not value.strip().isdigit():
                raise SheetImportError(errors.XLSX_BAD_VALUE.format(where=where, kind="共享文本", value=shown(value)))
            strings = self.book.shared_strings()
            index = int(value)
            if index >= len(strings):
                message = errors.XLSX_BAD_SHARED.format(where=where, index=index + 1, count=len(strings))
                raise SheetImportError(message)
            return strings[index]
        if kind == "inlineStr":
            text = "".join(self.inline)
        elif kind == "str":
            text = value
        elif kind == "b":
            if value.strip().lower() not in _YES_NO:
                raise SheetImportError(errors.XLSX_BAD_VALUE.format(where=where, kind="是/否", value=shown(value)))
            return _YES_NO[value.strip().lower()]
        elif kind == "e":
            raise SheetImportError(errors.XLSX_ERROR_VALUE.format(where=where, value=shown(value)))
        elif kind == "d":
            return self._iso_date(value, where)
        elif kind == "n":
            return self._number(value, where) if value.strip() else ""
        else:
            raise SheetImportError(errors.XLSX_BAD_VALUE.format(where=where, kind=shown(kind), value=shown(value)))
        if len(text) > MAX_CELL_CHARS:
            raise SheetImportError(errors.XLSX_LONG_CELL.format(where=where, limit=MAX_CELL_CHARS))
        return xlsx_unescape(text)

    def _number(self, value: str, where: str) -> str:
        try:
            number = float(value)
        except ValueError:
            raise SheetImportError(errors.XLSX_BAD_VALUE.format(where=where, kind="数字", value=shown(value))) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise SheetImportError(errors.XLSX_BAD_VALUE.format(where=where, kind="数字", value=shown(value)))
        if self.book.is_date_style(self.cell["s"]) and 0 <= number < 2_958_466:
            moment = from_excel(number, self.book.epoch)
            if isinstance(moment, dt.datetime):
                return moment.date().isoformat() if moment.time() == dt.time() else moment.isoformat(sep=" ")
            return moment.isoformat()
        return str(int(number)) if number.is_integer() and abs(number) < 1e15 else str(number)

    def _iso_date(self, value: str, where: str) -> str:
        try:
            moment = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise SheetImportError(errors.XLSX_BAD_VALUE.format(where=where, kind="日期", value=shown(value))) from None
        return moment.date().isoformat() if moment.time() == dt.time() else moment.isoformat(sep=" ")


class XlsxBook:
    """An opened, checked workbook: `sheetnames`, and `rows(name)` streaming the non-blank rows of a sheet."""

    def __init__(self, data: bytes) -> None:
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            members = self.archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
            raise SheetImportError(errors.BROKEN_XLSX) from None
        if len(members) > MAX_ZIP_MEMBERS:
            raise SheetImportError(errors.XLSX_MANY_PARTS.format(count=len(members)))
        self.members = {info.filename: info for info in members}
        declared = sum(info.file_size for info in members)  # refuse early when the header says so; counted anyway
        if declared > MAX_UNZIPPED_BYTES:
            limit = human_size(MAX_UNZIPPED_BYTES)
            raise SheetImportError(errors.XLSX_BOMB.format(part="全部内容", limit=limit))
        for info in members:
            if info.file_size > MAX_MEMBER_BYTES:
                label = f"部件“{shown(info.filename, 40)}”"
                raise SheetImportError(errors.XLSX_BOMB.format(part=label, limit=human_size(MAX_MEMBER_BYTES)))
        self.budget = _Budget()
        self.unzipped: dict[str, int] = {}
        self.total_unzipped = 0
        self._strings: list[str] | None = None
        self._read_workbook()

    def close(self) -> None:
        self.archive.close()

    def count_unzipped(self, member: str, label: str, size: int) -> None:
        self.unzipped[member] = self.unzipped.get(member, 0) + size
        self.total_unzipped += size
        if self.unzipped[member] > MAX_MEMBER_BYTES:
            raise SheetImportError(errors.XLSX_BOMB.format(part=label, limit=human_size(MAX_MEMBER_BYTES)))
        if self.total_unzipped > MAX_UNZIPPED_BYTES:
            raise SheetImportError(errors.XLSX_BOMB.format(part="全部内容", limit=human_size(MAX_UNZIPPED_BYTES)))

    def _member(self, path: str) -> str | None:
        path = path.lstrip("/")
        if path in self.members:
            return path
        lowered = {name.lower(): name for name in self.members}  # Excel writes case-insensitively
        return lowered.get(path.lower())

    def _collect(self, member: str, label: str, keep: set[str]) -> list[tuple[str, dict[str, str], tuple]]:
        target = _Collect(self.budget, label, keep)
        _Part(self, member, label).parse(target)
        return target.found

    def _relations(self, member: str) -> dict[str, tuple[str, str]]:
        """Id → (type, target path) of a part's relationships file, targets resolved against the part's folder."""
        folder, name = posixpath.split(member)
        rels = self._member(posixpath.join(folder, "_rels", name + ".rels"))
        if rels is None:
            return {}
        found = self._collect(rels, "关系目录（.rels）", {"Relationship"})
        result = {}
        for _, attrib, _ in found:
            target = attrib.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            result[attrib.get("Id", "")] = (attrib.get("Type", "").rsplit("/", 1)[-1], path)
        return result

    def _read_workbook(self) -> None:
        main = next((path for kind, path in self._relations("").values() if kind == "officeDocument"), None)
        workbook = self._member(main or "xl/workbook.xml")
        if workbook is None:
            raise SheetImportError(errors.XLSX_MISSING_PART.format(part="工作簿目录（xl/workbook.xml）"))
        found = self._collect(workbook, "工作簿目录（xl/workbook.xml）", {"sheet", "workbookPr"})
        rels = self._relations(workbook)
        self.epoch = CALENDAR_WINDOWS_1900
        self.sheets: dict[str, str | None] = {}
        for name, attrib, _ in found:
            if name == "workbookPr":
                if attrib.get("date1904", "").lower() in ("1", "true"):
                    self.epoch = CALENDAR_MAC_1904
            elif name == "sheet":
                relation = rels.get(attrib.get("id", ""))
                self.sheets[attrib.get("name", "")] = self._member(relation[1]) if relation else None
        self.sheetnames = list(self.sheets)
        by_kind = {kind: path for kind, path in rels.values()}
        self._strings_member = self._member(by_kind.get("sharedStrings", "xl/sharedStrings.xml"))
        styles = self._member(by_kind.get("styles", "xl/styles.xml"))
        self._date_styles = self._read_styles(styles) if styles else set()

    def _read_styles(self, member: str) -> set[str]:
        found = self._collect(member, "样式（xl/styles.xml）", {"numFmt", "xf"})
        codes = {
            attrib.get("numFmtId", ""): attrib.get("formatCode", "") for name, attrib, _ in found if name == "numFmt"
        }
        dates: set[str] = set()
        styles = [attrib for name, attrib, stack in found if name == "xf" and stack and stack[-1] == "cellXfs"]
        for index, attrib in enumerate(styles):
            number = attrib.get("numFmtId", "0")
            if not number.isdigit():
                continue
            code = codes.get(number) or BUILTIN_FORMATS.get(int(number), "")
            if int(number) in _DATE_IDS or (code and is_date_format(code)):
                dates.add(str(index))
        return dates

    def is_date_style(self, style: str) -> bool:
        return style in self._date_styles

    def shared_strings(self) -> list[str]:
        if self._strings is None:
            self._strings = []
            if self._strings_member is not None:
                target = _Strings(self.budget, "共享文本（xl/sharedStrings.xml）")
                _Part(self, self._strings_member, target.part).parse(target)
                self._strings = target.strings
        return self._strings

    def rows(self, name: str) -> Iterator[tuple[int, Row]]:
        """The sheet's non-blank rows as (Excel row number, cell texts), streamed; stop iterating to stop reading."""
        member = self.sheets.get(name)
        if member is None:
            raise SheetImportError(errors.XLSX_MISSING_PART.format(part=f"“{name}”工作表的内容"))
        self.shared_strings()  # read first: a sheet's cells refer to them
        target = _Cells(self, name)
        part = _Part(self, member, target.part)

        def last() -> str:
            return f"，最后读到的是第 {target.row_number} 行" if target.row_number else ""

        for _ in part.events(target, last):
            done, target.done = target.done, []
            yield from done
