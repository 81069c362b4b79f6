"""What every upload passes before it is parsed: its size, what kind of file it really is, and its text encoding.

The reasons are true ones: a file is called binary only when it is, and an encoding problem names the encoding
and the row, and says how to save the file again. What can be read unambiguously is read.
"""

from __future__ import annotations

import codecs
import re
from pathlib import PurePath
from typing import Literal

from worksheets import errors
from worksheets.errors import SheetImportError, shown
from worksheets.files.limits import MAX_IMPORT_BYTES

Kind = Literal["csv", "xlsx"]

ZIP, OLD_XLS = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"RIFF")
_BINARY_SIGNATURES = (b"%PDF", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"\x7fELF", b"MZ")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0, 9), 11, 12, *range(14, 32), 127])
_TEXT_SUFFIXES = {".csv", ".txt", ""}
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_CLASSIFIED = 20_000  # lines with Chinese whose encoding is checked one by one


def check_size(data: bytes, limit: int = MAX_IMPORT_BYTES) -> None:
    if len(data) > limit:
        raise SheetImportError(errors.too_big(len(data), limit))
    if not data.strip(b" \t\r\n\xef\xbb\xbf\x00"):
        raise SheetImportError(errors.EMPTY)


def sniff(filename: str, data: bytes) -> Kind:
    """xlsx by its zip signature (or name), CSV for text; anything else is refused by what it is."""
    check_size(data)
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".xls" or data.startswith(OLD_XLS):
        raise SheetImportError(errors.OLD_XLS)
    if suffix not in {*_TEXT_SUFFIXES, ".xlsx"}:  # .docx, .pdf, .png …: named by what they are
        raise SheetImportError(errors.WRONG_TYPE.format(ext=shown(suffix)))
    if data.startswith(ZIP) or suffix == ".xlsx":
        return "xlsx"
    if data.startswith(_IMAGES):
        raise SheetImportError(errors.IMAGE)
    return "csv"


def _row_of(data: bytes | str, offset: int) -> int:
    return data.count(b"\n" if isinstance(data, bytes) else "\n", 0, offset) + 1


def _check_controls(text: str) -> str:
    found = _CONTROL.search(text)
    if found is None:
        return text
    if len(_CONTROL.findall(text[:4096])) > 80:  # a text file has none: this one is binary
        raise SheetImportError(errors.NOT_TEXT)
    row = _row_of(text, found.start())
    if found.group() == "\x00":
        raise SheetImportError(errors.NUL_BYTE.format(row=row))
    raise SheetImportError(errors.CONTROL_CHAR.format(row=row, code=f"U+{ord(found.group()):04X}"))


def _utf16_without_bom(data: bytes) -> str | None:
    """Excel's "Unicode text" without its BOM: every ASCII character has a zero byte beside it."""
    sample = data[:8192]
    if len(sample) < 8 or len(data) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    for encoding, zeros, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros >= half // 10 and zeros >= 4 * others:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _line_kinds(body: bytes) -> str:
    """The whole is not UTF-8: all GBK is read as GBK, a mix of the two is refused naming both rows.

    Only lines with Chinese in them are looked at (found by a linear search), and only the first _CLASSIFIED of them:
    a real sheet has a few hundred, so the time stays bounded whatever the file holds."""
    first: tuple[int, str] | None = None
    position = 0
    for _ in range(_CLASSIFIED):
        found = _NON_ASCII.search(body, position)
        if found is None:
            break
        start = body.rfind(b"\n", 0, found.start()) + 1
        end = body.find(b"\n", found.start())
        end = len(body) if end < 0 else end
        position = end + 1
        try:
            line = body[start:end].decode("utf-8")
        except UnicodeDecodeError:
            kind = "GBK"
        else:
            if not _CJK.search(line):
                continue  # UTF-8 only by chance: a short GBK line such as 未知 reads as Greek or Hebrew letters
            kind = "UTF-8"
        if first is None:
            first = (_row_of(body, start), kind)
        elif kind != first[1]:
            row = _row_of(body, start)
            raise SheetImportError(
                errors.MIXED_ENCODING.format(first=first[0], first_kind=first[1], row=row, kind=kind)
            )
    try:
        return body.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise SheetImportError(errors.UNDECODABLE.format(row=_row_of(body, exc.start))) from None


def decode_text(data: bytes) -> str:
    """Our UTF-8 with BOM, or what Excel and editors on Chinese Windows save: GB18030/GBK, UTF-16 with or
    without BOM, even a UTF-8 BOM before a GBK body. A mix of encodings, a NUL byte or control characters
    are refused with the row they are on."""
    check_size(data)
    if data.startswith(_IMAGES):
        raise SheetImportError(errors.IMAGE)
    if data.startswith(OLD_XLS):
        raise SheetImportError(errors.OLD_XLS)
    if data.startswith((ZIP, *_BINARY_SIGNATURES)):
        raise SheetImportError(errors.NOT_TEXT)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _check_controls(data.decode("utf-16"))
        except UnicodeDecodeError as exc:
            raise SheetImportError(errors.BAD_UTF16.format(row=_row_of(data, exc.start) // 2 + 1)) from None
    body = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
    if b"\x00" in body and (wide := _utf16_without_bom(body)) is not None:
        return _check_controls(wide)
    sample = body[:4096]
    if sum(sample.count(byte) for byte in _CONTROL_BYTES) > len(sample) // 50:
        raise SheetImportError(errors.NOT_TEXT)  # more than 2 % control bytes: not a text file at all
    if b"\x00" in body:
        raise SheetImportError(errors.NUL_BYTE.format(row=_row_of(body, body.index(0))))
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = _line_kinds(body)
    return _check_controls(text)
