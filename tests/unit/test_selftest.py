"""A self-test round: drawing, answering once, scoring, reviewing, and the trainer's CSV."""

import csv
import io
import random
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from course.loader import load_course
from course.schema import CustomerState, SelfTestBank
from course.selftest import (
    UNANSWERED,
    AnsweredQuestion,
    Round,
    RoundScore,
    SelfTestResult,
    answer,
    class_deck,
    missed,
    new_round,
    result_of,
    score,
)
from course.selftest_io import HEADERS, SelfTestImportError, result_from_csv, result_to_csv
from worksheets.files.limits import MAX_IMPORT_BYTES

BANK_FILE = Path(__file__).parents[2] / "course" / "content" / "selftest.yaml"
BANK = SelfTestBank.model_validate(yaml.safe_load(BANK_FILE.read_text(encoding="utf-8")))
BY_ID = {q.id: q for q in BANK.questions}
DAY = date(2025, 3, 1)


def _round(seed: int = 7) -> Round:
    return new_round(BANK, random.Random(seed), started_on=DAY)


def _wrong(question_id: str) -> int:
    return next(i for i, o in enumerate(BY_ID[question_id].options) if not o.correct)


def _rare_state_bank() -> SelfTestBank:
    """24 questions, only 3 of them locked and 3 shaping: the draw must still take all of those."""
    states = [CustomerState.LOCKED] * 3 + [CustomerState.SHAPING] * 3 + [CustomerState.NASCENT] * 18
    items = [{**BANK.questions[0].model_dump(mode="json"), "id": f"q-{i}", "state": s} for i, s in enumerate(states)]
    return SelfTestBank.model_validate({"questions": items})


# ── drawing ──────────────────────────────────────────────────────────────


@settings(max_examples=300)
@given(seed=st.integers())
def test_a_round_has_ten_distinct_questions_with_three_of_each_state(seed):
    drawn = new_round(BANK, random.Random(seed), started_on=DAY)
    assert len(drawn.question_ids) == 10
    assert len(set(drawn.question_ids)) == 10
    per_state = Counter(BY_ID[qid].state for qid in drawn.question_ids)
    assert min(per_state[s] for s in CustomerState) >= 3
    assert set(drawn.option_orders) == set(drawn.question_ids)
    for qid, order in drawn.option_orders.items():
        assert sorted(order) == list(range(len(BY_ID[qid].options)))
    assert drawn.answers == {}
    assert drawn.started_on == DAY


@pytest.mark.parametrize("seed", range(50))
def test_a_rare_state_is_still_drawn_three_times(seed):
    bank = _rare_state_bank()
    drawn = new_round(bank, random.Random(seed), started_on=DAY)
    states = Counter(q.state for q in bank.questions if q.id in drawn.question_ids)
    assert (states[CustomerState.LOCKED], states[CustomerState.SHAPING]) == (3, 3)


def test_rounds_differ_and_options_are_shuffled():
    rounds = [_round(seed) for seed in range(20)]
    assert len({tuple(r.question_ids) for r in rounds}) == 20
    orders = [order for r in rounds for order in r.option_orders.values()]
    assert any(order != sorted(order) for order in orders)
    assert Counter(order[0] for order in orders).keys() >= {0, 1, 2}


def test_the_same_seed_draws_the_same_round():
    assert _round(3) == _round(3)


def test_a_round_cannot_be_larger_than_the_bank():
    with pytest.raises(ValueError, match=f"^每轮题数应在 1 到 {len(BANK.questions)} 之间，现在是 99$"):
        new_round(BANK, random.Random(1), size=99)


def test_an_inconsistent_round_is_refused():
    drawn = _round()
    data = drawn.model_dump()
    data["answers"] = {"st-not-in-round": 0}
    with pytest.raises(ValidationError, match="本轮自测的题号、选项顺序和作答记录对不上"):
        Round.model_validate(data)
    data = drawn.model_dump()
    data["option_orders"][drawn.question_ids[0]] = [0, 0, 1]
    with pytest.raises(ValidationError, match="本轮自测的选项顺序不是一个排列"):
        Round.model_validate(data)


# ── answering and scoring ────────────────────────────────────────────────


def test_all_correct_answers_score_100():
    drawn = _round()
    for qid in drawn.question_ids:
        drawn = answer(drawn, qid, BY_ID[qid].correct_index)
    assert score(drawn, BANK) == RoundScore(correct=10, answered=10, total=10, percent=100, finished=True)
    assert missed(drawn, BANK) == []


def test_a_second_answer_does_not_change_the_score():
    first = _round()
    qid = first.question_ids[0]
    wrong_once = answer(first, qid, _wrong(qid))
    clicked_again = answer(wrong_once, qid, BY_ID[qid].correct_index)
    assert clicked_again.answers == {qid: _wrong(qid)}
    assert score(clicked_again, BANK) == RoundScore(correct=0, answered=1, total=10, percent=0, finished=False)
    assert first.answers == {}  # answering returns a new round; the old one is untouched


def test_a_partial_round_counts_unanswered_as_not_correct():
    drawn = _round()
    a, b, c = drawn.question_ids[:3]
    drawn = answer(answer(answer(drawn, a, BY_ID[a].correct_index), b, BY_ID[b].correct_index), c, _wrong(c))
    assert score(drawn, BANK) == RoundScore(correct=2, answered=3, total=10, percent=20, finished=False)


def test_missed_lists_exactly_the_wrong_answers_in_round_order():
    drawn = _round()
    wrong = drawn.question_ids[1:8:2]
    for qid in drawn.question_ids[:8]:
        drawn = answer(drawn, qid, _wrong(qid) if qid in wrong else BY_ID[qid].correct_index)
    review = missed(drawn, BANK)
    assert [q.id for q in review] == wrong
    assert {q.section for q in review} <= {q.section for q in BANK.questions}
    assert score(drawn, BANK).percent == 40


def test_answering_outside_the_round_is_refused():
    drawn = _round()
    outside = next(q.id for q in BANK.questions if q.id not in drawn.question_ids)
    with pytest.raises(ValueError, match=f"^题目 {outside} 不在本轮自测中$"):
        answer(drawn, outside, 0)
    qid = drawn.question_ids[0]
    with pytest.raises(ValueError, match=f"^题目 {qid} 没有第 5 个选项$"):
        answer(drawn, qid, 4)


def test_a_round_from_an_older_bank_asks_for_a_new_round():
    drawn = _round()
    smaller = SelfTestBank(questions=[q for q in BANK.questions if q.id != drawn.question_ids[0]])
    with pytest.raises(ValueError, match=f"^题库里已没有这些题：{drawn.question_ids[0]}，请重新开始一轮自测$"):
        score(drawn, smaller)


# ── the trainer's export ─────────────────────────────────────────────────


def test_result_of_shows_texts_and_marks_unanswered():
    drawn = _round()
    a, b = drawn.question_ids[:2]
    drawn = answer(answer(drawn, a, BY_ID[a].correct_index), b, _wrong(b))
    result = result_of(drawn, BANK, " 李雷 ")
    assert (result.student, result.taken_on, result.score_percent) == ("李雷", DAY, 10)
    assert len(result.answers) == 10
    right = BY_ID[a].options[BY_ID[a].correct_index].text
    assert result.answers[0] == AnsweredQuestion(
        question_id=a, prompt=BY_ID[a].prompt, chosen=right, correct_answer=right, is_correct=True
    )
    assert result.answers[1].chosen == BY_ID[b].options[_wrong(b)].text
    assert result.answers[1].is_correct is False
    assert [r.chosen for r in result.answers[2:]] == [UNANSWERED] * 8


def _result(student: str = '=HYPERLINK("http://evil")张三') -> SelfTestResult:
    rows = [
        ("st-locked-01", "-客户只让你报价", "@SUM(A1)", "@SUM(A1)", True),
        ("st-shaping-02", "+1 技术交流后\n主任很兴奋", "\t萌芽期", "塑造期", False),
        ("st-nascent-03", "'已经带引号的题目", "'=1+1", "'=1+1", True),
    ]
    answers = [
        AnsweredQuestion(question_id=i, prompt=p, chosen=c, correct_answer=r, is_correct=ok) for i, p, c, r, ok in rows
    ]
    return SelfTestResult(student=student, taken_on=DAY, score_percent=67, answers=answers)


def test_csv_round_trip_keeps_every_text():
    result = _result()
    assert result_from_csv(result_to_csv(result)) == result


def test_csv_is_excel_safe():
    data = result_to_csv(_result())
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == [*HEADERS, "格式版本", "签名"]
    assert rows[1][:4] == ['\'=HYPERLINK("http://evil")张三', "2025-03-01", "67", "st-locked-01"]
    cells = [c for row in rows for c in row]
    assert [c for c in cells if c[:1] in {"=", "+", "-", "@", "\t", "\r", "\n"}] == []
    assert len(rows) == 4  # a prompt with a line break stays one row


def test_a_real_round_survives_the_round_trip():
    drawn = _round(11)
    for qid in drawn.question_ids[::2]:
        drawn = answer(drawn, qid, BY_ID[qid].correct_index)
    result = result_of(drawn, BANK, "韩梅梅")
    assert result_from_csv(result_to_csv(result)) == result


def test_a_file_resaved_by_excel_on_chinese_windows_imports():
    text = result_to_csv(_result("王小明")).decode("utf-8-sig").replace("2025-03-01", "2025/3/1")
    assert result_from_csv(text.encode("gb18030")) == _result("王小明")
    assert result_from_csv(text.encode("utf-8")) == _result("王小明")  # UTF-8 without BOM


def _file(*rows: list[str], header: tuple[str, ...] = HEADERS) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([list(header), *rows])
    return out.getvalue().encode("utf-8-sig")


def _row(**changes: str) -> list[str]:
    row = dict(zip(HEADERS, ["张三", "2025-03-01", "100", "st-locked-01", "题目", "甲", "甲", "是"], strict=True))
    return list({**row, **changes}.values())


BAD_FILES = [
    (b"", "文件是空的，没有任何自测记录"),
    (b" \r\n", "文件是空的，没有任何自测记录"),
    (
        "学员,日期".encode("utf-16"),  # Excel's "Unicode text" is read; it is just not a result
        "这不是自测结果文件：第 1 行的表头缺少「得分」「题号」「题目」「所选答案」「正确答案」「是否正确」",
    ),
    (
        b"x" * (MAX_IMPORT_BYTES + 1),
        "文件太大（2.0 MB），超过 2 MB 的上限；自测结果文件通常只有几 KB，请确认选对了文件。",
    ),
    (
        _file(["某省电网公司", "毕工"], header=("客户名称", "联系人")),
        "这不是自测结果文件：第 1 行的表头缺少"
        "「学员」「日期」「得分」「题号」「题目」「所选答案」「正确答案」「是否正确」",
    ),
    (_file(header=HEADERS[:-1]), "这不是自测结果文件：第 1 行的表头缺少「是否正确」"),
    (_file(), "文件里只有表头，没有任何答题记录"),
    (_file(_row(), _row(题号="st-locked-02")[:6]), "第 3 行：缺少「正确答案」「是否正确」"),
    (_file(_row(学员=" ")), "第 2 行：学员姓名应为 1 到 40 个字，现在是「」"),
    (_file(_row(日期="昨天")), "第 2 行：日期「昨天」无法识别，应写成 2025-03-01 这样的格式"),
    (_file(_row(日期="2025-02-30")), "第 2 行：日期「2025-02-30」无法识别，应写成 2025-03-01 这样的格式"),
    (_file(_row(得分="九十")), "第 2 行：得分「九十」应是 0 到 100 的整数"),
    (_file(_row(得分="101")), "第 2 行：得分「101」应是 0 到 100 的整数"),
    (_file(_row(得分="-5")), "第 2 行：得分「-5」应是 0 到 100 的整数"),
    (
        _file(_row(), _row(学员="李四", 题号="st-locked-02")),
        "第 3 行：学员「李四」与第 2 行的「张三」不一致，一个文件只能是一位学员的一次自测",
    ),
    (_file(_row(题号="第一题")), "第 2 行：题号「第一题」格式不对，应像 st-locked-01 这样"),
    (_file(_row(), _row()), "第 3 行：题号 st-locked-01 重复出现"),
    (_file(_row(题目="")), "第 2 行：「题目」是空的"),
    (_file(_row(是否正确="对")), "第 2 行：「是否正确」应填“是”或“否”，现在是「对」"),
    (_file(_row(所选答案="乙")), "第 2 行：所选答案与正确答案不同，「是否正确」却填了“是”"),
    (
        _file(_row(), _row(题号="st-locked-02", 所选答案="乙", 是否正确="否")),
        "得分 100 与各题对错不符：2 题答对 1 题，应为 50 分",
    ),
]


@pytest.mark.parametrize(("data", "message"), BAD_FILES)
def test_a_bad_file_is_refused_with_a_clear_message(data, message):
    with pytest.raises(SelfTestImportError) as raised:
        result_from_csv(data)
    assert str(raised.value) == message


def test_blank_lines_left_by_excel_are_ignored():
    data = _file(_row(), ["", "", "", "", "", "", "", ""], [])
    assert result_from_csv(data).answers[0].question_id == "st-locked-01"


def test_import_errors_are_value_errors():
    assert issubclass(SelfTestImportError, ValueError)


def test_result_file_name_is_safe_for_any_student_name():
    from course.selftest_io import result_filename

    result = SelfTestResult(
        student='a/b\\c:"d"\u202e逆序',
        taken_on=date(2026, 11, 20),
        score_percent=80,
        answers=[
            AnsweredQuestion(question_id="st-locked-01", prompt="p", chosen="x", correct_answer="x", is_correct=True)
        ],
    )
    assert result_filename(result) == "自测结果_abcd逆序_2026-11-20.csv"


def test_the_class_deck_does_not_give_the_answers_away_by_their_order():
    """Bank order grouped the scenarios by state and put the right answer at C in 15 of 34 (trainer review)."""
    bank = load_course().selftest
    deck = class_deck(bank)
    assert sorted(q.id for q, _ in deck) == sorted(q.id for q in bank.questions)
    assert all(sorted(order) == list(range(len(q.options))) for q, order in deck)
    states = [q.state for q, _ in deck]
    assert not any(a == b == c for a, b, c in zip(states, states[1:], states[2:], strict=False))
    for size in {len(q.options) for q, _ in deck}:
        at = Counter(order.index(q.correct_index) for q, order in deck if len(q.options) == size)
        assert set(at) == set(range(size)) and max(at.values()) - min(at.values()) <= 1
    assert class_deck(bank) == deck  # the same deck on every rerun and every projector
