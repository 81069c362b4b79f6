"""The trainer's roll-up page: the class's files go in, and each chart sits under the title that says what it counts."""

import json

from apptest_helpers import by_label, go
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from ui.text import as_typed
from worksheets.diagnosis import STATE_LABELS, UNDECIDED_LABEL
from worksheets.example import example_sheet
from worksheets.files import to_csv
from worksheets.model import ControlPoint, ControlPointCheck, StateSignal

CP = list(ControlPoint)
SHEETS_UPLOADER = "上传学员导出的拜访信息表（CSV 或 XLSX，可多选，每个不超过 2 MB）"


def handed_in(student: str, signals: list[StateSignal], met: list[ControlPoint]) -> tuple[str, bytes, str]:
    sheet = example_sheet()
    sheet.student = student
    sheet.signals = signals
    sheet.control_points = [ControlPointCheck(point=p, met=p in met) for p in CP]
    return (f"{student}.csv", to_csv(sheet), "text/csv")


CLASS = [
    handed_in("张三", [StateSignal.JOINS_DESIGN, StateSignal.REFERS_UP], CP[:3]),  # shaping
    handed_in("李四", [StateSignal.ONLY_QUOTES, StateSignal.ROUTE_FIXED], CP),  # locked
    handed_in("王五", [], []),  # undecided
]


def chart_under(app, title: str) -> dict[str, int]:
    """The bars of the chart right after the bold `title` on the page: category (unwrapped) -> count."""
    blocks = [e for e in app.main if e.type in ("markdown", "vega_lite_chart")]
    at_title = [i for i, e in enumerate(blocks) if e.type == "markdown" and e.value == f"**{title}**"]
    assert len(at_title) == 1, f"{len(at_title)} headings {title!r}"
    chart = blocks[at_title[0] + 1]
    assert chart.type == "vega_lite_chart", f"no chart under {title!r}"
    spec = json.loads(chart.proto.spec)
    category, value = spec["encoding"]["y"]["field"], spec["encoding"]["x"]["field"]
    bars = convert_arrow_bytes_to_pandas_df(chart.proto.data.data)  # Streamlit sends the values as Arrow
    return {label.replace("\n", ""): int(n) for label, n in zip(bars[category], bars[value], strict=True)}


def test_each_chart_sits_under_its_own_title(at):
    page = go(at, "views/trainer_rollup.py")
    by_label(page.get("file_uploader"), SHEETS_UPLOADER).set_value(CLASS).run()
    assert not page.exception, [e.value for e in page.exception]
    assert chart_under(page, "五个控制点：达成人数") == {
        CP[0].label: 2,
        CP[1].label: 2,
        CP[2].label: 2,
        CP[3].label: 1,
        CP[4].label: 1,
    }
    assert chart_under(page, "客户状态诊断分布") == {
        STATE_LABELS["locked"]: 1,
        STATE_LABELS["shaping"]: 1,
        STATE_LABELS["nascent"]: 0,
        UNDECIDED_LABEL: 1,
    }


def test_a_file_handed_in_twice_is_named_and_the_charts_count_it_once(at):
    page = go(at, "views/trainer_rollup.py")
    again = ("张三（再交一次）.csv", CLASS[0][1], "text/csv")
    third = ("张三（第三次）.csv", CLASS[0][1], "text/csv")
    by_label(page.get("file_uploader"), SHEETS_UPLOADER).set_value([*CLASS, again, third]).run()
    assert not page.exception, [e.value for e in page.exception]
    assert "**成功读取 3 份，失败 0 份，重复 2 份（只计一次）。**" in [m.value for m in page.markdown]
    assert len(page.info[0].value.split("  \n")) == 2  # one line per repeated file, not run together
    notes = [i.value for i in page.info]
    assert any("张三（再交一次）.csv：与“张三.csv”内容相同，只计一次。" in as_typed(n).replace("\\", "") for n in notes)
    assert sum(chart_under(page, "客户状态诊断分布").values()) == 3


def test_the_self_test_tab_counts_its_files_and_draws_scores_like_the_other_tabs(at):
    """It had no read/failed line and a vertical default chart binned "0-59" (trainer review)."""
    from course.selftest import AnsweredQuestion, SelfTestResult
    from course.selftest_io import result_to_csv

    answer = AnsweredQuestion(question_id="q1", prompt="题", chosen="甲", correct_answer="甲", is_correct=True)
    result = SelfTestResult(student="赵六", taken_on=example_sheet().visit_date, score_percent=100, answers=[answer])
    page = go(at, "views/trainer_rollup.py")
    uploader = by_label(page.get("file_uploader"), "上传学员的自测结果（CSV，可多选，每个不超过 2 MB）")
    uploader.set_value([("赵六.csv", result_to_csv(result), "text/csv")]).run()
    assert not page.exception, [e.value for e in page.exception]
    assert "**成功读取 1 份，失败 0 份。**" in [m.value for m in page.markdown]
    specs = [json.loads(c.proto.spec) for c in page.main if c.type == "vega_lite_chart"]
    assert [s["encoding"]["y"]["field"] for s in specs] == ["得分"]  # horizontal, as on the sheets tab
    bars = convert_arrow_bytes_to_pandas_df(next(c for c in page.main if c.type == "vega_lite_chart").proto.data.data)
    assert list(bars["得分"]) == ["0–59", "60–79", "80–100"]
