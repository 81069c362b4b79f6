"""The CSV a student downloads reads as the homework table in Excel and comes back as the same sheet."""

import codecs
import csv
import io
import types

import pytest

from worksheets.errors import SheetImportError
from worksheets.example import example_sheet
from worksheets.files import export_filename, from_csv, load_sheet_file, neutralise, restore, to_csv
from worksheets.files.xlsx_io import to_xlsx
from worksheets.model import Person, VisitSheet


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _excel_resave(data: bytes, *, width: int | None = 12, encoding: str = "gb18030") -> bytes:
    """What Excel on Chinese Windows writes back: no BOM, CRLF, rows padded (or trimmed) to one width."""
    rows = _rows(data)
    if width is None:
        rows = [row[: max((i + 1 for i, c in enumerate(row) if c), default=0)] for row in rows]
    else:
        rows = [row + [""] * (width - len(row)) for row in rows]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().replace("\n", "\r\n").replace("\r\r\n", "\r\n").encode(encoding)


def test_export_is_utf8_with_bom_and_starts_with_the_title():
    data = to_csv(example_sheet())
    assert data.startswith(codecs.BOM_UTF8)
    assert _rows(data)[0] == ["拜访信息表", "第 12 课作业：第一次拜访如何收集信息"]
    assert _rows(data)[-1] == ["（表格结束）"]


def test_sections_follow_the_lesson_order():
    firsts = [row[0] for row in _rows(to_csv(example_sheet())) if row]
    order = [
        "基本信息",
        "客户为什么愿意见你",
        "BANT",
        "决策链人员",
        "竞争对手",
        "竞争情况",
        "客户状态信号",
        "项目质量判断",
        "留钩子",
        "五个控制点",
    ]
    assert [firsts.index(section) for section in order] == sorted(firsts.index(s) for s in order)


def test_example_round_trips():
    assert from_csv(to_csv(example_sheet())) == example_sheet()


def test_people_table_shows_referrer_by_name_and_keeps_its_id():
    rows = _rows(to_csv(example_sheet()))
    clerk = next(row for row in rows if row[:2] == ["p002", "招采中心某工"])
    assert clerk[5] == "关键线人；教练"
    assert clerk[8:10] == ["毕工", "p001"]


def test_bant_rows_carry_their_source():
    rows = _rows(to_csv(example_sheet()))
    assert ["BANT", "时间（Timeline）", "估计明年一季度挂网招标，二季度供货。", "我的判断"] in rows


def test_observed_signals_are_marked_yes_and_all_others_no():
    rows = [row for row in _rows(to_csv(example_sheet())) if row and row[0] == "客户状态信号"]
    assert [row[2] for row in rows] == ["是"] * 3 + ["否"] * 6


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://x","点我")', '\'=HYPERLINK("http://x","点我")'),
        ("+86 138", "'+86 138"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("'=已转义", "''=已转义"),
        ("''+x", "'''+x"),
        ("'普通引号", "'普通引号"),
        ("普通文字", "普通文字"),
        ("", ""),
    ],
)
def test_formula_cells_are_neutralised_and_restored(text, cell):
    assert neutralise(text) == cell
    assert restore(cell) == text


def test_no_exported_cell_starts_like_a_formula():
    sheet = example_sheet().model_copy(update={"student": "=1+1", "customer": "@cmd", "project": "-2"})
    sheet.people[0].name = "+毕工"
    data = to_csv(sheet)
    cells = [cell for row in _rows(data) for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r", "\n")]
    assert from_csv(data) == sheet


@pytest.mark.parametrize("width", [12, 14, None], ids=["trailing-commas", "wider", "trimmed"])
def test_excel_gb18030_resave_imports_equal(width):
    sheet = example_sheet().model_copy(update={"why_meet": "第一行，有逗号\n第二行“引号”😀"})
    data = _excel_resave(to_csv(sheet), width=width)
    assert not data.startswith(codecs.BOM_UTF8)
    assert from_csv(data) == sheet


def test_excel_date_style_and_utf16_tab_text_are_accepted():
    text = to_csv(example_sheet()).decode("utf-8-sig").replace("2026-11-20", "2026/11/20")
    assert from_csv(text.encode("gb18030")) == example_sheet()
    tabbed = "\r\n".join("\t".join(row) for row in _rows(to_csv(example_sheet())) if "\n" not in "".join(row))
    assert from_csv(codecs.BOM_UTF16_LE + tabbed.encode("utf-16-le")) == example_sheet()


def test_hand_added_person_gets_an_id_and_referrer_by_name():
    text = to_csv(example_sheet()).decode("utf-8-sig")
    added = ",新人,,采购,基层,,初步接触,未知,毕工,,,\r\n"
    text = text.replace("\r\n\r\n竞争对手", "\r\n" + added + "\r\n竞争对手")
    sheet = from_csv(text.encode("utf-8"))
    newcomer = sheet.people[-1]
    assert newcomer.name == "新人" and newcomer.introduced_by == "p001"
    assert newcomer.id not in {p.id for p in example_sheet().people}


def test_diagnosis_rows_are_written_for_the_trainer_and_ignored_on_import(monkeypatch):
    found = types.SimpleNamespace(state_label="测试状态", evidence=["证据一"], play="=打法", red_flags=["风险"])
    monkeypatch.setattr("worksheets.fields.diagnose", lambda sheet: found)
    data = to_csv(example_sheet())
    rows = _rows(data)
    start = rows.index(["系统诊断（自动生成，仅供参考，导入时忽略）"])
    assert rows[start + 1 : start + 5] == [
        ["客户状态", "测试状态"],
        ["依据", "证据一"],
        ["建议打法", "'=打法"],
        ["风险提示", "风险"],
    ]
    assert from_csv(data) == example_sheet()


HEADINGS = ["（表格结束）", "部分", "决策链人员", "拜访信息表", "系统诊断（自动生成，仅供参考，导入时忽略）"]


@pytest.mark.parametrize("name", HEADINGS)
def test_names_that_look_like_our_headings_round_trip(name):
    sheet = example_sheet()
    sheet.competitors[0].name = name
    sheet.people[-1].name = name
    assert from_csv(to_csv(sheet)) == sheet


def test_a_file_cut_right_after_an_end_like_name_is_still_refused():
    sheet = example_sheet()
    sheet.competitors[0].name = "（表格结束）"
    text = to_csv(sheet).decode("utf-8-sig")
    cut = text[: text.index("（表格结束）") + len("（表格结束）")]
    with pytest.raises(SheetImportError) as caught:
        from_csv(cut.encode("utf-8"))
    assert str(caught.value) == "文件缺少“五个控制点”表格，这可能不是从本练习册导出的拜访信息表。"


def test_empty_sheet_round_trips():
    assert from_csv(to_csv(VisitSheet())) == VisitSheet()


def test_load_sheet_file_dispatches_by_content_not_only_name():
    sheet = example_sheet()
    assert load_sheet_file("拜访信息表.csv", to_xlsx(sheet)) == sheet
    assert load_sheet_file("拜访信息表", to_csv(sheet)) == sheet
    assert load_sheet_file("作业.TXT", to_csv(sheet)) == sheet


@pytest.mark.parametrize(
    ("update", "ext", "name"),
    [
        ({}, "csv", "拜访信息表_国网某省电力公司_2026-11-20.csv"),
        ({"customer": 'a/b\\c:d*e?f"g<h>i|j'}, ".XLSX", "拜访信息表_abcdefghij_2026-11-20.xlsx"),
        ({"customer": "某 省  公司"}, "csv", "拜访信息表_某_省_公司_2026-11-20.csv"),
        ({"customer": "../..", "visit_date": None}, "csv", "拜访信息表_未命名客户_无日期.csv"),
        ({}, "", "拜访信息表_国网某省电力公司_2026-11-20"),
    ],
)
def test_export_filename_uses_only_safe_characters(update, ext, name):
    assert export_filename(example_sheet().model_copy(update=update), ext) == name


def test_import_builds_a_new_sheet_each_time():
    data = to_csv(example_sheet())
    first, second = from_csv(data), from_csv(data)
    first.people.append(Person(id="zz99", name="只加在第一份里"))
    assert len(second.people) == len(example_sheet().people)
