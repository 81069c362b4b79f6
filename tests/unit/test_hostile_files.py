"""Every hostile or careless file, through every import path, ends in a sheet or a Chinese SheetImportError.

The corpus (benchmarks/hostile_corpus.py) is also what benchmarks/bench_hostile.py measures for time and memory.
"""

from __future__ import annotations

import re

import pytest

from benchmarks.hostile_corpus import CASES
from course.loader import load_course
from course.selftest_io import SelfTestImportError, read_result
from course.selftest_rollup import selftest_rollup
from worksheets import errors
from worksheets.errors import SheetImportError
from worksheets.example import example_sheet
from worksheets.files import from_xlsx, load_sheet_file, to_csv, to_xlsx
from worksheets.rollup import UNREADABLE, rollup

_CHINESE = re.compile(r"[\u4e00-\u9fff]")
BY_NAME = {case.name: case for case in CASES}


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return {case.name: case.build() for case in CASES}


@pytest.mark.parametrize("name", list(BY_NAME))
def test_sheet_import_accepts_or_refuses_with_the_true_reason(name, files):
    case = BY_NAME[name]
    if case.expect == "accept":
        sheet = load_sheet_file(name, files[name])
        assert case.check(sheet)
        assert from_xlsx(to_xlsx(sheet)) == sheet  # what was accepted exports and comes back
        return
    with pytest.raises(SheetImportError) as caught:
        load_sheet_file(name, files[name])
    assert str(caught.value).startswith(case.expect), str(caught.value)
    assert caught.value.explained().startswith(f"无法导入“{name}”：")
    assert str(caught.value) != errors.UNEXPECTED


@pytest.mark.parametrize("name", list(BY_NAME))
def test_roll_up_lists_the_same_reason_and_goes_on(name, files):
    good = ("好的.csv", to_csv(example_sheet().model_copy(update={"student": "另一位学员"})))  # not a repeat of any
    result = rollup([(name, files[name]), good])
    assert [r.filename for r in result.rows][-1] == "好的.csv"
    if BY_NAME[name].expect == "accept":
        assert [r.filename for r in result.rows] == [name, "好的.csv"]
        result.to_xlsx(), result.to_csv()  # the roll-up's own files can be written
    else:
        assert [f.filename for f in result.failures] == [name]
        assert result.failures[0].reason.startswith(BY_NAME[name].expect)
        assert result.failures[0].reason != UNREADABLE


@pytest.mark.parametrize("name", list(BY_NAME))
def test_self_test_results_refuse_every_hostile_file_in_chinese(name, files):
    with pytest.raises(SelfTestImportError) as caught:
        read_result(files[name], load_course().selftest)
    assert _CHINESE.search(str(caught.value))
    report = selftest_rollup([(name, files[name])])
    assert report.failures[0].reason == str(caught.value) != UNREADABLE


def test_an_unforeseen_crash_is_still_a_chinese_reason_naming_the_file(monkeypatch):
    def explode(data):
        raise IndexError("a bug")

    monkeypatch.setattr("worksheets.files.load.from_csv", explode)
    with pytest.raises(SheetImportError) as caught:
        load_sheet_file("作业.csv", b"abc")
    assert caught.value.explained() == f"无法导入“作业.csv”：{errors.UNEXPECTED}"
