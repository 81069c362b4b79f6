"""The completeness meter tells a student, in lesson order, what the sheet still lacks."""

from worksheets.completeness import completeness
from worksheets.example import example_sheet
from worksheets.model import (
    ControlPointCheck,
    Evidence,
    Level,
    Line,
    Person,
    Relation,
    Role,
    VisitSheet,
)


def _finished() -> VisitSheet:
    """The example after meeting a vice president and closing the last two control points."""
    sheet = example_sheet()
    people = [p.model_copy(update={"relation": Relation.INITIAL}) if p.id == "p006" else p for p in sheet.people]
    points = [ControlPointCheck(point=c.point, met=True, evidence=c.evidence) for c in sheet.control_points]
    return sheet.model_copy(update={"people": people, "control_points": points})


def test_empty_sheet_is_zero_percent_and_starts_with_the_basics():
    result = completeness(VisitSheet())
    assert result.percent == 0
    assert result.done == []
    assert result.missing[:2] == ["基本信息还没填：客户名称、项目名称、拜访日期", "还没写客户为什么愿意见你"]
    assert result.missing[-1] == "五个控制点还有 5 个未达成"


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
    one_left = [*sheet.control_points[:4], ControlPointCheck(point=sheet.control_points[4].point)]
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
    assert missing[0] == "基本信息还没填：项目名称、拜访日期"


def test_placeholders_count_as_recorded_but_not_as_contacted():
    sheet = VisitSheet(
        people=[Person(id="v001", name="采购副总", line=Line.PROCUREMENT, level=Level.SENIOR, roles=[Role.DECIDER])]
    )
    result = completeness(sheet)
    assert "决策者" in result.done
    assert {"采购线还没有接触", "决策链上还没有已接触的人", "还没有接触高层"} <= set(result.missing)
