"""diagnose: the lesson's three customer states, told from small sheets a student might hand in."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pydantic import ValidationError

from course.loader import load_course
from worksheets.diagnosis import RULES, STATE_LABELS, STATE_PLAYS, UNDECIDED_LABEL, UNDECIDED_PLAY, diagnose
from worksheets.example import example_sheet
from worksheets.gaps import NO_BRIDGE, NO_COACH, NO_INFORMANT, NO_PEOPLE, ONLY_TECH_LINE, senior_without_parity
from worksheets.model import (
    Competitor,
    CompetitorClue,
    FundingStatus,
    Investment,
    Level,
    Line,
    MetVia,
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
    assert result.evidence == [
        "你还没接触到采购线的人（若项目确实没有人负责采购，请勾选信号“项目没有负责的采购，没有对接外部招采”）",
        "资金状态：不清楚",
    ]
    assert result.red_flags == [NO_PEOPLE.message, "资金状态不清楚：还不知道项目有没有钱（见第 2 节）"]


def test_contradiction_is_flagged_and_all_evidence_shown():
    sheet = VisitSheet(signals=[S.ONLY_QUOTES, S.JOINS_DESIGN], funding_status=FundingStatus.PARTLY)
    result = diagnose(sheet)
    assert result.evidence == [
        "你记录了：客户只让你报价、出方案，不透露任何信息（像防贼）",
        "你记录了：你能参与客户的项目设计和技术流程",
        "资金状态：部分到位",
    ]
    assert result.red_flags[-1] == (
        "信号互相矛盾：同时指向“已锁定（技术路线和心仪厂家已定，但不是你）”和“塑造期（客户还没理清思路，你来得早、有优势）”，"
        "请再核实（见第 9 节）"
    )


# ---- evidence names what led there ------------------------------------------------------------


def test_locked_evidence_names_signal_and_several_clues():
    sheet = VisitSheet(
        signals=[S.ONLY_QUOTES],
        competitors=[rival(CompetitorClue.DESK_CALENDAR, CompetitorClue.CORRIDOR)],
        favoured_vendor="友商A",
    )
    assert diagnose(sheet).evidence == [
        "你记录了：客户只让你报价、出方案，不透露任何信息（像防贼）",
        "客户心仪的厂家是“友商A”，不是你",
        "几条线索都指向“友商A”：桌上的友商台历、走廊或电梯间遇到友商",
    ]


def test_one_desk_clue_is_no_evidence_of_a_locked_deal():
    """第 5 节: 一条线索不是结论."""
    sheet = VisitSheet(signals=[S.ONLY_QUOTES], competitors=[rival(CompetitorClue.DESK_CALENDAR)])
    assert diagnose(sheet).evidence == ["你记录了：客户只让你报价、出方案，不透露任何信息（像防贼）"]


def test_favoured_vendor_that_is_only_a_guess_is_not_evidence():
    sheet = VisitSheet(favoured_vendor="看不出是不是友商A", competitors=[rival()], signals=[S.ONLY_QUOTES])
    assert diagnose(sheet).evidence == ["你记录了：客户只让你报价、出方案，不透露任何信息（像防贼）"]


def test_nascent_evidence_names_missing_procurement_and_funding():
    sheet = VisitSheet(signals=[S.SPORADIC_TECH], people=[tech()])
    assert diagnose(sheet).evidence == [
        "你记录了：只有少量技术人员零星咨询",
        "你还没接触到采购线的人（若项目确实没有人负责采购，请勾选信号“项目没有负责的采购，没有对接外部招采”）",
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


# ---- red flags: one rule per flag, each names its lesson section, each fires and stays quiet ---------


def _senior(**kw) -> Person:
    kw.setdefault("relation", Relation.INITIAL)
    return Person(id="gm0001", name="刘总", line=Line.LEADERSHIP, level=Level.SENIOR, **kw)


def _funded(**kw) -> VisitSheet:
    kw.setdefault("people", full_chain())
    return VisitSheet(funding_status=FundingStatus.IN_PLACE, **kw)


# rule code -> (a sheet where it must fire, a close sheet where it must not)
RULE_CASES: dict[str, tuple[Callable[[], VisitSheet], Callable[[], VisitSheet]]] = {
    "one_technician": (
        lambda: _funded(people=[tech()]),
        lambda: _funded(people=[tech(), tech("小李", "tech02")]),
    ),
    "funding_unknown": (
        lambda: VisitSheet(people=full_chain()),
        lambda: _funded(),
    ),
    "close_follower": (
        lambda: _funded(competitors=[rival(CompetitorClue.DESK_CALENDAR, CompetitorClue.CORRIDOR)]),
        lambda: _funded(competitors=[rival(CompetitorClue.DESK_CALENDAR)]),
    ),
    "all_in_before_funding": (
        lambda: VisitSheet(signals=[S.JOINS_DESIGN], investment=Investment.ALL_IN, people=full_chain()),
        lambda: _funded(signals=[S.JOINS_DESIGN], investment=Investment.ALL_IN),
    ),
    "all_in_nascent": (
        lambda: _funded(signals=[S.SPORADIC_TECH, S.VAGUE_PLAN], investment=Investment.ALL_IN),
        lambda: _funded(signals=[S.SPORADIC_TECH, S.VAGUE_PLAN], investment=Investment.KEEP_WARM),
    ),
    "all_in_locked": (
        lambda: _funded(signals=[S.ONLY_QUOTES, S.ROUTE_FIXED], investment=Investment.ALL_IN),
        lambda: _funded(signals=[S.ONLY_QUOTES, S.ROUTE_FIXED], investment=Investment.WALK_AWAY),
    ),
    "keep_warm_locked": (
        lambda: _funded(signals=[S.ONLY_QUOTES, S.ROUTE_FIXED], investment=Investment.KEEP_WARM),
        lambda: _funded(signals=[S.SPORADIC_TECH], investment=Investment.KEEP_WARM),
    ),
    "shaping_held_back": (
        lambda: _funded(signals=[S.JOINS_DESIGN], investment=Investment.WALK_AWAY),
        lambda: _funded(signals=[S.JOINS_DESIGN], investment=Investment.ALL_IN),
    ),
    "nascent_dropped": (
        lambda: _funded(signals=[S.SPORADIC_TECH, S.VAGUE_PLAN], investment=Investment.WALK_AWAY),
        lambda: _funded(signals=[S.SPORADIC_TECH, S.VAGUE_PLAN], investment=Investment.KEEP_WARM),
    ),
    "top_down_not_locked": (
        lambda: _funded(signals=[S.JOINS_DESIGN], investment=Investment.TOP_DOWN),
        lambda: _funded(signals=[S.PRESCRIPTION], investment=Investment.TOP_DOWN, people=[*full_chain(), _senior()]),
    ),
    "top_down_without_senior": (
        lambda: _funded(signals=[S.PRESCRIPTION], investment=Investment.TOP_DOWN),
        lambda: _funded(
            signals=[S.PRESCRIPTION],
            investment=Investment.TOP_DOWN,
            people=[*full_chain(), _senior(relation=Relation.NOT_CONTACTED)],
        ),
    ),
    "contradiction": (
        lambda: _funded(signals=[S.ONLY_QUOTES, S.JOINS_DESIGN]),
        lambda: _funded(signals=[S.ONLY_QUOTES, S.PRESCRIPTION]),
    ),
}


def test_every_rule_has_a_firing_and_a_quiet_case():
    assert set(RULE_CASES) == {r.code for r in RULES}
    assert len({r.code for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_fires_and_stays_quiet(rule):
    fires, quiet = RULE_CASES[rule.code]
    sheet = fires()
    state = diagnose(sheet).state
    found = rule.flags(sheet, state)
    assert len(found) == 1
    assert found[0] in diagnose(sheet).red_flags
    sheet = quiet()
    assert rule.flags(sheet, diagnose(sheet).state) == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_names_a_lesson_section_that_exists(rule):
    section = next(s for s in load_course().sections if s.id == rule.section)
    fires, _ = RULE_CASES[rule.code]
    sheet = fires()
    assert rule.flags(sheet, diagnose(sheet).state)[0].endswith(f"（见第 {section.order} 节）")


def test_all_in_on_one_technician_in_a_nascent_project():
    sheet = VisitSheet(signals=[S.SPORADIC_TECH], people=[tech()], investment=Investment.ALL_IN)
    result = diagnose(sheet)
    assert result.state == "nascent"
    assert result.red_flags == [
        NO_BRIDGE.message,
        NO_COACH.message,
        ONLY_TECH_LINE.message,
        NO_INFORMANT.message,
        "只接触了一个技术人员（小王）：点对点联系，孵化出来的小鸡可能被别人叼走（见第 9 节）",
        "资金状态不清楚：还不知道项目有没有钱（见第 2 节）",
        "资金和配套还没到位就决定全情投入，容易白忙一场（见第 9 节）",
        "项目八字没一撇却全情投入：应当温水煮青蛙，少投入、找教练、接触高层（见第 9 节）",
    ]


def test_all_in_with_funding_in_place_is_not_flagged():
    sheet = _funded(signals=[S.JOINS_DESIGN], investment=Investment.ALL_IN)
    assert diagnose(sheet).red_flags == []


@pytest.mark.parametrize("funding", [FundingStatus.PARTLY, FundingStatus.NOT_YET, FundingStatus.UNKNOWN])
def test_all_in_before_funding_is_flagged(funding):
    sheet = VisitSheet(signals=[S.JOINS_DESIGN], funding_status=funding, investment=Investment.ALL_IN)
    assert "资金和配套还没到位就决定全情投入，容易白忙一场（见第 9 节）" in diagnose(sheet).red_flags


def test_keep_warm_in_a_locked_deal_is_not_called_bottom_up():
    """温水煮青蛙 is not 自下而上: the flag says it is the wrong state's play, not that you fight bottom-up."""
    sheet = _funded(signals=[S.ONLY_QUOTES, S.ROUTE_FIXED], investment=Investment.KEEP_WARM)
    flags = diagnose(sheet).red_flags
    assert flags == ["温水煮青蛙是萌芽期的打法：已锁定的项目要么自上而下攻坚，要么放弃（见第 9 节）"]
    assert not any("自下而上" in f for f in flags)


def test_top_down_without_any_senior_on_the_sheet():
    sheet = _funded(signals=[S.PRESCRIPTION], investment=Investment.TOP_DOWN)
    assert diagnose(sheet).red_flags == [
        "决定自上而下，但表上还没有高层人员：先找到负责决策的副总或管财权的总经理（见第 9 节）"
    ]


def test_one_desk_clue_raises_no_flag():
    """第 5 节: 一条线索不是结论 — one notebook on a desk says a vendor came by, not that it is ahead."""
    sheet = _funded(competitors=[rival(CompetitorClue.NOTEBOOK_PEN, name="友商B")])
    assert diagnose(sheet).red_flags == []


def test_senior_met_directly_is_flagged_but_a_classmate_is_not():
    direct = _funded(people=[*full_chain(), _senior(met_via=MetVia.DIRECT)])
    assert diagnose(direct).red_flags == [senior_without_parity(direct.people[-1]).message]
    for route in (MetVia.ACQUAINTANCE, MetVia.CUSTOMER_REFERRAL, MetVia.BANQUET, MetVia.OUR_LEADER):
        assert diagnose(_funded(people=[*full_chain(), _senior(met_via=route)])).red_flags == [], route


@pytest.mark.parametrize(
    ("funding", "extra_flags"),
    [
        (FundingStatus.IN_PLACE, []),
        (FundingStatus.PARTLY, ["资金和配套还没到位就决定全情投入，容易白忙一场（见第 9 节）"]),
    ],
)
def test_worked_example_going_all_in(funding, extra_flags):
    """The example says it cannot yet tell whom the customer favours: no flag says a rival is ahead."""
    sheet = example_sheet()
    sheet.funding_status, sheet.investment = funding, Investment.ALL_IN
    result = diagnose(sheet)
    assert result.state == "shaping"
    assert result.red_flags == [
        "几条线索都指向“某友商”：它跟这个项目跟得很紧；是不是客户的心仪厂家，还要用客户状态的信号验证（见第 5 节）",
        *extra_flags,
    ]
    assert not any("走在前面" in f for f in result.red_flags)


def test_diagnosis_is_frozen():
    result = diagnose(VisitSheet())
    with pytest.raises(ValidationError):
        result.state = "locked"


@pytest.mark.parametrize(
    ("signals", "investment", "flag"),
    [
        (
            [S.JOINS_DESIGN],
            Investment.KEEP_WARM,
            "塑造期是你最有优势的时候：资金和配套到位就全情投入，站稳顾问角色，别只保持联系或放弃（见第 9 节）",
        ),
        (
            [S.SPORADIC_TECH, S.VAGUE_PLAN],
            Investment.WALK_AWAY,
            "萌芽期也不能不理：所有项目都有这个阶段，应当温水煮青蛙，保持联系、找教练、接触高层（见第 9 节）",
        ),
        (
            [S.VAGUE_PLAN],
            Investment.TOP_DOWN,
            "自上而下是已锁定项目的打法；萌芽期的项目不必绕开基层硬攻高层（见第 9 节）",
        ),
    ],
)
def test_the_wrong_play_for_the_state_is_named(signals, investment, flag):
    """塑造期 held back, 萌芽期 dropped, 自上而下 outside a locked project: the self-test teaches all three as wrong."""
    assert diagnose(_funded(signals=signals, investment=investment)).red_flags == [flag]


def test_three_contradicting_states_are_listed_as_chinese_lists_them():
    flags = diagnose(_funded(signals=[S.ONLY_QUOTES, S.JOINS_DESIGN, S.VAGUE_PLAN])).red_flags
    locked, shaping, nascent = (STATE_LABELS[s] for s in ("locked", "shaping", "nascent"))
    assert f"信号互相矛盾：同时指向“{locked}”、“{shaping}”和“{nascent}”，请再核实（见第 9 节）" in flags
