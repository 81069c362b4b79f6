"""The worked example is the model answer trainers show: it must be complete, valid and tell the lesson's case."""

from worksheets.diagnosis import diagnose
from worksheets.example import example_sheet
from worksheets.model import (
    CompetitorClue,
    Investment,
    Level,
    Line,
    Personality,
    ProjectQuality,
    Relation,
    Role,
    Source,
    StateSignal,
    VisitSheet,
)


def _by_name(name: str):
    return next(p for p in example_sheet().people if p.name == name)


def test_example_survives_a_json_round_trip():
    sheet = example_sheet()
    assert VisitSheet.model_validate_json(sheet.model_dump_json()) == sheet


def test_example_people_have_stable_ids_in_order():
    assert [p.id for p in example_sheet().people] == [f"p00{n}" for n in range(1, 9)]


def test_bi_gong_is_the_grassroots_tech_user_who_opens_doors():
    bi = _by_name("毕工")
    assert (bi.line, bi.level, bi.roles) == (Line.TECH, Level.GRASSROOTS, [Role.USER])
    introduced = {p.name for p in example_sheet().people if p.introduced_by == bi.id}
    assert introduced == {"招采中心某工", "A主任"}


def test_procurement_clerk_is_informant_and_coach_and_a_peacock():
    clerk = _by_name("招采中心某工")
    assert (clerk.line, clerk.personality) == (Line.PROCUREMENT, Personality.PEACOCK)
    assert set(clerk.roles) == {Role.INFORMANT, Role.COACH}
    assert "商务条款" in clerk.pain


def test_procurement_team_lead_is_the_bridge_with_a_key_relation():
    lead = _by_name("采购组长")
    assert (lead.roles, lead.relation, lead.introduced_by) == ([Role.BRIDGE], Relation.KEY, "p002")
    assert "考察" in lead.next_step


def test_both_vice_presidents_are_decider_placeholders_not_met_yet():
    for name in ("采购副总", "技术副总"):
        vp = _by_name(name)
        assert (vp.level, vp.roles, vp.placeholder) == (Level.SENIOR, [Role.DECIDER], True)


def test_bant_answers_all_cite_a_source_and_mix_kinds():
    sheet = example_sheet()
    evidence = [sheet.budget, sheet.funding, sheet.authority, sheet.need, sheet.timeline]
    assert all(e.answer and e.source for e in evidence)
    assert {e.source for e in evidence} == set(Source)


def test_state_quality_competitor_and_control_points_tell_the_shaping_case():
    sheet = example_sheet()
    assert sheet.signals == [StateSignal.JOINS_DESIGN, StateSignal.GRATEFUL, StateSignal.REFERS_UP]
    assert (sheet.quality, sheet.investment) == (ProjectQuality.HIGH, Investment.ALL_IN)
    assert sheet.competitors[0].clues == [CompetitorClue.DESK_CALENDAR, CompetitorClue.CORRIDOR]
    met = [c.met for c in sheet.control_points]
    assert True in met and False in met
    assert all(c.evidence for c in sheet.control_points)


def test_each_call_returns_a_fresh_sheet():
    first = example_sheet()
    first.people[0].name = "改过的名字"
    assert example_sheet().people[0].name == "毕工"


def test_system_reads_the_example_as_the_shaping_state():
    assert diagnose(example_sheet()).state == "shaping"


def test_how_each_person_was_met_survives_csv_and_excel():
    """结识途径 is the last people column: written and read back by both file kinds."""
    from worksheets import from_csv, from_xlsx, to_csv, to_xlsx
    from worksheets.fields import PEOPLE_HEADER
    from worksheets.model import MetVia

    sheet = example_sheet()
    sheet.people[2] = sheet.people[2].model_copy(update={"met_via": MetVia.ACQUAINTANCE})
    assert PEOPLE_HEADER[-1] == "结识途径"
    for back in (from_csv(to_csv(sheet)), from_xlsx(to_xlsx(sheet))):
        assert [p.met_via for p in back.people] == [p.met_via for p in sheet.people]
        assert back.people[0].met_via is MetVia.DIRECT


def test_no_automatic_warning_says_a_rival_is_ahead_when_the_example_cannot_tell():
    found = diagnose(example_sheet())
    assert "看不出" in example_sheet().favoured_vendor
    assert not any("走在前面" in flag for flag in found.red_flags)
