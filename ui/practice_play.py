"""模拟初访 on screen: pick a scenario, play the afternoon one choice at a time, judge, then the debrief.

Every click is a callback that appends one choice id to the stored run; the screen is replayed from it.
"""

import streamlit as st

from app_state import practice_notice, practice_run, scenarios, set_practice_run, widget_value
from practice import engine
from practice.debrief import fact_label
from practice.run import PracticeRun
from practice.schema import AFTER_VISIT, KIND_LABELS, ChoiceKind, Judgement, Scenario
from ui.practice_debrief import show_debrief
from worksheets.diagnosis import STATE_LABELS, STATES, UNDECIDED_LABEL
from worksheets.model import Investment

KIND_ORDER = list(ChoiceKind)
NOT_SURE = "not-sure"
PLAYS = [i for i in Investment if i is not Investment.UNDECIDED]


def _choose(slot: str, choice_id: str, step: int) -> None:
    run = practice_run(slot)
    if run is None or len(run.choices) != step:
        return  # a second click on a screen that has moved on: nothing happens twice
    scenario = next(s for s in scenarios() if s.id == run.scenario)
    try:
        engine.choose(scenario, engine.replay(scenario, run.choices), choice_id)
    except engine.InvalidChoice:
        return
    set_practice_run(run.then(choice_id), slot)


def _judge(slot: str) -> None:
    run = practice_run(slot)
    state = widget_value(f"{slot}.judge.state")
    play = widget_value(f"{slot}.judge.play")
    if run is None or state is None or play is None:
        return  # the form says both answers are needed
    judgement = Judgement(state=None if state == NOT_SURE else state, play=play)
    set_practice_run(run.model_copy(update={"judgement": judgement}), slot)


def _pick(slot: str) -> None:
    st.markdown("选一位虚构的客户，用一个下午去做第一次拜访。每个选择都要花时间，也都有后果。")
    for scenario in scenarios():
        with st.container(border=True):
            st.markdown(f"**{scenario.title}** · {scenario.industry}")
            st.caption(scenario.brief)
            st.button(
                "开始拜访",
                key=f"{slot}.start.{scenario.id}",
                type="primary",
                on_click=set_practice_run,
                args=(PracticeRun(scenario=scenario.id), slot),
            )


def _notes(scenario: Scenario, visit: engine.Visit) -> None:
    revealed = [scenario.fact(f) for f in visit.revealed]
    with st.expander(f"我的笔记（已发现 {len(revealed)} 条）"):
        st.markdown("\n".join(f"- {fact_label(scenario, f)}" for f in revealed) or "还没有发现。")
    with st.expander(f"拜访经过（{len(visit.steps)} 步）"):
        lines = [f"{n}. {s.action} —— {s.result}" for n, s in enumerate(visit.steps, start=1)]
        st.markdown("\n".join(lines) or "还没有开始。")


def _last_step(scenario: Scenario, visit: engine.Visit) -> None:
    if not visit.steps:
        st.info(scenario.place(visit.place).text, icon="📍")
        return
    step = visit.steps[-1]
    found = "".join(f"\n- 新发现：{fact_label(scenario, scenario.fact(f))}" for f in step.revealed)
    changes = "".join(f"\n- 态度变化：{c}" for c in step.changes)
    st.info(f"**你的选择**：{step.action}\n\n{step.result}{found}{changes}", icon="💬")


def _choices(slot: str, scenario: Scenario, visit: engine.Visit) -> None:
    offered = engine.available(scenario, visit)
    step = len(visit.steps)
    for kind in KIND_ORDER:
        group = [c for c in offered if c.kind is kind]
        if not group:
            continue
        st.markdown(f"**{KIND_LABELS[kind]}**")
        for c in group:
            cost = f"（{c.minutes} 分钟）" if c.minutes else ""
            st.button(
                c.text + cost,
                key=f"{slot}.c{step}.{c.id}",
                on_click=_choose,
                args=(slot, c.id, step),
                width="stretch",
                type="primary" if kind is ChoiceKind.LEAVE else "secondary",
            )


def _judgement_form(slot: str) -> None:
    st.subheader("你的判断")
    with st.form(f"{slot}.judge"):
        st.radio(
            "客户处于哪种状态？",
            [*STATES, NOT_SURE],
            format_func=lambda s: STATE_LABELS.get(s, UNDECIDED_LABEL),
            key=f"{slot}.judge.state",
            index=None,
        )
        st.radio("你打算怎么打？", PLAYS, format_func=lambda i: i.label, key=f"{slot}.judge.play", index=None)
        st.caption("两项都选好再提交；提交后就能看到真相和复盘。")
        st.form_submit_button("提交判断，查看复盘", type="primary", on_click=_judge, args=(slot,))


def _restart(slot: str, run: PracticeRun) -> None:
    with st.popover("重新开始或换场景", icon="🔁"):
        st.button(
            "从头再来一次",
            key=f"{slot}.again",
            on_click=set_practice_run,
            args=(PracticeRun(scenario=run.scenario), slot),
        )
        st.button("换一个场景", key=f"{slot}.other", on_click=set_practice_run, args=(None, slot))


def practice_session(slot: str = "student", *, results: bool = True) -> None:
    """The whole simulator for one slot; `results=False` on the projector (no result file download)."""
    if notice := practice_notice():
        st.warning(notice, icon="⚠️")
    run = practice_run(slot)
    scenario = next((s for s in scenarios() if run and s.id == run.scenario), None)
    if run is None or scenario is None:
        _pick(slot)
        return
    try:
        visit = engine.replay(scenario, run.choices)
    except engine.InvalidChoice:
        st.error("上次的拜访记录和当前版本的场景对不上，只能从头开始。", icon="🛑")
        st.button("从头开始", on_click=set_practice_run, args=(PracticeRun(scenario=scenario.id), slot))
        return
    st.subheader(scenario.title)
    if run.judgement is not None:
        show_debrief(slot, scenario, run, visit, results=results)
        return
    used = min(visit.minutes_used, scenario.minutes)
    where = "已告辞" if visit.left else scenario.place(visit.place).name
    now, left = engine.clock(scenario, visit.minutes_used), engine.remaining(scenario, visit)
    st.progress(used / scenario.minutes, text=f"🕐 {now} · 还剩 {left} 分钟 · {where}")
    with st.expander("公司给你的任务简报", expanded=not visit.steps):
        st.markdown(f"{scenario.our_company}\n\n{scenario.brief}")
    _last_step(scenario, visit)
    if visit.place == AFTER_VISIT:
        _choices(slot, scenario, visit)
        _judgement_form(slot)
    else:
        _choices(slot, scenario, visit)
    _notes(scenario, visit)
    _restart(slot, run)
