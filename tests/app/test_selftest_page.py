"""The three-states self-test page: full marks, no inflation by re-clicking, retry."""

from apptest_helpers import by_label, go

from course.loader import load_course

BANK = {q.id: q for q in load_course().selftest.questions}


def _start(at):
    go(at, "views/selftest.py")
    by_label(at.button, "开始一轮自测（10 题）").click().run()
    return at.session_state["selftest.round"]


def _answer_current(at, correct: bool = True) -> None:
    rnd = at.session_state["selftest.round"]
    question = BANK[rnd.question_ids[at.session_state["selftest.pos"]]]
    choice = question.correct_index if correct else (question.correct_index + 1) % len(question.options)
    at.radio[0].set_value(choice).run()


def _next(at) -> None:
    next(b for b in at.button if b.label in ("下一题 →", "查看结果 →")).click().run()


def test_no_option_is_preselected(at):
    _start(at)
    assert at.radio[0].value is None


def test_all_correct_gives_full_marks_and_records_the_best_score(at):
    _start(at)
    for _ in range(10):
        _answer_current(at)
        _next(at)
    assert at.header[0].value == "本轮得分：100 分（10/10）"
    assert "自测最佳 100 分" in at.get("progress")[0].proto.text


def test_a_second_click_does_not_change_the_score(at):
    _start(at)
    _answer_current(at, correct=False)
    assert not at.radio  # the first answer is final: nothing left to click
    assert any("❌ **你的选择**：" in m.value and "✅ **正确答案**：" in m.value for m in at.markdown)
    at.run()
    assert "已答 1/10 · 答对 0" in at.get("progress")[1].proto.text


def test_retry_starts_a_fresh_round(at):
    _start(at)
    for _ in range(10):
        _answer_current(at, correct=False)
        _next(at)
    assert at.header[0].value.startswith("本轮得分：0 分")
    assert at.subheader[0].value == "错题回顾"
    by_label(at.button, "再来一轮").click().run()
    assert at.session_state["selftest.round"].answers == {}
    assert "已答 0/10" in at.get("progress")[1].proto.text


def test_round_survives_a_page_switch(at):
    _start(at)
    _answer_current(at)
    go(at, "lesson-09")
    go(at, "views/selftest.py")
    assert "已答 1/10" in at.get("progress")[1].proto.text


def test_the_chosen_option_and_the_right_one_are_marked(at):
    rnd = _start(at)
    question = BANK[rnd.question_ids[0]]
    _answer_current(at, correct=True)
    right = question.options[question.correct_index].text
    marked = next(m.value for m in at.markdown if "你的选择" in m.value)
    assert f"- ✅ **你的选择（正确）**：{right}" in marked.splitlines()
    assert "正确答案" not in marked
    assert len(marked.splitlines()) == len(question.options)
