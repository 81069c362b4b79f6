"""diagnose: the lesson's three customer states, told from small sheets a student might hand in."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pydantic import ValidationError

from worksheets.diagnosis import STATE_LABELS, STATE_PLAYS, UNDECIDED_LABEL, UNDECIDED_PLAY, diagnose
from worksheets.example import example_sheet
from worksheets.gaps import NO_BRIDGE, NO_COACH, NO_INFORMANT, ONLY_TECH_LINE, senior_without_parity
from worksheets.model import (
    Competitor,
    CompetitorClue,
    FundingStatus,
    Investment,
    Level,
    Line,
    Person,
    Relation,
    Role,
    StateSignal,
    VisitSheet,
)

S = StateSignal


def tech(name: str = "小王", pid: str = "tech01", **kw) -> Person:
    return Person(id=pid, name=name, line=Line.TECH, relation=Relation.GENERAL, **kw)


def buyer(name: str = "采购组长", pid: str = "proc01", **kw) -> Person:
    kw.setdefault("roles", [Role.BRIDGE, Role.COACH, Role.INFORMANT])
    return Person(id=pid, name=name, line=Line.PROCUREMENT, level=Level.MIDDLE, relation=Relation.KEY, **kw)


def full_chain() -> list[Person]:
    """A tech user plus a procurement bridge/coach/informant: chain_gaps has nothing to say."""
    return [tech(), buyer()]


def rival(*clues: CompetitorClue, name: str = "友商A") -> Competitor:
    return Competitor(name=name, clues=list(clues))


# ---- the three states, four everyday scenarios each -------------------------------------------

SCENARIOS: dict[str, tuple[Callable[[], VisitSheet], str]] = {
    "客户让我这里挂号那里取药，桌上还摆着友商台历": (
        lambda: VisitSheet(signals=[S.PRESCRIPTION], competitors=[rival(CompetitorClue.DESK_CALENDAR)]),
        "locked",
    ),
    "客户只让报价出方案，问什么都不说": (
        lambda: VisitSheet(signals=[S.ONLY_QUOTES], people=[tech()]),
        "locked",
    ),
    "客户说方案已经定了，心仪的就是友商A": (
        lambda: VisitSheet(signals=[S.ROUTE_FIXED], favoured_vendor="友商A", competitors=[rival()]),
        "locked",
    ),
    "采购也见过、钱也到位，可客户照方抓药只让报价": (
        lambda: VisitSheet(
            signals=[S.PRESCRIPTION, S.ONLY_QUOTES],
            people=full_chain(),
            funding_status=FundingStatus.IN_PLACE,
        ),
        "locked",
    ),
    "客户请我一起做项目设计，资金已到位": (
        lambda: VisitSheet(signals=[S.JOINS_DESIGN], people=full_chain(), funding_status=FundingStatus.IN_PLACE),
        "shaping",
    ),
    "交流时客户有新发现，很兴奋地谢我": (
        lambda: VisitSheet(signals=[S.GRATEFUL], people=[tech()]),
        "shaping",
    ),
    "客户把我引荐给了技术副总，已经见上面": (
        lambda: VisitSheet(
            signals=[S.REFERS_UP],
            people=[
                tech(),
                Person(
                    id="vp0001",
                    name="技术副总",
                    line=Line.LEADERSHIP,
                    level=Level.SENIOR,
                    roles=[Role.DECIDER],
                    relation=Relation.INITIAL,
                    introduced_by="tech01",
                ),
            ],
        ),
        "shaping",
    ),
    "参与设计又被感谢，只是还不清楚有没有钱": (
        lambda: VisitSheet(signals=[S.JOINS_DESIGN, S.GRATEFUL], people=[tech()]),
        "shaping",
    ),
    "项目没有采购对接，只有一个技术员零星来问": (
        lambda: VisitSheet(signals=[S.NO_PROCUREMENT, S.SPORADIC_TECH], people=[tech()]),
        "nascent",
    ),
    "对方说不清何时落地，资金尚未落实": (
        lambda: VisitSheet(signals=[S.VAGUE_PLAN], funding_status=FundingStatus.NOT_YET),
        "nascent",
    ),
    "只有几个技术员隔三岔五打电话咨询": (
        lambda: VisitSheet(signals=[S.SPORADIC_TECH], people=[tech(), tech("小李", "tech02")]),
        "nascent",
    ),
    "技术员很感谢我，可项目没采购、说不清何时落地": (
        lambda: VisitSheet(signals=[S.NO_PROCUREMENT, S.VAGUE_PLAN, S.GRATEFUL], people=[tech()]),
        "nascent",
    ),
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_scenario_state(scenario):
    build, expected = SCENARIOS[scenario]
    result = diagnose(build())
    assert (result.state, result.state_label) == (expected, STATE_LABELS[expected])


@pytest.mark.parametrize("state", ["locked", "shaping", "nascent"])
def test_each_state_has_four_scenarios(state):
    assert sum(expected == state for _, expected in SCENARIOS.values()) == 4


# ---- evidence does not decide -----------------------------------------------------------------

UNDECIDED: dict[str, Callable[[], VisitSheet]] = {
    "什么都没填": VisitSheet,
    "既只让报价，又请我参与设计": lambda: VisitSheet(signals=[S.ONLY_QUOTES, S.JOINS_DESIGN]),
    "只看到友商台历、客户偏向友商A，却没记任何信号": lambda: VisitSheet(
        favoured_vendor="友商A", competitors=[rival(CompetitorClue.DESK_CALENDAR, CompetitorClue.BROCHURE)]
    ),
    "方案已定但客户又感谢我，桌上有友商资料": lambda: VisitSheet(
        signals=[S.ROUTE_FIXED, S.GRATEFUL], competitors=[rival(CompetitorClue.BROCHURE)]
    ),
}


@pytest.mark.parametrize("scenario", list(UNDECIDED))
def test_undecided(scenario):
    result = diagnose(UNDECIDED[scenario]())
    assert (result.state, result.state_label, result.play) == (None, UNDECIDED_LABEL, UNDECIDED_PLAY)


def test_empty_sheet_evidence_and_flags():
    result = diagnose(VisitSheet())
    assert result.evidence == ["没有接触任何采购线人员", "资金状态：不清楚"]
    assert result.red_flags == [
        "还没有记录任何人：先把见过的、听说的客户人员记下来。",
        "资金状态不清楚：还不知道项目有没有钱",
    ]


def test_contradiction_is_flagged_and_all_evidence_shown():
    sheet = VisitSheet(signals=[S.ONLY_QUOTES, S.JOINS_DESIGN], funding_status=FundingStatus.PARTLY)
    result = diagnose(sheet)
    assert result.evidence == [
        "你记录了：客户只让你报价、出方案，不透露任何信息（像防贼）",
        "你记录了：你能参与客户的项目设计和技术流程",
        "资金状态：部分到位",
    ]
    assert result.red_flags[-1] == (
        "信号互相矛盾：同时指向“技术路线和心仪厂家已定，但不是你”和“客户尚未理清思路，你来得早、有优势”，请再核实"
    )


# ---- evidence names what led there ------------------------------------------------------------


def test_locked_evidence_names_signal_and_desk_material():
    sheet = VisitSheet(
        signals=[S.ONLY_QUOTES],
        competitors=[rival(CompetitorClue.DESK_CALENDAR, CompetitorClue.CORRIDOR)],
        favoured_vendor="友商A",
    )
    assert diagnose(sheet).evidence == [
        "你记录了：客户只让你报价、出方案，不透露任何信息（像防贼）",
        "客户心仪的厂家是“友商A”，不是你",
        "桌上看到友商台历（友商A）",
    ]


def test_favoured_vendor_that_is_only_a_guess_is_not_evidence():
    sheet = VisitSheet(favoured_vendor="看不出是不是友商A", competitors=[rival()], signals=[S.ONLY_QUOTES])
    assert diagnose(sheet).evidence == ["你记录了：客户只让你报价、出方案，不透露任何信息（像防贼）"]


def test_nascent_evidence_names_missing_procurement_and_funding():
    sheet = VisitSheet(signals=[S.SPORADIC_TECH], people=[tech()])
    assert diagnose(sheet).evidence == [
        "你记录了：只有少量技术人员零星咨询",
        "没有接触任何采购线人员",
        "资金状态：不清楚",
    ]


def test_shaping_evidence_names_introduced_decider():
    sheet, _ = SCENARIOS["客户把我引荐给了技术副总，已经见上面"]
    assert diagnose(sheet()).evidence == [
        "你记录了：客户愿意把你引荐给决策者",
        "客户把你引荐给了决策者（技术副总）",
        "资金状态：不清楚",
    ]


# ---- plays ------------------------------------------------------------------------------------


def test_locked_play_is_top_down_or_walk_away():
    build, _ = SCENARIOS["客户只让报价出方案，问什么都不说"]
    play = diagnose(build()).play
    assert play == STATE_PLAYS["locked"]
    assert "自上而下是唯一的打法" in play and "总经理" in play and "放弃" in play


def test_nascent_play_is_keep_warm():
    build, _ = SCENARIOS["只有几个技术员隔三岔五打电话咨询"]
    play = diagnose(build()).play
    assert play == STATE_PLAYS["nascent"]
    assert play.startswith("温水煮青蛙") and "教练" in play and "高层" in play


def test_shaping_play_depends_on_funding():
    in_place = diagnose(VisitSheet(signals=[S.JOINS_DESIGN], funding_status=FundingStatus.IN_PLACE)).play
    unknown = diagnose(VisitSheet(signals=[S.JOINS_DESIGN], funding_status=FundingStatus.UNKNOWN)).play
    assert in_place == (
        "资金和配套已到位，可以全情投入，站稳顾问角色：攻关键客户关系，摸清决策链和痛苦链，组织技术交流和高层会谈。"
    )
    assert unknown == (
        "先确认资金和配套是否到位（目前：不清楚），到位后再全情投入，站稳顾问角色："
        "攻关键客户关系，摸清决策链和痛苦链，组织技术交流和高层会谈。"
    )


# ---- red flags --------------------------------------------------------------------------------


def test_all_in_on_one_technician_in_a_nascent_project():
    sheet = VisitSheet(signals=[S.SPORADIC_TECH], people=[tech()], investment=Investment.ALL_IN)
    result = diagnose(sheet)
    assert result.state == "nascent"
    assert result.red_flags == [
        NO_BRIDGE.message,
        NO_COACH.message,
        ONLY_TECH_LINE.message,
        NO_INFORMANT.message,
        "只接触了一个技术人员（小王）：点对点联系，项目孵化出来也可能被别人拿走",
        "资金状态不清楚：还不知道项目有没有钱",
        "资金和配套还没到位就决定全情投入，容易白忙一场",
        "项目八字没一撇却全情投入：应当温水煮青蛙，少投入、找教练、接触高层",
    ]


def test_all_in_with_funding_in_place_is_not_flagged():
    sheet = VisitSheet(
        signals=[S.JOINS_DESIGN],
        people=full_chain(),
        funding_status=FundingStatus.IN_PLACE,
        investment=Investment.ALL_IN,
    )
    assert diagnose(sheet).red_flags == []


@pytest.mark.parametrize("funding", [FundingStatus.PARTLY, FundingStatus.NOT_YET, FundingStatus.UNKNOWN])
def test_all_in_before_funding_is_flagged(funding):
    sheet = VisitSheet(signals=[S.JOINS_DESIGN], funding_status=funding, investment=Investment.ALL_IN)
    assert "资金和配套还没到位就决定全情投入，容易白忙一场" in diagnose(sheet).red_flags


def test_fighting_bottom_up_in_a_locked_deal():
    sheet = VisitSheet(
        signals=[S.ONLY_QUOTES, S.ROUTE_FIXED],
        people=full_chain(),
        funding_status=FundingStatus.IN_PLACE,
        investment=Investment.KEEP_WARM,
    )
    assert diagnose(sheet).red_flags == [
        "竞争劣势项目还在自下而上地打：基层已经决定不了，要么自上而下找副总或总经理，要么放弃"
    ]


def test_top_down_without_any_senior_on_the_sheet():
    sheet = VisitSheet(
        signals=[S.PRESCRIPTION],
        people=full_chain(),
        funding_status=FundingStatus.IN_PLACE,
        investment=Investment.TOP_DOWN,
    )
    assert diagnose(sheet).red_flags == ["决定自上而下，但表上还没有高层人员：先找到负责决策的副总或管财权的总经理"]


def test_desk_material_and_senior_without_parity():
    boss = Person(id="gm0001", name="刘总", line=Line.LEADERSHIP, level=Level.SENIOR, relation=Relation.INITIAL)
    sheet = VisitSheet(
        people=[*full_chain(), boss],
        funding_status=FundingStatus.IN_PLACE,
        competitors=[rival(CompetitorClue.NOTEBOOK_PEN, name="友商B")],
    )
    assert diagnose(sheet).red_flags == [
        senior_without_parity(boss).message,
        "在客户桌上看到友商的本子或笔（友商B）：友商已经走在前面",
    ]


@pytest.mark.parametrize(
    ("funding", "extra_flags"),
    [
        (FundingStatus.IN_PLACE, []),
        (FundingStatus.PARTLY, ["资金和配套还没到位就决定全情投入，容易白忙一场"]),
    ],
)
def test_worked_example_going_all_in(funding, extra_flags):
    sheet = example_sheet()
    sheet.funding_status, sheet.investment = funding, Investment.ALL_IN
    result = diagnose(sheet)
    assert result.state == "shaping"
    assert result.red_flags == ["在客户桌上看到友商台历（某友商）：友商已经走在前面", *extra_flags]


def test_diagnosis_is_frozen():
    result = diagnose(VisitSheet())
    with pytest.raises(ValidationError):
        result.state = "locked"
