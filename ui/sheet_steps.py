"""The guided steps of the visit sheet (拜访信息表), one screen each, in lesson order."""

import streamlit as st

from ui import bind
from ui.text import literal
from worksheets.diagnosis import diagnose
from worksheets.editing import set_field
from worksheets.model import (
    FundingStatus,
    Investment,
    ProjectQuality,
    Source,
    StateSignal,
    VisitSheet,
)

DEPARTMENTS = ["技术部", "采购部", "招采中心", "计划部", "需求部门", "财务部", "领导办公室"]
# Neutral order: the student records what was seen; the diagnosis names the state.
SIGNAL_ORDER = [
    StateSignal.JOINS_DESIGN,
    StateSignal.NO_PROCUREMENT,
    StateSignal.ONLY_QUOTES,
    StateSignal.GRATEFUL,
    StateSignal.SPORADIC_TECH,
    StateSignal.PRESCRIPTION,
    StateSignal.REFERS_UP,
    StateSignal.VAGUE_PLAN,
    StateSignal.ROUTE_FIXED,
]
BANT = [
    ("budget", "预算（Budget）", "预算大概多少？从哪里来？"),
    ("funding", "资金与配套", "资金是否落实？配套条件（立项、场地、人员）是否到位？"),
    ("authority", "决策权与招采流程（Authority）", "谁拍板？招采流程怎么走，几个环节？"),
    ("need", "需求（Need）", "要解决什么问题？哪个部门最痛？"),
    ("timeline", "时间（Timeline）", "什么时候立项、招标、上线？"),
]


def basics(sheet: VisitSheet) -> None:
    st.subheader("基本信息")
    left, right = st.columns(2)
    with left:
        bind.sheet_text(sheet, "student", "学员姓名")
        bind.sheet_text(
            sheet,
            "customer",
            "客户名称",
            placeholder="例如：国网某省电力公司",
        )
    with right:
        bind.sheet_text(sheet, "project", "项目名称")
        bind.date("拜访日期", "visit_date", sheet.visit_date, bind.field_edit(("visit_date",), "拜访日期"))
    bind.tags(
        "走访过的部门（能破冰的部门都要走一遍）",
        "departments",
        sheet.departments_visited,
        DEPARTMENTS,
        bind.field_edit(("departments_visited",), "走访过的部门"),
        placeholder="选择或输入部门名称",
    )
    met = [p.name for p in sheet.people if not p.placeholder]
    st.caption(f"已见到的人（来自决策链）：{literal('、'.join(met)) if met else '还没有'}")
    st.subheader("客户为什么愿意见你")
    st.caption("第一次拜访必须带走的一条信息：客户为什么愿意在工作时间见你？")
    bind.sheet_text(
        sheet,
        "why_meet",
        "客户愿意见我的原因",
        area=True,
    )
    bind.sheet_text(
        sheet,
        "workflow_help",
        "我能在哪个工作流程上帮到他",
        area=True,
    )


def bant(sheet: VisitSheet) -> None:
    st.subheader("BANT")
    st.caption("每条都注明信息来源，猜测不能当成事实。")
    for field, label, hint in BANT:
        evidence = getattr(sheet, field)
        with st.container(border=True):
            bind.text_field(
                label,
                f"{field}.answer",
                evidence.answer,
                bind.field_edit((field, "answer"), label),
                area=True,
                placeholder=hint,
                height=104,  # three lines show whole (80 px cut the third in half)
            )
            bind.choice(
                f"{label}：信息来源",
                f"{field}.source",
                evidence.source,
                list(Source),
                bind.field_edit((field, "source"), f"{label}的信息来源"),
                none_label="未注明",
            )
            if field == "funding":
                bind.sheet_choice(
                    sheet,
                    "funding_status",
                    "资金与配套状态",
                    list(FundingStatus),
                )


def _toggle_signal(signal: StateSignal) -> bind.Edit:
    def edit(sheet: VisitSheet, checked: bool) -> VisitSheet:
        chosen = [s for s in SIGNAL_ORDER if (s in sheet.signals and s != signal) or (s == signal and checked)]
        return set_field(sheet, ("signals",), chosen, "客户状态信号")

    return bind.Edit(edit, "客户状态信号", lambda sheet: signal in sheet.signals)


def judgement(sheet: VisitSheet) -> None:
    st.subheader("客户状态信号")
    st.caption("勾选你在拜访中真实观察到的情况。")
    for n, signal in enumerate(SIGNAL_ORDER):
        bind.flag(signal.label, f"signal.{n}", signal in sheet.signals, _toggle_signal(signal))
    result = diagnose(sheet)
    with st.container(border=True):
        st.markdown(f"**系统诊断：{result.state_label}**")
        if result.evidence:
            st.markdown("依据：\n" + "\n".join(f"- {literal(e)}" for e in result.evidence))
        st.markdown(f"**建议打法：** {result.play}")
        for flag in result.red_flags:
            st.warning(literal(flag), icon="🚩")
    st.subheader("项目质量判断与投入决策")
    bind.sheet_choice(sheet, "quality", "项目质量", list(ProjectQuality))
    bind.sheet_choice(sheet, "investment", "投入决策", list(Investment))
    bind.sheet_text(sheet, "quality_reason", "判断理由", area=True)


def hooks(sheet: VisitSheet) -> None:
    st.subheader("留钩子")
    bind.sheet_text(
        sheet,
        "suggestions",
        "客户对项目的建议",
        area=True,
        help="建议会随拜访逐步加深，别问一次就停。",
    )
    bind.sheet_text(
        sheet,
        "agreed_next_step",
        "约定的下一步",
        area=True,
    )
    bind.sheet_text(
        sheet,
        "rapport_actions",
        "建立客情的动作（小礼物、后续小活动）",
        area=True,
    )
    st.subheader("五个控制点")
    for n, check in enumerate(sheet.control_points):
        with st.container(border=True):
            bind.flag(
                f"{n + 1}. {check.point.label}",
                f"cp.{n}.met",
                check.met,
                bind.item_edit("control_points", n, "met", check.point.label),
            )
            bind.text_field(
                f"控制点 {n + 1} 的依据：什么表明已达成",
                f"cp.{n}.evidence",
                check.evidence,
                bind.item_edit("control_points", n, "evidence", f"{check.point.label}的依据"),
            )
