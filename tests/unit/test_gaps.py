"""chain_gaps: each gap appears exactly when the lesson says it should, in lesson order."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from course.loader import load_course
from worksheets.gaps import NO_PEOPLE, Gap, chain_gaps, senior_met_how_unknown, senior_without_parity
from worksheets.model import Level, Line, MetVia, Person, Relation, Role, VisitSheet


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
    assert gaps == [
        Gap(
            code="no_people",
            section="s03-decision-chain",
            message="还没有记录任何人：先把见过的、听说的客户人员记下来（见第 3 节）",
        )
    ]


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
    assert [g.message for g in gaps] == ["还没有识别桥梁：找出能下达执行、上达领导的人，常是采购组长（见第 3 节）"]


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
    boss = person("boss", name="技术副总", level=Level.SENIOR, relation=Relation.SENIOR, met_via=MetVia.DIRECT)
    gaps = chain_gaps(VisitSheet(people=[BRIDGE, COACH, INFORMANT, boss]))
    assert gaps == [senior_without_parity(boss)]
    assert gaps[0].code == "senior_without_parity"
    # Talking business with a senior is right (a locked project's play); his 莽撞 is forcing private activities.
    assert gaps[0].message.startswith("高层“技术副总”是直接上门接触的，没有人引荐。谈项目可以")
    assert "别一上来就硬约吃饭、唱歌这类私密活动：你和他责权不对等" in gaps[0].message
    assert gaps[0].message.endswith("（见第 3 节）")


def test_senior_met_how_unknown_asks_instead_of_accusing():
    boss = person("boss", name="技术副总", level=Level.SENIOR, relation=Relation.SENIOR)
    gaps = chain_gaps(VisitSheet(people=[BRIDGE, COACH, INFORMANT, boss]))
    assert gaps == [senior_met_how_unknown(boss)]
    assert "请在“结识途径”里选一项" in gaps[0].message
    assert "不符合责权对等" in gaps[0].message  # says which route would be the mistake, without calling this one


@pytest.mark.parametrize(
    "route",
    [
        MetVia.ACQUAINTANCE,  # classmates, alumni: 熟悉和喜爱原则 already at work
        MetVia.CUSTOMER_REFERRAL,
        MetVia.BRIDGE_REFERRAL,
        MetVia.SITE_VISIT,
        MetVia.PARTNERSHIP,
        MetVia.BANQUET,
        MetVia.OUR_LEADER,
    ],
)
def test_senior_met_the_way_the_trainer_allows_is_no_mistake(route):
    boss = person("boss", level=Level.SENIOR, relation=Relation.SENIOR, met_via=route)
    assert codes(BRIDGE, COACH, INFORMANT, boss) == []


def test_senior_introduced_by_someone_is_fine_even_if_marked_direct():
    boss = person("boss", level=Level.SENIOR, relation=Relation.SENIOR, introduced_by="coac", met_via=MetVia.DIRECT)
    assert codes(BRIDGE, COACH, INFORMANT, boss) == []


def test_senior_introduced_by_bridge_is_fine():
    boss = person("boss", level=Level.SENIOR, relation=Relation.SENIOR, introduced_by="brid")
    assert codes(BRIDGE, COACH, INFORMANT, boss) == []


def test_senior_placeholder_is_fine():
    boss = person("boss", level=Level.SENIOR)
    assert codes(BRIDGE, COACH, INFORMANT, boss) == []


def test_one_parity_gap_per_senior_before_informant():
    a = person("boss", level=Level.SENIOR, relation=Relation.INITIAL, line=Line.PROCUREMENT)
    b = person("bosb", level=Level.SENIOR, relation=Relation.SENIOR)
    assert codes(BRIDGE, COACH, a, b) == ["senior_met_how_unknown", "senior_met_how_unknown", "no_informant"]


def test_gap_is_frozen():
    gap = chain_gaps(VisitSheet())[0]
    with pytest.raises(ValidationError):
        gap.code = "x"


# gap code -> (people for which it is reported, people for which it is not)
GAP_CASES = {
    "no_people": ((), (COACH,)),
    "no_bridge": ((COACH, INFORMANT), (BRIDGE, COACH, INFORMANT)),
    "no_coach": ((BRIDGE, INFORMANT), (BRIDGE, COACH, INFORMANT)),
    "only_tech_line": ((INFORMANT,), (INFORMANT, COACH)),
    "procurement_not_met": ((person("plan", line=Line.PLANNING, relation=Relation.KEY),), (COACH,)),
    "senior_without_parity": (
        (BRIDGE, person("boss", level=Level.SENIOR, relation=Relation.SENIOR, met_via=MetVia.DIRECT)),
        (BRIDGE, person("boss", level=Level.SENIOR, relation=Relation.SENIOR, met_via=MetVia.ACQUAINTANCE)),
    ),
    "senior_met_how_unknown": (
        (BRIDGE, person("boss", level=Level.SENIOR, relation=Relation.SENIOR)),
        (BRIDGE, person("boss", level=Level.SENIOR, relation=Relation.SENIOR, met_via=MetVia.SITE_VISIT)),
    ),
    "no_informant": ((BRIDGE, COACH), (BRIDGE, COACH, INFORMANT)),
}


@pytest.mark.parametrize("code", list(GAP_CASES))
def test_each_gap_is_reported_in_one_case_and_not_in_another(code):
    reported, quiet = GAP_CASES[code]
    assert code in codes(*reported)
    assert code not in codes(*quiet)


@pytest.mark.parametrize("code", list(GAP_CASES))
def test_each_gap_names_a_lesson_section_that_exists(code):
    reported, _ = GAP_CASES[code]
    gap = next(g for g in chain_gaps(VisitSheet(people=list(reported))) if g.code == code)
    section = next(s for s in load_course().sections if s.id == gap.section)
    assert gap.message.endswith(f"（见第 {section.order} 节）")
    assert NO_PEOPLE.section == "s03-decision-chain"
