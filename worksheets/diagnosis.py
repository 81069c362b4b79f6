"""Which of the lesson's three customer states a visit sheet shows, why, and what to do about it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from worksheets.codes import CustomerState
from worksheets.gaps import SectionId, chain_gaps, section_ref
from worksheets.model import (
    Competitor,
    CompetitorClue,
    FundingStatus,
    Investment,
    Level,
    Line,
    Role,
    StateSignal,
    VisitSheet,
)

State = CustomerState  # equal to its code: State.LOCKED == "locked"
STATES: tuple[State, ...] = tuple(CustomerState)

# The one name of each state, as the lesson, the self-test, the sheet and the roll-up show it.
STATE_LABELS: dict[State, str] = {s: s.long_label for s in CustomerState}
UNDECIDED_LABEL = "证据不足，暂不能判断"
# What the student did not do is not what the project lacks: the wording says which, and how to record the latter.
NO_PROCUREMENT_MET = (
    f"你还没接触到采购线的人（若项目确实没有人负责采购，请勾选信号“{StateSignal.NO_PROCUREMENT.label}”）"
)

_ALL_IN_PLAY = "全情投入，站稳顾问角色：攻关键客户关系，摸清决策链和痛苦链，组织技术交流和高层会谈。"
STATE_PLAYS: dict[State, str] = {
    State.LOCKED: (
        "自上而下是唯一的打法：这件事基层已经决定不了，直接去找负责决策的副总，最好是找副总上面管财权的总经理。"
        "自下而上（陈胜吴广式）要谋很大的局，只有项目格局很大、未来五到十年还能扩容才值得；否则就放弃。"
    ),
    State.SHAPING: "只要资金和配套到位，就" + _ALL_IN_PLAY,
    State.NASCENT: (
        "温水煮青蛙：保持联系但少投入，别把售前和技术人员都压上去；管理好客户预期；"
        "趁客户防备心最低，找一个教练、去接触高层；不要只和一个技术人员点对点联系、有求必应。"
    ),
}
UNDECIDED_PLAY = (
    "先补齐证据再判断：下次拜访时看客户是让你参与方案设计，还是只让你报价；"
    "问清项目由谁负责采购、何时落地、资金是否落实；留意桌上有没有友商资料，并把看到的信号记到表里。"
)

SIGNAL_STATE: dict[StateSignal, State] = {
    StateSignal.PRESCRIPTION: State.LOCKED,
    StateSignal.ONLY_QUOTES: State.LOCKED,
    StateSignal.ROUTE_FIXED: State.LOCKED,
    StateSignal.JOINS_DESIGN: State.SHAPING,
    StateSignal.GRATEFUL: State.SHAPING,
    StateSignal.REFERS_UP: State.SHAPING,
    StateSignal.NO_PROCUREMENT: State.NASCENT,
    StateSignal.SPORADIC_TECH: State.NASCENT,
    StateSignal.VAGUE_PLAN: State.NASCENT,
}
SIGNAL_WEIGHT = 3  # what the student observed weighs most
FACT_WEIGHT = 1  # facts only support: on their own (at most 2 per state) they never decide
MARGIN = 2  # the leading state must be ahead of the next by this much

# “一条线索不是结论” (第 5 节): only several kinds of clue pointing at one vendor say that it follows closely.
CLUES_FOR_A_PATTERN = 2
_UNSURE = ("看不出", "不清楚", "不知道", "未知", "不确定", "没有", "暂无", "还没")


class Diagnosis(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    state: State | None
    state_label: str
    evidence: list[str]
    play: str
    red_flags: list[str]


def _close_followers(sheet: VisitSheet) -> list[Competitor]:
    """Vendors several kinds of clue point at: they follow the project closely (not yet: they are favoured)."""
    return [c for c in sheet.competitors if len(set(c.clues) - {CompetitorClue.OTHER}) >= CLUES_FOR_A_PATTERN]


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
        facts.append((State.LOCKED, [f"客户心仪的厂家是“{vendor}”，不是你"]))
    if followers := _close_followers(sheet):
        clues = [f"几条线索都指向“{c.name}”：{'、'.join(x.label for x in c.clues)}" for c in followers]
        facts.append((State.LOCKED, clues))
    procurement_met = any(p.line is Line.PROCUREMENT for p in sheet.contacted_people())
    if not procurement_met and sheet.funding_status in (FundingStatus.NOT_YET, FundingStatus.UNKNOWN):
        facts.append((State.NASCENT, [NO_PROCUREMENT_MET, f"资金状态：{sheet.funding_status.label}"]))
    introduced = [
        p.name
        for p in sheet.contacted_people()
        if p.introduced_by and (Role.DECIDER in p.roles or p.level is Level.SENIOR)
    ]
    if introduced:
        facts.append((State.SHAPING, [f"客户把你引荐给了决策者（{'、'.join(introduced)}）"]))
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
    if state in (None, State.SHAPING) and funding not in lines:
        lines.append(funding)
    return lines


def _play(sheet: VisitSheet, state: State | None) -> str:
    if state is None:
        return UNDECIDED_PLAY
    if state is State.SHAPING:
        if sheet.funding_status is FundingStatus.IN_PLACE:
            return "资金和配套已到位，可以" + _ALL_IN_PLAY
        return f"先确认资金和配套是否到位（目前：{sheet.funding_status.label}），到位后再" + _ALL_IN_PLAY
    return STATE_PLAYS[state]


@dataclass(frozen=True)
class RedFlagRule:
    """One automatic warning: what it is called, where the lesson teaches it, and when it fires.

    `check` returns the sentences to show (empty: the rule is quiet); each gets the section reference.
    """

    code: str
    section: SectionId
    check: Callable[[VisitSheet, State | None], list[str]]

    def flags(self, sheet: VisitSheet, state: State | None) -> list[str]:
        return [text + section_ref(self.section) for text in self.check(sheet, state)]


def _one_technician(sheet: VisitSheet, _: State | None) -> list[str]:
    contacted = sheet.contacted_people()
    if len(contacted) == 1 and contacted[0].line is Line.TECH:
        return [f"只接触了一个技术人员（{contacted[0].name}）：点对点联系，孵化出来的小鸡可能被别人叼走"]
    return []


def _funding_unknown(sheet: VisitSheet, _: State | None) -> list[str]:
    return ["资金状态不清楚：还不知道项目有没有钱"] if sheet.funding_status is FundingStatus.UNKNOWN else []


def _close_follower(sheet: VisitSheet, _: State | None) -> list[str]:
    favoured = _favoured_competitor(sheet)
    return [
        f"几条线索都指向“{name}”：它跟这个项目跟得很紧；是不是客户的心仪厂家，还要用客户状态的信号验证"
        for name in (c.name for c in _close_followers(sheet))
        if name != favoured
    ]


def _all_in_before_funding(sheet: VisitSheet, _: State | None) -> list[str]:
    if sheet.investment is Investment.ALL_IN and sheet.funding_status is not FundingStatus.IN_PLACE:
        return ["资金和配套还没到位就决定全情投入，容易白忙一场"]
    return []


def _all_in_nascent(sheet: VisitSheet, state: State | None) -> list[str]:
    if sheet.investment is Investment.ALL_IN and state is State.NASCENT:
        return ["项目八字没一撇却全情投入：应当温水煮青蛙，少投入、找教练、接触高层"]
    return []


def _all_in_locked(sheet: VisitSheet, state: State | None) -> list[str]:
    if sheet.investment is Investment.ALL_IN and state is State.LOCKED:
        return ["已锁定的项目却全情投入：基层已经决定不了，要么自上而下找副总或管财权的总经理，要么放弃"]
    return []


def _keep_warm_locked(sheet: VisitSheet, state: State | None) -> list[str]:
    if sheet.investment is Investment.KEEP_WARM and state is State.LOCKED:
        return ["温水煮青蛙是萌芽期的打法：已锁定的项目要么自上而下攻坚，要么放弃"]
    return []


def _shaping_held_back(sheet: VisitSheet, state: State | None) -> list[str]:
    if state is State.SHAPING and sheet.investment in (Investment.KEEP_WARM, Investment.WALK_AWAY):
        return ["塑造期是你最有优势的时候：资金和配套到位就全情投入，站稳顾问角色，别只保持联系或放弃"]
    return []


def _nascent_dropped(sheet: VisitSheet, state: State | None) -> list[str]:
    if state is State.NASCENT and sheet.investment is Investment.WALK_AWAY:
        return ["萌芽期也不能不理：所有项目都有这个阶段，应当温水煮青蛙，保持联系、找教练、接触高层"]
    return []


def _top_down_not_locked(sheet: VisitSheet, state: State | None) -> list[str]:
    if state in (State.SHAPING, State.NASCENT) and sheet.investment is Investment.TOP_DOWN:
        return [f"自上而下是已锁定项目的打法；{state.label}的项目不必绕开基层硬攻高层"]
    return []


def _top_down_without_senior(sheet: VisitSheet, state: State | None) -> list[str]:
    no_senior = not any(p.level is Level.SENIOR for p in sheet.people)
    if state is State.LOCKED and sheet.investment is Investment.TOP_DOWN and no_senior:
        return ["决定自上而下，但表上还没有高层人员：先找到负责决策的副总或管财权的总经理"]
    return []


def _contradiction(sheet: VisitSheet, _: State | None) -> list[str]:
    signalled = [s for s in STATES if any(SIGNAL_STATE[x] == s for x in sheet.signals)]
    if len(signalled) > 1:
        labels = [STATE_LABELS[s] for s in signalled]
        names = "”、“".join(labels[:-1]) + "”和“" + labels[-1]  # “A”和“B”, “A”、“B”和“C”
        return [f"信号互相矛盾：同时指向“{names}”，请再核实"]
    return []


CUSTOMER_STATES = "s09-customer-states"
RULES: tuple[RedFlagRule, ...] = (
    RedFlagRule("one_technician", CUSTOMER_STATES, _one_technician),
    RedFlagRule("funding_unknown", "s02-what-to-dig", _funding_unknown),
    RedFlagRule("close_follower", "s05-competition", _close_follower),
    RedFlagRule("all_in_before_funding", CUSTOMER_STATES, _all_in_before_funding),
    RedFlagRule("all_in_nascent", CUSTOMER_STATES, _all_in_nascent),
    RedFlagRule("all_in_locked", CUSTOMER_STATES, _all_in_locked),
    RedFlagRule("keep_warm_locked", CUSTOMER_STATES, _keep_warm_locked),
    RedFlagRule("shaping_held_back", CUSTOMER_STATES, _shaping_held_back),
    RedFlagRule("nascent_dropped", CUSTOMER_STATES, _nascent_dropped),
    RedFlagRule("top_down_not_locked", CUSTOMER_STATES, _top_down_not_locked),
    RedFlagRule("top_down_without_senior", CUSTOMER_STATES, _top_down_without_senior),
    RedFlagRule("contradiction", CUSTOMER_STATES, _contradiction),
)


def _red_flags(sheet: VisitSheet, state: State | None) -> list[str]:
    """The chain's gaps first, then each rule in lesson order of use; every line names its section."""
    return [gap.message for gap in chain_gaps(sheet)] + [f for rule in RULES for f in rule.flags(sheet, state)]


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
