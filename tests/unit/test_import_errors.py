"""A corpus of bad files, each refused with the exact Chinese message that tells the student what and where."""

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from worksheets.errors import SheetImportError
from worksheets.example import example_sheet
from worksheets.files import from_csv, load_sheet_file, to_csv
from worksheets.files.limits import MAX_IMPORT_BYTES
from worksheets.files.xlsx_io import from_xlsx, to_xlsx

BAD = Path(__file__).parents[1] / "fixtures" / "bad_files"
TRUNCATED = (
    "文件不完整：读到第 25 行（“决策链人员”表格）就结束了，缺少末尾的“（表格结束）”行；"
    "文件可能在保存或传输时被截断，请重新导出。"
)
PEOPLE_HEADER = "编号、姓名、职务、条线、层级、角色、关系、性格、引荐人、引荐人编号、痛点与关注、下一步、结识途径"
NOT_OURS = "这不是拜访信息表：第 1 行第 1 格应为“拜访信息表”。请导入从本练习册导出的 CSV 或 Excel 文件。"
BROKEN = "Excel 文件已损坏或不是 .xlsx 格式，无法打开；请重新导出后再导入。"

CORPUS = [
    ("empty.csv", "文件是空的，请选择从本练习册导出的拜访信息表（CSV 或 Excel 文件）。"),
    ("junk.bin", "不支持“.bin”类型的文件，请导入从本练习册导出的 CSV 或 Excel（.xlsx）文件。"),
    ("image.csv", "这是一个图片文件，不是拜访信息表；请导入从本练习册导出的 CSV 或 Excel 文件。"),
    ("not_our_sheet.csv", NOT_OURS),
    (
        "wrong_columns.csv",
        f"第 21 行应为“决策链人员”的表头：{PEOPLE_HEADER}；实际是："
        + PEOPLE_HEADER.replace("引荐人、引荐人编号", "介绍人、引荐人编号").removesuffix("、结识途径")
        + "。",
    ),
    (
        "missing_people_header.csv",
        f"第 21 行应为“决策链人员”的表头：{PEOPLE_HEADER}；实际是："
        "p001、毕工、运检部配网班专责、技术、基层、使用者、普遍关系、考拉、、、现场终端经常掉线，运维人员跑得辛苦；最关心设备…。",
    ),
    ("missing_people_table.csv", "文件缺少“决策链人员”表格，这可能不是从本练习册导出的拜访信息表。"),
    ("truncated.csv", TRUNCATED),
    ("bad_level.csv", "第 24 行“层级”列的值“顶层”无效，应为：基层、中层、高层"),
    ("bad_date.csv", "第 7 行“拜访日期”的值“2026-13-45”不是有效日期，应写成 2026-11-20 这样的格式"),
    ("too_long_name.csv", "第 26 行“姓名”列太长了：最多 40 个字，现在有 41 个字"),
    (
        "bad_source.csv",
        "第 18 行“时间（Timeline）”的“信息来源”列的值“听说的”无效，应为：客户亲口说、教练或线人说、我的判断",
    ),
    ("unknown_referrer.csv", "第 25 行“引荐人编号”列的“p099”不在决策链人员中"),
    ("unknown_section.csv", "第 31 行的“友商情况”无法识别：拜访信息表里没有这一部分或这一项。"),
    ("broken.xlsx", BROKEN),
    ("not_visit_sheet.xlsx", NOT_OURS),
]


@pytest.mark.parametrize(("name", "message"), CORPUS, ids=[name for name, _ in CORPUS])
def test_bad_file_is_refused_with_its_exact_message(name, message):
    with pytest.raises(SheetImportError) as caught:
        load_sheet_file(name, (BAD / name).read_bytes())
    assert str(caught.value) == message


def test_random_bytes_read_as_csv_are_not_text():
    with pytest.raises(SheetImportError, match=r"^文件不是文本格式（可能是图片、压缩包或其他二进制文件）"):
        from_csv((BAD / "junk.bin").read_bytes())


@pytest.mark.parametrize("name", ["sheet.csv", "sheet.xlsx"])
def test_a_file_over_the_limit_is_refused_before_reading(name):
    with pytest.raises(SheetImportError) as caught:
        load_sheet_file(name, b"a" * (MAX_IMPORT_BYTES + 1))
    assert str(caught.value) == "文件太大（2.0 MB），超过 2 MB 的上限；拜访信息表通常只有几十 KB，请确认选对了文件。"


def test_a_file_of_exactly_the_limit_is_read_not_refused_for_size():
    data = to_csv(example_sheet())
    blank_lines = b"".join(b" " * 998 + b"\r\n" for _ in range(2200))
    padded = (data + blank_lines)[:MAX_IMPORT_BYTES]
    assert len(padded) == MAX_IMPORT_BYTES
    assert from_csv(padded) == example_sheet()


def test_a_giant_cell_is_refused_with_its_row():
    text = to_csv(example_sheet()).decode("utf-8-sig").replace("示例学员", "示例" * 70_000)
    with pytest.raises(SheetImportError) as caught:
        from_csv(text.encode("utf-8"))
    assert str(caught.value) == "第 4 行附近的 CSV 格式有误（某个格子的内容太长），无法读取；请重新导出。"


@pytest.mark.parametrize("data", [b"\xef\xbb\xbf", b" \r\n\r\n", b"\x00\x00"])
def test_blank_or_bom_only_file_counts_as_empty(data):
    with pytest.raises(SheetImportError, match=r"^文件是空的"):
        from_csv(data)


def test_old_excel_format_asks_for_save_as():
    with pytest.raises(SheetImportError) as caught:
        load_sheet_file("sheet.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert str(caught.value) == (
        "这是旧版 Excel（.xls）文件，或设了打开密码的 Excel 文件，暂不支持；"
        "请在 Excel 中去掉密码、“另存为” .xlsx 或 CSV 后再导入。"
    )


def _csv_text() -> str:
    return to_csv(example_sheet()).decode("utf-8-sig")


def _refused(text: str) -> str:
    with pytest.raises(SheetImportError) as caught:
        from_csv(text.encode("utf-8"))
    return str(caught.value)


def test_duplicate_person_id_names_the_row():
    text = _csv_text().replace("p003,A主任", "p001,A主任")
    assert _refused(text) == "第 24 行“编号”列的值“p001”与前面的人员重复，每个人的编号必须不同"


def test_bad_role_lists_the_allowed_roles():
    text = _csv_text().replace("关键线人；教练", "关键线人；军师")
    assert _refused(text) == "第 23 行“角色”列的值“军师”无效，应为：桥梁、教练、关键线人、决策者、影响者、使用者"


def test_control_point_must_be_yes_or_no():
    text = _csv_text().replace("了解决策链（招采决策流程）,是", "了解决策链（招采决策流程）,已完成")
    assert _refused(text) == "第 55 行“是否达成”列的值“已完成”无效，应为：是、否"


def test_a_row_with_more_cells_than_its_header_is_refused():
    text = _csv_text().replace("下周带两台样机去他们班组做联调演示。", "下周带两台样机去他们班组做联调演示。,多余")
    assert _refused(text) == "第 22 行的内容比表头多出 1 列，可能是某个格子里的逗号或换行没有处理好。"


def test_a_missing_field_row_is_named():
    text = _csv_text().replace("基本信息,学员,示例学员,\r\n", "")
    assert _refused(text) == "文件缺少“基本信息 / 学员”这一行，这可能不是从本练习册导出的拜访信息表。"


def test_a_repeated_field_row_is_refused():
    text = _csv_text().replace("基本信息,学员,示例学员,", "基本信息,学员,示例学员,\r\n基本信息,学员,别人,")
    assert _refused(text) == "第 5 行“学员”重复出现，同一项只能写一次。"


def test_too_long_text_field_names_its_label():
    text = _csv_text().replace("基本信息,客户名称,国网某省电力公司", "基本信息,客户名称," + "长" * 81)
    assert _refused(text) == "第 5 行“客户名称”太长了：最多 80 个字，现在有 81 个字"


def _xlsx_with(sheet_name: str, cell: str, value) -> bytes:
    book = load_workbook(io.BytesIO(to_xlsx(example_sheet())))
    if value is None:
        del book[sheet_name]
    else:
        book[sheet_name][cell] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "message"),
    [
        ("决策链人员", "E3", "顶层", "“决策链人员”工作表第 3 行“层级”列的值“顶层”无效，应为：基层、中层、高层"),
        (
            "拜访信息表",
            "C7",
            "明天",
            "“拜访信息表”工作表第 7 行“拜访日期”的值“明天”不是有效日期，应写成 2026-11-20 这样的格式",
        ),
        (
            "竞争情况",
            "A1",
            "友商",
            "“竞争情况”工作表第 1 行应为“竞争情况”的表头：厂家、发现线索、备注；实际是：友商、发现线索、备注。",
        ),
        ("五个控制点", None, None, "Excel 文件缺少“五个控制点”工作表，这可能不是从本练习册导出的拜访信息表。"),
        ("拜访信息表", "A1", "客户名单", NOT_OURS),
    ],
)
def test_bad_xlsx_cells_are_named_with_sheet_and_row(sheet, cell, value, message):
    with pytest.raises(SheetImportError) as caught:
        from_xlsx(_xlsx_with(sheet, cell, value))
    assert str(caught.value) == message


def test_xlsx_that_unzips_to_a_bomb_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (21 * 1_048_576))
    with pytest.raises(SheetImportError) as caught:
        load_sheet_file("sheet.xlsx", buffer.getvalue())
    assert str(caught.value) == (
        "Excel 文件的全部内容解压后超过 16 MB，远大于一张拜访信息表，已拒绝导入；请确认选对了文件，或重新导出。"
    )


def test_unknown_extension_is_refused_by_name():
    with pytest.raises(SheetImportError) as caught:
        load_sheet_file("作业.pdf", b"%PDF-1.7")
    assert str(caught.value) == "不支持“.pdf”类型的文件，请导入从本练习册导出的 CSV 或 Excel（.xlsx）文件。"
