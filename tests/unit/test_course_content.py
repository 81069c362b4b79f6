"""The lesson's data files, checked like code: schema, ids, answers, feedback, corrected terms."""

import re
from pathlib import Path

import pytest
import yaml

from course.loader import CONTENT_DIR, check_course, load_course
from course.schema import CustomerState

TRANSCRIPT = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_0734ee4e91d1a6ce.txt"
# Recognition errors of the transcript that must never be taught (the corrected term is in the comment).
RAW_ERRORS = [
    "痛苦练",
    "痛苦恋",  # 痛苦链
    "八字眉撇",
    "半字没一撇",  # 八字没一撇
    "留沟子",  # 留钩子
    "BNT",  # BANT
    "建立客群",  # 建立客情
    "标栏",
    "标率",  # 标蓝、标绿
    "信息厂家",
    "新一厂家",  # 心仪厂家
    "竞争烈士",  # 竞争劣势
    "壁工",
    "壁供",  # 毕工
    "余律",  # 疑虑
    "射箭要有把",  # 射箭要有靶
    "会议基教",  # 会议纪要
    "利息器",  # 利其器
    "毕习功",  # 毕其功于一役
    "风险一世纪",  # 风险意识
    "全新去投入",
    "全新投入",  # 全情投入
    "模型决策链",  # 摸清决策链
    "交采中心",  # 招采中心
    "扳回一程",  # 扭转局面
    "有点即面",  # 由点及面
]


def _all_text() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(CONTENT_DIR.glob("*.yaml"))}


def test_every_content_file_is_valid_with_no_problem_reported():
    course, problems = check_course()
    assert problems == []
    assert course is not None


def test_the_eleven_sections_in_lesson_order():
    titles = [s.title for s in load_course().sections]
    assert len(titles) == 11
    for n, key in enumerate(
        ["带走", "挖", "决策链", "痛苦链", "竞争", "钩子", "两件事", "打哈哈", "三种状态", "五个控制点", "客情"]
    ):
        assert key in titles[n], (n, titles[n])


def test_every_question_has_one_correct_option_and_feedback_everywhere():
    course = load_course()
    questions = [q for s in course.sections for q in s.quiz] + list(course.selftest.questions)
    for q in questions:
        assert sum(o.correct for o in q.options) == 1, q.id
        assert all(o.feedback.strip() for o in q.options), q.id


def test_correct_answers_are_not_always_in_the_same_place():
    positions = {q.correct_index for s in load_course().sections for q in s.quiz}
    assert len(positions) >= 3


def test_selftest_bank_covers_each_state():
    bank = load_course().selftest.questions
    assert len(bank) >= 24
    for state in CustomerState:
        assert sum(q.state == state for q in bank) >= 6, state


def test_checker_reports_every_problem_at_once(tmp_path):
    for p in CONTENT_DIR.glob("*.yaml"):
        (tmp_path / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    first = yaml.safe_load((tmp_path / "s01-first-visit-goal.yaml").read_text(encoding="utf-8"))
    first["quiz"][0]["options"][0]["correct"] = True
    first["quiz"][0]["options"][1]["correct"] = True
    first["quiz"][1]["options"][0]["feedback"] = ""
    (tmp_path / "s01-first-visit-goal.yaml").write_text(yaml.safe_dump(first, allow_unicode=True), "utf-8")
    second = yaml.safe_load((tmp_path / "s02-what-to-dig.yaml").read_text(encoding="utf-8"))
    second["id"] = "s03-decision-chain"
    (tmp_path / "s02-what-to-dig.yaml").write_text(yaml.safe_dump(second, allow_unicode=True), "utf-8")
    course, problems = check_course(tmp_path)
    assert course is None
    assert any("s01-first-visit-goal.yaml: quiz.0" in p and "恰好有一个正确选项" in p for p in problems)
    assert any("s01-first-visit-goal.yaml: quiz.1.options.0.feedback" in p for p in problems)
    assert "编号重复：s03-decision-chain" in problems


@pytest.mark.parametrize("raw", RAW_ERRORS)
def test_no_transcription_error_is_taught(raw):
    hits = [name for name, text in _all_text().items() if raw in text]
    assert hits == []


@pytest.mark.skipif(not TRANSCRIPT.exists(), reason="the trainer's transcript is not beside the checkout")
def test_no_passage_of_the_transcript_is_copied():
    cjk = re.compile(r"[\u4e00-\u9fff]")
    seed = "".join(cjk.findall(TRANSCRIPT.read_text(encoding="utf-8")))
    grams = {seed[i : i + 20] for i in range(len(seed) - 19)}
    copied = []
    for name, text in _all_text().items():
        ours = "".join(cjk.findall(text))
        copied += [f"{name}: {ours[i : i + 20]}" for i in range(len(ours) - 19) if ours[i : i + 20] in grams]
    assert copied == []
