"""The completeness meter tells a student, in lesson order, what the sheet still lacks."""

import datetime as dt

import pytest

from worksheets.completeness import completeness
from worksheets.example import example_sheet
from worksheets.model import (
    Competitor,
    ControlPointCheck,
    Evidence,
    FundingStatus,
    Investment,
    Level,
    Line,
    Person,
    ProjectQuality,
    Relation,
    Role,
    Source,
    StateSignal,
    VisitSheet,
)


def _finished() -> VisitSheet:
    """The example after meeting a vice president and closing the last two control points."""
    sheet = example_sheet()
    people = [p.model_copy(update={"relation": Relation.INITIAL}) if p.id == "p006" else p for p in sheet.people]
    points = [ControlPointCheck(point=c.point, met=True, evidence=c.evidence or "有依据") for c in sheet.control_points]
    return sheet.model_copy(update={"people": people, "control_points": points})


def test_empty_sheet_is_zero_percent_and_starts_with_the_basics():
    result = completeness(VisitSheet())
    assert result.percent == 0
    assert result.done == []
    assert result.missing[:3] == ["基本信息：还没填学员姓名", "基本信息：还没填客户名称", "基本信息：还没填项目名称"]
    assert result.missing[-2:] == ["五个控制点还有 5 个未达成", "还有 5 个控制点没写依据"]


def test_empty_sheet_hints_do_not_repeat_themselves():
    missing = completeness(VisitSheet()).missing
    assert "BANT：预算还没有填写" in missing
    assert "BANT：预算还没有信息来源" not in missing  # no answer yet: one hint is enough
    assert "还没有记录决策链人员" in missing
    assert "采购线还没有接触" not in missing


def test_example_lacks_only_a_senior_contact_and_two_control_points():
    result = completeness(example_sheet())
    assert result.missing == ["还没有接触高层", "五个控制点还有 2 个未达成"]
    assert 0 < result.percent < 100


def test_finished_sheet_is_one_hundred_percent():
    result = completeness(_finished())
    assert (result.percent, result.missing) == (100, [])


def test_each_met_control_point_raises_the_percent():
    sheet = _finished()
    last = sheet.control_points[4]
    one_left = [*sheet.control_points[:4], ControlPointCheck(point=last.point, evidence=last.evidence)]
    partial = completeness(sheet.model_copy(update={"control_points": one_left}))
    assert partial.missing == ["五个控制点还有 1 个未达成"]
    assert completeness(example_sheet()).percent < partial.percent < 100


def test_answer_without_source_asks_for_the_source():
    sheet = example_sheet().model_copy(update={"budget": Evidence(answer="约 1200 万")})
    assert "BANT：预算还没有信息来源" in completeness(sheet).missing


def test_only_technical_contacts_are_flagged_in_lesson_order():
    sheet = VisitSheet(
        customer="某省电力公司",
        people=[
            Person(id="t001", name="毕工", line=Line.TECH, level=Level.GRASSROOTS, relation=Relation.GENERAL),
            Person(id="t002", name="A主任", line=Line.TECH, roles=[Role.INFLUENCER], relation=Relation.INITIAL),
        ],
    )
    missing = completeness(sheet).missing
    hints = ["还没有识别桥梁", "还没有教练", "采购线还没有接触", "只接触了技术线", "还没有接触高层"]
    assert [m for m in missing if m in hints] == hints
    assert missing[:3] == ["基本信息：还没填学员姓名", "基本信息：还没填项目名称", "基本信息：还没填拜访日期"]


def test_placeholders_count_as_recorded_but_not_as_contacted():
    sheet = VisitSheet(
        people=[Person(id="v001", name="采购副总", line=Line.PROCUREMENT, level=Level.SENIOR, roles=[Role.DECIDER])]
    )
    result = completeness(sheet)
    assert "决策者" in result.done
    assert {"采购线还没有接触", "决策链上还没有已接触的人", "还没有接触高层"} <= set(result.missing)


_POINT = VisitSheet().control_points[0].point
ONE_ITEM = {
    "学员姓名": {"student": "林晓雨"},
    "客户名称": {"customer": "江州市第一人民医院"},
    "项目名称": {"project": "排班系统"},
    "拜访日期": {"visit_date": dt.date(2026, 11, 20)},
    "走访过的部门": {"departments_visited": ["信息科"]},
    "为什么见你": {"why_meet": "想看看别的医院怎么排班"},
    "工作流程": {"workflow_help": "护理部每月排班"},
    "预算": {"budget": Evidence(answer="约 80 万")},
    "预算来源": {"budget": Evidence(source=Source.CUSTOMER)},
    "时间": {"timeline": Evidence(answer="明年一季度")},
    "资金状态": {"funding_status": next(f for f in FundingStatus if f is not FundingStatus.UNKNOWN)},
    "人员": {"people": [Person(id="h001", name="信息科王科长")]},
    "友商": {"competitors": [Competitor(name="友商甲")]},
    "倾向": {"favoured_vendor": "看不出"},
    "信号": {"signals": [StateSignal.JOINS_DESIGN]},
    "质量": {"quality": next(q for q in ProjectQuality if q is not ProjectQuality.UNJUDGED)},
    "投入": {"investment": next(i for i in Investment if i is not Investment.UNDECIDED)},
    "理由": {"quality_reason": "需求清楚"},
    "建议": {"suggestions": "先试点一个病区"},
    "下一步": {"agreed_next_step": "下周演示"},
    "客情": {"rapport_actions": "送排班小册子"},
    "控制点达成": {"control_points": [ControlPointCheck(point=_POINT, met=True), *VisitSheet().control_points[1:]]},
    "控制点依据": {
        "control_points": [ControlPointCheck(point=_POINT, evidence="王科长讲了流程"), *VisitSheet().control_points[1:]]
    },
}


@pytest.mark.parametrize("item", ONE_ITEM)
def test_every_filled_item_moves_the_meter_and_the_list(item):
    empty = completeness(VisitSheet())
    filled = completeness(VisitSheet.model_validate({**VisitSheet().model_dump(), **ONE_ITEM[item]}))
    assert filled.percent > empty.percent
    assert filled.missing != empty.missing


def test_customer_and_project_alone_are_not_zero_percent():
    result = completeness(VisitSheet(customer="江州市第一人民医院", project="排班系统"))
    assert result.percent > 0
    assert "基本信息：还没填客户名称" not in result.missing and "基本信息：还没填项目名称" not in result.missing


def test_pain_of_anyone_on_the_chain_counts():
    sheet = VisitSheet(people=[Person(id="h001", name="护理部主任")])
    with_pain = sheet.model_copy(update={"people": [sheet.people[0].model_copy(update={"pain": "排班靠手工"})]})
    assert completeness(with_pain).percent > completeness(sheet).percent
    assert "还没记下任何人的痛点与关注" in completeness(sheet).missing
