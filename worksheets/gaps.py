"""The holes in a student's decision chain (决策链) that the lesson tells them to fill next.

Every gap names the lesson section it comes from, so the student can read the reasoning again.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from worksheets.model import Level, Line, MetVia, Person, Role, VisitSheet

SectionId = str  # a lesson section id such as "s03-decision-chain" (course/content/s03-*.yaml)


def section_ref(section: SectionId) -> str:
    """“（见第 3 节）” for "s03-decision-chain": how a judgement points back to the lesson."""
    return f"（见第 {int(section[1:3])} 节）"


class Gap(BaseModel):
    """One missing piece of the chain; `code` is stable for other modules, `message` is for the student."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    message: str  # ends with the section reference
    section: SectionId = Field(pattern=r"^s\d\d-[a-z0-9-]+$")


def _gap(code: str, section: SectionId, text: str) -> Gap:
    return Gap(code=code, section=section, message=text.removesuffix("。") + section_ref(section))


DECISION_CHAIN = "s03-decision-chain"
HOOKS_AND_COACH = "s06-hooks-and-coach"
CONTROL_POINTS = "s10-control-points"

NO_PEOPLE = _gap("no_people", DECISION_CHAIN, "还没有记录任何人：先把见过的、听说的客户人员记下来。")
NO_BRIDGE = _gap("no_bridge", DECISION_CHAIN, "还没有识别桥梁：找出能下达执行、上达领导的人，常是采购组长。")
NO_COACH = _gap("no_coach", HOOKS_AND_COACH, "还没有教练：项目里普遍是采购基层或技术中层做教练，他给你指路。")
ONLY_TECH_LINE = _gap(
    "only_tech_line", DECISION_CHAIN, "只接触了技术线：技术线定方案，采购线管流程和招采，两条线都要走。"
)
PROCUREMENT_NOT_MET = _gap("procurement_not_met", DECISION_CHAIN, "采购线还没有接触：招采流程和桥梁往往都在采购线上。")
NO_INFORMANT = _gap(
    "no_informant", CONTROL_POINTS, "还没有关键线人：识别有价值的人，把他发展为关键线人，多半是采购基层。"
)

# How a senior may rightly be met (第 3 节): the trainer's routes, and his exception — familiarity and liking
# already at work (introduced by a customer, classmates, alumni).
PARITY_ROUTES = frozenset(
    {MetVia.BRIDGE_REFERRAL, MetVia.SITE_VISIT, MetVia.PARTNERSHIP, MetVia.BANQUET, MetVia.OUR_LEADER}
)
FAMILIAR = frozenset({MetVia.CUSTOMER_REFERRAL, MetVia.ACQUAINTANCE})


def senior_without_parity(person: Person) -> Gap:
    """A senior we walked in on ourselves: fine for talking business, but his 莽撞 is forcing private activities."""
    return _gap(
        "senior_without_parity",
        DECISION_CHAIN,
        f"高层“{person.name}”是直接上门接触的，没有人引荐。谈项目可以（已锁定的项目正要自上而下找副总），"
        "但别一上来就硬约吃饭、唱歌这类私密活动：你和他责权不对等，他花一晚上陪你收获太少，这是讲师说的莽撞。"
        "优先借考察、企业合作、饭局接触，或请我方领导出面；除非熟悉和喜爱原则已经生效（客户引荐、同学校友）。",
    )


def senior_met_how_unknown(person: Person) -> Gap:
    """A senior met with no introducer and no record of how: ask, do not accuse."""
    return _gap(
        "senior_met_how_unknown",
        DECISION_CHAIN,
        f"高层“{person.name}”没有记录引荐人，也没记下是怎么认识的：请在“结识途径”里选一项。"
        "客户引荐、同学校友等熟人，说明熟悉和喜爱原则已经生效；考察、企业合作、饭局、我方领导出面都是合适的路；"
        "自己上门就硬约高层的私密活动，才不符合责权对等。",
    )


def senior_gap(person: Person) -> Gap | None:
    """The gap for one met senior, or None when he was met the way the lesson allows."""
    if person.level is not Level.SENIOR or not person.contacted or Role.BRIDGE in person.roles:
        return None
    if person.introduced_by is not None or person.met_via in PARITY_ROUTES | FAMILIAR:
        return None
    return senior_without_parity(person) if person.met_via is MetVia.DIRECT else senior_met_how_unknown(person)


def chain_gaps(sheet: VisitSheet) -> list[Gap]:
    """Gaps in lesson order.

    `only_tech_line` already says procurement is not met, so `procurement_not_met` is only
    reported when `only_tech_line` is not. A senior gap is reported once per person.
    """
    people = sheet.people
    if not people:
        return [NO_PEOPLE]
    met = [p for p in people if p.contacted]
    gaps: list[Gap] = []
    if not any(Role.BRIDGE in p.roles for p in people):
        gaps.append(NO_BRIDGE)
    if not any(Role.COACH in p.roles for p in met):
        gaps.append(NO_COACH)
    met_lines = {p.line for p in met}
    if met_lines == {Line.TECH}:
        gaps.append(ONLY_TECH_LINE)
    elif Line.PROCUREMENT not in met_lines:
        gaps.append(PROCUREMENT_NOT_MET)
    gaps.extend(gap for p in met if (gap := senior_gap(p)))
    if not any(Role.INFORMANT in p.roles for p in met):
        gaps.append(NO_INFORMANT)
    return gaps
