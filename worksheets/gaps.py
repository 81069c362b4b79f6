"""The holes in a student's decision chain (决策链) that the lesson tells them to fill next."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from worksheets.model import Level, Line, Person, Relation, Role, VisitSheet


class Gap(BaseModel):
    """One missing piece of the chain; `code` is stable for other modules, `message` is for the student."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    message: str


NO_PEOPLE = Gap(code="no_people", message="还没有记录任何人：先把见过的、听说的客户人员记下来。")
NO_BRIDGE = Gap(
    code="no_bridge",
    message="还没有识别桥梁：找出能下达执行、上达领导的人，常是采购组长。",
)
NO_COACH = Gap(
    code="no_coach",
    message="还没有教练：采购基层或技术中层往往合适，他能告诉你客户内部怎么决策。",
)
ONLY_TECH_LINE = Gap(
    code="only_tech_line",
    message="只接触了技术线：技术线定方案，采购线管流程和招采，两条线都要走。",
)
PROCUREMENT_NOT_MET = Gap(
    code="procurement_not_met",
    message="采购线还没有接触：招采流程和桥梁往往都在采购线上。",
)
NO_INFORMANT = Gap(
    code="no_informant",
    message="还没有关键线人：识别有价值的人，把他发展为关键线人。",
)


def contacted(person: Person) -> bool:
    """Only people you have actually met count for the chain."""
    return person.relation is not Relation.NOT_CONTACTED


def senior_without_parity(person: Person) -> Gap:
    return Gap(
        code="senior_without_parity",
        message=(
            f"高层“{person.name}”没有人引荐，也不是经桥梁接触的：直接找高层不符合责权对等，"
            "应通过桥梁引荐，或请我方领导出面对等拜访。"
        ),
    )


def chain_gaps(sheet: VisitSheet) -> list[Gap]:
    """Gaps in lesson order.

    `only_tech_line` already says procurement is not met, so `procurement_not_met` is only
    reported when `only_tech_line` is not. `senior_without_parity` is reported once per person.
    """
    people = sheet.people
    if not people:
        return [NO_PEOPLE]
    met = [p for p in people if contacted(p)]
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
    gaps.extend(
        senior_without_parity(p)
        for p in met
        if p.level is Level.SENIOR and p.introduced_by is None and Role.BRIDGE not in p.roles
    )
    if not any(Role.INFORMANT in p.roles for p in met):
        gaps.append(NO_INFORMANT)
    return gaps
