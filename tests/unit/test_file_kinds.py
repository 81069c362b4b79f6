"""A file of one of the workbook's kinds dropped where another kind is read says what it is and where it goes."""

from datetime import date, datetime

import pytest
from signing_helpers import fresh_result_secret

from course.selftest import AnsweredQuestion, SelfTestResult
from course.selftest_io import SelfTestImportError, read_result, result_to_csv
from practice.loader import load_scenarios
from practice.results import ResultImportError, result_from_csv
from practice.results import result_to_csv as practice_to_csv
from practice.schema import Judgement
from worksheets.errors import SheetImportError
from worksheets.example import example_sheet
from worksheets.files import load_sheet_file, to_csv
from worksheets.model import Investment

SCENARIOS = load_scenarios()


pytestmark = pytest.mark.usefixtures(fresh_result_secret.__name__)


def _selftest() -> bytes:
    answer = AnsweredQuestion(question_id="q1", prompt="题", chosen="甲", correct_answer="甲", is_correct=True)
    return result_to_csv(
        SelfTestResult(student="赵六", taken_on=date(2026, 11, 1), score_percent=100, answers=[answer])
    )


def _practice() -> bytes:
    scenario = SCENARIOS[0]
    judgement = Judgement(state="locked", play=Investment.TOP_DOWN)
    return practice_to_csv(scenario, list(scenario.solution), judgement, "张三", datetime(2026, 12, 1, 10, 30))


def test_a_self_test_result_on_the_sheet_uploader():
    with pytest.raises(SheetImportError) as caught:
        load_sheet_file("赵六.csv", _selftest())
    assert str(caught.value) == (
        "这是自测结果文件，不是拜访信息表：这里需要拜访信息表文件；讲师汇总时，它应放在“作业汇总”的“自测结果”页签。"
    )


def test_a_practice_result_on_the_sheet_uploader():
    with pytest.raises(SheetImportError) as caught:
        load_sheet_file("张三.csv", _practice())
    assert str(caught.value).startswith("这是模拟初访结果文件，不是拜访信息表")


def test_a_sheet_on_the_self_test_and_practice_uploaders():
    sheet = to_csv(example_sheet())
    with pytest.raises(SelfTestImportError) as caught:
        read_result(sheet)
    assert str(caught.value).startswith("这是拜访信息表文件，不是自测结果：")
    assert str(caught.value).endswith("它应放在“作业汇总”的“拜访信息表”页签。")
    with pytest.raises(ResultImportError) as caught:
        result_from_csv(sheet, SCENARIOS)
    assert str(caught.value).startswith("这是拜访信息表文件，不是模拟初访结果：")
