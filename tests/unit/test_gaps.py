"""chain_gaps: each gap appears exactly when the lesson says it should, in lesson order."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from worksheets.gaps import Gap, chain_gaps
from worksheets.model import Level, Line, Person, Relation, Role, VisitSheet


def person(pid: str, **kw) -> Person:
    kw.setdefault("name", pid)
    return Person(id=pid, **kw)


def codes(*people: Person) -> list[str]:
    return [g.code for g in chain_gaps(VisitSheet(people=list(people)))]


BRIDGE = person("brid", line=Line.PROCUREMENT, level=Level.MIDDLE, roles=[Role.BRIDGE], relation=Relation.KEY)
COACH = person("coac", line=Line.PROCUREMENT, roles=[Role.COACH], relation=Relation.GENERAL)
INFORMANT = person("info", line=Line.TECH, roles=[Role.INFORMANT], relation=Relation.GENERAL)


def test_empty_sheet_has_only_no_people():
    gaps = chain_gaps(VisitSheet())
    assert gaps == [Gap(code="no_people", message="还没有记录任何人：先把见过的、听说的客户人员记下来。")]


def test_complete_chain_has_no_gaps():
    assert codes(BRIDGE, COACH, INFORMANT) == []


def test_one_tech_grassroots_person_has_all_gaps_in_order():
    assert codes(person("bigo", relation=Relation.INITIAL)) == [
        "no_bridge",
        "no_coach",
        "only_tech_line",
        "no_informant",
    ]


def test_bridge_message_names_the_purchasing_lead():
    gaps = chain_gaps(VisitSheet(people=[COACH, INFORMANT]))
    assert [g.message for g in gaps] == ["还没有识别桥梁：找出能下达执行、上达领导的人，常是采购组长。"]


def test_bridge_counts_when_only_identified_not_met():
    placeholder = BRIDGE.model_copy(update={"relation": Relation.NOT_CONTACTED})
    assert "no_bridge" not in codes(placeholder, COACH, INFORMANT)


def test_coach_not_met_does_not_count():
    not_met = COACH.model_copy(update={"relation": Relation.NOT_CONTACTED})
    assert codes(BRIDGE, not_met, INFORMANT) == ["no_coach"]


def test_informant_not_met_does_not_count():
    not_met = INFORMANT.model_copy(update={"relation": Relation.NOT_CONTACTED})
    assert codes(BRIDGE, COACH, not_met) == ["no_informant"]


def test_placeholder_procurement_person_does_not_count_as_contact():
    tech = person("tech", roles=[Role.COACH, Role.INFORMANT], relation=Relation.GENERAL)
    proc = person("proc", line=Line.PROCUREMENT, roles=[Role.BRIDGE])
    assert codes(tech, proc) == ["only_tech_line"]


def test_procurement_not_met_when_other_lines_met():
    planner = person("plan", line=Line.PLANNING, roles=[Role.BRIDGE, Role.COACH, Role.INFORMANT], relation=Relation.KEY)
    tech = person("tech", relation=Relation.INITIAL)
    assert codes(planner, tech) == ["procurement_not_met"]


def test_nobody_contacted_reports_procurement_not_met():
    assert codes(person("bigo")) == ["no_bridge", "no_coach", "procurement_not_met", "no_informant"]


def test_senior_met_directly_names_the_person():
    boss = person("boss", name="技术副总", level=Level.SENIOR, relation=Relation.SENIOR)
    gaps = chain_gaps(VisitSheet(people=[BRIDGE, COACH, INFORMANT, boss]))
    assert gaps == [
        Gap(
            code="senior_without_parity",
            message="高层“技术副总”没有人引荐，也不是经桥梁接触的：直接找高层不符合责权对等，"
            "应通过桥梁引荐，或请我方领导出面对等拜访。",
        )
    ]


def test_senior_introduced_by_bridge_is_fine():
    boss = person("boss", level=Level.SENIOR, relation=Relation.SENIOR, introduced_by="brid")
    assert codes(BRIDGE, COACH, INFORMANT, boss) == []


def test_senior_placeholder_is_fine():
    boss = person("boss", level=Level.SENIOR)
    assert codes(BRIDGE, COACH, INFORMANT, boss) == []


def test_one_parity_gap_per_senior_before_informant():
    a = person("boss", level=Level.SENIOR, relation=Relation.INITIAL, line=Line.PROCUREMENT)
    b = person("bosb", level=Level.SENIOR, relation=Relation.SENIOR)
    assert codes(BRIDGE, COACH, a, b) == ["senior_without_parity", "senior_without_parity", "no_informant"]


def test_gap_is_frozen():
    gap = chain_gaps(VisitSheet())[0]
    with pytest.raises(ValidationError):
        gap.code = "x"
