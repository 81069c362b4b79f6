"""rollup: a trainer drops a folder of exported sheets (some broken) and gets one table back."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest

from course.selftest import AnsweredQuestion, SelfTestResult, percent_of
from course.selftest_io import result_to_csv
from course.selftest_rollup import selftest_rollup
from worksheets import errors
from worksheets.diagnosis import STATE_LABELS, UNDECIDED_LABEL
from worksheets.example import example_sheet
from worksheets.files import load_sheet_file, to_csv
from worksheets.files.xlsx_io import to_xlsx
from worksheets.model import ControlPoint, ControlPointCheck, FundingStatus, StateSignal, VisitSheet
from worksheets.rollup import UNREADABLE, ImportFailure, Rollup, RollupRow, rollup

CP = list(ControlPoint)


def sheet_of(student: str, signals: list[StateSignal], met: list[ControlPoint], **changes) -> VisitSheet:
    """The worked example, handed in by another student with other signals and control points."""
    sheet = example_sheet()
    sheet.student = student
    sheet.signals = signals
    sheet.control_points = [ControlPointCheck(point=p, met=p in met) for p in CP]
    for field, value in changes.items():
        setattr(sheet, field, value)
    return sheet


ZHANG = sheet_of("张三", [StateSignal.JOINS_DESIGN, StateSignal.REFERS_UP], CP[:3])
LI = sheet_of("李四", [StateSignal.ONLY_QUOTES, StateSignal.ROUTE_FIXED], CP, customer="某市供电公司")
WANG = sheet_of("王五", [], [])  # no signals: only a desk calendar, so undecided
ZHAO = sheet_of(
    "赵六",
    [StateSignal.SPORADIC_TECH, StateSignal.VAGUE_PLAN],
    [CP[0], CP[4]],
    funding_status=FundingStatus.NOT_YET,
    people=example_sheet().people[:1],
)
GOOD_CSV = to_csv(ZHANG)
_LINES = GOOD_CSV.decode("utf-8-sig").splitlines()
CUT_CSV = "\r\n".join(_LINES[: len(_LINES) // 2]).encode("utf-8-sig")  # saved halfway, on a line end


def class_folder() -> list[tuple[str, bytes]]:
    return [
        ("张三.csv", GOOD_CSV),
        ("空文件.csv", b""),
        ("李四.xlsx", to_xlsx(LI)),
        ("乱码.csv", bytes(range(256)) * 4),
        ("王五.csv", to_csv(WANG)),
        ("截断.csv", CUT_CSV),
        ("赵六.xlsx", to_xlsx(ZHAO)),
        ("截断.xlsx", to_xlsx(ZHAO)[:400]),
        ("笔记.txt", "随手记的笔记".encode()),
    ]


@pytest.fixture(scope="module")
def result() -> Rollup:
    return rollup(class_folder())


def importer_says(filename: str, data: bytes) -> str:
    with pytest.raises(errors.SheetImportError) as caught:
        load_sheet_file(filename, data)
    return str(caught.value)


def test_good_files_become_rows_in_order(result):
    assert [(r.filename, r.student) for r in result.rows] == [
        ("张三.csv", "张三"),
        ("李四.xlsx", "李四"),
        ("王五.csv", "王五"),
        ("赵六.xlsx", "赵六"),
    ]
    province = "国网某省电力公司"
    assert [r.customer for r in result.rows] == [province, "某市供电公司", province, province]


def test_broken_files_are_listed_with_the_importers_reason(result):
    broken = ["空文件.csv", "乱码.csv", "截断.csv", "截断.xlsx", "笔记.txt"]
    files = dict(class_folder())
    assert result.failures == [ImportFailure(filename=f, reason=importer_says(f, files[f])) for f in broken]
    reasons = [f.reason for f in result.failures]
    assert reasons[:2] == [errors.EMPTY, errors.NOT_TEXT]
    last_row = len(CUT_CSV.decode("utf-8-sig").rstrip().splitlines())
    assert reasons[2] == errors.TRUNCATED.format(row=last_row, where="“竞争对手”表格")
    assert reasons[3:] == [errors.BROKEN_XLSX, errors.NOT_OUR_SHEET]


def test_rows_carry_diagnosis_and_control_points(result):
    zhang, zhao = result.rows[0], result.rows[3]
    assert [r.state for r in result.rows] == ["shaping", "locked", None, "nascent"]
    assert [r.state_label for r in result.rows] == [
        STATE_LABELS["shaping"],
        STATE_LABELS["locked"],
        UNDECIDED_LABEL,
        STATE_LABELS["nascent"],
    ]
    assert [r.control_points_met for r in result.rows] == [3, 5, 0, 2]
    assert zhao.control_points == {p: p in (CP[0], CP[4]) for p in CP}
    assert (zhang.bridges, zhang.coaches) == (["采购组长"], ["招采中心某工"])
    assert (zhao.bridges, zhao.coaches) == ([], [])
    assert "项目八字没一撇却全情投入：应当温水煮青蛙，少投入、找教练、接触高层（见第 9 节）" in zhao.red_flags


def test_coverage_and_distribution_counts(result):
    assert result.control_point_coverage() == {
        CP[0].label: 3,
        CP[1].label: 2,
        CP[2].label: 2,
        CP[3].label: 1,
        CP[4].label: 2,
    }
    assert result.state_distribution() == {
        STATE_LABELS["locked"]: 1,
        STATE_LABELS["shaping"]: 1,
        STATE_LABELS["nascent"]: 1,
        UNDECIDED_LABEL: 1,
    }


def bars(spec: dict) -> dict[str, int]:
    """A bar chart's categories (unwrapped) and counts, as the trainer reads them off the chart."""
    category, value = spec["encoding"]["y"]["field"], spec["encoding"]["x"]["field"]
    return {row[category].replace("\n", ""): row[value] for row in spec["data"]["values"]}


def test_each_chart_counts_what_its_title_says(result):
    coverage, states = result.charts()
    assert (coverage.title, states.title) == ("五个控制点：达成人数", "客户状态诊断分布")
    assert bars(coverage.spec) == {CP[0].label: 3, CP[1].label: 2, CP[2].label: 2, CP[3].label: 1, CP[4].label: 2}
    assert list(bars(states.spec)) == [*STATE_LABELS.values(), UNDECIDED_LABEL]
    assert bars(states.spec)[STATE_LABELS["locked"]] == 1
    assert coverage.spec["encoding"]["y"]["field"] == "控制点"
    assert states.spec["encoding"]["y"]["field"] == "诊断状态"


def test_only_the_files_passed_in_are_seen():
    assert rollup([("张三.csv", GOOD_CSV)]).state_distribution()[STATE_LABELS["shaping"]] == 1
    empty = rollup([])
    assert (empty.rows, empty.failures) == ([], [])
    assert set(empty.state_distribution().values()) == {0}
    assert list(empty.to_dataframe().columns)[:3] == ["文件名", "学员", "客户"]


def test_unexpected_importer_crash_is_a_failure_not_a_crash(monkeypatch):
    def explode(filename, data):
        raise KeyError("word/document.xml")

    monkeypatch.setattr("worksheets.rollup.load_sheet_file", explode)
    assert rollup([("奇怪.xlsx", b"PK")]).failures == [ImportFailure(filename="奇怪.xlsx", reason=UNREADABLE)]


HEADER = [
    "文件名",
    "学员",
    "客户",
    "完成度(%)",
    "控制点达成数",
    *[p.label for p in CP],
    "已识别桥梁",
    "已识别教练",
    "诊断状态",
    "风险提示",
]


def test_dataframe_has_chinese_columns_and_sorts(result):
    df = result.to_dataframe()
    assert list(df.columns) == HEADER
    assert list(df.sort_values("控制点达成数")["学员"]) == ["王五", "赵六", "张三", "李四"]
    assert df.loc[1, CP[3].label] == "是" and df.loc[0, CP[3].label] == "否"


def test_csv_export_reads_back_with_bom(result):
    data = result.to_csv()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    assert [r[1] for r in rows[1:]] == ["张三", "李四", "王五", "赵六"]
    assert rows[4][HEADER.index("控制点达成数")] == "2"


def hostile_row() -> RollupRow:
    return RollupRow(
        filename='=HYPERLINK("http://x")',
        student="@SUM(A1)",
        customer="-1+2",
        completeness=40,
        control_points={p: False for p in CP},
        bridges=[],
        coaches=["+教练"],
        state=None,
        state_label=UNDECIDED_LABEL,
        red_flags=[],
    )


def test_csv_neutralises_formulas():
    data = Rollup(rows=[hostile_row()], failures=[]).to_csv()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1][:4] == ['\'=HYPERLINK("http://x")', "'@SUM(A1)", "'-1+2", "40"]
    assert rows[1][HEADER.index("已识别教练")] == "'+教练"


def test_xlsx_export_has_summary_sheets_and_no_formulas(result):
    bad = ImportFailure(filename="=evil.csv", reason=errors.EMPTY)
    report = Rollup(rows=[*result.rows, hostile_row()], failures=[*result.failures, bad])
    book = openpyxl.load_workbook(io.BytesIO(report.to_xlsx()))
    assert book.sheetnames == ["作业汇总", "控制点达成", "客户状态分布", "导入失败"]
    summary = list(book["作业汇总"].values)
    assert list(summary[0]) == HEADER
    assert [r[1] for r in summary[1:]] == ["张三", "李四", "王五", "赵六", "@SUM(A1)"]  # text as typed, no apostrophe
    assert summary[1][3] == result.rows[0].completeness  # numbers stay numbers
    assert summary[5][0] == '=HYPERLINK("http://x")'
    assert all(c.data_type != "f" for ws in book for row in ws.iter_rows() for c in row)  # shown, never run
    assert list(book["控制点达成"].values)[1] == (CP[0].label, 3)
    assert list(book["客户状态分布"].values)[1:] == [(k, v) for k, v in report.state_distribution().items()]
    assert list(book["导入失败"].values)[-1] == ("=evil.csv", errors.EMPTY)
    assert len(list(book["导入失败"].values)) == 1 + 6


# ---- self-test results ------------------------------------------------------------------------

QUESTIONS = {
    "st-locked-01": ("客户只让你报价、出方案，处于哪种状态？", "技术路线和心仪厂家已定", "尚未理清思路"),
    "st-shaping-01": ("客户有新发现会感谢你，应当怎么做？", "资金配套到位后全情投入", "少投入"),
    "st-nascent-01": ("只有技术人员零星咨询，最忌讳什么？", "只伺候一个技术人员", "找教练"),
    "st-locked-02": ("竞争劣势项目唯一的打法是？", "自上而下", "自下而上"),
}


def result_file(student: str, wrong: set[str], day: int = 1) -> bytes:
    """A made-up export of one student's round: every question answered, `wrong` ones missed."""
    answers = [
        AnsweredQuestion(
            question_id=qid,
            prompt=prompt,
            correct_answer=right,
            chosen=other if qid in wrong else right,
            is_correct=qid not in wrong,
        )
        for qid, (prompt, right, other) in QUESTIONS.items()
    ]
    right = sum(a.is_correct for a in answers)
    return result_to_csv(
        SelfTestResult(
            student=student,
            taken_on=date(2026, 11, day),
            score_percent=percent_of(right, len(answers)),
            answers=answers,
        )
    )


def selftest_folder() -> list[tuple[str, bytes]]:
    return [
        ("张三_自测.csv", result_file("张三", {"st-locked-01", "st-locked-02"})),  # 50
        ("空.csv", b""),
        ("李四_自测.csv", result_file("李四", {"st-locked-01"}, day=2)),  # 75
        ("拜访信息表.csv", GOOD_CSV),  # the wrong kind of file
        ("王五_自测.csv", result_file("王五", set(), day=3)),  # 100
        ("赵六_自测.csv", result_file("赵六", {"st-locked-01", "st-nascent-01", "st-shaping-01"})),  # 25
    ]


def test_selftest_scores_and_distribution():
    report = selftest_rollup(selftest_folder())
    assert [(s.filename, s.student, s.taken_on, s.score_percent) for s in report.scores] == [
        ("张三_自测.csv", "张三", date(2026, 11, 1), 50),
        ("李四_自测.csv", "李四", date(2026, 11, 2), 75),
        ("王五_自测.csv", "王五", date(2026, 11, 3), 100),
        ("赵六_自测.csv", "赵六", date(2026, 11, 1), 25),
    ]
    assert report.score_distribution() == {"0–59": 2, "60–79": 1, "80–100": 1}


def test_selftest_most_missed_questions():
    report = selftest_rollup(selftest_folder())
    assert [(m.question_id, m.prompt, m.misses, m.answered) for m in report.most_missed()] == [
        ("st-locked-01", QUESTIONS["st-locked-01"][0], 3, 4),
        ("st-shaping-01", QUESTIONS["st-shaping-01"][0], 1, 4),
        ("st-nascent-01", QUESTIONS["st-nascent-01"][0], 1, 4),
        ("st-locked-02", QUESTIONS["st-locked-02"][0], 1, 4),
    ]
    assert [m.question_id for m in report.most_missed(limit=1)] == ["st-locked-01"]


def test_selftest_broken_files_are_listed():
    report = selftest_rollup(selftest_folder())
    assert [(f.filename, f.reason) for f in report.failures] == [
        ("空.csv", "文件是空的，没有任何自测记录"),
        (  # a sheet dropped on the self-test tab is named for what it is, and where it goes
            "拜访信息表.csv",
            "这是拜访信息表文件，不是自测结果：这里需要自测结果文件；讲师汇总时，它应放在“作业汇总”的“拜访信息表”页签。",
        ),
    ]


def test_selftest_rollup_of_nothing():
    report = selftest_rollup([])
    assert (report.scores, report.missed, report.failures) == ([], [], [])
    assert report.score_distribution() == {"0–59": 0, "60–79": 0, "80–100": 0}


def test_chart_labels_are_never_cut_and_wrap_at_a_bracket_or_comma():
    from worksheets.rollup import bar_chart_spec

    spec = bar_chart_spec({"了解决策链（招采决策流程）": 2, "客户尚未理清思路，你来得早、有优势": 1, "待判断": 0}, "项")
    assert spec["encoding"]["y"]["axis"]["labelLimit"] == 0
    assert [row["项"] for row in spec["data"]["values"]] == [
        "了解决策链\n（招采决策流程）",
        "客户尚未理清思路，\n你来得早、有优势",
        "待判断",
    ]
    assert [row["人数"] for row in spec["data"]["values"]] == [2, 1, 0]


def test_risks_cell_has_no_doubled_punctuation():
    row = RollupRow.model_validate(
        {**rollup([("a.csv", to_csv(ZHANG))]).rows[0].model_dump(), "red_flags": ["风险一。", "风险二"]}
    )
    assert row.risks == "风险一。风险二。"
    assert "。；" not in Rollup(rows=[row], failures=[]).to_csv().decode("utf-8-sig")


def test_a_sheet_handed_in_twice_counts_once_in_the_table_and_the_charts():
    """The same file dropped twice, Excel's GB18030 re-save and the XLSX of one sheet are one student."""
    data = to_csv(ZHANG)
    resaved = data.decode("utf-8-sig").encode("gb18030")
    report = rollup(
        [
            ("张三.csv", data),
            ("李四.csv", to_csv(LI)),
            ("张三.csv", data),
            ("张三 - 副本.csv", resaved),
            ("张三.xlsx", to_xlsx(ZHANG)),
        ]
    )
    assert [r.student for r in report.rows] == ["张三", "李四"]
    assert [r.message for r in report.repeats] == [
        "张三.csv：与“张三.csv”内容相同，只计一次。",
        "张三 - 副本.csv：与“张三.csv”内容相同，只计一次。",
        "张三.xlsx：与“张三.csv”内容相同，只计一次。",
    ]
    assert sum(report.state_distribution().values()) == 2
    assert report.failures == []


def test_two_students_with_equal_answers_but_other_names_are_both_counted():
    report = rollup([("a.csv", to_csv(ZHANG)), ("b.csv", to_csv(sheet_of("张三丰", ZHANG.signals, CP[:3])))])
    assert [r.student for r in report.rows] == ["张三", "张三丰"]
    assert report.repeats == []


def test_a_self_test_result_handed_in_twice_is_scored_once():
    data = result_file("赵六", {"st-locked-01"})
    resaved = data.decode("utf-8-sig").encode("gb18030")
    report = selftest_rollup(
        [("赵六.csv", data), ("赵六（Excel）.csv", resaved), ("钱七.csv", result_file("钱七", set()))]
    )
    assert [s.student for s in report.scores] == ["赵六", "钱七"]
    assert [r.message for r in report.repeats] == ["赵六（Excel）.csv：与“赵六.csv”内容相同，只计一次。"]
    assert [(m.misses, m.answered) for m in report.missed] == [(1, 2)]


def test_the_roll_up_xlsx_shows_text_exactly_as_typed_and_runs_nothing():
    """The apostrophe is the CSV's defence; in XLSX the cell is text, so "@小王" and "=1+1" show as typed."""
    odd = sheet_of("@小王", [], [], customer="=1+1", project="_x0041_")
    report = rollup([("odd.csv", to_csv(odd))])
    ws = openpyxl.load_workbook(io.BytesIO(report.to_xlsx()))["作业汇总"]
    header = [c.value for c in ws[1]]
    row = {h: c for h, c in zip(header, ws[2], strict=True)}
    assert (row["学员"].value, row["客户"].value) == ("@小王", "=1+1")
    assert row["客户"].data_type == "s"
    csv_row = next(csv.DictReader(io.StringIO(report.to_csv().decode("utf-8-sig"))))
    assert (csv_row["学员"], csv_row["客户"]) == ("'@小王", "'=1+1")  # the CSV keeps its defence
