"""The debrief beside the truth: chains, key roles, BANT, signals, control points, judgement, mistakes, score."""

from datetime import datetime

import streamlit as st

from app_state import course, current_sheet, set_practice_run
from practice import engine
from practice.debrief import BANT_LABELS, debrief, fact_label
from practice.results import result_filename, result_to_csv
from practice.run import PracticeRun
from practice.schema import EVASIVE_LABELS, BantFact, CompetitorFact, PainFact, RoleFact, Scenario, SignalFact
from practice.to_sheet import sheet_of, truth_view
from routes import lesson_path, page
from ui.chain_view import LEGEND, show_graph
from ui.practice_sheet import practice_sheet_part
from worksheets.chain import chain_graph
from worksheets.model import Role

YES, NO = "✅", "⬜"


def _mark(found: bool) -> str:
    return YES if found else NO


def _verdict(right: bool) -> str:
    return "✅" if right else "❌"


def _chains(scenario: Scenario, visit: engine.Visit) -> None:
    st.markdown("#### 决策链：你摸到的和真实的")
    st.caption(LEGEND + "　（没找到）：这个下午没发现的人")
    yours, truth = st.columns(2)
    with yours:
        st.markdown("**你摸到的**（见到的实线，只听说的虚线）")
        mine = sheet_of(scenario, visit.revealed)
        if mine.people:
            show_graph(chain_graph(mine, legend=False), mine, legend=False)
        else:
            st.info("这个下午一个人也没记下。")
    with truth:
        st.markdown("**真实的**（没见到的人画成虚线）")
        truth_sheet = truth_view(scenario, visit.revealed)
        show_graph(chain_graph(truth_sheet, legend=False), truth_sheet, legend=False)


def _facts_table(scenario: Scenario, found: set[str]) -> None:
    roles = [
        f for f in scenario.facts if isinstance(f, RoleFact) and f.role in (Role.BRIDGE, Role.COACH, Role.INFORMANT)
    ]
    lines = [
        f"{_mark(f.id in found)} {f.role.label}：{scenario.person(f.person).name}（{scenario.person(f.person).title}）"
        for f in roles
    ]
    evasive = [p for p in scenario.people if p.evasive]
    lines += [f"ℹ️ {p.name}打哈哈的原因：{EVASIVE_LABELS[p.evasive]}" for p in evasive]
    st.markdown("#### 桥梁、教练和关键线人\n" + "\n".join(f"- {line}" for line in lines))
    bant = [f for f in scenario.facts if isinstance(f, BantFact)]
    rows = []
    for f in bant:
        who = f"{scenario.person(f.by).name if f.by else '你的判断'}（{f.source.label}）"
        rows.append(f"| {BANT_LABELS[f.field]} | {f.text} | {who} | {_mark(f.id in found)} |")
    st.markdown("#### BANT 与来源\n| 项目 | 真相 | 谁说的 | 你问到了 |\n|---|---|---|---|\n" + "\n".join(rows))
    pains = [f for f in scenario.facts if isinstance(f, PainFact)]
    st.markdown(
        "#### 痛苦链：每个人在乎什么\n"
        + "\n".join(f"- {_mark(f.id in found)} {scenario.person(f.person).name}：{f.text}" for f in pains)
    )
    seen = [f for f in scenario.facts if isinstance(f, SignalFact | CompetitorFact)]
    st.markdown(
        "#### 状态信号与友商痕迹\n"
        + "\n".join(f"- {_mark(f.id in found)} {fact_label(scenario, f)}：{f.text}" for f in seen)
    )


def _mistakes(report) -> None:
    st.markdown("#### 失误与要重读的章节")
    if not report.mistakes:
        st.success("这个下午没有犯课上提醒过的错误。", icon="👍")
        return
    sections = {s.id: s for s in course().sections}
    for note in report.mistakes:
        section = sections[note.mistake.lesson]
        with st.container(border=True):
            st.markdown(f"**{note.action}**\n\n{note.mistake.why}")
            st.page_link(
                page(lesson_path(section.order)), label=f"重读第 {section.order} 节：{section.title}", icon="📖"
            )


def show_debrief(slot: str, scenario: Scenario, run: PracticeRun, visit: engine.Visit, *, results: bool) -> None:
    report = debrief(scenario, visit, run.judgement)
    s = report.score
    st.markdown("### 复盘")
    st.metric("得分", f"{s.total} / 100")
    st.caption(
        f"学到的信息 {s.knowledge}/60 · 五个控制点 {s.control_points}/20 · 状态判断 {s.state}/10 · "
        f"打法 {s.play}/10 · 失误 {len(report.mistakes)} 次" + (f" −{s.penalty}" if s.penalty else "")
    )
    left, right = st.columns(2)
    judged, played = _verdict(report.state_ok), _verdict(report.play_ok)
    left.markdown(
        f"**你的判断：** {judged} {report.judged_state}\n\n**你的打法：** {played} {run.judgement.play.label}"
    )
    right.markdown(f"**真实状态：** {report.true_state}\n\n**课上的打法：** {scenario.play.label}")
    st.info(f"{scenario.play_note}\n\n第 9 节讲的打法：{report.lesson_play}", icon="🎓")
    _chains(scenario, visit)
    _facts_table(scenario, set(visit.revealed))
    st.markdown(
        "#### 五个控制点\n"
        + "\n".join(f"- {YES} {p}" for p in report.control_points_met)
        + ("\n" if report.control_points_met else "")
        + "\n".join(f"- {NO} {p}" for p in report.control_points_missed)
    )
    _mistakes(report)
    with st.expander(f"这个下午漏掉的 {len(report.missed)} 条信息"):
        st.markdown("\n".join(f"- {fact_label(scenario, f)}" for f in report.missed) or "一条也没漏。")
    again, other = st.columns(2)
    again.button(
        "再来一次，换一条路",
        key=f"{slot}.retry",
        on_click=set_practice_run,
        args=(PracticeRun(scenario=scenario.id), slot),
        width="stretch",
    )
    other.button("换一个场景", key=f"{slot}.switch", on_click=set_practice_run, args=(None, slot), width="stretch")
    if results:
        student = current_sheet().student or "未署名学员"
        now = datetime.now()
        st.download_button(
            "下载模拟结果（交给讲师汇总）",
            lambda: result_to_csv(scenario, run.choices, run.judgement, student, now),
            result_filename(scenario, student, now),
            mime="text/csv",
            icon="⬇️",
            on_click="ignore",
        )
        st.caption("学员姓名取自你的拜访信息表；文件带签名，改动后讲师汇总时会看到。")
        practice_sheet_part(scenario, visit, run.judgement)
