"""A generated corpus of the worst files a student (or anyone with the link) can upload, for tests and benchmarks.

Each case is built in memory in well under a second. `expect` is "accept" (the file must import, and
`check(sheet)` holds) or the start of the Chinese reason it must be refused with. Used by
tests/unit/test_hostile_files.py (every case through every import path) and benchmarks/bench_hostile.py
(CPU time and peak memory per case).
"""

from __future__ import annotations

import codecs
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from worksheets.example import example_sheet
from worksheets.fields import PEOPLE_HEADER
from worksheets.files import to_csv, to_xlsx
from worksheets.files.limits import largest_sheet
from worksheets.model import VisitSheet

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
TITLE_XML, PEOPLE_XML = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"


@dataclass(frozen=True)
class Case:
    name: str  # also the upload's file name
    what: str  # the failure class, in the closing note's words
    build: Callable[[], bytes]
    expect: str  # "accept" or the beginning of the refusal
    check: Callable[[VisitSheet], bool] = lambda sheet: True


@cache
def _example_xlsx() -> bytes:
    return to_xlsx(example_sheet())


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(members: dict[str, bytes], level: int = 9) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def replaced(parts: dict[str, bytes]) -> bytes:
    """Our exported example with some parts (zip members) replaced or added."""
    return _zip({**_members(_example_xlsx()), **parts})


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def sheet_xml(rows: list[list[str]], dimension: str | None = None, extra: str = "", prolog: str = "") -> bytes:
    """A worksheet part with inline strings; `dimension` as declared (may lie), `extra` cells XML appended."""
    letters = "ABCDEFGHIJKLMNOP"
    body = "".join(
        f'<row r="{r}">' + "".join(_cell(f"{letters[c]}{r}", v) for c, v in enumerate(row) if v) + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'{prolog}<worksheet xmlns="{NS}">{dim}<sheetData>{body}{extra}</sheetData></worksheet>'.encode()


def _people(n: int, by_name: bool) -> list[list[str]]:
    """n people; each refers to the one before, by name only (as typed by hand in Excel) or by id."""
    rows = [list(PEOPLE_HEADER)]
    for i in range(n):
        referrer = "" if i == 0 else f"人{i - 1}"
        ref_id = "" if i == 0 or by_name else f"p{i - 1:05d}"
        row = [f"p{i:05d}", f"人{i}", "", "技术", "基层", "", "初步接触", "未知", referrer if by_name else "", ref_id]
        rows.append([*row, "", ""])
    return rows


def people_xlsx(n: int, by_name: bool = True) -> bytes:
    return replaced({PEOPLE_XML: sheet_xml(_people(n, by_name))})


def people_csv(n: int, by_name: bool = True) -> bytes:
    """As typed by hand: only name and referrer (or id and referrer id); the other columns left empty."""
    text = to_csv(example_sheet()).decode("utf-8-sig")
    head, rest = text.split("决策链人员,", 1)
    tail = rest[rest.index("\r\n\r\n") :]
    rows = _people(n, by_name)
    lines = [",".join(rows[0])] + [
        ",".join([r[0] if not by_name else "", r[1], *[""] * 6, r[8], r[9], "", ""]) for r in rows[1:]
    ]
    return codecs.BOM_UTF8 + (head + f"决策链人员,共 {n} 人\r\n" + "\r\n".join(lines) + tail).encode("utf-8")


def _many_rows(count: int, blank: bool) -> bytes:
    row = '<row r="{n}"/>' if blank else '<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>x</t></is></c></row>'
    body = "".join(row.format(n=n) for n in range(1, count + 1))
    return f'<worksheet xmlns="{NS}"><sheetData>{body}</sheetData></worksheet>'.encode()


def _title_rows() -> list[list[str]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(_example_xlsx()), read_only=True)
    rows = [[("" if v is None else str(v)) for v in row] for row in book["拜访信息表"].iter_rows(values_only=True)]
    book.close()
    return rows


def _with_title_cell(row: int, column: int, cell_xml: str) -> bytes:
    """The title sheet rebuilt with one cell replaced by hand-written XML."""
    rows = _title_rows()
    rows[row - 1][column - 1] = ""
    xml = sheet_xml(rows).decode()
    letter = "ABCD"[column - 1]
    marker = f'<row r="{row}">'
    xml = xml.replace(marker, marker + cell_xml.replace("REF", f"{letter}{row}"), 1)
    return replaced({TITLE_XML: xml.encode()})


def _reordered_title_cell(data: bytes) -> bytes:
    return data  # cells are looked up by their reference, so order inside a row does not matter


def _dimension_bomb() -> bytes:
    rows = _title_rows()
    return replaced({TITLE_XML: sheet_xml(rows, dimension="A1:XFD1048576")})


def _far_cell() -> bytes:
    rows = _title_rows()
    far = '<row r="1048576">' + _cell("XFD1048576", "远处的一格") + "</row>"
    return replaced({TITLE_XML: sheet_xml(rows, dimension="A1:XFD1048576", extra=far)})


def _stale_dimension() -> bytes:
    return replaced({PEOPLE_XML: sheet_xml(_people(6, False), dimension="A1:L3")})


XXE = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)


def _xxe() -> bytes:
    return replaced({TITLE_XML: sheet_xml(_title_rows(), prolog=XXE)})


def _billion_laughs() -> bytes:
    xml = f'{LAUGHS}<sst xmlns="{NS}"><si><t>&lol9;</t></si></sst>'.encode()
    return replaced({"xl/sharedStrings.xml": xml})


def _truncated_xml() -> bytes:
    xml = sheet_xml(_people(40, False))
    return replaced({PEOPLE_XML: xml[: len(xml) // 2]})


def _zip_bomb() -> bytes:
    return replaced({PEOPLE_XML: b" " * (200 * 1_048_576)})


def _many_members() -> bytes:
    members = _members(_example_xlsx())
    members.update({f"xl/media/image{i}.png": b"x" for i in range(2_000)})
    return _zip(members)


def _many_shared_strings() -> bytes:
    xml = f'<sst xmlns="{NS}">' + "<si><t>x</t></si>" * 400_000 + "</sst>"
    return replaced({"xl/sharedStrings.xml": xml.encode()})


def _deep_nesting() -> bytes:
    xml = f'<worksheet xmlns="{NS}"><sheetData>' + "<x>" * 300_000 + "</x>" * 300_000 + "</sheetData></worksheet>"
    return replaced({PEOPLE_XML: xml.encode()})


def _shared_string_out_of_range() -> bytes:
    return _with_title_cell(5, 3, '<c r="REF" t="s"><v>99999</v></c>')


def _number_holding_text() -> bytes:
    return _with_title_cell(5, 3, '<c r="REF" t="n"><v>十二</v></c>')


def _formula_without_value() -> bytes:
    return _with_title_cell(5, 3, '<c r="REF"><f>UPPER("abc")</f></c>')


def _formula_with_value() -> bytes:
    return _with_title_cell(5, 3, '<c r="REF" t="str"><f>UPPER("abc")</f><v>ABC</v></c>')


def _escapes() -> bytes:
    sheet = example_sheet().model_copy(update={"customer": "_x005F_abc 与 _x0041_ 和 _x"})
    return to_xlsx(sheet)


def _gbk_after_bom() -> bytes:
    return codecs.BOM_UTF8 + to_csv(example_sheet()).decode("utf-8-sig").encode("gbk")


def _mixed_encodings() -> bytes:
    text = to_csv(example_sheet()).decode("utf-8-sig")
    first, rest = text.split("决策链人员,", 1)
    return first.encode("utf-8") + ("决策链人员," + rest).encode("gbk")


def _nul_byte() -> bytes:
    data = to_csv(example_sheet())
    at = data.index("国网某省电力公司".encode())
    return data[:at] + b"\x00" + data[at:]


def _utf16_without_bom() -> bytes:
    return to_csv(example_sheet()).decode("utf-8-sig").encode("utf-16-le")


def _noncharacters() -> bytes:
    text = to_csv(example_sheet()).decode("utf-8-sig").replace("国网某省电力公司", "国网\ufffe某省\uffff电力公司")
    return text.encode("utf-8")


def _blank_lines() -> bytes:
    return to_csv(example_sheet()) + b"\r\n" * 990_000


def _giant_cell() -> bytes:
    return to_csv(example_sheet()).replace("示例学员".encode(), b"x" * 1_990_000)


def _wide_row() -> bytes:
    text = to_csv(example_sheet()).decode("utf-8-sig")
    return text.replace("基本信息,学员,示例学员,", "基本信息,学员,示例学员," + "xy," * 600_000, 1).encode("utf-8")


def _largest(kind: str) -> Callable[[], bytes]:
    return lambda: (to_csv if kind == "csv" else to_xlsx)(largest_sheet())


def _equals_example(sheet: VisitSheet) -> bool:
    return sheet == example_sheet()


TOO_MANY_PEOPLE_XLSX = "“决策链人员”工作表第 302 行是第 301 位决策链人员"
TOO_MANY_PEOPLE_CSV = "第 322 行是第 301 位决策链人员"

CASES: list[Case] = [
    Case("dimension_bomb.xlsx", "XLSX 维度炸弹（声明 A1:XFD1048576）", _dimension_bomb, "accept", _equals_example),
    Case(
        "dimension_far_cell.xlsx",
        "XLSX 维度炸弹＋最远一格有内容",
        _far_cell,
        "“拜访信息表”工作表第 1048576 行 XFD 列有内容",
    ),
    Case(
        "stale_dimension.xlsx",
        "XLSX 过期的 <dimension>（声明 3 行，实有 7 行）",
        _stale_dimension,
        "accept",
        lambda s: len(s.people) == 6,
    ),
    Case(
        "referrals_300.xlsx",
        "XLSX 300 人按姓名互相引荐（上限内）",
        lambda: people_xlsx(300),
        "accept",
        lambda s: len(s.people) == 300 and s.people[-1].introduced_by == s.people[-2].id,
    ),
    Case(
        "referrals_60000.xlsx",
        "XLSX 60 000 行按姓名引荐",
        lambda: people_xlsx(60_000),
        "Excel 文件的全部内容解压后超过 16 MB",
    ),
    Case(
        "referrals_5000.xlsx",
        "XLSX 5 000 行按姓名引荐（解压后在上限内）",
        lambda: people_xlsx(5_000),
        TOO_MANY_PEOPLE_XLSX,
    ),
    Case(
        "referrals_300.csv",
        "CSV 300 人按姓名互相引荐（上限内）",
        lambda: people_csv(300),
        "accept",
        lambda s: len(s.people) == 300,
    ),
    Case("referrals_40000.csv", "CSV 40 000 行按姓名引荐", lambda: people_csv(40_000), "文件超过 988 行"),
    Case(
        "people_400.csv", "CSV 400 人（超出 300 人上限）", lambda: people_csv(400, by_name=False), TOO_MANY_PEOPLE_CSV
    ),
    Case(
        "people_16000.csv", "CSV 16 000 人（按编号引荐）", lambda: people_csv(16_000, by_name=False), "文件超过 988 行"
    ),
    Case(
        "rows_150k.xlsx",
        "XLSX 150 000 行有内容",
        lambda: replaced({TITLE_XML: _many_rows(150_000, False)}),
        "Excel 文件的部件“xl/worksheets/sheet1.xml”解压后超过 8 MB",
    ),
    Case(
        "rows_370k_people.xlsx",
        "XLSX 370 000 行有内容（人员表）",
        lambda: replaced({PEOPLE_XML: _many_rows(370_000, False)}),
        "Excel 文件的全部内容解压后超过 16 MB",
    ),
    Case(
        "rows_60k_people.xlsx",
        "XLSX 60 000 行有内容（解压后在上限内）",
        lambda: replaced({PEOPLE_XML: _many_rows(60_000, False)}),
        "“决策链人员”工作表第 1 行应为“决策链人员”的表头",
    ),
    Case(
        "blank_rows_370k.xlsx",
        "XLSX 370 000 个空行",
        lambda: replaced({PEOPLE_XML: _many_rows(370_000, True)}),
        "“决策链人员”工作表的内容远多于",
    ),
    Case(
        "shared_strings_400k.xlsx",
        "XLSX 400 000 条共享文本",
        _many_shared_strings,
        "共享文本（xl/sharedStrings.xml）的内容远多于",
    ),
    Case("deep_nesting.xlsx", "XLSX 30 万层嵌套元素", _deep_nesting, "“决策链人员”工作表的内容远多于"),
    Case("xxe.xlsx", "XLSX XML 外部实体（XXE）", _xxe, "Excel 文件的“拜访信息表”工作表里有 XML 文档类型或实体声明"),
    Case(
        "billion_laughs.xlsx",
        "XLSX 实体膨胀（billion laughs）",
        _billion_laughs,
        "Excel 文件的共享文本（xl/sharedStrings.xml）里有 XML 文档类型",
    ),
    Case(
        "truncated_xml.xlsx", "XLSX 工作表 XML 被截断", _truncated_xml, "Excel 文件的“决策链人员”工作表不完整或已损坏"
    ),
    Case("zip_bomb.xlsx", "XLSX 压缩炸弹（200 MB 解压）", _zip_bomb, "Excel 文件的全部内容解压后超过 16 MB"),
    Case("many_members.xlsx", "XLSX 2 000 个部件", _many_members, "Excel 文件里有 2013 个部件"),
    Case(
        "truncated_zip.xlsx",
        "XLSX 文件被截断（zip 不完整）",
        lambda: _example_xlsx()[:3000],
        "Excel 文件已损坏或不是 .xlsx 格式",
    ),
    Case(
        "number_holding_text.xlsx",
        "XLSX 数字格里是文字",
        _number_holding_text,
        "“拜访信息表”工作表第 5 行 C 列标为数字，内容却是“十二”",
    ),
    Case(
        "shared_string_index.xlsx",
        "XLSX 共享文本编号越界",
        _shared_string_out_of_range,
        "“拜访信息表”工作表第 5 行 C 列引用了第 100000 条共享文本",
    ),
    Case(
        "formula_no_value.xlsx",
        "XLSX 公式没有缓存值",
        _formula_without_value,
        '“拜访信息表”工作表第 5 行 C 列是公式（=UPPER("abc")）',
    ),
    Case(
        "formula_with_value.xlsx",
        "XLSX 公式有缓存值（Excel 正常保存）",
        _formula_with_value,
        "accept",
        lambda s: s.customer == "ABC",
    ),
    Case(
        "escapes.xlsx",
        "XLSX 文字里的 _x005F_ 转义",
        _escapes,
        "accept",
        lambda s: s.customer == "_x005F_abc 与 _x0041_ 和 _x",
    ),
    Case("bom_gbk_body.csv", "CSV UTF-8 BOM 加 GBK 内容", _gbk_after_bom, "accept", _equals_example),
    Case(
        "mixed_encodings.csv",
        "CSV 前半 UTF-8、后半 GBK",
        _mixed_encodings,
        "文件的编码前后不一致：第 1 行是 UTF-8 编码，第 20 行却是 GBK 编码",
    ),
    Case("nul_byte.csv", "CSV 含 NUL 字节", _nul_byte, "第 5 行有空字符（NUL，字节 00）"),
    Case("utf16le_no_bom.csv", "CSV UTF-16LE 无 BOM", _utf16_without_bom, "accept", _equals_example),
    Case(
        "noncharacters.csv",
        "CSV 含 U+FFFE/U+FFFF",
        _noncharacters,
        "accept",
        lambda s: s.customer == "国网某省电力公司",
    ),
    Case("blank_lines.csv", "CSV 后接 99 万个空行（2 MB）", _blank_lines, "accept", _equals_example),
    Case("giant_cell.csv", "CSV 一个 2 MB 的格子", _giant_cell, "第 4 行附近的 CSV 格式有误（某个格子的内容太长）"),
    Case(
        "long_line_then_gbk.csv",
        "CSV 190 万字符的一行后接 GBK（编码检测的最坏情况）",
        lambda: b"a" * 1_900_000 + b"\n" + "你好".encode("gbk") * 1000,
        "第 1 行附近的 CSV 格式有误（某个格子的内容太长）",
    ),
    Case("gbk_lines.csv", "CSV 66 万行 GBK 短行", lambda: b"\xc4\xe3\n" * 660_000, "文件超过 988 行"),
    Case("wide_row.csv", "CSV 一行 60 万个格子", _wide_row, "第 4 行的内容比表头多出 599939 列"),
    Case("too_big.csv", "超过 2 MB 上限的文件", lambda: b"x" * 2_500_000, "文件太大（2.5 MB），超过 2 MB 的上限"),
    Case(
        "largest.csv",
        "CSV 模型上限的最大表（300 人，全部文字写满）",
        _largest("csv"),
        "accept",
        lambda s: len(s.people) == 300,
    ),
    Case("largest.xlsx", "XLSX 模型上限的最大表", _largest("xlsx"), "accept", lambda s: len(s.people) == 300),
    Case(
        "homework.docx", "错误类型：Word 文档", lambda: _zip({"word/document.xml": b"<w/>"}), "不支持“.docx”类型的文件"
    ),
]
