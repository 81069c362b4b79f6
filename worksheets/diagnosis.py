"""Which of the lesson's three customer states a visit sheet shows, why, and what to do about it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from worksheets.gaps import chain_gaps
from worksheets.model import (
    CompetitorClue,
    FundingStatus,
    Investment,
    Level,
    Line,
    Relation,
    Role,
    StateSignal,
    VisitSheet,
)

State = Literal["locked", "shaping", "nascent"]
STATES: tuple[State, ...] = ("locked", "shaping", "nascent")

STATE_LABELS: dict[State, str] = {
    "locked": "技术路线和心仪厂家已定，但不是你",
    "shaping": "客户尚未理清思路，你来得早、有优势",
    "nascent": "项目没落实、八字没一撇",
}
UNDECIDED_LABEL = "证据不足，暂不能判断"

_ALL_IN_PLAY = "全情投入，站稳顾问角色：攻关键客户关系，摸清决策链和痛苦链，组织技术交流和高层会谈。"
STATE_PLAYS: dict[State, str] = {
    "locked": (
        "自上而下是唯一的打法：这件事基层已经决定不了，直接去找负责决策的副总，最好是找副总上面管财权的总经理。"
        "自下而上（陈胜吴广式）要谋很大的局，只有项目格局很大、未来五到十年还能扩容才值得；否则就放弃。"
    ),
    "shaping": "只要资金和配套到位，就" + _ALL_IN_PLAY,
    "nascent": (
        "温水煮青蛙：保持联系但少投入，别把售前和技术人员都压上去；管理好客户预期；"
        "趁客户防备心最低，找一个教练、去接触高层；不要只和一个技术人员点对点联系、有求必应。"
    ),
}
UNDECIDED_PLAY = (
    "先补齐证据再判断：下次拜访时看客户是让你参与方案设计，还是只让你报价；"
    "问清项目由谁负责采购、何时落地、资金是否落实；留意桌上有没有友商资料，并把看到的信号记到表里。"
)

SIGNAL_STATE: dict[StateSignal, State] = {
    StateSignal.PRESCRIPTION: "locked",
    StateSignal.ONLY_QUOTES: "locked",
    StateSignal.ROUTE_FIXED: "locked",
    StateSignal.JOINS_DESIGN: "shaping",
    StateSignal.GRATEFUL: "shaping",
    StateSignal.REFERS_UP: "shaping",
    StateSignal.NO_PROCUREMENT: "nascent",
    StateSignal.SPORADIC_TECH: "nascent",
    StateSignal.VAGUE_PLAN: "nascent",
}
SIGNAL_WEIGHT = 3  # what the student observed weighs most
FACT_WEIGHT = 1  # facts only support: on their own (at most 2 per state) they never decide
MARGIN = 2  # the leading state must be ahead of the next by this much

DESK_CLUES: dict[CompetitorClue, str] = {
    CompetitorClue.DESK_CALENDAR: "友商台历",
    CompetitorClue.NOTEBOOK_PEN: "友商的本子或笔",
    CompetitorClue.BROCHURE: "友商宣传资料",
}
_UNSURE = ("看不出", "不清楚", "不知道", "未知", "不确定", "没有", "暂无", "还没")


class Diagnosis(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    state: State | None
    state_label: str
    evidence: list[str]
    play: str
    red_flags: list[str]


def _contacted(sheet: VisitSheet):
    return [p for p in sheet.people if p.relation is not Relation.NOT_CONTACTED]


def _desk_material(sheet: VisitSheet) -> list[str]:
    return [
        f"桌上看到{DESK_CLUES[clue]}（{c.name}）" for c in sheet.competitors for clue in c.clues if clue in DESK_CLUES
    ]


def _favoured_competitor(sheet: VisitSheet) -> str | None:
    """The favoured vendor counts only when it names a recorded competitor and is not a guess."""
    text = sheet.favoured_vendor
    if any(word in text for word in _UNSURE):
        return None
    return next((c.name for c in sheet.competitors if c.name in text), None)


def _facts(sheet: VisitSheet) -> list[tuple[State, list[str]]]:
    """Evidence beyond the signals: each (state, sentences) group adds FACT_WEIGHT to its state."""
    facts: list[tuple[State, list[str]]] = []
    if vendor := _favoured_competitor(sheet):
        facts.append(("locked", [f"客户心仪的厂家是“{vendor}”，不是你"]))
    if desk := _desk_material(sheet):
        facts.append(("locked", desk))
    procurement_met = any(p.line is Line.PROCUREMENT for p in _contacted(sheet))
    if not procurement_met and sheet.funding_status in (FundingStatus.NOT_YET, FundingStatus.UNKNOWN):
        facts.append(("nascent", ["没有接触任何采购线人员", f"资金状态：{sheet.funding_status.label}"]))
    introduced = [
        p.name for p in _contacted(sheet) if p.introduced_by and (Role.DECIDER in p.roles or p.level is Level.SENIOR)
    ]
    if introduced:
        facts.append(("shaping", [f"客户把你引荐给了决策者（{'、'.join(introduced)}）"]))
    return facts


def _scores(sheet: VisitSheet, facts: list[tuple[State, list[str]]]) -> dict[State, int]:
    scores = {s: SIGNAL_WEIGHT * sum(SIGNAL_STATE[x] == s for x in sheet.signals) for s in STATES}
    for state, _ in facts:
        scores[state] += FACT_WEIGHT
    return scores


def _decide(scores: dict[State, int]) -> State | None:
    ranked = sorted(STATES, key=lambda s: scores[s], reverse=True)
    top, second = ranked[0], ranked[1]
    if scores[top] >= SIGNAL_WEIGHT and scores[top] - scores[second] >= MARGIN:
        return top
    return None


def _evidence(sheet: VisitSheet, facts: list[tuple[State, list[str]]], state: State | None) -> list[str]:
    shown = STATES if state is None else (state,)
    lines = [f"你记录了：{x.label}" for x in sheet.signals if SIGNAL_STATE[x] in shown]
    lines += [line for s, group in facts if s in shown for line in group]
    funding = f"资金状态：{sheet.funding_status.label}"
    if state in (None, "shaping") and funding not in lines:
        lines.append(funding)
    return lines


def _play(sheet: VisitSheet, state: State | None) -> str:
    if state is None:
        return UNDECIDED_PLAY
    if state == "shaping":
        if sheet.funding_status is FundingStatus.IN_PLACE:
            return "资金和配套已到位，可以" + _ALL_IN_PLAY
        return f"先确认资金和配套是否到位（目前：{sheet.funding_status.label}），到位后再" + _ALL_IN_PLAY
    return STATE_PLAYS[state]


def _red_flags(sheet: VisitSheet, state: State | None) -> list[str]:
    flags = [gap.message for gap in chain_gaps(sheet)]
    contacted = _contacted(sheet)
    if len(contacted) == 1 and contacted[0].line is Line.TECH:
        flags.append(f"只接触了一个技术人员（{contacted[0].name}）：点对点联系，项目孵化出来也可能被别人拿走")
    if sheet.funding_status is FundingStatus.UNKNOWN:
        flags.append("资金状态不清楚：还不知道项目有没有钱")
    flags += [f"在客户{clue}：友商已经走在前面" for clue in _desk_material(sheet)]
    all_in = sheet.investment is Investment.ALL_IN
    if all_in and sheet.funding_status is not FundingStatus.IN_PLACE:
        flags.append("资金和配套还没到位就决定全情投入，容易白忙一场")
    if all_in and state == "nascent":
        flags.append("项目八字没一撇却全情投入：应当温水煮青蛙，少投入、找教练、接触高层")
    if state == "locked" and sheet.investment in (Investment.ALL_IN, Investment.KEEP_WARM):
        flags.append("竞争劣势项目还在自下而上地打：基层已经决定不了，要么自上而下找副总或总经理，要么放弃")
    no_senior = not any(p.level is Level.SENIOR for p in sheet.people)
    if state == "locked" and sheet.investment is Investment.TOP_DOWN and no_senior:
        flags.append("决定自上而下，但表上还没有高层人员：先找到负责决策的副总或管财权的总经理")
    signalled = [s for s in STATES if any(SIGNAL_STATE[x] == s for x in sheet.signals)]
    if len(signalled) > 1:
        names = "”和“".join(STATE_LABELS[s] for s in signalled)
        flags.append(f"信号互相矛盾：同时指向“{names}”，请再核实")
    return flags


def diagnose(sheet: VisitSheet) -> Diagnosis:
    """The lesson's three-state judgement, made from what the student actually recorded."""
    facts = _facts(sheet)
    scores = _scores(sheet, facts)
    state = _decide(scores)
    return Diagnosis(
        state=state,
        state_label=STATE_LABELS[state] if state else UNDECIDED_LABEL,
        evidence=_evidence(sheet, facts, state),
        play=_play(sheet, state),
        red_flags=_red_flags(sheet, state),
    )
