"""The lesson walk: next/previous, 小测 scoring, progress that survives page switches."""

from apptest_helpers import go

from course.loader import load_course

COURSE = load_course()


def _quiz_radios(at):
    return [r for r in at.radio if r.key.endswith(tuple(q.id for s in COURSE.sections for q in s.quiz))]


def test_next_goes_to_the_following_section(at):
    go(at, "lesson-01")
    next(b for b in at.button if b.label == "下一节 →").click().run()
    assert at.title[0].value.startswith("第 2 节")


def test_previous_goes_back(at):
    go(at, "lesson-03")
    next(b for b in at.button if b.label == "← 上一节").click().run()
    assert at.title[0].value.startswith("第 2 节")


def test_first_section_has_no_previous(at):
    go(at, "lesson-01")
    assert "← 上一节" not in [b.label for b in at.button]


def test_next_marks_the_section_read(at):
    go(at, "lesson-01")
    next(b for b in at.button if b.label == "下一节 →").click().run()
    assert "已读 1/11 节" in at.get("progress")[0].proto.text


def test_all_correct_answers_pass_the_quiz(at):
    section = COURSE.sections[0]
    go(at, "lesson-01")
    for question, radio in zip(section.quiz, _quiz_radios(at), strict=True):
        radio.set_value(question.correct_index).run()
    assert any("本节小测已通过" in s.value for s in at.success)
    assert "小测通过 1/11" in at.get("progress")[0].proto.text


def test_a_wrong_answer_shows_its_feedback(at):
    question = COURSE.sections[0].quiz[0]
    wrong = next(i for i, o in enumerate(question.options) if not o.correct)
    go(at, "lesson-01")
    _quiz_radios(at)[0].set_value(wrong).run()
    assert any(question.options[wrong].feedback in e.value for e in at.error)
    assert "小测通过 0/11" in at.get("progress")[0].proto.text


def test_quiz_answers_survive_a_page_switch(at):
    question = COURSE.sections[1].quiz[0]
    go(at, "lesson-02")
    _quiz_radios(at)[0].set_value(question.correct_index).run()
    go(at, "views/sheet.py")
    go(at, "lesson-02")
    assert _quiz_radios(at)[0].value == question.correct_index


def test_last_section_leads_to_the_sheet(at):
    go(at, "lesson-11")
    assert "去填拜访信息表 →" in [b.label for b in at.button]


def _examples(section):
    return [k.example for k in section.key_points if k.example]


def test_every_case_is_shown_under_the_label_of_its_kind(at):
    """Ours (示意) never under 🎙️ 讲师案例; the trainer's never under 🧩 示意案例."""
    from course.schema import EXAMPLE_LABELS, ExampleKind

    kinds_seen = set()
    for section in COURSE.sections:
        if not _examples(section):
            continue
        go(at, f"lesson-{section.order:02d}")
        texts = [m.value for m in at.markdown]
        for example in _examples(section):
            shown = [t for t in texts if example.text.strip() in t]
            assert shown == [f"**{example.label}**\n\n{example.text}"], (section.id, example.text[:20])
            other = EXAMPLE_LABELS[ExampleKind.OURS if example.kind is ExampleKind.TRAINER else ExampleKind.TRAINER]
            assert other not in shown[0]
            kinds_seen.add(example.kind)
    assert kinds_seen == set(ExampleKind)


def test_the_verdict_is_said_once_in_the_feedback(at):
    question = COURSE.sections[0].quiz[0]
    wrong = next(i for i, o in enumerate(question.options) if not o.correct)
    go(at, "lesson-01")
    _quiz_radios(at)[0].set_value(wrong).run()
    error = next(e.value for e in at.error if question.options[wrong].feedback in e.value)
    assert error == f"还不对，再想想。{question.options[wrong].feedback}"
    assert not question.options[wrong].feedback.startswith(("不对", "对。"))
    _quiz_radios(at)[0].set_value(question.correct_index).run()
    right = question.options[question.correct_index].feedback
    assert any(s.value == f"回答正确。{right}" for s in at.success)
    assert not right.startswith(("对。", "对，"))
