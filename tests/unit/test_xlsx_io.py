"""The Excel download opens as a tidy workbook, never runs a student's text as a formula, and comes back equal."""

import datetime as dt
import io
import zipfile

from openpyxl import load_workbook

from worksheets.example import example_sheet
from worksheets.files.xlsx_io import from_xlsx, to_xlsx


def _book(data: bytes):
    return load_workbook(io.BytesIO(data))


def _resaved(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_example_round_trips():
    assert from_xlsx(to_xlsx(example_sheet())) == example_sheet()


def test_workbook_has_one_sheet_per_part_in_lesson_order():
    names = _book(to_xlsx(example_sheet())).sheetnames
    assert names[:4] == ["拜访信息表", "决策链人员", "竞争情况", "五个控制点"]


def test_headers_are_bold_columns_wide_and_text_wraps():
    people = _book(to_xlsx(example_sheet()))["决策链人员"]
    assert [c.value for c in people[1]][:3] == ["编号", "姓名", "职务"]
    assert all(c.font.b for c in people[1])
    assert people.column_dimensions["K"].width == 40
    assert people["K2"].alignment.wrap_text
    assert people.freeze_panes == "A2"


def test_fields_sheet_reads_as_the_homework_table():
    fields = _book(to_xlsx(example_sheet()))["拜访信息表"]
    assert fields["A1"].value == "拜访信息表"
    assert [c.value for c in fields[2]][:2] == ["格式版本", "2"]
    assert [c.value for c in fields[3]] == ["部分", "项目", "内容", "信息来源"]
    assert [c.value for c in fields[4]][:3] == ["基本信息", "学员", "示例学员"]


def test_text_starting_with_equals_is_stored_as_text_not_formula():
    sheet = example_sheet().model_copy(update={"student": '=HYPERLINK("http://x")', "project": "'=已转义"})
    data = to_xlsx(sheet)
    cell = _book(data)["拜访信息表"]["C4"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ('=HYPERLINK("http://x")', "s", True)
    assert b"<f>" not in data
    assert from_xlsx(data) == sheet


def test_excel_typed_date_and_number_cells_are_read_as_text():
    book = _book(to_xlsx(example_sheet()))
    book["拜访信息表"]["C7"] = dt.datetime(2026, 11, 21)
    book["拜访信息表"]["C5"] = 12345
    sheet = from_xlsx(_resaved(book))
    assert (sheet.visit_date, sheet.customer) == (dt.date(2026, 11, 21), "12345")


def test_blank_rows_left_by_hand_are_skipped():
    book = _book(to_xlsx(example_sheet()))
    book["决策链人员"].insert_rows(3)
    assert from_xlsx(_resaved(book)) == example_sheet()


def _as_excel_saves_it(data: bytes) -> bytes:
    """Our workbook as Excel (or WPS) writes it back: every text in one shared-string table, some as rich-text
    runs, one with a phonetic guide (<rPh>) that is not part of the text, and a stale <dimension>."""
    import re
    import zipfile
    from xml.sax.saxutils import escape, unescape

    members = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    strings: list[str] = []

    def shared(match: re.Match) -> str:
        strings.append(match.group(2))
        return f'<c r="{match.group(1)}" s="0" t="s"><v>{len(strings) - 1}</v></c>'

    cell = re.compile(r'<c r="([A-Z]+\d+)"[^>]*t="inlineStr"[^>]*><is><t[^>]*>(.*?)</t></is></c>', re.S)
    for name in [n for n in members if n.startswith("xl/worksheets/sheet")]:
        xml = cell.sub(shared, members[name].decode())
        members[name] = re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:B2"/>', xml).encode()
    items = []
    for n, found in enumerate(strings):
        text = escape(unescape(found))
        if n % 3 == 0 and len(unescape(found)) > 3:  # split the text itself, not its XML escapes
            head, tail = escape(unescape(found)[:2]), escape(unescape(found)[2:])
            items.append(f'<si><r><t>{head}</t></r><r><rPr><b/></rPr><t xml:space="preserve">{tail}</t></r></si>')
        elif n % 3 == 1:
            items.append(f'<si><t>{text}</t><rPh sb="0" eb="1"><t>{escape("ピン")}</t></rPh></si>')
        else:
            items.append(f'<si><t xml:space="preserve">{text}</t></si>')
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    members["xl/sharedStrings.xml"] = f'<sst xmlns="{ns}" count="{len(items)}">{"".join(items)}</sst>'.encode()
    rel = (
        '<Relationship Id="rIdSst" Target="sharedStrings.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
    )
    rels = members["xl/_rels/workbook.xml.rels"].decode()
    members["xl/_rels/workbook.xml.rels"] = rels.replace("</Relationships>", rel + "</Relationships>").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_a_workbook_saved_by_excel_with_shared_rich_text_and_phonetics_imports():
    sheet = example_sheet().model_copy(update={"customer": "A&B <公司> _x005F_x0041_"})
    data = _as_excel_saves_it(to_xlsx(sheet))
    assert b't="inlineStr"' not in data and b"<rPh" in zipfile.ZipFile(io.BytesIO(data)).read("xl/sharedStrings.xml")
    assert from_xlsx(data) == sheet
