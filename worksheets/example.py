"""A complete worked example of the visit sheet, built on the lesson's 国网 automation-product case."""

from __future__ import annotations

import datetime as dt

from worksheets.model import (
    Competitor,
    CompetitorClue,
    ControlPoint,
    ControlPointCheck,
    Evidence,
    FundingStatus,
    Investment,
    Level,
    Line,
    MetVia,
    Person,
    Personality,
    ProjectQuality,
    Relation,
    Role,
    Source,
    StateSignal,
    VisitSheet,
)

# Shown wherever the example is offered: his case's structure, our details (never presented as his).
EXAMPLE_NOTE = "示例依讲师课上讲的国网项目改编：决策链的结构是他讲的，金额、职务、性格等细节是本练习册虚构的。"

_CONTROL_POINTS: dict[ControlPoint, tuple[bool, str]] = {
    ControlPoint.DECISION_PROCESS: (
        True,
        "招采中心某工讲清了流程：需求由运检部提出，计划部立项，招采中心按集采框架挂网，"
        "评标委员会打分后由采购副总和技术副总会签。",
    ),
    ControlPoint.GENERAL_ACTIVITY: (
        False,
        "打算请运检部和招采中心一起来公司参观样板工程并做技术交流，时间还没约定。",
    ),
    ControlPoint.INFORMANT: (
        True,
        "招采中心某工愿意私下提醒招标节点和评分细则，已发展为关键线人。",
    ),
    ControlPoint.BRIDGE_POST: (
        True,
        "采购组长下连招采执行小组，上连采购副总和技术副总；经招采中心某工引荐已见过一次。",
    ),
    ControlPoint.TECH_ROUTE: (
        False,
        "只从毕工处听到现场终端掉线多、运维难；A主任对技术路线的想法还没摸清。",
    ),
}


def _people() -> list[Person]:
    """Who we met and whom we still need to find, with fixed ids so tests stay stable."""
    return [
        Person(
            id="p001",
            name="毕工",
            title="运检部配网班专责",
            line=Line.TECH,
            level=Level.GRASSROOTS,
            roles=[Role.USER],
            relation=Relation.GENERAL,
            met_via=MetVia.DIRECT,
            pain="现场终端经常掉线，运维人员跑得辛苦；最关心设备怎么运行、可靠不可靠。",
            next_step="下周带两台样机去他们班组做联调演示。",
        ),
        Person(
            id="p002",
            name="招采中心某工",
            title="招采中心专责",
            line=Line.PROCUREMENT,
            level=Level.GRASSROOTS,
            roles=[Role.INFORMANT, Role.COACH],
            relation=Relation.GENERAL,
            personality=Personality.PEACOCK,
            introduced_by="p001",
            pain="关心商务条款：付款方式、质保期、交货周期；希望自己经手的项目不出岔子、被领导认可。",
            next_step="约一次午餐，请他讲讲去年框架招标的评分细则。",
        ),
        Person(
            id="p003",
            name="A主任",
            title="运检部副主任",
            line=Line.TECH,
            level=Level.MIDDLE,
            roles=[Role.INFLUENCER],
            relation=Relation.GENERAL,
            personality=Personality.PEACOCK,
            introduced_by="p001",
            pain="关注技术创新、新项目里的新应用，想在今年发一篇配网自动化方面的论文。",
            next_step="送一份我们在兄弟省公司的应用案例，邀请他联合写技术论文。",
        ),
        Person(
            id="p004",
            name="采购中层",
            title="招采中心副主任",
            line=Line.PROCUREMENT,
            level=Level.MIDDLE,
            roles=[Role.INFLUENCER],
            relation=Relation.INITIAL,
            personality=Personality.TIGER,
            introduced_by="p002",
            pain="正在推动集采框架重谈，想优化合同条款、压降采购成本。",
            next_step="准备一份框架协议条款优化建议，请招采中心某工代为转交。",
        ),
        Person(
            id="p005",
            name="采购组长",
            title="招采中心采购组组长",
            line=Line.PROCUREMENT,
            level=Level.MIDDLE,
            roles=[Role.BRIDGE],
            relation=Relation.KEY,
            personality=Personality.PEACOCK,
            introduced_by="p002",
            pain="要向上汇报采购进度，也要向下协调各部门，最怕项目卡在流程上。",
            next_step="邀请他参加公司组织的考察和年度客户活动。",
        ),
        Person(
            id="p006",
            name="采购副总",
            title="分管采购的副总经理",
            line=Line.PROCUREMENT,
            level=Level.SENIOR,
            roles=[Role.DECIDER],
            relation=Relation.NOT_CONTACTED,
            pain="希望项目平稳落地，不出审计和质量问题。",
            next_step="请采购组长找合适机会引荐，先递一份项目落地保障方案。",
        ),
        Person(
            id="p007",
            name="技术副总",
            title="分管生产技术的副总经理",
            line=Line.TECH,
            level=Level.SENIOR,
            roles=[Role.DECIDER],
            relation=Relation.NOT_CONTACTED,
            pain="重视技术创新，希望配网自动化水平在系统内排前列。",
            next_step="通过A主任邀请他出席技术交流会。",
        ),
        Person(
            id="p008",
            name="计划部某工",
            title="计划部项目专责",
            line=Line.PLANNING,
            level=Level.GRASSROOTS,
            relation=Relation.NOT_CONTACTED,
            pain="负责项目立项和资金计划，据说关心项目能否按期批复。",
            next_step="请毕工帮忙引荐，确认项目立项和资金批复进度。",
        ),
    ]


def example_sheet() -> VisitSheet:
    """The sheet a trainer shows as a model answer: every part filled, some gaps left honestly."""
    return VisitSheet(
        student="示例学员",
        customer="国网某省电力公司",
        project="配网自动化终端采购",
        visit_date=dt.date(2026, 11, 20),
        departments_visited=["运检部", "招采中心", "计划部"],
        why_meet=("我们去年在东北分部做过配网自动化试点，毕工听说终端运行稳定，想了解能不能解决他们现场掉线的问题。"),
        workflow_help="帮运检部减少现场运维工作量，帮招采中心把技术参数写清楚、评标更省心。",
        budget=Evidence(answer="今年配网自动化终端预算约 1200 万元。", source=Source.COACH),
        funding=Evidence(
            answer="资金来自年度配网改造专项，已批复下达，配套的主站改造也已立项。", source=Source.CUSTOMER
        ),
        funding_status=FundingStatus.IN_PLACE,
        authority=Evidence(answer="运检部提需求，招采中心组织招标，采购副总和技术副总会签定标。", source=Source.COACH),
        need=Evidence(
            answer="现有终端掉线率高、运维成本大，希望换成通信更可靠、能远程运维的终端。",
            source=Source.CUSTOMER,
        ),
        timeline=Evidence(answer="估计明年一季度挂网招标，二季度供货。", source=Source.MINE),
        people=_people(),
        competitors=[
            Competitor(
                name="某友商",
                clues=[CompetitorClue.DESK_CALENDAR, CompetitorClue.CORRIDOR],
                note="毕工桌上放着他们的台历；在电梯间碰到他们的销售，说是来做技术交流的。",
            )
        ],
        favoured_vendor="暂时看不出客户倾向哪家，友商跟技术线走得比较近。",
        signals=[StateSignal.JOINS_DESIGN, StateSignal.GRATEFUL, StateSignal.REFERS_UP],
        quality=ProjectQuality.HIGH,
        investment=Investment.ALL_IN,
        quality_reason="客户思路还没理清，愿意让我们参与方案设计并引荐领导；预算和资金基本落实。",
        suggestions="建议在技术规范里加入远程运维和通信冗余的要求，我们可以协助起草。",
        agreed_next_step="下周二到运检部做样机联调演示，毕工和A主任参加。",
        rapport_actions="给A主任带了兄弟省公司的论文资料；和招采中心某工约了午餐。",
        control_points=[
            ControlPointCheck(point=point, met=met, evidence=evidence)
            for point, (met, evidence) in _CONTROL_POINTS.items()
        ],
    )
