"""Files outlive upgrades: a visible format version, old files read, newer ones refused in Chinese, and the
importer reads everything the exporter can write (the model's maxima included)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from worksheets.codes import MetVia
from worksheets.errors import SheetImportError
from worksheets.example import example_sheet
from worksheets.fields import COLUMNS_SINCE, PEOPLE
from worksheets.files import MAX_IMPORT_BYTES, from_csv, from_xlsx, to_csv, to_xlsx
from worksheets.files.limits import largest_sheet
from worksheets.formats import FORMAT_VERSION

VERSION_ROW = f"格式版本,{FORMAT_VERSION}\r\n"


def _csv() -> str:
    return to_csv(example_sheet()).decode("utf-8-sig")


def test_csv_and_xlsx_show_the_format_version_under_the_title():
    assert _csv().splitlines()[1] == VERSION_ROW.strip()
    title = load_workbook(io.BytesIO(to_xlsx(example_sheet())))["拜访信息表"]
    assert (title["A2"].value, title["B2"].value) == ("格式版本", str(FORMAT_VERSION))


def test_a_version_1_csv_without_the_row_still_imports():
    assert from_csv(_csv().replace(VERSION_ROW, "\r\n").encode()) == example_sheet()


def test_a_version_1_xlsx_with_the_header_in_row_2_still_imports():
    book = load_workbook(io.BytesIO(to_xlsx(example_sheet())))
    book["拜访信息表"].delete_rows(2)
    out = io.BytesIO()
    book.save(out)
    assert from_xlsx(out.getvalue()) == example_sheet()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_newer_file_says_so_before_it_trips_over_rows_it_does_not_know(kind):
    newer = FORMAT_VERSION + 1
    if kind == "csv":
        text = (
            _csv()
            .replace(VERSION_ROW, f"格式版本,{newer}\r\n")
            .replace("基本信息,学员", "基本信息,新字段,x,\r\n基本信息,学员")
        )
        data = text.encode()
    else:
        book = load_workbook(io.BytesIO(to_xlsx(example_sheet())))
        book["拜访信息表"]["B2"] = str(newer)
        book["拜访信息表"]["B4"] = "将来才有的字段"
        out = io.BytesIO()
        book.save(out)
        data = out.getvalue()
    with pytest.raises(SheetImportError) as caught:
        (from_csv if kind == "csv" else from_xlsx)(data)
    assert str(caught.value) == (
        f"这个文件来自更新版本的练习册（格式版本 {newer}），当前练习册只能读取到格式版本 {FORMAT_VERSION}；"
        "请用最新版练习册打开，或请培训师更新练习册。"
    )


def test_a_version_that_is_not_a_number_is_named():
    with pytest.raises(SheetImportError) as caught:
        from_csv(_csv().replace(VERSION_ROW, "格式版本,二\r\n").encode())
    assert str(caught.value) == "第 2 行的格式版本“二”无效，应为一个整数；请从练习册重新导出后再导入。"


def test_codes_and_todays_labels_both_import():
    text = _csv().replace(",技术,基层,", ",tech,grassroots,", 1)
    assert from_csv(text.encode()) == example_sheet()


def test_a_column_added_since_an_old_file_gets_its_default():
    """结识途径 came with version 2: a version-1 file without it imports with 未知; a version-2 file must have it."""
    assert COLUMNS_SINCE[PEOPLE] == {"结识途径": FORMAT_VERSION}
    text = _csv()
    head, rest = text.split("决策链人员,", 1)
    table, tail = rest.split("\r\n\r\n", 1)
    count, header, *rows = table.split("\r\n")
    assert header.endswith(",结识途径")  # the last column
    cut = "\r\n".join([count, *(line.rsplit(",", 1)[0] for line in [header, *rows])])
    old = head.replace(VERSION_ROW, "\r\n") + "决策链人员," + cut + "\r\n\r\n" + tail
    sheet = from_csv(old.encode())
    assert [p.met_via for p in sheet.people] == [MetVia.UNKNOWN] * len(example_sheet().people)
    assert [p.model_copy(update={"met_via": MetVia.UNKNOWN}) for p in example_sheet().people] == sheet.people
    current = head + "决策链人员," + cut + "\r\n\r\n" + tail
    with pytest.raises(SheetImportError, match="应为“决策链人员”的表头"):
        from_csv(current.encode())


def test_columns_are_found_by_title_in_any_order():
    text = _csv().replace("厂家,发现线索,备注", "备注,厂家,发现线索")
    lines = text.split("\r\n")
    start = lines.index("备注,厂家,发现线索")
    for n in range(start + 1, len(lines)):
        if not lines[n]:
            break
        cells = next(csv.reader([lines[n]]))
        lines[n] = ",".join(f'"{c}"' for c in [cells[2], cells[0], cells[1]])
    assert from_csv("\r\n".join(lines).encode()) == example_sheet()


@pytest.mark.parametrize("char", ["𠀀", "中", '"', "=", "a"])
def test_the_largest_sheet_the_model_allows_exports_within_the_limit_and_comes_back(char):
    sheet = largest_sheet(char)
    assert len(sheet.people) == 300 and all(len(p.pain) == 500 for p in sheet.people)
    for write, read in ((to_csv, from_csv), (to_xlsx, from_xlsx)):
        data = write(sheet)
        assert len(data) <= MAX_IMPORT_BYTES
        assert read(data) == sheet


def test_model_drops_noncharacters_so_every_export_is_valid():
    sheet = example_sheet().model_copy(update={"customer": "A\ufffeB\uffffC"})
    sheet = sheet.model_validate(sheet.model_dump())
    assert sheet.customer == "ABC"
    assert from_xlsx(to_xlsx(sheet)).customer == "ABC"


def test_streamlit_lets_every_file_up_to_our_limit_reach_our_own_check():
    import tomllib
    from pathlib import Path

    from worksheets.files import UPLOADER_MB

    config = tomllib.loads((Path(__file__).parents[2] / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == UPLOADER_MB
    assert UPLOADER_MB * 1_000_000 > MAX_IMPORT_BYTES  # Streamlit's MB is 10^6 bytes


def test_nginx_lets_every_upload_streamlit_accepts_through():
    import re
    from pathlib import Path

    from worksheets.files import UPLOADER_MB

    template = (Path(__file__).parents[2] / "deploy" / "nginx.conf.template").read_text(encoding="utf-8")
    body = int(re.search(r"client_max_body_size (\d+)m;", template).group(1))
    assert body > UPLOADER_MB  # multipart framing adds a little to the file itself


def test_a_gbk_resave_whose_short_line_is_valid_utf8_by_chance_is_not_called_mixed():
    """未知 in GBK (CE B4 D6 AA) is also valid UTF-8 (Greek and Hebrew letters): no evidence of a second encoding."""
    sheet = example_sheet()
    sheet.competitors[0].note = "第一行\n未知"  # the last column: its second line holds only 未知
    gbk = to_csv(sheet).decode("utf-8-sig").replace("\r\n", ",\r\n").encode("gb18030")
    assert from_csv(gbk) == sheet
