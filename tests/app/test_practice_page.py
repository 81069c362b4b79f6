"""The 模拟初访 page: every kind of choice, the debrief, the practice sheet, a run surviving a new session."""

import pytest
from apptest_helpers import go, new_app

from practice import engine
from practice.loader import load_scenarios
from practice.run import practice_sheet_code
from practice.schema import KIND_LABELS, ChoiceKind
from worksheets.model import VisitSheet
from worksheets.store import DraftStore

SCENARIOS = {s.id: s for s in load_scenarios()}


def _start(at, sid: str, slot: str = "student"):
    at.button(key=f"{slot}.start.{sid}").click().run()
    assert not at.exception, [e.value for e in at.exception]


def _play(at, sid: str, choices, slot: str = "student", done=()) -> engine.Visit:
    """Click each choice's button, as shown on the screen, checking the screen follows the engine."""
    s = SCENARIOS[sid]
    visit = engine.replay(s, done)
    for choice_id in choices:
        shown = {b.key for b in at.button if b.key and b.key.startswith(f"{slot}.c{len(visit.steps)}.")}
        expected = {f"{slot}.c{len(visit.steps)}.{c.id}" for c in engine.available(s, visit)}
        assert shown == expected
        at.button(key=f"{slot}.c{len(visit.steps)}.{choice_id}").click().run()
        assert not at.exception, [e.value for e in at.exception]
        visit = engine.choose(s, visit, choice_id)
    return visit


def _judge(at, state, play, slot: str = "student"):
    at.radio(key=f"{slot}.judge.state").set_value(state)
    at.radio(key=f"{slot}.judge.play").set_value(play)
    next(b for b in at.button if b.label == "提交判断，查看复盘").click().run()
    assert not at.exception, [e.value for e in at.exception]


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.fixture
def practice(at):
    return go(at, "views/practice.py")


def test_the_page_offers_three_scenarios_without_giving_away_their_state(practice):
    assert [b.label for b in practice.button if b.key and ".start." in b.key] == ["开始拜访"] * 3
    text = _markdown(practice)
    for s in SCENARIOS.values():
        assert s.title in text
        assert s.play_note not in text


@pytest.mark.parametrize("sid", sorted(SCENARIOS))
def test_every_kind_of_choice_plays_to_the_debrief(practice, sid):
    s = SCENARIOS[sid]
    _start(practice, sid)
    assert "还剩 240 分钟" in practice.get("progress")[-1].proto.text
    visit = _play(practice, sid, s.solution)
    kinds = {c.kind for c in s.choices if c.id in s.solution} | {ChoiceKind.MOVE, ChoiceKind.LEAVE}
    assert {ChoiceKind.ASK, ChoiceKind.OBSERVE, ChoiceKind.GIFT, ChoiceKind.HOOK} <= kinds
    last = practice.info[0].value
    assert visit.steps[-1].result in last
    _judge(practice, s.state, s.play)
    assert practice.metric[0].value == "100 / 100"
    assert sum('class="chain-graph"' in m.value for m in practice.markdown) == 2  # found beside the truth
    assert "这个下午没有犯课上提醒过的错误" in practice.success[0].value


def test_kinds_of_choices_are_grouped_under_their_names(practice):
    _start(practice, "college-lab")
    _play(practice, "college-lab", ["go-info", "liu-why"])
    text = _markdown(practice)
    for kind in (
        ChoiceKind.ASK,
        ChoiceKind.OBSERVE,
        ChoiceKind.GIFT,
        ChoiceKind.TALK,
        ChoiceKind.MOVE,
        ChoiceKind.LEAVE,
    ):
        assert f"**{KIND_LABELS[kind]}**" in text


def test_a_mistake_shows_its_consequence_and_the_lesson_to_reread(practice):
    s = SCENARIOS["hospital-cssd"]
    _start(practice, s.id)
    _play(practice, s.id, ["go-equip", "zhao-pitch"])
    assert "态度变化：赵工：客气 → 戒备" in practice.info[0].value
    # closed up: he no longer tells you how the project runs, so the way to procurement stays hidden
    _play(practice, s.id, ["zhao-why", "zhao-process"], done=["go-equip", "zhao-pitch"])
    assert "流程你先别管" in practice.info[0].value
    assert not any(b.key and b.key.endswith(".zhao-refer") for b in practice.button)
    _play(practice, s.id, ["leave"], done=["go-equip", "zhao-pitch", "zhao-why", "zhao-process"])
    _judge(practice, "shaping", s.play)
    text = _markdown(practice)
    assert "先打开电脑，把我们追溯系统的功能从头到尾讲一遍" in text
    assert any("重读第 11 节" in link.label for link in practice.get("page_link"))
    assert practice.metric[0].value != "100 / 100"
    assert "⬜ 桥梁：周主任" in text


HURRIED = ["go-info", "liu-why", "liu-when", "liu-overpromise", "liu-gift", "go-workshop", "sun-walkin", "sun-ask"]


def test_talk_and_invite_mistakes_are_listed_with_their_sections(practice):
    s = SCENARIOS["college-lab"]
    _start(practice, s.id)
    _play(practice, s.id, [*HURRIED, "sun-money", "wu-dinner", "leave"])
    played = {c.kind for c in s.choices if c.id in [*HURRIED, "wu-dinner"]}
    assert {ChoiceKind.TALK, ChoiceKind.INVITE, ChoiceKind.WALK_IN} <= played
    _judge(practice, s.state, s.play)
    links = [link.label for link in practice.get("page_link")]
    assert links == ["重读第 9 节：客户的三种状态与打法", "重读第 3 节：决策链"]
    assert "- 约定的下一步：约好下个月请孙主任" in _markdown(practice)  # missed: the promise cost the hook
    assert "⬜ 策划一个能建立普遍关系的活动" in _markdown(practice)
    assert "✅ 孙主任：专业评估要看实训条件" in _markdown(practice)  # the pain chain, found and missed
    assert "⬜ 周主任：信息中心人手少" in _markdown(practice)


def test_a_run_survives_a_new_session_on_the_same_draft(practice):
    _start(practice, "factory-welding")
    _play(practice, "factory-welding", ["go-equip", "chen-why", "chen-desk"])
    code = practice.query_params["sheet"]
    code = code[0] if isinstance(code, list) else code
    again = go(new_app(sheet=code), "views/practice.py")
    assert "还剩 215 分钟" in again.get("progress")[-1].proto.text
    assert "小陈桌上有一本恒远智造的笔记本" in again.info[0].value or "恒远智造" in again.info[0].value
    assert {b.key for b in again.button} >= {"student.c3.chen-gift"}


def test_the_practice_sheet_is_its_own_draft_and_never_touches_the_homework(practice, draft_db):
    s = SCENARIOS["college-lab"]
    _start(practice, s.id)
    _play(practice, s.id, s.solution)
    _judge(practice, s.state, s.play)
    code = practice.query_params["sheet"]
    code = code[0] if isinstance(code, list) else code
    next(b for b in practice.button if b.label == "把这次拜访整理成拜访信息表").click().run()
    assert not practice.exception
    store = DraftStore(draft_db)
    practice_draft = store.load(practice_sheet_code(code))
    sheet = VisitSheet.model_validate(practice_draft.sheet.model_dump())
    assert sheet.project.startswith("【练习】") and len(sheet.people) == len(s.people)
    homework = store.load(code)
    assert homework is None or homework.sheet.project == ""
    assert practice.get("link_button")[0].proto.url == f"./sheet?sheet={practice_sheet_code(code)}"
    diagnosed = [m.value for m in practice.markdown if m.value.startswith("**系统诊断：")]
    assert diagnosed and "萌芽期（项目没落实，八字没一撇）" in diagnosed[0]
    # the practice sheet opens in the sheet form of its own session, like any draft
    tab = go(new_app(sheet=practice_sheet_code(code)), "views/sheet.py")
    assert not tab.exception
    store.dispose()


def test_retry_takes_another_path_and_switching_scenario_goes_back_to_the_list(practice):
    s = SCENARIOS["factory-welding"]
    _start(practice, s.id)
    _play(practice, s.id, ["go-equip", "leave"])
    _judge(practice, "not-sure", s.play)
    assert "证据不足" in _markdown(practice)
    practice.button(key="student.retry").click().run()
    assert "还剩 240 分钟" in practice.get("progress")[-1].proto.text
    practice.button(key="student.other").click().run()
    assert [b.label for b in practice.button if b.key and ".start." in b.key] == ["开始拜访"] * 3


def test_the_trainer_plays_a_scenario_on_the_projector_one_decision_at_a_time(at):
    demo = go(at, "views/trainer_demo.py")
    s = SCENARIOS["hospital-cssd"]
    _start(demo, s.id, slot="demo")
    _play(demo, s.id, s.solution[:3], slot="demo")
    assert demo.session_state["demo.big"] is True
    student = go(demo, "views/practice.py")  # the trainer's run is not the student's
    assert [b.label for b in student.button if b.key and ".start." in b.key] == ["开始拜访"] * 3
