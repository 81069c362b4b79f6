"""Simulation result files: signed on export, score recomputed on import, every bad file a Chinese error."""

from datetime import datetime

import pytest
from signing_helpers import fresh_result_secret

from practice.loader import load_scenarios
from practice.results import ResultImportError, result_filename, result_from_csv, result_to_csv
from practice.rollup import practice_rollup
from practice.schema import LEAVE, Judgement
from worksheets import signing
from worksheets.model import Investment

SCENARIOS = load_scenarios()
LOCKED = next(s for s in SCENARIOS if s.id == "hospital-cssd")
WHEN = datetime(2026, 12, 1, 10, 30)
PARTIAL = ["go-equip", "zhao-pitch", "zhao-why", "desk-look", LEAVE]


pytestmark = pytest.mark.usefixtures(fresh_result_secret.__name__)


RIGHT = Judgement(state="locked", play=Investment.TOP_DOWN)


def _file(choices=LOCKED.solution, judgement=RIGHT, student="张三"):
    return result_to_csv(LOCKED, list(choices), judgement, student, WHEN)


def test_a_result_reads_back_genuine_with_its_score():
    result = result_from_csv(_file(), SCENARIOS)
    assert result.genuine and result.score == 100 and result.student == "张三"
    assert result.finished == "2026-12-01 10:30" and result.visit.left
    assert result_filename(LOCKED, "张/三", WHEN) == "模拟初访_江北市第二人民医院：消毒供应追溯系统_张三_2026-12-01.csv"


def test_an_edited_score_is_ignored_and_the_file_is_marked_edited():
    data = _file(PARTIAL, Judgement(state=None, play=Investment.ALL_IN)).decode("utf-8-sig")
    real = result_from_csv(data.encode("utf-8-sig"), SCENARIOS)
    edited = data.replace(f"得分,{real.score}\r\n", "得分,100\r\n")
    assert edited != data
    result = result_from_csv(edited.encode("utf-8-sig"), SCENARIOS)
    assert result.score == real.score < 30 and not result.genuine


def test_edited_choices_are_rescored_and_marked_edited():
    data = _file(PARTIAL, Judgement(state="locked", play=Investment.TOP_DOWN)).decode("utf-8-sig")
    cleaner = data.replace("go-equip zhao-pitch zhao-why", "go-equip zhao-why")
    result = result_from_csv(cleaner.encode("utf-8-sig"), SCENARIOS)
    assert not result.genuine and not any(s.mistake for s in result.visit.steps)


def test_a_file_signed_with_another_secret_is_not_genuine(monkeypatch):
    data = _file()
    monkeypatch.setenv("WORKBOOK_SECRET", "another-server")
    signing._secret.cache_clear()
    assert not result_from_csv(data, SCENARIOS).genuine


def test_excel_resave_in_gb18030_still_reads():
    data = _file().decode("utf-8-sig").encode("gb18030")
    assert result_from_csv(data, SCENARIOS).genuine


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件是空的"),
        (b"x" * 70_000, "文件太大"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "不是文本格式"),
        ("拜访信息表,\r\n".encode(), "这是拜访信息表文件，不是模拟初访结果"),
        ("鞋店,\r\n".encode(), "这不是模拟初访结果"),
        ("模拟初访结果,\r\n场景编号,x\r\n".encode(), "文件缺少"),
        ("模拟初访结果,\r\n鞋码,42\r\n".encode(), "无法识别"),
        ("模拟初访结果,\r\n学员,a\r\n学员,b\r\n".encode(), "重复出现"),
        ("模拟初访结果,\r\n".encode() + "学员,a\r\n".encode() * 30, "比模拟初访结果多得多"),
    ],
)
def test_bad_files_end_in_a_chinese_error(data, message):
    with pytest.raises(ResultImportError, match=message):
        result_from_csv(data, SCENARIOS)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("场景编号,hospital-cssd", "场景编号,mars-base", "场景“mars-base”不存在"),
        ("go-equip zhao-why", "zhao-why go-equip", "选择记录和场景对不上（第 1 步"),
        (" leave", "", "还没有结束"),
        ("判断状态,locked", "判断状态,happy", "“判断状态”的值“happy”无效"),
        ("判断打法,top_down", "判断打法,bribe", "“判断打法”的值“bribe”无效"),
        ("格式版本,1", "格式版本,9", "不是本练习册能读的版本"),
        ("go-equip", "go-equip <script>", "格式不对"),
    ],
)
def test_tampered_fields_end_in_a_chinese_error(old, new, message):
    data = _file().decode("utf-8-sig")
    assert old in data
    with pytest.raises(ResultImportError, match=message):
        result_from_csv(data.replace(old, new, 1).encode("utf-8-sig"), SCENARIOS)


def test_the_rollup_counts_genuine_files_and_ranks_what_the_class_missed():
    good = _file()
    weak = _file(PARTIAL, Judgement(state="shaping", play=Investment.ALL_IN), student="李四")
    edited = weak.decode("utf-8-sig").replace("李四", "王五").encode("utf-8-sig")
    rollup = practice_rollup([("a.csv", good), ("b.csv", weak), ("c.csv", edited), ("d.csv", b"junk")], SCENARIOS)
    assert [r.genuine for _, r in rollup.results] == [True, True, False]
    assert [name for name, _ in rollup.failures] == ["d.csv"]
    assert rollup.score_distribution() == {"0–59": 1, "60–69": 0, "70–79": 0, "80–89": 0, "90–100": 1}
    top = rollup.most_missed()
    assert all(m.misses == 1 and m.runs == 2 for m in top)
    assert top[0].fact in {"孙护士长是教练", "周主任是桥梁"}  # weightiest misses first
    assert [row["签名"] for row in rollup.rows()] == ["有效", "有效", "无效（被改动过）"]


def test_stored_runs_round_trip_and_a_broken_one_is_dropped_not_fatal():
    from practice.run import PracticeRun, practice_runs_code, practice_sheet_code, runs_from_progress, runs_to_progress

    runs = {"student": PracticeRun(scenario="hospital-cssd", choices=["go-equip"], judgement=RIGHT)}
    assert runs_from_progress(runs_to_progress(runs)) == runs
    broken = runs_to_progress(runs) | {"practice_runs": {**runs_to_progress(runs)["practice_runs"], "demo": {"x": 1}}}
    assert runs_from_progress(broken) == runs
    code = "A" * 22
    assert len({code, practice_runs_code(code), practice_sheet_code(code)}) == 3
    assert practice_sheet_code(code) == practice_sheet_code(code)  # the same bookmark finds it after a restart


def test_a_result_handed_in_twice_counts_once():
    good = _file()
    rollup = practice_rollup(
        [("a.csv", good), ("a.csv", good), ("b.csv", good.decode("utf-8-sig").encode("gb18030"))], SCENARIOS
    )
    assert [name for name, _ in rollup.results] == ["a.csv"]
    assert [r.message for r in rollup.repeats] == [
        "a.csv：与“a.csv”内容相同，只计一次。",
        "b.csv：与“a.csv”内容相同，只计一次。",
    ]
    assert rollup.failures == []
